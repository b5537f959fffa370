"""Household-based indicators from a register, per hamlet and for the whole commune.

:func:`compute_indicators` (one commune) and :func:`compute_communes` (many communes at
once, e.g. a province) hand the register's columns
(:class:`~ntm.core.households.columns.RegisterColumns`, numpy arrays) to an in-memory
DuckDB database, which scans them in place (no row-by-row inserts, no pyarrow, no pandas),
and count in one statement each tally's numerator and denominator for every hamlet and
every commune (``GROUPING SETS ((commune, hamlet), (commune))``). A province's 600,000
households and 2.4 million persons take a fraction of a second (``bench/registers.py``).

The counts come back as integers; the percentage is built from them as an exact
:class:`~decimal.Decimal` (``Decimal(numerator) * 100 / Decimal(denominator)``), and a zero
denominator gives no value, never 0.

Each :class:`TallyResult` names the indicator it stands for in the given criteria set
(:data:`INDICATOR_CODES`), the settings of :class:`~ntm.core.households.register.RegisterRules`
it used, and whether all of them are verified. :func:`shortfall` says how many households
or persons are still needed to meet a threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

import duckdb
import numpy as np

from ntm.core.catalog import Comparator, CriteriaSet, Indicator, IndicatorKind
from ntm.core.exceptions import InputError, Location
from ntm.core.households.columns import RegisterColumns, code_of, columns_of
from ntm.core.households.register import (
    PovertyClass,
    Register,
    RegisterRules,
    Setting,
    Sex,
)
from ntm.core.i18n import _
from ntm.core.rules.comparison import units_needed

__all__ = [
    "INDICATOR_CODES",
    "AppliedRule",
    "HouseholdIndicators",
    "Tally",
    "TallyResult",
    "Unit",
    "compute_communes",
    "compute_indicators",
    "share",
    "shortfall",
    "still_needed",
]

_HUNDRED = Decimal(100)


class Tally(StrEnum):
    """What a result counts."""

    PERMANENT_HOUSING = "permanent_housing"
    """Households whose house is kiên cố or bán kiên cố, of all households."""
    MAKESHIFT_HOUSES = "makeshift_houses"
    """Households in a makeshift house (nhà tạm): a count."""
    POOR = "poor"
    """Poor households (hộ nghèo), of the households classified in the review year."""
    POOR_OR_NEAR_POOR = "poor_or_near_poor"
    """Poor and near-poor households, of the households classified in the review year."""
    TRAINED_WORKERS = "trained_workers"
    """Trained workers, of the employed persons of working age."""
    CERTIFIED_WORKERS = "certified_workers"
    """Trained workers with a diploma or certificate, of the employed persons of working age."""
    HEALTH_INSURANCE = "health_insurance"
    """Persons with health insurance, of the persons listed."""
    CLEAN_WATER = "clean_water"
    """Households using clean water, of all households."""
    SANITARY_LATRINE = "sanitary_latrine"
    """Households with a sanitary latrine, of all households."""
    WASTE_SORTING = "waste_sorting"
    """Households sorting solid waste at source, of all households."""

    @property
    def counted(self) -> bool:
        """The indicator compares the count itself (nhà tạm: a number of households)."""
        return _SPECS[self].counted

    @property
    def direction(self) -> Comparator:
        """Whether more is better (≥) or less (≤), when no indicator gives a comparator."""
        return _SPECS[self].direction


class Unit(StrEnum):
    """What the numerator and the denominator count."""

    HOUSEHOLDS = "households"
    PERSONS = "persons"


@dataclass(frozen=True)
class _Spec:
    unit: Unit
    #: The settings the tally uses.
    settings: tuple[str, ...]
    #: A bool setting that must be on for the tally to stand for its indicator.
    gate: str | None = None
    #: The indicator compares the count itself (a quantity), not a share.
    counted: bool = False
    #: The comparator when no indicator gives one: is a higher value better?
    direction: Comparator = Comparator.GE


_POVERTY_SETTINGS = ("poverty_counts_near_poor", "poverty_review_year")
_LABOUR_SETTINGS = (
    "working_age_min",
    "working_age_max_male",
    "working_age_max_female",
    "trained_certificates",
)

_SPECS: Mapping[Tally, _Spec] = {
    Tally.PERMANENT_HOUSING: _Spec(Unit.HOUSEHOLDS, ("permanent_structures",)),
    Tally.MAKESHIFT_HOUSES: _Spec(
        Unit.HOUSEHOLDS, ("makeshift_structures",), counted=True, direction=Comparator.LE
    ),
    Tally.POOR: _Spec(Unit.HOUSEHOLDS, _POVERTY_SETTINGS, direction=Comparator.LE),
    Tally.POOR_OR_NEAR_POOR: _Spec(Unit.HOUSEHOLDS, _POVERTY_SETTINGS, direction=Comparator.LE),
    Tally.TRAINED_WORKERS: _Spec(Unit.PERSONS, _LABOUR_SETTINGS),
    Tally.CERTIFIED_WORKERS: _Spec(Unit.PERSONS, (*_LABOUR_SETTINGS, "diploma_certificates")),
    Tally.HEALTH_INSURANCE: _Spec(
        Unit.PERSONS, ("health_insurance_from_persons",), gate="health_insurance_from_persons"
    ),
    Tally.CLEAN_WATER: _Spec(
        Unit.HOUSEHOLDS, ("clean_water_for_indicator",), gate="clean_water_for_indicator"
    ),
    Tally.SANITARY_LATRINE: _Spec(
        Unit.HOUSEHOLDS, ("latrine_for_indicator",), gate="latrine_for_indicator"
    ),
    Tally.WASTE_SORTING: _Spec(
        Unit.HOUSEHOLDS, ("waste_sorting_for_indicator",), gate="waste_sorting_for_indicator"
    ),
}

#: The indicator each tally stands for, by national criteria set (a set with provincial
#: overlays uses its national set's codes, when the overlay kept the indicator). The
#: poverty rate (11) goes to POOR or POOR_OR_NEAR_POOR as ``poverty_counts_near_poor``
#: says. Sets not listed (kiểu mẫu, 2026-2030) get no codes: their indicators are not
#: household shares, or not yet in the catalog.
INDICATOR_CODES: Mapping[str, Mapping[Tally, str]] = {
    "xa-ntm-2021-2025": {
        Tally.MAKESHIFT_HOUSES: "9.1",
        Tally.PERMANENT_HOUSING: "9.2",
        Tally.POOR: "11",
        Tally.POOR_OR_NEAR_POOR: "11",
        Tally.TRAINED_WORKERS: "12.1",
        Tally.CERTIFIED_WORKERS: "12.2",
        Tally.HEALTH_INSURANCE: "15.1",
        Tally.CLEAN_WATER: "17.1",
        Tally.SANITARY_LATRINE: "17.6",
        Tally.WASTE_SORTING: "17.10",
    },
    "xa-ntm-nang-cao-2021-2025": {
        Tally.PERMANENT_HOUSING: "9.1",
        Tally.POOR: "11",
        Tally.POOR_OR_NEAR_POOR: "11",
        Tally.TRAINED_WORKERS: "12.1",
        Tally.CERTIFIED_WORKERS: "12.2",
        Tally.HEALTH_INSURANCE: "14.1",
        Tally.WASTE_SORTING: "17.1",
        Tally.CLEAN_WATER: "18.1",
        Tally.SANITARY_LATRINE: "18.3",
    },
}


@dataclass(frozen=True)
class AppliedRule:
    """A setting as it was used: its name, its value in words, and whether it is verified."""

    name: str
    value: str
    verified: bool
    source: str


@dataclass(frozen=True)
class TallyResult:
    """One tally for one hamlet or for the commune.

    Attributes:
        tally: what is counted.
        hamlet: the hamlet's code, or ``None`` for the whole commune.
        indicator_code: the indicator it stands for in the criteria set, or ``None``.
        unit: what the numerator and the denominator count.
        numerator, denominator: the counts.
        percent: ``numerator × 100 / denominator``, exact; ``None`` when the denominator is 0.
        comparator: the indicator's comparator (or the tally's direction without one).
        counted: the indicator compares the numerator itself (9.1 nhà tạm: a count).
        rules: the settings used.
        excluded: rows left out of both counts by a rule (households classified in
            another review year).
    """

    tally: Tally
    hamlet: str | None
    indicator_code: str | None
    unit: Unit
    numerator: int
    denominator: int
    percent: Decimal | None
    comparator: Comparator
    counted: bool
    rules: tuple[AppliedRule, ...]
    excluded: int = 0

    @property
    def verified(self) -> bool:
        """Whether every rule used is confirmed against the official text."""
        return all(rule.verified for rule in self.rules)


@dataclass(frozen=True)
class HouseholdIndicators:
    """Every tally for the commune and for each hamlet, with where the data came from.

    Attributes:
        criteria_set: the code of the set the indicator codes refer to.
        reference_date, source, synthetic: as in the register.
        hamlets: the hamlet codes, sorted.
        results: the commune's results first, then each hamlet's, in :class:`Tally` order.
    """

    criteria_set: str
    reference_date: date
    source: str
    synthetic: bool
    hamlets: tuple[str, ...]
    results: tuple[TallyResult, ...]
    _index: dict[tuple[Tally, str | None], TallyResult] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for result in self.results:
            self._index[(result.tally, result.hamlet)] = result

    def get(self, tally: Tally, *, hamlet: str | None = None) -> TallyResult:
        """The result of a tally for a hamlet (``None``: the commune).

        Raises:
            KeyError: no such hamlet.
        """
        return self._index[(tally, hamlet)]

    def for_indicator(self, code: str, *, hamlet: str | None = None) -> TallyResult | None:
        """The result standing for an indicator of the set, or ``None``."""
        for result in self.results:
            if result.hamlet == hamlet and result.indicator_code == code:
                return result
        return None

    def commune(self) -> tuple[TallyResult, ...]:
        """The commune's results, in :class:`Tally` order."""
        return tuple(result for result in self.results if result.hamlet is None)


def share(numerator: int, denominator: int) -> Decimal | None:
    """``numerator × 100 / denominator`` in %, exact; ``None`` for a zero denominator (no
    value, never 0)."""
    if denominator == 0:
        return None
    return Decimal(numerator) * _HUNDRED / Decimal(denominator)


def still_needed(
    numerator: int,
    denominator: int,
    comparator: Comparator,
    threshold: Decimal,
    *,
    counted: bool = False,
) -> int | None:
    """How many households or persons must change for ``numerator`` of ``denominator`` to
    meet ``threshold`` (in %; for a count, ``counted``, the threshold is the count itself).

    For ≥ (and >): how many more must join the numerator, the denominator staying the
    same: ``ceil(threshold × denominator / 100 − numerator)``, at least 0. For ≤ (and <):
    how many are over, i.e. must leave the numerator. ``None`` for a share whose
    denominator is 0: there is no value to improve.

    Example: 812 of 860 households, ≥ 95: 95 × 860 / 100 = 817, so 5.
    """
    if counted:
        # A count compared with its threshold is the share count / 100, in percent.
        return units_needed(Decimal(numerator), _HUNDRED, comparator, threshold)
    if denominator == 0:
        return None
    return units_needed(Decimal(numerator), Decimal(denominator), comparator, threshold)


def shortfall(result: TallyResult, threshold: Decimal) -> int | None:
    """:func:`still_needed` for a result: how many households or persons must change for
    it to meet ``threshold``."""
    return still_needed(
        result.numerator,
        result.denominator,
        result.comparator,
        threshold,
        counted=result.counted,
    )


# --- the computation ---------------------------------------------------------------------

#: Every count of one scope (a hamlet, or a commune), households then persons, in one
#: statement: each table is scanned once for every commune and hamlet at the same time.
#: ``households`` and ``persons`` are dicts of numpy arrays (RegisterColumns, with each
#: person's commune and hamlet gathered from its household's row); DuckDB scans them in
#: place. Enumerations are small-integer codes (columns.code_of), passed as parameters.
_COUNTS = """
WITH household_counts AS (
    SELECT
        commune,
        hamlet,
        GROUPING(hamlet) = 1 AS whole_commune,
        count(*) AS households,
        count(*) FILTER (WHERE list_contains(CAST($permanent AS TINYINT[]), structure))
            AS permanent,
        count(*) FILTER (WHERE list_contains(CAST($makeshift AS TINYINT[]), structure))
            AS makeshift,
        count(*) FILTER (WHERE poverty_year = $year) AS classified,
        count(*) FILTER (WHERE poverty_year = $year AND poverty_class = $poor) AS poor,
        count(*) FILTER (
            WHERE poverty_year = $year AND poverty_class IN ($poor, $near_poor)
        ) AS poor_or_near_poor,
        count(*) FILTER (WHERE clean_water) AS clean_water,
        count(*) FILTER (WHERE sanitary_latrine) AS sanitary_latrine,
        count(*) FILTER (WHERE waste_sorted) AS waste_sorting
    FROM households
    GROUP BY GROUPING SETS ((commune, hamlet), (commune))
),
people AS (
    SELECT
        commune,
        hamlet,
        health_insurance,
        working
            AND $age_year - birth_year >= $age_min
            AND coalesce(
                $age_year - birth_year <= CASE sex
                    WHEN $male THEN CAST($age_max_male AS INTEGER)
                    ELSE CAST($age_max_female AS INTEGER)
                END,
                TRUE
            ) AS worker,
        trained OR list_contains(CAST($trained AS TINYINT[]), certificate) AS trained,
        list_contains(CAST($diploma AS TINYINT[]), certificate) AS diploma
    FROM persons
),
person_counts AS (
    SELECT
        commune,
        hamlet,
        GROUPING(hamlet) = 1 AS whole_commune,
        count(*) AS persons,
        count(*) FILTER (WHERE health_insurance) AS insured,
        count(*) FILTER (WHERE worker) AS workers,
        count(*) FILTER (WHERE worker AND trained) AS trained,
        count(*) FILTER (WHERE worker AND trained AND diploma) AS certified
    FROM people
    GROUP BY GROUPING SETS ((commune, hamlet), (commune))
)
SELECT
    h.*,
    coalesce(p.persons, 0) AS persons,
    coalesce(p.insured, 0) AS insured,
    coalesce(p.workers, 0) AS workers,
    coalesce(p.trained, 0) AS trained,
    coalesce(p.certified, 0) AS certified
FROM household_counts h
LEFT JOIN person_counts p
    ON p.commune = h.commune
    AND p.whole_commune = h.whole_commune
    AND p.hamlet IS NOT DISTINCT FROM h.hamlet
"""

#: The counts of a scope without households: every one 0.
_NO_COUNTS: Mapping[str, int] = dict.fromkeys(
    (
        "households",
        "permanent",
        "makeshift",
        "classified",
        "poor",
        "poor_or_near_poor",
        "clean_water",
        "sanitary_latrine",
        "waste_sorting",
        "persons",
        "insured",
        "workers",
        "trained",
        "certified",
    ),
    0,
)

#: Counts by scope: ``(commune index, hamlet index)``, the hamlet ``None`` for the commune.
_Counts = dict[tuple[int, int | None], dict[str, int]]


def _codes(items: Iterable[StrEnum]) -> list[int]:
    return sorted(code_of(item) for item in items)


def _count(
    columns: RegisterColumns, rules: RegisterRules, year: int, *, by_commune: bool
) -> _Counts:
    """Every count for every scope, in one DuckDB statement over the columns.

    ``by_commune=False`` counts the whole register as one commune (index 0).
    """
    households, persons = columns.households, columns.persons
    commune = households.commune
    if not by_commune or commune is None:
        commune = np.zeros(len(households), dtype=np.int32)
    household_frame = {
        "commune": commune,
        "hamlet": households.hamlet,
        "structure": households.structure,
        "poverty_class": households.poverty_class,
        "poverty_year": households.poverty_year,
        "clean_water": households.clean_water,
        "sanitary_latrine": households.sanitary_latrine,
        "waste_sorted": households.waste_sorted,
    }
    person_frame = {
        "commune": commune[persons.household],
        "hamlet": households.hamlet[persons.household],
        "birth_year": persons.birth_year,
        "sex": persons.sex,
        "working": persons.working,
        "trained": persons.trained,
        "certificate": persons.certificate,
        "health_insurance": persons.health_insurance,
    }
    parameters = {
        "permanent": _codes(rules.permanent_structures.value),
        "makeshift": _codes(rules.makeshift_structures.value),
        "year": year,
        "poor": code_of(PovertyClass.POOR),
        "near_poor": code_of(PovertyClass.NEAR_POOR),
        "age_year": columns.reference_date.year,
        "age_min": rules.working_age_min.value,
        "male": code_of(Sex.MALE),
        "age_max_male": rules.working_age_max_male.value,
        "age_max_female": rules.working_age_max_female.value,
        "trained": _codes(rules.trained_certificates.value),
        "diploma": _codes(rules.diploma_certificates.value),
    }
    with duckdb.connect(":memory:") as connection:
        connection.execute("SET enable_progress_bar = false")  # a long query draws on stderr
        connection.register("households", household_frame)
        connection.register("persons", person_frame)
        cursor = connection.execute(_COUNTS, parameters)
        names = [column[0] for column in cursor.description or ()]
        rows = cursor.fetchall()
    counts: _Counts = {}
    for row in rows:
        record = dict(zip(names, row, strict=True))
        scope = (
            int(record.pop("commune")),
            None if record.pop("whole_commune") else int(record["hamlet"]),
        )
        record.pop("hamlet")
        counts[scope] = {name: int(value) for name, value in record.items()}
    return counts


def _render(value: object) -> str:
    if isinstance(value, frozenset):
        return ", ".join(sorted(str(item) for item in value)) or "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "(none)" if value is None else str(value)


def _applied(rules: RegisterRules, names: Iterable[str], year: int) -> tuple[AppliedRule, ...]:
    applied = []
    for name in names:
        setting: Setting[Any] = rules.setting(name)
        # The review year is shown as used, not as "none" for "the reference year".
        value = year if name == "poverty_review_year" else setting.value
        applied.append(AppliedRule(name, _render(value), setting.verified, setting.source))
    return tuple(applied)


def _indicator(
    criteria_set: CriteriaSet, tally: Tally, spec: _Spec, rules: RegisterRules
) -> Indicator | None:
    code = INDICATOR_CODES.get(criteria_set.code.split("+", 1)[0], {}).get(tally)
    if code is None or not criteria_set.has_indicator(code):
        return None
    if spec.gate is not None and not rules.setting(spec.gate).value:
        return None
    if tally in (Tally.POOR, Tally.POOR_OR_NEAR_POOR) and (
        tally is Tally.POOR_OR_NEAR_POOR
    ) != bool(rules.poverty_counts_near_poor.value):
        return None
    indicator = criteria_set.indicator(code)
    expected = IndicatorKind.QUANTITY if spec.counted else IndicatorKind.RATIO
    return indicator if indicator.kind is expected else None


#: Each tally's numerator and denominator among a scope's counts. The poverty tallies
#: leave out the households classified in another year: ``households - classified``.
_COUNT_NAMES: Mapping[Tally, tuple[str, str]] = {
    Tally.PERMANENT_HOUSING: ("permanent", "households"),
    Tally.MAKESHIFT_HOUSES: ("makeshift", "households"),
    Tally.POOR: ("poor", "classified"),
    Tally.POOR_OR_NEAR_POOR: ("poor_or_near_poor", "classified"),
    Tally.TRAINED_WORKERS: ("trained", "workers"),
    Tally.CERTIFIED_WORKERS: ("certified", "workers"),
    Tally.HEALTH_INSURANCE: ("insured", "persons"),
    Tally.CLEAN_WATER: ("clean_water", "households"),
    Tally.SANITARY_LATRINE: ("sanitary_latrine", "households"),
    Tally.WASTE_SORTING: ("waste_sorting", "households"),
}


@dataclass(frozen=True)
class _Naming:
    """What the results of one criteria set share: each tally's indicator, comparator
    and applied rules."""

    criteria_set: str
    indicators: Mapping[Tally, Indicator | None]
    comparators: Mapping[Tally, Comparator]
    applied: Mapping[Tally, tuple[AppliedRule, ...]]


def _naming(criteria_set: CriteriaSet, rules: RegisterRules, year: int) -> _Naming:
    indicators = {
        tally: _indicator(criteria_set, tally, spec, rules) for tally, spec in _SPECS.items()
    }
    comparators = {}
    for tally, spec in _SPECS.items():
        indicator = indicators[tally]
        comparators[tally] = (
            indicator.comparator
            if indicator is not None and indicator.comparator is not None
            else spec.direction
        )
    applied = {tally: _applied(rules, spec.settings, year) for tally, spec in _SPECS.items()}
    return _Naming(criteria_set.code, indicators, comparators, applied)


def _results(
    naming: _Naming,
    scopes: Iterable[tuple[str | None, Mapping[str, int]]],
    columns: RegisterColumns,
    hamlets: tuple[str, ...],
) -> HouseholdIndicators:
    """The results of one commune from the counts of each of its scopes."""
    results: list[TallyResult] = []
    for hamlet, counts in scopes:
        for tally, spec in _SPECS.items():
            numerator_name, denominator_name = _COUNT_NAMES[tally]
            numerator, denominator = counts[numerator_name], counts[denominator_name]
            excluded = counts["households"] - denominator if denominator_name == "classified" else 0
            indicator = naming.indicators[tally]
            results.append(
                TallyResult(
                    tally=tally,
                    hamlet=hamlet,
                    indicator_code=indicator.code if indicator is not None else None,
                    unit=spec.unit,
                    numerator=numerator,
                    denominator=denominator,
                    percent=share(numerator, denominator),
                    comparator=naming.comparators[tally],
                    counted=spec.counted,
                    rules=naming.applied[tally],
                    excluded=excluded,
                )
            )
    return HouseholdIndicators(
        criteria_set=naming.criteria_set,
        reference_date=columns.reference_date,
        source=columns.source,
        synthetic=columns.synthetic,
        hamlets=hamlets,
        results=tuple(results),
    )


def _review_year(rules: RegisterRules, reference_date: date) -> int:
    return rules.poverty_review_year.value or reference_date.year


def _commune_results(
    naming: _Naming,
    counts: _Counts,
    commune: int,
    hamlet_rows: Iterable[int],
    columns: RegisterColumns,
) -> HouseholdIndicators:
    by_code = sorted((columns.hamlets[row], row) for row in hamlet_rows)
    scopes: list[tuple[str | None, Mapping[str, int]]] = [
        (None, counts.get((commune, None), _NO_COUNTS))
    ]
    scopes.extend((code, counts[(commune, row)]) for code, row in by_code)
    return _results(naming, scopes, columns, tuple(code for code, _ in by_code))


def compute_indicators(
    register: Register | RegisterColumns, rules: RegisterRules, *, criteria_set: CriteriaSet
) -> HouseholdIndicators:
    """Count every household-based tally for the commune and for each hamlet.

    Args:
        register: the households and persons at a reference date, as rows or as columns
            (:class:`~ntm.core.households.columns.RegisterColumns`; a commune column, if
            any, is ignored: the whole register is counted as one commune).
        rules: the definitions to apply; each result lists the ones it used.
        criteria_set: the set whose indicator codes the results name
            (:data:`INDICATOR_CODES`); a tally with no indicator in it is still counted.

    Returns:
        The results: the commune's, then each hamlet's (every hamlet with households, even
        when a person-based denominator is 0 there), hamlets in code order.
    """
    columns = register if isinstance(register, RegisterColumns) else columns_of(register)
    year = _review_year(rules, columns.reference_date)
    counts = _count(columns, rules, year, by_commune=False)
    hamlet_rows = [hamlet for _, hamlet in counts if hamlet is not None]
    return _commune_results(_naming(criteria_set, rules, year), counts, 0, hamlet_rows, columns)


def compute_communes(
    columns: RegisterColumns,
    rules: RegisterRules,
    *,
    criteria_sets: Mapping[str, CriteriaSet],
) -> dict[str, HouseholdIndicators]:
    """Count every household-based tally for every commune and every hamlet at once.

    One DuckDB statement groups the households and the persons by ``GROUPING SETS
    ((commune, hamlet), (commune))``; each commune's results are the same as
    :func:`compute_indicators` on that commune's rows alone (``columns.for_commune(code)``).

    Args:
        columns: the registers of several communes, with a commune column.
        rules: the definitions to apply, the same for every commune.
        criteria_sets: each commune's criteria set, by commune code; the results name the
            indicators of the commune's set.

    Returns:
        By commune code, in the order of ``columns.communes``: the commune's results, then
        its hamlets' (every hamlet with households in that commune), as
        :func:`compute_indicators` returns them. A commune listed without households has
        only its commune results, every count 0 and every percentage ``None``.

    Raises:
        InputError: the columns have no commune column, or a commune has no criteria set.
    """
    if columns.communes is None:
        raise InputError(_("the register has no commune column"), Location(field="communes"))
    missing = [code for code in columns.communes if code not in criteria_sets]
    if missing:
        raise InputError(
            _("no criteria set for the communes {codes}").format(codes=", ".join(missing)),
            Location(field="criteria_sets"),
        )
    year = _review_year(rules, columns.reference_date)
    counts = _count(columns, rules, year, by_commune=True)
    hamlets: dict[int, list[int]] = {index: [] for index in range(len(columns.communes))}
    for commune, hamlet in counts:
        if hamlet is not None:
            hamlets[commune].append(hamlet)
    namings: dict[str, _Naming] = {}
    indicators: dict[str, HouseholdIndicators] = {}
    for index, code in enumerate(columns.communes):
        criteria_set = criteria_sets[code]
        naming = namings.get(criteria_set.code)
        if naming is None:
            naming = namings[criteria_set.code] = _naming(criteria_set, rules, year)
        indicators[code] = _commune_results(naming, counts, index, hamlets[index], columns)
    return indicators
