"""Checks of text a user typed, shared by the apps' forms and services."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

__all__ = ["control_character_problem"]

#: What a text typed on several lines may hold among the control characters.
_LINE_BREAKS = frozenset("\n\r\t")


def control_character_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` cannot go into a document, or ``None``: a control character (Unicode
    category Cc, e.g. U+0001, U+000B, NUL) is invisible on the page and is dropped or
    refused in a Word document (XML 1.0 forbids most of them) and by PostgreSQL (NUL);
    line breaks and tabs are allowed when ``multiline``. The message names the first one,
    as U+XXXX, in the request's language."""
    for character in text:
        if unicodedata.category(character) == "Cc" and not (
            multiline and character in _LINE_BREAKS
        ):
            return _("The text holds an invisible control character (U+%(code)04X); remove it.") % {
                "code": ord(character)
            }
    return None
