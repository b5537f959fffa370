"""Messages for JSON Schema violations of ntm's input files, in the active language.

jsonschema writes its messages in English; the ones ntm's schemas can produce are
rewritten here (in English exactly as jsonschema words them, or as ntm always reworded
them) so that they can be translated. Any other keeps jsonschema's English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import jsonschema

from ntm.core.i18n import _

__all__ = ["json_path", "schema_message"]

#: jsonschema's "Additional properties are not allowed ('a', 'b' were unexpected)".
_UNEXPECTED = re.compile(r"\((?P<fields>.*) (?P<verb>was|were) unexpected\)$")
_REQUIRED_SUFFIX = " is a required property"


def schema_message(error: jsonschema.exceptions.ValidationError) -> str:
    """The message for one schema violation, in the active language."""
    message = error.message
    validator = error.validator
    value = repr(error.instance)
    if validator == "additionalProperties":
        match = _UNEXPECTED.search(message)
        if match is None:  # pragma: no cover - jsonschema's wording changed
            return _("unknown field: {detail}").format(detail=message.split("(")[-1].rstrip(")"))
        if match["verb"] == "was":
            return _("unknown field: {fields} was unexpected").format(fields=match["fields"])
        return _("unknown field: {fields} were unexpected").format(fields=match["fields"])
    if validator == "required" and message.endswith(_REQUIRED_SUFFIX):
        return _("{field} is missing").format(field=message.removesuffix(_REQUIRED_SUFFIX))
    if validator == "type" and error.instance is None:
        return _("is empty; give a value or leave the field out")
    if validator == "type":
        return _("{value} should be {kinds}").format(
            value=value, kinds=_kinds(error.validator_value)
        )
    if validator == "const":
        return _("{value} was expected").format(value=repr(error.validator_value))
    if validator == "enum":
        return _("{value} is not one of {choices}").format(
            value=value, choices=repr(error.validator_value)
        )
    if validator == "pattern" and error.validator_value == "\\S":
        return _("is blank: write the text, or leave the field out")
    if validator == "pattern":
        return _("{value} does not match {pattern}").format(
            value=value, pattern=repr(error.validator_value)
        )
    if validator == "minimum":
        return _("{value} is less than the minimum of {minimum}").format(
            value=value, minimum=repr(error.validator_value)
        )
    if validator == "maximum":
        return _("{value} is greater than the maximum of {maximum}").format(
            value=value, maximum=repr(error.validator_value)
        )
    if validator == "minLength" and error.validator_value == 1:
        return _("{value} should be non-empty").format(value=value)
    return message


def _kinds(expected: Any) -> str:
    names = {
        "string": _("text"),
        "integer": _("a whole number"),
        "array": _("a list"),
        "object": _("a mapping"),
    }
    kinds = [
        names.get(kind, kind) for kind in ([expected] if isinstance(expected, str) else expected)
    ]
    text = kinds[0]
    for kind in kinds[1:]:
        text = _("{first} or {second}").format(first=text, second=kind)
    return text


def json_path(path: Sequence[Any]) -> str:
    """A path into a document as a field name: ``readings[3].value``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
