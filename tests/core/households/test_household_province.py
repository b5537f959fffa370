"""synthetic_province: reproducible, labelled, with the distributions of synthetic_register;
and compute_communes over it checked against a second count written with plain numpy."""

from dataclasses import replace

import numpy as np
import pytest

from ntm.core.households.columns import RegisterColumns, code_of
from ntm.core.households.compute import Tally, compute_communes
from ntm.core.households.register import (
    Certificate,
    HouseStructure,
    PovertyClass,
    RegisterRules,
    Setting,
    Sex,
)
from ntm.core.households.synthetic import synthetic_province
from ntm.core.registry import Catalog

BASIC = Catalog.shipped().criteria_set("xa-ntm-2021-2025")


@pytest.fixture(scope="module")
def province() -> RegisterColumns:
    return synthetic_province(communes=6, households=12_000, seed=7)


def _arrays(columns: RegisterColumns) -> list[np.ndarray]:
    h, p = columns.households, columns.persons
    return [
        h.code,
        h.hamlet,
        h.structure,
        h.poverty_class,
        h.poverty_year,
        h.clean_water,
        h.sanitary_latrine,
        h.waste_sorted,
        h.commune,  # type: ignore[list-item]
        p.household,
        p.birth_year,
        p.sex,
        p.working,
        p.trained,
        p.certificate,
        p.health_insurance,
    ]


def test_the_same_seed_gives_the_same_province(province: RegisterColumns) -> None:
    again = synthetic_province(communes=6, households=12_000, seed=7)
    for left, right in zip(_arrays(province), _arrays(again), strict=True):
        assert np.array_equal(left, right)
    other = synthetic_province(communes=6, households=12_000, seed=8)
    assert not np.array_equal(province.households.structure, other.households.structure)


def test_the_province_is_labelled_synthetic_and_shaped_as_asked(
    province: RegisterColumns,
) -> None:
    assert province.synthetic is True
    assert province.source == "synthetic province: 6 communes, 12000 households, seed 7"
    assert province.communes == ("S0001", "S0002", "S0003", "S0004", "S0005", "S0006")
    assert len(province.hamlets) == 6 * 15
    assert province.hamlets[:2] == ("S0001-01", "S0001-02")
    households = province.households
    assert households.commune is not None
    assert np.bincount(households.commune).tolist() == [2000] * 6
    # Every household lives in a hamlet of its commune, and every hamlet has households.
    for row in (0, 1999, 2000, 11_999):
        commune = province.communes[households.commune[row]]
        assert province.hamlets[households.hamlet[row]].startswith(f"{commune}-")
    assert len(np.unique(households.hamlet)) == 90
    assert households.code[0].startswith(province.hamlets[households.hamlet[0]])
    assert households.code[0].endswith("-00001")
    assert households.code[2000].endswith("-00001")
    assert households.code[11_999].endswith("-02000")
    assert len(set(households.code)) == 12_000
    # About 4 persons a household; the first person of each household is its head.
    assert 3.9 < len(province.persons) / 12_000 < 4.1
    assert np.all(np.diff(province.persons.household) >= 0)


def test_households_that_do_not_divide_go_to_the_first_communes() -> None:
    columns = synthetic_province(communes=4, households=1002, seed=1, hamlets_per_commune=2)
    assert columns.households.commune is not None
    assert np.bincount(columns.households.commune).tolist() == [251, 251, 250, 250]
    assert len(columns.hamlets) == 8
    empty = synthetic_province(communes=2, households=0, seed=1)
    assert (len(empty.households), len(empty.persons)) == (0, 0)
    with pytest.raises(ValueError, match="at least 1"):
        synthetic_province(communes=0, households=10, seed=1)


def test_the_shares_are_those_of_the_commune_generator(province: RegisterColumns) -> None:
    h, p = province.households, province.persons
    structure = np.bincount(h.structure, minlength=4) / len(h)
    assert structure[code_of(HouseStructure.PERMANENT)] == pytest.approx(0.55, abs=0.02)
    assert structure[code_of(HouseStructure.SEMI_PERMANENT)] == pytest.approx(0.35, abs=0.02)
    assert structure[code_of(HouseStructure.SIMPLE)] == pytest.approx(0.03, abs=0.01)
    poverty = np.bincount(h.poverty_class, minlength=4) / len(h)
    assert poverty[code_of(PovertyClass.POOR)] == pytest.approx(0.04, abs=0.01)
    assert poverty[code_of(PovertyClass.NEAR_POOR)] == pytest.approx(0.06, abs=0.01)
    assert poverty[code_of(PovertyClass.AVERAGE)] == pytest.approx(0.12, abs=0.015)
    assert np.mean(h.poverty_year == 2023) == pytest.approx(0.01, abs=0.005)
    assert np.mean(h.clean_water) == pytest.approx(0.8 * 0.975, abs=0.02)
    heads = np.r_[True, np.diff(p.household) != 0]
    ages = 2024 - p.birth_year
    assert ages[heads].min() >= 24 and ages[heads].max() <= 82
    assert ages.min() >= 0 and ages.max() <= 90
    assert np.mean(p.sex[heads] == code_of(Sex.MALE)) == pytest.approx(0.8, abs=0.02)
    assert not np.any(p.working & (ages < 15))
    assert not np.any(p.trained & ~p.working)
    # Poor households' members are always insured (the State pays their card).
    poor = h.poverty_class[p.household] == code_of(PovertyClass.POOR)
    assert np.all(p.health_insurance[poor])
    # A few workers hold a certificate without the trained flag.
    unflagged = p.working & ~p.trained & (p.certificate == code_of(Certificate.INTERMEDIATE))
    assert 0 < np.count_nonzero(unflagged) < 0.02 * len(p)
    assert np.all(p.certificate[~p.working] == code_of(Certificate.NONE))


def numpy_counts(
    columns: RegisterColumns, rules: RegisterRules
) -> dict[tuple[str, str | None, Tally], tuple[int, int]]:
    """A second way: boolean arrays and bincount per hamlet, summed per commune."""
    h, p = columns.households, columns.persons
    assert columns.communes is not None and h.commune is not None
    year = columns.reference_date.year
    review = rules.poverty_review_year.value or year

    def codes(items: object) -> list[int]:
        return [code_of(item) for item in items]  # type: ignore[attr-defined]

    classified = h.poverty_year == review
    poor = classified & (h.poverty_class == code_of(PovertyClass.POOR))
    near = classified & (h.poverty_class == code_of(PovertyClass.NEAR_POOR))
    every = np.ones(len(h), dtype=bool)
    household_tests = {
        Tally.PERMANENT_HOUSING: (
            np.isin(h.structure, codes(rules.permanent_structures.value)),
            every,
        ),
        Tally.MAKESHIFT_HOUSES: (
            np.isin(h.structure, codes(rules.makeshift_structures.value)),
            every,
        ),
        Tally.POOR: (poor, classified),
        Tally.POOR_OR_NEAR_POOR: (poor | near, classified),
        Tally.CLEAN_WATER: (h.clean_water, every),
        Tally.SANITARY_LATRINE: (h.sanitary_latrine, every),
        Tally.WASTE_SORTING: (h.waste_sorted, every),
    }
    age = year - p.birth_year.astype(np.int64)
    male_max = rules.working_age_max_male.value
    female_max = rules.working_age_max_female.value
    top = np.where(
        p.sex == code_of(Sex.MALE),
        10_000 if male_max is None else male_max,
        10_000 if female_max is None else female_max,
    )
    worker = p.working & (age >= rules.working_age_min.value) & (age <= top)
    trained = p.trained | np.isin(p.certificate, codes(rules.trained_certificates.value))
    diploma = np.isin(p.certificate, codes(rules.diploma_certificates.value))
    person_tests = {
        Tally.TRAINED_WORKERS: (worker & trained, worker),
        Tally.CERTIFIED_WORKERS: (worker & trained & diploma, worker),
        Tally.HEALTH_INSURANCE: (p.health_insurance, np.ones(len(p), dtype=bool)),
    }
    hamlets = len(columns.hamlets)
    hamlet_commune = np.zeros(hamlets, dtype=np.int64)
    hamlet_commune[h.hamlet] = h.commune
    counts: dict[tuple[str, str | None, Tally], tuple[int, int]] = {}
    person_hamlet = h.hamlet[p.household]
    for tests, where in ((household_tests, h.hamlet), (person_tests, person_hamlet)):
        for tally, (numerator, denominator) in tests.items():
            top_numbers = np.bincount(where, weights=numerator, minlength=hamlets)
            bottom = np.bincount(where, weights=denominator, minlength=hamlets)
            for hamlet in np.unique(h.hamlet):
                commune = columns.communes[hamlet_commune[hamlet]]
                key = (commune, columns.hamlets[hamlet], tally)
                counts[key] = (int(top_numbers[hamlet]), int(bottom[hamlet]))
            for index, commune in enumerate(columns.communes):
                mine = hamlet_commune == index
                counts[(commune, None, tally)] = (
                    int(top_numbers[mine].sum()),
                    int(bottom[mine].sum()),
                )
    return counts


RULES = {
    "defaults": RegisterRules(),
    "wider": replace(
        RegisterRules(),
        permanent_structures=Setting(
            frozenset(HouseStructure) - {HouseStructure.SIMPLE}, verified=False, source="t"
        ),
        working_age_max_male=Setting(None, verified=False, source="t"),
        trained_certificates=Setting(frozenset(), verified=False, source="t"),
        poverty_review_year=Setting(2023, verified=False, source="t"),
    ),
}


@pytest.mark.parametrize("rules_name", list(RULES))
def test_compute_communes_agrees_with_plain_numpy_on_every_commune_and_hamlet(
    province: RegisterColumns, rules_name: str
) -> None:
    rules = RULES[rules_name]
    expected = numpy_counts(province, rules)
    assert province.communes is not None
    results = compute_communes(
        province, rules, criteria_sets=dict.fromkeys(province.communes, BASIC)
    )
    checked = 0
    for commune, indicators in results.items():
        assert len(indicators.hamlets) == 15
        for result in indicators.results:
            key = (commune, result.hamlet, result.tally)
            assert (result.numerator, result.denominator) == expected[key], key
            checked += 1
    assert checked == len(expected) == 6 * 16 * len(Tally)
