"""What the register page shows: for each household-based tally, the commune's counts
against the indicator's threshold, and where the gap sits, hamlet by hamlet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ntm.core import Catalog
from ntm.core.catalog import Comparator, Indicator
from ntm.core.households.compute import Tally, share, still_needed
from ntm.core.rules.results import IndicatorStatus, ReviewResult
from ntm.core.values import format_decimal
from ntm.households.models import RegisterImport, RegisterResult
from ntm.households.selectors import DEFAULT_SET, HamletRow, register_results
from ntm.reviews.models import Review
from ntm.reviews.selectors import review_evaluate, review_of_year
from ntm.territories.models import Unit

__all__ = [
    "TALLY_LABELS",
    "Cell",
    "GapRow",
    "TallyColumn",
    "hamlet_rows",
    "register_tallies",
    "tally_columns",
]


#: What each tally counts, as the page names it.
TALLY_LABELS = {
    Tally.PERMANENT_HOUSING: _("Households in a permanent or semi-permanent house"),
    Tally.MAKESHIFT_HOUSES: _("Households in a makeshift house"),
    Tally.POOR: _("Poor households"),
    Tally.POOR_OR_NEAR_POOR: _("Poor and near-poor households"),
    Tally.TRAINED_WORKERS: _("Trained workers"),
    Tally.CERTIFIED_WORKERS: _("Workers with a diploma or certificate"),
    Tally.HEALTH_INSURANCE: _("People with health insurance"),
    Tally.CLEAN_WATER: _("Households using clean water"),
    Tally.SANITARY_LATRINE: _("Households with a sanitary latrine"),
    Tally.WASTE_SORTING: _("Households sorting waste at source"),
}


@dataclass(frozen=True)
class Cell:
    """One tally for one hamlet (or the commune): the counts, the exact share, how many
    households or persons it would need to meet the threshold on its own (``needed``), and
    whether it is part of the commune's gap (``gap``: the commune fails and it falls short
    too)."""

    result: RegisterResult
    percent: Decimal | None
    needed: int | None
    counted: bool = False
    comparator: Comparator = Comparator.GE
    gap: bool = False

    @property
    def percent_text(self) -> str:
        """ "94,42%" (half up, for display); for a count (nhà tạm) the count itself."""
        if self.counted:
            return str(self.result.numerator)
        return "—" if self.percent is None else f"{format_decimal(self.percent)}%"

    @property
    def missing(self) -> int:
        """The households or persons the commune's effort is about here: those outside the
        numerator (a ≥ tally: without a permanent house, not insured…) or inside it (a ≤
        tally: poor households, makeshift houses)."""
        if self.comparator in (Comparator.LE, Comparator.LT):
            return self.result.numerator
        return self.result.denominator - self.result.numerator


@dataclass(frozen=True)
class GapRow:
    """A hamlet and its part of a failing tally's gap."""

    hamlet: Unit
    cell: Cell


@dataclass(frozen=True)
class TallyColumn:
    """One tally: the indicator it stands for (code, name, comparator, threshold), the
    commune's cell, each hamlet's, and — when the commune does not meet the threshold —
    the hamlets holding most of the gap, largest first."""

    tally: Tally
    label: str
    indicator: str
    indicator_name: str
    comparator: Comparator
    threshold: Decimal | None
    threshold_verified: bool
    status: IndicatorStatus | None
    commune: Cell
    hamlets: list[tuple[Unit, Cell]]
    gaps: list[GapRow]
    unit: str

    @property
    def threshold_text(self) -> str:
        if self.threshold is None:
            return ""
        unit = "" if self.tally.counted else "%"
        return f"{self.comparator.symbol} {format_decimal(self.threshold)}{unit}"

    @property
    def criterion(self) -> int | None:
        return int(self.indicator.split(".")[0]) if self.indicator else None


def _cell(
    result: RegisterResult,
    comparator: Comparator,
    threshold: Decimal | None,
    counted: bool,
    *,
    failing: bool,
) -> Cell:
    needed = (
        None
        if threshold is None
        else still_needed(
            result.numerator, result.denominator, comparator, threshold, counted=counted
        )
    )
    return Cell(
        result,
        share(result.numerator, result.denominator),
        needed,
        counted=counted,
        comparator=comparator,
        gap=failing and bool(needed),
    )


def _code_key(column: TallyColumn) -> tuple[int, tuple[int, ...]]:
    if not column.indicator:
        return (1, ())
    return (0, tuple(int(part) for part in column.indicator.split(".") if part.isdigit()))


def _catalog_threshold(
    indicator: Indicator | None, review: Review | None
) -> tuple[Decimal | None, bool]:
    """The threshold that applies to the review's commune and year, straight from the
    criteria set (a derived threshold is left to the evaluation)."""
    if indicator is None or review is None:
        return None, False
    threshold = indicator.threshold_for(
        region=review.region or None, commune_group=review.commune_group, year=review.year
    )
    if threshold is None or threshold.relative_to is not None:
        return None, False
    return threshold.value, threshold.verified


def tally_columns(
    register_import: RegisterImport,
    criteria_set_code: str,
    review: Review | None,
    review_result: ReviewResult | None,
) -> list[TallyColumn]:
    """Every tally of the import, the indicators of the set first in code order, with
    the thresholds the review's evaluation applied (or, for an indicator without a
    reading, the set's threshold for the review's commune and year; none without a
    review)."""
    rows: list[HamletRow] = register_results(register_import)
    if not rows or rows[0].hamlet is not None:
        return []
    criteria_set = Catalog.shipped().criteria_set(criteria_set_code)
    evaluated = {}
    if review_result is not None:
        for criterion in review_result.criteria:
            for indicator_result in criterion.indicators:
                evaluated[indicator_result.indicator.code] = indicator_result
    columns = []
    for tally in Tally:
        commune_result = rows[0].results.get(tally.value)
        if commune_result is None:
            continue
        code = commune_result.indicator
        indicator = criteria_set.indicator(code) if code else None
        comparator = indicator.comparator if indicator and indicator.comparator else tally.direction
        outcome = evaluated.get(code) if code else None
        threshold: Decimal | None
        if outcome is not None and outcome.threshold_value is not None:
            threshold, verified = outcome.threshold_value, outcome.threshold_verified
        else:
            threshold, verified = _catalog_threshold(indicator, review)
        counted = tally.counted
        commune_cell = _cell(commune_result, comparator, threshold, counted, failing=True)
        failing = bool(commune_cell.needed)
        hamlets = [
            (
                row.hamlet,
                _cell(row.results[tally.value], comparator, threshold, counted, failing=failing),
            )
            for row in rows[1:]
            if row.hamlet is not None and tally.value in row.results
        ]
        # Where the gap sits: the hamlets with the most households or persons still to
        # change, first (each hamlet's own shortfall to the threshold is shown beside).
        gaps = sorted(
            (GapRow(hamlet, hamlet_cell) for hamlet, hamlet_cell in hamlets if hamlet_cell.gap),
            key=lambda gap: (-gap.cell.missing, gap.hamlet.code),
        )
        columns.append(
            TallyColumn(
                tally=tally,
                label=str(TALLY_LABELS[tally]),
                indicator=code,
                indicator_name=indicator.name if indicator else "",
                comparator=comparator,
                threshold=threshold,
                threshold_verified=verified,
                status=outcome.status if outcome is not None else None,
                commune=commune_cell,
                hamlets=hamlets,
                gaps=gaps,
                unit=commune_result.unit,
            )
        )
    return sorted(columns, key=_code_key)


def hamlet_rows(
    columns: list[TallyColumn], hamlets: list[Unit]
) -> list[tuple[Unit, list[Cell | None]]]:
    """The table's body: each hamlet with its cell in each column (``None`` where the
    hamlet has no households)."""
    by_hamlet = [{hamlet.pk: cell for hamlet, cell in column.hamlets} for column in columns]
    return [(hamlet, [cells.get(hamlet.pk) for cells in by_hamlet]) for hamlet in hamlets]


def register_tallies(latest: RegisterImport) -> tuple[Review | None, list[TallyColumn]]:
    """The review the import's readings went to (or the year's review), and every tally
    of the import against that review's thresholds (:func:`tally_columns`)."""
    review = latest.review or review_of_year(latest.commune, latest.reference_date.year)
    result = review_evaluate(review) if review is not None else None
    criteria_set = review.criteria_set if review is not None else DEFAULT_SET
    return review, tally_columns(latest, criteria_set, review, result)
