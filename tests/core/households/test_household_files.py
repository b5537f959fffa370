"""Household register files: CSV and XLSX read into tables, every bad row reported with its
row, column, value and reason, nothing built when one is wrong; the XLSX writer and the
template read back."""

import csv
import datetime
import io
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ntm.core import InputError
from ntm.core.exceptions import Location
from ntm.core.households.fields import (
    CERTIFICATE_CHOICES,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    POVERTY_CHOICES,
    SEX_CHOICES,
    STRUCTURE_CHOICES,
    YES_NO_CHOICES,
    CellError,
    RegisterFile,
    Table,
    guess_mapping,
    read_bool,
    read_certificate,
    read_decimal,
    read_id_number,
    read_int,
    read_poverty_class,
    read_sex,
    read_structure,
    read_text,
    read_year,
)
from ntm.core.households.files import (
    GUIDE_SHEET,
    HOUSEHOLD_SHEET,
    PERSON_SHEET,
    SYNTHETIC_NOTICE,
    RegisterInvalid,
    RowError,
    parse_register,
    read_register_file,
    read_register_files,
    write_register_template,
    write_register_xlsx,
)
from ntm.core.households.register import (
    Certificate,
    Household,
    HouseStructure,
    Person,
    PovertyClass,
    Register,
    Sex,
)
from ntm.core.households.synthetic import synthetic_register

REFERENCE = date(2024, 12, 31)
HAMLETS = {"Xóm Bản Pấu": "X1", "Thôn Đồng Tâm": "X2"}
HOUSEHOLD_HEADERS = [field.header for field in HOUSEHOLD_FIELDS]
PERSON_HEADERS = [field.header for field in PERSON_FIELDS]

REASON_STRUCTURE = "expected a house class: kiên cố, bán kiên cố, thiếu kiên cố or đơn sơ"
REASON_BOOL = "expected có or không (also x, 1 or 0)"
REASON_WHOLE = "expected a whole number"
REASON_POVERTY = "expected a poverty class: nghèo, cận nghèo, mức sống trung bình or không"
REASON_BLANK = "required, but blank"


def household_row(code: str = "H1", **changes: str) -> list[str]:
    row = {
        "code": code,
        "hamlet": "Bản Pấu",
        "head_name": "Lò Văn Pấu",
        "id_number": "",
        "members": "2",
        "structure": "kiên cố",
        "floor_area": "45,5",
        "poverty_class": "không",
        "poverty_year": "2024",
        "clean_water": "có",
        "sanitary_latrine": "có",
        "waste_sorted": "không",
    }
    row.update(changes)
    return [row[field.name] for field in HOUSEHOLD_FIELDS]


def person_row(household: str = "H1", **changes: str) -> list[str]:
    row = {
        "household": household,
        "name": "Lò Thị Mai",
        "id_number": "",
        "birth_year": "1990",
        "sex": "nữ",
        "working": "có",
        "trained": "có",
        "certificate": "trung cấp",
        "health_insurance": "có",
    }
    row.update(changes)
    return [row[field.name] for field in PERSON_FIELDS]


def write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ";") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def load(
    tmp_path: Path,
    households: list[list[str]],
    persons: list[list[str]] | None = None,
    *,
    header: list[str] = HOUSEHOLD_HEADERS,
    delimiter: str = ";",
) -> RegisterFile:
    paths = [write_csv(tmp_path / "ho.csv", header, households, delimiter)]
    if persons is not None:
        paths.append(write_csv(tmp_path / "nhan-khau.csv", PERSON_HEADERS, persons, delimiter))
    return read_register_files(paths)


def parse(file: RegisterFile, **changes: object) -> Register:
    arguments: dict[str, object] = {
        "household_mapping": guess_mapping(file.households, HOUSEHOLD_FIELDS),
        "person_mapping": (
            guess_mapping(file.persons, PERSON_FIELDS) if file.persons is not None else None
        ),
        "hamlets": HAMLETS,
        "reference_date": REFERENCE,
        "source": "test",
    }
    arguments.update(changes)
    return parse_register(file, **arguments)  # type: ignore[arg-type]


def errors_of(file: RegisterFile, **changes: object) -> list[tuple[object, ...]]:
    with pytest.raises(RegisterInvalid) as raised:
        parse(file, **changes)
    return [(error.row, error.column, error.value, error.reason) for error in raised.value.errors]


def household(code: str = "H1", **changes: object) -> Household:
    values: dict[str, object] = {
        "code": code,
        "hamlet": "X1",
        "head_name": "Lò Văn Pấu",
        "members": 2,
        "structure": HouseStructure.PERMANENT,
        "floor_area": Decimal("45.5"),
        "poverty_class": PovertyClass.NONE,
        "poverty_year": 2024,
        "clean_water": True,
        "sanitary_latrine": True,
        "waste_sorted": False,
    }
    values.update(changes)
    return Household(**values)  # type: ignore[arg-type]


def person(household: str = "H1", **changes: object) -> Person:
    values: dict[str, object] = {
        "household": household,
        "birth_year": 1990,
        "sex": Sex.FEMALE,
        "working": True,
        "trained": True,
        "certificate": Certificate.INTERMEDIATE,
        "health_insurance": True,
        "name": "Lò Thị Mai",
    }
    values.update(changes)
    return Person(**values)  # type: ignore[arg-type]


# --- CSV ---------------------------------------------------------------------------------


def test_a_pair_of_csv_files_gives_the_register_whatever_their_order(tmp_path: Path) -> None:
    households = [
        household_row("H1"),
        household_row(
            "H2",
            hamlet="Thôn Đồng Tâm",
            head_name="Nguyễn Thị Hoa",
            id_number="001190012345",
            members="1",
            structure="Bán kiên cố",
            floor_area="1.234,5",
            poverty_class="cận nghèo",
            clean_water="x",
            sanitary_latrine="k",
            waste_sorted="1",
        ),
    ]
    persons = [
        person_row("H1"),
        person_row("H1", name="", birth_year="15/03/1985", sex="Nam", certificate="Không"),
        person_row("H2", id_number="001190012345", working="không", trained="0"),
    ]
    write_csv(tmp_path / "ho.csv", HOUSEHOLD_HEADERS, households)
    write_csv(tmp_path / "nk.csv", PERSON_HEADERS, persons)
    file = read_register_files([tmp_path / "nk.csv", tmp_path / "ho.csv"])
    assert file.kind == "csv" and not file.synthetic
    assert (file.households.file, file.persons and file.persons.file) == ("ho.csv", "nk.csv")
    assert file.households.rows[0].number == 2
    register = parse(file)
    assert register == Register(
        households=(
            household("H1"),
            household(
                "H2",
                hamlet="X2",
                head_name="Nguyễn Thị Hoa",
                id_number="001190012345",
                members=1,
                structure=HouseStructure.SEMI_PERMANENT,
                floor_area=Decimal("1234.5"),
                poverty_class=PovertyClass.NEAR_POOR,
                clean_water=True,
                sanitary_latrine=False,
                waste_sorted=True,
            ),
        ),
        persons=(
            person("H1"),
            person("H1", name="", birth_year=1985, sex=Sex.MALE, certificate=Certificate.NONE),
            person("H2", id_number="001190012345", working=False, trained=False),
        ),
        reference_date=REFERENCE,
        source="test",
    )


def test_a_comma_separated_csv_reads_a_decimal_point_and_a_quoted_decimal_comma(
    tmp_path: Path,
) -> None:
    rows = [household_row("H1", floor_area="45.5"), household_row("H2", floor_area="12,5")]
    file = load(tmp_path, rows, delimiter=",")
    assert (tmp_path / "ho.csv").read_text(encoding="utf-8").count('"12,5"') == 1
    register = parse(file)
    assert [h.floor_area for h in register.households] == [Decimal("45.5"), Decimal("12.5")]


def test_a_csv_with_a_byte_order_mark_and_semicolons_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ho.csv"
    lines = [";".join(HOUSEHOLD_HEADERS), ";".join(household_row(floor_area="1.234,5"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    register = parse(read_register_file(path))
    assert register.households[0].floor_area == Decimal("1234.5")


def test_an_unquoted_decimal_comma_in_a_comma_separated_csv_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "ho.csv"
    lines = [",".join(HOUSEHOLD_HEADERS), ",".join(household_row(floor_area="12,5"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # The cells after the area shift one column right.
    assert errors_of(read_register_file(path)) == [
        (
            2,
            None,
            "",
            "the row has 13 cells but the header has 12 (a decimal comma in a "
            'comma-separated file? quote the value: "12,5")',
        ),
        (2, "Phân loại hộ", "5", REASON_POVERTY),
        (2, "Năm rà soát nghèo", "không", REASON_WHOLE),
        (2, "Dùng nước sạch", "2024", REASON_BOOL),
    ]


def test_a_csv_that_is_not_utf8_is_refused_naming_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "so-ho.csv"
    path.write_bytes(";".join(HOUSEHOLD_HEADERS).encode() + b"\nH1;B\xe1n P\xe2u\n")
    with pytest.raises(InputError) as raised:
        read_register_file(path)
    assert raised.value.location.file == "so-ho.csv"
    assert raised.value.message == (
        "not UTF-8 text (line 2): save the file as 'CSV UTF-8' "
        "(Excel: Save As, 'CSV UTF-8 (Comma delimited)')"
    )


def test_a_utf16_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ho.csv"
    path.write_text("\t".join(HOUSEHOLD_HEADERS), encoding="utf-16")
    with pytest.raises(InputError, match="the text is in UTF-16"):
        read_register_file(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "so-ho.xlsx",
            b"%PDF-1.7\n1 0 obj\n",
            "this is a PDF document, not a register: give the register as .xlsx or .csv",
        ),
        ("so-ho.xlsx", b"", "the file is empty"),
        ("so-ho.csv", b"", "the file is empty"),
        ("so-ho.csv", b" \n\n", "the file is empty"),
        (
            "so-ho.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
            "this is an old Office file (.xls or .doc): save the register as .xlsx",
        ),
        (
            "so-ho.xlsx",
            b"Ma ho;Xom\nH1;X1\n",
            "not a spreadsheet: an .xlsx file is a ZIP archive and this one is not "
            "(an old .xls or a renamed file? save it again as .xlsx)",
        ),
        (
            "so-ho.pdf",
            b"Ma ho;Xom\n",
            "unknown file type (.pdf): a register is an .xlsx or a .csv file, or the .zip "
            "of an ODK Central export",
        ),
        ("so-ho.zip", b"Ma ho;Xom\n", "not a ZIP archive (a damaged or renamed file?)"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_naming_it(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_register_file(path)
    assert (raised.value.location.file, raised.value.message) == (name, message)


def test_a_word_document_renamed_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "so-ho.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(InputError) as raised:
        read_register_file(path)
    assert raised.value.message == "this is a Word document (.docx), not a spreadsheet"
    assert raised.value.location.file == "so-ho.xlsx"


def test_a_docx_by_its_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "so-ho.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(InputError, match=r"unknown file type \(.docx\)"):
        read_register_file(path)


@pytest.mark.parametrize(
    ("relations", "reason"),
    [
        (False, "CalamineError: File not found '_rels/.rels'"),  # a part is missing
        (True, "XmlError: workbook"),  # the workbook's XML is cut short
    ],
)
def test_a_damaged_workbook_is_refused(tmp_path: Path, relations: bool, reason: str) -> None:
    path = tmp_path / "so-ho.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        if relations:
            archive.writestr("_rels/.rels", PACKAGE_RELATIONS)
            archive.writestr("xl/_rels/workbook.xml.rels", BOOK_RELATIONS)
        archive.writestr("xl/workbook.xml", "<workbook><sheets>")
    with pytest.raises(InputError) as raised:
        read_register_file(path)
    assert str(raised.value) == f"so-ho.xlsx: a damaged XLSX spreadsheet ({reason})"


def test_the_display_name_names_the_file_and_tells_its_type(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "upload-1a2b", HOUSEHOLD_HEADERS, [household_row()])
    file = read_register_file(path, display_name="Sổ hộ xóm 1.csv")
    assert file.households.display_name == "Sổ hộ xóm 1.csv"


def test_a_persons_csv_alone_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "nk.csv", PERSON_HEADERS, [person_row()])
    with pytest.raises(InputError, match="this file lists persons, not households"):
        read_register_file(path)


def test_a_csv_pair_with_headers_naming_neither_table_is_refused(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", HOUSEHOLD_HEADERS, [household_row()])
    second = write_csv(tmp_path / "b.csv", ["Mã hộ", "Ghi chú"], [["H1", "x"]])
    with pytest.raises(InputError, match=r"\(a.csv: households; b.csv: neither\)"):
        read_register_files([first, second])


def test_two_csv_files_that_cannot_be_told_apart_are_refused(tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", HOUSEHOLD_HEADERS, [household_row()])
    second = write_csv(tmp_path / "b.csv", HOUSEHOLD_HEADERS, [household_row("H2")])
    with pytest.raises(InputError) as raised:
        read_register_files([first, second])
    assert raised.value.message == (
        "cannot tell which file lists households and which lists persons "
        "(a.csv: households; b.csv: households): give them the template's headers"
    )


# --- Mapping -----------------------------------------------------------------------------


def test_guess_mapping_matches_headers_without_case_diacritics_or_punctuation() -> None:
    headers = ("MA HO", "Ten xom", "ho_ten_chu_ho", "Diện tích (m2)", "loai_nha", "Ghi chú")
    table = Table(file="t.csv", sheet=None, headers=headers, rows=())
    mapping = guess_mapping(table, HOUSEHOLD_FIELDS)
    assert mapping == {
        "code": "MA HO",
        "hamlet": "Ten xom",
        "head_name": "ho_ten_chu_ho",
        "id_number": None,
        "members": None,
        "structure": "loai_nha",
        "floor_area": "Diện tích (m2)",
        "poverty_class": None,
        "poverty_year": None,
        "clean_water": None,
        "sanitary_latrine": None,
        "waste_sorted": None,
    }


def test_no_alias_names_two_fields_of_one_table() -> None:
    for fields in (HOUSEHOLD_FIELDS, PERSON_FIELDS):
        seen: dict[str, str] = {}
        for field in fields:
            for alias in field.aliases:
                assert seen.setdefault(alias, field.name) == field.name, alias


# --- Bad rows ----------------------------------------------------------------------------


def test_a_missing_required_column_is_reported_once_and_the_rows_still_checked(
    tmp_path: Path,
) -> None:
    header = [h for h in HOUSEHOLD_HEADERS if h != "Loại nhà"]
    rows = [household_row(members="ba"), household_row("H2")]
    for row in rows:
        del row[HOUSEHOLD_HEADERS.index("Loại nhà")]
    assert errors_of(load(tmp_path, rows, header=header)) == [
        (
            None,
            "Loại nhà",
            "",
            "required column 'Loại nhà' is missing: map it to a column of the file",
        ),
        (2, "Số nhân khẩu", "ba", REASON_WHOLE),
    ]


def test_a_missing_optional_column_is_no_error(tmp_path: Path) -> None:
    header = [h for h in HOUSEHOLD_HEADERS if h != "Số định danh chủ hộ"]
    row = household_row()
    del row[HOUSEHOLD_HEADERS.index("Số định danh chủ hộ")]
    assert parse(load(tmp_path, [row], header=header)).households == (household(),)


def test_a_mapping_that_names_no_column_of_the_table_is_reported(tmp_path: Path) -> None:
    file = load(tmp_path, [household_row()])
    mapping = guess_mapping(file.households, HOUSEHOLD_FIELDS)
    mapping["structure"] = "Kết cấu"
    mapping["clean_water"] = "Nhà tiêu hợp vệ sinh"
    assert errors_of(file, household_mapping=mapping) == [
        (None, "Kết cấu", "", "the mapping names column 'Kết cấu', which the table does not have"),
        (
            None,
            "Nhà tiêu hợp vệ sinh",
            "",
            "column 'Nhà tiêu hợp vệ sinh' is mapped to two fields, 'Dùng nước sạch' and "
            "'Nhà tiêu hợp vệ sinh'",
        ),
    ]


def test_a_mapping_of_an_unknown_field_is_a_programming_error(tmp_path: Path) -> None:
    file = load(tmp_path, [household_row()])
    with pytest.raises(ValueError, match="unknown fields in the mapping: colour"):
        parse(file, household_mapping={"colour": "Mã hộ"})


def test_two_columns_with_one_header_are_reported_when_mapped(tmp_path: Path) -> None:
    header = [*HOUSEHOLD_HEADERS, "Loại nhà"]
    assert errors_of(load(tmp_path, [[*household_row(), "x"]], header=header)) == [
        (None, "Loại nhà", "", "two columns are named 'Loại nhà': rename one")
    ]


def test_blank_required_cells_are_errors_and_a_blank_boolean_is_never_false(
    tmp_path: Path,
) -> None:
    rows = [household_row(members=" ", clean_water=""), household_row("H2", head_name="")]
    assert errors_of(load(tmp_path, rows)) == [
        (2, "Số nhân khẩu", "", REASON_BLANK),
        (2, "Dùng nước sạch", "", REASON_BLANK),
        (3, "Họ tên chủ hộ", "", REASON_BLANK),
    ]


def test_each_value_that_does_not_parse_says_what_was_expected(tmp_path: Path) -> None:
    row = household_row(
        id_number="12345",
        members="2,5",
        structure="nhà gỗ",
        floor_area="khoảng 40",
        poverty_class="giàu",
        poverty_year="1999",
        clean_water="có lẽ",
    )
    assert errors_of(load(tmp_path, [row])) == [
        (
            2,
            "Số định danh chủ hộ",
            "12345",
            "expected the 12 digits of a personal identity number (số định danh cá nhân)",
        ),
        (2, "Số nhân khẩu", "2,5", REASON_WHOLE),
        (2, "Loại nhà", "nhà gỗ", REASON_STRUCTURE),
        (2, "Diện tích nhà (m²)", "khoảng 40", "expected a number such as 45 or 45,5"),
        (2, "Phân loại hộ", "giàu", REASON_POVERTY),
        (
            2,
            "Năm rà soát nghèo",
            "1999",
            "expected the year of a poverty review, from 2000 to 2025",
        ),
        (2, "Dùng nước sạch", "có lẽ", REASON_BOOL),
    ]


def test_fewer_than_one_member_and_a_negative_area_are_errors(tmp_path: Path) -> None:
    row = household_row(members="0", floor_area="-5")
    assert errors_of(load(tmp_path, [row])) == [
        (2, "Số nhân khẩu", "0", "a household has at least 1 member"),
        (2, "Diện tích nhà (m²)", "-5", "the floor area cannot be negative"),
    ]


def test_an_unknown_hamlet_is_an_error_listing_the_known_ones(tmp_path: Path) -> None:
    assert errors_of(load(tmp_path, [household_row(hamlet="Nà Làng")])) == [
        (
            2,
            "Xóm/Thôn",
            "Nà Làng",
            "unknown hamlet; the commune's hamlets are: Thôn Đồng Tâm, Xóm Bản Pấu",
        )
    ]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Xóm Bản Pấu", "X1"),
        ("Bản Pấu", "X1"),
        ("BẢN PẤU", "X1"),
        ("xom ban pau", "X1"),
        ("Pấu", "X1"),
        ("X1", "X1"),
        ("x2", "X2"),
        ("Đồng Tâm", "X2"),
        ("dong tam", "X2"),
        ("Xóm Đồng Tâm", "X2"),
    ],
)
def test_a_hamlet_is_found_by_code_or_name_without_case_diacritics_or_prefix(
    tmp_path: Path, written: str, code: str
) -> None:
    register = parse(load(tmp_path, [household_row(hamlet=written)]))
    assert register.households[0].hamlet == code


def test_a_name_that_fits_two_hamlets_must_be_written_as_a_code(tmp_path: Path) -> None:
    hamlets = {"Xóm 1": "A", "Thôn 1": "B"}
    file = load(tmp_path, [household_row(hamlet="1"), household_row("H2", hamlet="Thôn 1")])
    assert errors_of(file, hamlets=hamlets) == [
        (2, "Xóm/Thôn", "1", "the name fits several hamlets (A, B): write the hamlet's code")
    ]


def test_a_household_code_twice_reports_both_rows(tmp_path: Path) -> None:
    rows = [household_row("H1"), household_row("H2"), household_row("H1")]
    assert errors_of(load(tmp_path, rows)) == [
        (2, "Mã hộ", "H1", "household code H1 appears twice (also on row 4)"),
        (4, "Mã hộ", "H1", "household code H1 appears twice (also on row 2)"),
    ]


def test_a_person_whose_household_is_not_in_the_file_is_an_error(tmp_path: Path) -> None:
    file = load(tmp_path, [household_row("H1")], [person_row("H1"), person_row("H9")])
    assert errors_of(file) == [
        (3, "Mã hộ", "H9", "household H9 is not in the households table"),
    ]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2025", "born after the reference year 2024"),
        ("01/01/2025", "born after the reference year 2024"),
        ("1899", "born before 1900"),
        ("31/02/1990", "not a date that exists"),
        ("năm 90", "expected a year such as 1985 or a date such as 15/03/1985"),
    ],
)
def test_a_bad_year_of_birth_is_an_error(tmp_path: Path, written: str, reason: str) -> None:
    file = load(tmp_path, [household_row()], [person_row(birth_year=written)])
    assert errors_of(file) == [(2, "Năm sinh", written, reason)]


@pytest.mark.parametrize(
    ("written", "year"),
    [("1985", 1985), ("15/03/1985", 1985), ("1985-03-15", 1985), ("2024", 2024)],
)
def test_a_year_or_a_date_of_birth_gives_the_year(tmp_path: Path, written: str, year: int) -> None:
    file = load(tmp_path, [household_row()], [person_row(birth_year=written)])
    assert parse(file).persons[0].birth_year == year


def test_a_certificate_outside_the_list_is_an_error(tmp_path: Path) -> None:
    file = load(tmp_path, [household_row()], [person_row(certificate="tiểu học")])
    assert errors_of(file) == [
        (
            2,
            "Bằng cấp cao nhất",
            "tiểu học",
            "not a certificate level of the list: không, dưới 3 tháng, sơ cấp, trung cấp, "
            "cao đẳng, đại học, sau đại học",
        )
    ]


def test_a_bad_person_row_reports_sex_and_booleans(tmp_path: Path) -> None:
    file = load(tmp_path, [household_row()], [person_row(sex="khác", working="", trained="?")])
    assert errors_of(file) == [
        (2, "Giới tính", "khác", "expected nam or nữ"),
        (2, "Có việc làm", "", REASON_BLANK),
        (2, "Đã qua đào tạo", "?", REASON_BOOL),
    ]


@pytest.mark.parametrize(
    ("read", "written", "value"),
    [
        (read_structure, "Kien co", HouseStructure.PERMANENT),
        (read_structure, "KIÊN CỐ", HouseStructure.PERMANENT),
        (read_structure, "nhà bán kiên cố", HouseStructure.SEMI_PERMANENT),
        (read_structure, "thieu_kien_co", HouseStructure.LESS_PERMANENT),
        (read_structure, "Đơn sơ", HouseStructure.SIMPLE),
        (read_structure, "semi_permanent", HouseStructure.SEMI_PERMANENT),
        (read_poverty_class, "Hộ nghèo", PovertyClass.POOR),
        (read_poverty_class, "Cận nghèo", PovertyClass.NEAR_POOR),
        (read_poverty_class, "trung bình", PovertyClass.AVERAGE),
        (read_poverty_class, "Mức sống trung bình", PovertyClass.AVERAGE),
        (read_poverty_class, "Không", PovertyClass.NONE),
        (read_bool, "X", True),
        (read_bool, "c", True),
        (read_bool, "Đúng", True),
        (read_bool, "yes", True),
        (read_bool, "K", False),
        (read_bool, "0", False),
        (read_bool, "Sai", False),
        (read_bool, "false", False),
        (read_sex, "Nữ", Sex.FEMALE),
        (read_sex, "male", Sex.MALE),
        (read_certificate, "không có", Certificate.NONE),
        (read_certificate, "Chứng chỉ dưới 3 tháng", Certificate.SHORT_COURSE),
        (read_certificate, "Sơ cấp", Certificate.ELEMENTARY),
        (read_certificate, "Cao đẳng", Certificate.COLLEGE),
        (read_certificate, "đại học", Certificate.UNIVERSITY),
        (read_certificate, "Thạc sĩ", Certificate.POSTGRADUATE),
        (read_certificate, "tiến sĩ", Certificate.POSTGRADUATE),
    ],
)
def test_cells_are_read_whatever_their_case_diacritics_or_spelling(
    read: object, written: str, value: object
) -> None:
    assert read(written) == value  # type: ignore[operator]


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, ""),
        (" H1 ", "H1"),
        (True, "1"),
        (7, "7"),
        (Decimal("3"), "3"),
        (Decimal("3.50"), "3.50"),
        (datetime.datetime(2024, 1, 2), "2024-01-02"),
        (datetime.datetime(2024, 1, 2, 8, 30), "2024-01-02T08:30:00"),
        (date(2024, 1, 2), "2024-01-02"),
    ],
)
def test_a_cell_as_text(cell: object, text: str) -> None:
    assert read_text(cell) == text  # type: ignore[arg-type]


def test_typed_cells_are_read_as_their_fields_expect() -> None:
    assert read_int(Decimal("3")) == 3
    assert read_decimal(4) == Decimal(4)
    assert read_decimal(Decimal("1.5")) == Decimal("1.5")
    assert read_year(date(1990, 5, 1)) == 1990
    assert read_id_number(Decimal("1190012345")) == "001190012345"
    assert read_id_number("0011 9001 2345") == "001190012345"
    assert (read_bool(1), read_bool(Decimal(0)), read_bool(True)) == (True, False, True)
    for read, cell in [
        (read_int, True),
        (read_int, Decimal("2.5")),
        (read_decimal, True),
        (read_decimal, date(2024, 1, 1)),
        (read_id_number, 10**12),
        (read_structure, 3),
        (read_bool, 2),
    ]:
        with pytest.raises(CellError):
            read(cell)  # type: ignore[arg-type]


def test_with_no_hamlets_known_every_hamlet_is_unknown(tmp_path: Path) -> None:
    assert errors_of(load(tmp_path, [household_row()]), hamlets={}) == [
        (2, "Xóm/Thôn", "Bản Pấu", "unknown hamlet: no hamlets are known for the commune")
    ]


def test_a_long_list_of_hamlets_is_cut_in_the_message(tmp_path: Path) -> None:
    hamlets = {f"Xóm {n:02d}": f"X{n}" for n in range(1, 14)}
    names = ", ".join(f"Xóm {n:02d}" for n in range(1, 13))
    assert errors_of(load(tmp_path, [household_row()]), hamlets=hamlets) == [
        (2, "Xóm/Thôn", "Bản Pấu", f"unknown hamlet; the commune's hamlets are: {names}, …")
    ]


def test_max_errors_keeps_the_first_errors_and_counts_them_all(tmp_path: Path) -> None:
    rows = [household_row(f"H{n}", structure="gỗ") for n in range(1, 6)]
    with pytest.raises(RegisterInvalid) as raised:
        parse(load(tmp_path, rows), max_errors=2)
    assert raised.value.total == 5
    assert [error.row for error in raised.value.errors] == [2, 3]


def test_the_error_says_how_many_and_describes_the_first(tmp_path: Path) -> None:
    file = load(tmp_path, [household_row(structure="gỗ"), household_row("H2", members="")])
    with pytest.raises(RegisterInvalid) as raised:
        parse(file)
    assert str(raised.value) == (
        f"ho.csv: the register has 2 errors; nothing was read. The first: row 2, column "
        f"'Loại nhà': 'gỗ': {REASON_STRUCTURE}"
    )
    assert raised.value.errors[1].describe() == (
        "ho.csv, row 3, column 'Số nhân khẩu': required, but blank"
    )
    assert isinstance(raised.value, InputError)


def test_errors_come_in_file_order_households_first(tmp_path: Path) -> None:
    file = load(
        tmp_path,
        [household_row("H1"), household_row("H2", members="x")],
        [person_row("H1", sex="?"), person_row("H2", sex="nam")],
    )
    with pytest.raises(RegisterInvalid) as raised:
        parse(file)
    assert raised.value.errors == [
        RowError("ho.csv", None, 3, "Số nhân khẩu", "x", REASON_WHOLE),
        RowError("nhan-khau.csv", None, 2, "Giới tính", "?", "expected nam or nữ"),
    ]


def test_a_large_file_with_one_bad_row_builds_nothing_and_names_that_row(
    tmp_path: Path,
) -> None:
    rows = [household_row(f"H{n}") for n in range(1, 50_001)]
    rows[30_000] = household_row("H30001", structure="nhà gỗ")  # row 30,002 of the file
    file = load(tmp_path, rows)
    with pytest.raises(RegisterInvalid) as raised:
        parse(file)
    assert raised.value.total == 1
    assert raised.value.errors == [
        RowError("ho.csv", None, 30_002, "Loại nhà", "nhà gỗ", REASON_STRUCTURE)
    ]


# --- XLSX --------------------------------------------------------------------------------


def test_a_synthetic_register_survives_a_round_trip_through_xlsx(tmp_path: Path) -> None:
    register = synthetic_register("08123", households=2_000, seed=5)
    # Names and identity numbers for some rows, a leading zero among them.
    households = tuple(
        replace(h, id_number=f"{n:012d}") if n % 3 == 0 else h
        for n, h in enumerate(register.households)
    )
    persons = tuple(
        replace(p, name=f"Người {n}", id_number=f"0{n:011d}") if n % 4 == 0 else p
        for n, p in enumerate(register.persons)
    )
    register = replace(register, households=households, persons=persons)
    names = {code: f"Xóm {number}" for number, code in enumerate(register.hamlets, start=1)}
    path = tmp_path / "so-ho.xlsx"
    write_register_xlsx(register, path, hamlet_names=names)
    file = read_register_file(path)
    assert (file.kind, file.synthetic) == ("xlsx", True)
    assert (file.households.sheet, file.persons and file.persons.sheet) == (
        HOUSEHOLD_SHEET,
        PERSON_SHEET,
    )
    hamlets = {**{name: code for code, name in names.items()}, **{c: c for c in names}}
    back = parse(
        file, hamlets=hamlets, reference_date=register.reference_date, source=register.source
    )
    assert back.synthetic
    assert back == register
    guide = openpyxl.load_workbook(path, read_only=True)[GUIDE_SHEET]
    assert [row[0] for row in guide.iter_rows(max_row=2, max_col=1, values_only=True)] == [
        "Sổ hộ gia đình: hướng dẫn ghi",
        SYNTHETIC_NOTICE,
    ]


def test_a_register_that_is_not_synthetic_is_not_marked(tmp_path: Path) -> None:
    register = Register((household(),), (person(),), REFERENCE, source="xã")
    path = tmp_path / "so-ho.xlsx"
    write_register_xlsx(register, path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.properties.keywords is None
    assert SYNTHETIC_NOTICE not in [row[0] for row in workbook[GUIDE_SHEET].values]
    file = read_register_file(path)
    assert not file.synthetic
    assert parse(file, hamlets={"X1": "X1"}, source="xã") == register


def test_the_template_has_our_headers_the_guidance_and_reads_back_empty(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    write_register_template(path, hamlets=["Xóm Bản Pấu", "Thôn Đồng Tâm"])
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [HOUSEHOLD_SHEET, PERSON_SHEET, GUIDE_SHEET]
    assert [c.value for c in workbook[HOUSEHOLD_SHEET][1]] == HOUSEHOLD_HEADERS
    assert [c.value for c in workbook[PERSON_SHEET][1]] == PERSON_HEADERS
    guide = [row for row in workbook[GUIDE_SHEET].values]
    described = [
        (row[0], row[1], row[2]) for row in guide if row[0] in (HOUSEHOLD_SHEET, PERSON_SHEET)
    ]
    assert described[:2] == [(HOUSEHOLD_SHEET, "Mã hộ", "có"), (HOUSEHOLD_SHEET, "Xóm/Thôn", "có")]
    assert len(described) == len(HOUSEHOLD_FIELDS) + len(PERSON_FIELDS)
    assert (PERSON_SHEET, "Họ tên", "không") in described
    assert [row[1] for row in guide[-2:]] == ["Xóm Bản Pấu", "Thôn Đồng Tâm"]
    lists = {
        str(v.sqref): v.formula1 for v in workbook[HOUSEHOLD_SHEET].data_validations.dataValidation
    }
    assert lists["F2:F100000"] == '"kiên cố,bán kiên cố,thiếu kiên cố,đơn sơ"'
    assert lists["B2:B100000"] == f"'{GUIDE_SHEET}'!$B${len(guide) - 1}:$B${len(guide)}"
    file = read_register_file(path)
    assert (file.households.rows, file.persons and file.persons.rows) == ((), ())
    assert parse(file) == Register((), (), REFERENCE, source="test")


def test_an_xlsx_of_our_own_is_found_by_headers_below_a_title_with_typed_cells(
    tmp_path: Path,
) -> None:
    workbook = openpyxl.Workbook()
    guide: Any = workbook.active  # the first sheet, which openpyxl always makes
    guide.title = GUIDE_SHEET
    guide.append(["Mã hộ", "Xóm", "Loại nhà"])  # guidance, never read as data
    households = workbook.create_sheet("Danh sách")
    households.append(["DANH SÁCH HỘ GIA ĐÌNH XÃ YÊN NINH"])
    households.append([])
    households.append(HOUSEHOLD_HEADERS)
    households.append(
        [
            "H1",
            "Bản Pấu",
            "Lò Văn Pấu",
            1190012345,
            2,
            "kiên cố",
            45.5,
            "không",
            2024,
            True,
            "có",
            False,
        ]
    )
    persons = workbook.create_sheet("NK")
    persons.append(PERSON_HEADERS)
    persons.append(
        [
            "H1",
            "Lò Thị Mai",
            "001190012346",
            datetime.datetime(1990, 3, 15),
            "nữ",
            1,
            "x",
            "trung cấp",
            "có",
        ]
    )
    persons["D2"].number_format = "dd/mm/yyyy"
    path = tmp_path / "so-ho.xlsx"
    workbook.save(path)
    file = read_register_file(path)
    assert (file.households.sheet, file.households.rows[0].number) == ("Danh sách", 4)
    assert file.persons is not None and file.persons.sheet == "NK"
    assert file.persons.rows[0].cells[3] == date(1990, 3, 15)  # a whole day is a date
    register = parse(file)
    assert register.households == (household(id_number="001190012345"),)
    assert register.persons == (person(id_number="001190012346"),)


def test_bad_cells_of_an_xlsx_name_the_sheet(tmp_path: Path) -> None:
    register = Register((household(),), (person(),), REFERENCE, source="xã")
    path = tmp_path / "so-ho.xlsx"
    write_register_xlsx(register, path)
    workbook = openpyxl.load_workbook(path)
    workbook[PERSON_SHEET]["D2"] = 2030
    workbook.save(path)
    with pytest.raises(RegisterInvalid) as raised:
        parse(read_register_file(path), hamlets={"X1": "X1"})
    assert raised.value.errors == [
        RowError(
            "so-ho.xlsx", PERSON_SHEET, 2, "Năm sinh", "2030", "born after the reference year 2024"
        )
    ]


def test_a_workbook_without_a_households_sheet_is_refused(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first: Any = workbook.active  # the first sheet, which openpyxl always makes
    first.append(["a", "b"])
    workbook.create_sheet("Khác").append(["c", "d"])
    path = tmp_path / "so-ho.xlsx"
    workbook.save(path)
    with pytest.raises(InputError, match="no sheet lists households"):
        read_register_file(path)


# --- Workbooks as Excel and LibreOffice write them ---------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
CORE_PROPERTIES = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    'metadata/core-properties"><cp:keywords>demo, ntm:synthetic</cp:keywords>'
    "</cp:coreProperties>"
)
BOOK_RELATIONS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONS}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
    f'<Relationship Id="rId3" Type="{RELATIONS}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId4" Type="{RELATIONS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId5" Type="{RELATIONS}/chartsheet" Target="chartsheets/sheet1.xml"/>'
    "</Relationships>"
)


def excel_workbook(
    path: Path,
    *,
    households_xml: str,
    persons_xml: str,
    shared: list[str],
    core_xml: str = CORE_PROPERTIES,
) -> Path:
    """A workbook laid out as Excel writes it (openpyxl writes inline strings only): shared
    strings, styles with a date format, the 1904 date system, document keywords."""
    strings = "".join(f"<si>{item}</si>" for item in shared)
    parts = {
        "_rels/.rels": PACKAGE_RELATIONS,
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><workbookPr date1904="1"/>'
            f'<sheets><sheet name="Hộ" sheetId="1" r:id="rId1"/>'
            f'<sheet name="Thành viên" sheetId="2" r:id="rId2"/>'
            f'<sheet name="Chart" sheetId="3" r:id="rId5"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": BOOK_RELATIONS,
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{strings}</sst>',
        "xl/styles.xml": (
            f'<styleSheet xmlns="{MAIN}"><numFmts count="1">'
            '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
            '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/>'
            "</cellXfs></styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": households_xml,
        "xl/worksheets/sheet2.xml": persons_xml,
        "docProps/core.xml": core_xml,
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def shared_row(number: int, indexes: list[int]) -> str:
    return (
        f'<row r="{number}">'
        + "".join(
            f'<c r="{chr(65 + i)}{number}" t="s"><v>{index}</v></c>'
            for i, index in enumerate(indexes)
        )
        + "</row>"
    )


def test_a_workbook_written_by_excel_is_read_cell_by_cell(tmp_path: Path) -> None:
    shared = [f"<t>{header}</t>" for header in HOUSEHOLD_HEADERS]  # 0-11
    shared += [
        "<t>H1</t>",  # 12
        # Rich text in two runs, and a phonetic reading guide that is not the text.
        '<r><t xml:space="preserve">Bản </t></r><r><t>Pấu</t></r><rPh><t>ban</t></rPh>',  # 13
        "<t>không</t>",  # 14
        "<t>có</t>",  # 15
    ]
    households = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        + shared_row(1, list(range(12)))
        + '<row r="2"><c r="A2" t="s"><v>12</v></c><c r="B2" t="s"><v>13</v></c>'
        '<c r="C2" t="inlineStr"><is><t>Lò_x0020_Văn Pấu</t></is></c>'
        '<c r="E2"><v>2</v></c>'
        '<c r="F2" t="str"><f>"kiên "&amp;"cố"</f><v>kiên cố</v></c>'
        '<c r="G2"><v>45.5</v></c><c r="H2" t="s"><v>14</v></c><c r="I2"><v>2024</v></c>'
        '<c r="J2" t="b"><v>1</v></c><c r="K2" t="s"><v>15</v></c><c r="L2" t="s"><v>14</v></c>'
        "</row>"
        # No references: the cells follow one another; an error cell for the members
        # (calamine reads an error cell as blank).
        '<row r="6"><c t="inlineStr"><is><t>H2</t></is></c><c t="s"><v>13</v></c>'
        '<c t="inlineStr"><is><t>Hà Thị Lan</t></is></c><c/><c t="e"><v>#N/A</v></c>'
        '<c t="inlineStr"><is><t>đơn sơ</t></is></c><c><v>1.25E1</v></c><c t="s"><v>14</v></c>'
        '<c><v>2024</v></c><c t="b"><v>0</v></c><c t="s"><v>14</v></c><c t="s"><v>14</v></c>'
        "</row></sheetData></worksheet>"
    )
    # The persons sheet uses a prefix for the strict namespace, as some writers do.
    strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    cells = "".join(
        f'<x:c r="{chr(65 + i)}1" t="inlineStr"><x:is><x:t>{h}</x:t></x:is></x:c>'
        for i, h in enumerate(PERSON_HEADERS)
    )
    persons = (
        f'<x:worksheet xmlns:x="{strict}"><x:sheetData><x:row r="1">{cells}</x:row>'
        '<x:row r="2"><x:c r="A2" t="s"><x:v>12</x:v></x:c><x:c r="D2" s="1"><x:v>31485</x:v>'
        '</x:c><x:c r="E2" t="inlineStr"><x:is><x:t>nữ</x:t></x:is></x:c>'
        '<x:c r="F2" t="b"><x:v>1</x:v></x:c><x:c r="G2" t="s"><x:v>15</x:v></x:c>'
        '<x:c r="H2" t="inlineStr"><x:is><x:t>trung cấp</x:t></x:is></x:c>'
        '<x:c r="I2" t="s"><x:v>15</x:v></x:c></x:row>'
        # An ISO date cell, and a cell given twice (the second wins).
        '<x:row r="3"><x:c r="A3" t="s"><x:v>12</x:v></x:c><x:c r="D3" t="d">'
        '<x:v>1985-06-01T00:00:00</x:v></x:c><x:c r="E3" t="inlineStr"><x:is><x:t>nam</x:t>'
        '</x:is></x:c><x:c r="E3" t="inlineStr"><x:is><x:t>nữ</x:t></x:is></x:c>'
        '<x:c r="F3" t="b"><x:v>0</x:v></x:c><x:c r="G3" t="b"><x:v>0</x:v></x:c>'
        '<x:c r="H3" t="inlineStr"><x:is><x:t>không</x:t></x:is></x:c>'
        '<x:c r="I3" t="b"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    path = excel_workbook(
        tmp_path / "excel.xlsx", households_xml=households, persons_xml=persons, shared=shared
    )
    file = read_register_file(path)
    assert (file.kind, file.synthetic) == ("xlsx", True)
    assert file.households.headers == tuple(HOUSEHOLD_HEADERS)
    assert file.households.rows[0].cells == (
        "H1", "Bản Pấu", "Lò Văn Pấu", None, 2, "kiên cố", Decimal("45.5"), "không", 2024,
        True, "có", "không",
    )  # fmt: skip
    assert file.households.rows[1].number == 6
    assert file.households.rows[1].cells[3:7] == (None, None, "đơn sơ", Decimal("12.5"))
    assert file.persons is not None and file.persons.sheet == "Thành viên"
    assert file.persons.rows[0].cells[3] == date(1990, 3, 15)
    assert file.persons.rows[1].cells[3:5] == (datetime.datetime(1985, 6, 1), "nữ")
    assert errors_of(file) == [(6, "Số nhân khẩu", "", REASON_BLANK)]


def test_a_document_type_in_the_properties_is_refused(tmp_path: Path) -> None:
    sheet = f'<worksheet xmlns="{MAIN}"/>'
    core = '<!DOCTYPE x [<!ENTITY a "ntm:synthetic">]><x><keywords>&a;</keywords></x>'
    path = excel_workbook(
        tmp_path / "x.xlsx", households_xml=sheet, persons_xml=sheet, shared=[], core_xml=core
    )
    with pytest.raises(InputError, match="the workbook's XML declares a document type"):
        read_register_file(path)


def test_an_entity_in_a_sheet_is_never_expanded(tmp_path: Path) -> None:
    """calamine ignores a document type and refuses the entities it declares."""
    sheet = (
        f'<!DOCTYPE worksheet [<!ENTITY a SYSTEM "file:///etc/passwd">]><worksheet '
        f'xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is>'
        "</c></row></sheetData></worksheet>"
    )
    path = excel_workbook(
        tmp_path / "x.xlsx", households_xml=sheet, persons_xml=sheet, shared=["<t>&#97;</t>"]
    )
    with pytest.raises(InputError, match=r"\(XmlError: .*unrecognized entity `&a;`\)$"):
        read_register_file(path)


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("ppt/presentation.xml", "this is a PowerPoint presentation, not a spreadsheet"),
        ("content.xml", "a ZIP archive, but not an XLSX spreadsheet"),
    ],
)
def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path, member: str, message: str) -> None:
    path = tmp_path / "so-ho.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(member, "<x/>")
    with pytest.raises(InputError) as raised:
        read_register_file(path)
    assert raised.value.message == message


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "so-ho.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(InputError, match=r"^so-ho.xlsx: not a readable XLSX spreadsheet: "):
        read_register_file(path)


def test_a_single_sheet_with_its_own_headers_is_the_households_table(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet: Any = workbook.active  # the first sheet, which openpyxl always makes
    sheet.title = "Sheet1"
    sheet.append(["Số hộ", "Thôn xóm nơi ở"])
    sheet.append(["H1", "Bản Pấu"])
    path = tmp_path / "so-ho.xlsx"
    workbook.save(path)
    file = read_register_file(path)
    assert (file.households.headers, file.persons) == (("Số hộ", "Thôn xóm nơi ở"), None)
    assert file.households.rows[0].cells == ("H1", "Bản Pấu")


def test_a_sheet_right_of_column_a_keeps_its_columns_rows_and_exact_numbers(
    tmp_path: Path,
) -> None:
    workbook = openpyxl.Workbook()
    empty: Any = workbook.active  # the first sheet, which openpyxl always makes
    empty.title = "Trống"
    sheet = workbook.create_sheet("Hộ")
    sheet.append([])
    sheet.append([])
    sheet.append([None, "Mã hộ", "Xóm/Thôn", "Giờ", "Thời lượng", "Diện tích"])
    sheet.append([None, "H1", "Bản Pấu", datetime.time(8, 30), datetime.timedelta(hours=30), 45.5])
    sheet.append([])
    sheet.append([None, "H2", "", None, None, 1e-7, "right of the headers"])
    path = tmp_path / "so-ho.xlsx"
    workbook.save(path)
    file = read_register_file(path)
    assert file.households.headers == ("", "Mã hộ", "Xóm/Thôn", "Giờ", "Thời lượng", "Diện tích")
    assert file.households.rows == (
        (4, (None, "H1", "Bản Pấu", "08:30:00", "1 day, 6:00:00", Decimal("45.5"))),
        (6, (None, "H2", None, None, None, Decimal("0.0000001"))),
    )


# --- Reading several files, and files that cannot be read --------------------------------


def test_reading_files_checks_its_arguments(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ho.csv", HOUSEHOLD_HEADERS, [household_row()])
    with pytest.raises(ValueError, match="no register file given"):
        read_register_files([])
    with pytest.raises(ValueError, match="give one display name per path"):
        read_register_files([path], display_names=["a.csv", "b.csv"])
    assert read_register_files([path], display_names=["a.csv"]).households.file == "a.csv"
    with pytest.raises(InputError, match="give one register file, or two CSV files"):
        read_register_files([path, path, path])


def test_a_workbook_and_a_csv_are_not_a_pair(tmp_path: Path) -> None:
    book = tmp_path / "so-ho.xlsx"
    write_register_template(book)
    persons = write_csv(tmp_path / "nk.csv", PERSON_HEADERS, [person_row()])
    with pytest.raises(InputError) as raised:
        read_register_files([book, persons])
    assert raised.value.message == (
        "a register in two files is two CSV files: the households and the persons"
    )
    assert raised.value.location.file == "so-ho.xlsx"


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "so-ho.csv"
    folder.mkdir()
    with pytest.raises(InputError, match="cannot read the file: it is a folder, not a file"):
        read_register_file(folder)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("so-ho.csv", b"PK\x03\x04rest", "this is a spreadsheet (XLSX) but its name ends in .csv"),
        ("so-ho.csv", b"Ma ho\x00;\x01\x02abc" * 4, "not a text file (it holds binary data)"),
        (
            "so-ho.csv",
            b'"Ma ho";"Xom"\n"' + b"x" * 200_000 + b'";"X1"\n',
            "not a readable CSV file: field larger than field limit (131072)",
        ),
    ],
)
def test_a_csv_that_cannot_be_read_is_refused(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_register_file(path)
    assert raised.value.message == message


# --- ODK Central CSV export --------------------------------------------------------------

# The layout of ODK Central's "Download all records" ZIP (getodk/central-backend:
# lib/data/briefcase.js and test/unit/data/briefcase.js): "\n" line ends, quotes only where
# needed, SubmissionDate first, fields by group path joined by "-", Central's columns last;
# the repeat's file has the repeat's own field names, PARENT_KEY and KEY.
ODK_MAIN_CSV = "ntm_so_ho.csv"
ODK_MEMBERS_CSV = "ntm_so_ho-thanh_vien.csv"
ODK_MAIN_TAIL = [
    "meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
    "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
]  # fmt: skip
ODK_REGISTER = Register(
    households=(
        household("H1"),
        household(
            "H2",
            hamlet="X2",
            head_name="Nguyễn Thị Hoa",
            id_number="001190012345",
            members=1,
            structure=HouseStructure.SEMI_PERMANENT,
            floor_area=Decimal("60.25"),
            poverty_class=PovertyClass.NEAR_POOR,
            poverty_year=2023,
            waste_sorted=True,
        ),
    ),
    persons=(
        person("H1", name="Lò Văn Pấu", birth_year=1970, sex=Sex.MALE, trained=False,
               certificate=Certificate.NONE),
        person("H1"),
        person("H2", name="Nguyễn Thị Hoa", id_number="001190012345", birth_year=1950,
               working=False, trained=False, certificate=Certificate.NONE),
    ),
    reference_date=REFERENCE,
    source="test",
)  # fmt: skip
ODK_HAMLET_NAMES = {"X1": "Xóm Bản Pấu", "X2": "Thôn Đồng Tâm"}


def xml_value(value: object) -> str:
    """A value as an ODK submission holds it: a choice by its XLSForm name."""
    if isinstance(value, bool):
        return next(c.name for c in YES_NO_CHOICES if c.value is value)
    for choices in (STRUCTURE_CHOICES, POVERTY_CHOICES, SEX_CHOICES, CERTIFICATE_CHOICES):
        for choice in choices:
            if type(choice.value) is type(value) and choice.value == value:
                return choice.name
    return str(value)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def odk_tables(register: Register = ODK_REGISTER, *, prefixed: bool = False) -> tuple[str, str]:
    """The two CSV files of an ODK Central export of our form, for ``register``."""
    main_header = [
        "SubmissionDate", "start", "end",
        *(f"ho-{field.xlsform_name}" for field in HOUSEHOLD_FIELDS), *ODK_MAIN_TAIL,
    ]  # fmt: skip
    keys = {h.code: f"uuid:0000000{n}-aaaa-4bbb-8ccc-dddddddddddd" for n, h in
            enumerate(register.households, start=1)}  # fmt: skip
    main_rows = []
    for h in register.households:
        values = [h.code, ODK_HAMLET_NAMES[h.hamlet], h.head_name, h.id_number, h.members,
                  h.structure, h.floor_area, h.poverty_class, h.poverty_year, h.clean_water,
                  h.sanitary_latrine, h.waste_sorted]  # fmt: skip
        main_rows.append([
            "2024-12-01T01:10:00.000Z", "2024-12-01T08:00:00.000+07:00",
            "2024-12-01T08:10:00.000+07:00", *map(xml_value, values), keys[h.code],
            keys[h.code], "5", "Điều tra viên Xóm Bản Pấu", "0", "0", "", "", "", "0", "2025.1",
        ])  # fmt: skip
    prefix = "thanh_vien-" if prefixed else ""
    member_header = [
        *(prefix + field.xlsform_name for field in PERSON_FIELDS[1:]),
        "PARENT_KEY",
        "KEY",
    ]
    member_rows = []
    count: dict[str, int] = {}
    for p in register.persons:
        count[p.household] = count.get(p.household, 0) + 1
        values = [p.name, p.id_number, p.birth_year, p.sex, p.working, p.trained,
                  p.certificate, p.health_insurance]  # fmt: skip
        parent = keys[p.household]
        key = f"{parent}/thanh_vien[{count[p.household]}]"
        member_rows.append([*map(xml_value, values), parent, key])
    return csv_text(main_header, main_rows), csv_text(member_header, member_rows)


def odk_zip(path: Path, main: str, members: str | bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ODK_MAIN_CSV, main)
        archive.writestr(ODK_MEMBERS_CSV, members)
        archive.writestr("media/1733015400000.jpg", b"\xff\xd8\xff\xe0 not read")
    return path


def test_the_odk_tables_are_laid_out_as_central_lays_them_out() -> None:
    main, members = odk_tables()
    assert main.splitlines()[:2] == [
        "SubmissionDate,start,end,ho-ma_ho,ho-xom,ho-ho_ten_chu_ho,ho-so_dinh_danh_chu_ho,"
        "ho-so_nhan_khau,ho-loai_nha,ho-dien_tich_nha,ho-phan_loai_ho,ho-nam_ra_soat,"
        "ho-nuoc_sach,ho-nha_tieu_hvs,ho-phan_loai_rac,meta-instanceID,KEY,SubmitterID,"
        "SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,"
        "Edits,FormVersion",
        "2024-12-01T01:10:00.000Z,2024-12-01T08:00:00.000+07:00,2024-12-01T08:10:00.000+07:00,"
        "H1,Xóm Bản Pấu,Lò Văn Pấu,,2,kien_co,45.5,khong,2024,co,co,khong,"
        "uuid:00000001-aaaa-4bbb-8ccc-dddddddddddd,uuid:00000001-aaaa-4bbb-8ccc-dddddddddddd,"
        "5,Điều tra viên Xóm Bản Pấu,0,0,,,,0,2025.1",
    ]
    assert members.splitlines()[3] == (
        "Nguyễn Thị Hoa,001190012345,1950,nu,khong,khong,khong,co,"
        "uuid:00000002-aaaa-4bbb-8ccc-dddddddddddd,"
        "uuid:00000002-aaaa-4bbb-8ccc-dddddddddddd/thanh_vien[1]"
    )


@pytest.mark.parametrize("prefixed", [False, True], ids=["central", "group-prefixed"])
def test_an_odk_central_zip_gives_the_register_the_xlsx_route_gives(
    tmp_path: Path, prefixed: bool
) -> None:
    book = tmp_path / "so-ho.xlsx"
    write_register_xlsx(ODK_REGISTER, book, hamlet_names=ODK_HAMLET_NAMES)
    from_xlsx = parse(read_register_file(book))
    file = read_register_file(odk_zip(tmp_path / "ntm_so_ho.zip", *odk_tables(prefixed=prefixed)))
    assert file.kind == "odk"
    assert parse(file) == from_xlsx == ODK_REGISTER
    assert file.households.file == "ntm_so_ho.zip/ntm_so_ho.csv"
    assert file.households.headers == tuple(field.xlsform_name for field in HOUSEHOLD_FIELDS)
    assert file.persons is not None
    assert file.persons.file == "ntm_so_ho.zip/ntm_so_ho-thanh_vien.csv"
    assert file.persons.headers == tuple(field.xlsform_name for field in PERSON_FIELDS)
    assert [(row.number, row.cells[0]) for row in file.persons.rows] == [
        (2, "H1"), (3, "H1"), (4, "H2"),
    ]  # fmt: skip


def test_the_two_csv_files_of_an_odk_export_read_in_either_order(tmp_path: Path) -> None:
    main, members = odk_tables()
    (tmp_path / ODK_MAIN_CSV).write_text(main, encoding="utf-8")
    (tmp_path / ODK_MEMBERS_CSV).write_text(members, encoding="utf-8")
    for order in ([ODK_MAIN_CSV, ODK_MEMBERS_CSV], [ODK_MEMBERS_CSV, ODK_MAIN_CSV]):
        file = read_register_files([tmp_path / name for name in order])
        assert (file.kind, file.households.file) == ("odk", ODK_MAIN_CSV)
        assert parse(file) == ODK_REGISTER
    alone = read_register_file(tmp_path / ODK_MAIN_CSV)
    assert (alone.kind, alone.persons) == ("odk", None)
    assert parse(alone).households == ODK_REGISTER.households
    with pytest.raises(InputError) as raised:
        read_register_file(tmp_path / ODK_MEMBERS_CSV)
    assert raised.value.message == (
        "this file lists persons, not households: give the households file too"
    )
    households = write_csv(tmp_path / "ho.csv", HOUSEHOLD_HEADERS, [household_row()])
    with pytest.raises(InputError) as raised:
        read_register_files([households, tmp_path / ODK_MEMBERS_CSV])
    assert raised.value.message.startswith("an ODK Central export in two files is its ")


def test_an_odk_decimal_is_read_with_its_point(tmp_path: Path) -> None:
    main, members = odk_tables()
    main = main.replace(",45.5,", ",120.125,", 1)
    file = read_register_file(odk_zip(tmp_path / "x.zip", main, members))
    assert file.households.rows[0].cells[6] == Decimal("120.125")
    assert errors_of(file) == [
        (2, "dien_tich_nha", "120.125",
         "expected a floor area in m² up to 9.999.999,99, with at most 2 decimals"),
    ]  # fmt: skip


def test_a_member_whose_parent_key_is_no_submission_is_refused(tmp_path: Path) -> None:
    main, members = odk_tables()
    members = members.replace(",uuid:00000002-aaaa-4bbb-8ccc-dddddddddddd,", ",uuid:gone,", 1)
    with pytest.raises(InputError) as raised:
        read_register_file(odk_zip(tmp_path / "x.zip", main, members))
    assert raised.value.location == Location(
        file="x.zip/ntm_so_ho-thanh_vien.csv", row=4, column="PARENT_KEY"
    )
    assert raised.value.message == (
        "PARENT_KEY 'uuid:gone' is the KEY of no submission in x.zip/ntm_so_ho.csv: give the "
        "members file of the same export"
    )


def test_a_zip_without_the_submissions_csv_is_refused(tmp_path: Path) -> None:
    _main, members = odk_tables()
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(ODK_MEMBERS_CSV, members)
        archive.writestr("notes.txt", "not read")
    with pytest.raises(InputError) as raised:
        read_register_file(path)
    assert (raised.value.location.file, raised.value.message) == (
        "x.zip",
        "no ODK Central export in this ZIP archive: no CSV file has the columns "
        "SubmissionDate and KEY (export the form's submissions from ODK Central as CSV)",
    )


def test_a_non_utf8_csv_in_the_zip_is_refused_naming_it(tmp_path: Path) -> None:
    main, members = odk_tables()
    path = odk_zip(tmp_path / "x.zip", main, members.encode("cp1258", errors="replace"))
    with pytest.raises(InputError) as raised:
        read_register_file(path)
    assert raised.value.location.file == "x.zip/ntm_so_ho-thanh_vien.csv"
    assert raised.value.message.startswith("not UTF-8 text (line 2): ")


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    main, members = odk_tables()
    path = odk_zip(tmp_path / "x.zip", main, members)
    # Declare 4 GB unpacked for the members file in the central directory, as a bomb does.
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)  # its second entry
    data[entry + 24 : entry + 28] = (0xFFFF0000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(ODK_MEMBERS_CSV).file_size == 0xFFFF0000
    with pytest.raises(InputError) as raised:
        read_register_file(path)
    assert (raised.value.location.file, raised.value.message) == (
        "x.zip",
        "the CSV files in the ZIP archive unpack to more than 2 GB",
    )


def test_a_damaged_zip_is_refused_naming_the_member(tmp_path: Path) -> None:
    main, _members = odk_tables()
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(ODK_MAIN_CSV, main)
    data = path.read_bytes().replace(b"H1,", b"H9,", 1)  # the CRC no longer matches
    path.write_bytes(data)
    with pytest.raises(InputError) as raised:
        read_register_file(path)
    assert raised.value.location.file == "x.zip/ntm_so_ho.csv"
    assert raised.value.message.startswith("a damaged ZIP archive (BadZipFile: Bad CRC-32")
