"""A wrong catalog workbook is refused with a message naming the file, sheet, row and column."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ntm.core.catalog import CriteriaSet, parse_criteria_set
from ntm.core.exceptions import InputError, Location
from ntm.core.io.catalog_xlsx import (
    CRITERIA_SHEET,
    INDICATORS_SHEET,
    SET_SHEET,
    THRESHOLDS_SHEET,
    export_criteria_set,
    import_criteria_set,
)
from ntm.core.io.catalog_yaml import dump_criteria_set
from ntm.core.yamlio import load_yaml

NAME = "thai-nguyen-2025.xlsx"

SMALL_SET = """
schema: ntm-criteria-set/1
code: xa-thu-nghiem-2021-2025
name: Bộ tiêu chí thử nghiệm
level: advanced
period: {start: 2021, end: 2025}
legal_basis:
  decision: QĐ 1/QĐ-TEST
  date: "2022-03-08"
  issuer: UBND tỉnh Thử Nghiệm
  verified: false
other_legal_bases:
  - decision: QĐ 2/QĐ-TEST
    issuer: UBND tỉnh Thử Nghiệm
    verified: true
region_scheme: regions
requires: [basic]
criteria:
  - number: 9
    name: Nhà ở dân cư
    source: QĐ 1/QĐ-TEST, Phụ lục
    verified: true
    indicators:
      - code: "9.1"
        name: Tỷ lệ hộ có nhà ở kiên cố hoặc bán kiên cố
        kind: ratio
        unit: "%"
        numerator: hộ
        denominator: hộ
        comparator: ">="
        source: QĐ 1/QĐ-TEST
        verified: true
        thresholds:
          - value: "95"
            regions: [ĐBSH, ĐNB]
            source: QĐ 1/QĐ-TEST
            verified: true
          - value: null
            source: QĐ 1/QĐ-TEST (VERIFY)
            verified: false
  - number: 10
    name: Thu nhập
    source: QĐ 1/QĐ-TEST, Phụ lục
    verified: false
    indicators:
      - code: "10"
        name: Thu nhập bình quân đầu người
        kind: quantity
        unit: triệu đồng/người/năm
        comparator: ">="
        source: QĐ 1/QĐ-TEST
        verified: false
        thresholds:
          - value: "1.10"
            years: {from: 2024, to: 2025}
            source: QĐ 1/QĐ-TEST
            verified: false
      - code: "10.2"
        name: Có mô hình thôn thông minh
        kind: yes_no
        source: QĐ 1/QĐ-TEST
        verified: false
"""


def _small_set() -> CriteriaSet:
    return parse_criteria_set(load_yaml(SMALL_SET, file="small.yaml"), file="small.yaml")


def _workbook_bytes(edit: Callable[[openpyxl.Workbook], None] | None = None) -> bytes:
    """The small set exported, then edited with openpyxl as a person would in Excel."""
    buffer = io.BytesIO()
    export_criteria_set(_small_set(), out=buffer)
    if edit is None:
        return buffer.getvalue()
    buffer.seek(0)
    workbook = openpyxl.load_workbook(buffer)
    edit(workbook)
    edited = io.BytesIO()
    workbook.save(edited)
    return edited.getvalue()


def _column(sheet: Worksheet, key: str) -> int:
    for cell in sheet[1]:
        if str(cell.value).endswith(f"({key})"):
            return cell.column
    raise AssertionError(f"no column {key} on {sheet.title}")


def _set_cell(sheet_title: str, row: int, key: str, value: Any) -> Callable[[Any], None]:
    def edit(workbook: openpyxl.Workbook) -> None:
        sheet = workbook[sheet_title]
        sheet.cell(row=row, column=_column(sheet, key)).value = value

    return edit


def _set_key_value(key: str, value: Any) -> Callable[[Any], None]:
    def edit(workbook: openpyxl.Workbook) -> None:
        sheet = workbook[SET_SHEET]
        for row in sheet.iter_rows(min_row=2):
            if str(row[0].value).endswith(f"({key})"):
                row[1].value = value
                return
        raise AssertionError(f"no key {key}")

    return edit


def _import_error(content: bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        import_criteria_set(content, name=NAME)
    return caught.value


def _threshold_row(code: str) -> int:
    """The row on sheet Ngưỡng of the first threshold of an indicator in the small set."""
    workbook = openpyxl.load_workbook(io.BytesIO(_workbook_bytes()))
    sheet = workbook[THRESHOLDS_SHEET]
    column = _column(sheet, "indicator")
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=column).value == code:
            return row
    raise AssertionError(code)


# --- the small set itself


def test_the_small_set_comes_back_unchanged() -> None:
    assert import_criteria_set(_workbook_bytes(), name=NAME) == _small_set()


# --- the file


def test_a_file_that_is_not_a_workbook_is_refused_naming_the_file() -> None:
    error = _import_error(b"code,name\nxa-ntm,Xa NTM\n")
    assert "not an XLSX workbook" in error.message
    assert error.location.file == NAME
    assert str(error).startswith(f"{NAME}: ")


def test_a_zip_that_is_not_a_workbook_is_refused_naming_the_file() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    error = _import_error(buffer.getvalue())
    assert "not a readable XLSX spreadsheet (KeyError)" in error.message
    assert error.location.file == NAME


def test_a_missing_sheet_is_named() -> None:
    def drop(workbook: openpyxl.Workbook) -> None:
        del workbook[THRESHOLDS_SHEET]

    error = _import_error(_workbook_bytes(drop))
    assert error.message.startswith(f"the workbook has no sheet '{THRESHOLDS_SHEET}'")
    assert error.location.file == NAME
    assert error.location.sheet == THRESHOLDS_SHEET


def test_the_guide_sheet_may_be_deleted() -> None:
    def drop(workbook: openpyxl.Workbook) -> None:
        del workbook["Hướng dẫn"]

    assert import_criteria_set(_workbook_bytes(drop), name=NAME) == _small_set()


# --- columns


def test_a_missing_column_is_named_with_its_header() -> None:
    def drop(workbook: openpyxl.Workbook) -> None:
        sheet = workbook[INDICATORS_SHEET]
        sheet.delete_cols(_column(sheet, "kind"))

    error = _import_error(_workbook_bytes(drop))
    assert error.message == "column 'Loại (kind)' is missing"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        INDICATORS_SHEET,
        1,
        "Loại (kind)",
    )


def test_an_unknown_column_is_named() -> None:
    error = _import_error(_workbook_bytes(_set_cell(CRITERIA_SHEET, 1, "group", "Màu sắc")))
    assert error.message.startswith("unknown column 'Màu sắc'; the columns are ")
    assert (error.location.sheet, error.location.row, error.location.column) == (
        CRITERIA_SHEET,
        1,
        "Màu sắc",
    )


def test_a_repeated_column_is_refused() -> None:
    error = _import_error(_workbook_bytes(_set_cell(CRITERIA_SHEET, 1, "group", "Ghi chú")))
    assert error.message == "column 'Ghi chú (note)' appears twice (also as 'Ghi chú')"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        CRITERIA_SHEET,
        1,
        "Ghi chú (note)",
    )


def test_optional_columns_may_be_deleted_and_columns_may_be_reordered() -> None:
    def rearrange(workbook: openpyxl.Workbook) -> None:
        criteria = workbook[CRITERIA_SHEET]
        criteria.delete_cols(_column(criteria, "group"))
        thresholds = workbook[THRESHOLDS_SHEET]
        thresholds.delete_cols(_column(thresholds, "indicator_name"))
        indicators = workbook[INDICATORS_SHEET]
        code_column = _column(indicators, "code")
        name_column = _column(indicators, "name")
        for row in range(1, indicators.max_row + 1):
            code = indicators.cell(row=row, column=code_column)
            name = indicators.cell(row=row, column=name_column)
            code.value, name.value = name.value, code.value

    assert import_criteria_set(_workbook_bytes(rearrange), name=NAME) == _small_set()


def test_a_header_may_be_the_vietnamese_label_alone() -> None:
    edit = _set_cell(INDICATORS_SHEET, 1, "unit", "đơn vị")
    assert import_criteria_set(_workbook_bytes(edit), name=NAME) == _small_set()


# --- cells


def test_a_verified_cell_that_is_not_co_or_khong_is_refused() -> None:
    error = _import_error(_workbook_bytes(_set_cell(CRITERIA_SHEET, 2, "verified", "chắc chắn")))
    assert error.message == (
        "'chắc chắn' is not 'có' or 'không' (also accepted: true/false, x/empty)"
    )
    assert (error.location.sheet, error.location.row, error.location.column) == (
        CRITERIA_SHEET,
        2,
        "Đã đối chiếu (verified)",
    )


@pytest.mark.parametrize(
    ("written", "meaning"),
    [
        ("có", True),
        ("Có", True),
        ("x", True),
        ("TRUE", True),
        (True, True),
        ("không", False),
        ("false", False),
        (None, False),
        (False, False),
    ],
)
def test_verified_accepts_co_khong_true_false_x_and_blank(written: Any, meaning: bool) -> None:
    imported = import_criteria_set(
        _workbook_bytes(_set_cell(CRITERIA_SHEET, 2, "verified", written)), name=NAME
    )
    assert imported.criterion(9).verified is meaning


def test_a_threshold_value_that_is_not_a_number_is_refused() -> None:
    row = _threshold_row("9.1")
    error = _import_error(_workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "value", "abc")))
    assert error.message.startswith("'abc' is not a number; write e.g. 95 or 12,5")
    assert (error.location.sheet, error.location.row, error.location.column) == (
        THRESHOLDS_SHEET,
        row,
        "Giá trị ngưỡng (value)",
    )
    assert error.location.indicator == "9.1"
    assert error.location.file == NAME


def test_a_threshold_with_a_decimal_comma_is_accepted_and_stored_with_a_point() -> None:
    row = _threshold_row("9.1")
    imported = import_criteria_set(
        _workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "value", "12,5")), name=NAME
    )
    value = imported.indicator("9.1").thresholds[0].value
    assert value == Decimal("12.5")
    assert str(value) == "12.5"
    assert "value: '12.5'" in dump_criteria_set(imported)


@pytest.mark.parametrize(
    ("written", "stored"),
    [("1.10", "1.10"), ("0.125", "0.125"), ("97,5%", "97.5"), (96, "96"), (12.5, "12.5")],
)
def test_threshold_values_are_kept_exact(written: Any, stored: str) -> None:
    row = _threshold_row("9.1")
    imported = import_criteria_set(
        _workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "value", written)), name=NAME
    )
    assert str(imported.indicator("9.1").thresholds[0].value) == stored


def test_an_empty_threshold_value_stays_unknown() -> None:
    row = _threshold_row("9.1")
    imported = import_criteria_set(
        _workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "value", None)), name=NAME
    )
    assert imported.indicator("9.1").thresholds[0].value is None


def test_a_threshold_for_an_indicator_not_on_the_indicator_sheet_is_refused() -> None:
    row = _threshold_row("9.1")
    error = _import_error(_workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "indicator", "9.9")))
    assert error.message == f"indicator 9.9 is not on sheet '{INDICATORS_SHEET}'"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        THRESHOLDS_SHEET,
        row,
        "Mã chỉ tiêu (indicator)",
    )


def test_a_threshold_for_a_yes_no_indicator_is_refused() -> None:
    row = _threshold_row("9.1")
    error = _import_error(_workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "indicator", "10.2")))
    assert error.message == (
        "indicator 10.2 is yes_no (Đạt / Chưa đạt): it takes no threshold rows"
    )
    assert (error.location.sheet, error.location.row) == (THRESHOLDS_SHEET, row)


def test_an_unknown_region_code_is_refused() -> None:
    row = _threshold_row("9.1")
    error = _import_error(
        _workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "regions", "ĐBSH, Miền Tây"))
    )
    assert error.message.startswith("'Miền Tây' is not a region code; write some of TDMNPB, ")
    assert (error.location.sheet, error.location.row, error.location.column) == (
        THRESHOLDS_SHEET,
        row,
        "Vùng (regions)",
    )


def test_region_codes_are_read_in_any_case_and_order() -> None:
    row = _threshold_row("9.1")
    imported = import_criteria_set(
        _workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "regions", "đnb; ĐBSH")), name=NAME
    )
    assert imported.indicator("9.1").thresholds[0].regions == frozenset({"ĐBSH", "ĐNB"})


def test_a_half_filled_relative_threshold_is_refused() -> None:
    row = _threshold_row("10")
    edit = _set_cell(THRESHOLDS_SHEET, row, "relative_to.factor", "1.10")
    error = _import_error(_workbook_bytes(edit))
    assert error.message.startswith("a relative threshold needs the set, the indicator and")
    assert (error.location.sheet, error.location.row, error.location.column) == (
        THRESHOLDS_SHEET,
        row,
        "Theo bộ tiêu chí (relative_to.criteria_set)",
    )


def test_a_year_range_that_ends_before_it_starts_is_refused() -> None:
    row = _threshold_row("10")
    error = _import_error(_workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "year_to", 2023)))
    assert error.message == "year_from 2024 is after year_to 2023"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        THRESHOLDS_SHEET,
        row,
        "Từ năm (year_from)",
    )


def test_an_unknown_kind_is_refused() -> None:
    error = _import_error(_workbook_bytes(_set_cell(INDICATORS_SHEET, 2, "kind", "percent")))
    assert error.message == "'percent' is not a kind; write one of ratio, quantity, yes_no"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        INDICATORS_SHEET,
        2,
        "Loại (kind)",
    )
    assert error.location.indicator == "9.1"


def test_an_unknown_comparator_is_refused_and_the_signs_are_accepted() -> None:
    error = _import_error(_workbook_bytes(_set_cell(INDICATORS_SHEET, 2, "comparator", "=")))
    assert error.message == "'=' is not a comparator; write one of >=, >, <=, <"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        INDICATORS_SHEET,
        2,
        "So sánh (comparator)",
    )
    accepted = import_criteria_set(
        _workbook_bytes(_set_cell(INDICATORS_SHEET, 2, "comparator", "≥")), name=NAME
    )
    assert accepted == _small_set()


def test_a_comparator_on_a_yes_no_indicator_is_refused() -> None:
    error = _import_error(_workbook_bytes(_set_cell(INDICATORS_SHEET, 4, "comparator", ">=")))
    assert error.message.startswith("a yes_no indicator (Đạt / Chưa đạt) takes no comparator")
    assert (error.location.sheet, error.location.row, error.location.indicator) == (
        INDICATORS_SHEET,
        4,
        "10.2",
    )


def test_a_ratio_without_a_comparator_is_refused() -> None:
    error = _import_error(_workbook_bytes(_set_cell(INDICATORS_SHEET, 2, "comparator", None)))
    assert error.message == "a ratio indicator needs a comparator: one of >=, >, <=, <"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        INDICATORS_SHEET,
        2,
        "So sánh (comparator)",
    )


def test_an_indicator_of_a_criterion_not_on_the_criteria_sheet_is_refused() -> None:
    error = _import_error(_workbook_bytes(_set_cell(INDICATORS_SHEET, 3, "criterion", 11)))
    assert error.message == f"criterion 11 is not on sheet '{CRITERIA_SHEET}'"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        INDICATORS_SHEET,
        3,
        "Số tiêu chí (criterion)",
    )


def test_a_repeated_indicator_code_is_refused_naming_both_rows() -> None:
    error = _import_error(_workbook_bytes(_set_cell(INDICATORS_SHEET, 4, "code", "10")))
    assert error.message == "indicator code 10 appears twice (also on row 3)"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        INDICATORS_SHEET,
        4,
        "Mã chỉ tiêu (code)",
    )


def test_a_repeated_criterion_number_is_refused() -> None:
    error = _import_error(_workbook_bytes(_set_cell(CRITERIA_SHEET, 3, "number", 9)))
    assert error.message == "criterion 9 appears twice (also on row 2)"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        CRITERIA_SHEET,
        3,
        "Số tiêu chí (number)",
    )


def test_an_indicator_code_that_excel_turned_into_a_number_is_refused() -> None:
    error = _import_error(_workbook_bytes(_set_cell(INDICATORS_SHEET, 2, "code", 9.1)))
    assert error.message.startswith("the code 9.1 was stored as a number")
    assert (error.location.sheet, error.location.row, error.location.column) == (
        INDICATORS_SHEET,
        2,
        "Mã chỉ tiêu (code)",
    )


def test_an_unknown_level_on_the_set_sheet_is_refused() -> None:
    error = _import_error(_workbook_bytes(_set_key_value("level", "xuất sắc")))
    assert error.message == "'xuất sắc' is not a level; write one of basic, advanced, model, modern"
    assert error.location.sheet == SET_SHEET
    assert error.location.row == 4
    assert error.location.column == "Giá trị (value)"
    assert error.location.field == "level"


def test_an_unknown_key_on_the_set_sheet_is_refused() -> None:
    def add(workbook: openpyxl.Workbook) -> None:
        sheet = workbook[SET_SHEET]
        sheet.append(["Màu (colour)", "xanh"])

    content = _workbook_bytes(add)
    error = _import_error(content)
    assert error.message.startswith("unknown key 'Màu (colour)'; the keys are code, name, ")
    assert error.location.sheet == SET_SHEET
    assert error.location.column == "Trường (key)"
    assert error.location.row is not None and error.location.row > 17


def test_a_date_may_be_written_the_vietnamese_way_but_not_as_nonsense() -> None:
    imported = import_criteria_set(
        _workbook_bytes(_set_key_value("legal_basis.date", "08/03/2022")), name=NAME
    )
    assert imported.legal_basis.date == "2022-03-08"
    error = _import_error(_workbook_bytes(_set_key_value("legal_basis.date", "31/02/2022")))
    assert error.message == "'31/02/2022' is not a date; write YYYY-MM-DD or dd/mm/yyyy"
    assert (error.location.sheet, error.location.row) == (SET_SHEET, 8)


def test_an_empty_source_breaks_the_schema_and_names_the_cell() -> None:
    error = _import_error(_workbook_bytes(_set_cell(CRITERIA_SHEET, 3, "source", None)))
    assert error.message == "a value is required for 'source'"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        CRITERIA_SHEET,
        3,
        "Nguồn (source)",
    )
    assert error.location.criterion == "10"


def test_a_missing_set_name_breaks_the_schema_and_names_the_sheet() -> None:
    error = _import_error(_workbook_bytes(_set_key_value("name", None)))
    assert error.message == "a value is required for 'name'"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        SET_SHEET,
        3,
        "Giá trị (value)",
    )


def test_a_threshold_without_a_source_names_its_row_on_the_threshold_sheet() -> None:
    row = _threshold_row("10")
    error = _import_error(_workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "source", " ")))
    assert error.message == "a value is required for 'source'"
    assert (error.location.sheet, error.location.row, error.location.column) == (
        THRESHOLDS_SHEET,
        row,
        "Nguồn (source)",
    )
    assert (error.location.criterion, error.location.indicator) == ("10", "10")


def test_an_other_legal_basis_without_an_issuer_names_its_row() -> None:
    error = _import_error(_workbook_bytes(_set_key_value("other_legal_bases.1.issuer", None)))
    assert error.message == "a value is required for 'issuer'"
    assert error.location.sheet == SET_SHEET
    assert error.location.column == "Giá trị (value)"
    assert error.location.row == 22


# --- rules of the parser, mapped to the cell to blame


def _edits(*edits: Callable[[Any], None]) -> Callable[[Any], None]:
    def edit(workbook: openpyxl.Workbook) -> None:
        for one in edits:
            one(workbook)

    return edit


@pytest.mark.parametrize(
    ("edit", "message", "sheet", "row", "column", "indicator", "field"),
    [
        (
            lambda: _set_cell(THRESHOLDS_SHEET, _threshold_row("9.1") + 1, "regions", "ĐNB, TN"),
            "thresholds 1 and 2 of indicator 9.1 both apply to region ĐNB and are equally "
            "specific, so a review could not tell which one to use; narrow one of them "
            "(regions, commune groups, years) or remove one",
            THRESHOLDS_SHEET,
            3,
            None,
            "9.1",
            "thresholds",
        ),
        (
            lambda: _set_cell(THRESHOLDS_SHEET, _threshold_row("9.1"), "value", "120"),
            "threshold 1: the value 120% is above 100%, which a ratio cannot reach",
            THRESHOLDS_SHEET,
            2,
            "Giá trị ngưỡng (value)",
            "9.1",
            "value",
        ),
        (
            lambda: _set_cell(THRESHOLDS_SHEET, _threshold_row("10"), "value", "-5"),
            "threshold 1: the value -5 is negative",
            THRESHOLDS_SHEET,
            4,
            "Giá trị ngưỡng (value)",
            "10",
            "value",
        ),
        (
            lambda: _set_cell(THRESHOLDS_SHEET, _threshold_row("10"), "year_to", 2200),
            "threshold 1: the year 2200 is outside 1900-2100",
            THRESHOLDS_SHEET,
            4,
            "Đến năm (year_to)",
            "10",
            "years.to",
        ),
        (
            lambda: _edits(
                _set_cell(THRESHOLDS_SHEET, 4, "relative_to.criteria_set", "xa-ntm-2021-2025"),
                _set_cell(THRESHOLDS_SHEET, 4, "relative_to.indicator", "10"),
                _set_cell(THRESHOLDS_SHEET, 4, "relative_to.factor", "1.10"),
            ),
            "threshold 1: it has both a value (1.10) and relative_to; a relative threshold is "
            "computed from the other set's, so leave the value empty (null)",
            THRESHOLDS_SHEET,
            4,
            "Giá trị ngưỡng (value)",
            "10",
            "value",
        ),
        (
            lambda: _edits(
                _set_cell(THRESHOLDS_SHEET, 4, "value", None),
                _set_cell(THRESHOLDS_SHEET, 4, "relative_to.criteria_set", "xa-ntm-2021-2025"),
                _set_cell(THRESHOLDS_SHEET, 4, "relative_to.indicator", "10"),
                _set_cell(THRESHOLDS_SHEET, 4, "relative_to.factor", "0"),
            ),
            "threshold 1: the relative_to factor 0 must be above 0",
            THRESHOLDS_SHEET,
            4,
            "Hệ số (relative_to.factor)",
            "10",
            "relative_to.factor",
        ),
        (
            lambda: _set_cell(INDICATORS_SHEET, 2, "unit", "hộ"),
            "a ratio indicator is a percentage: its unit must be '%', not 'hộ'",
            INDICATORS_SHEET,
            2,
            "Đơn vị (unit)",
            "9.1",
            "unit",
        ),
        (
            lambda: _set_cell(INDICATORS_SHEET, 4, "numerator", "thôn"),
            "a yes_no indicator (Đạt / Chưa đạt) has no numerator; remove 'thôn'",
            INDICATORS_SHEET,
            4,
            "Tử số (numerator)",
            "10.2",
            "numerator",
        ),
        (
            lambda: _set_key_value("period.start", 2026),
            "the period starts in 2026, after it ends in 2025",
            SET_SHEET,
            5,
            "Giá trị (value)",
            None,
            "period.start",
        ),
        (
            lambda: _set_key_value("period.end", 3025),
            "the year 3025 is outside 1900-2100",
            SET_SHEET,
            6,
            "Giá trị (value)",
            None,
            "period.end",
        ),
    ],
)
def test_data_the_parser_refuses_is_blamed_on_its_cell(
    edit: Callable[[], Callable[[Any], None]],
    message: str,
    sheet: str,
    row: int,
    column: str | None,
    indicator: str | None,
    field: str,
) -> None:
    error = _import_error(_workbook_bytes(edit()))
    assert error.message == message
    assert (error.location.file, error.location.sheet, error.location.row) == (NAME, sheet, row)
    assert (error.location.column, error.location.indicator, error.location.field) == (
        column,
        indicator,
        field,
    )


# --- cells openpyxl would misread


def _value_cell(code: str) -> tuple[int, str]:
    """The row and the column letter of the value of an indicator's first threshold."""
    workbook = openpyxl.load_workbook(io.BytesIO(_workbook_bytes()))
    sheet = workbook[THRESHOLDS_SHEET]
    return _threshold_row(code), sheet.cell(row=1, column=_column(sheet, "value")).column_letter


def _with_raw_cell(content: bytes, reference: str, inner_xml: str) -> bytes:
    """The workbook with one cell of sheet Ngưỡng (sheet4.xml) replaced by a raw numeric cell."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet4.xml":
                data, count = re.subn(
                    rf'<c r="{reference}"[^>]*?(/>|>.*?</c>)'.encode(),
                    f'<c r="{reference}" t="n">{inner_xml}</c>'.encode(),
                    data,
                    count=1,
                )
                assert count == 1
            target.writestr(info, data)
    return out.getvalue()


def test_a_formula_without_a_computed_value_is_refused_naming_the_cell() -> None:
    row, letter = _value_cell("9.1")
    # openpyxl writes the formula and no cached value, as any program but a spreadsheet does
    error = _import_error(_workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "value", "=90+5")))
    assert error.message == (
        f"cell {letter}{row} holds a formula without a computed value (=90+5): open and save "
        "the file in Excel/LibreOffice, or type the number"
    )
    assert (error.location.sheet, error.location.row, error.location.column) == (
        THRESHOLDS_SHEET,
        row,
        "Giá trị ngưỡng (value)",
    )


def test_a_formula_saved_with_its_computed_value_is_read_as_that_value() -> None:
    row, letter = _value_cell("9.1")
    content = _with_raw_cell(_workbook_bytes(), f"{letter}{row}", "<f>90+5</f><v>95</v>")
    assert import_criteria_set(content, name=NAME) == _small_set()


def test_a_formula_in_a_reference_only_column_is_ignored() -> None:
    edit = _set_cell(THRESHOLDS_SHEET, 2, "indicator_name", "=A2")
    assert import_criteria_set(_workbook_bytes(edit), name=NAME) == _small_set()


@pytest.mark.parametrize("written", ["1e-400", "2E+3", "1,5e2", "9.5E1"])
def test_a_number_typed_in_exponent_notation_is_refused(written: str) -> None:
    row, _letter = _value_cell("10")
    error = _import_error(_workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "value", written)))
    assert error.message == (
        f"'{written}' is written in exponent notation; type the number in full (e.g. 95 or 12,5)"
    )
    assert (error.location.sheet, error.location.row, error.location.column) == (
        THRESHOLDS_SHEET,
        row,
        "Giá trị ngưỡng (value)",
    )


@pytest.mark.parametrize("stored", ["1E-400", "1e400", "9.5E1"])
def test_a_number_cell_stored_in_exponent_notation_is_refused_not_rounded(stored: str) -> None:
    row, letter = _value_cell("10")
    content = _with_raw_cell(_workbook_bytes(), f"{letter}{row}", f"<v>{stored}</v>")
    error = _import_error(content)
    assert error.message == (
        f"cell {letter}{row} holds the number {stored} in exponent notation, which is refused "
        "(it may have been rounded): type the number in full, e.g. 95 or 12,5, as text"
    )
    assert (error.location.sheet, error.location.row, error.location.column) == (
        THRESHOLDS_SHEET,
        row,
        "Giá trị ngưỡng (value)",
    )


@pytest.mark.parametrize("stored", ["NaN", "INF", "-inf"])
def test_a_number_cell_that_is_not_finite_is_refused_naming_the_cell(stored: str) -> None:
    row, letter = _value_cell("10")
    content = _with_raw_cell(_workbook_bytes(), f"{letter}{row}", f"<v>{stored}</v>")
    error = _import_error(content)
    assert error.message == (
        f"cell {letter}{row} holds '{stored}', which is not a finite number: type the number"
    )
    assert (error.location.file, error.location.sheet, error.location.row) == (
        NAME,
        THRESHOLDS_SHEET,
        row,
    )


def test_nan_or_infinity_as_openpyxl_writes_them_is_refused() -> None:
    row, letter = _value_cell("10")
    for number in (float("nan"), float("inf")):
        error = _import_error(_workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "value", number)))
        assert error.message == (
            f"cell {letter}{row} holds an empty number (as a program writes NaN or infinity): "
            "type the number"
        )
        assert (error.location.sheet, error.location.row) == (THRESHOLDS_SHEET, row)


@pytest.mark.parametrize("written", ["NaN", "Infinity", "-inf"])
def test_nan_or_infinity_typed_as_text_is_refused(written: str) -> None:
    row, _letter = _value_cell("10")
    error = _import_error(_workbook_bytes(_set_cell(THRESHOLDS_SHEET, row, "value", written)))
    assert error.message.startswith(f"'{written}' is not a number")
    assert (error.location.sheet, error.location.row) == (THRESHOLDS_SHEET, row)


def test_a_workbook_with_a_truncated_sheet_is_refused_naming_the_file() -> None:
    source = zipfile.ZipFile(io.BytesIO(_workbook_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    error = _import_error(out.getvalue())
    assert error.message == (
        "not a readable XLSX spreadsheet (ParseError): open it in Excel or LibreOffice and "
        "save it again as .xlsx"
    )
    assert error.location == Location(file=NAME)


def test_a_truncated_archive_is_refused_naming_the_file() -> None:
    content = _workbook_bytes()
    error = _import_error(content[: len(content) // 2])
    assert error.message.startswith("not a readable XLSX spreadsheet (BadZipFile)")
    assert error.location == Location(file=NAME)
