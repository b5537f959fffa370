"""The workspace in a real browser: Debian's Chromium driven by Playwright, against the
live server (pytest-django), on the Phúc Chu 2024 data.

Screenshots of the dashboard, review entry and province page at 1366×768 are written to
``$NTM_SCREENSHOTS`` when it is set (``make screenshots`` copies them to ``docs/``).
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import User

from ntm.plans.models import Plan
from ntm.territories.models import Unit
from ntm.users.models import Role
from tests.web.browser.conftest import CHROMIUM, NEEDS_CHROMIUM, log_in, shot

pytestmark = [NEEDS_CHROMIUM]


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
    page = log_in(browser, live_server, "phucchu.ntm")
    assert "/xa/05560~20250701/" in page.url  # type: ignore[attr-defined]
    headline = page.inner_text("#headline")  # type: ignore[attr-defined]
    assert "8/19" in headline
    shot(page, "bang-dieu-khien.png")

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
    shot(page, "nhap-ra-soat.png")
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
    coordinator = log_in(browser, live_server, "thainguyen.dieuphoi")
    coordinator.goto(f"{live_server.url}/tinh/19/")  # type: ignore[attr-defined]
    assert "Phúc Chu" in coordinator.inner_text("main")  # type: ignore[attr-defined]
    shot(coordinator, "trang-tinh.png")


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
    page = log_in(browser, live_server, "baolinh.diachinh")
    response = page.goto(f"{live_server.url}/xa/05560/")  # type: ignore[attr-defined]
    assert response.status == 403
    assert "Phúc Chu" not in page.content()  # type: ignore[attr-defined]
    response = page.goto(f"{live_server.url}/xa/05560/2024/ke-hoach/ke-hoach.docx")  # type: ignore[attr-defined]
    assert response.status == 403


def test_the_chromium_of_the_tests_is_debians() -> None:
    assert shutil.which("chromium") == CHROMIUM or Path(CHROMIUM).exists()
