"""Review a commune against a criteria set: :func:`evaluate_review`. Each indicator's
reading is compared, in exact ``Decimal``, with the threshold for the commune's region or
commune group and the review year (QĐ 318/QĐ-TTg, QĐ 319/QĐ-TTg, QĐ 18/2022/QĐ-TTg as set
out in ``shared/reference/criteria-sets.md``), by a fast path for the common readings or by
the general path, which gives the same answer with its notes. Each criterion is then met,
not met or undecided, and the commune's stated verdicts on indicators and criteria are
checked against the rule. The levels and the document's claim are left to
:mod:`ntm.core.rules.levels`; the result types live in :mod:`ntm.core.rules.results` and
are re-exported here.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ntm.core.catalog import (
    Comparator,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKind,
    Threshold,
)
from ntm.core.exceptions import EvaluationError, Location
from ntm.core.i18n import _
from ntm.core.review import Assessment, Reading, ReviewInput
from ntm.core.rules.comparison import Decision, compare, compare_ratio, units_needed
from ntm.core.rules.levels import check_claim, evaluate_levels
from ntm.core.rules.results import (
    Basis,
    CriterionResult,
    Disagreement,
    IndicatorResult,
    IndicatorStatus,
    Outcome,
    ReviewResult,
)
from ntm.core.values import Qualifier, ValueStatus, Verdict, format_decimal

__all__ = ["evaluate_review"]

_HUNDRED = Decimal(100)
#: Stated percentage vs recomputed numerator/denominator: tolerated difference, in points
#: (shared/cases/README.md, requirement 6).
_RATIO_TOLERANCE = Decimal("0.05")


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

    Rules:

    - an indicator is met when its reading meets the threshold that applies to the commune's
      region (or commune group) and the review year; a yes/no indicator when its result is
      "Đạt". "Cơ bản đạt" is never "Đạt". A missing reading is "no data", never zero; a
      threshold whose value is not known is "threshold unconfirmed", never guessed;
    - a criterion is met when every one of its indicators is met;
    - a level is reached when every criterion of its set is met and the levels it requires
      are held (xã NTM nâng cao requires xã NTM); xã NTM kiểu mẫu additionally requires the
      QĐ 319 conditions of the model set that builds on the nâng cao set
      (:func:`ntm.core.rules.levels.evaluate_levels`).

    Where the rule cannot decide a criterion (no readings, unknown thresholds), the
    commune's own stated verdict is reported as the outcome, marked as stated, not as ruled.
    Where the rule decides and the commune stated otherwise, the result lists the
    disagreement; so does a document's overall claim that the review contradicts
    (:func:`ntm.core.rules.levels.check_claim`).

    Returns:
        A :class:`ReviewResult`.

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
    levels = evaluate_levels(review, criteria_set, results, model_set, model_results)
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
    claim_disagreements, claim_warnings = check_claim(result)
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
