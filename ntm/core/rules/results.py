"""The result types of a review and their JSON-ready forms. The enums say where an
indicator, a criterion or a level stands (:class:`IndicatorStatus`, :class:`Outcome` and the
:class:`Basis` it rests on, :class:`LevelStatus`); the records carry the findings
(:class:`IndicatorResult`, :class:`CriterionResult`, :class:`LevelResult`,
:class:`Disagreement` and the whole :class:`ReviewResult`), and their ``as_dict`` methods give
decimals as exact strings. :mod:`ntm.core.rules.evaluation` and :mod:`ntm.core.rules.levels`
build them; no rule lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from ntm.core.catalog import CriteriaSet, Criterion, Indicator, Level, Threshold
from ntm.core.exceptions import Location
from ntm.core.review import Assessment, Reading, ReviewInput
from ntm.core.values import Verdict, format_decimal

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
]


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
