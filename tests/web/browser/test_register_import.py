"""Issue 5's acceptance, in a real browser: the commune's officer imports a household
register from an XLSX, sees the indicators of criteria 9, 11, 12, 14 and 17 per hamlet,
sees the review change, and downloads the visit list of one hamlet."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import User

from ntm.core.households.files import write_register_xlsx
from ntm.plans.models import Plan
from ntm.territories.models import Unit
from tests.web.browser.conftest import NEEDS_CHROMIUM, log_in, shot
from tests.web.households.conftest import hand_register

pytestmark = [NEEDS_CHROMIUM]


@pytest.mark.django_db(transaction=True)
def test_the_officer_imports_a_register_and_the_review_changes(
    browser: object,
    live_server: object,
    officer: User,
    phuc_chu_plan: Plan,
    hamlets: list[Unit],
    tmp_path: Path,
) -> None:
    source = tmp_path / "so-ho-phuc-chu.xlsx"
    write_register_xlsx(
        hand_register(), source, hamlet_names={h.code: h.full_name for h in hamlets}
    )
    page = log_in(browser, live_server, "phucchu.ntm")
    assert "8/19" in page.inner_text("#headline")  # type: ignore[attr-defined]
    page.click("#register-link")  # type: ignore[attr-defined]
    page.click("#import-link")  # type: ignore[attr-defined]
    page.set_input_files("input[name=upload]", str(source))  # type: ignore[attr-defined]
    page.fill("input[name=reference_date]", "2024-12-31")  # type: ignore[attr-defined]
    page.click("#upload-form button[type=submit]")  # type: ignore[attr-defined]
    # The mapping is guessed from the template's headers: check every row.
    page.click("#check-import")  # type: ignore[attr-defined]
    preview = page.inner_text("#import-preview")  # type: ignore[attr-defined]
    assert "6 hộ" in preview and "15 nhân khẩu" in preview
    page.click("#confirm-import")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert page.url.endswith("/so-ho/")  # type: ignore[attr-defined]
    messages = page.inner_text(".messages")  # type: ignore[attr-defined]
    assert "Tiêu chí 14: Đạt → Chưa đạt" in messages
    table = page.inner_text("#per-hamlet")  # type: ignore[attr-defined]
    for code in ("9.1", "11", "12.1", "14.1", "17.1"):
        assert code in table
    # Bản Pấu (H1-H3): 2 of 3 households in a permanent or semi-permanent house.
    hamlet_row = page.inner_text("#row-05560-01")  # type: ignore[attr-defined]
    assert "66,67%" in hamlet_row and "2/3" in hamlet_row
    commune_row = page.inner_text("#row-commune")  # type: ignore[attr-defined]
    assert "80%" in commune_row and "12/15" in commune_row  # 14.1 health insurance
    shot(page, "so-ho.png")

    with page.expect_download() as download_info:  # type: ignore[attr-defined]
        page.click("#row-05560-01 a.visit-list")  # type: ignore[attr-defined]
    download = download_info.value
    assert download.suggested_filename == "danh-sach-ho-can-tham-05560-01.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(
        " ".join(str(value) for value in row if value is not None)
        for row in workbook.active.iter_rows(values_only=True)
    )
    # H3 (nhà đơn sơ, no water, no latrine, no sorting) is on the list; X2's H5 is not.
    assert "Nguyễn Văn H3" in text and "H5" not in text

    page.goto(f"{live_server.url}/xa/05560~20250701/")  # type: ignore[attr-defined]
    assert "7/19" in page.inner_text("#headline")  # type: ignore[attr-defined]
