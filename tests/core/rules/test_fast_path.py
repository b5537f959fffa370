"""The engine's fast path for common readings gives exactly what the general path gives."""

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ntm.core import (
    Catalog,
    Commune,
    ParsedValue,
    Qualifier,
    Reading,
    ReviewInput,
    ValueStatus,
    Verdict,
)
from ntm.core.rules.evaluation import _Context, _evaluate_indicator, _fast_result

CATALOG = Catalog.from_directory(Path(__file__).parents[1] / "fixtures")
SET = CATALOG.criteria_set("test-advanced")


def _context(year: int) -> _Context:
    review = ReviewInput(
        commune=Commune(name="X", region="TDMNPB"), year=year, criteria_set=SET.code, readings=()
    )
    return _Context(review=review, main_set=SET)


@settings(max_examples=300)
@given(
    code=st.sampled_from(["1.1", "3", "4.1"]),
    denominator=st.integers(min_value=1, max_value=5000),
    data=st.data(),
)
def test_ratio_readings_agree(code: str, denominator: int, data: st.DataObject) -> None:
    numerator = data.draw(st.integers(min_value=0, max_value=denominator))
    indicator = SET.indicator(code)
    reading = Reading(
        criterion=indicator.criterion,
        indicator=code,
        numerator=Decimal(numerator),
        denominator=Decimal(denominator),
    )
    context = _context(2024)
    # Every ratio reading takes the fast path (None would not equal the general result).
    assert _fast_result(indicator, reading, context) == _evaluate_indicator(
        indicator, reading, context
    )


@settings(max_examples=300)
@given(
    number=st.decimals(min_value=0, max_value=200, places=2),
    year=st.sampled_from([2023, 2024, 2025]),
    qualifier=st.sampled_from(list(Qualifier)),
    status=st.sampled_from(list(ValueStatus)),
)
def test_value_readings_agree(
    number: Decimal, year: int, qualifier: Qualifier, status: ValueStatus
) -> None:
    indicator = SET.indicator("2")
    reading = Reading(
        criterion=2,
        indicator="2",
        value=ParsedValue(number=number, qualifier=qualifier, status=status),
    )
    context = _context(year)
    fast = _fast_result(indicator, reading, context)
    general = _evaluate_indicator(indicator, reading, context)
    if fast is not None:
        assert fast == general
    else:  # the fast path declines only what needs notes or cannot be decided simply
        assert qualifier is not Qualifier.EXACT or status is not ValueStatus.ACTUAL or year == 2023


def test_yes_no_readings_agree() -> None:
    indicator = SET.indicator("1.2")
    reading = Reading(criterion=1, indicator="1.2", result=Verdict.MET)
    context = _context(2024)
    assert _fast_result(indicator, reading, context) == _evaluate_indicator(
        indicator, reading, context
    )
