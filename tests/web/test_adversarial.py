"""Trying to break the web workspace: users outside their scope, ids of another commune in
the URLs, bad input on every form, forged requests, two officers saving at once, and what
the error pages show.

Each test states the behaviour required. Every refusal must leave everything stored as it
was: readings, reviews, tasks and their notes, evidence rows and files on disk, hamlets and
audit events (see :func:`state`).
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings

from ntm.audit.models import AuditEvent
from ntm.core import Catalog
from ntm.evidence.models import EvidenceFile
from ntm.plans.models import Plan, Task, TaskNote
from ntm.plans.services import plan_import
from ntm.reviews.mappers import reading_to_core
from ntm.reviews.models import Reading, Review, ReviewStatus
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Role
from tests.web.conftest import ENDED, EXAMPLE, client_for
from tests.web.evidence.files import EXE, TEXT, docx_bytes, pdf_bytes, zip_bytes
from tests.web.territories.conftest import review_copy

CODE = "05560"
DASHBOARD = f"/xa/{CODE}/"
CRITERION = f"/xa/{CODE}/2024/tieu-chi/{{number}}/"
SAVE = f"/xa/{CODE}/2024/tieu-chi/{{number}}/ghi/"
SUBMIT = f"/xa/{CODE}/2024/nop/"
REOPEN = f"/xa/{CODE}/2024/mo-lai/"
UPLOAD = f"/xa/{CODE}/2024/tieu-chi/{{number}}/minh-chung/tai-len/"
PANEL = f"/xa/{CODE}/2024/tieu-chi/{{number}}/minh-chung/"
DOSSIER = f"/xa/{CODE}/2024/minh-chung/"
PLAN = f"/xa/{CODE}/2024/ke-hoach/"
TASK = f"/xa/{CODE}/{{year}}/ke-hoach/viec/{{task}}/"
HAMLETS = f"/xa/{CODE}/xom/"
AUDIT = f"/nhat-ky/{CODE}/"
PROVINCE = "/tinh/19/"
PROVINCE_XLSX = "/tinh/19/xuat.xlsx"

LABOUR = "cong-chuc-van-hoa-xa-hoi"  # leads criterion 12 in the Phúc Chu plan
HOUSING = "cong-chuc-dia-chinh-xay-dung"  # leads criterion 9
NOTE = "Đã rà soát 412 lao động trong độ tuổi, 38 người cần đào tạo nghề."

#: What a refused or failed response must not show: Phúc Chu's name, code, its criteria,
#: its people, and any trace of the code.
SECRETS = ("Phúc Chu", CODE, "Nhà ở dân cư", "Lộc Văn Dương", "Traceback", 'File "/')


# --- fixtures and helpers ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    """Each test stores evidence files in its own folder, so the files on disk are counted."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def state(media_root: Path) -> dict[str, Any]:
    """Everything a refused request must leave as it was."""
    return {
        "readings": list(
            Reading.objects.order_by("id").values_list(
                "id", "current", "value", "numerator", "denominator", "verdict", "source"
            )
        ),
        "reviews": list(Review.objects.order_by("id").values_list("id", "status")),
        "tasks": list(Task.objects.order_by("id").values_list("id", "status")),
        "notes": TaskNote.objects.count(),
        "evidence": EvidenceFile.objects.count(),
        "units": list(Unit.objects.order_by("id").values_list("id", "code", "name")),
        "audit": AuditEvent.objects.count(),
        "files": sorted(str(p) for p in media_root.rglob("*") if p.is_file()),
    }


def english(user: User, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def raw(response: Any) -> bytes:
    """The response's bytes, streamed (a download) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def body(response: Any) -> str:
    return raw(response).decode("utf-8", "replace")


def assert_no_secrets(response: Any) -> None:
    text = body(response)
    for secret in SECRETS:
        assert secret not in text, secret


def heading(response: Any) -> str:
    match = re.search(r"<h1>(.*?)</h1>", body(response), re.S)
    return "" if match is None else match.group(1)


def reading_error(response: Any) -> str:
    match = re.search(r'id="reading-error">([^<]*)<', body(response))
    return "" if match is None else match.group(1)


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def current(review: Review, indicator: str, criterion: int | None = None) -> Reading | None:
    readings = Reading.objects.filter(review=review, indicator=indicator, current=True)
    if criterion is not None:
        readings = readings.filter(criterion=criterion)
    return readings.first()


@pytest.fixture
def hamlet(phuc_chu: Unit) -> Unit:
    return Unit.objects.create(
        kind=UnitKind.HAMLET,
        code=f"{CODE}-01",
        name="Làng Quyên",
        type_name="Xóm",
        parent=phuc_chu,
        province=phuc_chu.province,
    )


@pytest.fixture
def people(
    officer: User,
    make_user: Callable[..., User],
    phuc_chu: Unit,
    province: Unit,
    hamlet: Unit,
) -> dict[str, User]:
    """A user of every role over Phúc Chu."""
    return {
        "officer": officer,
        "official for criterion 12": make_user(
            "phucchu.vhxh", Role.COMMUNE_OFFICIAL, phuc_chu, position=LABOUR, criteria=[12]
        ),
        "viewer": make_user("phucchu.xem", Role.VIEWER, phuc_chu),
        "hamlet head": make_user("phucchu.langquyen", Role.HAMLET_HEAD, hamlet),
        "coordinator": make_user("thainguyen.dieuphoi", Role.PROVINCE_COORDINATOR, province),
        "province viewer": make_user("thainguyen.xem", Role.VIEWER, province),
    }


@pytest.fixture
def bao_linh_data(make_user: Callable[..., User], bao_linh: Unit) -> dict[str, Any]:
    """Bảo Linh (same province): its officer, its 2024 review, plan, a task, an evidence
    file and a reading."""
    officer = make_user("baolinh.ntm", Role.COMMUNE_OFFICER, bao_linh)
    review = review_copy(officer, bao_linh)
    plan = plan_import(actor=officer, review=review, path=str(EXAMPLE / "plan.yaml"))
    evidence = EvidenceFile.objects.create(
        review=review,
        criterion=9,
        indicator="9.1",
        file="evidence/bao-linh.pdf",
        original_name="bien-ban-bao-linh.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=officer,
    )
    return {
        "officer": officer,
        "review": review,
        "plan": plan,
        "task": Task.objects.get(plan=plan, position=HOUSING),
        "evidence": evidence,
        "reading": Reading.objects.filter(review=review, current=True).first(),
    }


def _write(action: str, review: Review, plan: Plan | None) -> tuple[str, dict[str, Any]]:
    """A valid request of each write: the URL and the POST data."""
    verdict = current(review, "", 9)
    if action == "reading 9.1":
        return SAVE.format(number=9), {"indicator": "9.1", "value": "90", "base": ""}
    if action == "verdict 9":
        return SAVE.format(number=9), {
            "indicator": "",
            "verdict": "Đạt",
            "base": str(verdict.pk if verdict else ""),
        }
    if action == "upload 9.1":
        return UPLOAD.format(number=9), {"indicator": "9.1", "file": pdf()}
    if action == "submit":
        return SUBMIT, {}
    if action == "reopen":
        return REOPEN, {}
    if action == "housing task":
        assert plan is not None
        task = Task.objects.get(plan=plan, position=HOUSING)
        return TASK.format(year=2024, task=task.pk), {"status": "doing", "note": NOTE}
    if action == "hamlet":
        return HAMLETS, {"code": f"{CODE}-09", "name": "Nà Mỵ", "type_name": "Xóm"}
    raise AssertionError(action)


WRITES = ("reading 9.1", "verdict 9", "upload 9.1", "submit", "housing task", "hamlet")


# --- scope -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "action"),
    [
        *(
            (role, action)
            for action in WRITES
            for role in (
                "official for criterion 12",
                "viewer",
                "hamlet head",
                "coordinator",
                "province viewer",
            )
        ),
        *(
            (role, "reopen")
            for role in (
                "officer",
                "official for criterion 12",
                "viewer",
                "hamlet head",
                "province viewer",
            )
        ),
    ],
)
def test_a_role_without_the_right_is_refused_and_nothing_changes(
    people: dict[str, User],
    phuc_chu_plan: Plan,
    phuc_chu_review: Review,
    media_root: Path,
    role: str,
    action: str,
) -> None:
    if action == "reopen":
        Review.objects.filter(pk=phuc_chu_review.pk).update(status=ReviewStatus.SUBMITTED)
    url, data = _write(action, phuc_chu_review, phuc_chu_plan)
    before = state(media_root)
    response = client_for(people[role]).post(url, data)
    assert response.status_code == 403, (role, action, response.status_code)
    assert state(media_root) == before


@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        ("officer", "reading 9.1", 200),
        ("officer", "verdict 9", 200),
        ("officer", "upload 9.1", 302),
        ("officer", "submit", 302),
        ("officer", "housing task", 302),
        ("officer", "hamlet", 302),
        ("coordinator", "reopen", 302),
    ],
)
def test_the_role_with_the_right_gets_through(
    people: dict[str, User],
    phuc_chu_plan: Plan,
    phuc_chu_review: Review,
    media_root: Path,
    role: str,
    action: str,
    status: int,
) -> None:
    """The refusals above are meaningful: the same requests change something for the
    right role."""
    if action == "reopen":
        Review.objects.filter(pk=phuc_chu_review.pk).update(status=ReviewStatus.SUBMITTED)
    url, data = _write(action, phuc_chu_review, phuc_chu_plan)
    before = state(media_root)
    response = client_for(people[role]).post(url, data)
    assert response.status_code == status, reading_error(response)
    after = state(media_root)
    assert after != before
    assert after["audit"] == before["audit"] + 1


@pytest.mark.parametrize(
    "role", ["official for criterion 12", "viewer", "hamlet head", "province viewer"]
)
def test_read_only_roles_get_no_entry_form(
    people: dict[str, User], phuc_chu_review: Review, role: str
) -> None:
    response = client_for(people[role]).get(CRITERION.format(number=9))
    assert response.status_code == 200
    text = body(response)
    assert "Nhà ở dân cư" in text
    assert 'name="base"' not in text
    assert 'type="file"' not in text


def test_anonymous_posts_go_to_the_login_and_change_nothing(
    phuc_chu_plan: Plan, phuc_chu_review: Review, media_root: Path
) -> None:
    before = state(media_root)
    for action in (*WRITES, "reopen"):
        url, data = _write(action, phuc_chu_review, phuc_chu_plan)
        response = Client().post(url, data)
        assert response.status_code == 302, action
        assert response["Location"].startswith("/dang-nhap/"), action
        assert_no_secrets(response)
    assert state(media_root) == before


def test_ids_of_another_commune_in_the_urls_are_not_found(
    officer: User,
    phuc_chu_plan: Plan,
    phuc_chu_review: Review,
    bao_linh_data: dict[str, Any],
    media_root: Path,
) -> None:
    """Phúc Chu's officer, with Bảo Linh's task, evidence file and reading ids in Phúc
    Chu's URLs; nothing of Bảo Linh shown, nothing changed."""
    client = client_for(officer)
    before = state(media_root)
    task, evidence, reading = (
        bao_linh_data["task"],
        bao_linh_data["evidence"],
        bao_linh_data["reading"],
    )
    responses = [
        client.post(TASK.format(year=2024, task=task.pk), {"status": "done", "note": NOTE}),
        client.get(f"/xa/{CODE}/2024/minh-chung/{evidence.pk}/tai-ve/"),
        client.get(f"/xa/{CODE}/2023/tieu-chi/9/"),
        client.get(f"/xa/{CODE}/2023/ke-hoach/"),
        client.post(TASK.format(year=2023, task=task.pk), {"status": "done", "note": NOTE}),
    ]
    for response in responses:
        assert response.status_code in (404, 200), response.status_code
        text = body(response)
        assert "bien-ban-bao-linh" not in text
        assert "Bảo Linh" not in text
    assert [r.status_code for r in responses] == [404, 404, 404, 200, 404]
    # A base id of Bảo Linh's reading is a stale form, not a way to reach it.
    response = client.post(
        SAVE.format(number=9), {"indicator": "", "verdict": "Đạt", "base": str(reading.pk)}
    )
    assert response.status_code == 422
    assert state(media_root) == before
    Task.objects.get(pk=task.pk, status="todo")


def test_bao_linh_cannot_reach_phuc_chu_files_through_its_own_code(
    phuc_chu_review: Review, bao_linh_data: dict[str, Any], officer: User
) -> None:
    evidence = EvidenceFile.objects.create(
        review=phuc_chu_review,
        criterion=9,
        indicator="9.1",
        file="evidence/phuc-chu.pdf",
        original_name="bien-ban-nha-o-phuc-chu.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=officer,
    )
    plan = Plan.objects.create(
        commune=phuc_chu_review.commune, year=2024, review=phuc_chu_review, data={}
    )
    task = Task.objects.create(plan=plan, position=HOUSING, label="Địa chính", criteria=[9])
    client = client_for(bao_linh_data["officer"])
    download = client.get(f"/xa/05554/2024/minh-chung/{evidence.pk}/tai-ve/")
    update = client.post(
        f"/xa/05554/2024/ke-hoach/viec/{task.pk}/", {"status": "done", "note": NOTE}
    )
    assert (download.status_code, update.status_code) == (404, 404)
    assert_no_secrets(download)
    assert not TaskNote.objects.filter(task=task).exists()


@pytest.mark.parametrize(
    "url",
    [
        f"/xa/{CODE}/99999999999999999999/tieu-chi/9/",
        f"/xa/{CODE}/2024/tieu-chi/99999999999999999999/",
        f"/xa/{CODE}/2024/minh-chung/99999999999999999999/tai-ve/",
        f"/xa/{CODE}/2024/tieu-chi/0/",
        f"/xa/{CODE}/2024/tieu-chi/20/",
        f"/xa/{CODE}/2024/tieu-chi/20/minh-chung/",
        "/xa/99999/",
        "/xa/05560-01/",
        "/tinh/99/",
    ],
)
def test_out_of_range_ids_are_not_found(
    officer: User, phuc_chu_review: Review, hamlet: Unit, url: str
) -> None:
    response = Client(raise_request_exception=False)
    response.force_login(officer)
    result = response.get(url)
    assert result.status_code in (403, 404), result.status_code
    assert_no_secrets(result)


def test_a_huge_task_id_is_not_found(officer: User, phuc_chu_plan: Plan, media_root: Path) -> None:
    before = state(media_root)
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.post(
        TASK.format(year=2024, task="99999999999999999999"), {"status": "done", "note": NOTE}
    )
    assert response.status_code == 404
    assert state(media_root) == before


def test_a_coordinator_of_one_province_cannot_open_another_province(
    people: dict[str, User], other_province: Unit, far_commune: Unit
) -> None:
    client = client_for(people["coordinator"])
    for url in ("/tinh/20/", "/tinh/20/xuat.xlsx", "/tinh/20/xuat.xlsx?year=2024"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Lạng Sơn" not in body(response)
        assert "Xã Xa" not in body(response)
    assert client.get(PROVINCE).status_code == 200


def test_a_commune_viewer_or_officer_cannot_open_the_province(
    people: dict[str, User], phuc_chu_review: Review
) -> None:
    for role in ("officer", "viewer", "official for criterion 12", "hamlet head"):
        client = client_for(people[role])
        assert client.get(PROVINCE).status_code == 403, role
        assert client.get(PROVINCE_XLSX).status_code == 403, role


# --- the 2025 merger: a code reused by a new commune -------------------------------------


@pytest.fixture
def reused_code(province: Unit, phuc_chu: Unit, make_user: Callable[..., User]) -> dict[str, Any]:
    """Thị trấn Chợ Chu (05569) ended on 1 July 2025; the new xã Định Hóa took its code.
    Chợ Chu has a 2024 review; each commune has its officer."""
    old = Unit.objects.create(
        kind=UnitKind.COMMUNE,
        code="05569",
        name="Chợ Chu",
        type_name="Thị trấn",
        parent=phuc_chu.parent,
        province=province,
        valid_to=ENDED,
    )
    new = Unit.objects.create(
        kind=UnitKind.COMMUNE,
        code="05569",
        name="Định Hóa",
        type_name="Xã",
        parent=province,
        province=province,
    )
    old.successors.add(new)
    old_officer = make_user("chochu.ntm", Role.COMMUNE_OFFICER, old)
    new_officer = make_user("dinhhoa.ntm", Role.COMMUNE_OFFICER, new)
    review = review_copy(old_officer, old)
    return {
        "old": old,
        "new": new,
        "old_officer": old_officer,
        "new_officer": new_officer,
        "review": review,
    }


def test_the_new_commune_does_not_see_the_old_commune_of_its_code(
    reused_code: dict[str, Any], media_root: Path
) -> None:
    client = client_for(reused_code["new_officer"])
    before = state(media_root)
    dashboard = client.get("/xa/05569/")
    assert dashboard.status_code == 200
    assert "Định Hóa" in body(dashboard)
    assert "Chợ Chu" not in body(dashboard)
    for url in ("/xa/05569/2024/tieu-chi/9/", "/xa/05569/2024/minh-chung/"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "Chợ Chu" not in body(response)
    plan = client.get("/xa/05569/2024/ke-hoach/")  # the page says there is no plan
    assert "Chợ Chu" not in body(plan)
    response = client.post(
        "/xa/05569/2024/tieu-chi/9/ghi/", {"indicator": "9.1", "value": "90", "base": ""}
    )
    assert response.status_code in (403, 404)
    assert state(media_root) == before


def test_the_old_commune_officer_reaches_the_old_commune_not_the_new_one(
    reused_code: dict[str, Any],
) -> None:
    """Chợ Chu's officer, from the home page, lands on Chợ Chu's dashboard with its 2024
    review; never on Định Hóa's."""
    client = client_for(reused_code["old_officer"])
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert "Thị trấn Chợ Chu" in heading(response)
    assert 'id="headline"' in body(response)  # its 2024 review


def test_the_province_page_links_each_old_commune_to_its_own_dashboard(
    reused_code: dict[str, Any], people: dict[str, User]
) -> None:
    """On the province page, the row of Chợ Chu (before the merger) must open Chợ Chu, not
    the new xã Định Hóa that took its code."""
    client = client_for(people["coordinator"])
    page = body(client.get(PROVINCE))
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Chợ Chu(?:(?!</tr>).)*</tr>", page, re.S)
    assert row is not None
    link = re.search(r'href="([^"]+)"[^>]*>[^<]*Chợ Chu', row.group(0))
    assert link is not None
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert "Thị trấn Chợ Chu" in heading(response)
    assert 'id="headline"' in body(response)  # its 2024 review


# --- redirects and methods -----------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_the_language_switch_and_the_login_do_not_redirect_off_site(
    officer: User, target: str
) -> None:
    client = client_for(officer)
    switched = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert switched.status_code == 302
    assert "evil" not in switched["Location"]
    assert not switched["Location"].startswith("javascript")
    got = client.get("/i18n/setlang/", {"language": "en", "next": target})
    assert "evil" not in got.get("Location", "")
    login = Client().post(
        f"/dang-nhap/?next={target}", {"username": "phucchu.ntm", "password": "test-password"}
    )
    assert login.status_code == 302
    assert "evil" not in login["Location"]
    assert not login["Location"].startswith("javascript")


@pytest.mark.parametrize(
    "url",
    [
        DASHBOARD,
        CRITERION.format(number=9),
        PANEL.format(number=9),
        DOSSIER,
        PLAN,
        f"/xa/{CODE}/2024/ke-hoach/ke-hoach.docx",
        f"/xa/{CODE}/viec-cua-toi/",
        AUDIT,
        PROVINCE,
        PROVINCE_XLSX,
    ],
)
def test_a_post_to_a_read_only_page_is_refused(
    people: dict[str, User], phuc_chu_plan: Plan, media_root: Path, url: str
) -> None:
    user = people["coordinator"] if url.startswith("/tinh/") else people["officer"]
    before = state(media_root)
    response = client_for(user).post(url, {"indicator": "9.1", "value": "90", "status": "done"})
    assert response.status_code == 405, response.status_code
    assert state(media_root) == before


@pytest.mark.parametrize(
    "url",
    [
        SAVE.format(number=9),
        SUBMIT,
        REOPEN,
        UPLOAD.format(number=9),
        TASK.format(year=2024, task=1),
        "/dang-xuat/",
    ],
)
def test_a_get_to_a_write_endpoint_is_refused(
    people: dict[str, User], phuc_chu_plan: Plan, media_root: Path, url: str
) -> None:
    before = state(media_root)
    response = client_for(people["officer"]).get(
        url, {"indicator": "9.1", "value": "90", "status": "done", "note": NOTE}
    )
    assert response.status_code == 405
    assert state(media_root) == before


# --- CSRF -----------------------------------------------------------------------------------


def test_every_post_without_a_csrf_token_is_refused(
    people: dict[str, User], phuc_chu_plan: Plan, phuc_chu_review: Review, media_root: Path
) -> None:
    requests = [
        (people["officer"], *_write(action, phuc_chu_review, phuc_chu_plan)) for action in WRITES
    ]
    requests.append((people["coordinator"], *_write("reopen", phuc_chu_review, phuc_chu_plan)))
    Review.objects.filter(pk=phuc_chu_review.pk).update(status=ReviewStatus.SUBMITTED)
    before = state(media_root)
    for user, url, data in requests:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert_no_secrets(response)
        # The htmx header alone is not a token.
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 403, url
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["officer"])
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 403
    assert client.post("/dang-xuat/").status_code == 403
    assert state(media_root) == before


# --- review entry: bad input -----------------------------------------------------------------

LONG = 10_000


@pytest.mark.parametrize(
    ("number", "fields"),
    [
        pytest.param(14, {"indicator": "14.1", "value": "100,5"}, id="percentage over 100"),
        pytest.param(14, {"indicator": "14.1", "value": "-0,5"}, id="negative percentage"),
        pytest.param(14, {"indicator": "14.1", "value": "1.234,5"}, id="1.234,5 as a percentage"),
        pytest.param(14, {"indicator": "14.1", "value": "chín mươi"}, id="text"),
        pytest.param(14, {"indicator": "14.1", "value": "9\x000"}, id="NUL in the value"),
        pytest.param(14, {"indicator": "14.1", "value": "9" * LONG}, id="10000 digits"),
        pytest.param(14, {"indicator": "14.1", "value": "NaN"}, id="NaN"),
        pytest.param(14, {"indicator": "14.1", "value": "Infinity"}, id="Infinity"),
        pytest.param(
            14, {"indicator": "14.1", "numerator": "-5", "denominator": "100"}, id="negative count"
        ),
        pytest.param(
            14,
            {"indicator": "14.1", "numerator": "120", "denominator": "100"},
            id="numerator above denominator",
        ),
        pytest.param(
            14, {"indicator": "14.1", "numerator": "0", "denominator": "0"}, id="denominator 0"
        ),
        pytest.param(
            14, {"indicator": "14.1", "numerator": "12,5", "denominator": "100"}, id="half a person"
        ),
        pytest.param(14, {"indicator": "14.1", "numerator": "12"}, id="numerator alone"),
        pytest.param(
            10, {"indicator": "10", "numerator": "1", "denominator": "2"}, id="ratio on a quantity"
        ),
        pytest.param(10, {"indicator": "10", "value": "50%"}, id="percent on a quantity"),
        pytest.param(9, {"indicator": "14.1", "value": "90"}, id="indicator of criterion 14"),
        pytest.param(9, {"indicator": "99.9", "value": "90"}, id="unknown indicator"),
        pytest.param(9, {"indicator": " 9.1\x00", "value": "90"}, id="NUL in the indicator"),
        pytest.param(9, {"indicator": "9.1" * 100, "value": "90"}, id="long indicator"),
        pytest.param(9, {"indicator": "", "value": "90"}, id="a value without an indicator"),
        pytest.param(9, {"indicator": "", "verdict": "Tốt"}, id="unknown verdict"),
        pytest.param(1, {"indicator": "1.1", "result": "Có lẽ"}, id="unknown yes/no result"),
        pytest.param(
            2,
            {"indicator": "KM2", "value": "80"},
            id="indicator of the kieu mau set on criterion 2",
        ),
        pytest.param(14, {"indicator": "14.1", "value": "0" * LONG + "5"}, id="10000-char value"),
        pytest.param(
            14,
            {"indicator": "14.1", "numerator": "0" * 40 + "5", "denominator": "10"},
            id="40-char numerator",
        ),
        pytest.param(
            14, {"indicator": "14.1", "value": "90", "source": "x" * LONG}, id="10000-char source"
        ),
        pytest.param(
            14, {"indicator": "14.1", "value": "90", "note": "x" * LONG}, id="10000-char note"
        ),
        pytest.param(
            14,
            {"indicator": "14.1", "value": "90", "source": "Biên bản\x00"},
            id="NUL in the source",
        ),
        pytest.param(
            14, {"indicator": "14.1", "value": "90", "note": "Ghi chú\x00"}, id="NUL in the note"
        ),
    ],
)
def test_a_bad_reading_is_refused_on_the_form_and_nothing_is_stored(
    officer: User, phuc_chu_review: Review, media_root: Path, number: int, fields: dict[str, str]
) -> None:
    before = state(media_root)
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.post(SAVE.format(number=number), {"base": "", **fields})
    assert response.status_code == 422, response.status_code
    assert reading_error(response), "no message on the form"
    assert state(media_root) == before


@pytest.mark.parametrize(
    ("number", "fields", "stored"),
    [
        pytest.param(14, {"indicator": "14.1", "value": "12,5"}, "12,5", id="decimal comma"),
        pytest.param(14, {"indicator": "14.1", "value": "12.5"}, "12.5", id="decimal point"),
        pytest.param(14, {"indicator": "14.1", "value": "gần 98%"}, "gần 98%", id="qualifier"),
        pytest.param(10, {"indicator": "10", "value": "1.234,5"}, "1.234,5", id="1.234,5"),
        pytest.param(10, {"indicator": "10", "value": "  72,5  "}, "72,5", id="spaces"),
        pytest.param(
            14,
            {"indicator": "14.1", "numerator": "1.234", "denominator": "1.300"},
            "1.234/1.300",
            id="counts with thousands dots",
        ),
        pytest.param(1, {"indicator": "1.1", "result": "đạt"}, "đạt", id="lower-case verdict"),
    ],
)
def test_vietnamese_writing_is_accepted_and_kept_as_typed(
    officer: User, phuc_chu_review: Review, number: int, fields: dict[str, str], stored: str
) -> None:
    response = client_for(officer).post(SAVE.format(number=number), {"base": "", **fields})
    assert response.status_code == 200, reading_error(response)
    reading = current(phuc_chu_review, fields["indicator"])
    assert reading is not None
    shown = (
        f"{reading.numerator}/{reading.denominator}"
        if reading.numerator
        else reading.value or reading.result
    )
    assert shown == stored
    event = AuditEvent.objects.filter(action="reading.record").order_by("-id").first()
    assert event is not None and event.target_id == str(reading.pk)


def test_1_234_5_is_read_as_one_thousand_two_hundred_and_thirty_four_and_a_half(
    officer: User, phuc_chu_review: Review
) -> None:
    response = client_for(officer).post(
        SAVE.format(number=10), {"indicator": "10", "value": "1.234,5", "base": ""}
    )
    assert response.status_code == 200
    reading = current(phuc_chu_review, "10")
    assert reading is not None
    catalog = Catalog.shipped()
    criteria_set = catalog.criteria_set(phuc_chu_review.criteria_set)
    core = reading_to_core(reading, criteria_set, catalog.model_set_for(criteria_set))
    assert core.value is not None
    assert core.value.number == Decimal("1234.5")


@pytest.mark.parametrize("number", [0, 20, 99])
def test_a_criterion_out_of_range_is_refused(
    officer: User, phuc_chu_review: Review, media_root: Path, number: int
) -> None:
    before = state(media_root)
    client = client_for(officer)
    for fields in (
        {"indicator": "", "verdict": "Đạt", "base": ""},
        {"indicator": "9.1", "value": "90", "base": ""},
    ):
        response = client.post(SAVE.format(number=number), fields)
        assert response.status_code in (404, 422)
        assert client.get(CRITERION.format(number=number)).status_code == 404
        upload = client.post(UPLOAD.format(number=number), {"indicator": "9.1", "file": pdf()})
        assert upload.status_code == 404
    assert state(media_root) == before


@pytest.mark.parametrize(
    "base",
    ["", "abc", "-1", "0", "1e3", "99999999999999999999", "other indicator", "other review", " "],
)
def test_a_stale_or_forged_base_is_refused_not_written_over(
    officer: User,
    phuc_chu_review: Review,
    bao_linh_data: dict[str, Any],
    media_root: Path,
    base: str,
) -> None:
    """The verdict of criterion 9 exists: any base but its id is a form opened on something
    else, and is refused."""
    if base == "other indicator":
        base = str(current(phuc_chu_review, "", 14).pk)  # type: ignore[union-attr]
    elif base == "other review":
        base = str(bao_linh_data["reading"].pk)
    before = state(media_root)
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.post(SAVE.format(number=9), {"indicator": "", "verdict": "Đạt", "base": base})
    assert response.status_code == 422
    assert reading_error(response)
    assert state(media_root) == before
    assert current(phuc_chu_review, "", 9).verdict == "Chưa đạt"  # type: ignore[union-attr]


def _base_in_form(html: str, indicator: str) -> str:
    form = re.search(
        rf'name="indicator" value="{re.escape(indicator)}">\s*<input type="hidden" name="base" value="([^"]*)"',
        html,
    )
    assert form is not None, indicator
    return form.group(1)


@pytest.mark.parametrize("first_reading", [False, True])
def test_two_officers_saving_from_forms_opened_on_the_same_reading(
    officer: User,
    phuc_chu_review: Review,
    make_user: Callable[..., User],
    phuc_chu: Unit,
    media_root: Path,
    first_reading: bool,
) -> None:
    """Both open criterion 14; the first to save wins, the second is refused with a
    message, and the first's value stays."""
    colleague = make_user("phucchu.ntm2", Role.COMMUNE_OFFICER, phuc_chu)
    if first_reading:
        client_for(officer).post(
            SAVE.format(number=14), {"indicator": "14.1", "value": "88", "base": ""}
        )
    mine, theirs = english(officer), english(colleague)
    base_mine = _base_in_form(body(mine.get(CRITERION.format(number=14))), "14.1")
    base_theirs = _base_in_form(body(theirs.get(CRITERION.format(number=14))), "14.1")
    assert base_mine == base_theirs
    first = theirs.post(
        SAVE.format(number=14), {"indicator": "14.1", "value": "93", "base": base_theirs}
    )
    assert first.status_code == 200
    before = state(media_root)
    second = mine.post(
        SAVE.format(number=14), {"indicator": "14.1", "value": "91", "base": base_mine}
    )
    assert second.status_code == 422
    assert "Someone else changed this reading" in reading_error(second)
    assert state(media_root) == before
    assert current(phuc_chu_review, "14.1").value == "93"  # type: ignore[union-attr]


@pytest.mark.django_db(transaction=True)
def test_two_officers_saving_at_the_same_instant(
    officer: User, phuc_chu_review: Review, make_user: Callable[..., User], phuc_chu: Unit
) -> None:
    """Truly concurrent saves (PostgreSQL; SQLite serialises writers anyway): one wins, the
    other is refused; never two current readings, never a server error."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    colleague = make_user("phucchu.ntm2", Role.COMMUNE_OFFICER, phuc_chu)
    clients = [client_for(officer), client_for(colleague)]
    statuses: list[int] = []
    barrier = threading.Barrier(len(clients))

    def save(client: Client, value: str) -> None:
        client.raise_request_exception = False
        barrier.wait()
        try:
            response = client.post(
                SAVE.format(number=14), {"indicator": "14.1", "value": value, "base": ""}
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    for _round in range(5):
        Reading.objects.filter(review=phuc_chu_review, indicator="14.1").delete()
        statuses.clear()
        threads = [
            threading.Thread(target=save, args=(client, value))
            for client, value in zip(clients, ("91", "93"), strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [200, 422]
        assert Reading.objects.filter(review=phuc_chu_review, indicator="14.1").count() == 1


# --- evidence: bad uploads -------------------------------------------------------------------


def _bomb_docx() -> bytes:
    """A DOCX-looking archive whose [Content_Types].xml inflates to 2 MB of spaces (a few
    kilobytes compressed)."""
    good = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    members = {info.filename: good.read(info) for info in good.infolist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"<Types", b" " * (2 * 1024 * 1024) + b"<Types", 1
    )
    return zip_bytes(members)


#: The files of the refused uploads, made fresh for each request.
FILES: dict[str, Callable[[], SimpleUploadedFile]] = {
    "pdf": pdf,
    "exe named pdf": lambda: SimpleUploadedFile("bien-ban.pdf", EXE, "application/pdf"),
    "text named pdf": lambda: SimpleUploadedFile("bien-ban.pdf", TEXT, "application/pdf"),
    "empty pdf": lambda: SimpleUploadedFile("bien-ban.pdf", b"", "application/pdf"),
    "broken zip": lambda: SimpleUploadedFile("bien-ban.docx", b"PK\x03\x04broken"),
    "bomb-ish docx": lambda: SimpleUploadedFile("bien-ban.docx", _bomb_docx()),
    "html named pdf": lambda: SimpleUploadedFile(
        "bien-ban.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    ),
}


@pytest.mark.parametrize(
    ("number", "indicator", "file", "description"),
    [
        pytest.param(9, "9.1", None, "", id="no file"),
        *(
            pytest.param(9, "9.1", name, "", id=name)
            for name in (
                "exe named pdf",
                "text named pdf",
                "empty pdf",
                "broken zip",
                "bomb-ish docx",
                "html named pdf",
            )
        ),
        pytest.param(9, "14.1", "pdf", "", id="indicator of criterion 14"),
        pytest.param(2, "KM2", "pdf", "", id="indicator of the kieu mau set"),
        pytest.param(9, "", "pdf", "", id="no indicator"),
        pytest.param(9, "9.1" * 10, "pdf", "", id="long indicator"),
        pytest.param(9, "9.1\x00", "pdf", "", id="NUL in the indicator"),
        pytest.param(9, "9.1", "pdf", "x" * LONG, id="10000-char description"),
        pytest.param(9, "9.1", "pdf", "Biên bản\x00", id="NUL in the description"),
    ],
)
def test_a_bad_upload_is_refused_and_nothing_is_stored(
    officer: User,
    phuc_chu_review: Review,
    media_root: Path,
    number: int,
    indicator: str,
    file: str | None,
    description: str,
) -> None:
    def data() -> dict[str, Any]:
        fields: dict[str, Any] = {"indicator": indicator, "description": description}
        if file is not None:
            fields["file"] = FILES[file]()
        return fields

    before = state(media_root)
    client = english(officer)
    response = client.post(UPLOAD.format(number=number), data())
    assert response.status_code == 422
    assert 'class="error' in body(response)
    htmx = client.post(UPLOAD.format(number=number), data(), HTTP_HX_REQUEST="true")
    assert htmx.status_code in (200, 422)
    assert 'class="error' in body(htmx)
    assert state(media_root) == before


def test_a_file_over_the_limit_is_refused(
    officer: User, phuc_chu_review: Review, media_root: Path, settings: Settings
) -> None:
    settings.NTM_EVIDENCE_MAX_BYTES = 1024
    before = state(media_root)
    big = SimpleUploadedFile("bien-ban.pdf", pdf_bytes() + b"%" * 2048)
    response = english(officer).post(UPLOAD.format(number=9), {"indicator": "9.1", "file": big})
    assert response.status_code == 422
    assert "larger than the limit" in body(response)
    assert state(media_root) == before


def test_an_upload_to_a_submitted_review_is_refused(
    officer: User, phuc_chu_review: Review, media_root: Path
) -> None:
    Review.objects.filter(pk=phuc_chu_review.pk).update(status=ReviewStatus.SUBMITTED)
    before = state(media_root)
    client = english(officer)
    response = client.post(UPLOAD.format(number=9), {"indicator": "9.1", "file": pdf()})
    assert response.status_code == 422
    assert "locked until the province reopens it" in body(response)
    reading = client.post(SAVE.format(number=9), {"indicator": "9.1", "value": "90", "base": ""})
    assert reading.status_code == 422
    assert state(media_root) == before


def test_an_official_cannot_upload_to_a_criterion_not_assigned(
    people: dict[str, User], phuc_chu_review: Review, media_root: Path
) -> None:
    before = state(media_root)
    client = client_for(people["official for criterion 12"])
    assert (
        client.post(UPLOAD.format(number=9), {"indicator": "9.1", "file": pdf()}).status_code == 403
    )
    # An indicator of criterion 9 posted to criterion 12's URL.
    response = client.post(UPLOAD.format(number=12), {"indicator": "9.1", "file": pdf()})
    assert response.status_code == 422
    assert state(media_root) == before


# --- tasks: bad updates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"status": "finished", "note": NOTE}, id="unknown status"),
        pytest.param({"status": "", "note": NOTE}, id="no status"),
        pytest.param({"status": "DONE", "note": NOTE}, id="upper-case status"),
        pytest.param({"status": "doing", "note": "   "}, id="blank note"),
        pytest.param({"status": "doing", "note": "x" * LONG}, id="10000-char note"),
        pytest.param({"status": "doing", "note": "Đã làm\x00"}, id="NUL in the note"),
    ],
)
def test_a_bad_task_update_is_refused_and_nothing_is_stored(
    people: dict[str, User], phuc_chu_plan: Plan, media_root: Path, data: dict[str, str]
) -> None:
    task = Task.objects.get(plan=phuc_chu_plan, position=LABOUR)
    before = state(media_root)
    client = client_for(people["official for criterion 12"])
    response = client.post(TASK.format(year=2024, task=task.pk), data)
    assert response.status_code == 422
    assert 'class="errorlist' in body(response) or 'class="error"' in body(response)
    htmx = client.post(TASK.format(year=2024, task=task.pk), data, HTTP_HX_REQUEST="true")
    assert htmx.status_code in (200, 422)
    assert "errorlist" in body(htmx) or 'class="error"' in body(htmx)
    assert state(media_root) == before


def test_a_task_of_another_plan_or_year_is_not_found(
    people: dict[str, User], phuc_chu_plan: Plan, media_root: Path, phuc_chu_review: Review
) -> None:
    task = Task.objects.get(plan=phuc_chu_plan, position=HOUSING)
    before = state(media_root)
    client = client_for(people["officer"])
    for year in (2023, 2025):
        response = client.post(
            TASK.format(year=year, task=task.pk), {"status": "done", "note": NOTE}
        )
        assert response.status_code == 404
    assert state(media_root) == before


# --- hamlets: bad entries --------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"code": "05554-03", "name": "Xóm Ba"}, id="code of another commune"),
        pytest.param({"code": f"{CODE}-01", "name": "Làng Quyên 2"}, id="duplicate code"),
        pytest.param({"code": f"{CODE}-1", "name": "Làng Quyên 2"}, id="duplicate code unpadded"),
        pytest.param({"code": f"{CODE}-001", "name": "Làng Quyên 2"}, id="duplicate code padded"),
        pytest.param({"code": "abc", "name": "Xóm Ba"}, id="not a code"),
        pytest.param({"code": f"{CODE}-03\x00", "name": "Xóm Ba"}, id="NUL in the code"),
        pytest.param({"code": f"{CODE}-03", "name": "   "}, id="blank name"),
        pytest.param({"code": f"{CODE}-03", "name": "N" * LONG}, id="10000-char name"),
        pytest.param({"code": f"{CODE}-03", "name": "Xóm\x00Ba"}, id="NUL in the name"),
        pytest.param(
            {"code": f"{CODE}-03", "name": "Xóm Ba", "type_name": "T" * LONG}, id="10000-char kind"
        ),
    ],
)
def test_a_bad_hamlet_is_refused_and_nothing_is_stored(
    officer: User, hamlet: Unit, bao_linh: Unit, media_root: Path, data: dict[str, str]
) -> None:
    before = state(media_root)
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.post(HAMLETS, data)
    assert response.status_code == 422, response.status_code
    assert 'id="hamlet-error"' in body(response)
    assert state(media_root) == before


# --- province and audit filters --------------------------------------------------------------


@pytest.fixture
def far_review(far_commune: Unit, make_user: Callable[..., User]) -> Review:
    officer = make_user("xaxa.ntm", Role.COMMUNE_OFFICER, far_commune)
    return review_copy(officer, far_commune)


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"year": "-1"},
        {"criteria_set": "khong-co-bo-nay"},
        {"criteria_set": "xa-ntm-2021-2025"},
        {"district": "d20"},
        {"district": "../../"},
        {"level": "xyz"},
        {"reviewed": "maybe"},
        {"year": "2024\x00"},
    ],
)
def test_bad_province_filters_are_ignored_and_show_only_the_province(
    people: dict[str, User], phuc_chu_review: Review, far_review: Review, query: dict[str, str]
) -> None:
    client = client_for(people["coordinator"])
    page = client.get(PROVINCE, query)
    assert page.status_code == 200
    text = body(page)
    assert "Phúc Chu" in text
    assert "Xã Xa" not in text
    workbook = client.get(PROVINCE_XLSX, query)
    assert workbook.status_code == 200
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "evil" not in workbook["Content-Disposition"]


def test_a_district_of_another_province_does_not_filter_in_its_communes(
    people: dict[str, User], phuc_chu_review: Review, far_review: Review
) -> None:
    client = client_for(people["coordinator"])
    workbook = client.get(PROVINCE_XLSX, {"district": "d20", "year": "2024"})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    assert sheet is not None
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
    assert not any("Xã Xa" in cell or "06000" in cell for cell in cells)
    assert any("Phúc Chu" in cell for cell in cells)


@pytest.mark.parametrize(
    "query",
    [
        {"actor": "abc"},
        {"actor": "stranger"},
        {"actor": "-1"},
        {"action": "nope"},
        {"action": "reading.record' OR 1=1 --"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
    ],
)
def test_bad_audit_filters_show_only_the_commune(
    officer: User, phuc_chu_review: Review, bao_linh_data: dict[str, Any], query: dict[str, str]
) -> None:
    if query.get("actor") == "stranger":
        query = {"actor": str(bao_linh_data["officer"].pk)}
    response = client_for(officer).get(AUDIT, query)
    assert response.status_code == 200
    text = body(response)
    assert "baolinh.ntm" not in text
    assert "Bảo Linh" not in text
    assert "phucchu.ntm" in text


# --- error pages -----------------------------------------------------------------------------


def test_the_server_error_page_shows_no_data_and_no_traceback(
    officer: User, phuc_chu: Unit
) -> None:
    """A review against a set the catalog no longer has makes the dashboard fail: the 500
    page (DEBUG off) names nothing of the commune and shows no traceback."""
    assert settings.DEBUG is False
    Review.objects.create(commune=phuc_chu, year=2030, criteria_set="bo-tieu-chi-da-bo")
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    response = client.get(DASHBOARD)
    assert response.status_code == 500
    assert_no_secrets(response)
    assert "bo-tieu-chi-da-bo" not in body(response)


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("officer", f"/xa/{CODE}/2023/tieu-chi/9/", 404),
        ("officer", f"/xa/{CODE}/2024/tieu-chi/20/", 404),
        ("officer", f"/xa/{CODE}/2024/minh-chung/424242/tai-ve/", 404),
        ("stranger", DASHBOARD, 403),
        ("stranger", CRITERION.format(number=9), 403),
        ("stranger", AUDIT, 403),
        ("stranger", f"/xa/{CODE}/2024/ke-hoach/ke-hoach.docx", 403),
        ("officer", PROVINCE, 403),
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_refusals_and_not_found_pages_show_no_data(
    officer: User,
    phuc_chu_plan: Plan,
    bao_linh_data: dict[str, Any],
    role: str,
    url: str,
    status: int,
    language: str,
) -> None:
    user = officer if role == "officer" else bao_linh_data["officer"]
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == status
    assert_no_secrets(response)
    assert "Nhà ở dân cư" not in body(response)


def test_two_reviews_of_one_year_do_not_break_the_pages(
    officer: User, phuc_chu_review: Review, phuc_chu: Unit
) -> None:
    """The constraint allows a commune a review per year and set (nâng cao and kiểu mẫu,
    say): the year's pages must still open, not fail with two reviews found."""
    Review.objects.create(
        commune=phuc_chu, year=2024, criteria_set="xa-ntm-kieu-mau-2021-2025", region="TDMNPB"
    )
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    for url in (DASHBOARD, CRITERION.format(number=9), DOSSIER, PANEL.format(number=9)):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


# --- what users type is shown as text --------------------------------------------------------

SCRIPT = '<script>alert("ntm")</script>'


def test_text_typed_by_users_is_escaped_on_every_page(
    officer: User, phuc_chu_review: Review, phuc_chu_plan: Plan, media_root: Path
) -> None:
    client = client_for(officer)
    saved = client.post(
        SAVE.format(number=14), {"indicator": "14.1", "value": "90", "source": SCRIPT, "base": ""}
    )
    assert saved.status_code == 200
    hamlet = client.post(HAMLETS, {"code": f"{CODE}-05", "name": SCRIPT, "type_name": "Xóm"})
    assert hamlet.status_code == 302
    upload = client.post(
        UPLOAD.format(number=14),
        {"indicator": "14.1", "file": pdf(f"{SCRIPT}.pdf"), "description": SCRIPT},
    )
    assert upload.status_code == 302
    task = Task.objects.get(plan=phuc_chu_plan, position=HOUSING)
    client.post(TASK.format(year=2024, task=task.pk), {"status": "doing", "note": SCRIPT})
    for url in (
        CRITERION.format(number=14),
        PANEL.format(number=14),
        DOSSIER,
        HAMLETS,
        AUDIT,
        PLAN,
    ):
        text = body(client.get(url))
        assert SCRIPT not in text, url
        assert "<script>alert" not in text, url


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd.pdf",
        "..\\..\\windows\\win.ini.pdf",
        "bien\r\nX-Injected: 1.pdf",
        'bien "ban".pdf',
        "bien\x00ban.pdf",
        "x" * 300 + ".pdf",
    ],
)
def test_a_hostile_file_name_is_stored_inside_the_media_folder_and_served_safely(
    officer: User, phuc_chu_review: Review, media_root: Path, name: str
) -> None:
    client = client_for(officer)
    response = client.post(UPLOAD.format(number=9), {"indicator": "9.1", "file": pdf(name)})
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(media_root.resolve())
    assert "/" not in evidence.original_name and "\\" not in evidence.original_name
    assert len(evidence.original_name) <= 255
    download = client.get(f"/xa/{CODE}/2024/minh-chung/{evidence.pk}/tai-ve/")
    assert download.status_code == 200
    disposition = download["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert raw(download) == pdf_bytes()


@pytest.mark.django_db(transaction=True)
def test_two_officers_entering_the_same_hamlet_at_the_same_instant(
    officer: User, phuc_chu: Unit, make_user: Callable[..., User]
) -> None:
    """Both pass the "code already used" check before either commits: the second must get
    the message, not a server error from the unique constraint."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    colleague = make_user("phucchu.ntm2", Role.COMMUNE_OFFICER, phuc_chu)
    clients = [client_for(officer), client_for(colleague)]
    for client in clients:
        client.raise_request_exception = False
    statuses: list[int] = []
    barrier = threading.Barrier(len(clients))

    def enter(client: Client, code: str) -> None:
        barrier.wait()
        try:
            statuses.append(client.post(HAMLETS, {"code": code, "name": "Nà Mỵ"}).status_code)
        finally:
            connection.close()

    for number in range(10, 30):
        statuses.clear()
        threads = [
            threading.Thread(target=enter, args=(client, f"{CODE}-{number}")) for client in clients
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [302, 422], (number, statuses)
        assert Unit.objects.filter(code=f"{CODE}-{number}").count() == 1
