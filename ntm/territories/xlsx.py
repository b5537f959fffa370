"""The province's matrix as an XLSX workbook for the province's office.

Sheet "Ma trận": one row per commune, one column per criterion ("Đạt", "Chưa đạt", "Chưa xác
định"; empty without a review), the number met, and a last row with the number of communes
meeting each criterion. Sheet "Theo tiêu chí": per criterion, how many communes meet it,
fail it, or cannot decide it. The workbook is Vietnamese whatever the interface language
(it is a document, like the plan and the report) and set in Times New Roman.
"""

from __future__ import annotations

import datetime
from typing import Any, BinaryIO

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ntm.core.rules.results import Outcome
from ntm.territories.selectors import ProvinceMatrix

MATRIX_SHEET = "Ma trận"
COUNTS_SHEET = "Theo tiêu chí"

#: The font of Vietnamese administrative documents (NĐ 30/2020/NĐ-CP).
FONT = "Times New Roman"
OUTCOME_TEXT = {
    Outcome.MET: "Đạt",
    Outcome.NOT_MET: "Chưa đạt",
    Outcome.UNDECIDED: "Chưa xác định",
}
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILLS = {
    Outcome.MET: PatternFill("solid", fgColor="E3F4E1"),
    Outcome.NOT_MET: PatternFill("solid", fgColor="FDE2E1"),
    Outcome.UNDECIDED: PatternFill("solid", fgColor="FFF4D6"),
}
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP = Alignment(vertical="top", wrap_text=True)


def _day(date: datetime.date) -> str:
    return f"{date:%d/%m/%Y}"


def filters_text(matrix: ProvinceMatrix) -> str:
    """The filters applied, in Vietnamese ("Năm 2024; cấp xã NTM nâng cao; …")."""
    parts = [f"Năm {matrix.year}" if matrix.year else "Rà soát gần nhất của mỗi xã"]
    if matrix.level is not None:
        parts.append(f"cấp {matrix.level.label_vi}")
    if matrix.district is not None:
        parts.append(f"{matrix.district.full_name} (cũ)")
    if matrix.reviewed_only:
        parts.append("chỉ các xã đã có rà soát")
    return "; ".join(parts)


def _header(sheet: Any, row: int, titles: list[str], widths: list[int]) -> None:
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = Font(name=FONT, bold=True, size=12)
        cell.alignment = _CENTER
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width


def _title(sheet: Any, lines: list[str]) -> None:
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(name=FONT, bold=row == 1, italic=row > 1, size=13 if row == 1 else 12)


def _cell(sheet: Any, row: int, column: int, value: object, *, bold: bool = False) -> Any:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font = Font(name=FONT, size=12, bold=bold)
    cell.border = _BORDER
    cell.alignment = _TOP
    return cell


def write_province_matrix_xlsx(matrix: ProvinceMatrix, *, out: BinaryIO) -> None:
    """Write ``matrix`` (with its filters) as an XLSX workbook to ``out``."""
    workbook = openpyxl.Workbook()
    sheet: Any = workbook.active
    sheet.title = MATRIX_SHEET
    province = matrix.province
    set_name = matrix.criteria_set.name if matrix.criteria_set else "Chưa có rà soát"
    _title(
        sheet,
        [
            f"TÌNH HÌNH ĐẠT TIÊU CHÍ CỦA CÁC XÃ - {province.full_name.upper()}",
            set_name,
            f"Bộ lọc: {filters_text(matrix)}",
        ],
    )
    header_row = 5
    criteria = matrix.criteria
    fixed = ["STT", "Mã xã", "Tên xã", "Huyện (cũ)", "Năm rà soát"]
    titles = [*fixed, *(f"Tiêu chí {c.number}" for c in criteria), "Số tiêu chí đạt", "Ghi chú"]
    widths = [6, 9, 22, 16, 9, *(9 for _c in criteria), 10, 30]
    _header(sheet, header_row, titles, widths)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=len(fixed) + 1)
    row = header_row
    for index, matrix_row in enumerate(matrix.rows, start=1):
        row += 1
        commune = matrix_row.commune
        parent = commune.parent
        notes = []
        if commune.valid_to is not None:
            last = commune.valid_to - datetime.timedelta(days=1)
            notes.append(f"Đơn vị trước sắp xếp (đến {_day(last)})")
        if matrix_row.error:
            notes.append(f"Không đánh giá được: {matrix_row.error}")
        values: list[object] = [
            index,
            commune.code,
            commune.full_name,
            parent.full_name if parent is not None and parent.kind == "district" else None,
            matrix_row.review.year if matrix_row.review is not None else None,
        ]
        for column, value in enumerate(values, start=1):
            _cell(sheet, row, column, value)
        for offset, outcome in enumerate(matrix_row.outcomes):
            cell = _cell(sheet, row, len(fixed) + 1 + offset, None)
            cell.alignment = _CENTER
            if outcome is not None:
                cell.value = OUTCOME_TEXT[outcome]
                cell.fill = _FILLS[outcome]
        met_column = len(fixed) + len(criteria) + 1
        _cell(sheet, row, met_column, matrix_row.met_count, bold=True).alignment = _CENTER
        _cell(sheet, row, met_column + 1, "; ".join(notes) or None)
    row += 1
    for column in range(1, len(fixed) + 1):
        _cell(sheet, row, column, "Số xã đạt" if column == 3 else None, bold=True)
    for offset, count in enumerate(matrix.counts):
        _cell(sheet, row, len(fixed) + 1 + offset, count.met, bold=True).alignment = _CENTER
    _cell(sheet, row, len(fixed) + len(criteria) + 1, None)
    _cell(sheet, row, len(fixed) + len(criteria) + 2, None)
    _page_setup(sheet, header_row)

    counts: Any = workbook.create_sheet(COUNTS_SHEET)
    _title(
        counts,
        [
            f"SỐ XÃ ĐẠT TỪNG TIÊU CHÍ - {province.full_name.upper()}",
            set_name,
            f"Bộ lọc: {filters_text(matrix)}; số xã đã rà soát: {matrix.reviewed}",
        ],
    )
    _header(
        counts,
        header_row,
        ["Tiêu chí", "Tên tiêu chí", "Số xã đạt", "Số xã chưa đạt", "Số xã chưa xác định"],
        [9, 45, 12, 12, 14],
    )
    row = header_row
    for count in matrix.counts:
        row += 1
        values = [count.criterion.number, count.criterion.name, count.met]
        for column, value in enumerate([*values, count.not_met, count.undecided], start=1):
            _cell(counts, row, column, value)
    _page_setup(counts, header_row)
    workbook.save(out)


def _page_setup(sheet: Any, header_row: int) -> None:
    """A4 landscape, one page wide, the header row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
