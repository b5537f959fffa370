"""Write a review result as the summary table communes use, in XLSX.

Sheet "Tổng hợp" (titled in the active language): ``TT | Tiêu chí | Chỉ tiêu | Chuẩn |
Kết quả thực hiện | Tử số | Mẫu số | Tự đánh giá | Kết luận rà soát | Còn thiếu | Ghi chú``,
one row per criterion and one per indicator under it. Sheet "Thông tin": the commune,
year and set, so that :func:`ntm.core.io.review_files.read_review` reads the file back as
the same readings.

The column headers, the "Thông tin" sheet's name and its keys are the file format, which
the readers recognise: they stay in Vietnamese whatever the language. The title, the
summary sheet's name, the conclusions and the notes are text for people: translated.
"""

from __future__ import annotations

import math
from typing import Any, BinaryIO

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ntm.core.i18n import _
from ntm.core.io.review_tables import INFO_SHEET
from ntm.core.rules.results import (
    Basis,
    IndicatorResult,
    IndicatorStatus,
    Outcome,
    ReviewResult,
)
from ntm.core.values import format_decimal

__all__ = ["SUMMARY_HEADERS", "write_review_xlsx"]

#: The file format, read back by :mod:`ntm.core.io.review_tables`: fixed Vietnamese strings,
#: not translated, so that a file reads back the same whatever the language it was written in.
SUMMARY_HEADERS = (
    "TT",
    "Tiêu chí",
    "Chỉ tiêu",
    "Chuẩn",
    "Kết quả thực hiện",
    "Tử số",
    "Mẫu số",
    "Tự đánh giá",
    "Kết luận rà soát",
    "Còn thiếu",
    "Ghi chú",
)
_WIDTHS = (5, 28, 48, 14, 16, 9, 9, 13, 22, 16, 40)


def _outcome_label(outcome: Outcome) -> str:
    """A criterion's conclusion, in the active language (looked up when written)."""
    labels = {
        Outcome.MET: _("Met"),
        Outcome.NOT_MET: _("Not met"),
        Outcome.UNDECIDED: _("Undecided"),
    }
    return labels[outcome]


def _status_label(status: IndicatorStatus) -> str:
    """An indicator's conclusion, in the active language (looked up when written)."""
    labels = {
        IndicatorStatus.MET: _("Met"),
        IndicatorStatus.NOT_MET: _("Not met"),
        IndicatorStatus.NO_DATA: _("No data"),
        IndicatorStatus.THRESHOLD_UNCONFIRMED: _("Threshold not verified"),
        IndicatorStatus.UNDECIDED: _("Undecided"),
    }
    return labels[status]


#: The font of Vietnamese administrative documents (NĐ 30/2020/NĐ-CP); LibreOffice shows
#: Liberation Serif in its place where it is not installed.
_FONT = "Times New Roman"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_NOT_MET_FILL = PatternFill("solid", fgColor="FDE2E1")
_MET_FILL = PatternFill("solid", fgColor="E3F4E1")


def _print_setup(sheet: Any, header_row: int) -> None:
    """A4 landscape, one page wide, the header row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def write_review_xlsx(result: ReviewResult, *, out: BinaryIO) -> None:
    """Write ``result`` as an XLSX workbook to ``out`` (see the module docstring for the layout)."""
    workbook = openpyxl.Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Summary")
    review = result.review
    sheet["A1"] = _("SUMMARY OF THE CRITERIA REVIEW - COMMUNE {commune} YEAR {year}").format(
        commune=review.commune.name.upper(), year=review.year
    )
    sheet["A1"].font = Font(name=_FONT, bold=True, size=13)
    sheet["A2"] = f"{result.criteria_set.name}"
    sheet["A2"].font = Font(name=_FONT, italic=True, size=12)
    header_row = 3
    for column, (title, width) in enumerate(zip(SUMMARY_HEADERS, _WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font = Font(name=_FONT, bold=True, size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    row = header_row + 1
    for criterion_result in result.criteria:
        stated = criterion_result.stated
        outcome = _outcome_label(criterion_result.outcome)
        if criterion_result.basis is Basis.STATED:
            outcome = _("{outcome} (per the commune's self-assessment)").format(outcome=outcome)
        values = [
            criterion_result.number,
            criterion_result.criterion.name,
            None,
            None,
            None,
            None,
            None,
            None if stated is None else stated.label_vi,
            outcome,
            None,
            None,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.font = Font(name=_FONT, bold=True, size=12)
        fill = _MET_FILL if criterion_result.outcome is Outcome.MET else _NOT_MET_FILL
        sheet.cell(row=row, column=9).fill = fill
        row += 1
        for indicator_result in criterion_result.indicators:
            _write_indicator(sheet, row, indicator_result)
            row += 1
    for model_result in result.model_conditions:
        for indicator_result in model_result.indicators:
            _write_indicator(sheet, row, indicator_result)
            row += 1
    for wrap_row in sheet.iter_rows(min_row=header_row + 1, max_row=row - 1):
        lines = 1
        for cell, width in zip(wrap_row, _WIDTHS, strict=False):
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = _BORDER
            if not cell.font.bold:
                cell.font = Font(name=_FONT, size=12)
            if cell.value is not None:
                lines = max(lines, math.ceil(len(str(cell.value)) * 1.15 / width))
        # Spreadsheet programs do not grow a row to its wrapped text on opening.
        sheet.row_dimensions[wrap_row[0].row].height = 16 * lines
    _print_setup(sheet, header_row)

    info = workbook.create_sheet(INFO_SHEET)
    commune = review.commune
    held = ", ".join(
        f"{item.level.value}:{item.year}" if item.year else item.level.value
        for item in review.recognitions
    )
    # The keys are the file format (the reader's info keys): not translated.
    pairs = [
        ("Xã", commune.name),
        ("Mã xã", commune.code),
        ("Tỉnh", commune.province or None),
        ("Vùng", commune.region),
        ("Nhóm xã", commune.commune_group),
        ("Năm", review.year),
        ("Bộ tiêu chí", result.criteria_set.code),
        ("Đã công nhận", held or None),
        ("Tiêu đề", review.title or None),
        # Not read back: a label for people, translated.
        (_("Met"), f"{result.met_count}/{result.criteria_set.criteria_count}"),
    ]
    for index, (key, value) in enumerate(pairs, start=1):
        info.cell(row=index, column=1, value=key).font = Font(bold=True)
        info.cell(row=index, column=2, value=value)
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 60
    workbook.save(out)


def _write_indicator(sheet: Any, row: int, result: IndicatorResult) -> None:
    reading = result.reading
    indicator = result.indicator
    value_text = None
    if reading is not None:
        if reading.result is not None:
            value_text = reading.result.label_vi
        elif reading.value is not None:
            value_text = reading.value.raw or format_decimal(reading.value.number)
    gap = None
    if result.gap is not None:
        unit = indicator.unit if indicator.unit == "%" else f" {indicator.unit}"
        gap = f"{format_decimal(result.gap)}{unit}".strip()
        if result.units_needed:
            gap += f" ({result.units_needed} {indicator.numerator})"
    notes = [reading.source] if reading is not None and reading.source else []
    if reading is not None and reading.note:
        notes.append(reading.note)
    if result.provisional:
        notes.append(_("threshold not verified against the original document"))
    values = [
        None,
        None,
        f"{indicator.code}. {indicator.name}",
        indicator.describe_threshold(result.threshold),
        value_text,
        None if reading is None or reading.numerator is None else int(reading.numerator),
        None if reading is None or reading.denominator is None else int(reading.denominator),
        None if reading is None or reading.verdict is None else reading.verdict.label_vi,
        _status_label(result.status),
        gap,
        "; ".join(notes) or None,
    ]
    for column, value in enumerate(values, start=1):
        sheet.cell(row=row, column=column, value=value)
    if result.status is IndicatorStatus.NOT_MET:
        sheet.cell(row=row, column=9).fill = _NOT_MET_FILL
