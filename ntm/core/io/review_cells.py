"""One reading from one row's cells, whatever file it came from (YAML, CSV, XLSX).

The cells are named by their meaning (``value``, ``numerator``, ``denominator``,
``result``, ``verdict``, ``assessment``, ``source``, ``note``); the table readers map the
columns onto those names. Every check that does not depend on the file type lives here:
a value must be a number in the indicator's unit, a percentage lies between 0 and 100, a
count is whole, not negative and plausible for a commune, a ratio has both its counts and
a denominator above zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ntm.core.catalog import REGIONS, CriteriaSet, Indicator, IndicatorKind
from ntm.core.exceptions import CatalogError, InputError, Location
from ntm.core.i18n import _
from ntm.core.registry import Catalog
from ntm.core.review import Assessment, HeldRecognition, Reading
from ntm.core.values import ParsedValue, Verdict, parse_decimal, parse_value, parse_verdict

__all__ = [
    "MAX_COUNT",
    "YEAR_RANGE",
    "ReviewDefaults",
    "build_reading",
    "check_commune_code",
    "check_region",
    "check_year",
    "resolve_criteria_set",
]

#: The most households or persons a commune can count (a merged commune has well under a
#: million people); larger counts are typing errors, and would strain exact arithmetic.
MAX_COUNT = Decimal(10) ** 8
#: The largest magnitude a value may have, in any unit.
_MAX_VALUE = Decimal(10) ** 9
#: Review years the product accepts.
YEAR_RANGE = (2010, 2100)


@dataclass(frozen=True)
class ReviewDefaults:
    """What the command line adds to or overrides in a file: set, year, commune, region."""

    criteria_set: str | None = None
    year: int | None = None
    commune: str | None = None
    commune_code: str | None = None
    region: str | None = None
    commune_group: int | None = None
    recognitions: tuple[HeldRecognition, ...] = field(default_factory=tuple)


def resolve_criteria_set(catalog: Catalog, code: str, where: Location) -> CriteriaSet:
    """The effective set for ``code``, as an InputError located in the file on failure."""
    try:
        return catalog.criteria_set(code)
    except CatalogError as error:
        raise InputError(error.message, where) from None


def check_year(year: int, where: Location) -> int:
    """A review year between 2010 and 2100.

    Raises:
        InputError: outside that range.
    """
    low, high = YEAR_RANGE
    if not low <= year <= high:
        raise InputError(
            _("the year {year} is not between {low} and {high}").format(
                year=year, low=low, high=high
            ),
            where,
        )
    return year


def check_region(region: str, where: Location) -> str:
    """One of the 7 region codes of QĐ 318/QĐ-TTg.

    Raises:
        InputError: any other text.
    """
    if region not in REGIONS:
        raise InputError(
            _("'{region}' is not a region code; use one of {codes}").format(
                region=region, codes=", ".join(REGIONS)
            ),
            where,
        )
    return region


def check_commune_code(code: str, where: Location) -> str:
    """An official commune code: five digits (mã đơn vị hành chính, e.g. 05560).

    Raises:
        InputError: anything else.
    """
    if not (len(code) == 5 and code.isdigit()):
        raise InputError(
            _("'{code}' is not a commune code (five digits, e.g. 05560)").format(code=code), where
        )
    return code


def build_reading(
    criteria_set: CriteriaSet,
    model_set: CriteriaSet | None,
    *,
    indicator: str | None,
    criterion: int | None,
    cells: Mapping[str, Any],
    where: Location,
    at: Callable[[str], Location],
) -> Reading:
    """Turn one row's cells into a :class:`~ntm.core.review.Reading`.

    Args:
        indicator: the indicator code the row names, or ``None`` for a criterion verdict.
        criterion: the criterion number the row names (checked against the indicator's).
        cells: ``value``, ``numerator``, ``denominator``, ``result``, ``verdict``,
            ``assessment``, ``source``, ``note``; text, int, a spreadsheet float or a
            :class:`~ntm.core.values.ParsedValue` (a percentage-formatted cell).
        where: the row; ``at(name)`` locates one of its cells.

    Raises:
        InputError: an unknown indicator or criterion, a bad value, count or verdict.
    """
    sets = [criteria_set] + ([model_set] if model_set is not None else [])
    indicator_obj: Indicator | None = None
    if indicator is not None:
        indicator_obj = next(
            (s.indicator(indicator) for s in sets if s.has_indicator(indicator)), None
        )
        if indicator_obj is None:
            raise InputError(
                _("unknown indicator code '{code}' for set {criteria_set}").format(
                    code=indicator, criteria_set=criteria_set.code
                ),
                at("indicator"),
            )
        if criterion is not None and criterion != indicator_obj.criterion:
            raise InputError(
                _("indicator {code} belongs to criterion {criterion}, not {given}").format(
                    code=indicator, criterion=indicator_obj.criterion, given=criterion
                ),
                at("criterion"),
            )
        criterion = indicator_obj.criterion
    elif criterion is None:  # pragma: no cover - the callers require one of them
        raise InputError(_("a reading needs an indicator or a criterion"), where)
    elif not criteria_set.has_criterion(criterion):
        raise InputError(
            _("criterion {criterion} is not in set {criteria_set} ({count} criteria)").format(
                criterion=criterion,
                criteria_set=criteria_set.code,
                count=criteria_set.criteria_count,
            ),
            at("criterion"),
        )

    value: ParsedValue | None = None
    result: Verdict | None = None
    raw_value = _present(cells.get("value"))
    if raw_value is not None:
        if indicator_obj is None:
            codes = [i.code for i in criteria_set.criterion(criterion).indicators]
            raise InputError(
                _(
                    "a value needs an indicator: criterion {criterion} has indicators {codes}"
                ).format(criterion=criterion, codes=", ".join(codes) or _("(none known)")),
                at("value"),
            )
        value, result = _value_or_result(raw_value, indicator_obj, at("value"))
    numerator = cell_count(cells.get("numerator"), at("numerator"))
    denominator = cell_count(cells.get("denominator"), at("denominator"))
    _check_ratio(numerator, denominator, indicator_obj, at)
    result_text = _text(cells.get("result"))
    if result_text is not None:
        result = parse_verdict(result_text, location=at("result"))
    verdict_text = _text(cells.get("verdict"))
    verdict = None if verdict_text is None else parse_verdict(verdict_text, location=at("verdict"))
    assessment_text = _text(cells.get("assessment"))
    try:
        assessment = Assessment(assessment_text) if assessment_text else Assessment.SELF_ASSESSED
    except ValueError:
        # The assessment words are the words the readers accept: not translated.
        raise InputError(
            _("'{text}' is not one of self_assessed, verified, appraised").format(
                text=assessment_text
            ),
            at("assessment"),
        ) from None
    return Reading(
        criterion=criterion,
        indicator=None if indicator_obj is None else indicator_obj.code,
        value=value,
        numerator=numerator,
        denominator=denominator,
        result=result,
        verdict=verdict,
        assessment=assessment,
        source=_text(cells.get("source")) or "",
        note=_text(cells.get("note")) or "",
        location=where,
    )


def _present(raw: Any) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return raw


def _text(raw: Any) -> str | None:
    raw = _present(raw)
    if raw is None:
        return None
    if isinstance(raw, ParsedValue):
        return raw.raw
    return str(raw).strip()


def _value_or_result(
    raw: Any, indicator: Indicator, where: Location
) -> tuple[ParsedValue | None, Verdict | None]:
    if indicator.kind is IndicatorKind.YES_NO:
        if isinstance(raw, str):
            try:
                return None, parse_verdict(raw, location=where)
            except InputError:
                pass
        # A figure for a yes/no indicator ("86%"): kept, shown, not evaluated.
        try:
            return cell_value(raw, where), None
        except InputError:
            raise InputError(
                _(
                    "'{text}' is neither a verdict ('Đạt', 'Chưa đạt', 'Cơ bản đạt') "
                    "nor a number; indicator {code} is met or not met"
                ).format(text=raw, code=indicator.code),
                where,
            ) from None
    value = cell_value(raw, where)
    if value.percent and indicator.unit != "%":
        raise InputError(
            _("'{text}' is a percentage, but indicator {code} is measured in {unit}").format(
                text=value.raw, code=indicator.code, unit=indicator.unit or _("a count")
            ),
            where,
        )
    if indicator.unit == "%" and not Decimal(0) <= value.number <= Decimal(100):
        raise InputError(
            _(
                "'{text}' is not a percentage between 0 and 100 (indicator {code} is a share)"
            ).format(text=value.raw, code=indicator.code),
            where,
        )
    return value, None


def cell_value(raw: Any, where: Location) -> ParsedValue:
    """A stated value from a cell: text in Vietnamese writing, an int, a spreadsheet float.

    Raises:
        InputError: not a number, not finite, or implausibly large.
    """
    if isinstance(raw, ParsedValue):
        value = raw
    elif isinstance(raw, bool):
        raise InputError(_("'{text}' is a yes/no cell, not a number").format(text=raw), where)
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise InputError(_("'{text}' is not a finite number").format(text=raw), where)
        # A spreadsheet's number: its shortest repr is the number the user typed.
        number = Decimal(repr(raw))
        value = ParsedValue(number=number, raw=f"{number:f}".replace(".", ","))
    elif isinstance(raw, int | Decimal):
        value = parse_value(raw, location=where)
    else:
        value = parse_value(str(raw), location=where)
    if abs(value.number) > _MAX_VALUE:
        raise InputError(
            _("'{text}' is implausibly large for an indicator").format(text=value.raw), where
        )
    return value


def cell_count(raw: Any, where: Location) -> Decimal | None:
    """A count of households or persons: whole, not negative, at most 100 million.

    Raises:
        InputError: anything else.
    """
    raw = _present(raw)
    if raw is None:
        return None
    shown = raw.raw if isinstance(raw, ParsedValue) else raw
    if isinstance(raw, ParsedValue):
        if raw.percent or raw.qualifier.value != "exact":
            raise InputError(_("'{text}' is not a count").format(text=shown), where)
        number = raw.number
    elif isinstance(raw, bool):
        raise InputError(_("'{text}' is a yes/no cell, not a count").format(text=shown), where)
    elif isinstance(raw, float):
        if not math.isfinite(raw) or not raw.is_integer():
            raise InputError(_("'{text}' is not a whole count").format(text=shown), where)
        number = Decimal(int(raw))
    else:
        number = parse_decimal(raw if isinstance(raw, int) else str(raw), location=where)
    if number < 0:
        raise InputError(_("'{text}' is negative; a count cannot be").format(text=shown), where)
    if number != number.to_integral_value():
        raise InputError(_("'{text}' is not a whole count").format(text=shown), where)
    if number > MAX_COUNT:
        raise InputError(
            _("'{text}' is implausibly large for a commune's count").format(text=shown), where
        )
    return number


def _check_ratio(
    numerator: Decimal | None,
    denominator: Decimal | None,
    indicator: Indicator | None,
    at: Callable[[str], Location],
) -> None:
    if (numerator is None) != (denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        raise InputError(_("a ratio needs both a numerator and a denominator"), at(missing))
    if numerator is None or denominator is None:
        return
    if denominator == 0:
        raise InputError(_("the denominator is 0: a ratio cannot be computed"), at("denominator"))
    if numerator > denominator:
        raise InputError(
            _("the numerator ({numerator}) is larger than the denominator ({denominator})").format(
                numerator=numerator, denominator=denominator
            ),
            at("numerator"),
        )
    if indicator is None or indicator.kind is not IndicatorKind.RATIO:
        raise InputError(
            _("a numerator and denominator are only for ratio indicators"), at("numerator")
        )
