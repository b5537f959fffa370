"""Reading reviews from YAML, CSV and XLSX, and every kind of bad input the issue names."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from ntm.core import (
    Catalog,
    IndicatorStatus,
    InputError,
    Qualifier,
    ValueStatus,
    Verdict,
    evaluate_review,
)
from ntm.core.io.review_files import ReviewDefaults, read_review, read_review_bytes
from ntm.core.io.review_xlsx import write_review_xlsx

D = Decimal
DEFAULTS = ReviewDefaults(
    criteria_set="test-advanced", year=2024, commune="Xã thử", region="TDMNPB"
)

YAML = """
schema: ntm-review/1
commune: {name: Xã thử, code: "99999", region: TDMNPB}
year: 2024
criteria_set: test-advanced
readings:
  - indicator: "1.1"
    numerator: 812
    denominator: 860
    verdict: Đạt
    source: sổ theo dõi nhà ở 2024
  - indicator: "2"
    value: "ước 60,3"
  - indicator: "4.1"
    value: "> 97%"
  - criterion: 3
    verdict: Cơ bản đạt
"""


def _read(
    content: str | bytes, name: str, catalog: Catalog, defaults: ReviewDefaults | None = None
):
    data = content.encode() if isinstance(content, str) else content
    return read_review_bytes(data, name=name, catalog=catalog, defaults=defaults)


def test_yaml_review_reads_values_qualifiers_counts_and_verdicts(test_catalog: Catalog) -> None:
    review, criteria_set = _read(YAML, "review.yaml", test_catalog)
    housing, income, insurance, poverty = review.readings
    assert (housing.numerator, housing.denominator, housing.verdict) == (
        D(812),
        D(860),
        Verdict.MET,
    )
    assert (income.value.number, income.value.status) == (D("60.3"), ValueStatus.ESTIMATED)  # type: ignore[union-attr]
    assert (insurance.value.number, insurance.value.qualifier) == (D(97), Qualifier.OVER)  # type: ignore[union-attr]
    assert (poverty.criterion, poverty.indicator, poverty.verdict) == (
        3,
        None,
        Verdict.BASICALLY_MET,
    )
    assert criteria_set.code == "test-advanced"


def test_command_line_set_and_year_override_the_file(test_catalog: Catalog) -> None:
    review, _ = _read(YAML, "review.yaml", test_catalog, ReviewDefaults(year=2025))
    assert review.year == 2025


CSV = (
    "chỉ tiêu,kết quả thực hiện,tử số,mẫu số,tự đánh giá,ghi chú\n"
    "1.1,,812,860,Đạt,sổ nhà ở\n"
    '2,"60,3",,,Đạt,\n'
    "1.2,Đạt,,,,\n"
)


def test_csv_review_with_vietnamese_headers(test_catalog: Catalog) -> None:
    review, criteria_set = _read(CSV, "review.csv", test_catalog, DEFAULTS)
    result = evaluate_review(review, criteria_set)
    statuses = {i.indicator.code: i.status for c in result.criteria for i in c.indicators}
    assert statuses["1.1"] is IndicatorStatus.NOT_MET
    assert statuses["2"] is IndicatorStatus.MET  # 60.3 ≥ 58 (TDMNPB 2024)
    assert statuses["1.2"] is IndicatorStatus.MET
    assert [(d.subject, d.stated, d.found) for d in result.disagreements] == [
        ("indicator 1.1", "Đạt", "Chưa đạt")
    ]


def _summary_xlsx(rows: list[list[object]], info: dict[str, object] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Biểu tổng hợp"
    sheet.append(["BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ"])
    sheet.append(
        ["TT", "Tiêu chí", "Chỉ tiêu", "Chuẩn", "Kết quả thực hiện", "Tự đánh giá", "Ghi chú"]
    )
    for row in rows:
        sheet.append(row)
    if info:
        info_sheet = workbook.create_sheet("Thông tin")
        for key, value in info.items():
            info_sheet.append([key, value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_in_the_communes_summary_table_layout(test_catalog: Catalog) -> None:
    content = _summary_xlsx(
        [
            [1, "Nhà ở dân cư", None, None, None, "Chưa đạt", None],
            [None, None, "1.1. Tỷ lệ hộ có nhà ở kiên cố", "≥ 95%", "gần 98%", "Đạt", None],
            [None, None, "1.2. Không còn nhà tạm", "Đạt", "Đạt", "Đạt", None],
            [2, "Thu nhập", "Thu nhập bình quân đầu người", "≥ 58", "57,5", "Chưa đạt", None],
        ],
        {"Xã": "Xã thử", "Năm": 2024, "Bộ tiêu chí": "test-advanced", "Vùng": "TDMNPB"},
    )
    review, criteria_set = _read(content, "tong-hop.xlsx", test_catalog)
    assert [(r.criterion, r.indicator) for r in review.readings] == [
        (1, None),
        (1, "1.1"),
        (1, "1.2"),
        (2, "2"),
    ]
    result = evaluate_review(review, criteria_set)
    income = result.criteria[1].indicators[0]
    assert (income.status, income.gap) == (IndicatorStatus.NOT_MET, D("0.5"))
    # "gần 98%" meets ≥ 95 only approximately, and 1.2 is met: the rule says criterion 1 is
    # met while the commune said "Chưa đạt".
    assert [(d.subject, d.found) for d in result.disagreements] == [
        ("criterion 1 (Nhà ở dân cư)", "Đạt")
    ]


def test_xlsx_percentage_formatted_cells_are_read_as_percent(test_catalog: Catalog) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Chỉ tiêu", "Kết quả thực hiện"])
    sheet.append(["4.1", 0.955])
    sheet["B2"].number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    review, _ = _read(buffer.getvalue(), "bhyt.xlsx", test_catalog, DEFAULTS)
    assert review.readings[0].value.number == D("95.5")  # type: ignore[union-attr]


def test_review_written_as_xlsx_reads_back_as_the_same_readings(test_catalog: Catalog) -> None:
    review, criteria_set = _read(YAML, "review.yaml", test_catalog)
    result = evaluate_review(review, criteria_set)
    buffer = io.BytesIO()
    write_review_xlsx(result, out=buffer)
    again, _ = _read(buffer.getvalue(), "tong-hop.xlsx", test_catalog)

    def key(reading):
        value = (
            None
            if reading.value is None
            else (reading.value.number, reading.value.qualifier, reading.value.status)
        )
        return (
            reading.criterion,
            reading.indicator,
            value,
            reading.numerator,
            reading.denominator,
            reading.verdict,
        )

    assert sorted(map(key, again.readings), key=str) == sorted(map(key, review.readings), key=str)
    assert (again.year, again.commune.region, again.criteria_set) == (
        2024,
        "TDMNPB",
        "test-advanced",
    )


# --- bad input: one clear message naming the file, row and column ----------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "chỉ tiêu,kết quả,màu sắc\n1.1,95,đỏ\n",
            "bad.csv, row 1, column 'màu sắc': unknown column 'màu sắc'",
        ),
        (
            "chỉ tiêu,kết quả\n9.9,95\n",
            "bad.csv, row 2, column 'chỉ tiêu': unknown indicator code '9.9' for set test-advanced",
        ),
        (
            "chỉ tiêu,kết quả\n2,chưa có số liệu\n",
            "bad.csv, row 2, column 'kết quả': 'chưa có số liệu' is not a number",
        ),
        (
            "chỉ tiêu,tử số,mẫu số\n1.1,5,0\n",
            "bad.csv, row 2, column 'mẫu số': the denominator is 0",
        ),
        (
            "chỉ tiêu,tử số,mẫu số\n1.1,900,860\n",
            "bad.csv, row 2, column 'tử số': the numerator (900) is larger than the denominator (860)",
        ),
        (
            "chỉ tiêu,tử số\n1.1,812\n",
            "bad.csv, row 2, column 'Mẫu số': a ratio needs both a numerator and a denominator",
        ),
        (
            "chỉ tiêu,kết quả\n1.2,tốt\n",
            "bad.csv, row 2, column 'kết quả': 'tốt' is neither a verdict ('Đạt', 'Chưa đạt', 'Cơ bản đạt') nor a number",
        ),
        (
            "chỉ tiêu,kết quả\n2,95%\n",
            "bad.csv, row 2, column 'kết quả': '95%' is a percentage, but indicator 2 is measured in triệu đồng/người/năm",
        ),
        (
            "chỉ tiêu,tự đánh giá\n1.1,Tốt\n",
            "bad.csv, row 2, column 'tự đánh giá': 'Tốt' is not a verdict",
        ),
        (
            "tiêu chí,kết quả\n1,95\n",
            "bad.csv, row 2, column 'Chỉ tiêu': criterion 1 has indicators 1.1, 1.2",
        ),
        (
            "chỉ tiêu,kết quả\n2,12,5\n",
            "bad.csv, row 2: the row has 3 cells but the header has 2 (a decimal comma",
        ),
        ("ghi chú,kết quả\nx,95\n", "bad.csv, row 1: no column says which indicator"),
        (
            "chỉ tiêu,kết quả,Kết quả thực hiện\n2,1,1\n",
            "bad.csv, row 1, column 'Kết quả thực hiện': two columns mean 'Kết quả thực hiện'",
        ),
    ],
)
def test_bad_csv_gets_one_message_naming_file_row_and_column(
    test_catalog: Catalog, content: str, message: str
) -> None:
    with pytest.raises(InputError) as raised:
        _read(content, "bad.csv", test_catalog, DEFAULTS)
    assert message in str(raised.value)


def test_duplicated_indicator_is_refused_naming_both_rows(test_catalog: Catalog) -> None:
    from ntm.core import EvaluationError

    review, criteria_set = _read(
        "chỉ tiêu,kết quả\n2,60\n2,61\n", "dup.csv", test_catalog, DEFAULTS
    )
    with pytest.raises(EvaluationError) as raised:
        evaluate_review(review, criteria_set)
    assert (
        str(raised.value) == "dup.csv, row 3: indicator 2 appears twice (first at dup.csv, row 2)"
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"%PDF-1.4 not a sheet",
            "tong-hop.xlsx",
            "tong-hop.xlsx: not a spreadsheet: an .xlsx file is a ZIP archive",
        ),
        (b"PK\x03\x04garbage", "tong-hop.xlsx", "tong-hop.xlsx: not a readable XLSX spreadsheet"),
        (b"\x00\x01\x02binary", "review.csv", "review.csv: not a text file"),
        ("chỉ tiêu,kết quả\n".encode("utf-16"), "review.csv", "review.csv: the text is in UTF-16"),
        (b"x", "review.pdf", "review.pdf: unknown file type"),
        (b"a: [1,\n b", "review.yaml", "review.yaml, row 2: not valid YAML"),
    ],
)
def test_files_of_the_wrong_type_are_refused(
    test_catalog: Catalog, content: bytes, name: str, message: str
) -> None:
    with pytest.raises(InputError) as raised:
        _read(content, name, test_catalog, DEFAULTS)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("criteria_set: test-advanced", "criteria_set: xa-ntm-2019"),
            "review.yaml, field 'criteria_set': unknown criteria set 'xa-ntm-2019'",
        ),
        (
            ('indicator: "2"', 'indicator: "22"'),
            "review.yaml, field 'readings[1].indicator': unknown indicator code '22'",
        ),
        (
            ('value: "ước 60,3"', 'value: "sáu mươi"'),
            "review.yaml, field 'readings[1].value': 'sáu mươi' is not a number",
        ),
        (
            ("denominator: 860", "denominator: 0"),
            "review.yaml, field 'readings[0].denominator': the denominator is 0",
        ),
        (
            ("    verdict: Đạt\n", "    verdict: Đạt\n    colour: đỏ\n"),
            "review.yaml, indicator 1.1, field 'readings[0]': unknown field: 'colour' was unexpected",
        ),
        (
            ("year: 2024", "year: năm nay"),
            "review.yaml, field 'year': 'năm nay' should be a whole number",
        ),
        (
            ("region: TDMNPB", "region: Miền Bắc"),
            "field 'commune.region': 'Miền Bắc' is not one of",
        ),
        (
            ("criterion: 3", "criterion: 30"),
            "review.yaml, field 'readings[3].criterion': criterion 30 is not in set test-advanced (4 criteria)",
        ),
    ],
)
def test_bad_yaml_review_gets_a_message_naming_the_field(
    test_catalog: Catalog, change: tuple[str, str], message: str
) -> None:
    text = YAML.replace(*change)
    assert text != YAML
    with pytest.raises(InputError) as raised:
        _read(text, "review.yaml", test_catalog)
    assert message in str(raised.value)


def test_xlsx_without_a_header_row_is_refused(test_catalog: Catalog) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Họ tên", "Địa chỉ"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(InputError, match="ds.xlsx, sheet 'Sheet': no sheet has a header row"):
        _read(buffer.getvalue(), "ds.xlsx", test_catalog, DEFAULTS)


def test_xlsx_bad_cell_names_sheet_row_and_column(test_catalog: Catalog) -> None:
    content = _summary_xlsx([[None, None, "2. Thu nhập", None, "12,5,5", None, None]])
    with pytest.raises(InputError) as raised:
        _read(content, "tong-hop.xlsx", test_catalog, DEFAULTS)
    assert str(raised.value) == (
        "tong-hop.xlsx, sheet 'Biểu tổng hợp', row 3, column 'Kết quả thực hiện': "
        "'12,5,5' is not a number"
    )


def test_table_without_set_or_year_asks_for_them(test_catalog: Catalog) -> None:
    with pytest.raises(InputError, match="give --set CODE"):
        _read(CSV, "review.csv", test_catalog, ReviewDefaults(year=2024))
    with pytest.raises(InputError, match="give --year N"):
        _read(CSV, "review.csv", test_catalog, ReviewDefaults(criteria_set="test-advanced"))


def test_missing_file_is_reported(test_catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the file"):
        read_review(str(tmp_path / "none.yaml"), catalog=test_catalog)


def test_a_figure_for_a_yes_no_indicator_is_kept_but_not_evaluated(test_catalog: Catalog) -> None:
    review, criteria_set = _read("chỉ tiêu,kết quả\n1.2,86%\n", "r.csv", test_catalog, DEFAULTS)
    result = evaluate_review(review, criteria_set)
    makeshift = result.criteria[0].indicators[1]
    assert makeshift.reading.value.number == D(86)  # type: ignore[union-attr]
    assert makeshift.status is IndicatorStatus.NO_DATA
    assert makeshift.notes == (
        "a number was given for a yes/no indicator; write 'Đạt' or 'Chưa đạt'",
    )
