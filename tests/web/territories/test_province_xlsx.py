"""The province's matrix as XLSX: the same cells as the page, with its filters, Vietnamese
headers, Times New Roman, and the per-criterion counts on a second sheet."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.contrib.auth.models import User

from ntm.reviews.models import Review
from ntm.territories.models import Unit
from ntm.territories.xlsx import COUNTS_SHEET, MATRIX_SHEET
from tests.web.conftest import client_for
from tests.web.territories.conftest import BAO_LINH_MET, PHUC_CHU_MET, add_commune

HEADER = 5


def _workbook(user: User, query: str = "") -> Any:
    response = client_for(user).get(f"/tinh/19/xuat.xlsx{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _rows(sheet: Any) -> dict[str, list[Any]]:
    """Commune code → its row's values."""
    return {
        row[1]: list(row)
        for row in sheet.iter_rows(min_row=HEADER + 1, values_only=True)
        if row[1] is not None
    }


def test_the_matrix_sheet_has_the_communes_outcomes_and_counts(
    coordinator: User, phuc_chu_review: Review, bao_linh_review: Review
) -> None:
    workbook = _workbook(coordinator)
    assert workbook.sheetnames == [MATRIX_SHEET, COUNTS_SHEET] == ["Ma trận", "Theo tiêu chí"]
    sheet = workbook[MATRIX_SHEET]
    assert sheet["A1"].value == "TÌNH HÌNH ĐẠT TIÊU CHÍ CỦA CÁC XÃ - TỈNH THÁI NGUYÊN"
    assert "nông thôn mới nâng cao" in sheet["A2"].value
    headers = [cell.value for cell in sheet[HEADER]]
    assert headers == [
        "STT",
        "Mã xã",
        "Tên xã",
        "Huyện (cũ)",
        "Năm rà soát",
        *(f"Tiêu chí {n}" for n in range(1, 20)),
        "Số tiêu chí đạt",
        "Ghi chú",
    ]
    rows = _rows(sheet)
    phuc_chu = rows["05560"]
    assert phuc_chu[2:5] == ["Xã Phúc Chu", "Huyện Định Hóa", 2024]
    assert phuc_chu[5:24] == ["Đạt" if n in PHUC_CHU_MET else "Chưa đạt" for n in range(1, 20)]
    assert phuc_chu[24] == 8
    assert phuc_chu[25] == "Đơn vị trước sắp xếp (đến 30/06/2025)"
    bao_linh = rows["05554"]
    assert bao_linh[5:10] == ["Đạt", "Đạt", "Chưa đạt", "Đạt", "Chưa xác định"]
    assert bao_linh[24] == 9 == len(BAO_LINH_MET)
    total = next(r for r in sheet.iter_rows(values_only=True) if r[2] == "Số xã đạt")
    assert list(total[5:24]) == [1, 1, 1, 2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 2, 2, 2, 0, 2, 2]
    fonts = {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert fonts == {"Times New Roman"}


def test_the_counts_sheet_has_each_criterions_communes(
    coordinator: User, phuc_chu_review: Review, bao_linh_review: Review
) -> None:
    sheet = _workbook(coordinator)[COUNTS_SHEET]
    assert [c.value for c in sheet[HEADER]] == [
        "Tiêu chí",
        "Tên tiêu chí",
        "Số xã đạt",
        "Số xã chưa đạt",
        "Số xã chưa xác định",
    ]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=HEADER + 1, values_only=True)}
    assert len(rows) == 19
    assert rows[1][1:] == ("Quy hoạch", 1, 1, 0)
    assert rows[4][2:] == (2, 0, 0)
    assert rows[5][2:] == (0, 1, 1)
    assert rows[17][2:] == (0, 2, 0)
    assert "số xã đã rà soát: 2" in sheet["A3"].value
    assert {c.font.name for row in sheet.iter_rows() for c in row if c.value} == {"Times New Roman"}


def test_the_export_applies_the_pages_filters(
    coordinator: User, province: Unit, phuc_chu_review: Review
) -> None:
    add_commune("05569", "Định Hóa", province, current=True)
    assert set(_rows(_workbook(coordinator)[MATRIX_SHEET])) == {"05560", "05569"}
    filtered = _workbook(coordinator, "?reviewed=on&year=2024&level=advanced")[MATRIX_SHEET]
    assert set(_rows(filtered)) == {"05560"}
    assert filtered["A3"].value == (
        "Bộ lọc: Năm 2024; cấp xã NTM nâng cao; chỉ các xã đã có rà soát"
    )
