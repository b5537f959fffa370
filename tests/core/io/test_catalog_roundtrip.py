"""Criteria sets survive YAML and XLSX export and import unchanged."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from ntm.core.catalog import CriteriaSet, parse_criteria_set
from ntm.core.io.catalog_xlsx import (
    CRITERIA_SHEET,
    GUIDE_SHEET,
    INDICATORS_SHEET,
    SET_SHEET,
    THRESHOLDS_SHEET,
    export_criteria_set,
    import_criteria_set,
)
from ntm.core.io.catalog_yaml import dump_criteria_set
from ntm.core.registry import Catalog
from ntm.core.yamlio import load_yaml

SHIPPED = Catalog.shipped()
PLAIN_CODES = [code for code in SHIPPED.codes() if "+" not in code]
COMPOSITE_CODES = [code for code in SHIPPED.codes() if "+" in code]


def _xlsx_round_trip(criteria_set: CriteriaSet) -> CriteriaSet:
    buffer = io.BytesIO()
    export_criteria_set(criteria_set, out=buffer)
    return import_criteria_set(buffer.getvalue(), name="bo-tieu-chi.xlsx")


def _yaml_round_trip(criteria_set: CriteriaSet) -> CriteriaSet:
    text = dump_criteria_set(criteria_set)
    return parse_criteria_set(load_yaml(text, file="dump.yaml"), file="dump.yaml")


def _workbook(criteria_set: CriteriaSet) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    export_criteria_set(criteria_set, out=buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def _rows(sheet: Worksheet) -> list[dict[str, Any]]:
    """The sheet's rows as dicts keyed by the English key in each header's brackets."""
    header = [str(cell.value) for cell in sheet[1]]
    keys = [text[text.rindex("(") + 1 : -1] for text in header]
    return [
        dict(zip(keys, (cell for cell in row), strict=True))
        for row in sheet.iter_rows(min_row=2)
        if any(cell.value is not None for cell in row)
    ]


def test_the_shipped_catalog_has_plain_and_composite_sets() -> None:
    assert "xa-ntm-nang-cao-2021-2025" in PLAIN_CODES
    assert "xa-ntm-kieu-mau-2021-2025" in PLAIN_CODES
    assert COMPOSITE_CODES, "the Thái Nguyên overlay should make composite codes"


@pytest.mark.parametrize("code", PLAIN_CODES)
def test_a_plain_shipped_set_comes_back_equal_from_xlsx(code: str) -> None:
    original = SHIPPED.criteria_set(code)
    assert _xlsx_round_trip(original) == original


@pytest.mark.parametrize("code", PLAIN_CODES)
def test_a_plain_shipped_set_comes_back_equal_from_its_yaml_dump(code: str) -> None:
    original = SHIPPED.criteria_set(code)
    assert _yaml_round_trip(original) == original


@pytest.mark.parametrize("code", COMPOSITE_CODES)
def test_a_set_with_an_overlay_comes_back_from_xlsx_as_a_plain_set_with_the_same_criteria(
    code: str,
) -> None:
    original = SHIPPED.criteria_set(code)
    back = _xlsx_round_trip(original)
    assert back.criteria == original.criteria
    assert back.code == code.replace("+", "-")
    assert back.overlays == ()
    assert back.legal_bases == original.legal_bases
    assert back == replace(
        original,
        code=back.code,
        overlays=(),
        other_legal_bases=back.other_legal_bases,
    )


@pytest.mark.parametrize("code", COMPOSITE_CODES)
def test_a_set_with_an_overlay_comes_back_from_yaml_as_the_same_plain_set_as_from_xlsx(
    code: str,
) -> None:
    original = SHIPPED.criteria_set(code)
    back = _yaml_round_trip(original)
    assert back.criteria == original.criteria
    assert back.code == code.replace("+", "-")
    assert back.legal_bases == original.legal_bases
    assert back == _xlsx_round_trip(original)


def test_the_yaml_dump_of_a_composite_set_passes_the_schema_code_pattern_and_says_what_it_is() -> (
    None
):
    code = COMPOSITE_CODES[0]
    text = dump_criteria_set(SHIPPED.criteria_set(code))
    assert text.startswith(f"# {code}: ")
    data = load_yaml(text, file="dump.yaml")
    assert data["code"] == code.replace("+", "-")
    overlay_decisions = [basis["decision"] for basis in data["other_legal_bases"]]
    assert "QĐ 2194/QĐ-UBND" in overlay_decisions


def test_the_yaml_dump_keeps_vietnamese_and_writes_keys_in_the_catalog_order() -> None:
    text = dump_criteria_set(SHIPPED.criteria_set("xa-ntm-kieu-mau-2021-2025"))
    assert "Thu nhập bình quân đầu người" in text
    assert "\\u" not in text
    top_keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert top_keys == [
        "schema",
        "code",
        "name",
        "level",
        "period",
        "legal_basis",
        "region_scheme",
        "requires",
        "builds_on",
        "note",
        "criteria",
    ]


def test_the_yaml_dump_quotes_decimals_and_dates_as_strings() -> None:
    text = dump_criteria_set(SHIPPED.criteria_set("xa-ntm-kieu-mau-2021-2025"))
    data = load_yaml(text, file="dump.yaml")
    assert data["legal_basis"]["date"] == "2022-03-08"
    threshold = data["criteria"][0]["indicators"][0]["thresholds"][0]
    assert threshold["relative_to"]["factor"] == "1.10"
    assert "factor: '1.10'" in text


def test_every_set_of_the_test_catalog_survives_both_round_trips(test_catalog: Catalog) -> None:
    for code in test_catalog.codes():
        original = test_catalog.criteria_set(code)
        assert _xlsx_round_trip(original).criteria == original.criteria, code
        assert _yaml_round_trip(original).criteria == original.criteria, code
        if not original.overlays:
            assert _xlsx_round_trip(original) == original, code
            assert _yaml_round_trip(original) == original, code


def test_the_exported_workbook_has_the_five_sheets_in_order() -> None:
    workbook = _workbook(SHIPPED.criteria_set("xa-ntm-nang-cao-2021-2025"))
    assert workbook.sheetnames == [
        SET_SHEET,
        CRITERIA_SHEET,
        INDICATORS_SHEET,
        THRESHOLDS_SHEET,
        GUIDE_SHEET,
    ]
    for title in (SET_SHEET, CRITERIA_SHEET, INDICATORS_SHEET, THRESHOLDS_SHEET):
        sheet = workbook[title]
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)


def test_the_indicator_sheet_has_income_indicator_10_of_the_advanced_set_as_a_quantity() -> None:
    workbook = _workbook(SHIPPED.criteria_set("xa-ntm-nang-cao-2021-2025"))
    rows = [row for row in _rows(workbook[INDICATORS_SHEET]) if row["code"].value == "10"]
    assert len(rows) == 1
    (row,) = rows
    assert row["code"].data_type == "s"
    assert row["criterion"].value == 10
    assert row["kind"].value == "quantity"
    assert row["unit"].value == "triệu đồng/người/năm"
    assert row["comparator"].value == ">="
    assert row["verified"].value in ("có", "không")


def test_the_model_set_km2_threshold_row_holds_factor_1_10_as_text() -> None:
    workbook = _workbook(SHIPPED.criteria_set("xa-ntm-kieu-mau-2021-2025"))
    rows = [row for row in _rows(workbook[THRESHOLDS_SHEET]) if row["indicator"].value == "KM2"]
    assert len(rows) == 1
    (row,) = rows
    factor = row["relative_to.factor"]
    assert factor.value == "1.10"
    assert factor.data_type == "s"
    assert row["relative_to.criteria_set"].value == "xa-ntm-nang-cao-2021-2025"
    assert row["relative_to.indicator"].value == "10"
    assert row["value"].value is None, "an unknown threshold is an empty cell"
    assert row["verified"].value == "có"


def test_every_threshold_value_is_written_as_text_never_as_a_number() -> None:
    for code in PLAIN_CODES:
        workbook = _workbook(SHIPPED.criteria_set(code))
        for row in _rows(workbook[THRESHOLDS_SHEET]):
            for key in ("value", "relative_to.factor"):
                cell = row[key]
                assert cell.value is None or isinstance(cell.value, str), (code, cell.coordinate)


def test_the_set_sheet_lists_the_keys_with_their_values() -> None:
    workbook = _workbook(SHIPPED.criteria_set("xa-ntm-kieu-mau-2021-2025"))
    values = {
        str(row["key"].value).rsplit("(", 1)[1].rstrip(")"): row["value"].value
        for row in _rows(workbook[SET_SHEET])
    }
    assert values["code"] == "xa-ntm-kieu-mau-2021-2025"
    assert values["level"] == "model"
    assert values["period.start"] == 2021
    assert values["legal_basis.decision"] == "QĐ 319/QĐ-TTg"
    assert values["legal_basis.date"] == "2022-03-08"
    assert values["requires"] == "advanced"
    assert values["builds_on"] == "xa-ntm-nang-cao-2021-2025"
    assert values["other_legal_bases.1.decision"] is None, "an empty block to fill in"


def test_kind_comparator_and_verified_cells_offer_drop_down_lists() -> None:
    workbook = _workbook(SHIPPED.criteria_set("xa-ntm-nang-cao-2021-2025"))
    lists = {
        str(validation.sqref).split(":")[0][0]: validation.formula1
        for validation in workbook[INDICATORS_SHEET].data_validations.dataValidation
    }
    assert lists["D"] == '"ratio,quantity,yes_no"'
    assert lists["H"] == '">=,>,<=,<"'
    assert lists["K"] == '"có,không"'


def test_the_guide_sheet_explains_unknown_thresholds_and_verified_in_vietnamese() -> None:
    from ntm.core.i18n import language

    with language("vi"):
        workbook = _workbook(SHIPPED.criteria_set("xa-ntm-2026-2030"))
    text = "\n".join(
        str(cell.value)
        for row in workbook[GUIDE_SHEET].iter_rows()
        for cell in row
        if cell.value is not None
    )
    assert "chưa rõ / VERIFY" in text
    assert "Giá trị ngưỡng (value)" in text
    assert "yes_no = Đạt / Chưa đạt" in text
    assert "TDMNPB = Trung du và miền núi phía Bắc" in text
    assert "modern = xã NTM hiện đại" in text
    assert "văn bản chính thức" in text


def test_a_decimal_with_three_places_is_not_mistaken_for_thousands() -> None:
    original = SHIPPED.criteria_set("xa-ntm-kieu-mau-2021-2025")
    criterion = original.criteria[0]
    indicator = criterion.indicators[0]
    # a value of its own, so no relative_to (a threshold has one or the other)
    threshold = replace(indicator.thresholds[0], value=Decimal("0.125"), relative_to=None)
    changed = replace(
        original,
        criteria=(
            replace(criterion, indicators=(replace(indicator, thresholds=(threshold,)),)),
            *original.criteria[1:],
        ),
    )
    back = _xlsx_round_trip(changed)
    assert back.indicator("KM2").thresholds[0].value == Decimal("0.125")
    assert back == changed
