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

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

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
from ntm.core.i18n import _
from ntm.core.review import Assessment, Reading, ReviewInput
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
    UNDECIDED = "undecided"
    NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True)
class Disagreement:
    """The commune's stated verdict (or claim) contradicts what the rule or its own readings say."""

    subject: str  # "criterion 9", "indicator 14.1", "overall"
    stated: str
    found: str
    explanation: str
    location: Location = field(default_factory=Location)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "subject": self.subject,
            "stated": self.stated,
            "found": self.found,
            "explanation": self.explanation,
            "where": self.location.describe() or None,
        }


class IndicatorResult(NamedTuple):
    """The rule applied to one indicator.

    A named tuple rather than a dataclass: a country-wide review builds half a million of
    them (see ``bench/review.py``), and a tuple is built several times faster.

    Attributes:
        value: the value compared, in the indicator's unit (for ratios the exact quotient
            in %, for display only; the comparison itself is exact).
        threshold: the threshold that applied, or ``None``.
        threshold_value: its value (for a derived threshold, the derived value), or ``None``.
        gap: how far the value is from the threshold, in the indicator's unit (positive),
            when not met and both are known exactly.
        units_needed: for ratios with counts, how many households/persons must change.
        approximate: the outcome rests on a "gần"/"khoảng" value's nominal number.
        notes: warnings in the active language, for the report (estimated value,
            unconfirmed threshold…).
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
            "note": None if reading is None else reading.note or None,
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


class CriterionResult(NamedTuple):
    """The rule applied to one criterion, and what the commune stated about it.

    ``outcome`` is the rule's outcome where it decides (``basis`` RULE), else the stated
    verdict (``basis`` STATED; "cơ bản đạt" counts as not met), else UNDECIDED.
    """

    criterion: Criterion
    outcome: Outcome
    basis: Basis
    rule_outcome: Outcome
    stated: Verdict | None
    indicators: tuple[IndicatorResult, ...]
    provisional: bool = False
    stated_by: Assessment | None = None

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
            "stated_by": None if self.stated_by is None else self.stated_by.value,
            "provisional": self.provisional,
            "indicators": [result.as_dict() for result in self.indicators],
        }


@dataclass(frozen=True)
class LevelResult:
    """Where the commune stands for one level, and what stands in the way.

    Attributes:
        status: HELD (recognised; stays held whatever this review says), REACHED (every
            criterion met and every required level held or reached), NOT_REACHED (a
            criterion or condition not met, or a required level missing), UNDECIDED
            (nothing fails, but some criteria cannot be decided), NOT_ASSESSED.
        blocking_criteria: criteria of the reviewed set not met.
        undecided_criteria: criteria of the reviewed set that cannot be decided.
        missing_levels: required levels neither held nor reached.
        blocking_conditions: model-level conditions (QĐ 319) not met.
        undecided_conditions: model-level conditions that cannot be decided.
        note: for a held level whose criteria are no longer all met, which ones.
    """

    level: Level
    status: LevelStatus
    blocking_criteria: tuple[int, ...] = ()
    missing_levels: tuple[Level, ...] = ()
    blocking_conditions: tuple[str, ...] = ()
    note: str = ""
    undecided_criteria: tuple[int, ...] = ()
    undecided_conditions: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "level": self.level.value,
            "label": self.level.label_vi,
            "status": self.status.value,
            "blocking_criteria": list(self.blocking_criteria),
            "undecided_criteria": list(self.undecided_criteria),
            "missing_levels": [level.value for level in self.missing_levels],
            "blocking_conditions": list(self.blocking_conditions),
            "undecided_conditions": list(self.undecided_conditions),
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
            _("the review is for set {review_set}, not {criteria_set}").format(
                review_set=review.criteria_set, criteria_set=criteria_set.code
            ),
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
        model_readings = _model_readings(model_set, readings)
        model_results = tuple(
            _evaluate_criterion(criterion, model_readings, {}, context, disagreements)
            for criterion in model_set.criteria
        )
    warnings.extend(
        _(
            "the recognition as {level} in {year} comes after the review year {review_year}: "
            "not counted as held"
        ).format(level=item.level.label_vi, year=item.year, review_year=review.year)
        for item in review.recognitions
        if item.year is not None and item.year > review.year
    )
    if not criteria_set.period_start <= review.year <= criteria_set.period_end:
        warnings.append(
            _("the review year {year} is outside the set's period {start}-{end}").format(
                year=review.year, start=criteria_set.period_start, end=criteria_set.period_end
            )
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
    if review.claim is None:
        return result
    claim_disagreements, claim_warnings = _check_claim(result)
    return ReviewResult(
        review=result.review,
        criteria_set=result.criteria_set,
        criteria=result.criteria,
        levels=result.levels,
        disagreements=(*result.disagreements, *claim_disagreements),
        warnings=(*result.warnings, *claim_warnings),
        model_conditions=result.model_conditions,
    )


@dataclass
class _Context:
    review: ReviewInput
    main_set: CriteriaSet
    warnings: list[str] = field(default_factory=list)

    #: code → (threshold, its value, the indicator a derived threshold misses, if any)
    resolved: dict[str, tuple[Threshold | None, Decimal | None, str | None]] = field(
        default_factory=dict
    )
    #: The note of a result against an unverified threshold, in the review's language
    #: (translated once per review: the fast path attaches it to many results).
    unverified_notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.unverified_notes = (_note_unverified(),)
        commune = self.review.commune
        key = ("thresholds", commune.region, commune.commune_group, self.review.year)
        memo = _memo_of(self.main_set)
        cached = memo.get(key)
        if cached is None:
            cached = memo[key] = {}
        self.resolved = cached

    def threshold(self, indicator: Indicator) -> tuple[Threshold | None, Decimal | None]:
        """The threshold for this commune and year, and its value (derived ones resolved).

        Resolved once per set, region, group and year and kept in the main set's memo: a
        country-wide review asks the same question ten thousand times.
        """
        found = self.resolved.get(indicator.code)
        if found is None:
            threshold = _threshold(indicator, self)
            value, missing = (
                (None, None) if threshold is None else _threshold_value(indicator, threshold, self)
            )
            found = self.resolved[indicator.code] = (threshold, value, missing)
        threshold, value, missing = found
        if missing is not None and threshold is not None and threshold.relative_to is not None:
            # Said on every review, not only the one that filled the cache.
            self.warnings.append(
                _(
                    "{code}: its threshold derives from {set} indicator {base}, "
                    "which this review does not use"
                ).format(code=indicator.code, set=threshold.relative_to.criteria_set, base=missing)
            )
        return threshold, value


def _memo_of(criteria_set: CriteriaSet) -> dict[Any, Any]:
    """The set's memo dictionary (a cache on an immutable set; never part of its value)."""
    return criteria_set._memo


def _model_readings(model_set: CriteriaSet, readings: dict[str, Reading]) -> dict[str, Reading]:
    """Readings for the model conditions: a derived condition without its own reading (KM2,
    income 10% above the nâng cao requirement) reads the indicator it derives from (10)."""
    model_readings = readings
    for indicator in model_set.indicators():
        if indicator.code in readings:
            continue
        for threshold in indicator.thresholds:
            base = (
                None
                if threshold.relative_to is None
                else readings.get(threshold.relative_to.indicator)
            )
            if base is not None and base.value is not None:
                if model_readings is readings:
                    model_readings = dict(readings)
                model_readings[indicator.code] = replace(
                    base,
                    criterion=indicator.criterion,
                    indicator=indicator.code,
                    verdict=None,
                    note=_("the reading of indicator {code}").format(
                        code=threshold.relative_to.indicator  # type: ignore[union-attr]
                    ),
                )
                break
    return model_readings


def _index_readings(
    review: ReviewInput, criteria_set: CriteriaSet, model_set: CriteriaSet | None
) -> tuple[dict[str, Reading], dict[int, Reading]]:
    by_code: dict[str, Reading] = {}
    by_criterion: dict[int, Reading] = {}
    for reading in review.readings:
        if reading.indicator is None:
            if not criteria_set.has_criterion(reading.criterion):
                raise EvaluationError(
                    _("criterion {number} is not in set {set} (criteria 1-{last})").format(
                        number=reading.criterion,
                        set=criteria_set.code,
                        last=criteria_set.criteria[-1].number,
                    ),
                    reading.location,
                )
            if reading.criterion in by_criterion:
                raise EvaluationError(
                    _("criterion {number} has two verdicts (first at {where})").format(
                        number=reading.criterion,
                        where=by_criterion[reading.criterion].location.describe(),
                    ),
                    reading.location,
                )
            by_criterion[reading.criterion] = reading
            continue
        code = reading.indicator
        if code in by_code:
            raise EvaluationError(
                _("indicator {code} appears twice (first at {where})").format(
                    code=code,
                    where=by_code[code].location.describe() or _("an earlier reading"),
                ),
                reading.location,
            )
        if not criteria_set.has_indicator(code) and not (
            model_set is not None and model_set.has_indicator(code)
        ):
            raise EvaluationError(
                _("indicator {code} is not in set {set}").format(code=code, set=criteria_set.code),
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
    results: list[IndicatorResult] = []
    all_met = bool(criterion.indicators)
    any_not_met = False
    provisional = False
    for indicator in criterion.indicators:
        reading = readings.get(indicator.code)
        if reading is None:
            results.append(IndicatorResult(indicator, _NO_DATA))
            all_met = False
            continue
        result = _fast_result(indicator, reading, context)
        if result is None:
            result = _evaluate_indicator(indicator, reading, context)
        results.append(result)
        status = result.status
        if status is not _MET:
            all_met = False
            if status is _NOT_MET:
                any_not_met = True
        if reading.verdict is not None:
            _record_indicator_disagreement(result, disagreements)
        threshold = result.threshold
        if threshold is not None and not threshold.verified and status in _DECIDED:
            provisional = True
    indicator_results = tuple(results)
    rule = Outcome.MET if all_met else Outcome.NOT_MET if any_not_met else Outcome.UNDECIDED
    verdict_reading = criterion_verdicts.get(criterion.number)
    stated = None if verdict_reading is None else verdict_reading.verdict
    outcome: Outcome
    stated_by = None if verdict_reading is None else verdict_reading.assessment
    if rule is not Outcome.UNDECIDED:
        outcome, basis = rule, Basis.RULE
    elif stated is not None:
        outcome = Outcome.MET if stated is Verdict.MET else Outcome.NOT_MET
        basis = Basis.STATED
    else:
        outcome, stated_by = _stated_by_indicators(indicator_results)
        basis = Basis.NONE if outcome is Outcome.UNDECIDED else Basis.STATED
    if stated is not None:
        _record_criterion_disagreement(
            criterion, rule, stated, indicator_results, verdict_reading, disagreements
        )
    return tuple.__new__(
        CriterionResult,
        (criterion, outcome, basis, rule, stated, indicator_results, provisional, stated_by),
    )


_ASSESSMENT_RANK = {Assessment.SELF_ASSESSED: 0, Assessment.VERIFIED: 1, Assessment.APPRAISED: 2}


def _stated_by_indicators(
    results: tuple[IndicatorResult, ...],
) -> tuple[Outcome, Assessment | None]:
    """Where the rule cannot decide a criterion and no verdict on it is stated: the outcome
    from each indicator's rule status, or, where the rule cannot decide an indicator, the
    verdict stated on it. One indicator stated not met decides it; otherwise it is
    undecided while any indicator has neither a rule status nor a stated verdict."""
    if not results:
        return Outcome.UNDECIDED, None
    outcome = Outcome.MET
    assessment: Assessment | None = None
    for result in results:
        if result.status is _MET or result.status is _NOT_MET:
            continue  # decided by the rule (a NOT_MET would have decided the criterion)
        reading = result.reading
        if reading is None or reading.verdict is None:
            if outcome is Outcome.MET:
                outcome = Outcome.UNDECIDED
            continue
        if reading.verdict is not Verdict.MET:
            outcome = Outcome.NOT_MET
        if (
            assessment is None
            or _ASSESSMENT_RANK[reading.assessment] > _ASSESSMENT_RANK[assessment]
        ):
            assessment = reading.assessment
    return outcome, (None if outcome is Outcome.UNDECIDED else assessment)


def _record_criterion_disagreement(
    criterion: Criterion,
    rule: Outcome,
    stated: Verdict,
    indicator_results: tuple[IndicatorResult, ...],
    verdict_reading: Reading | None,
    disagreements: list[Disagreement],
) -> None:
    subject = _("criterion {number} ({name})").format(number=criterion.number, name=criterion.name)
    where = Location() if verdict_reading is None else verdict_reading.location
    if rule is not Outcome.UNDECIDED and (stated is Verdict.MET) != (rule is Outcome.MET):
        failing = [
            r.indicator.code for r in indicator_results if r.status is not IndicatorStatus.MET
        ]
        disagreements.append(
            Disagreement(
                subject=subject,
                stated=stated.label_vi,
                found="Đạt" if rule is Outcome.MET else "Chưa đạt",
                explanation=(
                    _("the readings meet every indicator")
                    if rule is Outcome.MET
                    else _("indicators not met by the rule: {codes}").format(
                        codes=", ".join(failing)
                    )
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
                    explanation=_(
                        "the document's own verdicts on indicators {codes} are not 'Đạt'"
                    ).format(codes=", ".join(hedged)),
                    location=where,
                )
            )


_NO_NOTES: tuple[str, ...] = ()
_MET = IndicatorStatus.MET
_NOT_MET = IndicatorStatus.NOT_MET
_NO_DATA = IndicatorStatus.NO_DATA
_DECIDED = frozenset({IndicatorStatus.MET, IndicatorStatus.NOT_MET})
_YES_NO = IndicatorKind.YES_NO
_VERDICT_MET = Verdict.MET
_RATIO = IndicatorKind.RATIO
_EXACT = Qualifier.EXACT
_ACTUAL = ValueStatus.ACTUAL


_OPERATORS = {
    Comparator.GE: operator.ge,
    Comparator.GT: operator.gt,
    Comparator.LE: operator.le,
    Comparator.LT: operator.lt,
}


def _new_result(fields: tuple[Any, ...]) -> IndicatorResult:
    # tuple.__new__ skips the generated __new__'s argument handling: 2-3x faster.
    return tuple.__new__(IndicatorResult, fields)


def _note_estimated() -> str:
    return _("estimated value (ước), not an actual figure")


def _note_planned() -> str:
    return _("planned value (kế hoạch), not an actual figure")


def _note_unverified() -> str:
    return _("threshold not yet confirmed against the official text")


def _note_unknown() -> str:
    return _("threshold not known: to be confirmed against the official text")


def _note_no_threshold() -> str:
    return _("no threshold applies to this region/group and year")


def _fast_result(
    indicator: Indicator, reading: Reading, context: _Context
) -> IndicatorResult | None:
    """The common cases, without notes: a yes/no "Đạt", an exact ratio or an exact actual value
    against a known threshold. ``None`` sends the reading down the general path, which
    gives the same answer for these cases (the tests run both)."""
    if indicator.kind is _YES_NO:
        if reading.result is _VERDICT_MET:
            return _new_result((indicator, _MET, reading, None, None, None, None, None, False, ()))
        return None
    found = context.resolved.get(indicator.code)
    if found is None or found[2] is not None:
        threshold, threshold_value = context.threshold(indicator)
    else:
        threshold, threshold_value = found[0], found[1]
    if threshold_value is None or threshold is None:
        return None
    notes = _NO_NOTES if threshold.verified else context.unverified_notes
    comparator = indicator.comparator
    assert comparator is not None
    holds = _OPERATORS[comparator]
    numerator, denominator, stated = reading.numerator, reading.denominator, reading.value
    if numerator is not None and denominator is not None:
        if stated is not None or indicator.kind is not _RATIO:
            return None
        scaled = numerator * _HUNDRED
        value = scaled / denominator
        if holds(scaled, threshold_value * denominator):
            return _new_result(
                (
                    indicator,
                    _MET,
                    reading,
                    value,
                    threshold,
                    threshold_value,
                    None,
                    None,
                    False,
                    notes,
                )
            )
        units = units_needed(numerator, denominator, comparator, threshold_value)
        gap = abs(threshold_value - value)
        return _new_result(
            (
                indicator,
                _NOT_MET,
                reading,
                value,
                threshold,
                threshold_value,
                gap,
                units,
                False,
                notes,
            )
        )
    if stated is None or stated.qualifier is not _EXACT or stated.status is not _ACTUAL:
        return None
    value = stated.number
    if holds(value, threshold_value):
        return _new_result(
            (indicator, _MET, reading, value, threshold, threshold_value, None, None, False, notes)
        )
    gap = abs(threshold_value - value)
    return _new_result(
        (indicator, _NOT_MET, reading, value, threshold, threshold_value, gap, None, False, notes)
    )


def _evaluate_indicator(
    indicator: Indicator, reading: Reading | None, context: _Context
) -> IndicatorResult:
    if reading is None or not reading.has_measure:
        return IndicatorResult(indicator, IndicatorStatus.NO_DATA, reading)
    if indicator.kind is IndicatorKind.YES_NO:
        return _evaluate_yes_no(indicator, reading)
    return _evaluate_numeric(indicator, reading, context)


def _evaluate_yes_no(indicator: Indicator, reading: Reading) -> IndicatorResult:
    result = reading.result
    if result is None:
        return IndicatorResult(
            indicator,
            IndicatorStatus.NO_DATA,
            reading,
            notes=(_("a number was given for a yes/no indicator; write 'Đạt' or 'Chưa đạt'"),),
        )
    if result is Verdict.MET:
        return IndicatorResult(indicator, IndicatorStatus.MET, reading)
    notes = (_("'cơ bản đạt' is not 'đạt'"),) if result is Verdict.BASICALLY_MET else _NO_NOTES
    return IndicatorResult(indicator, IndicatorStatus.NOT_MET, reading, notes=notes)


def _evaluate_numeric(indicator: Indicator, reading: Reading, context: _Context) -> IndicatorResult:
    notes: list[str] | None = None
    stated = reading.value
    if stated is not None and stated.status is not ValueStatus.ACTUAL:
        notes = [_note_estimated() if stated.status is ValueStatus.ESTIMATED else _note_planned()]
    numerator, denominator = reading.numerator, reading.denominator
    exact_ratio = numerator is not None and denominator is not None
    if exact_ratio:
        value: Decimal | None = _ratio_value(indicator, reading, notes_holder := [notes])
        notes = notes_holder[0]
    else:
        value = None if stated is None else stated.number
    if value is None:
        return IndicatorResult(
            indicator,
            IndicatorStatus.NO_DATA,
            reading,
            notes=(*(notes or ()), _("no value to compare")),
        )
    threshold, threshold_value = context.threshold(indicator)
    if threshold is None:
        return IndicatorResult(
            indicator,
            IndicatorStatus.THRESHOLD_UNCONFIRMED,
            reading,
            value,
            notes=(*(notes or ()), _note_no_threshold()),
        )
    if threshold_value is None:
        return IndicatorResult(
            indicator,
            IndicatorStatus.THRESHOLD_UNCONFIRMED,
            reading,
            value,
            threshold,
            notes=(*(notes or ()), _note_unknown()),
        )
    if not threshold.verified:
        notes = [*(notes or ()), *context.unverified_notes]
    comparator = indicator.comparator
    assert comparator is not None  # the schema requires it for numeric indicators
    approximate = False
    if exact_ratio:
        assert numerator is not None and denominator is not None
        decision = compare_ratio(numerator, denominator, comparator, threshold_value)
    else:
        assert stated is not None
        decision, approximate = compare(
            stated.number, stated.qualifier, comparator, threshold_value
        )
        if approximate:
            notes = [
                *(notes or ()),
                _("approximate value ('{value}'): decided on its nominal number").format(
                    value=stated.raw
                ),
            ]
    if decision is Decision.HOLDS:
        return IndicatorResult(
            indicator,
            IndicatorStatus.MET,
            reading,
            value,
            threshold,
            threshold_value,
            None,
            None,
            approximate,
            _NO_NOTES if notes is None else tuple(notes),
        )
    if decision is Decision.UNDECIDED:
        notes = [
            *(notes or ()),
            _("'{value}' cannot be decided against {comparator} {threshold}").format(
                value=stated.raw if stated else value,
                comparator=comparator.symbol,
                threshold=format_decimal(threshold_value),
            ),
        ]
        return IndicatorResult(
            indicator,
            IndicatorStatus.UNDECIDED,
            reading,
            value,
            threshold,
            threshold_value,
            notes=tuple(notes),
        )
    units = None
    if exact_ratio:
        assert numerator is not None and denominator is not None
        units = units_needed(numerator, denominator, comparator, threshold_value)
    exact_value = exact_ratio or (stated is not None and stated.qualifier is Qualifier.EXACT)
    return IndicatorResult(
        indicator,
        IndicatorStatus.NOT_MET,
        reading,
        value,
        threshold,
        threshold_value,
        abs(threshold_value - value) if exact_value else None,
        units,
        approximate,
        _NO_NOTES if notes is None else tuple(notes),
    )


def _ratio_value(
    indicator: Indicator, reading: Reading, notes_holder: list[list[str] | None]
) -> Decimal:
    """The exact quotient in %, checking it against a stated percentage."""
    numerator, denominator = reading.numerator, reading.denominator
    assert numerator is not None and denominator is not None
    if indicator.kind is not IndicatorKind.RATIO:
        message = (
            _(
                "indicator {code} is a yes_no, not a ratio: give a value, "
                "not a numerator and denominator"
            )
            if indicator.kind is IndicatorKind.YES_NO
            else _(
                "indicator {code} is a quantity, not a ratio: give a value, "
                "not a numerator and denominator"
            )
        )
        raise EvaluationError(message.format(code=indicator.code), reading.location)
    quotient = numerator * _HUNDRED / denominator
    stated = reading.value
    if (
        stated is not None
        and stated.qualifier is Qualifier.EXACT
        and abs(quotient - stated.number) > _RATIO_TOLERANCE
    ):
        notes_holder[0] = [
            *(notes_holder[0] or ()),
            _(
                "stated {stated}% but {numerator}/{denominator} = {quotient}%: the counts are used"
            ).format(
                stated=format_decimal(stated.number),
                numerator=format_decimal(numerator),
                denominator=format_decimal(denominator),
                quotient=format_decimal(quotient),
            ),
        ]
    return quotient


def _threshold(indicator: Indicator, context: _Context) -> Threshold | None:
    commune = context.review.commune
    scheme_needs = [t for t in indicator.thresholds if t.regions or t.commune_groups]
    if scheme_needs and commune.region is None and commune.commune_group is None:
        raise EvaluationError(
            _(
                "indicator {code}'s threshold depends on the commune's region or commune "
                "group; give the commune's region (e.g. TDMNPB) or group (1-3)"
            ).format(code=indicator.code),
            Location(file=context.review.file or None, field="commune.region"),
        )
    return indicator.threshold_for(
        region=commune.region, commune_group=commune.commune_group, year=context.review.year
    )


def _threshold_value(
    indicator: Indicator, threshold: Threshold, context: _Context
) -> tuple[Decimal | None, str | None]:
    """The threshold's value, and for a derived one whose base this review lacks, the base."""
    relative = threshold.relative_to
    if relative is None:
        return threshold.value, None
    main = context.main_set
    base_code = main.code.split("+", 1)[0]
    if relative.criteria_set != base_code or not main.has_indicator(relative.indicator):
        return None, relative.indicator
    base_value = context.threshold(main.indicator(relative.indicator))[1]
    if base_value is None:
        return None, None
    return base_value * relative.factor, None


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
        standard = result.indicator.describe_threshold(result.threshold)
        detail = (
            _("value {value} against {standard}").format(
                value=_describe_value(result), standard=standard
            )
            if result.threshold is not None
            else _("result '{result}'").format(
                result=reading.result.label_vi if reading.result else ""
            )
        )
    else:
        detail = _("the reading meets the standard")
    if result.provisional:
        detail = _("{explanation} (threshold not yet confirmed)").format(explanation=detail)
    disagreements.append(
        Disagreement(
            subject=_("indicator {code}").format(code=result.indicator.code),
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


#: A recognised level implies the levels below it (QĐ 18/2022: nâng cao is given to a xã NTM,
#: kiểu mẫu to a xã NTM nâng cao).
_IMPLIED: dict[Level, tuple[Level, ...]] = {
    Level.ADVANCED: (Level.BASIC,),
    Level.MODEL: (Level.ADVANCED, Level.BASIC),
}


def _held_levels(review: ReviewInput) -> set[Level]:
    """Levels recognised by the review year (a later recognition is not held yet)."""
    held: set[Level] = set()
    for recognition in review.recognitions:
        if recognition.year is not None and recognition.year > review.year:
            continue
        held.add(recognition.level)
        held.update(_IMPLIED.get(recognition.level, ()))
    return held


def _evaluate_levels(
    review: ReviewInput,
    criteria_set: CriteriaSet,
    results: Iterable[CriterionResult],
    model_set: CriteriaSet | None,
    model_results: tuple[CriterionResult, ...],
) -> tuple[LevelResult, ...]:
    held = _held_levels(review)
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
                    note=_("not recognised, and not assessed by this review ({set})").format(
                        set=criteria_set.code
                    ),
                )
            )
    not_met = tuple(r.number for r in results if r.outcome is Outcome.NOT_MET)
    undecided = tuple(r.number for r in results if r.outcome is Outcome.UNDECIDED)
    missing = tuple(level for level in criteria_set.requires if level not in held)
    own = criteria_set.level
    note = ""
    if own in held:
        own_status = LevelStatus.HELD
        if not_met:
            note = _("recognised; criteria no longer met: {numbers}").format(
                numbers=", ".join(map(str, not_met))
            )
    elif not not_met and not undecided and not missing:
        own_status = LevelStatus.REACHED
    elif not_met or missing:
        own_status = LevelStatus.NOT_REACHED
    else:
        own_status = LevelStatus.UNDECIDED
    levels.append(
        LevelResult(
            level=own,
            status=own_status,
            blocking_criteria=not_met,
            undecided_criteria=undecided,
            missing_levels=missing,
            note=note,
        )
    )
    if model_set is not None:
        levels.append(
            _model_level(
                model_set, model_results, own, own_status, missing, not_met, undecided, held
            )
        )
    return tuple(levels)


def _model_level(
    model_set: CriteriaSet,
    model_results: tuple[CriterionResult, ...],
    own: Level,
    own_status: LevelStatus,
    missing: tuple[Level, ...],
    not_met: tuple[int, ...],
    undecided: tuple[int, ...],
    held: set[Level],
) -> LevelResult:
    """The QĐ 319 model level: the advanced level held or reached, plus its conditions."""
    conditions_not_met = [r for r in model_results if r.outcome is Outcome.NOT_MET]
    conditions_undecided = [r for r in model_results if r.outcome is Outcome.UNDECIDED]
    base_ok = own_status in (LevelStatus.REACHED, LevelStatus.HELD)
    blocking = tuple(f"{_condition_code(r)}: {r.criterion.name}" for r in conditions_not_met)
    undecided_conditions = tuple(
        f"{_condition_code(r)}: {r.criterion.name}" for r in conditions_undecided
    )
    if model_set.level in held:
        status = LevelStatus.HELD
    elif base_ok and not blocking and not undecided_conditions:
        status = LevelStatus.REACHED
    elif own_status is LevelStatus.NOT_REACHED or conditions_not_met:
        status = LevelStatus.NOT_REACHED
    else:
        status = LevelStatus.UNDECIDED
    held_note = ""
    if status is LevelStatus.HELD and conditions_not_met:
        held_note = _("recognised; conditions no longer met: {codes}").format(
            codes=", ".join(_condition_code(r) for r in conditions_not_met)
        )
    return LevelResult(
        level=model_set.level,
        status=status,
        blocking_criteria=() if base_ok else not_met,
        undecided_criteria=() if base_ok else undecided,
        missing_levels=() if base_ok else (*missing, own),
        blocking_conditions=() if status is LevelStatus.HELD else blocking,
        undecided_conditions=() if status is LevelStatus.HELD else undecided_conditions,
        note=held_note,
    )


def _condition_code(result: CriterionResult) -> str:
    indicators = result.criterion.indicators
    return indicators[0].code if len(indicators) == 1 else str(result.number)


def _check_claim(result: ReviewResult) -> tuple[tuple[Disagreement, ...], tuple[str, ...]]:
    """Compare the document's overall claim with the review: (disagreements, warnings).

    A claim is contradicted only by what the review decides: a count above what can still
    be met, or below what is met; a level proposed while a criterion is not met, a
    required level is missing, or fewer criteria are claimed than the set has (case 04).
    A claim that only undecided criteria stand between is a warning, not a disagreement.
    """
    claim = result.review.claim
    if claim is None:
        return (), ()
    found: list[Disagreement] = []
    warnings: list[str] = []
    total = result.criteria_set.criteria_count
    met = result.met_count
    undecided = result.numbers(Outcome.UNDECIDED)
    not_met = result.numbers(Outcome.NOT_MET)
    if claim.criteria_met is not None:
        if claim.criteria_met > met + len(undecided) or claim.criteria_met < met:
            met_numbers = ", ".join(map(str, result.numbers(Outcome.MET))) or _("none")
            found.append(
                Disagreement(
                    subject=_("overall"),
                    stated=f"{claim.criteria_met}/{total}",
                    found=f"{met}/{total}",
                    explanation=(
                        _("criteria met: {met}; not met: {not_met}").format(
                            met=met_numbers, not_met=", ".join(map(str, not_met))
                        )
                        if not_met
                        else _("criteria met: {met}").format(met=met_numbers)
                    ),
                )
            )
        elif undecided and claim.criteria_met != met:
            warnings.append(
                _(
                    "the document claims {claimed}/{total} criteria; the review confirms "
                    "{met} and cannot decide {undecided}"
                ).format(
                    claimed=claim.criteria_met,
                    total=total,
                    met=met,
                    undecided=", ".join(map(str, undecided)),
                )
            )
    if claim.level is not None:
        level = next((lv for lv in result.levels if lv.level is claim.level), None)
        label = claim.level.label_vi
        if (
            claim.criteria_met is not None
            and claim.criteria_met < total
            and level is not None
            and level.level is result.criteria_set.level
        ):
            found.append(
                Disagreement(
                    subject=_("overall"),
                    stated=_("proposed for {level} with {claimed}/{total} criteria").format(
                        level=label, claimed=claim.criteria_met, total=total
                    ),
                    found=_("level not reached"),
                    explanation=_("every one of the {total} criteria must be met").format(
                        total=total
                    ),
                )
            )
        elif level is None:
            warnings.append(
                _("the document proposes {level}; this review does not assess it").format(
                    level=label
                )
            )
        elif level.status is LevelStatus.NOT_REACHED:
            reasons = []
            if level.blocking_criteria:
                reasons.append(
                    _("criteria not met: {numbers}").format(
                        numbers=", ".join(map(str, level.blocking_criteria))
                    )
                )
            if level.missing_levels:
                reasons.append(
                    _("not held: {levels}").format(
                        levels=", ".join(lv.label_vi for lv in level.missing_levels)
                    )
                )
            if level.blocking_conditions:
                reasons.append(
                    _("conditions not met: {conditions}").format(
                        conditions="; ".join(level.blocking_conditions)
                    )
                )
            found.append(
                Disagreement(
                    subject=_("overall"),
                    stated=_("proposed for {level}").format(level=label),
                    found=_("level not reached"),
                    explanation="; ".join(reasons),
                )
            )
        elif level.status is LevelStatus.UNDECIDED:
            warnings.append(
                _(
                    "the document proposes {level}; the review cannot confirm it yet "
                    "(undecided: {undecided})"
                ).format(
                    level=label,
                    undecided=", ".join(map(str, level.undecided_criteria)) or _("conditions"),
                )
            )
    return tuple(found), tuple(warnings)
