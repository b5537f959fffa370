"""Real cases (shared/cases) as review files (examples/cases), through the real reader and engine.

Each expected value below was worked out by hand from the case text and the shipped catalog:
which indicators the document gives, which thresholds are known (nâng cao 14.1 BHYT: 95,
unverified; almost every other one: null), what the document states as verdicts, claims and
recognitions. Where we believe the engine is wrong for a real document, the test states the
behaviour we expect and is marked ``xfail(strict=True)`` with the reason, so it turns into a
failure (to be un-marked) the day the engine is fixed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from ntm.core import (
    Assessment,
    Basis,
    Catalog,
    IndicatorResult,
    IndicatorStatus,
    Level,
    LevelResult,
    LevelStatus,
    Outcome,
    Qualifier,
    ReviewResult,
    Verdict,
    evaluate_review,
)
from ntm.core.io.review_files import read_review

D = Decimal
REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "examples" / "cases"
ALL_19 = list(range(1, 20))
ALL_19_TEXT = ", ".join(map(str, ALL_19))
#: The note on a figure given for a yes/no indicator: kept on the reading, not evaluated.
YES_NO_FIGURE_NOTES = ("a number was given for a yes/no indicator; write 'Đạt' or 'Chưa đạt'",)

CAT_NHON = "01-binhdinh-catnhon-nhonhanh-ntmnc-2024-cat-nhon.yaml"
NHON_HANH = "01-binhdinh-catnhon-nhonhanh-ntmnc-2024-nhon-hanh.yaml"
NGOC_HOI = "04-tuyenquang-chiemhoa-tham-tra-2024-ngoc-hoi.yaml"
YEN_NGUYEN = "04-tuyenquang-chiemhoa-tham-tra-2024-yen-nguyen.yaml"
VINH_QUANG = "04-tuyenquang-chiemhoa-tham-tra-2024-vinh-quang.yaml"
THANH_AN = "05-haiduong-thanhha-thanhan-thanhlang-ntmnc-2023-thanh-an.yaml"
THANH_LANG = "05-haiduong-thanhha-thanhan-thanhlang-ntmnc-2023-thanh-lang.yaml"
MAI_PHU = "09-hatinh-qd1763-ntmnc-dot1-2024-mai-phu.yaml"
XUAN_PHO = "09-hatinh-qd1763-ntmnc-dot1-2024-xuan-pho.yaml"
PHU_NHUAN = "11-laocai-2024-xa-dang-ky-ntm-ntmnc-phu-nhuan.yaml"
MUONG_HOA = "11-laocai-2024-xa-dang-ky-ntm-ntmnc-muong-hoa.yaml"
MY_DONG = "16-dongthap-thapmuoi-mydong-ntmkm-2023-my-dong.yaml"

CASE_FILES = [
    CAT_NHON,
    NHON_HANH,
    NGOC_HOI,
    YEN_NGUYEN,
    VINH_QUANG,
    THANH_AN,
    THANH_LANG,
    MAI_PHU,
    XUAN_PHO,
    PHU_NHUAN,
    MUONG_HOA,
    MY_DONG,
]


def _evaluate(path: Path) -> ReviewResult:
    catalog = Catalog.shipped()
    review, criteria_set = read_review(str(path), catalog=catalog)
    return evaluate_review(review, criteria_set, model_set=catalog.model_set_for(criteria_set))


def _case(name: str) -> ReviewResult:
    return _evaluate(CASES / name)


def _indicator(result: ReviewResult, code: str) -> IndicatorResult:
    for criterion in (*result.criteria, *result.model_conditions):
        for indicator in criterion.indicators:
            if indicator.indicator.code == code:
                return indicator
    raise AssertionError(f"no indicator {code} in the result")


def _level(result: ReviewResult, level: Level) -> LevelResult:
    return next(item for item in result.levels if item.level is level)


def _statuses(result: ReviewResult) -> dict[Level, LevelStatus]:
    return {item.level: item.status for item in result.levels}


def _disagreements(result: ReviewResult) -> list[tuple[str, str, str]]:
    return [(item.subject, item.stated, item.found) for item in result.disagreements]


def _level_claims(result: ReviewResult) -> list[tuple[str, str, str]]:
    return [item for item in _disagreements(result) if item[1].startswith("proposed for")]


def _not_overall(result: ReviewResult) -> list[tuple[str, str, str]]:
    return [item for item in _disagreements(result) if item[0] != "overall"]


def _count_claims(result: ReviewResult) -> list[tuple[str, str, str]]:
    return [item for item in _disagreements(result) if re.fullmatch(r"\d+/\d+", item[1])]


def _count_warning(claimed: int) -> str:
    return (
        f"the document claims {claimed}/19 criteria; the review confirms 0 and cannot decide "
        f"{ALL_19_TEXT}"
    )


def _model_condition(result: ReviewResult, number: int) -> tuple[Outcome, Basis]:
    condition = next(item for item in result.model_conditions if item.number == number)
    return condition.outcome, condition.basis


# --- the shipped example: Phúc Chu 2024 ------------------------------------------------------


def test_phuc_chu_example_meets_eight_criteria_and_misses_eleven_all_on_its_stated_verdicts() -> (
    None
):
    result = _evaluate(REPO / "examples" / "phuc-chu-2024" / "review.yaml")

    assert result.numbers(Outcome.MET) == [3, 4, 7, 14, 15, 16, 18, 19]
    assert result.numbers(Outcome.NOT_MET) == [1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 17]
    assert result.numbers(Outcome.UNDECIDED) == []
    assert {criterion.basis for criterion in result.criteria} == {Basis.STATED}
    assert {criterion.rule_outcome for criterion in result.criteria} == {Outcome.UNDECIDED}
    assert result.disagreements == ()


def test_phuc_chu_example_holds_xa_ntm_and_is_blocked_from_nang_cao_by_its_eleven_unmet_criteria() -> (
    None
):
    result = _evaluate(REPO / "examples" / "phuc-chu-2024" / "review.yaml")

    assert _statuses(result) == {
        Level.BASIC: LevelStatus.HELD,
        Level.ADVANCED: LevelStatus.NOT_REACHED,
        Level.MODEL: LevelStatus.NOT_REACHED,
    }
    assert _level(result, Level.ADVANCED).blocking_criteria == (
        1,
        2,
        5,
        6,
        8,
        9,
        10,
        11,
        12,
        13,
        17,
    )
    assert _level(result, Level.ADVANCED).missing_levels == ()


# --- every case file ------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_FILES)
def test_every_case_reading_names_its_case_file_and_row(name: str) -> None:
    review, _ = read_review(str(CASES / name), catalog=Catalog.shipped())
    number = name[:2]

    for reading in review.readings:
        assert reading.source.startswith(f"case {number}, "), reading.source
    for recognition in review.recognitions:
        assert f"case {number}" in recognition.source
    assert review.claim is None or review.claim.source.startswith(f"case {number}")


@pytest.mark.parametrize("name", CASE_FILES)
def test_no_case_document_lets_the_rule_or_a_stated_verdict_decide_any_criterion(name: str) -> None:
    # The press reports give no per-criterion verdict and the thresholds they touch are unknown
    # (or, for 14.1, leave the other indicators of criterion 14 without data): nothing is met or
    # not met, by the rule or by a stated verdict.
    result = _case(name)

    assert result.numbers(Outcome.UNDECIDED) == ALL_19
    assert {criterion.basis for criterion in result.criteria} == {Basis.NONE}
    assert _not_overall(result) == []


# --- case 01: Bình Định, Cát Nhơn and Nhơn Hạnh, nâng cao 2024 -------------------------------


def test_cat_nhon_income_of_60_66_is_not_compared_because_the_nang_cao_income_threshold_is_unknown() -> (
    None
):
    income = _indicator(_case(CAT_NHON), "10")

    assert income.status is IndicatorStatus.THRESHOLD_UNCONFIRMED
    assert income.value == D("60.66")
    assert income.reading is not None and income.reading.value is not None
    assert income.reading.value.qualifier is Qualifier.EXACT
    assert income.reading.assessment is Assessment.APPRAISED
    assert income.threshold is not None and income.threshold.value is None
    assert income.threshold_value is None
    assert income.gap is None


def test_cat_nhon_water_over_97_percent_is_more_than_97_on_nang_cao_indicator_18_1() -> None:
    result = _case(CAT_NHON)
    water = _indicator(result, "18.1")

    assert water.status is IndicatorStatus.THRESHOLD_UNCONFIRMED
    assert water.reading is not None and water.reading.value is not None
    assert water.reading.value.qualifier is Qualifier.OVER
    assert water.reading.value.number == D("97")
    assert water.reading.value.percent
    assert water.indicator.criterion == 18
    assert result.criteria[17].outcome is Outcome.UNDECIDED


def test_cat_nhon_waste_collection_86_percent_on_yes_no_indicator_17_2_is_kept_not_evaluated() -> (
    None
):
    result = _case(CAT_NHON)
    waste = _indicator(result, "17.2")

    assert waste.status is IndicatorStatus.NO_DATA
    assert waste.reading is not None and waste.reading.value is not None
    assert waste.reading.value.number == D("86")
    assert waste.reading.value.qualifier is Qualifier.EXACT
    assert waste.reading.value.percent
    assert waste.reading.result is None
    assert waste.reading.verdict is None
    assert waste.value is None
    assert waste.notes == YES_NO_FIGURE_NOTES
    assert result.criteria[16].outcome is Outcome.UNDECIDED
    assert result.criteria[16].basis is Basis.NONE


def test_cat_nhon_holds_xa_ntm_from_2019_and_its_nang_cao_claim_is_unconfirmed_not_contradicted() -> (
    None
):
    # 19/19 claimed, nothing not met, every criterion undecided: the nâng cao level (and so the
    # kiểu mẫu level on top of it) is undecided, and the claims are warnings, not disagreements.
    result = _case(CAT_NHON)

    assert _statuses(result) == {
        Level.BASIC: LevelStatus.HELD,
        Level.ADVANCED: LevelStatus.UNDECIDED,
        Level.MODEL: LevelStatus.UNDECIDED,
    }
    advanced = _level(result, Level.ADVANCED)
    assert advanced.blocking_criteria == ()
    assert advanced.undecided_criteria == tuple(ALL_19)
    assert advanced.missing_levels == ()
    assert _level(result, Level.MODEL).missing_levels == (Level.ADVANCED,)
    assert result.highest_level is Level.BASIC
    assert result.disagreements == ()
    assert result.warnings == (
        _count_warning(19),
        "the document proposes xã NTM nâng cao; the review cannot confirm it yet "
        f"(undecided: {ALL_19_TEXT})",
    )


def test_cat_nhon_kieu_mau_income_condition_reads_the_nang_cao_income_it_derives_from() -> None:
    # KM2 (income 10% above the nâng cao requirement) has no reading of its own: it reads
    # indicator 10 (60,66), and stays unconfirmed because the nâng cao income threshold is unknown.
    km2 = _indicator(_case(CAT_NHON), "KM2")

    assert km2.status is IndicatorStatus.THRESHOLD_UNCONFIRMED
    assert km2.value == D("60.66")
    assert km2.reading is not None and km2.reading.indicator == "KM2"
    assert km2.reading.verdict is None
    assert km2.reading.note == "the reading of indicator 10"
    assert km2.threshold_value is None


def test_nhon_hanh_income_more_than_60_3_keeps_its_qualifier_and_is_not_compared() -> None:
    income = _indicator(_case(NHON_HANH), "10")

    assert income.status is IndicatorStatus.THRESHOLD_UNCONFIRMED
    assert income.value == D("60.3")
    assert income.reading is not None and income.reading.value is not None
    assert income.reading.value.qualifier is Qualifier.OVER
    assert income.gap is None


def test_nhon_hanh_stated_dat_on_the_road_indicator_without_a_share_is_no_data() -> None:
    result = _case(NHON_HANH)
    road = _indicator(result, "2.1")

    assert road.status is IndicatorStatus.NO_DATA
    assert road.reading is not None and road.reading.verdict is Verdict.MET
    assert road.reading.value is None
    assert result.criteria[1].outcome is Outcome.UNDECIDED
    assert result.criteria[1].basis is Basis.NONE
    assert result.criteria[1].stated is None


def test_nhon_hanh_holds_xa_ntm_from_2018_and_its_nang_cao_claim_is_unconfirmed_not_contradicted() -> (
    None
):
    result = _case(NHON_HANH)

    assert _statuses(result)[Level.BASIC] is LevelStatus.HELD
    assert _statuses(result)[Level.ADVANCED] is LevelStatus.UNDECIDED
    assert _level(result, Level.ADVANCED).undecided_criteria == tuple(ALL_19)
    assert result.disagreements == ()
    assert (
        "the document proposes xã NTM nâng cao; the review cannot confirm it yet "
        f"(undecided: {ALL_19_TEXT})"
    ) in result.warnings


# --- case 04: Tuyên Quang, Chiêm Hóa, proposals at 17/19 -----------------------------------


def test_ngoc_hoi_proposal_for_xa_ntm_at_17_of_19_is_flagged() -> None:
    result = _case(NGOC_HOI)

    assert result.criteria_set.code == "xa-ntm-2021-2025"
    # No reading: the level itself is undecided, but a proposal at 17/19 contradicts the rule
    # that every criterion must be met.
    assert _statuses(result) == {Level.BASIC: LevelStatus.UNDECIDED}
    assert _level(result, Level.BASIC).blocking_criteria == ()
    assert _level(result, Level.BASIC).undecided_criteria == tuple(ALL_19)
    assert result.model_conditions == ()
    assert _level_claims(result) == [
        ("overall", "proposed for xã NTM with 17/19 criteria", "level not reached")
    ]
    assert [d.explanation for d in result.disagreements] == [
        "every one of the 19 criteria must be met"
    ]
    assert result.warnings == (_count_warning(17),)


def test_yen_nguyen_proposal_for_nang_cao_at_17_of_19_is_flagged_and_lacks_xa_ntm() -> None:
    result = _case(YEN_NGUYEN)

    assert _statuses(result) == {
        Level.BASIC: LevelStatus.NOT_ASSESSED,
        Level.ADVANCED: LevelStatus.NOT_REACHED,
        Level.MODEL: LevelStatus.NOT_REACHED,
    }
    assert _level(result, Level.ADVANCED).missing_levels == (Level.BASIC,)
    assert _level(result, Level.ADVANCED).blocking_criteria == ()
    assert _level(result, Level.ADVANCED).undecided_criteria == tuple(ALL_19)
    assert _disagreements(result) == [
        ("overall", "proposed for xã NTM nâng cao with 17/19 criteria", "level not reached")
    ]


def test_vinh_quang_kieu_mau_proposal_at_co_ban_hoan_thanh_is_the_only_disagreement() -> None:
    result = _case(VINH_QUANG)
    model = _level(result, Level.MODEL)

    assert model.status is LevelStatus.NOT_REACHED
    assert model.missing_levels == (Level.BASIC, Level.ADVANCED)
    assert model.blocking_conditions == ()
    assert [condition.split(":")[0] for condition in model.undecided_conditions] == [
        "KM2",
        "KM3",
        "KM4",
    ]
    assert [_model_condition(result, n) for n in (2, 3, 4)] == [(Outcome.UNDECIDED, Basis.NONE)] * 3
    assert _disagreements(result) == [
        ("overall", "proposed for xã NTM kiểu mẫu", "level not reached")
    ]


# --- case 05: Hải Dương, Thanh An and Thanh Lang, nâng cao 2023 ------------------------------


@pytest.mark.parametrize("name", [THANH_AN, THANH_LANG])
def test_thanh_ha_bhyt_tren_95_percent_meets_the_unverified_95_threshold(name: str) -> None:
    result = _case(name)
    bhyt = _indicator(result, "14.1")

    assert bhyt.status is IndicatorStatus.MET
    assert bhyt.reading is not None and bhyt.reading.value is not None
    assert bhyt.reading.value.qualifier is Qualifier.OVER
    assert bhyt.value == D("95")
    assert bhyt.threshold_value == D("95")
    assert not bhyt.threshold_verified
    assert bhyt.provisional
    assert bhyt.gap is None
    assert bhyt.reading.verdict is Verdict.MET
    assert bhyt.indicator.criterion == 14


@pytest.mark.parametrize("name", [THANH_AN, THANH_LANG])
def test_thanh_ha_health_criterion_stays_undecided_with_only_bhyt_known(name: str) -> None:
    health = _case(name).criteria[13]

    assert health.criterion.name == "Y tế"
    assert [i.status for i in health.indicators] == [
        IndicatorStatus.MET,
        IndicatorStatus.NO_DATA,
        IndicatorStatus.NO_DATA,
    ]
    assert health.outcome is Outcome.UNDECIDED
    assert health.basis is Basis.NONE
    assert health.provisional


@pytest.mark.parametrize(("name", "rate"), [(THANH_AN, D("0.3")), (THANH_LANG, D("0.85"))])
def test_thanh_ha_poverty_rates_are_each_communes_own_and_not_compared(
    name: str, rate: Decimal
) -> None:
    poverty = _indicator(_case(name), "11")

    assert poverty.status is IndicatorStatus.THRESHOLD_UNCONFIRMED
    assert poverty.value == rate
    assert poverty.gap is None


@pytest.mark.parametrize("name", [THANH_AN, THANH_LANG])
def test_thanh_ha_pooled_income_over_70_and_ocop_product(name: str) -> None:
    result = _case(name)
    income = _indicator(result, "10")
    ocop = _indicator(result, "13.2")
    schools = _indicator(result, "5.1")

    assert income.status is IndicatorStatus.THRESHOLD_UNCONFIRMED
    assert income.value == D("70")
    assert income.reading is not None and income.reading.value is not None
    assert income.reading.value.qualifier is Qualifier.OVER
    assert ocop.status is IndicatorStatus.MET
    assert result.criteria[12].outcome is Outcome.UNDECIDED
    assert schools.status is IndicatorStatus.NO_DATA
    assert schools.reading is not None and schools.reading.verdict is Verdict.MET


@pytest.mark.parametrize("name", [THANH_AN, THANH_LANG])
def test_thanh_ha_online_procedures_over_80_percent_on_yes_no_indicator_15_1_is_kept_not_evaluated(
    name: str,
) -> None:
    result = _case(name)
    online = _indicator(result, "15.1")

    assert online.status is IndicatorStatus.NO_DATA
    assert online.reading is not None and online.reading.value is not None
    assert online.reading.value.number == D("80")
    assert online.reading.value.qualifier is Qualifier.OVER
    assert online.reading.value.percent
    assert online.reading.result is None
    assert online.reading.verdict is None
    assert online.notes == YES_NO_FIGURE_NOTES
    assert result.criteria[14].criterion.name == "Hành chính công"
    assert result.criteria[14].outcome is Outcome.UNDECIDED


@pytest.mark.parametrize("name", [THANH_AN, THANH_LANG])
def test_thanh_ha_nang_cao_vote_is_flagged_without_a_stated_xa_ntm_recognition(name: str) -> None:
    result = _case(name)

    assert _statuses(result)[Level.BASIC] is LevelStatus.NOT_ASSESSED
    assert _level(result, Level.ADVANCED).missing_levels == (Level.BASIC,)
    assert _disagreements(result) == [
        ("overall", "proposed for xã NTM nâng cao", "level not reached")
    ]


# --- case 09: Hà Tĩnh QĐ 1763/QĐ-UBND, kiểu mẫu 2024 ---------------------------------------


@pytest.mark.parametrize("name", [MAI_PHU, XUAN_PHO])
def test_ha_tinh_kieu_mau_field_meets_condition_4_and_income_and_smart_village_have_no_data(
    name: str,
) -> None:
    result = _case(name)

    assert _model_condition(result, 4) == (Outcome.MET, Basis.RULE)
    assert _model_condition(result, 2) == (Outcome.UNDECIDED, Basis.NONE)
    assert _model_condition(result, 3) == (Outcome.UNDECIDED, Basis.NONE)
    # No income reading at all (neither KM2 nor indicator 10 to derive it from).
    assert _indicator(result, "KM2").status is IndicatorStatus.NO_DATA
    # The kiểu mẫu level is held: the undecided conditions do not stand in its way.
    assert _level(result, Level.MODEL).blocking_conditions == ()
    assert result.disagreements == ()


@pytest.mark.parametrize("name", [MAI_PHU, XUAN_PHO])
def test_ha_tinh_commune_recognised_kieu_mau_in_2024_is_shown_as_holding_it(name: str) -> None:
    # Xuân Phổ records only the kiểu mẫu recognition: it implies xã NTM nâng cao and xã NTM.
    result = _case(name)

    assert _statuses(result) == {
        Level.BASIC: LevelStatus.HELD,
        Level.ADVANCED: LevelStatus.HELD,
        Level.MODEL: LevelStatus.HELD,
    }
    assert result.highest_level is Level.MODEL


def test_mai_phu_holding_nang_cao_since_2021_is_not_told_it_lacks_nang_cao() -> None:
    result = _case(MAI_PHU)

    assert _level(result, Level.MODEL).missing_levels == ()
    assert _level(result, Level.ADVANCED).missing_levels == ()


def test_mai_phu_nang_cao_held_since_2021_is_not_lost_for_want_of_readings() -> None:
    result = _case(MAI_PHU)
    advanced = _level(result, Level.ADVANCED)

    assert result.numbers(Outcome.NOT_MET) == []
    assert advanced.status is LevelStatus.HELD
    assert advanced.blocking_criteria == ()
    assert advanced.undecided_criteria == tuple(ALL_19)
    assert advanced.note == ""


# --- case 11: Lào Cai 2024, progress counts -------------------------------------------------


def test_lao_cai_counts_of_18_of_19_are_tied_to_two_different_sets() -> None:
    phu_nhuan = _case(PHU_NHUAN)
    muong_hoa = _case(MUONG_HOA)

    assert phu_nhuan.criteria_set.code == "xa-ntm-nang-cao-2021-2025"
    assert muong_hoa.criteria_set.code == "xa-ntm-2021-2025"
    assert phu_nhuan.criteria[4].criterion.name == "Giáo dục"
    assert muong_hoa.criteria[4].criterion.name == "Trường học"
    assert _statuses(muong_hoa) == {Level.BASIC: LevelStatus.UNDECIDED}
    assert _level(muong_hoa, Level.BASIC).undecided_criteria == tuple(ALL_19)
    assert _statuses(phu_nhuan)[Level.ADVANCED] is LevelStatus.NOT_REACHED
    assert _level(phu_nhuan, Level.ADVANCED).missing_levels == (Level.BASIC,)
    # A progress count that names no criterion: neither confirmed nor contradicted.
    assert phu_nhuan.disagreements == ()
    assert muong_hoa.disagreements == ()
    assert phu_nhuan.warnings == (_count_warning(18),)
    assert muong_hoa.warnings == (_count_warning(18),)


# --- case 16: Đồng Tháp, Mỹ Đông, kiểu mẫu 2023 --------------------------------------------


def test_my_dong_income_75_1_against_nang_cao_plus_10_percent_is_unconfirmed() -> None:
    result = _case(MY_DONG)
    km2 = _indicator(result, "KM2")
    income = _indicator(result, "10")

    assert km2.status is IndicatorStatus.THRESHOLD_UNCONFIRMED
    assert km2.value == D("75.1")
    assert km2.threshold is not None and km2.threshold.relative_to is not None
    assert km2.threshold_value is None
    assert km2.reading is not None and km2.reading.verdict is Verdict.MET
    assert km2.reading.assessment is Assessment.VERIFIED
    assert income.status is IndicatorStatus.THRESHOLD_UNCONFIRMED
    assert income.value == D("75.1")
    # KM2 has its own reading, so it does not borrow indicator 10's; the only warning is the
    # unconfirmed 19/19 claim.
    assert km2.reading is next(r for r in result.review.readings if r.indicator == "KM2")
    assert result.warnings == (_count_warning(19),)


def test_my_dong_smart_village_and_landscape_field_meet_conditions_3_and_4() -> None:
    result = _case(MY_DONG)

    assert _model_condition(result, 3) == (Outcome.MET, Basis.RULE)
    assert _model_condition(result, 4) == (Outcome.MET, Basis.RULE)
    model = _level(result, Level.MODEL)
    # KM2 stands on its stated "đạt" (below), so no condition blocks; only the levels do.
    assert model.blocking_conditions == ()
    assert model.missing_levels == (Level.BASIC, Level.ADVANCED)


def test_my_dong_kieu_mau_proposal_is_flagged() -> None:
    result = _case(MY_DONG)

    assert _statuses(result) == {
        Level.BASIC: LevelStatus.NOT_ASSESSED,
        Level.ADVANCED: LevelStatus.NOT_REACHED,
        Level.MODEL: LevelStatus.NOT_REACHED,
    }
    assert _level_claims(result) == [
        ("overall", "proposed for xã NTM kiểu mẫu", "level not reached")
    ]


def test_my_dong_stated_dat_on_the_income_condition_stands_while_its_threshold_is_unknown() -> None:
    condition = next(item for item in _case(MY_DONG).model_conditions if item.number == 2)

    assert (condition.outcome, condition.basis) == (Outcome.MET, Basis.STATED)
    assert condition.rule_outcome is Outcome.UNDECIDED
    assert condition.stated is None
    assert condition.stated_by is Assessment.VERIFIED


# --- claims that no reading contradicts ------------------------------------------------------


@pytest.mark.parametrize(
    "name", [CAT_NHON, NHON_HANH, NGOC_HOI, YEN_NGUYEN, PHU_NHUAN, MUONG_HOA, MY_DONG]
)
def test_a_count_claim_with_no_unmet_criterion_is_a_warning_not_a_disagreement(name: str) -> None:
    result = _case(name)
    claim = result.review.claim

    assert claim is not None and claim.criteria_met is not None
    assert result.numbers(Outcome.NOT_MET) == []
    assert _count_claims(result) == []
    assert _count_warning(claim.criteria_met) in result.warnings
