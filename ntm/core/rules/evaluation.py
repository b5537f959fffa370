"""Review a commune against a criteria set: per indicator, per criterion, per level.

Rules (QĐ 318/QĐ-TTg, QĐ 319/QĐ-TTg, QĐ 18/2022/QĐ-TTg as set out in
``shared/reference/criteria-sets.md``):

- an indicator is met when its reading meets the threshold that applies to the commune's
  region (or commune group) and the review year; a yes/no indicator when its result is
  "Đạt". "Cơ bản đạt" is never "Đạt". A missing reading is "no data", never zero; a
  threshold whose value is not known is "threshold unconfirmed", never guessed;
- a criterion is met when every one of its indicators is met;
- a level is reached when every criterion of its set is met and the levels it requires
  are held (xã NTM nâng cao requires xã NTM); xã NTM kiểu mẫu additionally requires the
  QĐ 319 conditions of the model set that builds on the nâng cao set.

Where the rule cannot decide a criterion (no readings, unknown thresholds), the commune's
own stated verdict is reported as the outcome, marked as stated, not as ruled. Where the
rule decides and the commune stated otherwise, the result lists the disagreement.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ntm.core.catalog import (
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKind,
    Level,
    Threshold,
)
from ntm.core.exceptions import EvaluationError, Location
from ntm.core.review import Reading, ReviewInput
from ntm.core.rules.comparison import Decision, compare, compare_ratio, units_needed
from ntm.core.values import Qualifier, ValueStatus, Verdict, format_decimal

__all__ = [
    "Basis",
    "CriterionResult",
    "Disagreement",
    "IndicatorResult",
    "IndicatorStatus",
    "LevelResult",
    "LevelStatus",
    "Outcome",
    "ReviewResult",
    "evaluate_review",
]

_HUNDRED = Decimal(100)
#: Stated percentage vs recomputed numerator/denominator: tolerated difference, in points
#: (shared/cases/README.md, requirement 6).
_RATIO_TOLERANCE = Decimal("0.05")


class IndicatorStatus(StrEnum):
    """The rule's verdict on one indicator."""

    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"
    THRESHOLD_UNCONFIRMED = "threshold_unconfirmed"
    UNDECIDED = "undecided"


class Outcome(StrEnum):
    """A criterion's outcome, whatever it rests on."""

    MET = "met"
    NOT_MET = "not_met"
    UNDECIDED = "undecided"


class Basis(StrEnum):
    """What an outcome rests on: the rule on the readings, or only the commune's stated verdict."""

    RULE = "rule"
    STATED = "stated"
    NONE = "none"


class LevelStatus(StrEnum):
    """Where the commune stands for one level."""

    HELD = "held"
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True)
class Disagreement:
    """The commune's stated verdict (or claim) contradicts what the rule or its own readings say."""

    subject: str  # "criterion 9", "indicator 14.1", "overall"
    stated: str
    found: str
    explanation: str
    location: Location = Location()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "subject": self.subject,
            "stated": self.stated,
            "found": self.found,
            "explanation": self.explanation,
            "where": self.location.describe() or None,
        }


@dataclass(frozen=True)
class IndicatorResult:
    """The rule applied to one indicator.

    Attributes:
        value: the value compared, in the indicator's unit (for ratios the exact quotient
            in %, for display only; the comparison itself is exact).
        threshold: the threshold that applied, or ``None``.
        threshold_verified: whether that threshold is checked against the official text.
        gap: how far the value is from the threshold, in the indicator's unit (positive),
            when not met and both are known exactly.
        units_needed: for ratios with counts, how many households/persons must change.
        approximate: the outcome rests on a "gần"/"khoảng" value's nominal number.
        notes: warnings in English, for the report (estimated value, unconfirmed threshold…).
    """

    indicator: Indicator
    status: IndicatorStatus
    reading: Reading | None = None
    value: Decimal | None = None
    threshold: Threshold | None = None
    threshold_value: Decimal | None = None
    gap: Decimal | None = None
    units_needed: int | None = None
    approximate: bool = False
    notes: tuple[str, ...] = ()

    @property
    def threshold_verified(self) -> bool:
        """Whether the threshold used is confirmed in the official text."""
        return self.threshold is not None and self.threshold.verified

    @property
    def provisional(self) -> bool:
        """Met or not met, but against a threshold not yet confirmed in the official text."""
        return (
            self.status in (IndicatorStatus.MET, IndicatorStatus.NOT_MET)
            and self.threshold is not None
            and not self.threshold.verified
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form; decimals as strings, exact."""
        reading = self.reading
        return {
            "code": self.indicator.code,
            "name": self.indicator.name,
            "unit": self.indicator.unit,
            "status": self.status.value,
            "value": _str(self.value),
            "value_display": None if self.value is None else format_decimal(self.value),
            "qualifier": None
            if reading is None or reading.value is None
            else reading.value.qualifier.value,
            "value_status": None
            if reading is None or reading.value is None
            else reading.value.status.value,
            "numerator": _str(None if reading is None else reading.numerator),
            "denominator": _str(None if reading is None else reading.denominator),
            "result": None if reading is None or reading.result is None else reading.result.value,
            "stated_verdict": None
            if reading is None or reading.verdict is None
            else reading.verdict.value,
            "assessment": None if reading is None else reading.assessment.value,
            "source": None if reading is None else reading.source or None,
            "standard": self.indicator.describe_threshold(self.threshold),
            "threshold": _str(self.threshold_value),
            "threshold_verified": self.threshold_verified,
            "threshold_source": None if self.threshold is None else self.threshold.source,
            "provisional": self.provisional,
            "gap": _str(self.gap),
            "units_needed": self.units_needed,
            "units_label": self.indicator.numerator or None,
            "approximate": self.approximate,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class CriterionResult:
    """The rule applied to one criterion, and what the commune stated about it."""

    criterion: Criterion
    outcome: Outcome
    basis: Basis
    rule_outcome: Outcome
    stated: Verdict | None
    indicators: tuple[IndicatorResult, ...]
    provisional: bool = False

    @property
    def number(self) -> int:
        """The criterion number."""
        return self.criterion.number

    @property
    def failing(self) -> tuple[IndicatorResult, ...]:
        """The indicators that are not met."""
        return tuple(r for r in self.indicators if r.status is IndicatorStatus.NOT_MET)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "number": self.number,
            "name": self.criterion.name,
            "outcome": self.outcome.value,
            "basis": self.basis.value,
            "rule_outcome": self.rule_outcome.value,
            "stated_verdict": None if self.stated is None else self.stated.value,
            "provisional": self.provisional,
            "indicators": [result.as_dict() for result in self.indicators],
        }


@dataclass(frozen=True)
class LevelResult:
    """Where the commune stands for one level, and what stands in the way."""

    level: Level
    status: LevelStatus
    blocking_criteria: tuple[int, ...] = ()
    missing_levels: tuple[Level, ...] = ()
    blocking_conditions: tuple[str, ...] = ()
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "level": self.level.value,
            "label": self.level.label_vi,
            "status": self.status.value,
            "blocking_criteria": list(self.blocking_criteria),
            "missing_levels": [level.value for level in self.missing_levels],
            "blocking_conditions": list(self.blocking_conditions),
            "note": self.note or None,
        }


@dataclass(frozen=True)
class ReviewResult:
    """The whole review: per criterion, the lists, the levels, the disagreements."""

    review: ReviewInput
    criteria_set: CriteriaSet
    criteria: tuple[CriterionResult, ...]
    levels: tuple[LevelResult, ...]
    disagreements: tuple[Disagreement, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    model_conditions: tuple[CriterionResult, ...] = ()

    def numbers(self, outcome: Outcome) -> list[int]:
        """Criterion numbers with that outcome, ascending."""
        return [result.number for result in self.criteria if result.outcome is outcome]

    @property
    def met_count(self) -> int:
        """How many criteria are met."""
        return len(self.numbers(Outcome.MET))

    @property
    def highest_level(self) -> Level | None:
        """The highest level held or reached, or ``None``."""
        order = [Level.BASIC, Level.ADVANCED, Level.MODEL, Level.MODERN]
        best: Level | None = None
        for result in self.levels:
            if result.status in (LevelStatus.HELD, LevelStatus.REACHED) and (
                best is None or order.index(result.level) > order.index(best)
            ):
                best = result.level
        return best

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form of the whole review (decimals as exact strings)."""
        review = self.review
        highest = self.highest_level
        return {
            "commune": {
                "name": review.commune.name,
                "code": review.commune.code,
                "province": review.commune.province or None,
                "region": review.commune.region,
                "commune_group": review.commune.commune_group,
            },
            "year": review.year,
            "criteria_set": {
                "code": self.criteria_set.code,
                "name": self.criteria_set.name,
                "level": self.criteria_set.level.value,
                "legal_bases": [basis.cite() for basis in self.criteria_set.legal_bases],
                "criteria_count": self.criteria_set.criteria_count,
            },
            "summary": {
                "met": self.numbers(Outcome.MET),
                "not_met": self.numbers(Outcome.NOT_MET),
                "undecided": self.numbers(Outcome.UNDECIDED),
                "met_count": self.met_count,
                "criteria_count": self.criteria_set.criteria_count,
                "stated_only": [r.number for r in self.criteria if r.basis is Basis.STATED],
                "highest_level": None if highest is None else highest.value,
            },
            "levels": [level.as_dict() for level in self.levels],
            "criteria": [result.as_dict() for result in self.criteria],
            "model_conditions": [result.as_dict() for result in self.model_conditions],
            "disagreements": [item.as_dict() for item in self.disagreements],
            "warnings": list(self.warnings),
        }


def _str(number: Decimal | None) -> str | None:
    return None if number is None else f"{number.normalize():f}"


# --- evaluation --------------------------------------------------------------------------


def evaluate_review(
    review: ReviewInput,
    criteria_set: CriteriaSet,
    *,
    model_set: CriteriaSet | None = None,
) -> ReviewResult:
    """Evaluate a review against its criteria set (and the model-level conditions, if given).

    Args:
        review: the commune, year and readings; ``review.criteria_set`` must name
            ``criteria_set``.
        criteria_set: the effective set (overlays applied).
        model_set: the QĐ 319 model-level set that builds on ``criteria_set``'s base set,
            to evaluate xã NTM kiểu mẫu; its readings (KM2, KM3, KM4) are in ``review``.

    Returns:
        A :class:`ReviewResult`; see the module docstring for the rules.

    Raises:
        EvaluationError: the review names another set; a reading names an indicator or
            criterion the sets do not have; two readings are for the same indicator; the
            set's thresholds depend on a region or commune group the commune lacks.
    """
    if review.criteria_set != criteria_set.code:
        raise EvaluationError(
            f"the review is for set {review.criteria_set}, not {criteria_set.code}",
            Location(file=review.file or None),
        )
    readings, criterion_verdicts = _index_readings(review, criteria_set, model_set)
    context = _Context(review=review, main_set=criteria_set)
    warnings: list[str] = []
    disagreements: list[Disagreement] = []

    results = tuple(
        _evaluate_criterion(criterion, readings, criterion_verdicts, context, disagreements)
        for criterion in criteria_set.criteria
    )
    model_results: tuple[CriterionResult, ...] = ()
    if model_set is not None:
        model_results = tuple(
            _evaluate_criterion(criterion, readings, {}, context, disagreements)
            for criterion in model_set.criteria
        )
    warnings.extend(context.warnings)
    levels = _evaluate_levels(review, criteria_set, results, model_set, model_results)
    result = ReviewResult(
        review=review,
        criteria_set=criteria_set,
        criteria=results,
        levels=levels,
        disagreements=tuple(disagreements),
        warnings=tuple(dict.fromkeys(warnings)),
        model_conditions=model_results,
    )
    claim_disagreements = _check_claim(result)
    if claim_disagreements:
        result = ReviewResult(
            review=result.review,
            criteria_set=result.criteria_set,
            criteria=result.criteria,
            levels=result.levels,
            disagreements=(*result.disagreements, *claim_disagreements),
            warnings=result.warnings,
            model_conditions=result.model_conditions,
        )
    return result


@dataclass
class _Context:
    review: ReviewInput
    main_set: CriteriaSet
    warnings: list[str] = field(default_factory=list)


def _index_readings(
    review: ReviewInput, criteria_set: CriteriaSet, model_set: CriteriaSet | None
) -> tuple[dict[str, Reading], dict[int, Reading]]:
    by_code: dict[str, Reading] = {}
    by_criterion: dict[int, Reading] = {}
    numbers = {criterion.number for criterion in criteria_set.criteria}
    for reading in review.readings:
        if reading.indicator is None:
            if reading.criterion not in numbers:
                raise EvaluationError(
                    f"criterion {reading.criterion} is not in set {criteria_set.code} "
                    f"(criteria 1-{criteria_set.criteria[-1].number})",
                    reading.location,
                )
            if reading.criterion in by_criterion:
                raise EvaluationError(
                    f"criterion {reading.criterion} has two verdicts "
                    f"(first at {by_criterion[reading.criterion].location.describe()})",
                    reading.location,
                )
            by_criterion[reading.criterion] = reading
            continue
        code = reading.indicator
        in_main = criteria_set.has_indicator(code)
        in_model = model_set is not None and model_set.has_indicator(code)
        if not (in_main or in_model):
            raise EvaluationError(
                f"indicator {code} is not in set {criteria_set.code}", reading.location
            )
        if code in by_code:
            raise EvaluationError(
                f"indicator {code} appears twice "
                f"(first at {by_code[code].location.describe() or 'an earlier reading'})",
                reading.location,
            )
        by_code[code] = reading
    return by_code, by_criterion


def _evaluate_criterion(
    criterion: Criterion,
    readings: Mapping[str, Reading],
    criterion_verdicts: Mapping[int, Reading],
    context: _Context,
    disagreements: list[Disagreement],
) -> CriterionResult:
    indicator_results = tuple(
        _evaluate_indicator(indicator, readings.get(indicator.code), context, disagreements)
        for indicator in criterion.indicators
    )
    statuses = [result.status for result in indicator_results]
    if statuses and all(status is IndicatorStatus.MET for status in statuses):
        rule = Outcome.MET
    elif IndicatorStatus.NOT_MET in statuses:
        rule = Outcome.NOT_MET
    else:
        rule = Outcome.UNDECIDED
    verdict_reading = criterion_verdicts.get(criterion.number)
    stated = None if verdict_reading is None else verdict_reading.verdict
    if rule is not Outcome.UNDECIDED:
        outcome, basis = rule, Basis.RULE
    elif stated is not None:
        outcome = Outcome.MET if stated is Verdict.MET else Outcome.NOT_MET
        basis = Basis.STATED
    else:
        outcome, basis = Outcome.UNDECIDED, Basis.NONE

    subject = f"criterion {criterion.number} ({criterion.name})"
    where = Location() if verdict_reading is None else verdict_reading.location
    if stated is not None and rule is not Outcome.UNDECIDED and (stated is Verdict.MET) != (
        rule is Outcome.MET
    ):
        failing = [r.indicator.code for r in indicator_results if r.status is not IndicatorStatus.MET]
        disagreements.append(
            Disagreement(
                subject=subject,
                stated=stated.label_vi,
                found="Đạt" if rule is Outcome.MET else "Chưa đạt",
                explanation=(
                    f"the readings meet every indicator"
                    if rule is Outcome.MET
                    else f"indicators not met by the rule: {', '.join(failing)}"
                ),
                location=where,
            )
        )
    elif stated is Verdict.MET and rule is Outcome.UNDECIDED:
        hedged = [
            r.indicator.code
            for r in indicator_results
            if r.reading is not None
            and r.reading.verdict in (Verdict.NOT_MET, Verdict.BASICALLY_MET)
        ]
        if hedged:
            disagreements.append(
                Disagreement(
                    subject=subject,
                    stated="Đạt",
                    found="Chưa đạt",
                    explanation=(
                        "the document's own verdicts on indicators "
                        f"{', '.join(hedged)} are not 'Đạt'"
                    ),
                    location=where,
                )
            )
    return CriterionResult(
        criterion=criterion,
        outcome=outcome,
        basis=basis,
        rule_outcome=rule,
        stated=stated,
        indicators=indicator_results,
        provisional=any(result.provisional for result in indicator_results),
    )


def _evaluate_indicator(
    indicator: Indicator,
    reading: Reading | None,
    context: _Context,
    disagreements: list[Disagreement],
) -> IndicatorResult:
    if reading is None or not reading.has_measure:
        return IndicatorResult(indicator=indicator, status=IndicatorStatus.NO_DATA, reading=reading)
    if indicator.kind is IndicatorKind.YES_NO:
        result = _evaluate_yes_no(indicator, reading)
    else:
        result = _evaluate_numeric(indicator, reading, context)
    _record_indicator_disagreement(result, disagreements)
    return result


def _evaluate_yes_no(indicator: Indicator, reading: Reading) -> IndicatorResult:
    if reading.result is None:
        return IndicatorResult(
            indicator=indicator,
            status=IndicatorStatus.NO_DATA,
            reading=reading,
            notes=("a number was given for a yes/no indicator; write 'Đạt' or 'Chưa đạt'",),
        )
    notes: list[str] = []
    if reading.result is Verdict.BASICALLY_MET:
        notes.append("'cơ bản đạt' is not 'đạt'")
    status = IndicatorStatus.MET if reading.result is Verdict.MET else IndicatorStatus.NOT_MET
    return IndicatorResult(indicator=indicator, status=status, reading=reading, notes=tuple(notes))


def _evaluate_numeric(indicator: Indicator, reading: Reading, context: _Context) -> IndicatorResult:
    notes: list[str] = []
    if reading.value is not None and reading.value.status is ValueStatus.ESTIMATED:
        notes.append("estimated value (ước), not an actual figure")
    if reading.value is not None and reading.value.status is ValueStatus.PLANNED:
        notes.append("planned value (kế hoạch), not an actual figure")
    threshold = _threshold(indicator, context)
    value, exact_ratio = _reading_value(indicator, reading, notes)
    base = IndicatorResult(
        indicator=indicator, status=IndicatorStatus.NO_DATA, reading=reading, value=value
    )
    if value is None and not exact_ratio:
        notes.append("no value to compare")
        return _with(base, notes=tuple(notes))
    if threshold is None:
        notes.append("no threshold applies to this region/group and year")
        return _with(base, status=IndicatorStatus.THRESHOLD_UNCONFIRMED, notes=tuple(notes))
    threshold_value = _threshold_value(indicator, threshold, context)
    if threshold_value is None:
        notes.append("threshold not known: to be confirmed against the official text")
        return _with(
            base,
            status=IndicatorStatus.THRESHOLD_UNCONFIRMED,
            threshold=threshold,
            notes=tuple(notes),
        )
    if not threshold.verified:
        notes.append("threshold not yet confirmed against the official text")
    comparator = indicator.comparator
    assert comparator is not None  # the schema requires it for numeric indicators
    approximate = False
    units = None
    if exact_ratio:
        assert reading.numerator is not None and reading.denominator is not None
        decision = compare_ratio(reading.numerator, reading.denominator, comparator, threshold_value)
        units = units_needed(reading.numerator, reading.denominator, comparator, threshold_value)
    else:
        assert reading.value is not None and value is not None
        decision, approximate = compare(value, reading.value.qualifier, comparator, threshold_value)
        if approximate:
            notes.append(f"approximate value ('{reading.value.raw}'): decided on its nominal number")
    if decision is Decision.UNDECIDED:
        notes.append(
            f"'{reading.value.raw if reading.value else value}' cannot be decided against "
            f"{comparator.symbol} {format_decimal(threshold_value)}"
        )
        status = IndicatorStatus.UNDECIDED
    else:
        status = IndicatorStatus.MET if decision is Decision.HOLDS else IndicatorStatus.NOT_MET
    gap = None
    exact_value = exact_ratio or (
        reading.value is not None and reading.value.qualifier is Qualifier.EXACT
    )
    if status is IndicatorStatus.NOT_MET and value is not None and exact_value:
        gap = abs(threshold_value - value)
    return _with(
        base,
        status=status,
        threshold=threshold,
        threshold_value=threshold_value,
        gap=gap,
        units_needed=units if status is IndicatorStatus.NOT_MET else None,
        approximate=approximate,
        notes=tuple(notes),
    )


def _reading_value(
    indicator: Indicator, reading: Reading, notes: list[str]
) -> tuple[Decimal | None, bool]:
    """The value to compare and whether it is an exact numerator/denominator ratio."""
    if reading.numerator is not None and reading.denominator is not None:
        if indicator.kind is not IndicatorKind.RATIO:
            raise EvaluationError(
                f"indicator {indicator.code} is a {indicator.kind.value}, "
                "not a ratio: give a value, not a numerator and denominator",
                reading.location,
            )
        quotient = reading.numerator * _HUNDRED / reading.denominator
        if reading.value is not None and reading.value.qualifier is Qualifier.EXACT:
            if abs(quotient - reading.value.number) > _RATIO_TOLERANCE:
                notes.append(
                    f"stated {format_decimal(reading.value.number)}% but "
                    f"{format_decimal(reading.numerator)}/{format_decimal(reading.denominator)}"
                    f" = {format_decimal(quotient)}%: the counts are used"
                )
        return quotient, True
    if reading.value is None:
        return None, False
    return reading.value.number, False


def _threshold(indicator: Indicator, context: _Context) -> Threshold | None:
    commune = context.review.commune
    scheme_needs = [t for t in indicator.thresholds if t.regions or t.commune_groups]
    if scheme_needs and commune.region is None and commune.commune_group is None:
        raise EvaluationError(
            f"indicator {indicator.code}'s threshold depends on the commune's "
            "region or commune group; give the commune's region (e.g. TDMNPB) or group (1-3)",
            Location(file=context.review.file or None, field="commune.region"),
        )
    return indicator.threshold_for(
        region=commune.region, commune_group=commune.commune_group, year=context.review.year
    )


def _threshold_value(
    indicator: Indicator, threshold: Threshold, context: _Context
) -> Decimal | None:
    relative = threshold.relative_to
    if relative is None:
        return threshold.value
    main = context.main_set
    base_code = main.code.split("+", 1)[0]
    if relative.criteria_set != base_code or not main.has_indicator(relative.indicator):
        context.warnings.append(
            f"{indicator.code}: its threshold derives from {relative.criteria_set} "
            f"indicator {relative.indicator}, which this review does not use"
        )
        return None
    base_indicator = main.indicator(relative.indicator)
    base_threshold = _threshold(base_indicator, context)
    if base_threshold is None or base_threshold.value is None:
        return None
    return base_threshold.value * relative.factor


def _with(result: IndicatorResult, **changes: Any) -> IndicatorResult:
    data = {**result.__dict__, **changes}
    return IndicatorResult(**data)


def _record_indicator_disagreement(
    result: IndicatorResult, disagreements: list[Disagreement]
) -> None:
    reading = result.reading
    if reading is None or reading.verdict is None:
        return
    if result.status not in (IndicatorStatus.MET, IndicatorStatus.NOT_MET):
        return
    stated_met = reading.verdict is Verdict.MET
    if stated_met == (result.status is IndicatorStatus.MET):
        return
    if result.status is IndicatorStatus.NOT_MET:
        detail = (
            f"value {_describe_value(result)} against {result.indicator.describe_threshold(result.threshold)}"
            if result.threshold is not None
            else f"result '{reading.result.label_vi if reading.result else ''}'"
        )
    else:
        detail = "the reading meets the standard"
    if result.provisional:
        detail += " (threshold not yet confirmed)"
    disagreements.append(
        Disagreement(
            subject=f"indicator {result.indicator.code}",
            stated=reading.verdict.label_vi,
            found="Đạt" if result.status is IndicatorStatus.MET else "Chưa đạt",
            explanation=detail,
            location=reading.location,
        )
    )


def _describe_value(result: IndicatorResult) -> str:
    reading = result.reading
    if reading is not None and reading.numerator is not None and reading.denominator is not None:
        assert result.value is not None
        return (
            f"{format_decimal(reading.numerator)}/{format_decimal(reading.denominator)}"
            f" = {format_decimal(result.value)}%"
        )
    if reading is not None and reading.value is not None:
        return reading.value.raw or format_decimal(reading.value.number)
    return "?"  # pragma: no cover - only called with a value


def _evaluate_levels(
    review: ReviewInput,
    criteria_set: CriteriaSet,
    results: Iterable[CriterionResult],
    model_set: CriteriaSet | None,
    model_results: tuple[CriterionResult, ...],
) -> tuple[LevelResult, ...]:
    held = {recognition.level for recognition in review.recognitions}
    results = tuple(results)
    levels: list[LevelResult] = []
    for level in criteria_set.requires:
        if level in held:
            levels.append(LevelResult(level=level, status=LevelStatus.HELD))
        else:
            levels.append(
                LevelResult(
                    level=level,
                    status=LevelStatus.NOT_ASSESSED,
                    note=f"not recognised, and not assessed by this review ({criteria_set.code})",
                )
            )
    blocking = tuple(r.number for r in results if r.outcome is not Outcome.MET)
    missing = tuple(level for level in criteria_set.requires if level not in held)
    own = criteria_set.level
    if own in held and not blocking:
        own_status = LevelStatus.HELD
    elif not blocking and not missing:
        own_status = LevelStatus.REACHED
    else:
        own_status = LevelStatus.NOT_REACHED
    levels.append(
        LevelResult(
            level=own,
            status=own_status,
            blocking_criteria=blocking,
            missing_levels=missing,
            note="held; this review no longer meets every criterion"
            if own in held and blocking
            else "",
        )
    )
    if model_set is not None:
        model_blocking_conditions = tuple(
            f"{r.criterion.indicators[0].code if r.criterion.indicators else r.number}: "
            f"{r.criterion.name}"
            for r in model_results
            if r.outcome is not Outcome.MET
        )
        reached = own_status in (LevelStatus.REACHED, LevelStatus.HELD) and not model_blocking_conditions
        levels.append(
            LevelResult(
                level=model_set.level,
                status=LevelStatus.REACHED if reached else LevelStatus.NOT_REACHED,
                blocking_criteria=blocking,
                missing_levels=() if own_status in (LevelStatus.REACHED, LevelStatus.HELD) else (
                    *missing,
                    own,
                ),
                blocking_conditions=model_blocking_conditions,
            )
        )
    return tuple(levels)


def _check_claim(result: ReviewResult) -> tuple[Disagreement, ...]:
    claim = result.review.claim
    if claim is None:
        return ()
    found: list[Disagreement] = []
    total = result.criteria_set.criteria_count
    if claim.criteria_met is not None and claim.criteria_met != result.met_count:
        undecided = result.numbers(Outcome.UNDECIDED)
        found.append(
            Disagreement(
                subject="overall",
                stated=f"{claim.criteria_met}/{total}",
                found=f"{result.met_count}/{total}",
                explanation=(
                    f"criteria met by rule or stated verdict: {result.met_count}"
                    + (f"; undecided: {', '.join(map(str, undecided))}" if undecided else "")
                ),
            )
        )
    if claim.level is not None:
        status = next((lv.status for lv in result.levels if lv.level is claim.level), None)
        if status not in (LevelStatus.REACHED, LevelStatus.HELD):
            blocking = next(
                (lv.blocking_criteria for lv in result.levels if lv.level is claim.level), ()
            )
            found.append(
                Disagreement(
                    subject="overall",
                    stated=f"proposed for {claim.level.label_vi}",
                    found="level not reached",
                    explanation=(
                        "criteria not met: " + ", ".join(map(str, blocking))
                        if blocking
                        else "the review does not assess this level"
                    ),
                )
            )
    return tuple(found)
