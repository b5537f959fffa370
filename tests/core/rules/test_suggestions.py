"""Target suggestions: which unmet criteria to take on first, with figures worked out by hand.

None of the real cases in examples/cases has a criterion the rule finds not met (every one
of their 19 criteria is undecided: the shipped nâng cao thresholds are almost all unknown),
so the rankings are checked on reviews built from the test set (tests/core/fixtures), on a
small set written below for the cases the test set cannot show (two numeric indicators in
one criterion, a threshold of 0%, a quantity without a unit), and on the shipped xã NTM set's
real "≤ 0 nhà" threshold (9.1). The real files are checked for what they do show: the
Phúc Chu 2024 review's stated verdicts, and that undecided criteria are never proposed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ntm.core import (
    Basis,
    Catalog,
    Commune,
    HeldRecognition,
    Level,
    Outcome,
    Reading,
    ReviewInput,
    ReviewResult,
    Verdict,
    evaluate_review,
    parse_value,
)
from ntm.core.io.review_files import read_review
from ntm.core.rules.suggestions import TargetSuggestion, suggest_targets

D = Decimal
REPO = Path(__file__).resolve().parents[3]
CASES = REPO / "examples" / "cases"
PHUC_CHU = REPO / "examples" / "phuc-chu-2024" / "review.yaml"
TDMNPB = Commune(name="Xã thử", code="99999", region="TDMNPB")
UNCONFIRMED = "threshold not yet confirmed against the official text"

#: A small set for what test-advanced cannot show. TEST DATA: no decision's thresholds.
SUGGESTION_SET = """\
schema: ntm-criteria-set/1
code: test-suggestions
name: "Bộ tiêu chí thử nghiệm cho đề xuất (dữ liệu kiểm thử)"
level: basic
period: {start: 2021, end: 2025}
legal_basis: {decision: "0/TEST", issuer: "tests", verified: false}
region_scheme: none
criteria:
  - number: 1
    name: Hai tỷ lệ
    source: test
    verified: true
    indicators:
      - code: "1.1"
        name: Tỷ lệ thứ nhất
        kind: ratio
        unit: "%"
        numerator: người
        denominator: người
        comparator: ">="
        source: test
        verified: true
        thresholds: [{value: "80", verified: true, source: test}]
      - code: "1.2"
        name: Tỷ lệ thứ hai
        kind: ratio
        unit: "%"
        numerator: hộ
        denominator: hộ
        comparator: ">="
        source: test
        verified: true
        thresholds: [{value: "50", verified: true, source: test}]
  - number: 2
    name: Có/không
    source: test
    verified: true
    indicators:
      - {code: "2.1", name: Có mô hình, kind: yes_no, source: test, verified: true}
  - number: 3
    name: Ngưỡng không
    source: test
    verified: true
    indicators:
      - code: "3.1"
        name: Tỷ lệ hộ còn vi phạm
        kind: ratio
        unit: "%"
        numerator: hộ
        denominator: hộ
        comparator: "<="
        source: test
        verified: true
        thresholds: [{value: "0", verified: true, source: test}]
  - number: 4
    name: Số lượng không đơn vị
    source: test
    verified: true
    indicators:
      - code: "4.1"
        name: Điểm đánh giá
        kind: quantity
        unit: ""
        comparator: ">="
        source: test
        verified: true
        thresholds: [{value: "50", verified: true, source: test}]
  - number: 5
    name: Đã đạt
    source: test
    verified: true
    indicators:
      - {code: "5.1", name: Có quy chế, kind: yes_no, source: test, verified: true}
  - number: 6
    name: Chưa rõ
    source: test
    verified: true
    indicators:
      - {code: "6.1", name: Có kế hoạch, kind: yes_no, source: test, verified: true}
"""


def _review(
    catalog: Catalog,
    set_code: str,
    readings: list[Reading],
    *,
    recognitions: tuple[HeldRecognition, ...] = (),
) -> ReviewResult:
    criteria_set = catalog.criteria_set(set_code)
    review = ReviewInput(
        commune=TDMNPB,
        year=2024,
        criteria_set=criteria_set.code,
        readings=tuple(readings),
        recognitions=recognitions,
    )
    return evaluate_review(review, criteria_set, model_set=catalog.model_set_for(criteria_set))


def _file(path: Path) -> ReviewResult:
    catalog = Catalog.shipped()
    review, criteria_set = read_review(str(path), catalog=catalog)
    return evaluate_review(review, criteria_set, model_set=catalog.model_set_for(criteria_set))


def _numbers(suggestions: tuple[TargetSuggestion, ...]) -> list[int]:
    return [s.number for s in suggestions]


def _by_number(suggestions: tuple[TargetSuggestion, ...], number: int) -> TargetSuggestion:
    return next(s for s in suggestions if s.number == number)


# Test set, TDMNPB 2024; every criterion fails by one indicator, every gap exact:
#   1.1  1881/2000 = 94,05% ≥ 95:  gap 0,95; 0,95/95 = 0.01;  95% of 2000 = 1900 → 19 hộ
#   1.2  Đạt (met)
#   2    55,1 ≥ 58 (TDMNPB 2024):  gap 2,9;  2,9/58 = 0.05;    a quantity: no count
#   3    12/1000 = 1,2% ≤ 1:       gap 0,2;  0,2/1 = 0.2;     1% of 1000 = 10 → 2 hộ
#   4.1  931/1000 = 93,1% > 95:    gap 1,9;  1,9/95 = 0.02;   950 − 931 + 1 → 20 người
#   4.2  no reading (threshold unknown in the set): cannot be decided
@pytest.fixture
def one_each(test_catalog: Catalog) -> ReviewResult:
    return _review(
        test_catalog,
        "test-advanced",
        [
            Reading(criterion=1, indicator="1.1", numerator=D(1881), denominator=D(2000)),
            Reading(criterion=1, indicator="1.2", result=Verdict.MET),
            Reading(criterion=2, indicator="2", value=parse_value("55,1")),
            Reading(criterion=3, indicator="3", numerator=D(12), denominator=D(1000)),
            Reading(criterion=4, indicator="4.1", numerator=D(931), denominator=D(1000)),
        ],
        recognitions=(HeldRecognition(level=Level.BASIC, year=2019),),
    )


def test_equal_failing_counts_rank_by_relative_gap(one_each: ReviewResult) -> None:
    suggestions = suggest_targets(one_each)

    assert _numbers(suggestions) == [1, 4, 2, 3]
    assert [s.rank for s in suggestions] == [1, 2, 3, 4]
    assert [s.failing for s in suggestions] == [1, 1, 1, 1]
    assert [s.relative_gap for s in suggestions] == [D("0.01"), D("0.02"), D("0.05"), D("0.2")]
    assert [s.units_needed for s in suggestions] == [19, 20, None, 2]
    assert [s.unknown for s in suggestions] == [0, 1, 0, 0]
    assert {s.evidence for s in suggestions} == {Basis.RULE}


def test_reasons_name_each_gap_in_its_unit(one_each: ReviewResult) -> None:
    suggestions = suggest_targets(one_each)

    assert _by_number(suggestions, 1).reasons == (
        "1 indicator not met: 1.1 (gap 0,95 percentage points, 19 hộ)",
        "total gap relative to the thresholds: 1%",
    )
    assert _by_number(suggestions, 2).reasons == (
        "1 indicator not met: 2 (gap 2,9 triệu đồng/người/năm)",
        "total gap relative to the thresholds: 5%",
    )
    assert _by_number(suggestions, 4).reasons == (
        "1 indicator not met: 4.1 (gap 1,9 percentage points, 20 người)",
        "total gap relative to the thresholds: 2%",
        "1 indicator cannot be decided: 4.2",
        UNCONFIRMED,
    )


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(None, [1, 4, 2, 3]), (0, []), (1, [1]), (2, [1, 4]), (4, [1, 4, 2, 3]), (9, [1, 4, 2, 3])],
)
def test_limit_keeps_the_first_suggestions(
    one_each: ReviewResult, limit: int | None, expected: list[int]
) -> None:
    suggestions = suggest_targets(one_each, limit=limit)

    assert _numbers(suggestions) == expected
    assert [s.rank for s in suggestions] == list(range(1, len(expected) + 1))


def test_a_negative_limit_is_refused(one_each: ReviewResult) -> None:
    with pytest.raises(ValueError, match="limit must be 0 or more, not -1"):
        suggest_targets(one_each, limit=-1)


# Test set, TDMNPB 2024; gaps unknown for yes/no and approximate values:
#   1    1.1 1881/2000 (gap 0,95, 19 hộ) and 1.2 Chưa đạt (yes/no): 2 failing, no relative gap
#   2    "khoảng 55" ≥ 58: not met on its nominal number, no exact gap: 1 failing, none
#   3    12/1000 ≤ 1%: 1 failing, 0.2, 2 hộ
#   4    4.1 960/1000 = 96% > 95 met, 4.2 no reading, the commune states "Chưa đạt": STATED
@pytest.fixture
def mixed(test_catalog: Catalog) -> ReviewResult:
    return _review(
        test_catalog,
        "test-advanced",
        [
            Reading(criterion=1, indicator="1.1", numerator=D(1881), denominator=D(2000)),
            Reading(criterion=1, indicator="1.2", result=Verdict.NOT_MET),
            Reading(criterion=2, indicator="2", value=parse_value("khoảng 55")),
            Reading(criterion=3, indicator="3", numerator=D(12), denominator=D(1000)),
            Reading(criterion=4, indicator="4.1", numerator=D(960), denominator=D(1000)),
            Reading(criterion=4, verdict=Verdict.NOT_MET),
        ],
        recognitions=(HeldRecognition(level=Level.BASIC, year=2019),),
    )


def test_a_known_gap_ranks_before_an_unknown_one_then_stated_verdicts_last(
    mixed: ReviewResult,
) -> None:
    suggestions = suggest_targets(mixed)

    assert _numbers(suggestions) == [3, 2, 1, 4]
    assert [s.failing for s in suggestions] == [1, 1, 2, 0]
    assert [s.relative_gap for s in suggestions] == [D("0.2"), None, None, None]
    assert [s.units_needed for s in suggestions] == [2, None, None, None]
    assert [s.unknown for s in suggestions] == [0, 0, 0, 1]
    assert [s.evidence for s in suggestions] == [Basis.RULE, Basis.RULE, Basis.RULE, Basis.STATED]


def test_reasons_say_why_a_gap_is_unknown(mixed: ReviewResult) -> None:
    suggestions = suggest_targets(mixed)

    assert _by_number(suggestions, 2).reasons == (
        "1 indicator not met: 2 (gap unknown)",
        "no relative gap for 2: ranked by the number of indicators not met",
    )
    assert _by_number(suggestions, 1).reasons == (
        "2 indicators not met: 1.1 (gap 0,95 percentage points, 19 hộ), 1.2",
        "no relative gap for 1.2: ranked by the number of indicators not met",
    )
    assert _by_number(suggestions, 4).reasons == (
        "the readings do not decide it: the commune's own verdict only",
        "1 indicator cannot be decided: 4.2",
    )


# The small set above, no region scheme, 2024:
#   1    1.1 70/100 = 70% ≥ 80: gap 10, 10/80 = 0.125, 80 − 70 = 10 người;
#        1.2 40/100 = 40% ≥ 50: gap 10, 10/50 = 0.2, 50 − 40 = 10 hộ
#        → 2 failing, 0.125 + 0.2 = 0.325, 10 + 10 = 20 units
#   2    2.1 Chưa đạt (yes/no): 1 failing, no relative gap
#   3    3.1 3/600 = 0,5% ≤ 0: gap 0,5 against a threshold of 0: no relative gap; 3 hộ
#   4    4.1 45 ≥ 50 (no unit): gap 5, 5/50 = 0.1
#   5    5.1 Đạt: met, never proposed
#   6    6.1 no reading, no verdict: undecided, never proposed
@pytest.fixture
def small_set_review() -> ReviewResult:
    catalog = Catalog.from_files([("test-suggestions.yaml", SUGGESTION_SET)])
    return _review(
        catalog,
        "test-suggestions",
        [
            Reading(criterion=1, indicator="1.1", numerator=D(70), denominator=D(100)),
            Reading(criterion=1, indicator="1.2", numerator=D(40), denominator=D(100)),
            Reading(criterion=2, indicator="2.1", result=Verdict.NOT_MET),
            Reading(criterion=3, indicator="3.1", numerator=D(3), denominator=D(600)),
            Reading(criterion=4, indicator="4.1", value=parse_value("45")),
            Reading(criterion=5, indicator="5.1", result=Verdict.MET),
        ],
    )


def test_fewer_failing_indicators_rank_first_even_with_unknown_gaps(
    small_set_review: ReviewResult,
) -> None:
    suggestions = suggest_targets(small_set_review)

    # One failing yes/no (2) or zero-threshold (3) indicator ranks before two failing ratios (1).
    assert _numbers(suggestions) == [4, 2, 3, 1]
    assert [s.failing for s in suggestions] == [1, 1, 1, 2]
    assert [s.relative_gap for s in suggestions] == [D("0.1"), None, None, D("0.325")]
    assert [s.units_needed for s in suggestions] == [None, None, 3, 20]


def test_met_and_undecided_criteria_are_never_proposed(small_set_review: ReviewResult) -> None:
    assert small_set_review.numbers(Outcome.MET) == [5]
    assert small_set_review.numbers(Outcome.UNDECIDED) == [6]
    assert not {5, 6} & set(_numbers(suggest_targets(small_set_review)))


def test_a_zero_threshold_gives_no_relative_gap_but_shows_the_gap(
    small_set_review: ReviewResult,
) -> None:
    zero = _by_number(suggest_targets(small_set_review), 3)

    assert zero.relative_gap is None
    assert zero.reasons == (
        "1 indicator not met: 3.1 (gap 0,5 percentage points, threshold 0, 3 hộ)",
        "no relative gap for 3.1: ranked by the number of indicators not met",
    )


def test_two_failing_gaps_add_up(small_set_review: ReviewResult) -> None:
    both = _by_number(suggest_targets(small_set_review), 1)

    assert both.relative_gap == D("0.125") + D("0.2")
    assert both.reasons == (
        "2 indicators not met: 1.1 (gap 10 percentage points, 10 người), "
        "1.2 (gap 10 percentage points, 10 hộ)",
        "total gap relative to the thresholds: 32,5%",
    )


def test_a_gap_without_a_unit_is_a_bare_number(small_set_review: ReviewResult) -> None:
    assert _by_number(suggest_targets(small_set_review), 4).reasons == (
        "1 indicator not met: 4.1 (gap 5)",
        "total gap relative to the thresholds: 10%",
    )


def test_the_shipped_zero_threshold_for_temporary_houses() -> None:
    # xã NTM 2021-2025, 9.1 "Nhà tạm, dột nát" ≤ 0 nhà (unverified): 2 nhà → gap 2, no
    # relative gap; 9.2 has no reading.
    result = _review(
        Catalog.shipped(),
        "xa-ntm-2021-2025",
        [Reading(criterion=9, indicator="9.1", value=parse_value("2"))],
    )
    (houses,) = suggest_targets(result)

    assert houses.number == 9
    assert (houses.failing, houses.unknown, houses.relative_gap) == (1, 1, None)
    assert houses.reasons == (
        "1 indicator not met: 9.1 (gap 2 nhà, threshold 0)",
        "no relative gap for 9.1: ranked by the number of indicators not met",
        "1 indicator cannot be decided: 9.2",
        UNCONFIRMED,
    )


def test_phuc_chu_2024_unmet_criteria_are_stated_only_in_number_order() -> None:
    suggestions = suggest_targets(_file(PHUC_CHU))

    assert _numbers(suggestions) == [1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 17]
    assert [s.rank for s in suggestions] == list(range(1, 12))
    assert {s.evidence for s in suggestions} == {Basis.STATED}
    assert {(s.failing, s.relative_gap, s.units_needed) for s in suggestions} == {(0, None, None)}
    # Every indicator of the 11 criteria lacks a reading: 3+4+4+2+3+1+1+1+3+3+7.
    assert [s.unknown for s in suggestions] == [3, 4, 4, 2, 3, 1, 1, 1, 3, 3, 7]
    assert {s.reasons for s in suggestions} == {
        ("no indicator readings: the commune's own verdict only",)
    }


@pytest.mark.parametrize("name", sorted(path.name for path in CASES.glob("*.yaml")))
def test_real_cases_with_only_undecided_criteria_propose_nothing(name: str) -> None:
    result = _file(CASES / name)

    assert result.numbers(Outcome.UNDECIDED) == list(range(1, 20))
    assert suggest_targets(result) == ()


def test_as_dict_gives_exact_strings(one_each: ReviewResult, mixed: ReviewResult) -> None:
    first = suggest_targets(one_each)[0].as_dict()
    stated = suggest_targets(mixed)[-1].as_dict()

    assert first == {
        "rank": 1,
        "criterion": 1,
        "name": "Nhà ở dân cư",
        "evidence": "rule",
        "failing": 1,
        "unknown": 0,
        "relative_gap": "0.01",
        "units_needed": 19,
        "reasons": [
            "1 indicator not met: 1.1 (gap 0,95 percentage points, 19 hộ)",
            "total gap relative to the thresholds: 1%",
        ],
    }
    assert (stated["criterion"], stated["evidence"], stated["relative_gap"]) == (4, "stated", None)
