"""A review in YAML (``schema: ntm-review/1``, see ``ntm/core/schemas/review.json``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from ntm.core.catalog import CriteriaSet, Level
from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _
from ntm.core.io.review_cells import (
    ReviewDefaults,
    build_reading,
    check_commune_code,
    check_region,
    check_year,
    resolve_criteria_set,
)
from ntm.core.io.schema_errors import json_path, schema_message
from ntm.core.registry import Catalog
from ntm.core.review import Claim, Commune, HeldRecognition, ReviewInput
from ntm.core.yamlio import load_yaml

__all__ = ["read_yaml_review"]


@cache
def _validator() -> jsonschema.protocols.Validator:
    text = resources.files("ntm.core").joinpath("schemas/review.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def read_yaml_review(
    text: str, *, name: str, catalog: Catalog, defaults: ReviewDefaults
) -> tuple[ReviewInput, CriteriaSet]:
    """Read a YAML review; ``defaults`` (the command line) override the file.

    Raises:
        InputError: invalid YAML, a schema violation (the message names the field, e.g.
            ``readings[3].value``), an unknown set or indicator, a bad value.
    """
    data = load_yaml(text, file=name)
    if not isinstance(data, dict):
        raise InputError(_("a review file must hold a mapping"), Location(file=name))
    _validate(data, name)
    commune_data = data["commune"]
    where = Location(file=name)
    region = defaults.region or commune_data.get("region")
    code = defaults.commune_code or commune_data.get("code")
    commune = Commune(
        name=commune_data["name"],
        code=None if code is None else check_commune_code(code, where.with_(field="commune.code")),
        province=commune_data.get("province", ""),
        region=None if region is None else check_region(region, where.with_(field="region")),
        commune_group=defaults.commune_group or commune_data.get("commune_group"),
    )
    year = check_year(defaults.year or data["year"], where.with_(field="year"))
    criteria_set = resolve_criteria_set(
        catalog, defaults.criteria_set or data["criteria_set"], where.with_(field="criteria_set")
    )
    model_set = catalog.model_set_for(criteria_set)
    readings = []
    for index, item in enumerate(data["readings"]):
        at_reading = where.with_(field=f"readings[{index}]")
        indicator = item.get("indicator")
        readings.append(
            build_reading(
                criteria_set,
                model_set,
                indicator=None if indicator is None else str(indicator),
                criterion=item.get("criterion"),
                cells={key: value for key, value in item.items() if key != "indicator"},
                where=at_reading,
                at=_field_at(at_reading),
            )
        )
    recognitions = (
        tuple(
            HeldRecognition(
                level=Level(item["level"]),
                year=item.get("year"),
                decision=item.get("decision", ""),
                source=item.get("source", ""),
            )
            for item in data.get("recognitions", ())
        )
        + defaults.recognitions
    )
    claim_data = data.get("claim")
    claim = (
        None
        if claim_data is None
        else Claim(
            criteria_met=claim_data.get("criteria_met"),
            level=None if "level" not in claim_data else Level(claim_data["level"]),
            source=claim_data.get("source", ""),
        )
    )
    review = ReviewInput(
        commune=commune,
        year=year,
        criteria_set=criteria_set.code,
        readings=tuple(readings),
        recognitions=recognitions,
        claim=claim,
        title=data.get("title", ""),
        source=data.get("source", ""),
        file=name,
    )
    return review, criteria_set


def _validate(data: dict[str, Any], name: str) -> None:
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is None:
        return
    path = list(error.absolute_path)
    where = Location(file=name, field=json_path(path) or None)
    if len(path) >= 2 and path[0] == "readings" and isinstance(path[1], int):
        item = data["readings"][path[1]]
        code = item.get("indicator") if isinstance(item, dict) else None
        where = where.with_(indicator=None if code is None else str(code))
    if error.validator == "anyOf" and path and path[0] == "readings":
        message = _("a reading needs an 'indicator' (e.g. \"14.1\") or a 'criterion' (e.g. 9)")
    else:
        message = schema_message(error)
    raise InputError(message, where)


def _field_at(where: Location) -> Callable[[str], Location]:
    def at(key: str) -> Location:
        return where.with_(field=f"{where.field}.{key}")

    return at
