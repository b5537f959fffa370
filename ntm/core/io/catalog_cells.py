"""One cell of an imported criteria-set template as a value of the catalog data: free text
(NFC-normalised), booleans "có"/"không", whole numbers, decimals as the schema's text (a
decimal point or a decimal comma, "12,5" → "12.5"; exponent notation refused), indicator
and set codes, closed choices, comparators, dates and comma-separated lists; a cell that
holds something else is an :class:`~ntm.core.exceptions.InputError` at the location the
caller gives.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ntm.core.catalog import REGIONS
from ntm.core.exceptions import InputError, Location, NumberFormatError
from ntm.core.i18n import _
from ntm.core.io.catalog_scan import EXPONENT_NUMBER
from ntm.core.io.catalog_sheets import COMPARATOR_CHOICES, NO, YES
from ntm.core.io.catalog_yaml import decimal_text, sorted_regions
from ntm.core.values import normalize_text, parse_decimal

__all__ = [
    "LEGAL_CONVERTERS",
    "cell_boolean",
    "cell_choice",
    "cell_commune_groups",
    "cell_comparator",
    "cell_date",
    "cell_decimal",
    "cell_indicator_code",
    "cell_integer",
    "cell_levels",
    "cell_regions",
    "cell_set_code",
    "cell_text",
    "is_blank",
    "not_a_kind",
    "not_a_level",
    "not_a_scheme",
]


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def cell_text(raw: Any, where: Location) -> str | None:
    """Free text, kept as written (not stripped); an empty cell is ``None``."""
    if is_blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, bool):
        return YES if raw else NO
    if isinstance(raw, float):
        return repr(raw)
    return unicodedata.normalize("NFC", str(raw)) if isinstance(raw, str) else str(raw)


def _word(raw: Any) -> str | None:
    if is_blank(raw):
        return None
    return unicodedata.normalize("NFC", str(raw)).strip()


_TRUE_WORDS = frozenset({"có", "true", "x", "yes"})
_FALSE_WORDS = frozenset({"không", "false", "no"})


def cell_boolean(raw: Any, where: Location) -> bool:
    """có/true/x → True; không/false/empty → False."""
    if isinstance(raw, bool):
        return raw
    if is_blank(raw):
        return False
    word = normalize_text(str(raw))
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise InputError(
        # true/false and x are words the importer accepts: not translated
        _("'{text}' is not '{yes}' or '{no}' (also accepted: true/false, x/empty)").format(
            text=raw, yes=YES, no=NO
        ),
        where,
    )


_INTEGER = re.compile(r"^[+-]?\d+$")


def cell_integer(raw: Any, where: Location) -> int | None:
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise InputError(_("'{text}' is not a whole number").format(text=raw), where)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    if _INTEGER.match(text):
        return int(text)
    raise InputError(_("'{text}' is not a whole number").format(text=raw), where)


_PLAIN_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def cell_decimal(raw: Any, where: Location) -> str | None:
    """A decimal as the schema's text: "95", "1.10"; "12,5" → "12.5"; empty → ``None``.

    A text with a decimal point and only digits ("1.10", "0.125") is taken as written;
    anything else goes through :func:`~ntm.core.values.parse_decimal` (decimal comma, dot
    or space thousands separators). A trailing "%" is dropped.
    """
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise InputError(_("'{text}' is not a number").format(text=raw), where)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise InputError(
                _("'{text}' is not a finite number; type the number").format(text=raw), where
            )
        return decimal_text(Decimal(repr(raw)))
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if text.endswith("%"):
        text = text[:-1].strip()
    if _PLAIN_DECIMAL.match(text):
        return text
    if EXPONENT_NUMBER.match(text.replace(",", ".")):
        raise InputError(
            _(
                "'{text}' is written in exponent notation; type the number in full "
                "(e.g. 95 or 12,5)"
            ).format(text=raw),
            where,
        )
    try:
        return decimal_text(parse_decimal(text, location=where))
    except NumberFormatError:
        raise InputError(
            _(
                "'{text}' is not a number; write e.g. 95 or 12,5 "
                "(leave the cell empty when the value is not known)"
            ).format(text=raw),
            where,
        ) from None


_CODE = re.compile(r"^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$")


def cell_indicator_code(raw: Any, where: Location) -> str | None:
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise InputError(_("'{text}' is not an indicator code").format(text=raw), where)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        raise InputError(
            _(
                "the code {code} was stored as a number, which loses digits such as the 0 of "
                "17.10; format the cell as Text and type the code again"
            ).format(code=repr(raw)),
            where,
        )
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if not _CODE.match(text):
        raise InputError(
            _(
                "'{text}' is not an indicator code (letters and digits, parts separated by "
                "dots, e.g. 9.1 or KM2)"
            ).format(text=raw),
            where,
        )
    return text


_SET_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def cell_set_code(raw: Any, where: Location) -> str | None:
    word = _word(raw)
    if word is None:
        return None
    if not _SET_CODE.match(word):
        raise InputError(
            _(
                "'{text}' is not a criteria-set code (lower-case letters, digits and hyphens, "
                "e.g. xa-ntm-2021-2025)"
            ).format(text=raw),
            where,
        )
    return word


def cell_choice(
    choices: Sequence[str], refusal: Callable[[], str]
) -> Callable[[Any, Location], str | None]:
    """A converter to one of ``choices``; ``refusal`` gives the message (placeholders
    ``{text}`` and ``{choices}``) in the active language when the cell holds something else."""

    def convert(raw: Any, where: Location) -> str | None:
        word = _word(raw)
        if word is None:
            return None
        if word.lower() in choices:
            return word.lower()
        raise InputError(refusal().format(text=raw, choices=", ".join(choices)), where)

    return convert


def not_a_level() -> str:
    return _("'{text}' is not a level; write one of {choices}")


def not_a_scheme() -> str:
    return _("'{text}' is not a region scheme; write one of {choices}")


def not_a_kind() -> str:
    return _("'{text}' is not a kind; write one of {choices}")


_COMPARATOR_WORDS = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}


def cell_comparator(raw: Any, where: Location) -> str | None:
    word = _word(raw)
    if word is None:
        return None
    word = _COMPARATOR_WORDS.get(word.replace(" ", ""), word.replace(" ", ""))
    if word in COMPARATOR_CHOICES:
        return word
    raise InputError(
        _("'{text}' is not a comparator; write one of {choices}").format(
            text=raw, choices=", ".join(COMPARATOR_CHOICES)
        ),
        where,
    )


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def cell_date(raw: Any, where: Location) -> str | None:
    if is_blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw).strip()
    match = _DMY.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        text = f"{year:04d}-{month:02d}-{day:02d}"
    if _ISO_DATE.match(text):
        try:
            date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return text
    raise InputError(
        _("'{text}' is not a date; write YYYY-MM-DD or dd/mm/yyyy").format(text=raw), where
    )


LEGAL_CONVERTERS: dict[str, Callable[[Any, Location], Any]] = {
    "decision": cell_text,
    "date": cell_date,
    "annex": cell_text,
    "issuer": cell_text,
    "title": cell_text,
    "source": cell_text,
    "verified": cell_boolean,
}


def _split(raw: Any) -> list[str]:
    if is_blank(raw):
        return []
    text = unicodedata.normalize("NFC", str(raw))
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


def cell_levels(raw: Any, where: Location) -> list[str]:
    allowed = ("basic", "advanced", "model")
    levels: list[str] = []
    for part in _split(raw):
        if part.lower() not in allowed:
            raise InputError(not_a_level().format(text=part, choices=", ".join(allowed)), where)
        if part.lower() not in levels:
            levels.append(part.lower())
    return levels


def cell_regions(raw: Any, where: Location) -> list[str]:
    by_upper = {code.upper(): code for code in REGIONS}
    found: set[str] = set()
    for part in _split(raw):
        code = by_upper.get(part.upper())
        if code is None:
            raise InputError(
                _(
                    "'{text}' is not a region code; write some of {codes}, separated by commas"
                ).format(text=part, codes=", ".join(REGIONS)),
                where,
            )
        found.add(code)
    return sorted_regions(frozenset(found))


def cell_commune_groups(raw: Any, where: Location) -> list[int]:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        parts: list[Any] = [raw]
    else:
        parts = _split(raw)
    groups: set[int] = set()
    for part in parts:
        number = cell_integer(part, where)
        if number not in (1, 2, 3):
            raise InputError(
                _("'{text}' is not a commune group; write 1, 2 or 3").format(text=part), where
            )
        groups.add(number)
    return sorted(groups)
