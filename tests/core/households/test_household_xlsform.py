"""The household survey XLSForm: the shipped copy is what the builder writes, its names are
what the reader accepts, and a KoboToolbox export of it reads back as a register."""

from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ntm.core.households.fields import (
    CERTIFICATE_CHOICES,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    POVERTY_CHOICES,
    SEX_CHOICES,
    STRUCTURE_CHOICES,
    YES_NO_CHOICES,
    guess_mapping,
    read_bool,
    read_certificate,
    read_poverty_class,
    read_sex,
    read_structure,
)
from ntm.core.households.files import (
    RegisterInvalid,
    RowError,
    parse_register,
    read_register_file,
)
from ntm.core.households.register import (
    Certificate,
    Household,
    HouseStructure,
    Person,
    PovertyClass,
    Sex,
)
from ntm.core.households.xlsform import FORM_ID, SURVEY_COLUMNS, build_xlsform

SHIPPED = Path(str(resources.files("ntm").joinpath("registers/so-ho-ntm-xlsform.xlsx")))


def sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.values) for sheet in workbook.worksheets}


def survey_rows(path: Path) -> list[dict[str, object]]:
    header, *rows = sheets(path)["survey"]
    return [dict(zip(map(str, header), row, strict=True)) for row in rows]


def test_the_shipped_form_is_what_the_builder_writes(tmp_path: Path) -> None:
    built = tmp_path / "form.xlsx"
    build_xlsform(built)
    assert sheets(SHIPPED) == sheets(built)
    assert list(sheets(built)) == ["survey", "choices", "settings"]
    assert sheets(built)["settings"][1][:2] == ("Rà soát hộ gia đình (nông thôn mới)", FORM_ID)


def test_the_form_has_a_household_group_and_a_repeat_of_members() -> None:
    rows = survey_rows(SHIPPED)
    structure = [(row["type"], row["name"]) for row in rows if row["type"] in (
        "begin_group", "end_group", "begin_repeat", "end_repeat")]  # fmt: skip
    assert structure == [
        ("begin_group", "ho"),
        ("end_group", "ho"),
        ("begin_repeat", "thanh_vien"),
        ("end_repeat", "thanh_vien"),
    ]
    by_name = {row["name"]: row for row in rows if not str(row["type"]).startswith("end_")}
    assert by_name["thanh_vien"]["repeat_count"] == "${so_nhan_khau}"
    assert by_name["so_nhan_khau"]["constraint"] == ". >= 1"
    assert by_name["dien_tich_nha"]["constraint"] == ". >= 0"
    assert by_name["nam_sinh"]["constraint"] == (
        ". >= 1900 and . <= int(format-date(today(), '%Y'))"
    )
    assert by_name["loai_nha"]["type"] == "select_one loai_nha"
    assert by_name["nuoc_sach"]["type"] == "select_one co_khong"
    assert by_name["bang_cap"]["label::Vietnamese (vi)"] == "Bằng cấp cao nhất"
    assert by_name["bang_cap"]["label::English (en)"] == "Highest certificate"
    assert set(rows[0]) == set(SURVEY_COLUMNS)


def test_every_field_name_of_the_form_is_accepted_by_the_reader() -> None:
    rows = survey_rows(SHIPPED)
    types = [row["type"] for row in rows]
    group = slice(types.index("begin_group") + 1, types.index("end_group"))
    repeat = slice(types.index("begin_repeat") + 1, types.index("end_repeat"))
    household_names = [str(row["name"]) for row in rows[group]]
    person_names = [str(row["name"]) for row in rows[repeat]]
    layout = ("begin_group", "end_group", "begin_repeat", "end_repeat")
    assert [row["name"] for row in rows if row["type"] not in layout] == [
        "start",
        "end",
        *household_names,
        *person_names,
    ]
    for name, field in zip(household_names, HOUSEHOLD_FIELDS, strict=True):
        assert field.matches(name) and field.xlsform_name == name, name
    # The member's household is the repeat's parent, not a question.
    for name, field in zip(person_names, PERSON_FIELDS[1:], strict=True):
        assert field.matches(name) and field.xlsform_name == name, name


@pytest.mark.parametrize(
    ("list_name", "read", "choices"),
    [
        ("co_khong", read_bool, YES_NO_CHOICES),
        ("loai_nha", read_structure, STRUCTURE_CHOICES),
        ("phan_loai_ho", read_poverty_class, POVERTY_CHOICES),
        ("gioi_tinh", read_sex, SEX_CHOICES),
        ("bang_cap", read_certificate, CERTIFICATE_CHOICES),
    ],
)
def test_every_choice_name_and_label_of_the_form_is_read_as_its_value(
    list_name: str, read: object, choices: tuple[object, ...]
) -> None:
    rows = [row for row in sheets(SHIPPED)["choices"][1:] if row[0] == list_name]
    assert len(rows) == len(choices)
    for (_list, name, label_vi, label_en), choice in zip(rows, choices, strict=True):
        for text in (name, label_vi, label_en):
            assert read(text) == choice.value, text  # type: ignore[attr-defined, operator]


def test_a_form_for_a_commune_lists_its_hamlets(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    build_xlsform(path, hamlets=["Xóm Bản Pấu", "Thôn 1", "Xóm 1", "Xom 1"])
    by_name = {row["name"]: row for row in survey_rows(path)}
    assert by_name["xom"]["type"] == "select_one xom"
    hamlets = [row[1:3] for row in sheets(path)["choices"] if row[0] == "xom"]
    assert hamlets == [
        ("xom_ban_pau", "Xóm Bản Pấu"),
        ("thon_1", "Thôn 1"),
        ("xom_1", "Xóm 1"),
        ("xom_1_2", "Xom 1"),
    ]


# --- A KoboToolbox export ----------------------------------------------------------------

MAIN_SHEET = "Rà soát hộ gia đình (nông thôn"  # Kobo cuts the form's title to 31 characters
KOBO_MAIN = [
    "start", "end", "ho/ma_ho", "ho/xom", "ho/ho_ten_chu_ho", "ho/so_dinh_danh_chu_ho",
    "ho/so_nhan_khau", "ho/loai_nha", "ho/dien_tich_nha", "ho/phan_loai_ho", "ho/nam_ra_soat",
    "ho/nuoc_sach", "ho/nha_tieu_hvs", "ho/phan_loai_rac", "meta/instanceID", "_id", "_uuid",
    "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
    "__version__", "_tags", "_index",
]  # fmt: skip
KOBO_MEMBERS = [
    "thanh_vien/ho_ten", "thanh_vien/so_dinh_danh", "thanh_vien/nam_sinh",
    "thanh_vien/gioi_tinh", "thanh_vien/co_viec_lam", "thanh_vien/da_qua_dao_tao",
    "thanh_vien/bang_cap", "thanh_vien/co_bhyt", "_index", "_parent_table_name",
    "_parent_index", "_submission__id", "_submission__uuid", "_submission__submission_time",
    "_submission__validation_status", "_submission__notes", "_submission__status",
    "_submission__submitted_by", "_submission___version__", "_submission__tags",
]  # fmt: skip


def kobo_export(path: Path, *, members_of_h2: str = "1", year_of_p3: int = 1950) -> Path:
    """An export laid out as KoboToolbox lays it out: XML values and headers, "/" groups."""
    meta = ["2024-12-01T08:00:00.000+07:00", "2024-12-01T08:10:00.000+07:00"]
    workbook = openpyxl.Workbook()
    main: Any = workbook.active  # the first sheet, which openpyxl always makes
    main.title = MAIN_SHEET
    main.append(KOBO_MAIN)
    main.append([*meta, "H1", "ban_pau", "Lò Văn Pấu", None, 2, "kien_co", 45.5, "ngheo", 2024,
                 "co", "khong", "co", "uuid:a1", 101, "a1", "2024-12-01T01:10:00", None, None,
                 "submitted_via_web", None, "vAbc", None, 1])  # fmt: skip
    main.append([*meta, "H2", "X2", "Nguyễn Thị Hoa", "001190012345", members_of_h2,
                 "ban_kien_co", 60, "khong", 2024, "co", "co", "co", "uuid:b2", 102, "b2",
                 "2024-12-01T02:10:00", None, None, "submitted_via_web", None, "vAbc", None,
                 2])  # fmt: skip
    members = workbook.create_sheet("thanh_vien")
    members.append(KOBO_MEMBERS)
    members.append(["Lò Văn Pấu", None, 1970, "nam", "co", "khong", "khong", "co", 1,
                    MAIN_SHEET, 1, 101, "a1", None, None, None, None, None, None, None])  # fmt: skip
    members.append(["Lò Thị Mai", None, 1995, "nu", "co", "co", "trung_cap", "co", 2,
                    MAIN_SHEET, 1, 101, "a1", None, None, None, None, None, None, None])  # fmt: skip
    members.append(["Nguyễn Thị Hoa", "001190012345", year_of_p3, "nu", "khong", "khong",
                    "khong", "co", 3, MAIN_SHEET, 2, 102, "b2", None, None, None, None, None,
                    None, None])  # fmt: skip
    workbook.save(path)
    return path


def parse(path: Path) -> object:
    file = read_register_file(path)
    return parse_register(
        file,
        household_mapping=guess_mapping(file.households, HOUSEHOLD_FIELDS),
        person_mapping=guess_mapping(file.persons, PERSON_FIELDS) if file.persons else None,
        hamlets={"Bản Pấu": "X1", "Đồng Tâm": "X2"},
        reference_date=date(2024, 12, 31),
        source="KoboToolbox",
    )


def test_a_kobo_export_reads_as_tables_without_kobo_columns(tmp_path: Path) -> None:
    file = read_register_file(kobo_export(tmp_path / "kobo.xlsx"))
    assert file.kind == "kobo"
    assert file.households.sheet == MAIN_SHEET
    assert file.households.headers == tuple(field.xlsform_name for field in HOUSEHOLD_FIELDS)
    assert file.persons is not None and file.persons.sheet == "thanh_vien"
    assert file.persons.headers == tuple(field.xlsform_name for field in PERSON_FIELDS)
    assert [row.number for row in file.persons.rows] == [2, 3, 4]
    assert [row.cells[0] for row in file.persons.rows] == ["H1", "H1", "H2"]
    assert guess_mapping(file.households, HOUSEHOLD_FIELDS) == {
        field.name: field.xlsform_name for field in HOUSEHOLD_FIELDS
    }


def test_a_kobo_export_parses_into_the_register(tmp_path: Path) -> None:
    register = parse(kobo_export(tmp_path / "kobo.xlsx"))
    assert register.households == (  # type: ignore[attr-defined]
        Household("H1", "X1", "Lò Văn Pấu", 2, HouseStructure.PERMANENT, Decimal("45.5"),
                  PovertyClass.POOR, 2024, True, False, True),
        Household("H2", "X2", "Nguyễn Thị Hoa", 1, HouseStructure.SEMI_PERMANENT,
                  Decimal(60), PovertyClass.NONE, 2024, True, True, True,
                  id_number="001190012345"),
    )  # fmt: skip
    assert register.persons == (  # type: ignore[attr-defined]
        Person("H1", 1970, Sex.MALE, True, False, Certificate.NONE, True, name="Lò Văn Pấu"),
        Person("H1", 1995, Sex.FEMALE, True, True, Certificate.INTERMEDIATE, True,
               name="Lò Thị Mai"),
        Person("H2", 1950, Sex.FEMALE, False, False, Certificate.NONE, True,
               name="Nguyễn Thị Hoa", id_number="001190012345"),
    )  # fmt: skip


def test_bad_cells_of_a_kobo_export_name_its_sheets_and_fields(tmp_path: Path) -> None:
    path = kobo_export(tmp_path / "kobo.xlsx", members_of_h2="0", year_of_p3=2030)
    with pytest.raises(RegisterInvalid) as raised:
        parse(path)
    assert raised.value.errors == [
        RowError("kobo.xlsx", MAIN_SHEET, 3, "so_nhan_khau", "0",
                 "a household has at least 1 member"),
        RowError("kobo.xlsx", "thanh_vien", 4, "nam_sinh", "2030",
                 "born after the reference year 2024"),
    ]  # fmt: skip
