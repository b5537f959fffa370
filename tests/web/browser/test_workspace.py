"""The workspace in a real browser: Debian's Chromium driven by Playwright, against the
live server (pytest-django), on the Phúc Chu 2024 data.

Screenshots of the dashboard, review entry and province page at 1366×768 are written to
``$NTM_SCREENSHOTS`` when it is set (``make screenshots`` copies them to ``docs/``).
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import User

from ntm.plans.models import Plan
from ntm.territories.models import Unit
from ntm.users.models import Role

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (CI installs it and runs these tests)",
    ),
]

PASSWORD = "test-password"


@pytest.fixture(autouse=True)
def _sync_playwright_beside_django(monkeypatch: pytest.MonkeyPatch) -> None:
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # itself are synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module", autouse=True)
def _close_the_live_servers_connections(django_db_blocker: object) -> Iterator[None]:
    """The live server's request threads leave PostgreSQL sessions open on the test
    database, which then cannot be dropped at the end of the run: end them."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "select pg_terminate_backend(pid) from pg_stat_activity "
                    "where datname = current_database() and pid <> pg_backend_pid()"
                )


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


def _shot(page: object, name: str) -> None:
    folder = os.environ.get("NTM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=False)  # type: ignore[attr-defined]


def _log_in(browser: object, live_server: object, username: str) -> object:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1366, "height": 768}, locale="vi-VN", accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")  # type: ignore[attr-defined]
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


@pytest.mark.django_db(transaction=True)
def test_the_officer_sees_8_of_19_enters_readings_and_criterion_1_flips(
    browser: object,
    live_server: object,
    officer: User,
    phuc_chu_plan: Plan,
    make_user: Callable[..., User],
    province: Unit,
    tmp_path: Path,
) -> None:
    make_user("thainguyen.dieuphoi", Role.PROVINCE_COORDINATOR, province)
    page = _log_in(browser, live_server, "phucchu.ntm")
    assert "/xa/05560~20250701/" in page.url  # type: ignore[attr-defined]
    headline = page.inner_text("#headline")  # type: ignore[attr-defined]
    assert "8/19" in headline
    _shot(page, "bang-dieu-khien.png")

    # Criterion 1 (Quy hoạch): three yes/no indicators; the commune said "Chưa đạt".
    page.goto(f"{live_server.url}/xa/05560/2024/tieu-chi/1/")  # type: ignore[attr-defined]
    status_before = page.inner_text("#criterion-status")  # type: ignore[attr-defined]
    for code in ("1.1", "1.2", "1.3"):
        row = page.locator(f"[id='indicator-{code}']")  # type: ignore[attr-defined]
        row.locator("select[name=result]").select_option("Đạt")
        row.locator("input[name=source]").fill("Quyết định phê duyệt quy hoạch chung xã, 2023")
        with page.expect_response(lambda r: "/ghi/" in r.url):  # type: ignore[attr-defined]
            row.locator("button[type=submit]").click()
    status_after = page.inner_text("#criterion-status")  # type: ignore[attr-defined]
    assert status_before != status_after, page.inner_text("#criterion-panel")  # type: ignore[attr-defined]

    # A share over 100% is refused on the form, in Vietnamese, and nothing is stored.
    page.goto(f"{live_server.url}/xa/05560/2024/tieu-chi/14/")  # type: ignore[attr-defined]
    row = page.locator("[id='indicator-14.1']")  # type: ignore[attr-defined]
    row.locator("input[name=value]").fill("96")  # as the officer types, the would-be result
    preview = page.locator("[id='preview-14.1']")  # type: ignore[attr-defined]
    preview.get_by_text("Đạt").wait_for()
    row.locator("input[name=value]").fill("120")
    with page.expect_response(lambda r: "/ghi/" in r.url):  # type: ignore[attr-defined]
        row.locator("button[type=submit]").click()
    assert "không phải là tỷ lệ phần trăm từ 0 đến 100" in page.inner_text("#reading-error")  # type: ignore[attr-defined]
    _shot(page, "nhap-ra-soat.png")
    page.goto(f"{live_server.url}/xa/05560/")  # type: ignore[attr-defined]
    assert "9/19" in page.inner_text("#headline")  # type: ignore[attr-defined]

    # The plan DOCX of the plan issue, downloaded from the plan page.
    page.goto(f"{live_server.url}/xa/05560/2024/ke-hoach/")  # type: ignore[attr-defined]
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.click("a[href$='ke-hoach.docx']")  # type: ignore[attr-defined]
    saved = tmp_path / "ke-hoach.docx"
    download.value.save_as(saved)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert "Tiêu chí số 9 - Nhà ở dân cư" in text

    # The province page, as the province coordinator.
    coordinator = _log_in(browser, live_server, "thainguyen.dieuphoi")
    coordinator.goto(f"{live_server.url}/tinh/19/")  # type: ignore[attr-defined]
    assert "Phúc Chu" in coordinator.inner_text("main")  # type: ignore[attr-defined]
    _shot(coordinator, "trang-tinh.png")


@pytest.mark.django_db(transaction=True)
def test_an_official_of_another_commune_is_refused(
    browser: object,
    live_server: object,
    phuc_chu_plan: Plan,
    make_user: Callable[..., User],
    bao_linh: Unit,
) -> None:
    make_user(
        "baolinh.diachinh",
        Role.COMMUNE_OFFICIAL,
        bao_linh,
        position="cong-chuc-dia-chinh-xay-dung",
        criteria=[9],
    )
    page = _log_in(browser, live_server, "baolinh.diachinh")
    response = page.goto(f"{live_server.url}/xa/05560/")  # type: ignore[attr-defined]
    assert response.status == 403
    assert "Phúc Chu" not in page.content()  # type: ignore[attr-defined]
    response = page.goto(f"{live_server.url}/xa/05560/2024/ke-hoach/ke-hoach.docx")  # type: ignore[attr-defined]
    assert response.status == 403


def test_the_chromium_of_the_tests_is_debians() -> None:
    assert shutil.which("chromium") == CHROMIUM or Path(CHROMIUM).exists()
