"""Indicator values as communes write them: Vietnamese numbers, qualifiers, statuses, verdicts.

Real documents write "12,5", "1.234,5", "95%", "> 97%", "gần 98%", "ước 60,3", "Đạt",
"Cơ bản đạt". This module turns such a text into a :class:`ParsedValue` (an exact
``Decimal`` plus the qualifier and status kept apart from the number) or a
:class:`Verdict`. Nothing here rounds: rounding is for display only
(:func:`format_decimal`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from ntm.core.exceptions import InputError, Location, NumberFormatError
from ntm.core.i18n import _

__all__ = [
    "ParsedValue",
    "Qualifier",
    "ValueStatus",
    "Verdict",
    "format_decimal",
    "normalize_text",
    "parse_decimal",
    "parse_value",
    "parse_verdict",
]


class Qualifier(StrEnum):
    """What a document says about a number besides the number itself.

    - ``exact``: "95"
    - ``over``: "> 95", "trên 95", "hơn 95": the true value is strictly above
    - ``at_least``: "≥ 95", ">= 95", "từ 95": at or above
    - ``under``: "< 1", "dưới 1": strictly below
    - ``at_most``: "≤ 1", "<= 1", "không quá 1": at or below
    - ``nearly``: "gần 98": slightly below the number (case 18: "gần 98%" is not 98.0)
    - ``about``: "khoảng 98", "xấp xỉ 98", "~98": near the number, either side
    """

    EXACT = "exact"
    OVER = "over"
    AT_LEAST = "at_least"
    UNDER = "under"
    AT_MOST = "at_most"
    NEARLY = "nearly"
    ABOUT = "about"


class ValueStatus(StrEnum):
    """Whether a figure is measured (thực hiện), estimated (ước) or a target (kế hoạch)."""

    ACTUAL = "actual"
    ESTIMATED = "estimated"
    PLANNED = "planned"


class Verdict(StrEnum):
    """A stated verdict: đạt, chưa đạt, or the hedged "cơ bản đạt", which is never "đạt"."""

    MET = "met"
    NOT_MET = "not_met"
    BASICALLY_MET = "basically_met"

    @property
    def label_vi(self) -> str:
        """The Vietnamese label: "Đạt", "Chưa đạt", "Cơ bản đạt"."""
        return _VERDICT_LABELS[self]


_VERDICT_LABELS = {
    Verdict.MET: "Đạt",
    Verdict.NOT_MET: "Chưa đạt",
    Verdict.BASICALLY_MET: "Cơ bản đạt",
}


def normalize_text(text: str) -> str:
    """NFC-normalise, lower-case and collapse whitespace (for matching words, not for display)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# Longest prefixes first so that "không quá" wins over "không".
_QUALIFIER_WORDS: list[tuple[str, Qualifier]] = sorted(
    [
        (">=", Qualifier.AT_LEAST),
        ("≥", Qualifier.AT_LEAST),
        ("từ", Qualifier.AT_LEAST),
        ("ít nhất", Qualifier.AT_LEAST),
        ("tối thiểu", Qualifier.AT_LEAST),
        (">", Qualifier.OVER),
        ("trên", Qualifier.OVER),
        ("hơn", Qualifier.OVER),
        ("<=", Qualifier.AT_MOST),
        ("≤", Qualifier.AT_MOST),
        ("không quá", Qualifier.AT_MOST),
        ("tối đa", Qualifier.AT_MOST),
        ("<", Qualifier.UNDER),
        ("dưới", Qualifier.UNDER),
        ("gần", Qualifier.NEARLY),
        ("khoảng", Qualifier.ABOUT),
        ("xấp xỉ", Qualifier.ABOUT),
        ("~", Qualifier.ABOUT),
    ],
    key=lambda pair: -len(pair[0]),
)

_STATUS_WORDS: list[tuple[str, ValueStatus]] = [
    ("ước thực hiện", ValueStatus.ESTIMATED),
    ("ước đạt", ValueStatus.ESTIMATED),
    ("ước tính", ValueStatus.ESTIMATED),
    ("ước", ValueStatus.ESTIMATED),
    ("kế hoạch", ValueStatus.PLANNED),
    ("thực hiện", ValueStatus.ACTUAL),
]

_PLAIN_INT = re.compile(r"^[+-]?\d+$")
# A leading group of 0 is never thousands: "0.955" is a decimal, "1.234" is one thousand…
_DOT_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")


def parse_decimal(text: str | int | Decimal, *, location: Location | None = None) -> Decimal:
    """Parse one number in Vietnamese or plain writing into an exact ``Decimal``.

    Accepted: ``"12"``, ``"12,5"`` (decimal comma), ``"1.234"`` and ``"1.234,5"`` (dot as
    thousands separator), ``"12.5"`` (a decimal point, as spreadsheets export it), spaces
    as thousands separators (``"1 234"``). An ``int`` or ``Decimal`` passes through.

    ``"1.234"`` is read as one thousand two hundred and thirty-four (Vietnamese writing),
    never as 1.234. A float is refused: indicator values are exact.

    Raises:
        NumberFormatError: the text is not a number in any of these writings.
    """
    if isinstance(text, bool):
        raise NumberFormatError(
            _("'{text}' is not a number").format(text=text), location or Location()
        )
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    if not isinstance(text, str):
        raise NumberFormatError(
            _("'{text}' is a {kind}, not a number written as text").format(
                text=text, kind=type(text).__name__
            ),
            location or Location(),
        )
    compact = unicodedata.normalize("NFC", text).strip().replace("\u00a0", "").replace(" ", "")
    if _PLAIN_INT.match(compact):
        plain = compact
    elif _DOT_THOUSANDS.match(compact):
        plain = compact.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMAL.match(compact):
        plain = compact.replace(",", ".")
    elif _DOT_DECIMAL.match(compact):
        plain = compact
    else:
        raise NumberFormatError(
            _("'{text}' is not a number").format(text=text), location or Location()
        )
    try:
        return Decimal(plain)
    except InvalidOperation as error:  # pragma: no cover - the patterns above only pass numbers
        raise NumberFormatError(
            _("'{text}' is not a number").format(text=text), location or Location()
        ) from error


@dataclass(frozen=True)
class ParsedValue:
    """A number as a document states it.

    Attributes:
        number: the exact number written, in the unit of the text (a percentage stays 95,
            not 0.95).
        qualifier: what the words around it say (see :class:`Qualifier`).
        status: actual, estimated ("ước") or planned.
        percent: whether the text carried a "%" sign.
        raw: the text as written, kept next to the cleaned value.
    """

    number: Decimal
    qualifier: Qualifier = Qualifier.EXACT
    status: ValueStatus = ValueStatus.ACTUAL
    percent: bool = False
    raw: str = ""


def parse_value(text: str | int | Decimal, *, location: Location | None = None) -> ParsedValue:
    """Parse a stated value such as ``"> 97%"``, ``"gần 98%"``, ``"ước 60,3"`` or ``"1.234,5"``.

    The qualifier words (see :class:`Qualifier`) and the status words ("ước", "kế hoạch",
    "thực hiện") may come before the number, in any order; a "%" may follow it.

    Raises:
        NumberFormatError: what remains once the words are taken off is not a number.
    """
    if isinstance(text, int | Decimal) and not isinstance(text, bool):
        return ParsedValue(number=parse_decimal(text), raw=str(text))
    if not isinstance(text, str):
        raise NumberFormatError(
            _("'{text}' is a {kind}, not a value").format(text=text, kind=type(text).__name__),
            location or Location(),
        )
    raw = unicodedata.normalize("NFC", text).strip()
    rest = normalize_text(raw)
    qualifier = Qualifier.EXACT
    status = ValueStatus.ACTUAL
    changed = True
    status_seen = False
    while changed and rest:
        changed = False
        for word, word_status in _STATUS_WORDS:
            if _starts_with_word(rest, word):
                if status_seen:
                    # The status words are the words the parser accepts: not translated.
                    raise NumberFormatError(
                        _(
                            "'{text}' has two status words (ước, kế hoạch, thực hiện); write one"
                        ).format(text=raw),
                        location or Location(),
                    )
                status, status_seen = word_status, True
                rest = rest[len(word) :].strip(" :")
                changed = True
                break
        for word, word_qualifier in _QUALIFIER_WORDS:
            if _starts_with_word(rest, word):
                if qualifier is not Qualifier.EXACT:
                    raise NumberFormatError(
                        _("'{text}' has two qualifiers; write one of them").format(text=raw),
                        location or Location(),
                    )
                qualifier = word_qualifier
                rest = rest[len(word) :].strip()
                changed = True
                break
    percent = rest.endswith("%")
    if percent:
        rest = rest[:-1].strip()
    try:
        number = parse_decimal(rest, location=location)
    except NumberFormatError as error:
        # Name the text as the user wrote it, not what is left once the words are taken off.
        raise NumberFormatError(
            _("'{text}' is not a number").format(text=raw), error.location
        ) from None
    return ParsedValue(number=number, qualifier=qualifier, status=status, percent=percent, raw=raw)


def _starts_with_word(text: str, word: str) -> bool:
    if not text.startswith(word):
        return False
    if not word[-1].isalpha():
        return True  # a symbol such as ">" needs no space after it
    following = text[len(word) : len(word) + 1]
    return following == "" or not following.isalpha()


_VERDICT_WORDS: dict[str, Verdict] = {
    "đạt": Verdict.MET,
    "đạt chuẩn": Verdict.MET,
    "hoàn thành": Verdict.MET,
    "x": Verdict.MET,
    "có": Verdict.MET,
    "met": Verdict.MET,
    "yes": Verdict.MET,
    "chưa đạt": Verdict.NOT_MET,
    "không đạt": Verdict.NOT_MET,
    "chưa đạt chuẩn": Verdict.NOT_MET,
    "chưa hoàn thành": Verdict.NOT_MET,
    "chưa": Verdict.NOT_MET,
    "không": Verdict.NOT_MET,
    "not_met": Verdict.NOT_MET,
    "no": Verdict.NOT_MET,
    "cơ bản đạt": Verdict.BASICALLY_MET,
    "cơ bản hoàn thành": Verdict.BASICALLY_MET,
    "cơ bản đạt chuẩn": Verdict.BASICALLY_MET,
    "basically_met": Verdict.BASICALLY_MET,
}


def parse_verdict(text: str, *, location: Location | None = None) -> Verdict:
    """Parse a stated verdict: "Đạt", "Chưa đạt", "Không đạt", "Cơ bản đạt", "Cơ bản hoàn thành".

    Case, diacritic composition (NFC/NFD) and surrounding spaces do not matter; a trailing
    full stop is ignored.

    Raises:
        InputError: the text is not one of the verdict words.
    """
    key = normalize_text(text).rstrip(".")
    try:
        return _VERDICT_WORDS[key]
    except KeyError:
        # The quoted verdict words are the words the parser accepts: not translated.
        raise InputError(
            _("'{text}' is not a verdict; write 'Đạt', 'Chưa đạt' or 'Cơ bản đạt'").format(
                text=text
            ),
            location or Location(),
        ) from None


_TWO_PLACES = Decimal("0.01")


def format_decimal(number: Decimal, *, places: int = 2) -> str:
    """Render for display, Vietnamese style: half-up to ``places`` decimals, trailing zeros dropped.

    ``Decimal("97.125")`` → ``"97,13"``; ``Decimal("1234.5")`` → ``"1.234,5"``;
    ``Decimal("95")`` → ``"95"``. Only for display: rules compare exact values.
    """
    quantum = _TWO_PLACES if places == 2 else Decimal(1).scaleb(-places)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    integer, _point, fraction = f"{abs(rounded):f}".partition(".")
    fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"
