"""A plan in YAML (``schema: ntm-plan/1``, see ``ntm/core/schemas/plan.json``), read together
with the review it names.

The plan file holds the officer's decisions and the document's facts; the review file (a
path relative to the plan) holds the readings. :func:`read_plan` reads both, evaluates the
review, checks the plan against it (:func:`ntm.core.plan.check_plan`) and checks the
plan's legal bases against the registry (:class:`ntm.core.legal.LegalRegistry`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from ntm.core.catalog import Level
from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _
from ntm.core.io.os_errors import os_reason
from ntm.core.io.review_files import read_review
from ntm.core.io.schema_errors import json_path, schema_message
from ntm.core.legal import Citation, LegalRegistry
from ntm.core.plan import (
    Assignment,
    IssuingBody,
    PartialDate,
    Plan,
    Position,
    PositionRole,
    Signature,
    SigningMode,
    Target,
    check_plan,
)
from ntm.core.registry import Catalog
from ntm.core.rules.evaluation import evaluate_review
from ntm.core.rules.results import ReviewResult
from ntm.core.yamlio import load_yaml

__all__ = ["LoadedPlan", "parse_plan", "read_plan"]


@dataclass(frozen=True)
class LoadedPlan:
    """A plan with its evaluated review and the warnings found on the way (in the active
    language): criteria targeted but undecided, citations that differ from the registry."""

    plan: Plan
    review: ReviewResult
    warnings: tuple[str, ...]


@cache
def _validator() -> jsonschema.protocols.Validator:
    text = resources.files("ntm.core").joinpath("schemas/plan.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def read_plan(path: str, *, catalog: Catalog, registry: LegalRegistry | None = None) -> LoadedPlan:
    """Read a plan file and the review it names, and check one against the other.

    Raises:
        InputError: the plan or its review cannot be read or is wrong; the message names
            the file and the field (``targets[1].criterion``, ``assignments[3].deadline``).
    """
    try:
        text = Path(path).read_text("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            _("not UTF-8 text (byte {byte})").format(byte=error.start + 1), Location(file=path)
        ) from None
    except OSError as error:
        raise InputError(
            _("cannot read the file: {reason}").format(reason=os_reason(error)), Location(file=path)
        ) from None
    data = _load(text, name=path)
    review_path = Path(path).parent / data["review"]
    where = Location(file=path, field="review")
    if review_path.suffix.lower() == ".csv":
        raise InputError(
            _(
                "a plan's review must be a YAML or XLSX review, which name their set and year; "
                "turn the CSV into one with: ntm review {file} --set CODE --year YEAR "
                "--format xlsx -o review.xlsx"
            ).format(file=data["review"]),
            where,
        )
    if not review_path.is_file():
        reason = (
            _("it is a folder, not a file") if review_path.is_dir() else _("no such file or folder")
        )
        raise InputError(
            _("cannot read the review {file}: {reason}").format(file=data["review"], reason=reason),
            where,
        )
    review_input, criteria_set = read_review(str(review_path), catalog=catalog)
    result = evaluate_review(
        review_input, criteria_set, model_set=catalog.model_set_for(criteria_set)
    )
    plan = parse_plan(data, name=path, level=criteria_set.level, year=review_input.year)
    plan = replace(plan, review=str(review_path), commune=review_input.commune.name)
    warnings = list(check_plan(plan, result))
    registry = registry or LegalRegistry.shipped()
    for citation in plan.legal_bases:
        warnings.extend(warning.message for warning in registry.check(citation))
    return LoadedPlan(plan=plan, review=result, warnings=tuple(warnings))


def _load(text: str, *, name: str) -> dict[str, Any]:
    data = load_yaml(text, file=name)
    if not isinstance(data, dict):
        raise InputError(_("a plan file must hold a mapping"), Location(file=name))
    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        path = list(error.absolute_path)
        raise InputError(schema_message(error), Location(file=name, field=json_path(path) or None))
    return data


def parse_plan(data: dict[str, Any], *, name: str, level: Level, year: int) -> Plan:
    """Build a :class:`Plan` from a schema-valid mapping; ``year`` and ``level`` are the
    review's and its criteria set's.

    Raises:
        InputError: a date that does not exist or is not a date, a document year other
            than the review's (or the year before), a document number that is not a
            number, two positions with one code, a cited document dated after the plan.
    """
    where = Location(file=name)
    document = data["document"]
    date = PartialDate.parse(document["date"], location=where.with_(field="document.date"))
    if date.year not in (year - 1, year):
        # A plan for the review's year is signed that year or at the end of the year before.
        raise InputError(
            _(
                "the plan is dated {plan_year} but its review is for {review_year}: "
                "a plan is dated in its year or the year before"
            ).format(plan_year=date.year, review_year=year),
            where.with_(field="document.date"),
        )
    number = document.get("number")
    body = data["issuing_body"]
    signature = data["signature"]
    positions = []
    codes: set[str] = set()
    for index, item in enumerate(data.get("positions", ())):
        if item["code"] in codes:
            raise InputError(
                _("position '{code}' is defined twice").format(code=item["code"]),
                where.with_(field=f"positions[{index}].code"),
            )
        codes.add(item["code"])
        positions.append(
            Position(
                code=item["code"],
                label=item["label"],
                role=PositionRole(item["role"]),
                holder=item.get("holder", ""),
            )
        )
    mode = SigningMode(signature.get("mode", "direct"))
    if mode is SigningMode.KT and not signature.get("title"):
        raise InputError(
            _(
                "a deputy signing for the head (KT.) needs the signer's own title, "
                "e.g. PHÓ CHỦ TỊCH"
            ),
            where.with_(field="signature.title"),
        )
    return Plan(
        commune="",
        year=year,
        place=document["place"],
        date=date,
        number=_number(number, where.with_(field="document.number")),
        issuing_body=IssuingBody(
            name=body["name"],
            unit=body["unit"],
            abbreviation=body["abbreviation"],
            parent=body.get("parent"),
        ),
        subject=data["subject"],
        level=level,
        signature=Signature(
            head_title=signature["head_title"],
            mode=mode,
            title=signature.get("title"),
            on_behalf_of=signature.get("on_behalf_of"),
            name=signature.get("name", ""),
        ),
        legal_bases=tuple(
            _citation(item, where.with_(field=f"legal_bases[{index}]"), before=date)
            for index, item in enumerate(data.get("legal_bases", ()))
        ),
        preamble=data.get("preamble", ""),
        purposes=tuple(data.get("purposes", ())),
        requirements=tuple(data.get("requirements", ())),
        general_tasks=tuple(data.get("general_tasks", ())),
        solutions=tuple(data.get("solutions", ())),
        targets=tuple(
            Target(
                criterion=item["criterion"],
                level=level,
                measures=tuple(item.get("measures", ())),
                location=where.with_(field=f"targets[{index}]"),
            )
            for index, item in enumerate(data.get("targets", ()))
        ),
        positions=tuple(positions),
        assignments=tuple(
            _assignment(item, where.with_(field=f"assignments[{index}]"))
            for index, item in enumerate(data.get("assignments", ()))
        ),
        # NĐ 30/2020: every document is filed ("Lưu: VT"), whoever else receives it.
        recipients=tuple(data.get("recipients", ("Lưu: VT",))),
        file=name,
    )


def _number(value: str | int | None, where: Location) -> str | None:
    """The document number, or ``None`` to leave it blank; NĐ 30/2020 (Phụ lục I, II.4):
    a number from 01, numbers below 10 with a leading zero ("05"); the symbol ("KH-UBND")
    is added by the document.

    Raises:
        InputError: anything but a whole number from 1.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise InputError(
            _(
                "'{text}' is not a document number: write the number only (e.g. 05); "
                "the symbol /KH-UBND is added"
            ).format(text=text),
            where,
        )
    return f"{int(text):02d}"


def _citation(item: dict[str, Any], where: Location, *, before: PartialDate) -> Citation:
    date = item.get("date")
    parsed = (
        None
        if date is None
        else PartialDate.parse(date, location=where.with_(field=f"{where.field}.date"))
    )
    if parsed is not None and not parsed.complete:
        raise InputError(
            _("a cited document's date needs day, month and year: '{text}'").format(text=date),
            where.with_(field=f"{where.field}.date"),
        )
    if parsed is not None and parsed.earliest() > before.latest():
        raise InputError(
            _("the cited document is dated {cited}, after the plan ({date})").format(
                cited=parsed.spelled(), date=before.spelled()
            ),
            where.with_(field=f"{where.field}.date"),
        )
    return Citation(
        kind=item["kind"],
        number=item["number"],
        date=None if parsed is None else parsed.earliest(),
        issuer=item.get("issuer", ""),
        title=item.get("title", ""),
        location=where,
    )


def _assignment(item: dict[str, Any], where: Location) -> Assignment:
    deadline = item.get("deadline")
    return Assignment(
        position=item["position"],
        tasks=tuple(item.get("tasks", ())),
        criteria=tuple(item.get("criteria", ())),
        deadline=None
        if deadline is None
        else PartialDate.parse(deadline, location=where.with_(field=f"{where.field}.deadline")),
        location=where,
    )
