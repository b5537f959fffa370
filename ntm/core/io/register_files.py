"""Reading the reference data files shipped in ``ntm/registers/`` (the legal bases, the
recognition workflows and rules): YAML, a mapping, valid against its JSON Schema in
``ntm/core/schemas/``, every problem a :class:`~ntm.core.exceptions.CatalogError` that
names the file and the field."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from ntm.core.exceptions import CatalogError, InputError, Location
from ntm.core.i18n import _
from ntm.core.io.schema_errors import schema_message
from ntm.core.yamlio import load_yaml

__all__ = ["load_checked", "shipped_text"]

#: Where a schema violation sits: the data, the path to the bad value, the file.
Locator = Callable[[dict[str, Any], Sequence[Any], str], Location]


def _dotted(data: dict[str, Any], path: Sequence[Any], file: str) -> Location:
    return Location(file=file, field=".".join(str(step) for step in path) or None)


@cache
def _validator(schema: str) -> jsonschema.protocols.Validator:
    text = resources.files("ntm.core").joinpath("schemas").joinpath(schema)
    return jsonschema.Draft202012Validator(json.loads(text.read_text("utf-8")))


def load_checked(text: str, *, file: str, schema: str, locate: Locator = _dotted) -> dict[str, Any]:
    """The YAML ``text`` of ``file`` as a mapping valid against ``ntm/core/schemas/<schema>``.

    Raises:
        CatalogError: the YAML is invalid, is not a mapping, or breaks the schema (the
            first violation jsonschema ranks best, located by ``locate``: by default the
            dotted path of the bad value).
    """
    try:
        data = load_yaml(text, file=file)
    except InputError as error:
        raise CatalogError(error.message, error.location) from None
    if not isinstance(data, dict):
        raise CatalogError(_("a catalog file must hold a mapping"), Location(file=file))
    errors = sorted(
        _validator(schema).iter_errors(data), key=lambda error: list(error.absolute_path)
    )
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        assert best is not None
        raise CatalogError(schema_message(best), locate(data, list(best.absolute_path), file))
    return data


def shipped_text(name: str) -> str:
    """The text of a file shipped in ``ntm/registers/``."""
    return resources.files("ntm").joinpath("registers").joinpath(name).read_text("utf-8")
