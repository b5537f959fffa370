"""The DuckDB counts agree with a plain-Python count over the rows of a 3,000-household
synthetic register: every tally, every hamlet and the commune, under several rules; and
the households to visit account for every gap those counts leave."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest

from ntm.core.households.compute import Tally, compute_indicators
from ntm.core.households.register import (
    Household,
    HouseStructure,
    Person,
    PovertyClass,
    Register,
    RegisterRules,
    Setting,
    Sex,
)
from ntm.core.households.synthetic import synthetic_register
from ntm.core.households.visits import households_to_visit
from ntm.core.registry import Catalog


@pytest.fixture(scope="module")
def register() -> Register:
    return synthetic_register("05560", households=3000, seed=2024)


def plain_counts(
    register: Register, rules: RegisterRules
) -> dict[tuple[Tally, str | None], tuple[int, int]]:
    """Numerator and denominator of each tally, by hamlet and for the commune (None)."""
    year = register.reference_date.year
    review_year = rules.poverty_review_year.value or year
    hamlet_of = {h.code: h.hamlet for h in register.households}

    def is_worker(p: Person) -> bool:
        age = year - p.birth_year
        top = (
            rules.working_age_max_male.value
            if p.sex is Sex.MALE
            else rules.working_age_max_female.value
        )
        return p.working and age >= rules.working_age_min.value and (top is None or age <= top)

    def is_trained(p: Person) -> bool:
        return p.trained or p.certificate in rules.trained_certificates.value

    classified: Callable[[Household], bool] = lambda h: h.poverty_year == review_year  # noqa: E731
    household_tests: dict[
        Tally, tuple[Callable[[Household], bool], Callable[[Household], bool]]
    ] = {
        Tally.PERMANENT_HOUSING: (
            lambda h: h.structure in rules.permanent_structures.value,
            lambda h: True,
        ),
        Tally.MAKESHIFT_HOUSES: (
            lambda h: h.structure in rules.makeshift_structures.value,
            lambda h: True,
        ),
        Tally.POOR: (
            lambda h: classified(h) and h.poverty_class is PovertyClass.POOR,
            classified,
        ),
        Tally.POOR_OR_NEAR_POOR: (
            lambda h: (
                classified(h) and h.poverty_class in (PovertyClass.POOR, PovertyClass.NEAR_POOR)
            ),
            classified,
        ),
        Tally.CLEAN_WATER: (lambda h: h.clean_water, lambda h: True),
        Tally.SANITARY_LATRINE: (lambda h: h.sanitary_latrine, lambda h: True),
        Tally.WASTE_SORTING: (lambda h: h.waste_sorted, lambda h: True),
    }
    person_tests: dict[Tally, tuple[Callable[[Person], bool], Callable[[Person], bool]]] = {
        Tally.TRAINED_WORKERS: (lambda p: is_worker(p) and is_trained(p), is_worker),
        Tally.CERTIFIED_WORKERS: (
            lambda p: (
                is_worker(p) and is_trained(p) and p.certificate in rules.diploma_certificates.value
            ),
            is_worker,
        ),
        Tally.HEALTH_INSURANCE: (lambda p: p.health_insurance, lambda p: True),
    }
    counts: dict[tuple[Tally, str | None], list[int]] = defaultdict(lambda: [0, 0])
    for h in register.households:
        for tally, (numerator, denominator) in household_tests.items():
            for scope in (h.hamlet, None):
                counts[(tally, scope)][0] += numerator(h)
                counts[(tally, scope)][1] += denominator(h)
    for p in register.persons:
        for tally, (numerator, denominator) in person_tests.items():
            for scope in (hamlet_of[p.household], None):
                counts[(tally, scope)][0] += numerator(p)
                counts[(tally, scope)][1] += denominator(p)
    return {key: (value[0], value[1]) for key, value in counts.items()}


def _setting(value: object) -> Setting[object]:
    return Setting(value, verified=False, source="test")


RULES = {
    "defaults": RegisterRules(),
    "wider": replace(
        RegisterRules(),
        permanent_structures=_setting(frozenset(HouseStructure) - {HouseStructure.SIMPLE}),
        makeshift_structures=_setting(
            frozenset({HouseStructure.SIMPLE, HouseStructure.LESS_PERMANENT})
        ),
        poverty_counts_near_poor=_setting(True),
        working_age_max_male=_setting(None),
        working_age_max_female=_setting(62),
        trained_certificates=_setting(frozenset()),
    ),
    "earlier review year": replace(RegisterRules(), poverty_review_year=_setting(2023)),
}


@pytest.mark.parametrize("rules_name", list(RULES))
def test_duckdb_agrees_with_plain_python_on_every_tally_and_hamlet(
    register: Register, rules_name: str
) -> None:
    rules = RULES[rules_name]
    expected = plain_counts(register, rules)
    indicators = compute_indicators(
        register, rules, criteria_set=Catalog.shipped().criteria_set("xa-ntm-2021-2025")
    )
    assert len(indicators.hamlets) == 8
    assert len(indicators.results) == 9 * len(Tally)
    for result in indicators.results:
        numerator, denominator = expected[(result.tally, result.hamlet)]
        assert (result.numerator, result.denominator) == (numerator, denominator), result
        if denominator:
            assert result.percent == Decimal(numerator) * 100 / Decimal(denominator)
        else:
            assert result.percent is None


def test_the_synthetic_commune_figures_are_plausible(register: Register) -> None:
    indicators = compute_indicators(
        register, RegisterRules(), criteria_set=Catalog.shipped().criteria_set("xa-ntm-2021-2025")
    )
    shares = {r.tally: r.percent for r in indicators.commune()}
    assert 80 < shares[Tally.PERMANENT_HOUSING] < 98
    assert 1 < shares[Tally.POOR] < 8
    assert 50 < shares[Tally.TRAINED_WORKERS] < 85
    assert 85 < shares[Tally.HEALTH_INSURANCE] < 99
    assert indicators.get(Tally.POOR).excluded > 0
    assert indicators.synthetic is True


@pytest.mark.parametrize("rules_name", list(RULES))
def test_the_visit_lists_account_for_every_gap_that_compute_indicators_counts(
    register: Register, rules_name: str
) -> None:
    """Over a hamlet, the households (or persons) listed for a tally are its
    denominator less its numerator, or for a tally where lower is better, its numerator."""
    rules = RULES[rules_name]
    indicators = compute_indicators(
        register, rules, criteria_set=Catalog.shipped().criteria_set("xa-ntm-2021-2025")
    )
    lower_is_better = {Tally.MAKESHIFT_HOUSES, Tally.POOR, Tally.POOR_OR_NEAR_POOR}
    listed = 0
    for hamlet in indicators.hamlets:
        rows = households_to_visit(register, rules, hamlet=hamlet, tallies=Tally)
        listed += len(rows)
        for tally in Tally:
            gaps = [row.gap(tally) for row in rows]
            found = sum(gap.persons or 1 for gap in gaps if gap is not None)
            result = indicators.get(tally, hamlet=hamlet)
            if tally in lower_is_better:
                assert found == result.numerator, (hamlet, tally)
            else:
                assert found == result.denominator - result.numerator, (hamlet, tally)
    assert 0 < listed <= len(register.households)
