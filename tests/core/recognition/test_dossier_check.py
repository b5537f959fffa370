"""The recognition dossier's completeness check (ntm.core.recognition.dossier), at its
boundaries: the consultation period (14 vs 15 days), the satisfaction share (94.99…% vs
95%), the construction debt (0 vs 0.001 triệu đồng), the criteria and the evidence."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from ntm.core import Catalog
from ntm.core.catalog import Level
from ntm.core.exceptions import InputError
from ntm.core.io.review_files import read_review_bytes
from ntm.core.plan import PartialDate
from ntm.core.recognition.dossier import (
    MISSING_CODES,
    Comment,
    ConstructionDebt,
    Consultation,
    DebtItem,
    DossierCommune,
    DossierContent,
    EvidenceItem,
    HamletSatisfaction,
    Meeting,
    SatisfactionSurvey,
    default_submission,
    dossier_missing,
)
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.rules.evaluation import evaluate_review
from ntm.core.rules.results import ReviewResult

RULES = RecognitionRules.shipped()
SET = "xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022"
COMMUNE = DossierCommune("Phúc Chu", "05560")
REPO = Path(__file__).resolve().parents[3]


def review(*, verdicts: dict[int, str] | None = None, held: bool = True) -> ReviewResult:
    """The nâng cao review of Phúc Chu, 2025: every criterion stated "Đạt" unless
    ``verdicts`` says otherwise (a criterion mapped to "" has no reading), and indicator
    19.1 read "Đạt" (so 19.1 is met by the rule)."""
    lines = [
        "schema: ntm-review/1",
        "commune: {name: Phúc Chu, code: '05560', province: Thái Nguyên, region: TDMNPB}",
        "year: 2025",
        f"criteria_set: {SET}",
    ]
    if held:
        lines += ["recognitions:", "  - {level: basic, year: 2018}"]
    lines.append("readings:")
    for number in range(1, 20):
        verdict = (verdicts or {}).get(number, "Đạt")
        if verdict:
            lines.append(f"  - {{criterion: {number}, verdict: {verdict}}}")
    lines.append('  - {indicator: "19.1", result: Đạt}')
    catalog = Catalog.shipped()
    text = "\n".join(lines).encode()
    read, criteria_set = read_review_bytes(text, name="review.yaml", catalog=catalog)
    return evaluate_review(read, criteria_set, model_set=catalog.model_set_for(criteria_set))


RESULT = review()


def evidence(criterion: int, indicator: str = "", name: str = "x.pdf") -> EvidenceItem:
    return EvidenceItem(criterion, indicator, name, Path("/nonexistent") / name, "PDF", 1, "0" * 64)


#: One file per criterion (on the criterion as a whole), and one on indicator 19.1.
EVIDENCE = (*(evidence(n) for n in range(1, 20)), evidence(19, "19.1"))


def complete(**changes: object) -> DossierContent:
    """A complete dossier: 19/19 met with evidence, published 1-15/10/2025 (15 days),
    a meeting, no debt, 85 of 88 answers satisfied (96.59…% ≥ 95%)."""
    content = DossierContent(
        commune=COMMUNE,
        province="Thái Nguyên",
        district=None,
        level=Level.ADVANCED,
        year=2025,
        result=RESULT,
        submission=default_submission(
            COMMUNE, province="Thái Nguyên", district=None, date=PartialDate(2025, 11, 20)
        ),
        consultation=Consultation(
            datetime.date(2025, 10, 1), datetime.date(2025, 10, 15), "trụ sở UBND xã"
        ),
        comments=(Comment("Ủy ban MTTQ Việt Nam xã", "Nhất trí", "Tiếp thu"),),
        meeting=Meeting(
            datetime.date(2025, 11, 10), "Hội trường UBND xã", "A", "B", 30, 32, 29, 30, "Nhất trí"
        ),
        debt=ConstructionDebt((), datetime.date(2025, 10, 31)),
        satisfaction=SatisfactionSurvey.of(
            RULES, Level.ADVANCED, asked=95, answered=88, satisfied=85
        ),
        evidence=EVIDENCE,
    )
    return replace(content, **changes)  # type: ignore[arg-type]


def codes(content: DossierContent) -> list[str]:
    return [item.code for item in dossier_missing(content)]


def test_a_complete_dossier_misses_nothing() -> None:
    assert dossier_missing(complete()) == ()


def test_the_consultation_period_is_data_and_unconfirmed() -> None:
    assert RULES.consultation_days == 15
    assert RULES.consultation_verified is False
    assert "§2" in RULES.consultation_source


def test_everything_missing_in_the_order_of_the_codes() -> None:
    content = complete(
        consultation=None, meeting=None, debt=None, satisfaction=None, evidence=(), comments=()
    )
    # 19 criteria without evidence, and 19.1 met without evidence: 20 evidence items.
    assert codes(content) == ["evidence_missing"] * 20 + [
        "publication_missing",
        "meeting_missing",
        "debt_not_declared",
        "satisfaction_missing",
    ]
    assert set(codes(content)) <= set(MISSING_CODES)


def test_every_unmet_criterion_of_phuc_chu_2024_is_listed() -> None:
    # The 2024 plan: 11 criteria not met (document-format.md §5.2).
    not_met = {n: "Chưa đạt" for n in (1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 17)}
    missing = dossier_missing(complete(result=review(verdicts=not_met)))
    found = [m for m in missing if m.code == "criterion_not_met"]
    assert [m.criterion for m in found] == [1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 17]
    assert found[0].message == "criterion 1 (Quy hoạch) is not met"
    # Evidence is asked only of met criteria: the complete set of files leaves nothing else.
    assert {m.code for m in missing} == {"criterion_not_met"}


def test_an_undecided_criterion_is_missing_too() -> None:
    missing = dossier_missing(complete(result=review(verdicts={4: ""})))
    assert [(m.code, m.criterion) for m in missing] == [("criterion_undecided", 4)]


def test_the_advanced_level_needs_the_basic_level_held() -> None:
    missing = dossier_missing(complete(result=review(held=False)))
    assert [m.code for m in missing] == ["level_prerequisite_missing"]
    assert "xã NTM" in missing[0].message


def test_the_model_level_needs_the_qd_319_conditions() -> None:
    # The review has no reading for KM2-KM4: they cannot be decided.
    content = complete(
        level=Level.MODEL,
        satisfaction=SatisfactionSurvey.of(RULES, Level.MODEL, asked=95, answered=88, satisfied=85),
    )
    missing = [m for m in dossier_missing(content) if m.code == "model_condition_not_met"]
    assert [m.message.split(":")[0] for m in missing] == [
        "the model-level condition KM2",
        "the model-level condition KM3",
        "the model-level condition KM4",
    ]


def test_a_level_the_review_does_not_assess_is_refused() -> None:
    with pytest.raises(InputError, match="does not assess level modern"):
        complete(level=Level.MODERN)


def test_a_met_indicator_needs_its_own_evidence() -> None:
    # 19.1 is met by the rule; the file on criterion 19 as a whole does not cover it.
    content = complete(evidence=EVIDENCE[:-1])
    missing = dossier_missing(content)
    assert [(m.code, m.criterion, m.indicator) for m in missing] == [
        ("evidence_missing", 19, "19.1")
    ]
    assert missing[0].message == "indicator 19.1 is met but has no evidence file"


def test_a_met_criterion_needs_at_least_one_file() -> None:
    # Criterion 9 has no file at all; criterion 19 keeps its file on 19.1 only, which counts.
    kept = tuple(e for e in EVIDENCE if e.criterion != 9 and (e.criterion, e.indicator) != (19, ""))
    missing = dossier_missing(complete(evidence=kept))
    assert [(m.code, m.criterion, m.indicator) for m in missing] == [("evidence_missing", 9, "")]
    assert missing[0].message == "criterion 9 (Nhà ở dân cư) is met but has no evidence file"


def test_evidence_filed_under_what_the_set_lacks() -> None:
    content = complete(evidence=(*EVIDENCE, evidence(20, "", "a.pdf"), evidence(9, "9.9", "b.pdf")))
    missing = dossier_missing(content)
    assert [(m.code, m.criterion, m.indicator) for m in missing] == [
        ("evidence_unknown", 20, ""),
        ("evidence_unknown", 9, "9.9"),
    ]


@pytest.mark.parametrize(
    ("end_day", "days", "short"),
    [
        (14, 14, True),  # 1 to 14 October: 14 days, one short of 15
        (15, 15, False),  # 1 to 15 October: 15 days, first and last included
        (16, 16, False),
    ],
)
def test_the_publication_period_boundary(end_day: int, days: int, short: bool) -> None:
    publication = Consultation(
        datetime.date(2025, 10, 1), datetime.date(2025, 10, end_day), "nhà văn hóa"
    )
    assert publication.days == days
    missing = dossier_missing(complete(consultation=publication))
    assert [m.code for m in missing] == (["publication_too_short"] if short else [])
    if short:
        assert missing[0].unconfirmed is True  # 15 days is [?]
        assert missing[0].message == (
            "the results report was published for comments for 14 days, fewer than 15"
        )


def test_a_publication_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InputError, match="ends on 2025-09-30 before it starts on 2025-10-01"):
        Consultation(datetime.date(2025, 10, 1), datetime.date(2025, 9, 30), "x")


@pytest.mark.parametrize(
    ("items", "outstanding"),
    [
        ((), False),  # declared: no debt
        ((DebtItem("Đường trục xóm Bản Pấu", Decimal("0")),), False),  # total 0
        ((DebtItem("Đường trục xóm Bản Pấu", Decimal("0.001")),), True),  # 1,000 đồng is debt
        (
            (DebtItem("Nhà văn hóa", Decimal("120.5")), DebtItem("Kênh mương", Decimal("30"))),
            True,
        ),
    ],
)
def test_the_debt_boundary(items: tuple[DebtItem, ...], outstanding: bool) -> None:
    debt = ConstructionDebt(items, datetime.date(2025, 10, 31))
    missing = dossier_missing(complete(debt=debt))
    assert [m.code for m in missing] == (["debt_outstanding"] if outstanding else [])


def test_the_debt_message_gives_the_exact_total() -> None:
    # 120.5 + 30 = 150.5 triệu đồng.
    items = (DebtItem("Nhà văn hóa", Decimal("120.5")), DebtItem("Kênh mương", Decimal("30")))
    debt = ConstructionDebt(items, datetime.date(2025, 10, 31))
    assert debt.total == Decimal("150.5")
    (missing,) = dossier_missing(complete(debt=debt))
    assert missing.message == (
        "construction debt of 150.5 million dong is outstanding: there must be none"
    )


def test_a_negative_debt_is_refused() -> None:
    with pytest.raises(InputError, match="negative"):
        DebtItem("x", Decimal("-1"))


@pytest.mark.parametrize(
    ("answered", "satisfied", "below"),
    [
        (20, 19, False),  # 19 × 100 = 1,900 = 95 × 20: exactly 95%, met
        # 1,899 of 1,999 = 94.997…%: 189,900 < 95 × 1,999 = 189,905, below
        (1999, 1899, True),
        (10000, 9499, True),  # 94.99%
        (10000, 9500, False),  # 95.00%
    ],
)
def test_the_satisfaction_boundary(answered: int, satisfied: int, below: bool) -> None:
    survey = SatisfactionSurvey.of(
        RULES, Level.ADVANCED, asked=answered, answered=answered, satisfied=satisfied
    )
    missing = dossier_missing(complete(satisfaction=survey))
    assert [m.code for m in missing] == (["satisfaction_below"] if below else [])
    if below:
        assert missing[0].unconfirmed is True  # 95% is [?]


def test_the_satisfaction_message_counts_what_is_needed() -> None:
    # 83 of 88 = 94.318…%; 95 × 88 / 100 = 83.6, so 84 satisfied are needed: 1 more.
    survey = SatisfactionSurvey.of(RULES, Level.ADVANCED, asked=95, answered=88, satisfied=83)
    (missing,) = dossier_missing(complete(satisfaction=survey))
    assert missing.message == (
        "83 of 88 residents are satisfied, below 95%: 1 more satisfied answers are needed"
    )


def test_the_satisfaction_is_checked_against_the_dossiers_level() -> None:
    # 82 of 88 = 93.18…%: meets the basic level's 90%, not nâng cao's 95%.
    survey = SatisfactionSurvey.of(RULES, Level.BASIC, asked=95, answered=88, satisfied=82)
    assert survey.result.met is True
    assert codes(complete(satisfaction=survey)) == ["satisfaction_below"]


def test_a_survey_without_answers() -> None:
    survey = SatisfactionSurvey.of(RULES, Level.ADVANCED, asked=95, answered=0, satisfied=0)
    assert codes(complete(satisfaction=survey)) == ["satisfaction_no_answers"]


def test_the_hamlets_must_add_up_to_the_survey() -> None:
    hamlets = (
        HamletSatisfaction("Bản Pấu", 40, 38, 37),
        HamletSatisfaction("Nà Chú", 30, 30, 29),
        HamletSatisfaction("Khảu Lấu", 25, 20, 19),
    )
    # 40 + 30 + 25 = 95 asked, 38 + 30 + 20 = 88 answered, 37 + 29 + 19 = 85 satisfied.
    survey = SatisfactionSurvey.of(
        RULES, Level.ADVANCED, asked=95, answered=88, satisfied=85, hamlets=hamlets
    )
    assert dossier_missing(complete(satisfaction=survey)) == ()
    with pytest.raises(InputError, match="satisfied add up to 85, the survey says 86"):
        SatisfactionSurvey.of(
            RULES, Level.ADVANCED, asked=95, answered=88, satisfied=86, hamlets=hamlets
        )
    with pytest.raises(InputError, match="Nà Chú appears twice"):
        SatisfactionSurvey.of(
            RULES,
            Level.ADVANCED,
            asked=60,
            answered=60,
            satisfied=58,
            hamlets=(hamlets[1], hamlets[1]),
        )


def test_impossible_survey_counts_are_refused() -> None:
    with pytest.raises(InputError, match="96 answers but only 95 asked"):
        SatisfactionSurvey.of(RULES, Level.ADVANCED, asked=95, answered=96, satisfied=85)


@pytest.mark.parametrize(
    ("attended", "invited", "agreed", "votes", "message"),
    [
        (33, 32, 29, 30, "33 present but only 32 invited"),
        (30, 32, 29, 31, "31 votes but only 30 present"),
        (30, 32, 31, 30, "31 in favour but only 30 votes"),
        (30, 32, -1, 30, "cannot be negative"),
    ],
)
def test_impossible_meeting_counts_are_refused(
    attended: int, invited: int, agreed: int, votes: int, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        Meeting(datetime.date(2025, 11, 10), "x", "A", "B", attended, invited, agreed, votes, "")


def test_the_submission_goes_to_the_district_until_june_2025() -> None:
    before = default_submission(
        COMMUNE, province="Thái Nguyên", district="Định Hóa", date=PartialDate(2024, 11, 20)
    )
    assert before.recipient == "Ủy ban nhân dân huyện Định Hóa"
    assert before.issuing_body.parent == "UBND HUYỆN ĐỊNH HÓA"
    assert before.issuing_body.unit == "XÃ PHÚC CHU"
    assert before.recipients == ("Ủy ban nhân dân huyện Định Hóa", "Lưu: VT")
    after = default_submission(
        COMMUNE, province="Thái Nguyên", district="Định Hóa", date=PartialDate(2025, 7, 1)
    )
    assert after.recipient == "Ủy ban nhân dân tỉnh Thái Nguyên"
    assert after.issuing_body.parent is None
    assert after.signature.lines() == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


@pytest.mark.parametrize(
    ("date", "district"),
    [
        (PartialDate(2025, 6, 30), None),  # before 1/7/2025 without a district
        (PartialDate(2025), "Định Hóa"),  # 2025 alone could be either side
    ],
)
def test_a_submission_that_cannot_be_addressed_is_refused(
    date: PartialDate, district: str | None
) -> None:
    with pytest.raises(InputError, match="goes to the district"):
        default_submission(COMMUNE, province="Thái Nguyên", district=district, date=date)


def test_evidence_for_selects_by_criterion_and_indicator() -> None:
    content = complete()
    assert len(content.evidence_for(19)) == 2
    assert content.evidence_for(19, "19.1") == (EVIDENCE[-1],)
    assert content.evidence_for(19, "") == (EVIDENCE[18],)
    assert content.evidence_for(20) == ()
