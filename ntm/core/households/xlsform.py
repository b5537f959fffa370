"""The XLSForm of the household survey, for KoboToolbox or ODK Collect on phones.

A commune that collects its register on phones uploads this form to KoboToolbox (or any
ODK server), walks the hamlets, and downloads the submissions as XLSX: the export reads
back with :func:`ntm.core.households.files.read_register_file` (its "kobo" layout),
because every field name below is an alias of a register field
(:attr:`~ntm.core.households.fields.Field.xlsform_name`) and every choice name an
accepted word of its column.

The form (XLSForm, https://xlsform.org): a group ``ho`` with the household's fields, then a
repeat ``thanh_vien`` with one entry per member (as many as the household's
``so_nhan_khau``), labels in Vietnamese and English, and the checks the register makes
where the form can make them: at least one member, a floor area not negative, a year of
birth from 1900 to this year, a poverty review year from 2000 to next year, an identity
number of 12 digits. The shipped copy is ``ntm/registers/so-ho-ntm-xlsform.xlsx``; a test
checks that it is what :func:`build_xlsform` writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from ntm.core.households.fields import (
    BOOLEAN_FIELDS,
    CERTIFICATE_CHOICES,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    POVERTY_CHOICES,
    SEX_CHOICES,
    STRUCTURE_CHOICES,
    YES_NO_CHOICES,
    Choice,
    Field,
    header_key,
)

__all__ = ["FORM_ID", "SURVEY_COLUMNS", "build_xlsform"]

#: The form's id on the server; the file format, not translated.
FORM_ID = "ntm_so_ho"
_TITLE = "Rà soát hộ gia đình (nông thôn mới)"
_VERSION = "2025.1"
_VI, _EN = "Vietnamese (vi)", "English (en)"

#: The columns of the survey sheet.
SURVEY_COLUMNS = (
    "type",
    "name",
    f"label::{_VI}",
    f"label::{_EN}",
    f"hint::{_VI}",
    f"hint::{_EN}",
    "required",
    "constraint",
    f"constraint_message::{_VI}",
    f"constraint_message::{_EN}",
    "repeat_count",
)
_CHOICE_COLUMNS = ("list_name", "name", f"label::{_VI}", f"label::{_EN}")
_SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language")

_THIS_YEAR = "int(format-date(today(), '%Y'))"
_YES_NO = "co_khong"
#: field name → (XLSForm type, constraint, message in Vietnamese, message in English)
_TYPES: dict[str, tuple[str, str, str, str]] = {
    "id_number": (
        "text",
        "regex(., '^[0-9]{12}$')",
        "Số định danh cá nhân gồm 12 chữ số.",
        "An identity number has 12 digits.",
    ),
    "members": ("integer", ". >= 1", "Hộ có ít nhất 1 nhân khẩu.", "At least 1 member."),
    "structure": ("select_one loai_nha", "", "", ""),
    "floor_area": ("decimal", ". >= 0", "Diện tích không âm.", "The area cannot be negative."),
    "poverty_class": ("select_one phan_loai_ho", "", "", ""),
    "poverty_year": (
        "integer",
        f". >= 2000 and . <= {_THIS_YEAR} + 1",
        "Năm rà soát từ 2000 đến năm sau.",
        "A review year from 2000 to next year.",
    ),
    "birth_year": (
        "integer",
        f". >= 1900 and . <= {_THIS_YEAR}",
        "Năm sinh từ 1900 đến năm nay.",
        "A year of birth from 1900 to this year.",
    ),
    "sex": ("select_one gioi_tinh", "", "", ""),
    "certificate": ("select_one bang_cap", "", "", ""),
}
#: Hints that differ from the template's guidance: a phone asks for a number, not a date,
#: and the training question needs its definition.
_HINTS: dict[str, tuple[str, str]] = {
    "birth_year": ("Năm sinh, ví dụ 1985.", "Year of birth, e.g. 1985."),
    "floor_area": ("Diện tích sàn nhà ở, m².", "Floor area of the house, m²."),
    "trained": (
        "Kể cả khóa dưới 3 tháng và truyền nghề.",
        "Short courses and on-the-job training included.",
    ),
}
_LISTS: tuple[tuple[str, Sequence[Choice[Any]]], ...] = (
    (_YES_NO, YES_NO_CHOICES),
    ("loai_nha", STRUCTURE_CHOICES),
    ("phan_loai_ho", POVERTY_CHOICES),
    ("gioi_tinh", SEX_CHOICES),
    ("bang_cap", CERTIFICATE_CHOICES),
)


def _question(field: Field, *, hamlet_list: bool) -> list[str]:
    kind, constraint, message_vi, message_en = _TYPES.get(field.name, ("text", "", "", ""))
    if field.name in BOOLEAN_FIELDS:
        kind = f"select_one {_YES_NO}"
    if field.name == "hamlet" and hamlet_list:
        kind = "select_one xom"
    hint_vi, hint_en = ("", "") if kind.startswith("select_one") else (field.help_vi, field.help_en)
    hint_vi, hint_en = _HINTS.get(field.name, (hint_vi, hint_en))
    return [
        kind,
        field.xlsform_name,
        field.header,
        field.label_en,
        hint_vi,
        hint_en,
        "yes" if field.required else "",
        constraint,
        message_vi,
        message_en,
        "",
    ]


def _survey(hamlet_list: bool) -> list[list[str]]:
    blank = [""] * (len(SURVEY_COLUMNS) - 2)
    members = next(f for f in HOUSEHOLD_FIELDS if f.name == "members").xlsform_name
    rows: list[list[str]] = [
        ["start", "start", *blank],
        ["end", "end", *blank],
        ["begin_group", "ho", "Hộ gia đình", "Household", *[""] * (len(SURVEY_COLUMNS) - 4)],
    ]
    rows.extend(_question(field, hamlet_list=hamlet_list) for field in HOUSEHOLD_FIELDS)
    rows.append(["end_group", "ho", *blank])
    repeat = ["begin_repeat", "thanh_vien", "Thành viên của hộ", "Household members"]
    repeat.extend([""] * (len(SURVEY_COLUMNS) - 5))
    repeat.append(f"${{{members}}}")
    rows.append(repeat)
    # A member's household is the repeat's parent: the export links them by _parent_index.
    rows.extend(
        _question(field, hamlet_list=hamlet_list)
        for field in PERSON_FIELDS
        if field.name != "household"
    )
    rows.append(["end_repeat", "thanh_vien", *blank])
    return rows


def _choices(hamlets: Sequence[str]) -> list[list[str]]:
    rows = [
        [list_name, choice.name, choice.label_vi, choice.label_en]
        for list_name, choices in _LISTS
        for choice in choices
    ]
    used: set[str] = set()
    for hamlet in hamlets:
        name = header_key(hamlet).replace(" ", "_") or "xom"
        base, number = name, 2
        while name in used:
            name, number = f"{base}_{number}", number + 1
        used.add(name)
        rows.append(["xom", name, hamlet, hamlet])
    return rows


def build_xlsform(path: Path, *, hamlets: Sequence[str] = ()) -> None:
    """Write the household survey as an XLSForm (sheets survey, choices, settings).

    Args:
        path: where to write the .xlsx.
        hamlets: the commune's hamlet names, offered as a list; without them the hamlet
            is typed (its name or code), as in the shipped form.

    Raises:
        OSError: the file cannot be written.
    """
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    sheets = (
        (workbook.create_sheet("survey"), SURVEY_COLUMNS, _survey(bool(hamlets))),
        (workbook.create_sheet("choices"), _CHOICE_COLUMNS, _choices(hamlets)),
        (
            workbook.create_sheet("settings"),
            _SETTINGS_COLUMNS,
            [[_TITLE, FORM_ID, _VERSION, _VI]],
        ),
    )
    for sheet, columns, rows in sheets:
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([value or None for value in row])
        sheet.freeze_panes = "A2"
        widths = (18, 22, 30, 30, 40, 40, 9, 30, 30, 30, 14)
        for letter, width in zip("ABCDEFGHIJK"[: len(columns)], widths, strict=False):
            sheet.column_dimensions[letter].width = width
    workbook.save(path)
