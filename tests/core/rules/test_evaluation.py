"""The review engine on the test set (tests/core/fixtures), with results worked out by hand."""

from decimal import Decimal

import pytest

from ntm.core import (
    Basis,
    Catalog,
    Commune,
    EvaluationError,
    HeldRecognition,
    IndicatorStatus,
    Level,
    LevelStatus,
    Outcome,
    Reading,
    ReviewInput,
    ReviewResult,
    Verdict,
    evaluate_review,
    parse_value,
)
from ntm.core.review import Claim

D = Decimal
TDMNPB = Commune(name="Xã thử", code="99999", region="TDMNPB")


def _review(
    catalog: Catalog,
    readings: list[Reading],
    *,
    year: int = 2024,
    commune: Commune = TDMNPB,
    recognitions: tuple[HeldRecognition, ...] = (HeldRecognition(level=Level.BASIC, year=2019),),
    claim: Claim | None = None,
    set_code: str = "test-advanced",
) -> ReviewResult:
    criteria_set = catalog.criteria_set(set_code)
    review = ReviewInput(
        commune=commune,
        year=year,
        criteria_set=criteria_set.code,
        readings=tuple(readings),
        recognitions=recognitions,
        claim=claim,
    )
    return evaluate_review(review, criteria_set, model_set=catalog.model_set_for(criteria_set))


def _all_met_readings() -> list[Reading]:
    return [
        Reading(criterion=1, indicator="1.1", numerator=D(817), denominator=D(860)),
        Reading(criterion=1, indicator="1.2", result=Verdict.MET),
        Reading(criterion=2, indicator="2", value=parse_value("58,0")),
        Reading(criterion=3, indicator="3", numerator=D(12), denominator=D(1250)),
        Reading(criterion=4, indicator="4.1", value=parse_value("trên 95%")),
        Reading(criterion=4, indicator="4.2", value=parse_value("10%")),
    ]


def _indicator(result: ReviewResult, code: str):
    return next(i for c in result.criteria for i in (*c.indicators,) if i.indicator.code == code)


def test_ratio_below_threshold_gives_gap_in_points_and_households(test_catalog: Catalog) -> None:
    result = _review(
        test_catalog, [Reading(criterion=1, indicator="1.1", numerator=D(812), denominator=D(860))]
    )
    housing = _indicator(result, "1.1")
    # 812/860 = 94.4186…%; 95 − 94.4186… = 0.5813…; 95% of 860 = 817 → 5 households.
    assert housing.status is IndicatorStatus.NOT_MET
    assert housing.value == D(812) * 100 / D(860)
    assert f"{housing.gap:.4f}" == "0.5814"
    assert housing.units_needed == 5
    assert housing.threshold_verified is True


def test_threshold_by_region_and_year_is_selected(test_catalog: Catalog) -> None:
    reading = [Reading(criterion=2, indicator="2", value=parse_value("60"))]
    in_2024 = _indicator(_review(test_catalog, reading, year=2024), "2")
    in_2025 = _indicator(_review(test_catalog, reading, year=2025), "2")
    delta = _indicator(
        _review(test_catalog, reading, commune=Commune(name="X", region="ĐBSH")), "2"
    )
    assert (in_2024.status, in_2024.threshold_value) == (IndicatorStatus.MET, D(58))
    assert (in_2025.status, in_2025.threshold_value, in_2025.gap) == (
        IndicatorStatus.NOT_MET,
        D(62),
        D(2),
    )
    assert (delta.status, delta.threshold_value, delta.gap) == (
        IndicatorStatus.NOT_MET,
        D(71),
        D(11),
    )


def test_no_threshold_for_a_year_outside_the_set_is_reported_not_guessed(
    test_catalog: Catalog,
) -> None:
    reading = [Reading(criterion=2, indicator="2", value=parse_value("60"))]
    income = _indicator(_review(test_catalog, reading, year=2023), "2")
    assert income.status is IndicatorStatus.THRESHOLD_UNCONFIRMED
    assert income.threshold is None


def test_a_region_dependent_threshold_without_a_region_is_an_error(test_catalog: Catalog) -> None:
    reading = [Reading(criterion=2, indicator="2", value=parse_value("60"))]
    with pytest.raises(EvaluationError, match="region"):
        _review(test_catalog, reading, commune=Commune(name="X"))


def test_missing_reading_is_no_data_never_zero(test_catalog: Catalog) -> None:
    result = _review(test_catalog, [])
    assert {i.status for c in result.criteria for i in c.indicators} == {IndicatorStatus.NO_DATA}
    assert result.numbers(Outcome.UNDECIDED) == [1, 2, 3, 4]
    assert all(c.basis is Basis.NONE for c in result.criteria)


def test_unknown_threshold_is_threshold_unconfirmed_even_with_a_value(
    test_catalog: Catalog,
) -> None:
    result = _review(
        test_catalog, [Reading(criterion=4, indicator="4.2", value=parse_value("10%"))]
    )
    stunting = _indicator(result, "4.2")
    assert stunting.status is IndicatorStatus.THRESHOLD_UNCONFIRMED
    assert stunting.threshold_value is None


def test_unverified_threshold_is_used_but_flagged_provisional(test_catalog: Catalog) -> None:
    result = _review(
        test_catalog, [Reading(criterion=4, indicator="4.1", value=parse_value("trên 95%"))]
    )
    insurance = _indicator(result, "4.1")
    assert insurance.status is IndicatorStatus.MET
    assert insurance.provisional is True
    assert "threshold not yet confirmed against the official text" in insurance.notes


def test_co_ban_dat_result_on_a_yes_no_indicator_is_not_met(test_catalog: Catalog) -> None:
    result = _review(
        test_catalog,
        [Reading(criterion=1, indicator="1.2", result=Verdict.BASICALLY_MET, verdict=Verdict.MET)],
    )
    makeshift = _indicator(result, "1.2")
    assert makeshift.status is IndicatorStatus.NOT_MET
    assert [(d.subject, d.stated, d.found) for d in result.disagreements] == [
        ("indicator 1.2", "Đạt", "Chưa đạt")
    ]


def test_criterion_met_only_when_every_indicator_is_met(test_catalog: Catalog) -> None:
    result = _review(test_catalog, _all_met_readings())
    # 4.1 is met, but 4.2's threshold is unknown: criterion 4 cannot be met by the rule.
    assert result.numbers(Outcome.MET) == [1, 2, 3]
    assert result.numbers(Outcome.UNDECIDED) == [4]
    assert result.met_count == 3


@pytest.fixture
def almost_all_met(test_catalog: Catalog) -> ReviewResult:
    readings = [r for r in _all_met_readings() if r.indicator != "4.2"]
    readings.append(Reading(criterion=4, verdict=Verdict.MET, source="báo cáo của xã"))
    return _review(test_catalog, readings)


def test_stated_verdict_is_the_outcome_only_where_the_rule_cannot_decide(
    almost_all_met: ReviewResult,
) -> None:
    bases = {c.number: (c.outcome, c.basis) for c in almost_all_met.criteria}
    assert bases == {
        1: (Outcome.MET, Basis.RULE),
        2: (Outcome.MET, Basis.RULE),
        3: (Outcome.MET, Basis.RULE),
        4: (Outcome.MET, Basis.STATED),
    }


def test_levels_advanced_reached_when_all_met_and_basic_held(almost_all_met: ReviewResult) -> None:
    statuses = {level.level: level.status for level in almost_all_met.levels}
    assert statuses[Level.BASIC] is LevelStatus.HELD
    assert statuses[Level.ADVANCED] is LevelStatus.REACHED
    assert statuses[Level.MODEL] is LevelStatus.NOT_REACHED
    assert almost_all_met.highest_level is Level.ADVANCED


def test_advanced_is_blocked_without_basic_recognition(test_catalog: Catalog) -> None:
    readings = [r for r in _all_met_readings() if r.indicator != "4.2"]
    readings.append(Reading(criterion=4, verdict=Verdict.MET))
    result = _review(test_catalog, readings, recognitions=())
    advanced = next(level for level in result.levels if level.level is Level.ADVANCED)
    assert advanced.status is LevelStatus.NOT_REACHED
    assert advanced.missing_levels == (Level.BASIC,)
    assert advanced.blocking_criteria == ()


def test_model_level_uses_income_ten_percent_above_the_advanced_threshold(
    test_catalog: Catalog,
) -> None:
    base = [r for r in _all_met_readings() if r.indicator != "4.2"]
    base.append(Reading(criterion=4, verdict=Verdict.MET))
    # 2024 TDMNPB advanced income threshold 58 → model needs ≥ 63.8.
    short = _review(
        test_catalog,
        [
            *base,
            Reading(criterion=2, indicator="KM2", value=parse_value("63,7")),
            Reading(criterion=3, indicator="KM3", result=Verdict.MET),
        ],
    )
    enough = _review(
        test_catalog,
        [
            *base,
            Reading(criterion=2, indicator="KM2", value=parse_value("63,8")),
            Reading(criterion=3, indicator="KM3", result=Verdict.MET),
        ],
    )
    km2 = next(i for c in short.model_conditions for i in c.indicators if i.indicator.code == "KM2")
    assert km2.threshold_value == D("63.80")
    assert km2.gap == D("0.10")
    model_short = next(level for level in short.levels if level.level is Level.MODEL)
    model_enough = next(level for level in enough.levels if level.level is Level.MODEL)
    assert model_short.status is LevelStatus.NOT_REACHED
    assert model_short.blocking_conditions == ("KM2: Thu nhập cao hơn 10%",)
    assert model_enough.status is LevelStatus.REACHED
    assert enough.highest_level is Level.MODEL


def test_stated_met_contradicted_by_readings_is_a_disagreement(test_catalog: Catalog) -> None:
    result = _review(
        test_catalog,
        [
            Reading(criterion=3, indicator="3", numerator=D(15), denominator=D(1250)),
            Reading(criterion=3, verdict=Verdict.MET, source="tờ trình"),
        ],
    )
    poverty = _indicator(result, "3")
    # 15/1250 = 1.2% > 1% → not met; 3 poor households must leave poverty (≤ 12.5).
    assert (poverty.status, poverty.gap, poverty.units_needed) == (
        IndicatorStatus.NOT_MET,
        D("0.2"),
        3,
    )
    assert [(d.subject, d.stated, d.found) for d in result.disagreements] == [
        ("criterion 3 (Nghèo đa chiều)", "Đạt", "Chưa đạt")
    ]


def test_criterion_stated_met_with_an_indicator_stated_co_ban_dat_is_a_disagreement(
    test_catalog: Catalog,
) -> None:
    result = _review(
        test_catalog,
        [
            Reading(
                criterion=4,
                indicator="4.2",
                value=parse_value("10%"),
                verdict=Verdict.BASICALLY_MET,
            ),
            Reading(criterion=4, verdict=Verdict.MET),
        ],
    )
    assert [(d.subject, d.stated, d.found) for d in result.disagreements] == [
        ("criterion 4 (Y tế)", "Đạt", "Chưa đạt")
    ]


def test_claim_of_more_criteria_than_met_is_a_disagreement(test_catalog: Catalog) -> None:
    readings = [
        Reading(criterion=1, verdict=Verdict.MET),
        Reading(criterion=2, verdict=Verdict.MET),
        Reading(criterion=3, verdict=Verdict.NOT_MET),
    ]
    result = _review(test_catalog, readings, claim=Claim(criteria_met=4, level=Level.ADVANCED))
    assert [(d.stated, d.found) for d in result.disagreements] == [
        ("4/4", "2/4"),
        ("proposed for xã NTM nâng cao", "level not reached"),
    ]


def test_stated_percentage_inconsistent_with_counts_uses_the_counts(test_catalog: Catalog) -> None:
    result = _review(
        test_catalog,
        [
            Reading(
                criterion=1,
                indicator="1.1",
                value=parse_value("95,5%"),
                numerator=D(812),
                denominator=D(860),
            )
        ],
    )
    housing = _indicator(result, "1.1")
    assert housing.status is IndicatorStatus.NOT_MET
    assert "stated 95,5% but 812/860 = 94,42%: the counts are used" in housing.notes


def test_estimated_value_is_flagged(test_catalog: Catalog) -> None:
    result = _review(
        test_catalog, [Reading(criterion=2, indicator="2", value=parse_value("ước 60"))]
    )
    assert "estimated value (ước), not an actual figure" in _indicator(result, "2").notes


def test_overlay_changes_threshold_and_name_without_copying_the_set(test_catalog: Catalog) -> None:
    reading = [Reading(criterion=1, indicator="1.1", numerator=D(817), denominator=D(860))]
    national = _indicator(_review(test_catalog, reading), "1.1")
    provincial_result = _review(test_catalog, reading, set_code="test-advanced+test-province")
    provincial = _indicator(provincial_result, "1.1")
    # 817/860 = 95% exactly: meets the national 95, not the provincial 97 (97% of 860 = 834.2 → 835).
    assert national.status is IndicatorStatus.MET
    assert (provincial.status, provincial.threshold_value, provincial.units_needed) == (
        IndicatorStatus.NOT_MET,
        D(97),
        18,
    )
    assert provincial_result.criteria[3].criterion.name == "Y tế (tỉnh)"
    assert [b.decision for b in provincial_result.criteria_set.legal_bases] == [
        "0/TEST",
        "1/TEST-UBND",
    ]


def test_two_readings_for_one_indicator_are_refused(test_catalog: Catalog) -> None:
    reading = Reading(criterion=2, indicator="2", value=parse_value("60"))
    with pytest.raises(EvaluationError, match="indicator 2 appears twice"):
        _review(test_catalog, [reading, reading])


def test_a_review_for_another_set_is_refused(test_catalog: Catalog) -> None:
    criteria_set = test_catalog.criteria_set("test-advanced")
    review = ReviewInput(commune=TDMNPB, year=2024, criteria_set="other", readings=())
    with pytest.raises(EvaluationError, match="the review is for set other"):
        evaluate_review(review, criteria_set)


def test_json_form_keeps_exact_values_as_strings(test_catalog: Catalog) -> None:
    result = _review(
        test_catalog, [Reading(criterion=1, indicator="1.1", numerator=D(812), denominator=D(860))]
    )
    housing = result.as_dict()["criteria"][0]["indicators"][0]
    assert housing["value_display"] == "94,42"
    assert housing["units_needed"] == 5
    assert housing["standard"] == "≥ 95%"
    assert housing["numerator"] == "812"


def test_held_model_recognition_implies_advanced_and_basic(test_catalog: Catalog) -> None:
    result = _review(
        test_catalog, [], recognitions=(HeldRecognition(level=Level.MODEL, year=2024),)
    )
    statuses = {level.level: level.status for level in result.levels}
    assert statuses == {
        Level.BASIC: LevelStatus.HELD,
        Level.ADVANCED: LevelStatus.HELD,
        Level.MODEL: LevelStatus.HELD,
    }
    assert result.highest_level is Level.MODEL


def test_held_level_stays_held_and_names_criteria_no_longer_met(test_catalog: Catalog) -> None:
    readings = [Reading(criterion=3, indicator="3", numerator=D(15), denominator=D(1250))]
    result = _review(
        test_catalog, readings, recognitions=(HeldRecognition(level=Level.ADVANCED, year=2023),)
    )
    advanced = next(level for level in result.levels if level.level is Level.ADVANCED)
    assert advanced.status is LevelStatus.HELD
    assert advanced.note == "recognised; criteria no longer met: 3"


def test_level_with_only_undecided_criteria_is_undecided_not_failed(test_catalog: Catalog) -> None:
    readings = [r for r in _all_met_readings() if r.indicator != "4.2"]  # 4.2 has no data
    result = _review(test_catalog, readings)
    advanced = next(level for level in result.levels if level.level is Level.ADVANCED)
    assert (advanced.status, advanced.blocking_criteria, advanced.undecided_criteria) == (
        LevelStatus.UNDECIDED,
        (),
        (4,),
    )


def test_undecided_indicator_takes_the_verdict_stated_on_it(test_catalog: Catalog) -> None:
    from ntm.core import Assessment

    readings = [
        Reading(criterion=4, indicator="4.1", value=parse_value("96%")),
        Reading(
            criterion=4,
            indicator="4.2",
            value=parse_value("12%"),
            verdict=Verdict.MET,
            assessment=Assessment.APPRAISED,
        ),
    ]
    four = _review(test_catalog, readings).criteria[3]
    # 4.1 met by the rule; 4.2's threshold is unknown, so its appraised "Đạt" stands.
    assert (four.outcome, four.basis, four.rule_outcome, four.stated_by) == (
        Outcome.MET,
        Basis.STATED,
        Outcome.UNDECIDED,
        Assessment.APPRAISED,
    )


def test_a_count_claim_that_only_undecided_criteria_stand_between_is_a_warning(
    test_catalog: Catalog,
) -> None:
    result = _review(test_catalog, [], claim=Claim(criteria_met=4))
    assert result.disagreements == ()
    assert result.warnings == (
        "the document claims 4/4 criteria; the review confirms 0 and cannot decide 1, 2, 3, 4",
    )


def test_a_level_proposed_with_fewer_criteria_than_the_set_is_a_disagreement(
    test_catalog: Catalog,
) -> None:
    result = _review(test_catalog, [], claim=Claim(criteria_met=3, level=Level.ADVANCED))
    assert [(d.stated, d.found) for d in result.disagreements] == [
        ("proposed for xã NTM nâng cao with 3/4 criteria", "level not reached")
    ]


def test_model_income_condition_reads_the_income_reading(test_catalog: Catalog) -> None:
    readings = [Reading(criterion=2, indicator="2", value=parse_value("63,7"))]
    result = _review(test_catalog, readings)
    km2 = next(
        i for c in result.model_conditions for i in c.indicators if i.indicator.code == "KM2"
    )
    # 63.7 meets the advanced 58 but not 58 × 1.10 = 63.8.
    assert (km2.status, km2.value, km2.threshold_value) == (
        IndicatorStatus.NOT_MET,
        D("63.7"),
        D("63.80"),
    )
    assert km2.reading is not None and km2.reading.note == "the reading of indicator 2"


def test_one_indicator_stated_not_met_decides_the_criterion_despite_missing_data(
    test_catalog: Catalog,
) -> None:
    readings = [
        Reading(criterion=4, indicator="4.2", value=parse_value("12%"), verdict=Verdict.NOT_MET)
    ]
    four = _review(test_catalog, readings).criteria[3]
    # 4.1 has no data, 4.2's threshold is unknown and the document says "Chưa đạt".
    assert (four.outcome, four.basis) == (Outcome.NOT_MET, Basis.STATED)


def test_held_model_level_names_conditions_no_longer_met(test_catalog: Catalog) -> None:
    readings = [Reading(criterion=3, indicator="KM3", result=Verdict.NOT_MET)]
    result = _review(test_catalog, readings, recognitions=(HeldRecognition(level=Level.MODEL),))
    model = next(level for level in result.levels if level.level is Level.MODEL)
    assert (model.status, model.note) == (
        LevelStatus.HELD,
        "recognised; conditions no longer met: KM3",
    )


def test_a_derived_threshold_without_its_base_is_warned_on_every_review() -> None:
    from pathlib import Path

    fixtures = Path(__file__).parents[1] / "fixtures"
    orphan = (
        (fixtures / "test-model.yaml")
        .read_text("utf-8")
        .replace('indicator: "2", factor', 'indicator: "99", factor')
    )
    catalog = Catalog.from_files(
        [
            ("test-sets.yaml", (fixtures / "test-sets.yaml").read_text("utf-8")),
            ("orphan.yaml", orphan),
        ]
    )
    criteria_set = catalog.criteria_set("test-advanced")
    model_set = catalog.criteria_set("test-model")
    review = ReviewInput(
        commune=TDMNPB,
        year=2024,
        criteria_set="test-advanced",
        readings=(Reading(criterion=2, indicator="KM2", value=parse_value("70")),),
    )
    first = evaluate_review(review, criteria_set, model_set=model_set)
    second = evaluate_review(review, criteria_set, model_set=model_set)
    expected = (
        "KM2: its threshold derives from test-advanced indicator 99, which this review does not use"
    )
    assert expected in first.warnings
    assert expected in second.warnings
