"""The recognition demo (ntm.recognition.demo, manage.py ntm_demo_recognition): three chains
end recognised, the fourth (xã Phú Đình, after the 2025 merger) waits on the province's desk
for the coordinator, the returned commune's history and what its return unlocked, the
illustrative readings labelled, and a second run that changes nothing."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from ntm.core import Catalog
from ntm.core.io.review_files import read_review
from ntm.core.recognition.workflow import Decision
from ntm.core.rules.results import Outcome
from ntm.evidence.filetypes import detect_file_type
from ntm.evidence.models import EvidenceFile
from ntm.evidence.services import EvidenceRefused, evidence_upload
from ntm.recognition.demo import (
    DEMO_DIR,
    ILLUSTRATIVE_PREFIX,
    DemoDataError,
    chain_build,
    chain_load,
    demo_pdf,
)
from ntm.recognition.desk import province_desk
from ntm.recognition.models import Dossier, DossierTransition, Recognition, RevocationWatch
from ntm.recognition.services import dossier_act
from ntm.recognition.state import dossier_state
from ntm.reviews.models import Reading, Review
from ntm.reviews.selectors import review_evaluate
from ntm.reviews.services import ReadingRefused, reading_record
from ntm.territories.hamlets import hamlet_list
from ntm.territories.models import Unit
from ntm.users.models import Membership
from tests.web.conftest import client_for

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def _local_day(moment: datetime.datetime | None) -> datetime.date:
    assert moment is not None
    return timezone.localtime(moment).date()


def _history(dossier: Dossier) -> list[DossierTransition]:
    return list(dossier.transitions.order_by("position"))


def _file_sources(path: Path) -> set[str]:
    """The sources of the readings a review file holds (real data, not illustrative)."""
    review_input, _set = read_review(str(path), catalog=Catalog.shipped())
    return {reading.source for reading in review_input.readings}


def _counts() -> dict[str, int]:
    return {
        "dossiers": Dossier.objects.count(),
        "transitions": DossierTransition.objects.count(),
        "recognitions": Recognition.objects.count(),
        "readings": Reading.objects.count(),
        "evidence": EvidenceFile.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "units": Unit.objects.count(),
        "reviews": Review.objects.count(),
    }


@pytest.mark.django_db
def test_the_command_builds_the_chains_once() -> None:
    call_command("ntm_demo", "--demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("ntm_demo_recognition", "--demo", stdout=out)
    printed = out.getvalue()
    assert "Xã Phúc Chu (05560), xã đạt chuẩn NTM nâng cao năm 2024:" in printed
    assert "Quyết định số 1763/QĐ-UBND" in printed

    # Phúc Chu: the district chain (submitted 16/12/2024, before 1/7/2025), recognised.
    phuc_chu = Dossier.objects.get(commune__code="05560", year=2024)
    assert (phuc_chu.level, phuc_chu.status) == ("advanced", "recognised")
    assert phuc_chu.workflow == "qd-18-2022-district"
    assert phuc_chu.units == {"commune": "05560", "district": "167", "province": "19"}
    assert _local_day(phuc_chu.submitted_at) == datetime.date(2024, 12, 16)
    history = _history(phuc_chu)
    assert [(t.action, t.role, t.unit) for t in history] == [
        ("submit", "commune_officer", "05560"),
        ("verify", "district_verifier", "167"),
        ("appraise", "province_appraiser", "19"),
        ("recognise", "province_coordinator", "19"),
    ]
    assert [t.actor.username for t in history] == [
        "phucchu.ntm",
        "dinhhoa.thamtra",
        "thainguyen.thamdinh",
        "thainguyen.dieuphoi",
    ]
    recognition = Recognition.objects.get(dossier=phuc_chu)
    assert (recognition.level, recognition.year) == ("advanced", 2024)
    assert recognition.decision_number == "01/QĐ-UBND (minh họa)"
    assert recognition.decision_date == datetime.date(2025, 3, 24)
    # The basic recognition of 2018 the review file states, recorded without a dossier.
    basic = Recognition.objects.get(commune=phuc_chu.commune, level="basic")
    assert (basic.year, basic.dossier) == (2018, None)
    assert "Phúc Chu" in basic.source and "VERIFY" in basic.source
    # Every criterion of the nâng cao set is met: 8 by the plan's verdicts, 11 illustrative.
    result = review_evaluate(phuc_chu.review)
    assert len(result.criteria) == 19
    assert all(c.outcome is Outcome.MET for c in result.criteria)
    # The survey: 6 × 40 = 240 asked; 39+40+38+40+39+40 = 236 answered;
    # 38+39+37+39+38+39 = 230 satisfied; 230/236 = 97.46% ≥ 95%.
    survey = phuc_chu.survey
    assert (survey.asked, survey.answered, survey.satisfied) == (240, 236, 230)
    # The facts the stricter check will ask for: 15 to 29 November is 29 − 15 + 1 = 15 days.
    facts = phuc_chu.facts
    start = datetime.date.fromisoformat(facts["publication_from"])
    end = datetime.date.fromisoformat(facts["publication_to"])
    assert (end - start).days + 1 == 15
    assert facts["meeting_date"] == "2024-12-05"
    assert facts["debt_declared"] is True and facts["debt_items"] == []
    assert "submission_number" in facts["illustrative"]
    assert facts["sources"]["signer_name"].startswith("Kế hoạch 2024")
    # Evidence: a PDF on each of the 19 criteria (no indicator has a reading of its own).
    files = EvidenceFile.objects.filter(review=phuc_chu.review)
    assert sorted({f.criterion for f in files}) == list(range(1, 20))
    assert {f.content_type for f in files} == {"application/pdf"}
    assert all(f.description.startswith(ILLUSTRATIVE_PREFIX) for f in files)

    # Mai Phụ: kiểu mẫu, recognised directly by QĐ 1763/QĐ-UBND (the case's number).
    mai_phu = Dossier.objects.get(commune__code="demo-maiphu")
    assert (mai_phu.level, mai_phu.status) == ("model", "recognised")
    assert [t.action for t in _history(mai_phu)] == ["submit", "verify", "appraise", "recognise"]
    assert Recognition.objects.get(dossier=mai_phu).decision_number == "1763/QĐ-UBND"
    held = Recognition.objects.get(commune=mai_phu.commune, level="advanced")
    assert (held.year, held.dossier) == (2021, None)
    # Met indicators KM3 and KM4 each have their own file, criterion 2 one on KM2.
    assert sorted(
        EvidenceFile.objects.filter(review=mai_phu.review).values_list("criterion", "indicator")
    ) == [(2, "KM2"), (3, "KM3"), (4, "KM4")]

    # Every reading is either from a review file, or illustrative and labelled.
    real = (
        _file_sources(REPO / "examples/phuc-chu-2024/review.yaml")
        | _file_sources(REPO / "examples/cases/04-tuyenquang-chiemhoa-tham-tra-2024-ngoc-hoi.yaml")
        | _file_sources(DEMO_DIR / "mai-phu-2024-review.yaml")
        | _file_sources(DEMO_DIR / "phu-dinh-2025-review.yaml")
    )
    unlabelled = [
        r.source
        for r in Reading.objects.all()
        if not r.source.startswith(ILLUSTRATIVE_PREFIX) and r.source not in real
    ]
    assert unlabelled == []
    # Every reading the chain files mark illustrative is stored with the prefix.
    for name in ("phuc-chu-2024.yaml", "ngoc-hoi-2024.yaml", "phu-dinh-2025.yaml"):
        data = chain_load(DEMO_DIR / name)
        steps = [s for s in data["steps"] if s["action"] == "correct"]
        specs = data["readings"] + [r for s in steps for r in s["readings"]]
        assert specs and all(spec["source"].startswith("Minh họa") for spec in specs)
    assert (
        Reading.objects.filter(source__startswith="Minh họa (demo):").count()
        == 11 + 19 + 2 + 2 + 19 + 11
    )
    # 11 at Phúc Chu, 19 + 2 corrections at Ngọc Hội, KM2-criterion 2 and KM3 at Mai Phụ,
    # 19 at Phú Đình; and Phúc Chu's 11 again in its 2025 review, carried forward from 2024
    # (its 19 readings), which the revocation watch of the 2024 recognition now follows.
    next_year = Review.objects.get(commune=phuc_chu.commune, year=2025)
    assert next_year.readings.filter(current=True).count() == 19
    assert {"level": "advanced", "year": 2024} in next_year.recognitions
    watch = RevocationWatch.objects.get(recognition__dossier=phuc_chu)
    assert (watch.review_id, watch.outcome, watch.margin) == (next_year.pk, "kept", 5)
    assert "bắt đầu rà soát năm 2025" in out.getvalue()

    # The pages of each demo dossier open for its commune's officer (fake codes included).
    for username, dossier in (
        ("phucchu.ntm", phuc_chu),
        ("maiphu.ntm", mai_phu),
        ("ngochoi.ntm", Dossier.objects.get(commune__code="demo-ngochoi")),
        ("phudinh.ntm", Dossier.objects.get(commune__code="05602")),
    ):
        url = reverse("recognition:dossier", args=[dossier.commune.url_key, dossier.pk])
        page = client_for(User.objects.get(username=username)).get(url)
        assert page.status_code == 200, url
        assert dossier.decision_number in page.content.decode()  # "" while waiting

    before = _counts()
    again = io.StringIO()
    call_command("ntm_demo_recognition", "--demo", stdout=again)
    assert _counts() == before
    assert again.getvalue().count("không làm lại") == 4
    assert "Xã Phú Đình (05602): hồ sơ xã đạt chuẩn NTM năm 2025 đã có (đã nộp)" in again.getvalue()


@pytest.mark.django_db
def test_phu_dinh_waits_on_the_province_desk_for_the_coordinator() -> None:
    call_command("ntm_demo", "--demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("ntm_demo_recognition", "--demo", stdout=out)
    printed = out.getvalue()
    assert "Xã Phú Đình (05602), xã đạt chuẩn NTM năm 2025:" in printed
    assert "dừng ở trạng thái “đã nộp” (quy trình qd-18-2022-province)" in printed
    assert printed.rstrip().endswith("phudinh.ntm")  # the new officer among the logins

    dossier = Dossier.objects.get(commune__code="05602", year=2025)
    # The new xã Phú Đình (from 1/7/2025), not the former commune with the same code.
    assert (dossier.commune.valid_from, dossier.commune.valid_to) == (
        datetime.date(2025, 7, 1),
        None,
    )
    assert (dossier.level, dossier.status) == ("basic", "submitted")
    assert dossier.workflow == "qd-18-2022-province"
    assert dossier.units == {"commune": "05602", "province": "19"}  # no district
    assert dossier.review.criteria_set == "xa-ntm-2021-2025+thai-nguyen-qd-2194-2022"
    assert _local_day(dossier.submitted_at) == datetime.date(2025, 11, 14)
    history = _history(dossier)
    assert [(t.action, t.role, t.unit, t.actor.username) for t in history] == [
        ("submit", "commune_officer", "05602", "phudinh.ntm"),
    ]
    assert (
        dossier.decision_number == ""
        and not Recognition.objects.filter(commune=dossier.commune).exists()
    )
    # The 19 criteria met on the commune's illustrative verdicts, one PDF each.
    result = review_evaluate(dossier.review)
    assert [c.outcome for c in result.criteria] == [Outcome.MET] * 19
    files = EvidenceFile.objects.filter(review=dossier.review)
    assert sorted(f.criterion for f in files) == list(range(1, 20))
    # The three illustrative xóm, entered by the officer, and the survey on them:
    # asked 3 × 45 = 135; answered 44 + 45 + 43 = 132; satisfied 41 + 42 + 40 = 123;
    # 123/132 = 93.18% ≥ 90% (basic).
    assert [h.full_name for h in hamlet_list(dossier.commune)] == [
        "Xóm Minh họa 1",
        "Xóm Minh họa 2",
        "Xóm Minh họa 3",
    ]
    survey = dossier.survey
    assert (survey.asked, survey.answered, survey.satisfied) == (135, 132, 123)
    assert sorted(survey.counts) == ["05602-01", "05602-02", "05602-03"]
    # Published 20/10 to 3/11/2025: 12 days of October (20…31) + 3 of November = 15.
    facts = dossier.facts
    start = datetime.date.fromisoformat(facts["publication_from"])
    end = datetime.date.fromisoformat(facts["publication_to"])
    assert (end - start).days + 1 == 15
    assert "submission_number" in facts["illustrative"] and facts["sources"] == {}

    # The province's desk: the dossier waits for the coordinator's verification.
    province = Unit.objects.get(kind="province", code="19", valid_to__isnull=True)
    coordinator = User.objects.get(username="thainguyen.dieuphoi")
    appraiser = User.objects.get(username="thainguyen.thamdinh")
    now = datetime.datetime(
        2025, 11, 24, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
    )
    desk = province_desk(province, user=coordinator, now=now)
    assert [row.dossier.pk for row in desk.waiting] == [dossier.pk]  # the other three decided
    row = desk.waiting[0]
    assert (row.step.id, row.step.role) == ("verify", "province_coordinator")
    assert (row.actionable, row.days, row.overdue) == (True, 10, False)  # 24 − 14 = 10 days
    assert desk.returned == [] and desk.errors == []
    assert [r.actionable for r in province_desk(province, user=appraiser, now=now).waiting] == [
        False
    ]
    page = client_for(coordinator).get(reverse("recognition_desk:desk", args=["19"]))
    assert page.status_code == 200
    assert re.search(
        rf'<tr id="waiting-table-{dossier.pk}"[^>]*data-step="verify"[^>]*data-actionable',
        page.content.decode(),
    )

    # The rest of the chain, as the demo's users walk it by hand.
    dossier = dossier_act(actor=coordinator, dossier=dossier, action="verify")
    waiting = province_desk(province, user=appraiser).waiting
    assert [(r.step.id, r.actionable) for r in waiting] == [("appraise", True)]
    dossier = dossier_act(actor=appraiser, dossier=dossier, action="appraise")
    dossier = dossier_act(
        actor=coordinator,
        dossier=dossier,
        action="recognise",
        decision=Decision("99/QĐ-UBND (thử)", timezone.localdate()),
    )
    assert dossier.status == "recognised"
    assert province_desk(province, user=coordinator).waiting == []


@pytest.mark.django_db
def test_the_returned_commune_unlocks_only_the_criteria_returned() -> None:
    seen: dict[str, object] = {}

    def observe(action: str, dossier: Dossier) -> None:
        if action != "return":
            return
        review = Review.objects.get(pk=dossier.review_id)
        seen["unlocked"] = list(review.unlocked_criteria)
        officer = User.objects.get(username="ngochoi.ntm")
        # Criterion 5 was not returned: its reading and its evidence stay locked.
        current = Reading.objects.get(review=review, criterion=5, current=True)
        with pytest.raises(ReadingRefused):
            reading_record(
                actor=officer,
                review=review,
                criterion=5,
                indicator="",
                cells={"verdict": "Chưa đạt", "source": "thử"},
                base_id=current.pk,
            )
        with pytest.raises(EvidenceRefused):
            evidence_upload(
                actor=officer,
                review=review,
                criterion=5,
                indicator=Catalog.shipped()
                .criteria_set(review.criteria_set)
                .criterion(5)
                .indicators[0]
                .code,
                uploaded_file=SimpleUploadedFile("x.pdf", demo_pdf(["x"])),
                description="",
            )
        seen["refused"] = True

    outcome = chain_build(DEMO_DIR / "ngoc-hoi-2024.yaml", observer=observe)
    assert outcome.built
    assert seen == {"unlocked": [10, 13], "refused": True}
    dossier = outcome.dossier
    assert dossier.status == "recognised"
    assert (dossier.level, dossier.workflow) == ("basic", "qd-18-2022-district")
    history = _history(dossier)
    assert [t.action for t in history] == [
        "submit",
        "return",
        "resubmit",
        "verify",
        "appraise",
        "recognise",
    ]
    returned = history[1]
    assert (returned.role, returned.unit) == ("district_verifier", "demo-chiemhoa")
    assert _local_day(returned.at) == datetime.date(2024, 7, 2)  # the case's meeting
    assert list(returned.reasons) == ["10", "13"]
    assert all("17/19" in reason for reason in returned.reasons.values())
    # From the stored transitions: during the return exactly 10 and 13 were unlocked,
    # nothing before it nor after the resubmission.
    assert dossier_state(dossier, history[:1]).unlocked_criteria == frozenset()
    assert dossier_state(dossier, history[:2]).unlocked_criteria == {"10", "13"}
    assert dossier_state(dossier, history[:3]).unlocked_criteria == frozenset()
    # The corrections superseded the self-assessment of exactly those two criteria.
    superseded = Reading.objects.filter(review=dossier.review, current=False)
    assert sorted(superseded.values_list("criterion", flat=True)) == [10, 13]
    assert sorted(
        EvidenceFile.objects.filter(
            review=dossier.review, original_name__contains="bo-sung"
        ).values_list("criterion", flat=True)
    ) == [10, 13]
    recognition = Recognition.objects.get(dossier=dossier)
    assert (recognition.level, recognition.decision_number) == ("basic", "02/QĐ-UBND (minh họa)")
    assert Review.objects.get(pk=dossier.review_id).unlocked_criteria == []


def test_a_fact_without_source_or_label_is_refused(tmp_path: Path) -> None:
    text = (DEMO_DIR / "mai-phu-2024.yaml").read_text("utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace(
            'submission_number: {value: "21", illustrative: true}',
            'submission_number: {value: "21"}',
        ),
        "utf-8",
    )
    with pytest.raises(DemoDataError, match="facts.submission_number"):
        chain_load(bad)


def test_a_chain_ends_in_a_dossier_status(tmp_path: Path) -> None:
    text = (DEMO_DIR / "phu-dinh-2025.yaml").read_text("utf-8")
    assert chain_load(DEMO_DIR / "phu-dinh-2025.yaml")["ends"] == "submitted"
    assert chain_load(DEMO_DIR / "mai-phu-2024.yaml")["ends"] == "recognised"  # the default
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("ends: submitted", "ends: waiting"), "utf-8")
    with pytest.raises(DemoDataError, match="ends 'waiting'"):
        chain_load(bad)
    bad.write_text(
        text.replace("name: Minh họa 1, illustrative: true", "name: Minh họa 1"), "utf-8"
    )
    with pytest.raises(DemoDataError, match=r"hamlets\[0\]"):
        chain_load(bad)


def test_an_illustrative_reading_must_say_so(tmp_path: Path) -> None:
    text = (DEMO_DIR / "ngoc-hoi-2024.yaml").read_text("utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace('source: "Minh họa (demo): xã tự', 'source: "xã tự', 1), "utf-8")
    with pytest.raises(DemoDataError, match=r"readings\[0\]"):
        chain_load(bad)


def test_the_demo_pdf_is_a_pdf() -> None:
    data = demo_pdf(["Xã Phúc Chu", "Tiêu chí 9 (Nhà ở dân cư)"])
    assert detect_file_type(io.BytesIO(data)).content_type == "application/pdf"
    assert b"(Xa Phuc Chu) Tj" in data and b"(Tieu chi 9 \\(Nha o dan cu\\)) Tj" in data
    assert data.endswith(b"%%EOF\n")
