"""Household-based indicators from a register, per hamlet and for the whole commune.

:func:`compute_indicators` loads the register's rows into an in-memory DuckDB database
(typed tables, plain parameterised inserts: no pyarrow, no pandas) and counts, in one
query per table, each measure's numerator and denominator for every hamlet and for the
commune (``GROUPING SETS``). The counts come back as integers; the percentage is built
from them as an exact :class:`~decimal.Decimal` (``Decimal(numerator) * 100 /
Decimal(denominator)``), and a zero denominator gives no value, never 0.

Each :class:`MeasureResult` names the indicator it stands for in the given criteria set
(:data:`INDICATOR_CODES`), the settings of :class:`~ntm.core.households.register.RegisterRules`
it used, and whether all of them are verified. :func:`shortfall` says how many households
or persons are still needed to meet a threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

import duckdb

from ntm.core.catalog import Comparator, CriteriaSet, Indicator, IndicatorKind
from ntm.core.households.register import (
    Household,
    Person,
    PovertyClass,
    Register,
    RegisterRules,
    Setting,
    Sex,
)
from ntm.core.rules.comparison import units_needed

__all__ = [
    "INDICATOR_CODES",
    "AppliedRule",
    "HouseholdIndicators",
    "Measure",
    "MeasureResult",
    "Unit",
    "compute_indicators",
    "shortfall",
]

_HUNDRED = Decimal(100)
#: Rows per INSERT statement: large enough to load 10 000 persons in well under a second.
_INSERT_CHUNK = 500


class Measure(StrEnum):
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


class Unit(StrEnum):
    """What the numerator and the denominator count."""

    HOUSEHOLDS = "households"
    PERSONS = "persons"


@dataclass(frozen=True)
class _Spec:
    unit: Unit
    #: The settings the measure uses.
    settings: tuple[str, ...]
    #: A bool setting that must be on for the measure to stand for its indicator.
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

_SPECS: Mapping[Measure, _Spec] = {
    Measure.PERMANENT_HOUSING: _Spec(Unit.HOUSEHOLDS, ("permanent_structures",)),
    Measure.MAKESHIFT_HOUSES: _Spec(
        Unit.HOUSEHOLDS, ("makeshift_structures",), counted=True, direction=Comparator.LE
    ),
    Measure.POOR: _Spec(Unit.HOUSEHOLDS, _POVERTY_SETTINGS, direction=Comparator.LE),
    Measure.POOR_OR_NEAR_POOR: _Spec(Unit.HOUSEHOLDS, _POVERTY_SETTINGS, direction=Comparator.LE),
    Measure.TRAINED_WORKERS: _Spec(Unit.PERSONS, _LABOUR_SETTINGS),
    Measure.CERTIFIED_WORKERS: _Spec(Unit.PERSONS, (*_LABOUR_SETTINGS, "diploma_certificates")),
    Measure.HEALTH_INSURANCE: _Spec(
        Unit.PERSONS, ("health_insurance_from_persons",), gate="health_insurance_from_persons"
    ),
    Measure.CLEAN_WATER: _Spec(
        Unit.HOUSEHOLDS, ("clean_water_for_indicator",), gate="clean_water_for_indicator"
    ),
    Measure.SANITARY_LATRINE: _Spec(
        Unit.HOUSEHOLDS, ("latrine_for_indicator",), gate="latrine_for_indicator"
    ),
    Measure.WASTE_SORTING: _Spec(
        Unit.HOUSEHOLDS, ("waste_sorting_for_indicator",), gate="waste_sorting_for_indicator"
    ),
}

#: The indicator each measure stands for, by national criteria set (a set with provincial
#: overlays uses its national set's codes, when the overlay kept the indicator). The
#: poverty rate (11) goes to POOR or POOR_OR_NEAR_POOR as ``poverty_counts_near_poor``
#: says. Sets not listed (kiểu mẫu, 2026-2030) get no codes: their indicators are not
#: household shares, or not yet in the catalog.
INDICATOR_CODES: Mapping[str, Mapping[Measure, str]] = {
    "xa-ntm-2021-2025": {
        Measure.MAKESHIFT_HOUSES: "9.1",
        Measure.PERMANENT_HOUSING: "9.2",
        Measure.POOR: "11",
        Measure.POOR_OR_NEAR_POOR: "11",
        Measure.TRAINED_WORKERS: "12.1",
        Measure.CERTIFIED_WORKERS: "12.2",
        Measure.HEALTH_INSURANCE: "15.1",
        Measure.CLEAN_WATER: "17.1",
        Measure.SANITARY_LATRINE: "17.6",
        Measure.WASTE_SORTING: "17.10",
    },
    "xa-ntm-nang-cao-2021-2025": {
        Measure.PERMANENT_HOUSING: "9.1",
        Measure.POOR: "11",
        Measure.POOR_OR_NEAR_POOR: "11",
        Measure.TRAINED_WORKERS: "12.1",
        Measure.CERTIFIED_WORKERS: "12.2",
        Measure.HEALTH_INSURANCE: "14.1",
        Measure.WASTE_SORTING: "17.1",
        Measure.CLEAN_WATER: "18.1",
        Measure.SANITARY_LATRINE: "18.3",
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
class MeasureResult:
    """One measure for one hamlet or for the commune.

    Attributes:
        measure: what is counted.
        hamlet: the hamlet's code, or ``None`` for the whole commune.
        indicator_code: the indicator it stands for in the criteria set, or ``None``.
        unit: what the numerator and the denominator count.
        numerator, denominator: the counts.
        percent: ``numerator × 100 / denominator``, exact; ``None`` when the denominator is 0.
        comparator: the indicator's comparator (or the measure's direction without one).
        counted: the indicator compares the numerator itself (9.1 nhà tạm: a count).
        rules: the settings used.
        excluded: rows left out of both counts by a rule (households classified in
            another review year).
    """

    measure: Measure
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
    """Every measure for the commune and for each hamlet, with where the data came from.

    Attributes:
        criteria_set: the code of the set the indicator codes refer to.
        reference_date, source, synthetic: as in the register.
        hamlets: the hamlet codes, sorted.
        results: the commune's results first, then each hamlet's, in :class:`Measure` order.
    """

    criteria_set: str
    reference_date: date
    source: str
    synthetic: bool
    hamlets: tuple[str, ...]
    results: tuple[MeasureResult, ...]
    _index: dict[tuple[Measure, str | None], MeasureResult] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for result in self.results:
            self._index[(result.measure, result.hamlet)] = result

    def get(self, measure: Measure, *, hamlet: str | None = None) -> MeasureResult:
        """The result of a measure for a hamlet (``None``: the commune).

        Raises:
            KeyError: no such hamlet.
        """
        return self._index[(measure, hamlet)]

    def for_indicator(self, code: str, *, hamlet: str | None = None) -> MeasureResult | None:
        """The result standing for an indicator of the set, or ``None``."""
        for result in self.results:
            if result.hamlet == hamlet and result.indicator_code == code:
                return result
        return None

    def commune(self) -> tuple[MeasureResult, ...]:
        """The commune's results, in :class:`Measure` order."""
        return tuple(result for result in self.results if result.hamlet is None)


def _percent(numerator: int, denominator: int) -> Decimal | None:
    """``numerator × 100 / denominator`` as a Decimal, or ``None`` for a zero denominator."""
    if denominator == 0:
        return None
    return Decimal(numerator) * _HUNDRED / Decimal(denominator)


def shortfall(result: MeasureResult, threshold: Decimal) -> int | None:
    """How many households or persons must change for the result to meet ``threshold``.

    For ≥ (and >): how many more must join the numerator, the denominator staying the
    same: ``ceil(threshold × denominator / 100 − numerator)``, at least 0. For ≤ (and <):
    how many are over, i.e. must leave the numerator. For a count (9.1 nhà tạm) the
    threshold is compared with the count itself. ``None`` for a share whose denominator
    is 0: there is no value to improve.

    Example: 812 of 860 households, ≥ 95: 95 × 860 / 100 = 817, so 5.
    """
    if result.counted:
        # A count compared with its threshold is the share count / 100, in percent.
        return units_needed(Decimal(result.numerator), _HUNDRED, result.comparator, threshold)
    if result.denominator == 0:
        return None
    return units_needed(
        Decimal(result.numerator), Decimal(result.denominator), result.comparator, threshold
    )


# --- the computation ---------------------------------------------------------------------

_HOUSEHOLD_TABLE = """
CREATE TABLE households (
    code VARCHAR PRIMARY KEY,
    hamlet VARCHAR NOT NULL,
    structure VARCHAR NOT NULL,
    poverty_class VARCHAR NOT NULL,
    poverty_year INTEGER NOT NULL,
    clean_water BOOLEAN NOT NULL,
    sanitary_latrine BOOLEAN NOT NULL,
    waste_sorted BOOLEAN NOT NULL
)
"""

_PERSON_TABLE = """
CREATE TABLE persons (
    household VARCHAR NOT NULL,
    birth_year INTEGER NOT NULL,
    sex VARCHAR NOT NULL,
    working BOOLEAN NOT NULL,
    trained BOOLEAN NOT NULL,
    certificate VARCHAR NOT NULL,
    health_insurance BOOLEAN NOT NULL
)
"""

_HOUSEHOLD_COUNTS = """
SELECT
    GROUPING(hamlet) = 1 AS commune,
    hamlet,
    count(*) AS households,
    count(*) FILTER (WHERE list_contains(CAST($permanent AS VARCHAR[]), structure)) AS permanent,
    count(*) FILTER (WHERE list_contains(CAST($makeshift AS VARCHAR[]), structure)) AS makeshift,
    count(*) FILTER (WHERE poverty_year = $year) AS classified,
    count(*) FILTER (WHERE poverty_year = $year AND poverty_class = $poor) AS poor,
    count(*) FILTER (
        WHERE poverty_year = $year AND poverty_class IN ($poor, $near_poor)
    ) AS poor_or_near_poor,
    count(*) FILTER (WHERE clean_water) AS clean_water,
    count(*) FILTER (WHERE sanitary_latrine) AS sanitary_latrine,
    count(*) FILTER (WHERE waste_sorted) AS waste_sorting
FROM households
GROUP BY GROUPING SETS ((hamlet), ())
"""

_PERSON_COUNTS = """
WITH people AS (
    SELECT
        h.hamlet,
        p.household,
        p.health_insurance,
        p.working
            AND $year - p.birth_year >= $age_min
            AND coalesce(
                $year - p.birth_year <= CASE p.sex
                    WHEN $male THEN CAST($age_max_male AS INTEGER)
                    ELSE CAST($age_max_female AS INTEGER)
                END,
                TRUE
            ) AS worker,
        p.trained OR list_contains(CAST($trained AS VARCHAR[]), p.certificate) AS trained,
        list_contains(CAST($diploma AS VARCHAR[]), p.certificate) AS diploma
    FROM households h
    LEFT JOIN persons p ON p.household = h.code
)
SELECT
    GROUPING(hamlet) = 1 AS commune,
    hamlet,
    count(household) AS persons,
    count(household) FILTER (WHERE health_insurance) AS insured,
    count(household) FILTER (WHERE worker) AS workers,
    count(household) FILTER (WHERE worker AND trained) AS trained,
    count(household) FILTER (WHERE worker AND trained AND diploma) AS certified
FROM people
GROUP BY GROUPING SETS ((hamlet), ())
"""


def _insert(
    connection: duckdb.DuckDBPyConnection, table: str, width: int, rows: Sequence[tuple[Any, ...]]
) -> None:
    row = "(" + ", ".join("?" * width) + ")"
    for start in range(0, len(rows), _INSERT_CHUNK):
        chunk = rows[start : start + _INSERT_CHUNK]
        values = ", ".join([row] * len(chunk))
        connection.execute(
            f"INSERT INTO {table} VALUES {values}", [value for item in chunk for value in item]
        )


def _household_row(household: Household) -> tuple[Any, ...]:
    return (
        household.code,
        household.hamlet,
        household.structure.value,
        household.poverty_class.value,
        household.poverty_year,
        household.clean_water,
        household.sanitary_latrine,
        household.waste_sorted,
    )


def _person_row(person: Person) -> tuple[Any, ...]:
    return (
        person.household,
        person.birth_year,
        person.sex.value,
        person.working,
        person.trained,
        person.certificate.value,
        person.health_insurance,
    )


def _values(items: Iterable[StrEnum]) -> list[str]:
    return sorted(item.value for item in items)


def _count_rows(
    register: Register, rules: RegisterRules, year: int
) -> tuple[dict[str | None, dict[str, int]], dict[str | None, dict[str, int]]]:
    """The household counts and the person counts, by hamlet (``None``: the commune)."""
    with duckdb.connect(":memory:") as connection:
        connection.execute(_HOUSEHOLD_TABLE)
        connection.execute(_PERSON_TABLE)
        _insert(connection, "households", 8, [_household_row(h) for h in register.households])
        _insert(connection, "persons", 7, [_person_row(p) for p in register.persons])
        household_counts = _by_scope(
            connection.execute(
                _HOUSEHOLD_COUNTS,
                {
                    "permanent": _values(rules.permanent_structures.value),
                    "makeshift": _values(rules.makeshift_structures.value),
                    "year": year,
                    "poor": PovertyClass.POOR.value,
                    "near_poor": PovertyClass.NEAR_POOR.value,
                },
            )
        )
        person_counts = _by_scope(
            connection.execute(
                _PERSON_COUNTS,
                {
                    "year": register.reference_date.year,
                    "age_min": rules.working_age_min.value,
                    "male": Sex.MALE.value,
                    "age_max_male": rules.working_age_max_male.value,
                    "age_max_female": rules.working_age_max_female.value,
                    "trained": _values(rules.trained_certificates.value),
                    "diploma": _values(rules.diploma_certificates.value),
                },
            )
        )
    return household_counts, person_counts


def _by_scope(cursor: duckdb.DuckDBPyConnection) -> dict[str | None, dict[str, int]]:
    names = [column[0] for column in cursor.description or ()]
    counts: dict[str | None, dict[str, int]] = {}
    for row in cursor.fetchall():
        record = dict(zip(names, row, strict=True))
        scope = None if record.pop("commune") else str(record["hamlet"])
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
    criteria_set: CriteriaSet, measure: Measure, spec: _Spec, rules: RegisterRules
) -> Indicator | None:
    code = INDICATOR_CODES.get(criteria_set.code.split("+", 1)[0], {}).get(measure)
    if code is None or not criteria_set.has_indicator(code):
        return None
    if spec.gate is not None and not rules.setting(spec.gate).value:
        return None
    if measure in (Measure.POOR, Measure.POOR_OR_NEAR_POOR) and (
        measure is Measure.POOR_OR_NEAR_POOR
    ) != bool(rules.poverty_counts_near_poor.value):
        return None
    indicator = criteria_set.indicator(code)
    expected = IndicatorKind.QUANTITY if spec.counted else IndicatorKind.RATIO
    return indicator if indicator.kind is expected else None


def _numbers(
    measure: Measure, households: Mapping[str, int], persons: Mapping[str, int]
) -> tuple[int, int, int]:
    """``(numerator, denominator, excluded)`` of a measure from one scope's counts."""
    all_households = households["households"]
    if measure is Measure.PERMANENT_HOUSING:
        return households["permanent"], all_households, 0
    if measure is Measure.MAKESHIFT_HOUSES:
        return households["makeshift"], all_households, 0
    if measure in (Measure.POOR, Measure.POOR_OR_NEAR_POOR):
        classified = households["classified"]
        return households[measure.value], classified, all_households - classified
    if measure is Measure.TRAINED_WORKERS:
        return persons["trained"], persons["workers"], 0
    if measure is Measure.CERTIFIED_WORKERS:
        return persons["certified"], persons["workers"], 0
    if measure is Measure.HEALTH_INSURANCE:
        return persons["insured"], persons["persons"], 0
    return households[measure.value], all_households, 0


def compute_indicators(
    register: Register, rules: RegisterRules, *, criteria_set: CriteriaSet
) -> HouseholdIndicators:
    """Count every household-based measure for the commune and for each hamlet.

    Args:
        register: the households and persons at a reference date.
        rules: the definitions to apply; each result lists the ones it used.
        criteria_set: the set whose indicator codes the results name
            (:data:`INDICATOR_CODES`); a measure with no indicator in it is still counted.

    Returns:
        The results: the commune's, then each hamlet's (every hamlet with households, even
        when a person-based denominator is 0 there).
    """
    year = rules.poverty_review_year.value or register.reference_date.year
    household_counts, person_counts = _count_rows(register, rules, year)
    hamlets = register.hamlets
    indicators = {
        measure: _indicator(criteria_set, measure, spec, rules) for measure, spec in _SPECS.items()
    }
    applied = {measure: _applied(rules, spec.settings, year) for measure, spec in _SPECS.items()}
    results: list[MeasureResult] = []
    for scope in (None, *hamlets):
        for measure, spec in _SPECS.items():
            numerator, denominator, excluded = _numbers(
                measure, household_counts[scope], person_counts[scope]
            )
            indicator = indicators[measure]
            comparator = spec.direction
            if indicator is not None and indicator.comparator is not None:
                comparator = indicator.comparator
            results.append(
                MeasureResult(
                    measure=measure,
                    hamlet=scope,
                    indicator_code=indicator.code if indicator is not None else None,
                    unit=spec.unit,
                    numerator=numerator,
                    denominator=denominator,
                    percent=_percent(numerator, denominator),
                    comparator=comparator,
                    counted=spec.counted,
                    rules=applied[measure],
                    excluded=excluded,
                )
            )
    return HouseholdIndicators(
        criteria_set=criteria_set.code,
        reference_date=register.reference_date,
        source=register.source,
        synthetic=register.synthetic,
        hamlets=hamlets,
        results=tuple(results),
    )
