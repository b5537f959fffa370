"""The commune's public page (/cong-khai/<url key>/): without login once the commune publishes
it, 404 otherwise; the status per criterion, the plan's targets and the recognition
decisions; never a household, a person, a user, an evidence file or a hamlet's data."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from ntm.evidence.models import EvidenceFile
from ntm.households.services import register_write
from ntm.plans.models import Plan
from ntm.recognition.public import public_page
from ntm.recognition.services import public_page_set, recognition_record
from ntm.reviews.models import Review
from ntm.reviews.services import review_submit
from ntm.territories.models import Unit
from tests.web.conftest import client_for
from tests.web.households.conftest import hand_register
from tests.web.territories.conftest import PHUC_CHU_MET

pytestmark = pytest.mark.django_db

#: Phúc Chu's URL key: the commune ended on 1/7/2025 (the merger).
URL = "/cong-khai/05560~20250701/"


@pytest.fixture
def published(
    officer: User, coordinator: User, phuc_chu: Unit, phuc_chu_plan: Plan, phuc_chu_review: Review
) -> Unit:
    """Phúc Chu published, with its 2024 review (submitted) and plan, its xã NTM
    recognition of 2018 and an evidence file."""
    recognition_record(
        actor=coordinator,
        commune=phuc_chu,
        level="basic",
        year=2018,
        criteria_set="xa-ntm-2021-2025",
        decision_number="3370/QĐ-UBND",
        decision_date=datetime.date(2018, 12, 28),
        source="shared/cases/12",
    )
    EvidenceFile.objects.create(
        review=phuc_chu_review,
        criterion=9,
        indicator="9.1",
        file="evidence/test.pdf",
        original_name="bien-ban-nha-o-phuc-chu.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=officer,
    )
    public_page_set(actor=officer, commune=phuc_chu, published=True)
    # What is public is the review submitted to the level above, not a draft.
    review_submit(actor=officer, review=phuc_chu_review)
    return phuc_chu


def _outcomes(page: str) -> dict[int, str]:
    return {
        int(number): outcome
        for number, outcome in re.findall(
            r'<tr data-criterion="(\d+)">\s*<td>\d+</td><td class="name">[^<]*</td>\s*'
            r'<td class="status-\w+" data-outcome="(\w+)">',
            page,
        )
    }


def test_anyone_reads_the_published_page(published: Unit, client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xã Phúc Chu" in page and "Tỉnh Thái Nguyên" in page
    # The 2024 review: the commune's verdicts, 8 of the 19 nâng cao criteria met.
    outcomes = _outcomes(page)
    assert sorted(outcomes) == list(range(1, 20))
    assert {n for n, outcome in outcomes.items() if outcome == "met"} == PHUC_CHU_MET
    assert {n for n, outcome in outcomes.items() if outcome == "not_met"} == (
        set(range(1, 20)) - PHUC_CHU_MET
    )
    assert 'id="met-count">8/19<' in page
    # Vietnamese first: the outcomes' words.
    assert "Chưa đạt" in page and 'lang="vi"' in page
    # The plan's targets, each with the deadline of the task that leads it.
    plan = page[page.index('id="targets-table"') :]
    plan = plan[: plan.index("</table>")]
    assert re.findall(r'<tr data-criterion="(\d+)">', plan) == ["9", "12", "17"]
    assert plan.count("tháng 12 năm 2024") == 3
    assert "Nhà ở dân cư" in plan and "Lao động" in plan
    # The recognition decision.
    recognitions = page[page.index('id="recognitions"') : page.index('id="criteria"')]
    assert "3370/QĐ-UBND" in recognitions and "28/12/2018" in recognitions
    assert 'data-level="basic" data-year="2018"' in recognitions


def test_the_page_shows_no_personal_data(
    published: Unit,
    officer: User,
    coordinator: User,
    hamlets: list[Unit],
    client: Client,
) -> None:
    written = register_write(
        actor=officer, commune=published, register=hand_register(), file_name="so-ho.xlsx"
    )
    assert written is not None
    page = client.get(URL).content.decode()
    main = page[page.index("<main>") :]
    # The register's households (H1-H6, heads "Nguyễn Văn H1"…), its hamlets, its file and
    # source; the readings' sources; the users; the evidence file; the plan's signer.
    for secret in (
        "Nguyễn Văn",
        "Bản Pấu",
        "Nà Mò",
        "05560-01",
        "so-ho.xlsx",
        "danh sách rà soát hộ",
        "Kế hoạch 2024, mục II.2",
        officer.username,
        coordinator.username,
        "bien-ban-nha-o-phuc-chu.pdf",
        "evidence/",
        "Lộc Văn Dương",
        "shared/cases/12",
    ):
        assert secret not in page, secret
    assert not re.search(r"\bH[1-6]\b", main)
    # Still the commune's page, with the register's readings counted in its outcomes.
    assert len(_outcomes(page)) == 19


def test_an_unpublished_commune_is_not_revealed(
    phuc_chu: Unit, phuc_chu_review: Review, officer: User, bao_linh: Unit, client: Client
) -> None:
    assert client.get(URL).status_code == 404  # never published
    public_page_set(actor=officer, commune=phuc_chu, published=True)
    assert client.get(URL).status_code == 200
    public_page_set(actor=officer, commune=phuc_chu, published=False)  # withdrawn
    response = client.get(URL)
    assert response.status_code == 404 and "Phúc Chu" not in response.content.decode()
    # Not 403 for a signed-in user either, even the commune's own officer.
    assert client_for(officer).get(URL).status_code == 404
    assert client.get("/cong-khai/99999/").status_code == 404
    assert client.get("/cong-khai/05554~20250701/").status_code == 404  # Bảo Linh: no publication
    assert public_page("05560") is None


def test_a_published_commune_without_data_says_so(
    bao_linh: Unit, make_user: Any, client: Client
) -> None:
    officer = make_user("baolinh.ntm", "commune_officer", bao_linh)
    public_page_set(actor=officer, commune=bao_linh, published=True)
    page = client.get("/cong-khai/05554~20250701/").content.decode()
    assert 'id="criteria-table"' not in page and 'id="targets-table"' not in page
    assert "<table" not in page[page.index("<main>") :]


def test_the_language_switch_works_without_login(published: Unit, client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    page = client.get(URL).content.decode()
    assert 'lang="en"' in page and "Not met" in page and "Chưa đạt" not in page
    assert client.post(URL).status_code == 405  # read only


def test_the_bare_code_names_the_same_commune(published: Unit) -> None:
    # "05560" without its end date: the most recent commune with that code.
    page = public_page("05560")
    assert page is not None
    assert (page.commune.full_name, page.commune.district, page.review_year) == (
        "Xã Phúc Chu",
        "Huyện Định Hóa",
        2024,
    )
    assert [(t.number, t.deadline.spelled() if t.deadline else "") for t in page.targets] == [
        (9, "tháng 12 năm 2024"),
        (12, "tháng 12 năm 2024"),
        (17, "tháng 12 năm 2024"),
    ]
    assert [(r.level, r.year, r.decision_number) for r in page.recognitions] == [
        ("basic", 2018, "3370/QĐ-UBND")
    ]


def test_a_review_that_cannot_be_evaluated_shows_no_status(
    phuc_chu: Unit, officer: User, client: Client
) -> None:
    Review.objects.create(
        commune=phuc_chu, year=2025, criteria_set="bo-tieu-chi-khong-co", status="submitted"
    )
    public_page_set(actor=officer, commune=phuc_chu, published=True)
    page = public_page("05560")
    assert page is not None
    assert (page.review_year, page.criteria_set, page.criteria, page.met_count) == (
        2025,
        "",
        (),
        None,
    )
    assert client.get(URL).status_code == 200


def test_a_draft_review_is_not_public(
    published: Unit, officer: User, phuc_chu_review: Review, client: Client
) -> None:
    """The officer starts 2025's review (a draft, changing as they type): the page keeps
    showing the submitted 2024 review, with the commune's own verdicts marked as such."""
    from ntm.reviews.services import review_carry_forward

    review_carry_forward(actor=officer, review=phuc_chu_review, year=2025)
    page = public_page("05560")
    assert page is not None and page.review_year == 2024
    # The seed gives verdicts only: every outcome is the commune's own assessment.
    assert all(criterion.stated for criterion in page.criteria)
    assert page.illustrative == 0
    assert "(theo xã tự đánh giá)" in client.get(URL).content.decode()
