"""compute_indicators and households_to_visit on the hand-made register of conftest.py:
every figure by hand."""

from dataclasses import replace
from decimal import Decimal

import pytest

from ntm.core import Comparator, IndicatorKind
from ntm.core.exceptions import InputError
from ntm.core.households.compute import (
    HouseholdIndicators,
    Tally,
    Unit,
    compute_indicators,
)
from ntm.core.households.register import (
    HouseStructure,
    PovertyClass,
    Register,
    RegisterRules,
    Setting,
)
from ntm.core.households.visits import VisitGap, household_code_key, households_to_visit
from ntm.core.i18n import language
from ntm.core.registry import Catalog

D = Decimal
BASIC = "xa-ntm-2021-2025"
ADVANCED = "xa-ntm-nang-cao-2021-2025"


def compute(
    register: Register, rules: RegisterRules | None = None, set_code: str = BASIC
) -> HouseholdIndicators:
    criteria_set = Catalog.shipped().criteria_set(set_code)
    return compute_indicators(register, rules or RegisterRules(), criteria_set=criteria_set)


def share(numerator: int, denominator: int) -> Decimal:
    return D(numerator) * 100 / D(denominator)


# tally: (X1, X2, commune) as (numerator, denominator); worked out in conftest.py's table.
EXPECTED = {
    Tally.PERMANENT_HOUSING: ((2, 3), (2, 3), (4, 6)),  # H1 H2 | H5 H6 (H3 simple, H4 less)
    Tally.MAKESHIFT_HOUSES: ((1, 3), (0, 3), (1, 6)),  # H3 is đơn sơ
    Tally.POOR: ((1, 3), (0, 2), (1, 5)),  # H1; H4's 2023 class is excluded
    Tally.POOR_OR_NEAR_POOR: ((2, 3), (1, 2), (3, 5)),  # H1 H3 | H6
    Tally.TRAINED_WORKERS: (
        (3, 5),
        (3, 4),
        (6, 9),
    ),  # p1 p4 p7 of p1 p2 p4 p6 p7 | p11 p12 p15 of p11 p12 p14 p15
    Tally.CERTIFIED_WORKERS: ((1, 5), (2, 4), (3, 9)),  # p4 | p11 p12
    Tally.HEALTH_INSURANCE: ((6, 8), (6, 7), (12, 15)),  # p4 p7 | p13 uninsured
    Tally.CLEAN_WATER: ((2, 3), (2, 3), (4, 6)),  # H1 H2 | H4 H5
    Tally.SANITARY_LATRINE: ((1, 3), (3, 3), (4, 6)),  # H1 | H4 H5 H6
    Tally.WASTE_SORTING: ((2, 3), (1, 3), (3, 6)),  # H1 H2 | H5
}


@pytest.mark.parametrize("tally", list(Tally))
def test_each_tally_per_hamlet_and_for_the_commune_matches_the_hand_count(
    small_register: Register, tally: Tally
) -> None:
    indicators = compute(small_register)
    for hamlet, (numerator, denominator) in zip(("X1", "X2", None), EXPECTED[tally], strict=True):
        result = indicators.get(tally, hamlet=hamlet)
        assert (result.numerator, result.denominator) == (numerator, denominator)
        assert result.percent == share(numerator, denominator)


def test_percentages_are_exact_decimals_not_rounded(small_register: Register) -> None:
    indicators = compute(small_register)
    assert indicators.get(Tally.PERMANENT_HOUSING).percent == D(200) / D(3)
    assert indicators.get(Tally.POOR).percent == D(20)
    assert indicators.get(Tally.HEALTH_INSURANCE).percent == D(80)
    assert indicators.get(Tally.HEALTH_INSURANCE, hamlet="X2").percent == D(600) / D(7)
    assert indicators.get(Tally.CERTIFIED_WORKERS).percent == D(100) / D(3)
    assert all(isinstance(r.percent, Decimal) for r in indicators.results)


def test_a_household_classified_in_another_year_is_excluded_from_the_poverty_rate(
    small_register: Register,
) -> None:
    indicators = compute(small_register)
    assert indicators.get(Tally.POOR).excluded == 1
    assert indicators.get(Tally.POOR, hamlet="X2").excluded == 1
    assert indicators.get(Tally.POOR, hamlet="X1").excluded == 0
    rules = replace(RegisterRules(), poverty_review_year=Setting(2023, verified=False, source="t"))
    earlier = compute(small_register, rules).get(Tally.POOR_OR_NEAR_POOR)
    assert (earlier.numerator, earlier.denominator, earlier.excluded) == (0, 1, 5)
    assert earlier.percent == D(0)


BASIC_CODES = {
    Tally.PERMANENT_HOUSING: "9.2",
    Tally.MAKESHIFT_HOUSES: "9.1",
    Tally.POOR: "11",
    Tally.POOR_OR_NEAR_POOR: None,
    Tally.TRAINED_WORKERS: "12.1",
    Tally.CERTIFIED_WORKERS: "12.2",
    Tally.HEALTH_INSURANCE: "15.1",
    Tally.CLEAN_WATER: "17.1",
    Tally.SANITARY_LATRINE: "17.6",
    Tally.WASTE_SORTING: "17.10",
}
ADVANCED_CODES = {
    Tally.PERMANENT_HOUSING: "9.1",
    Tally.MAKESHIFT_HOUSES: None,
    Tally.POOR: "11",
    Tally.POOR_OR_NEAR_POOR: None,
    Tally.TRAINED_WORKERS: "12.1",
    Tally.CERTIFIED_WORKERS: "12.2",
    Tally.HEALTH_INSURANCE: "14.1",
    Tally.CLEAN_WATER: "18.1",
    Tally.SANITARY_LATRINE: "18.3",
    Tally.WASTE_SORTING: "17.1",
}


@pytest.mark.parametrize(
    ("set_code", "codes"),
    [
        (BASIC, BASIC_CODES),
        (ADVANCED, ADVANCED_CODES),
        (f"{ADVANCED}+thai-nguyen-qd-2194-2022", ADVANCED_CODES),
        ("xa-ntm-kieu-mau-2021-2025", dict.fromkeys(Tally)),
        ("xa-ntm-2026-2030", dict.fromkeys(Tally)),
    ],
)
def test_each_result_names_its_indicator_in_the_criteria_set(
    small_register: Register, set_code: str, codes: dict[Tally, str | None]
) -> None:
    indicators = compute(small_register, set_code=set_code)
    criteria_set = Catalog.shipped().criteria_set(set_code)
    assert indicators.criteria_set == set_code
    for hamlet in (None, "X1", "X2"):
        for tally, code in codes.items():
            result = indicators.get(tally, hamlet=hamlet)
            assert result.indicator_code == code
            if code is not None:
                indicator = criteria_set.indicator(code)
                assert result.comparator is indicator.comparator
                if result.counted:
                    assert indicator.kind is IndicatorKind.QUANTITY
                else:
                    units = {Unit.HOUSEHOLDS: ("hộ", "nhà"), Unit.PERSONS: ("người",)}
                    assert indicator.numerator in units[result.unit]
                assert indicators.for_indicator(code, hamlet=hamlet) is result


def test_the_poverty_rule_chooses_which_variant_carries_indicator_11(
    small_register: Register,
) -> None:
    rules = replace(
        RegisterRules(), poverty_counts_near_poor=Setting(True, verified=False, source="t")
    )
    indicators = compute(small_register, rules)
    assert indicators.get(Tally.POOR).indicator_code is None
    assert indicators.get(Tally.POOR_OR_NEAR_POOR).indicator_code == "11"
    assert indicators.for_indicator("11") == indicators.get(Tally.POOR_OR_NEAR_POOR)


@pytest.mark.parametrize(
    ("setting", "tally"),
    [
        ("health_insurance_from_persons", Tally.HEALTH_INSURANCE),
        ("clean_water_for_indicator", Tally.CLEAN_WATER),
        ("latrine_for_indicator", Tally.SANITARY_LATRINE),
        ("waste_sorting_for_indicator", Tally.WASTE_SORTING),
    ],
)
def test_a_mapping_switched_off_keeps_the_figure_but_drops_the_indicator_code(
    small_register: Register, setting: str, tally: Tally
) -> None:
    rules = replace(RegisterRules(), **{setting: Setting(False, verified=False, source="t")})
    result = compute(small_register, rules).get(tally)
    assert result.indicator_code is None
    assert (result.numerator, result.denominator) == EXPECTED[tally][2]
    assert [rule.value for rule in result.rules] == ["no"]


def test_each_result_lists_the_rules_it_used_and_whether_they_are_verified(
    small_register: Register,
) -> None:
    indicators = compute(small_register)
    housing = indicators.get(Tally.PERMANENT_HOUSING)
    assert [(r.name, r.value, r.verified) for r in housing.rules] == [
        ("permanent_structures", "permanent, semi_permanent", False)
    ]
    assert housing.verified is False
    poverty = indicators.get(Tally.POOR)
    assert [(r.name, r.value) for r in poverty.rules] == [
        ("poverty_counts_near_poor", "no"),
        ("poverty_review_year", "2024"),
    ]
    certified = indicators.get(Tally.CERTIFIED_WORKERS)
    assert [r.name for r in certified.rules] == [
        "working_age_min",
        "working_age_max_male",
        "working_age_max_female",
        "trained_certificates",
        "diploma_certificates",
    ]
    assert certified.rules[0].source.startswith("reference/household-definitions.md")
    assert all(not result.verified for result in indicators.results)


def test_a_result_is_verified_when_every_rule_it_used_is(small_register: Register) -> None:
    confirmed = Setting(
        frozenset({HouseStructure.PERMANENT, HouseStructure.SEMI_PERMANENT}),
        verified=True,
        source="the official guidance",
    )
    rules = replace(RegisterRules(), permanent_structures=confirmed)
    indicators = compute(small_register, rules)
    assert indicators.get(Tally.PERMANENT_HOUSING).verified is True
    assert indicators.get(Tally.MAKESHIFT_HOUSES).verified is False


def test_working_age_bounds_and_certificates_are_settings(small_register: Register) -> None:
    rules = replace(
        RegisterRules(),
        working_age_max_male=Setting(None, verified=False, source="t"),
        working_age_max_female=Setting(None, verified=False, source="t"),
        trained_certificates=Setting(frozenset(), verified=False, source="t"),
    )
    indicators = compute(small_register, rules)
    # p5 (56, F) and p9 (61, M) become workers; only the trained flag counts now:
    # trained p1 p5 p7 | p9 p11 p12 of workers p1 p2 p4 p5 p6 p7 | p9 p11 p12 p14 p15.
    trained = indicators.get(Tally.TRAINED_WORKERS)
    assert (trained.numerator, trained.denominator) == (6, 11)
    assert indicators.get(Tally.TRAINED_WORKERS, hamlet="X1").percent == share(3, 6)
    # diploma and trained: p5 (elementary) | p9 p11 p12; p4 (university) is no longer trained.
    certified = indicators.get(Tally.CERTIFIED_WORKERS)
    assert (certified.numerator, certified.denominator) == (4, 11)
    assert [r.value for r in certified.rules][1:4] == ["(none)", "(none)", "(none)"]


def test_units_comparators_and_counts(small_register: Register) -> None:
    indicators = compute(small_register)
    assert indicators.get(Tally.HEALTH_INSURANCE).unit is Unit.PERSONS
    assert indicators.get(Tally.CLEAN_WATER).unit is Unit.HOUSEHOLDS
    makeshift = indicators.get(Tally.MAKESHIFT_HOUSES)
    assert makeshift.counted is True
    assert makeshift.comparator is Comparator.LE
    assert indicators.get(Tally.POOR_OR_NEAR_POOR).comparator is Comparator.LE
    assert indicators.get(Tally.PERMANENT_HOUSING).counted is False


def test_results_without_an_indicator_use_the_tally_direction(
    small_register: Register,
) -> None:
    indicators = compute(small_register, set_code="xa-ntm-kieu-mau-2021-2025")
    assert indicators.get(Tally.POOR).comparator is Comparator.LE
    assert indicators.get(Tally.TRAINED_WORKERS).comparator is Comparator.GE


def test_an_indicator_of_another_kind_than_expected_is_not_named(
    small_register: Register,
) -> None:
    basic = Catalog.shipped().criteria_set(BASIC)
    criteria = tuple(
        replace(
            criterion,
            indicators=tuple(
                replace(indicator, kind=IndicatorKind.YES_NO, comparator=None, thresholds=())
                if indicator.code in ("9.1", "9.2")
                else indicator
                for indicator in criterion.indicators
            ),
        )
        for criterion in basic.criteria
    )
    indicators = compute_indicators(
        small_register, RegisterRules(), criteria_set=replace(basic, criteria=criteria)
    )
    assert indicators.get(Tally.MAKESHIFT_HOUSES).indicator_code is None
    assert indicators.get(Tally.PERMANENT_HOUSING).indicator_code is None
    assert indicators.get(Tally.POOR).indicator_code == "11"


def test_the_result_keeps_the_registers_date_source_and_hamlets(
    small_register: Register,
) -> None:
    indicators = compute(small_register)
    assert indicators.reference_date == small_register.reference_date
    assert indicators.source == "hand-made test register"
    assert indicators.synthetic is False
    assert indicators.hamlets == ("X1", "X2")
    assert [r.tally for r in indicators.commune()] == list(Tally)
    assert len(indicators.results) == 3 * len(Tally)
    assert indicators.for_indicator("17.2") is None
    with pytest.raises(KeyError):
        indicators.get(Tally.POOR, hamlet="X9")


# --- households_to_visit, on the same register -------------------------------------------

VISIT_X1 = {  # household: {tally: what it lacks}; worked out from conftest.py's table
    "H1": {
        Tally.POOR: PovertyClass.POOR,
        Tally.POOR_OR_NEAR_POOR: PovertyClass.POOR,
        Tally.TRAINED_WORKERS: 1,  # p2
        Tally.CERTIFIED_WORKERS: 2,  # p1 (trained, no certificate) and p2
    },
    "H2": {Tally.HEALTH_INSURANCE: 1, Tally.SANITARY_LATRINE: None},  # p4 uninsured
    "H3": {
        Tally.PERMANENT_HOUSING: HouseStructure.SIMPLE,
        Tally.MAKESHIFT_HOUSES: HouseStructure.SIMPLE,
        Tally.POOR_OR_NEAR_POOR: PovertyClass.NEAR_POOR,
        Tally.TRAINED_WORKERS: 1,  # p6
        Tally.CERTIFIED_WORKERS: 2,  # p6, p7 (short course only)
        Tally.HEALTH_INSURANCE: 1,  # p7
        Tally.CLEAN_WATER: None,
        Tally.SANITARY_LATRINE: None,
        Tally.WASTE_SORTING: None,
    },
}
VISIT_X2 = {
    # H4's 2023 class is not counted; p9 (61) is above the male bound, p10 (14) below.
    "H4": {Tally.PERMANENT_HOUSING: HouseStructure.LESS_PERMANENT, Tally.WASTE_SORTING: None},
    "H5": {Tally.HEALTH_INSURANCE: 1},  # p13
    "H6": {
        Tally.POOR_OR_NEAR_POOR: PovertyClass.NEAR_POOR,
        Tally.TRAINED_WORKERS: 1,  # p14
        Tally.CERTIFIED_WORKERS: 2,  # p14, p15 (short course only)
        Tally.CLEAN_WATER: None,
        Tally.WASTE_SORTING: None,
    },
}


def _lacks(gap: VisitGap) -> object:
    return gap.structure or gap.poverty_class or gap.persons


@pytest.mark.parametrize(("hamlet", "expected"), [("X1", VISIT_X1), ("X2", VISIT_X2)])
def test_households_to_visit_lists_what_each_household_lacks(
    small_register: Register, hamlet: str, expected: dict[str, dict[Tally, object]]
) -> None:
    rows = households_to_visit(small_register, RegisterRules(), hamlet=hamlet, tallies=Tally)
    assert [row.code for row in rows] == list(expected)
    for row in rows:
        assert row.head_name == f"Nguyễn Văn {row.code}"
        assert {gap.tally: _lacks(gap) for gap in row.gaps} == expected[row.code]
        assert [gap.tally for gap in row.gaps] == [m for m in Tally if m in expected[row.code]]


def test_households_to_visit_checks_only_the_tallies_asked(small_register: Register) -> None:
    rows = households_to_visit(
        small_register,
        RegisterRules(),
        hamlet="X2",
        tallies={Tally.CLEAN_WATER, Tally.HEALTH_INSURANCE},
    )
    assert [(row.code, [g.tally for g in row.gaps]) for row in rows] == [
        ("H5", [Tally.HEALTH_INSURANCE]),
        ("H6", [Tally.CLEAN_WATER]),
    ]
    assert rows[1].gap(Tally.CLEAN_WATER) == VisitGap(Tally.CLEAN_WATER)
    assert rows[1].gap(Tally.HEALTH_INSURANCE) is None
    assert households_to_visit(small_register, RegisterRules(), hamlet="X2", tallies=()) == []


def test_households_to_visit_follows_the_rules(small_register: Register) -> None:
    rules = replace(
        RegisterRules(),
        permanent_structures=Setting(frozenset(HouseStructure), verified=False, source="t"),
        working_age_max_male=Setting(None, verified=False, source="t"),
        poverty_review_year=Setting(2023, verified=False, source="t"),
    )
    rows = households_to_visit(
        small_register,
        rules,
        hamlet="X2",
        tallies={Tally.PERMANENT_HOUSING, Tally.POOR, Tally.TRAINED_WORKERS},
    )
    # Every house counts now; H4's 2023 class is "none"; p9 (61, trained) is a worker.
    assert [(row.code, {g.tally: _lacks(g) for g in row.gaps}) for row in rows] == [
        ("H6", {Tally.TRAINED_WORKERS: 1})
    ]


def test_a_visit_gap_says_what_is_missing_in_words(small_register: Register) -> None:
    rows = households_to_visit(small_register, RegisterRules(), hamlet="X1", tallies=Tally)
    with language("en"):
        words = {row.code: [gap.describe() for gap in row.gaps] for row in rows}
    assert words["H1"] == [
        "hộ nghèo",
        "hộ nghèo",
        "1 worker without training",
        "2 workers without a diploma or certificate",
    ]
    assert words["H2"] == ["1 member without health insurance", "no sanitary latrine"]
    with language("en"):
        assert rows[1].reasons == tuple(words["H2"])
    assert words["H3"][:3] == ["nhà đơn sơ", "nhà đơn sơ", "hộ cận nghèo"]
    assert words["H3"][-3:] == [
        "no clean water",
        "no sanitary latrine",
        "waste not sorted at source",
    ]


def test_households_to_visit_refuses_an_unknown_hamlet(small_register: Register) -> None:
    with pytest.raises(InputError, match="hamlet X9 has no households in the register"):
        households_to_visit(small_register, RegisterRules(), hamlet="X9", tallies=Tally)


def test_household_codes_sort_by_number_then_vietnamese_letters() -> None:
    codes = ["H10", "H2", "Đ1", "D1", "H1", "H02", "A-3-10", "A-3-9"]
    assert sorted(codes, key=household_code_key) == [
        "A-3-9",
        "A-3-10",
        "D1",
        "Đ1",
        "H1",
        "H02",
        "H2",
        "H10",
    ]


def test_households_to_visit_sorts_by_code(small_register: Register) -> None:
    households = tuple(
        replace(h, code=code)
        for h, code in zip(
            small_register.households, ("H10", "H9", "H1", "H4", "H5", "H6"), strict=True
        )
    )
    persons = tuple(
        replace(p, household={"H1": "H10", "H2": "H9", "H3": "H1"}.get(p.household, p.household))
        for p in small_register.persons
    )
    register = replace(small_register, households=households, persons=persons)
    rows = households_to_visit(register, RegisterRules(), hamlet="X1", tallies=Tally)
    assert [row.code for row in rows] == ["H1", "H9", "H10"]
    assert rows[0].head_name == "Nguyễn Văn H3"
