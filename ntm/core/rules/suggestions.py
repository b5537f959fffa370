"""Which unmet criteria to target first this year: :func:`suggest_targets`.

When an NTM officer drafts the year's plan, the product proposes an order in which to take
on the criteria the review found not met, nearest to being met first. **This ranking is
product policy, not law**: no decision prescribes it, and the officer decides. The law only
says which criteria are unmet: a criterion is met when every indicator meets the threshold
of the criteria set's decision (QĐ 318/QĐ-TTg, Phụ lục I and II, for the 2021-2025 sets;
see :func:`ntm.core.rules.evaluation.evaluate_review`).

The rule:

- Only criteria of the reviewed set whose outcome is NOT_MET are proposed; met and
  undecided criteria never are (nor the QĐ 319 model conditions, which are not criteria of
  the set).
- **Relative gap** of a failing indicator: ``gap / |threshold value|``, where the gap is how
  far the value is from the threshold in the indicator's own unit (percentage points for
  ratios, millions of đồng for income, …). Dividing by the threshold makes 3 points of
  health insurance and 3 million đồng of income comparable: a pure number, 0.05 meaning 5%
  of the threshold. A criterion's relative gap is the sum over its failing indicators,
  exact ``Decimal`` (division to the decimal context's 28 digits, like the ratios
  themselves). It is ``None`` when any failing indicator has no relative gap: a yes/no
  indicator (nothing to measure), an approximate value ("khoảng 55": no exact gap), or a
  **threshold of 0** (e.g. "≤ 0 nhà tạm"; any gap is infinitely many times a zero
  threshold, so no ratio is invented; the gap itself is still shown in its unit).
- **Order**, nearest first:

  1. criteria decided by the rule (evidence RULE), by the number of failing indicators,
     fewest first; among equal numbers, those whose relative gap is known come first, by
     relative gap, smallest first; then those whose relative gap is unknown; ties by
     criterion number;
  2. then criteria the rule cannot decide, whose "not met" is only the commune's own
     stated verdict (evidence STATED): with no failing reading, how close they are is
     unknown; by criterion number.

  The number of failing indicators is the first key for every rule-based criterion, so
  one failing yes/no indicator ranks before four failing numeric ones.
- Indicators the rule cannot decide (no data, undecided, threshold unknown) are counted in
  ``unknown`` and named in the reasons, but never counted as failing, and a missing value
  is never taken as zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ntm.core.catalog import IndicatorKind
from ntm.core.i18n import _, ngettext
from ntm.core.rules.results import (
    Basis,
    CriterionResult,
    IndicatorResult,
    IndicatorStatus,
    Outcome,
    ReviewResult,
)
from ntm.core.values import format_decimal

__all__ = ["TargetSuggestion", "suggest_targets"]

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_UNKNOWN_STATUSES = frozenset(
    {
        IndicatorStatus.NO_DATA,
        IndicatorStatus.UNDECIDED,
        IndicatorStatus.THRESHOLD_UNCONFIRMED,
    }
)


@dataclass(frozen=True)
class TargetSuggestion:
    """One unmet criterion proposed as a target, and why it ranks where it does.

    Attributes:
        criterion: the criterion's result from the review (outcome NOT_MET).
        rank: its place in the proposal, 1 for the nearest to being met.
        failing: how many of its indicators the rule finds not met (0 for STATED).
        unknown: how many of its indicators cannot be decided (no data, undecided,
            threshold unknown).
        relative_gap: the sum over the failing indicators of ``gap / |threshold|``, a pure
            number (0.05 = 5% of the thresholds), exact; ``None`` when any failing
            indicator has none (yes/no, approximate value, threshold 0) and for STATED.
        units_needed: households/persons still needed, summed over the failing indicators,
            when every failing indicator gives a count; else ``None``. Counts of different
            kinds (hộ, người) are added as they are; the reasons give each with its label.
        reasons: short lines in the active language, for the officer.
    """

    criterion: CriterionResult
    rank: int
    failing: int
    unknown: int
    relative_gap: Decimal | None
    units_needed: int | None
    reasons: tuple[str, ...]

    @property
    def number(self) -> int:
        """The criterion number."""
        return self.criterion.number

    @property
    def evidence(self) -> Basis:
        """What the ranking rests on: RULE (indicator readings) or STATED (only the
        commune's own verdict, so how close the criterion is cannot be told)."""
        return self.criterion.basis

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form; the relative gap as an exact string."""
        return {
            "rank": self.rank,
            "criterion": self.number,
            "name": self.criterion.criterion.name,
            "evidence": self.evidence.value,
            "failing": self.failing,
            "unknown": self.unknown,
            "relative_gap": None
            if self.relative_gap is None
            else f"{self.relative_gap.normalize():f}",
            "units_needed": self.units_needed,
            "reasons": list(self.reasons),
        }


def suggest_targets(
    result: ReviewResult, *, limit: int | None = None
) -> tuple[TargetSuggestion, ...]:
    """Propose the review's unmet criteria as this year's targets, nearest to being met first.

    Args:
        result: an evaluated review (:func:`ntm.core.rules.evaluation.evaluate_review`).
        limit: keep only the first ``limit`` suggestions; ``None`` keeps them all.

    Returns:
        The suggestions in rank order (ranks 1, 2, …), by the rule in this module's
        docstring; empty when no criterion is not met.

    Raises:
        ValueError: ``limit`` is negative.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    unmet = [c for c in result.criteria if c.outcome is Outcome.NOT_MET]
    measured = sorted((_measure(c) for c in unmet), key=_order)
    if limit is not None:
        measured = measured[:limit]
    return tuple(
        TargetSuggestion(
            criterion=m.criterion,
            rank=rank,
            failing=len(m.failing),
            unknown=len(m.unknown),
            relative_gap=m.relative_gap,
            units_needed=m.units_needed,
            reasons=_reasons(m),
        )
        for rank, m in enumerate(measured, start=1)
    )


@dataclass(frozen=True)
class _Measure:
    criterion: CriterionResult
    failing: tuple[IndicatorResult, ...]
    unknown: tuple[IndicatorResult, ...]
    relative_gap: Decimal | None
    units_needed: int | None


def _measure(criterion: CriterionResult) -> _Measure:
    failing = criterion.failing
    relative = [_relative_gap(r) for r in failing]
    units = [r.units_needed for r in failing]
    rule_based = criterion.basis is Basis.RULE
    return _Measure(
        criterion=criterion,
        failing=failing,
        unknown=tuple(r for r in criterion.indicators if r.status in _UNKNOWN_STATUSES),
        relative_gap=(
            sum((gap for gap in relative if gap is not None), _ZERO)
            if rule_based and None not in relative
            else None
        ),
        units_needed=(
            sum(count for count in units if count is not None)
            if rule_based and None not in units
            else None
        ),
    )


def _relative_gap(result: IndicatorResult) -> Decimal | None:
    """``gap / |threshold|`` for one failing indicator, or ``None`` (module docstring)."""
    gap, threshold = result.gap, result.threshold_value
    if gap is None or threshold is None or threshold == _ZERO:
        return None
    return gap / abs(threshold)


def _order(measure: _Measure) -> tuple[int, int, int, Decimal, int]:
    number = measure.criterion.number
    if measure.criterion.basis is not Basis.RULE:
        return (1, 0, 0, _ZERO, number)
    gap = measure.relative_gap
    if gap is None:
        return (0, len(measure.failing), 1, _ZERO, number)
    return (0, len(measure.failing), 0, gap, number)


def _reasons(measure: _Measure) -> tuple[str, ...]:
    criterion = measure.criterion
    unknown_codes = ", ".join(r.indicator.code for r in measure.unknown)
    if criterion.basis is not Basis.RULE:
        if all(r.reading is None for r in criterion.indicators):
            return (_("no indicator readings: the commune's own verdict only"),)
        # The rule is undecided, so at least one indicator cannot be decided.
        return (
            _("the readings do not decide it: the commune's own verdict only"),
            _unknown_line(len(measure.unknown), unknown_codes),
        )
    count = len(measure.failing)
    lines = [
        ngettext(
            "{count} indicator not met: {items}", "{count} indicators not met: {items}", count
        ).format(count=count, items=", ".join(_describe(r) for r in measure.failing))
    ]
    if measure.relative_gap is not None:
        lines.append(
            _("total gap relative to the thresholds: {percent}%").format(
                percent=format_decimal(measure.relative_gap * _HUNDRED)
            )
        )
    else:
        lines.append(
            _("no relative gap for {codes}: ranked by the number of indicators not met").format(
                codes=", ".join(
                    r.indicator.code for r in measure.failing if _relative_gap(r) is None
                )
            )
        )
    if measure.unknown:
        lines.append(_unknown_line(len(measure.unknown), unknown_codes))
    if criterion.provisional:
        lines.append(_("threshold not yet confirmed against the official text"))
    return tuple(lines)


def _unknown_line(count: int, codes: str) -> str:
    return ngettext(
        "{count} indicator cannot be decided: {codes}",
        "{count} indicators cannot be decided: {codes}",
        count,
    ).format(count=count, codes=codes)


def _describe(result: IndicatorResult) -> str:
    """``12.1 (gap 3,5 percentage points, 30 hộ)``; a yes/no indicator by its code alone."""
    indicator = result.indicator
    if indicator.kind is IndicatorKind.YES_NO:
        return indicator.code
    details: list[str] = []
    if result.gap is None:
        details.append(_("gap unknown"))
    else:
        gap = format_decimal(result.gap)
        if indicator.unit == "%":
            details.append(_("gap {gap} percentage points").format(gap=gap))
        elif indicator.unit:
            details.append(_("gap {gap} {unit}").format(gap=gap, unit=indicator.unit))
        else:
            details.append(_("gap {gap}").format(gap=gap))
    if result.threshold_value == _ZERO:
        details.append(_("threshold 0"))
    if result.units_needed is not None:
        details.append(f"{result.units_needed} {indicator.numerator}".rstrip())
    return f"{indicator.code} ({', '.join(details)})"
