"""Each comparator just below, at and just above its threshold, and qualified values."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ntm.core import Comparator, Qualifier
from ntm.core.rules.comparison import Decision, compare, compare_ratio, units_needed

D = Decimal
HOLDS, FAILS, UNDECIDED = Decision.HOLDS, Decision.FAILS, Decision.UNDECIDED


@pytest.mark.parametrize(
    ("comparator", "below", "at", "above"),
    [
        (Comparator.GE, FAILS, HOLDS, HOLDS),
        (Comparator.GT, FAILS, FAILS, HOLDS),
        (Comparator.LE, HOLDS, HOLDS, FAILS),
        (Comparator.LT, HOLDS, FAILS, FAILS),
    ],
)
def test_each_comparator_below_at_and_above_its_threshold(
    comparator: Comparator, below: Decision, at: Decision, above: Decision
) -> None:
    threshold = D("95")
    assert compare(D("94.99"), Qualifier.EXACT, comparator, threshold) == (below, False)
    assert compare(D("95"), Qualifier.EXACT, comparator, threshold) == (at, False)
    assert compare(D("95.01"), Qualifier.EXACT, comparator, threshold) == (above, False)


@pytest.mark.parametrize(
    ("number", "qualifier", "comparator", "threshold", "expected"),
    [
        # "trên 95%" against ≥ 95: every value above 95 meets it (case 05).
        ("95", Qualifier.OVER, Comparator.GE, "95", (HOLDS, False)),
        ("95", Qualifier.OVER, Comparator.GT, "95", (HOLDS, False)),
        # "> 97" says nothing on whether the value reaches 98.
        ("97", Qualifier.OVER, Comparator.GE, "98", (UNDECIDED, False)),
        # "dưới 1%" against ≤ 1 and < 1 holds; against ≤ 0.5 it is undecided.
        ("1", Qualifier.UNDER, Comparator.LE, "1", (HOLDS, False)),
        ("1", Qualifier.UNDER, Comparator.LT, "1", (HOLDS, False)),
        ("1", Qualifier.UNDER, Comparator.LE, "0.5", (UNDECIDED, False)),
        # "gần 98%" is below 98: it fails ≥ 98 for certain, and meets ≥ 95 only approximately.
        ("98", Qualifier.NEARLY, Comparator.GE, "98", (FAILS, False)),
        ("98", Qualifier.NEARLY, Comparator.GE, "95", (HOLDS, True)),
        ("70", Qualifier.ABOUT, Comparator.GE, "70", (HOLDS, True)),
        ("69", Qualifier.ABOUT, Comparator.GE, "70", (FAILS, True)),
        ("95", Qualifier.AT_LEAST, Comparator.GE, "95", (HOLDS, False)),
        ("95", Qualifier.AT_LEAST, Comparator.GT, "95", (UNDECIDED, False)),
        ("2", Qualifier.AT_MOST, Comparator.LT, "2", (UNDECIDED, False)),
        ("2", Qualifier.AT_MOST, Comparator.GE, "3", (FAILS, False)),
        ("5", Qualifier.OVER, Comparator.LE, "5", (FAILS, False)),
        ("5", Qualifier.OVER, Comparator.LT, "4", (FAILS, False)),
    ],
)
def test_qualified_values_decide_only_when_every_possible_value_agrees(
    number: str, qualifier: Qualifier, comparator: Comparator, threshold: str, expected: tuple
) -> None:
    assert compare(D(number), qualifier, comparator, D(threshold)) == expected


def test_ratio_is_compared_exactly_without_rounding() -> None:
    # 1 of 3 is 33.333…%: it is below 33.34 and above 33.33, never "equal" after rounding.
    assert compare_ratio(D(1), D(3), Comparator.GE, D("33.34")) is FAILS
    assert compare_ratio(D(1), D(3), Comparator.GE, D("33.33")) is HOLDS
    # 19 of 20 is exactly 95%.
    assert compare_ratio(D(19), D(20), Comparator.GE, D(95)) is HOLDS
    assert compare_ratio(D(19), D(20), Comparator.GT, D(95)) is FAILS


@pytest.mark.parametrize(
    ("numerator", "denominator", "comparator", "threshold", "needed"),
    [
        # 95% of 860 = 817 households: 812 need 5 more; 817 need none.
        (812, 860, Comparator.GE, "95", 5),
        (817, 860, Comparator.GE, "95", 0),
        # strictly above 95% of 860 needs 818.
        (817, 860, Comparator.GT, "95", 1),
        # 95% of 861 = 817.95: ≥ needs 818.
        (812, 861, Comparator.GE, "95", 6),
        # poverty ≤ 1% of 1,250 = 12.5: 15 poor households must fall to 12.
        (15, 1250, Comparator.LE, "1", 3),
        # < 1% of 1,200 = 12: 12 must fall to 11.
        (12, 1200, Comparator.LT, "1", 1),
        (5, 1200, Comparator.LT, "1", 0),
    ],
)
def test_units_needed_counts_households_still_to_change(
    numerator: int, denominator: int, comparator: Comparator, threshold: str, needed: int
) -> None:
    assert units_needed(D(numerator), D(denominator), comparator, D(threshold)) == needed


@given(
    denominator=st.integers(min_value=1, max_value=100_000),
    data=st.data(),
    threshold=st.decimals(min_value=0, max_value=100, places=2),
    comparator=st.sampled_from(list(Comparator)),
)
def test_adding_units_needed_always_meets_the_threshold_and_one_fewer_does_not(
    denominator: int, data: st.DataObject, threshold: Decimal, comparator: Comparator
) -> None:
    numerator = data.draw(st.integers(min_value=0, max_value=denominator))
    n, d = D(numerator), D(denominator)
    needed = units_needed(n, d, comparator, threshold)
    step = 1 if comparator.higher_is_better else -1
    after = n + step * needed
    if not 0 <= after <= d:
        return  # the threshold cannot be reached within the denominator (e.g. > 100%)
    assert compare_ratio(after, d, comparator, threshold) is HOLDS
    if needed > 0:
        assert compare_ratio(after - step, d, comparator, threshold) is FAILS


@given(
    value=st.decimals(min_value=-1000, max_value=1000, places=3),
    raise_by=st.decimals(min_value=0, max_value=1000, places=3),
    threshold=st.decimals(min_value=-1000, max_value=1000, places=3),
    comparator=st.sampled_from([Comparator.GE, Comparator.GT]),
    qualifier=st.sampled_from(list(Qualifier)),
)
def test_raising_a_value_never_turns_met_into_not_met_for_higher_is_better(
    value: Decimal,
    raise_by: Decimal,
    threshold: Decimal,
    comparator: Comparator,
    qualifier: Qualifier,
) -> None:
    before, _ = compare(value, qualifier, comparator, threshold)
    after, _ = compare(value + raise_by, qualifier, comparator, threshold)
    if before is HOLDS:
        assert after is HOLDS
    if after is FAILS:
        assert before is FAILS


@given(
    value=st.decimals(min_value=-1000, max_value=1000, places=3),
    lower_by=st.decimals(min_value=0, max_value=1000, places=3),
    threshold=st.decimals(min_value=-1000, max_value=1000, places=3),
    comparator=st.sampled_from([Comparator.LE, Comparator.LT]),
)
def test_lowering_a_value_never_turns_met_into_not_met_for_lower_is_better(
    value: Decimal, lower_by: Decimal, threshold: Decimal, comparator: Comparator
) -> None:
    before, _ = compare(value, Qualifier.EXACT, comparator, threshold)
    after, _ = compare(value - lower_by, Qualifier.EXACT, comparator, threshold)
    if before is HOLDS:
        assert after is HOLDS
