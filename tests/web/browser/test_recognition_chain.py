"""Issue 6's chain in a real browser, with three users: the commune's officer completes and
submits the recognition dossier; the province's coordinator finds it on the province's
desk and returns it for criterion 17; the officer resubmits; the coordinator verifies; the
province's appraiser appraises; the coordinator records the chairman's decision; the
officer publishes the public page, which an anonymous visitor reads."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from ntm.recognition.models import Dossier, Recognition
from ntm.reviews.models import Review
from ntm.territories.models import Unit
from tests.web.browser.conftest import NEEDS_CHROMIUM, log_in, shot
from tests.web.recognition.conftest import FACTS, evidence_everywhere, verdicts

pytestmark = [NEEDS_CHROMIUM]


def _open_dossier_from_the_desk(
    page: object, live_server: object, dossier: Dossier, screenshot: str = ""
) -> None:
    page.goto(f"{live_server.url}/tinh/19/")  # type: ignore[attr-defined]
    page.click("#desk-link")  # type: ignore[attr-defined]
    row = f"#waiting-table-{dossier.pk}"
    assert page.get_attribute(row, "data-actionable") == "1"  # type: ignore[attr-defined]
    if screenshot:
        shot(page, screenshot)
    page.click(f"{row} a")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_the_whole_recognition_chain_with_three_users(
    browser: object,
    live_server: object,
    officer: User,
    coordinator: User,
    appraiser: User,
    phuc_chu_review: Review,
    hamlets: list[Unit],
) -> None:
    # The year's work, done before: every criterion met (the commune's verdicts), a PDF
    # of evidence on each.
    verdicts(officer, phuc_chu_review, "Đạt")
    evidence_everywhere(officer, phuc_chu_review)

    commune_officer = log_in(browser, live_server, "phucchu.ntm")
    commune_officer.click("#recognition-link")  # type: ignore[attr-defined]
    commune_officer.click("#open-dossier button[type=submit]")  # type: ignore[attr-defined]
    commune_officer.wait_for_load_state()  # type: ignore[attr-defined]
    dossier = Dossier.objects.get()
    # The survey from the paper forms: 66 of 68 answers satisfied (97.06% ≥ 95%).
    for code, values in (("05560-01", ("40", "38", "37")), ("05560-02", ("30", "30", "29"))):
        for key, value in zip(("asked", "answered", "satisfied"), values, strict=True):
            commune_officer.fill(f"input[name={key}-{code}]", value)  # type: ignore[attr-defined]
    commune_officer.click("#survey-form button[type=submit]")  # type: ignore[attr-defined]
    assert "97,06%" in commune_officer.inner_text("#survey-result")  # type: ignore[attr-defined]
    # The facts of the documents.
    for key in ("submission_number", "publication_places", "meeting_place", "meeting_chair"):
        commune_officer.fill(f"#id_{key}", FACTS[key])  # type: ignore[attr-defined]
    for key in (
        "submission_date",
        "publication_from",
        "publication_to",
        "meeting_date",
        "debt_as_of",
    ):
        commune_officer.fill(f"#id_{key}", FACTS[key])  # type: ignore[attr-defined]
    for key in ("meeting_invited", "meeting_attended", "meeting_votes_total", "meeting_agreed"):
        commune_officer.fill(f"#id_{key}", str(FACTS[key]))  # type: ignore[attr-defined]
    commune_officer.check("#id_debt_declared")  # type: ignore[attr-defined]
    commune_officer.click("#facts-form button[type=submit]")  # type: ignore[attr-defined]
    commune_officer.wait_for_load_state()  # type: ignore[attr-defined]
    assert commune_officer.query_selector("#missing") is None  # type: ignore[attr-defined]
    shot(commune_officer, "ho-so-cong-nhan.png")
    commune_officer.click("#form-submit button")  # type: ignore[attr-defined]
    commune_officer.wait_for_load_state()  # type: ignore[attr-defined]
    dossier.refresh_from_db()
    assert dossier.status == "submitted"

    # The coordinator finds it on the province's desk and returns it for criterion 17.
    province_coordinator = log_in(browser, live_server, "thainguyen.dieuphoi")
    _open_dossier_from_the_desk(province_coordinator, live_server, dossier, "ho-so-tinh.png")
    province_coordinator.click("#return-details summary")  # type: ignore[attr-defined]
    province_coordinator.fill("input[name=reason-17]", "Thiếu biên bản kiểm tra môi trường")  # type: ignore[attr-defined]
    province_coordinator.click("#form-return button[type=submit]")  # type: ignore[attr-defined]
    province_coordinator.wait_for_load_state()  # type: ignore[attr-defined]
    dossier.refresh_from_db()
    phuc_chu_review.refresh_from_db()
    assert (dossier.status, phuc_chu_review.unlocked_criteria) == ("returned", [17])

    # The officer sees exactly criterion 17 unlocked, and resubmits.
    commune_officer.reload()  # type: ignore[attr-defined]
    assert commune_officer.inner_text("#unlocked-criteria").split() == ["17"]  # type: ignore[attr-defined]
    commune_officer.click("#form-resubmit button")  # type: ignore[attr-defined]
    commune_officer.wait_for_load_state()  # type: ignore[attr-defined]

    _open_dossier_from_the_desk(province_coordinator, live_server, dossier)
    province_coordinator.click("#form-verify button")  # type: ignore[attr-defined]
    province_coordinator.wait_for_load_state()  # type: ignore[attr-defined]

    province_appraiser = log_in(browser, live_server, "thainguyen.thamdinh")
    _open_dossier_from_the_desk(province_appraiser, live_server, dossier)
    # The appraiser may not record the decision: only the appraisal is offered.
    assert province_appraiser.query_selector("#form-recognise") is None  # type: ignore[attr-defined]
    province_appraiser.click("#form-appraise button")  # type: ignore[attr-defined]
    province_appraiser.wait_for_load_state()  # type: ignore[attr-defined]

    _open_dossier_from_the_desk(province_coordinator, live_server, dossier)
    today = datetime.date.today().isoformat()
    province_coordinator.fill("#form-recognise input[name=decision_number]", "1763/QĐ-UBND")  # type: ignore[attr-defined]
    province_coordinator.fill("#form-recognise input[name=decision_date]", today)  # type: ignore[attr-defined]
    province_coordinator.click("#form-recognise button")  # type: ignore[attr-defined]
    province_coordinator.wait_for_load_state()  # type: ignore[attr-defined]
    assert "1763/QĐ-UBND" in province_coordinator.inner_text("#decision")  # type: ignore[attr-defined]
    recognition = Recognition.objects.get()
    assert (recognition.level, recognition.year, recognition.decision_number) == (
        "advanced",
        2024,
        "1763/QĐ-UBND",
    )
    shot(province_coordinator, "ho-so-da-cong-nhan.png")

    # The officer publishes the public page; an anonymous visitor reads the decision.
    commune_officer.goto(f"{live_server.url}/xa/{dossier.commune.url_key}/cong-nhan/")  # type: ignore[attr-defined]
    assert "1763/QĐ-UBND" in commune_officer.inner_text("#recognitions")  # type: ignore[attr-defined]
    commune_officer.click("#publication button[type=submit]")  # type: ignore[attr-defined]
    commune_officer.wait_for_load_state()  # type: ignore[attr-defined]
    visitor = browser.new_page()  # type: ignore[attr-defined]
    visitor.goto(f"{live_server.url}/cong-khai/{dossier.commune.url_key}/")
    assert "1763/QĐ-UBND" in visitor.inner_text("body")
    visitor.close()
