"""shortfall: how many households or persons are still needed, exactly at the boundary;
and zero denominators, which give no value and no shortfall."""

from datetime import date
from decimal import Decimal

import pytest

from ntm.core import Comparator
from ntm.core.households.compute import Tally, TallyResult, Unit, compute_indicators, shortfall
from ntm.core.households.register import Certificate, Person, Register, RegisterRules, Sex
from ntm.core.registry import Catalog

D = Decimal


def result(
    numerator: int,
    denominator: int,
    comparator: Comparator = Comparator.GE,
    *,
    counted: bool = False,
) -> TallyResult:
    return TallyResult(
        tally=Tally.PERMANENT_HOUSING,
        hamlet=None,
        indicator_code="9.2",
        unit=Unit.HOUSEHOLDS,
        numerator=numerator,
        denominator=denominator,
        percent=D(numerator) * 100 / D(denominator) if denominator else None,
        comparator=comparator,
        counted=counted,
        rules=(),
    )


@pytest.mark.parametrize(
    ("numerator", "denominator", "threshold", "needed"),
    [
        # 95 × 860 / 100 = 817 exactly: 816 needs 1, 817 and 818 none.
        (812, 860, "95", 5),
        (816, 860, "95", 1),
        (817, 860, "95", 0),
        (818, 860, "95", 0),
        # 95 × 861 / 100 = 817.95: the 818th household is needed.
        (817, 861, "95", 1),
        (818, 861, "95", 0),
        # 2/3 of 100 %: 66.67 × 3 / 100 = 2.0001, so 2 of 3 is not enough.
        (2, 3, "66.67", 1),
        (2, 3, "66.66", 0),
        (0, 7, "100", 7),
    ],
)
def test_ge_shortfall_is_the_ceiling_of_threshold_times_denominator_minus_numerator(
    numerator: int, denominator: int, threshold: str, needed: int
) -> None:
    assert shortfall(result(numerator, denominator), D(threshold)) == needed


@pytest.mark.parametrize(
    ("numerator", "denominator", "threshold", "over"),
    [
        # ≤ 3 % of 100 households: 3 poor households is at the limit, 4 is one over.
        (3, 100, "3", 0),
        (4, 100, "3", 1),
        (5, 100, "3", 2),
        # 3 × 130 / 100 = 3.9: 4 poor households are over by a fraction, so 1 must leave.
        (4, 130, "3", 1),
        (3, 130, "3", 0),
        (0, 130, "0", 0),
        (1, 130, "0", 1),
    ],
)
def test_le_shortfall_is_the_number_over(
    numerator: int, denominator: int, threshold: str, over: int
) -> None:
    assert shortfall(result(numerator, denominator, Comparator.LE), D(threshold)) == over


@pytest.mark.parametrize(
    ("count", "threshold", "over"), [(0, "0", 0), (1, "0", 1), (3, "0", 3), (3, "2", 1)]
)
def test_a_count_is_compared_with_its_threshold_directly(
    count: int, threshold: str, over: int
) -> None:
    makeshift = result(count, 500, Comparator.LE, counted=True)
    assert shortfall(makeshift, D(threshold)) == over


def test_a_zero_denominator_gives_no_value_and_no_shortfall() -> None:
    empty = result(0, 0)
    assert empty.percent is None
    assert shortfall(empty, D("95")) is None
    assert shortfall(result(0, 0, Comparator.LE), D("3")) is None


BASIC = Catalog.shipped().criteria_set("xa-ntm-2021-2025")


def test_an_empty_register_has_no_values() -> None:
    register = Register((), (), date(2024, 12, 31), source="empty")
    indicators = compute_indicators(register, RegisterRules(), criteria_set=BASIC)
    assert indicators.hamlets == ()
    for tally_result in indicators.results:
        assert (tally_result.numerator, tally_result.denominator) == (0, 0)
        assert tally_result.percent is None


def test_a_register_without_persons_has_no_person_based_values(small_register: Register) -> None:
    register = Register(small_register.households, (), date(2024, 12, 31), source="households only")
    indicators = compute_indicators(register, RegisterRules(), criteria_set=BASIC)
    for hamlet in (None, "X1", "X2"):
        for tally in (
            Tally.TRAINED_WORKERS,
            Tally.CERTIFIED_WORKERS,
            Tally.HEALTH_INSURANCE,
        ):
            assert indicators.get(tally, hamlet=hamlet).denominator == 0
            assert indicators.get(tally, hamlet=hamlet).percent is None
        assert indicators.get(Tally.CLEAN_WATER, hamlet=hamlet).percent is not None


def test_a_hamlet_without_workers_has_no_labour_value_but_the_commune_has(
    small_register: Register,
) -> None:
    children = (
        Person("H4", 2012, Sex.MALE, False, False, Certificate.NONE, True),
        Person("H5", 2016, Sex.FEMALE, False, False, Certificate.NONE, True),
    )
    x1 = tuple(p for p in small_register.persons if p.household in ("H1", "H2", "H3"))
    register = Register(small_register.households, x1 + children, date(2024, 12, 31), source="t")
    indicators = compute_indicators(register, RegisterRules(), criteria_set=BASIC)
    x2 = indicators.get(Tally.TRAINED_WORKERS, hamlet="X2")
    assert (x2.numerator, x2.denominator, x2.percent) == (0, 0, None)
    assert shortfall(x2, D("70")) is None
    assert indicators.get(Tally.HEALTH_INSURANCE, hamlet="X2").percent == D(100)
    commune = indicators.get(Tally.TRAINED_WORKERS)
    assert (commune.numerator, commune.denominator, commune.percent) == (3, 5, D(60))
    assert shortfall(commune, D("70")) == 1  # 70 × 5 / 100 = 3.5 → 4 trained workers
