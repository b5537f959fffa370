"""Residents' satisfaction against the condition of each level, exactly."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from ntm.core.catalog import Level
from ntm.core.exceptions import InputError
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.recognition.satisfaction import satisfaction_check

RULES = RecognitionRules.shipped()


def test_the_docstring_example_by_hand() -> None:
    # 925 of 980 answers = 94,387…%, below 95%; 95 × 980 / 100 = 931, so 6 more.
    result = satisfaction_check(RULES, Level.ADVANCED, asked=1000, answered=980, satisfied=925)
    assert (result.met, result.missing, result.required) == (False, 6, Decimal(95))
    assert result.share == Decimal(925) * 100 / Decimal(980)
    assert not result.verified and result.denominator == "answered"


@pytest.mark.parametrize(
    ("level", "satisfied", "met"),
    [
        (Level.BASIC, 90, True),  # exactly 90% of 100: met (≥)
        (Level.BASIC, 89, False),
        (Level.ADVANCED, 94, False),
        (Level.ADVANCED, 95, True),
        (Level.MODEL, 95, True),
    ],
)
def test_the_boundaries(level: Level, satisfied: int, met: bool) -> None:
    result = satisfaction_check(RULES, level, asked=120, answered=100, satisfied=satisfied)
    assert result.met is met
    assert result.missing == (0 if met else 1)


def test_of_everyone_asked_when_the_rules_say_so() -> None:
    rules = replace(RULES, satisfaction_denominator="asked")
    # 95 of 100 answers, but 110 asked: 86,36…% < 90%; 90% of 110 = 99, so 4 more.
    result = satisfaction_check(rules, Level.BASIC, asked=110, answered=100, satisfied=95)
    assert (result.met, result.missing) == (False, 4)


def test_no_answers_is_no_value() -> None:
    result = satisfaction_check(RULES, Level.BASIC, asked=50, answered=0, satisfied=0)
    assert (result.share, result.met, result.missing) == (None, None, None)


@pytest.mark.parametrize(
    ("asked", "answered", "satisfied", "field"),
    [(100, 101, 90, "answered"), (100, 90, 91, "satisfied"), (-1, 0, 0, "asked")],
)
def test_impossible_counts_are_refused(
    asked: int, answered: int, satisfied: int, field: str
) -> None:
    with pytest.raises(InputError) as error:
        satisfaction_check(RULES, Level.BASIC, asked=asked, answered=answered, satisfied=satisfied)
    assert error.value.location.field == field


def test_a_level_without_a_share_is_refused() -> None:
    with pytest.raises(InputError, match="modern"):
        satisfaction_check(RULES, Level.MODERN, asked=10, answered=10, satisfied=10)


def test_a_fraction_of_a_resident_rounds_up() -> None:
    # 95% of 19 answers is 18,05: 18 satisfied are not enough, 19 are; one more is missing.
    result = satisfaction_check(RULES, Level.ADVANCED, asked=19, answered=19, satisfied=18)
    assert (result.met, result.missing) == (False, 1)
