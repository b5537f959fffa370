"""Bad input found by trying to break the readers: each case as a user would send it."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from ntm.core import Catalog, IndicatorStatus, InputError, evaluate_review
from ntm.core.io.review_files import ReviewDefaults, read_review_bytes

D = Decimal
SHIPPED = Catalog.shipped()
ADVANCED = ReviewDefaults(criteria_set="xa-ntm-nang-cao-2021-2025", year=2024, region="TDMNPB")
BASIC = ReviewDefaults(criteria_set="xa-ntm-2021-2025", year=2024, region="TDMNPB")


def _read(content: str | bytes, name: str, defaults: ReviewDefaults | None = ADVANCED):
    data = content.encode() if isinstance(content, str) else content
    return read_review_bytes(data, name=name, catalog=SHIPPED, defaults=defaults)


def _message(content: str | bytes, name: str, defaults: ReviewDefaults | None = ADVANCED) -> str:
    with pytest.raises(InputError) as raised:
        _read(content, name, defaults)
    return str(raised.value)


def _workbook(
    rows: list[list[object]], *, extra: dict[str, list[list[object]]] | None = None
) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    for row in rows:
        sheet.append(row)
    for title, extra_rows in (extra or {}).items():
        other = workbook.create_sheet(title)
        for row in extra_rows:
            other.append(row)
    return workbook


def _bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _patch_sheet(content: bytes, old: bytes, new: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            target.writestr(item, data)
    return out.getvalue()


HEADER = ["TT", "Tiêu chí", "Chỉ tiêu", "Kết quả thực hiện", "Tự đánh giá"]


# --- crashes that must be one message ------------------------------------------------------


def test_an_infinite_number_in_a_criterion_cell_is_refused() -> None:
    content = _bytes(_workbook([HEADER, [None, 12345, None, None, "Đạt"]]))
    content = _patch_sheet(content, b"<v>12345</v>", b"<v>1e400</v>")
    assert (
        "row 2, column 'Tiêu chí': 'inf' is not a criterion number or indicator code"
        in _message(content, "t.xlsx")
    )


def test_an_infinite_number_in_a_value_cell_is_refused() -> None:
    content = _bytes(_workbook([HEADER, [None, None, "14.1", 12345, None]]))
    content = _patch_sheet(content, b"<v>12345</v>", b"<v>1e400</v>")
    assert "row 2, column 'Kết quả thực hiện': 'inf' is not a finite number" in _message(
        content, "t.xlsx"
    )


def test_a_damaged_workbook_is_refused_without_a_traceback() -> None:
    content = _bytes(_workbook([HEADER, [None, None, "14.1", 96, None]]))
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert "t.xlsx: not a readable XLSX spreadsheet (" in _message(out.getvalue(), "t.xlsx")


def test_a_stray_cell_at_the_bottom_of_the_sheet_is_refused_quickly() -> None:
    workbook = _workbook([HEADER, [None, None, "14.1", 96, None]])
    workbook.active["XFD1048576"] = "x"
    message = _message(_bytes(workbook), "t.xlsx")
    assert "sheet 'Tổng hợp': the sheet reaches row 1048576" in message


def test_deeply_nested_yaml_is_refused() -> None:
    assert "r.yaml: the YAML nests too deeply" in _message("[" * 5000 + "]" * 5000, "r.yaml")


def test_a_yaml_alias_bomb_is_refused_before_it_expands() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    assert "r.yaml, row 2: aliases (*name) are not allowed" in _message(bomb, "r.yaml")


def test_a_csv_field_too_large_is_refused() -> None:
    content = 'chỉ tiêu,kết quả,ghi chú\n14.1,96,"' + "x" * 200_000 + '"\n'
    assert "r.csv, row 2: not a readable CSV file" in _message(content, "r.csv")


def test_csv_with_old_mac_line_ends_is_read() -> None:
    review, _ = _read("chỉ tiêu,kết quả thực hiện\r14.1,96\r", "r.csv")
    assert review.readings[0].value.number == D(96)  # type: ignore[union-attr]


# --- wrong results that must be refused ----------------------------------------------------


def test_a_leading_zero_group_is_a_decimal_not_thousands() -> None:
    review, _ = _read('chỉ tiêu,kết quả thực hiện\n11,"0.955"\n', "r.csv")
    assert review.readings[0].value.number == D("0.955")  # type: ignore[union-attr]


def test_an_unquoted_decimal_comma_that_shifts_into_the_note_is_refused() -> None:
    content = "TT,Chỉ tiêu,Kết quả thực hiện,Ghi chú\n9.1,9.1,0,5\n"
    message = _message(content, "r.csv", BASIC)
    assert "r.csv, row 2, column 'Kết quả thực hiện': '0' then '5': a decimal comma" in message


def test_a_code_whose_trailing_zero_a_spreadsheet_may_have_dropped_is_refused() -> None:
    content = _bytes(_workbook([HEADER, [None, None, 17.1, "40%", None]]))
    message = _message(content, "t.xlsx", BASIC)
    assert "column 'Chỉ tiêu': '17.1' is a number cell, and the code may have been 17.10" in message


@pytest.mark.parametrize("cell", [1.5, True])
def test_a_criterion_cell_that_is_not_a_whole_number_is_refused(cell: object) -> None:
    content = _bytes(_workbook([HEADER, [None, cell, None, None, "Đạt"]]))
    assert "column 'Tiêu chí'" in _message(content, "t.xlsx")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("150%", "'150%' is not a percentage between 0 and 100"),
        ("-5%", "'-5%' is not a percentage between 0 and 100"),
        ("999999999999999999999999", "is implausibly large"),
    ],
)
def test_impossible_percentages_are_refused(value: str, message: str) -> None:
    assert message in _message(f'chỉ tiêu,kết quả thực hiện\n14.1,"{value}"\n', "r.csv")


def test_a_percentage_formatted_cell_over_100_is_refused() -> None:
    workbook = _workbook([HEADER, [None, None, "14.1", 1.5, None]])
    workbook.active["D2"].number_format = "0%"
    assert "'150%' is not a percentage between 0 and 100" in _message(_bytes(workbook), "t.xlsx")


def test_implausibly_large_counts_are_refused() -> None:
    content = (
        "chỉ tiêu,tử số,mẫu số\n14.1,99999999999999999999999999999,100000000000000000000000000000\n"
    )
    assert "column 'tử số': '99999999999999999999999999999' is implausibly large" in _message(
        content, "r.csv"
    )


@pytest.mark.parametrize("written", ["0140", "1:36", "0x60", "9_6"])
def test_yaml_never_reads_octal_or_sexagesimal_numbers(written: str) -> None:
    text = (
        "schema: ntm-review/1\ncommune: {name: X, region: TDMNPB}\nyear: 2024\n"
        f"criteria_set: xa-ntm-nang-cao-2021-2025\nreadings:\n  - indicator: '14.1'\n    value: {written}\n"
    )
    try:
        review, _ = _read(text, "r.yaml", None)
    except InputError as error:
        assert "readings[0].value" in str(error)
    else:
        assert review.readings[0].value.number != D(96)  # type: ignore[union-attr]


def test_a_repeated_yaml_key_is_refused() -> None:
    text = (
        "schema: ntm-review/1\ncommune: {name: X, region: TDMNPB}\nyear: 2024\nyear: 2030\n"
        "criteria_set: xa-ntm-nang-cao-2021-2025\nreadings: []\n"
    )
    assert "r.yaml, row 4: the key 'year' appears twice (first on line 3)" in _message(
        text, "r.yaml", None
    )


def test_a_repeated_key_in_the_information_sheet_is_refused() -> None:
    content = _bytes(
        _workbook(
            [HEADER, [None, None, "14.1", 96, None]],
            extra={
                "Thông tin": [
                    ["Năm", 2024],
                    ["Năm", 2023],
                    ["Bộ tiêu chí", "xa-ntm-nang-cao-2021-2025"],
                ]
            },
        )
    )
    message = _message(content, "t.xlsx", ReviewDefaults(region="TDMNPB"))
    assert "sheet 'Thông tin', row 2, column 'B': 'Năm' is given twice (first on row 1)" in message


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("Năm", 99999, "the year 99999 is not between 2010 and 2100"),
        ("Vùng", "MARS", "'MARS' is not a region code"),
        ("Nhóm xã", 7, "'7' is not a commune group (1, 2 or 3)"),
        ("Mã xã", "abc", "'abc' is not a commune code"),
        ("Đã công nhận", "basic:3000", "the year 3000 is not between 2010 and 2100"),
    ],
)
def test_absurd_information_is_refused(key: str, value: object, message: str) -> None:
    content = _bytes(
        _workbook(
            [HEADER, [None, None, "14.1", 96, None]],
            extra={
                "Thông tin": [
                    ["Năm", 2024],
                    ["Bộ tiêu chí", "xa-ntm-nang-cao-2021-2025"],
                    [key, value],
                ]
            }
            if key != "Năm"
            else {"Thông tin": [[key, value], ["Bộ tiêu chí", "xa-ntm-nang-cao-2021-2025"]]},
        )
    )
    assert message in _message(content, "t.xlsx", ReviewDefaults(region="TDMNPB"))


def test_a_recognition_after_the_review_year_is_not_held() -> None:
    from ntm.core import HeldRecognition, Level, LevelStatus

    review, criteria_set = _read(
        "chỉ tiêu,kết quả thực hiện\n14.1,96\n",
        "r.csv",
        ReviewDefaults(
            criteria_set="xa-ntm-nang-cao-2021-2025",
            year=2024,
            region="TDMNPB",
            recognitions=(HeldRecognition(level=Level.ADVANCED, year=2030),),
        ),
    )
    result = evaluate_review(review, criteria_set)
    advanced = next(level for level in result.levels if level.level is Level.ADVANCED)
    assert advanced.status is not LevelStatus.HELD
    assert (
        "the recognition as xã NTM nâng cao in 2030 comes after the review year 2024: not counted as held"
        in result.warnings
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "TT,Chỉ tiêu,Kết quả thực hiện\n9.1,14.1,96\n",
            "the row names two indicators: 9.1 in TT and 14.1",
        ),
        (
            "TT,Tiêu chí,Chỉ tiêu,Kết quả thực hiện\n,9,14.1,96\n",
            "column 'Tiêu chí': indicator 14.1 belongs to criterion 14, not 9",
        ),
    ],
)
def test_identity_cells_that_disagree_are_refused(content: str, message: str) -> None:
    assert message in _message(content, "r.csv")


def test_two_status_words_are_refused() -> None:
    message = _message('chỉ tiêu,kết quả thực hiện\n14.1,"ước kế hoạch 98%"\n', "r.csv")
    assert "'ước kế hoạch 98%' has two status words" in message


def test_two_sheets_of_readings_are_refused() -> None:
    content = _bytes(
        _workbook(
            [HEADER, [None, None, "14.1", 96, None]],
            extra={"Sheet2": [HEADER, [None, None, "14.2", "nhiều", None]]},
        )
    )
    assert "several sheets look like review tables ('Tổng hợp', 'Sheet2')" in _message(
        content, "t.xlsx"
    )


def test_a_percentage_formatted_count_is_read_as_a_plain_number() -> None:
    workbook = _workbook([["Chỉ tiêu", "Tử số", "Mẫu số"], ["14.1", 9500, 10000]])
    workbook.active["B2"].number_format = "0%"
    review, criteria_set = _read(_bytes(workbook), "t.xlsx")
    assert (review.readings[0].numerator, review.readings[0].denominator) == (D(9500), D(10000))
    result = evaluate_review(review, criteria_set)
    assert result.criteria[13].indicators[0].status is IndicatorStatus.MET


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("%", "'%' is not a number"),
        ("gần", "'gần' is not a number"),
        ("95-97%", "'95-97%' is not a number"),
    ],
)
def test_messages_quote_the_value_as_written(written: str, shown: str) -> None:
    assert shown in _message(f'chỉ tiêu,kết quả thực hiện\n14.1,"{written}"\n', "r.csv")


def test_a_date_in_the_tt_column_is_named_as_such() -> None:
    content = _bytes(_workbook([HEADER, [datetime.datetime(2024, 1, 2), None, None, None, "Đạt"]]))
    assert (
        "column 'TT': '2024-01-02 00:00:00' is not a criterion number or indicator code"
        in _message(content, "t.xlsx")
    )


@pytest.mark.parametrize(
    "header", ["Kết quả thực hiện năm 2024", "Kết quả (%)", "Kết quả thực hiện [2024]"]
)
def test_headers_with_more_words_or_units_are_understood(header: str) -> None:
    review, _ = _read(f"chỉ tiêu,{header},tự đánh giá của xã\n14.1,96,Đạt\n", "r.csv")
    assert review.readings[0].value.number == D(96)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("reading", "message"),
    [
        ("  - indicator: '14.1'\n    value: null\n", "field 'readings[0].value': is empty"),
        ("  - verdict: Đạt\n", "field 'readings[0]': a reading needs an 'indicator'"),
    ],
)
def test_yaml_reading_mistakes_get_plain_messages(reading: str, message: str) -> None:
    text = (
        "schema: ntm-review/1\ncommune: {name: X, region: TDMNPB}\nyear: 2024\n"
        f"criteria_set: xa-ntm-nang-cao-2021-2025\nreadings:\n{reading}"
    )
    assert message in _message(text, "r.yaml", None)


def test_yaml_verdict_yes_is_a_verdict_not_a_boolean() -> None:
    text = (
        "schema: ntm-review/1\ncommune: {name: X, region: TDMNPB}\nyear: 2024\n"
        "criteria_set: xa-ntm-nang-cao-2021-2025\nreadings:\n  - criterion: 4\n    verdict: yes\n"
    )
    review, _ = _read(text, "r.yaml", None)
    assert review.readings[0].verdict is not None and review.readings[0].verdict.value == "met"
