"""Shape the core's results for the pages: the headline, one row per criterion, one per
indicator. Text for people goes through Django's translation."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core import Level
from ntm.core.rules.results import (
    Basis,
    CriterionResult,
    IndicatorResult,
    IndicatorStatus,
    LevelStatus,
    Outcome,
    ReviewResult,
)
from ntm.core.values import format_decimal
from ntm.evidence.selectors import evidence_counts
from ntm.plans.selectors import Owner, plan_owners
from ntm.reviews.models import Reading, Review


def level_word(level: Level) -> str:
    return {
        Level.BASIC: _("NTM"),
        Level.ADVANCED: _("advanced"),
        Level.MODEL: _("model"),
        Level.MODERN: _("modern"),
    }[level]


def headline(result: ReviewResult) -> str:
    """ "đạt 8/19 tiêu chí nâng cao"."""
    return _("met %(met)d/%(count)d %(level)s criteria") % {
        "met": result.met_count,
        "count": result.criteria_set.criteria_count,
        "level": level_word(result.criteria_set.level),
    }


#: A criterion's outcome as a mark in tables (province matrix, public page).
OUTCOME_MARKS = {Outcome.MET: "✓", Outcome.NOT_MET: "✗", Outcome.UNDECIDED: "?"}


def outcome_label(outcome: Outcome) -> str:
    return {
        Outcome.MET: _("Met"),
        Outcome.NOT_MET: _("Not met"),
        Outcome.UNDECIDED: _("Undecided"),
    }[outcome]


def status_label(status: IndicatorStatus) -> str:
    return {
        IndicatorStatus.MET: _("Met"),
        IndicatorStatus.NOT_MET: _("Not met"),
        IndicatorStatus.NO_DATA: _("No data"),
        IndicatorStatus.THRESHOLD_UNCONFIRMED: _("Threshold unconfirmed"),
        IndicatorStatus.UNDECIDED: _("Undecided"),
    }[status]


def level_status_label(status: LevelStatus) -> str:
    return {
        LevelStatus.HELD: _("recognised"),
        LevelStatus.REACHED: _("reached"),
        LevelStatus.NOT_REACHED: _("not reached"),
        LevelStatus.UNDECIDED: _("undecided"),
        LevelStatus.NOT_ASSESSED: _("not assessed"),
    }[status]


@dataclass(frozen=True)
class LevelRow:
    label: str
    status: str
    status_label: str


def level_rows(result: ReviewResult) -> list[LevelRow]:
    """The levels the review assesses, with their status ("xã NTM: đã công nhận")."""
    return [
        LevelRow(level.level.label_vi, level.status.value, level_status_label(level.status))
        for level in result.levels
        if level.status is not LevelStatus.NOT_ASSESSED
    ]


def gap_text(result: IndicatorResult) -> str:
    """ "còn thiếu 3,5% (12 hộ)", or "" when the gap is unknown."""
    if result.gap is None:
        return ""
    unit = result.indicator.unit
    text = f"{format_decimal(result.gap)}{unit if unit == '%' else ' ' + unit if unit else ''}"
    if result.units_needed:
        text += f" ({result.units_needed} {result.indicator.numerator})"
    return _("short by %(gap)s") % {"gap": text}


@dataclass(frozen=True)
class IndicatorRow:
    result: IndicatorResult
    reading: Reading | None
    status: str
    status_label: str
    standard: str
    gap: str


def indicator_row(
    result: IndicatorResult, reading: Reading | None, review: Review | None = None
) -> IndicatorRow:
    """An indicator's row. The standard is shown even before any reading: the threshold
    that applies to the review's commune (region, group) and year; an unverified one is
    marked, and so is a result that rests on it."""
    threshold = result.threshold
    if threshold is None and review is not None:
        threshold = result.indicator.threshold_for(
            region=review.region or None, commune_group=review.commune_group, year=review.year
        )
    standard = result.indicator.describe_threshold(threshold)
    if threshold is not None and threshold.value is not None and not threshold.verified:
        standard += " " + _("(not yet verified)")
    label = status_label(result.status)
    if result.provisional:
        label += " " + _("(provisional)")
    return IndicatorRow(
        result=result,
        reading=reading,
        status=result.status.value,
        status_label=label,
        standard=standard,
        gap=gap_text(result),
    )


@dataclass(frozen=True)
class CriterionRow:
    result: CriterionResult
    outcome: str
    outcome_label: str
    stated_only: bool
    failing: list[IndicatorRow] = field(default_factory=list)
    owner: Owner | None = None
    overdue: bool = False
    evidence: int = 0
    indicators: int = 0


def criterion_rows(review: Review, result: ReviewResult) -> list[CriterionRow]:
    """One row per criterion for the dashboard (two queries: plan tasks, evidence counts)."""
    owners = plan_owners(review.commune, review.year)
    counts = evidence_counts(review)
    today = timezone.localdate()
    rows = []
    for criterion in result.criteria:
        owner = owners.get(criterion.number)
        codes = [i.indicator.code for i in criterion.indicators]
        proved = sum(1 for code in codes if counts.get(code))
        rows.append(
            CriterionRow(
                result=criterion,
                outcome=criterion.outcome.value,
                outcome_label=outcome_label(criterion.outcome),
                stated_only=criterion.basis is Basis.STATED,
                failing=[indicator_row(i, None, review) for i in criterion.failing],
                owner=owner,
                overdue=owner is not None and owner.overdue(today),
                evidence=proved,
                indicators=len(codes),
            )
        )
    return rows
