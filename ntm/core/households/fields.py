"""The register file format (its fields, their headers, how a cell is read) and the check
of every row of a register file.

A register file has two tables: households (one row per hộ) and persons (one row per
nhân khẩu), linked by the household code. Each table's columns are the :class:`Field`\\ s
of :data:`HOUSEHOLD_FIELDS` and :data:`PERSON_FIELDS`. A field has the Vietnamese header
our template ships (``Field.header``) and the other headers it is known by
(``Field.aliases``): spelling variants, the field names of our XLSForm (``ma_ho``, ``xom``…),
the English names. :func:`guess_mapping` proposes which header of a file holds which field;
the user confirms or corrects that mapping; :func:`parse_register` checks every row and
builds the :class:`~ntm.core.households.register.Register`, or raises
:class:`RegisterInvalid` with every bad row. The readers of files
(:mod:`ntm.core.households.files`, which re-exports :func:`parse_register`) hand it a
:class:`RegisterFile`: the tables, each with its headers and its rows (:class:`Table`,
:class:`Row`), every row with its number in the file.

Headers and words in cells are compared by :func:`header_key`: NFC then compatibility
decomposition, case folded, diacritics removed (đ → d), every run of spaces, underscores and
punctuation made one space. So "Kiên cố", "kien co", "KIÊN CỐ" and ``kien_co`` are the same
word, and so are "Diện tích nhà (m²)" and "dien tich nha m2".

The header texts, the aliases and the accepted cell words are the file format, not
interface text: they are not translated. The reasons a cell is refused are.

The house classes follow ``reference/household-definitions.md`` §2 [M], the poverty classes
§1 (NĐ 07/2021/NĐ-CP) [M]; the other bounds (years of birth from 1900, poverty review
years from 2000) are ours, to catch typing errors.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Generic, Literal, NamedTuple, TypeAlias, TypeVar

from ntm.core.exceptions import InputError, Location, NumberFormatError
from ntm.core.households.register import (
    Certificate,
    Household,
    HouseStructure,
    Person,
    PovertyClass,
    Register,
    Sex,
)
from ntm.core.i18n import _, ngettext
from ntm.core.text import vietnamese_sort_key
from ntm.core.values import normalize_text, parse_decimal

__all__ = [
    "CERTIFICATE_CHOICES",
    "HOUSEHOLD_FIELDS",
    "PERSON_FIELDS",
    "POVERTY_CHOICES",
    "SEX_CHOICES",
    "STRUCTURE_CHOICES",
    "YES_NO_CHOICES",
    "Cell",
    "CellError",
    "Choice",
    "Field",
    "RegisterFile",
    "RegisterInvalid",
    "Row",
    "RowError",
    "Table",
    "blank_row",
    "guess_mapping",
    "header_key",
    "parse_register",
    "read_bool",
    "read_certificate",
    "read_decimal",
    "read_id_number",
    "read_int",
    "read_poverty_class",
    "read_sex",
    "read_structure",
    "read_text",
    "read_year",
]

#: What a cell holds once read: text (always, from a CSV file), a whole number, an exact
#: number (an XLSX number cell, read from the file's own digits), a boolean, a date or
#: date-time (an XLSX date cell), or nothing.
Cell: TypeAlias = str | int | Decimal | bool | datetime.datetime | datetime.date | None

#: The register's yes/no fields (có / không; select_one yes_no in the survey form).
BOOLEAN_FIELDS = frozenset(
    {"clean_water", "sanitary_latrine", "waste_sorted", "working", "trained", "health_insurance"}
)

_E = TypeVar("_E")


class Row(NamedTuple):
    """One row of a table: its 1-based row number in the file (the header is usually row 1,
    so data starts at 2) and its cells, in the order of the table's headers."""

    number: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """One table of a register file: a sheet of an XLSX workbook or a whole CSV file.

    Attributes:
        file: the file's name as shown to the user.
        sheet: the sheet's name; ``None`` for a CSV file.
        headers: the header texts, stripped, in column order ("" for a blank header cell).
        rows: the data rows that are not entirely blank, in file order. A CSV row may have
            more cells than there are headers (an unquoted decimal comma splits a cell);
            an XLSX row is cut at the last header.
    """

    file: str
    sheet: str | None
    headers: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def display_name(self) -> str:
        """The file and the sheet, as messages name them: "hộ.xlsx, sheet 'Hộ gia đình'"."""
        return Location(file=self.file, sheet=self.sheet).describe()


@dataclass(frozen=True)
class RegisterFile:
    """A register file as read, before its rows are checked.

    Attributes:
        households: the households table.
        persons: the persons table, ``None`` when the file has none.
        kind: "xlsx" (our template or any workbook), "csv" (one or two CSV files),
            "kobo" (a KoboToolbox export of our XLSForm) or "odk" (an ODK Central CSV
            export of our XLSForm: its ZIP archive, or its two CSV files).
        synthetic: the workbook says it holds made-up data (its document keywords contain
            ``ntm:synthetic``); the register parsed from it is marked synthetic too.
    """

    households: Table
    persons: Table | None
    kind: Literal["xlsx", "csv", "kobo", "odk"]
    synthetic: bool = False


class CellError(ValueError):
    """A cell does not hold what its field expects; ``reason`` says what was expected, in
    the active language."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- Words and headers -------------------------------------------------------------------

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@lru_cache(maxsize=8192)
def header_key(text: str) -> str:
    """The form of a header or a cell word used to compare it: diacritics, case, spaces,
    underscores and punctuation do not count.

    >>> header_key("Diện tích nhà (m²)"), header_key("ho/ma_ho"), header_key("Kiên cố")
    ('dien tich nha m2', 'ho ma ho', 'kien co')
    """
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", bare.replace("đ", "d")).strip()


def _bare_key(text: str) -> str:
    """:func:`header_key` without bracketed parts: "Diện tích (m²)" → "dien tich"."""
    return header_key(_BRACKETS.sub(" ", text))


@dataclass(frozen=True)
class Field:
    """One column of a register table.

    Attributes:
        name: the attribute of :class:`~ntm.core.households.register.Household` or
            :class:`~ntm.core.households.register.Person` it fills (``household`` for a
            person's household code).
        header: the Vietnamese header of our template ("Mã hộ").
        xlsform_name: its name in our XLSForm and in a KoboToolbox export (``ma_ho``).
        aliases: every header it is known by, as :func:`header_key` forms (the header's
            own, the name's, our XLSForm's field name, spelling variants, English).
        required: a blank cell is an error. An optional blank cell gives "".
        label_en: the English label (XLSForm, documentation).
        help_vi: what to write in the column, for the template's guidance sheet.
        help_en: the same in English (XLSForm hints).
    """

    name: str
    header: str
    xlsform_name: str
    aliases: frozenset[str]
    required: bool
    label_en: str
    help_vi: str
    help_en: str

    def matches(self, header: str) -> bool:
        """Whether a header names this field."""
        return header_key(header) in self.aliases or _bare_key(header) in self.aliases


def _field(
    name: str,
    header: str,
    xlsform_name: str,
    aliases: str,
    *,
    required: bool = True,
    label_en: str,
    help_vi: str,
    help_en: str,
) -> Field:
    """A field; ``aliases`` are "|"-separated header variants."""
    texts = (header, name, xlsform_name, label_en, *aliases.split("|"))
    return Field(
        name=name,
        header=header,
        xlsform_name=xlsform_name,
        aliases=frozenset(header_key(text) for text in texts) | {_bare_key(header)},
        required=required,
        label_en=label_en,
        help_vi=help_vi,
        help_en=help_en,
    )


_CODE = "mã hộ gia đình|mã số hộ|household code|code|household"
_YES_NO_VI = "có hoặc không (cũng nhận: x = có, 1/0, c/k)"
_YES_NO_EN = "yes or no"

#: The household table's columns, in the template's order.
HOUSEHOLD_FIELDS: tuple[Field, ...] = (
    _field(
        "code", "Mã hộ", "ma_ho", _CODE,
        label_en="Household code",
        help_vi="Mã của hộ trong sổ, không trùng nhau; nhập lại cùng mã thì cập nhật hộ đó.",
        help_en="The household's code in the register, unique.",
    ),
    _field(
        "hamlet", "Xóm/Thôn", "xom",
        "thôn|xóm thôn|thôn xóm|bản|ấp|thôn bản|tên xóm|mã xóm|tên thôn|hamlet code",
        label_en="Hamlet",
        help_vi="Tên hoặc mã của xóm (thôn, bản, ấp) trong xã; chữ 'Xóm'/'Thôn' có thể bỏ.",
        help_en="The hamlet's name or code.",
    ),
    _field(
        "head_name", "Họ tên chủ hộ", "ho_ten_chu_ho",
        "chủ hộ|tên chủ hộ|họ và tên chủ hộ|head of household|head name",
        label_en="Name of the head of household",
        help_vi="Họ và tên chủ hộ.",
        help_en="Full name of the head of household.",
    ),
    _field(
        "id_number", "Số định danh chủ hộ", "so_dinh_danh_chu_ho",
        "số cccd chủ hộ|cccd chủ hộ|số định danh cá nhân chủ hộ|số cccd|cccd|số định danh",
        required=False,
        label_en="Identity number of the head",
        help_vi="Số định danh cá nhân (số CCCD) của chủ hộ, 12 chữ số; có thể để trống.",
        help_en="The head's personal identity number, 12 digits; optional.",
    ),
    _field(
        "members", "Số nhân khẩu", "so_nhan_khau",
        "nhân khẩu|số thành viên|số người|số khẩu|number of members",
        label_en="Members",
        help_vi="Số nhân khẩu của hộ, số nguyên từ 1 trở lên.",
        help_en="Number of members, a whole number of at least 1.",
    ),
    _field(
        "structure", "Loại nhà", "loai_nha",
        "kết cấu nhà|loại nhà ở|phân loại nhà|nhà ở|house class",
        label_en="House structure",
        help_vi="Một trong: kiên cố, bán kiên cố, thiếu kiên cố, đơn sơ.",
        help_en="One of: permanent, semi-permanent, less permanent, simple.",
    ),
    _field(
        "floor_area", "Diện tích nhà (m²)", "dien_tich_nha",
        "diện tích|diện tích nhà ở|diện tích sàn|area",
        label_en="Floor area (m²)",
        help_vi="Diện tích sàn nhà ở, m², không âm; dấu phẩy thập phân được (45,5).",
        help_en="Floor area in m², not negative.",
    ),
    _field(
        "poverty_class", "Phân loại hộ", "phan_loai_ho",
        "phân loại hộ nghèo|hộ nghèo cận nghèo|xếp loại hộ",
        label_en="Poverty class",
        help_vi="Kết quả rà soát: nghèo, cận nghèo, mức sống trung bình, hoặc không.",
        help_en="Result of the poverty review: poor, near-poor, average, or none.",
    ),
    _field(
        "poverty_year", "Năm rà soát nghèo", "nam_ra_soat",
        "năm rà soát|năm rà soát hộ nghèo|năm phân loại|review year",
        label_en="Year of the poverty review",
        help_vi="Năm của kỳ rà soát hộ nghèo, cận nghèo cho kết quả ở cột 'Phân loại hộ'.",
        help_en="Year of the poverty review that gave the class.",
    ),
    _field(
        "clean_water", "Dùng nước sạch", "nuoc_sach",
        "nước sạch|sử dụng nước sạch",
        label_en="Clean water",
        help_vi=f"Hộ dùng nước sạch: {_YES_NO_VI}.",
        help_en=f"The household uses clean water: {_YES_NO_EN}.",
    ),
    _field(
        "sanitary_latrine", "Nhà tiêu hợp vệ sinh", "nha_tieu_hvs",
        "nhà tiêu hvs|nhà tiêu|có nhà tiêu hợp vệ sinh",
        label_en="Sanitary latrine",
        help_vi=f"Hộ có nhà tiêu hợp vệ sinh: {_YES_NO_VI}.",
        help_en=f"The household has a sanitary latrine: {_YES_NO_EN}.",
    ),
    _field(
        "waste_sorted", "Phân loại rác tại nguồn", "phan_loai_rac",
        "phân loại rác|phân loại chất thải rắn|sorts waste",
        label_en="Waste sorted at source",
        help_vi=f"Hộ phân loại chất thải rắn sinh hoạt tại nguồn: {_YES_NO_VI}.",
        help_en=f"The household sorts its solid waste at source: {_YES_NO_EN}.",
    ),
)  # fmt: skip

#: The person table's columns, in the template's order.
PERSON_FIELDS: tuple[Field, ...] = (
    _field(
        "household", "Mã hộ", "ma_ho", _CODE,
        label_en="Household code",
        help_vi="Mã hộ của người này, như ở trang hộ gia đình.",
        help_en="The code of the person's household.",
    ),
    _field(
        "name", "Họ tên", "ho_ten", "họ và tên|tên|full name",
        required=False,
        label_en="Name",
        help_vi="Họ và tên; có thể để trống.",
        help_en="Full name; optional.",
    ),
    _field(
        "id_number", "Số định danh", "so_dinh_danh", "số định danh cá nhân|số cccd|cccd",
        required=False,
        label_en="Identity number",
        help_vi="Số định danh cá nhân (số CCCD), 12 chữ số; có thể để trống.",
        help_en="Personal identity number, 12 digits; optional.",
    ),
    _field(
        "birth_year", "Năm sinh", "nam_sinh",
        "ngày sinh|ngày tháng năm sinh|birth year|date of birth",
        label_en="Year of birth",
        help_vi="Năm sinh (1985) hoặc ngày sinh (15/03/1985); từ 1900 đến năm của sổ.",
        help_en="Year of birth (1985) or date of birth (15/03/1985).",
    ),
    _field(
        "sex", "Giới tính", "gioi_tinh", "gender",
        label_en="Sex",
        help_vi="nam hoặc nữ.",
        help_en="male or female.",
    ),
    _field(
        "working", "Có việc làm", "co_viec_lam", "việc làm|đang làm việc|working|employed",
        label_en="Has a job",
        help_vi=f"Người này có việc làm: {_YES_NO_VI}.",
        help_en=f"The person has a job: {_YES_NO_EN}.",
    ),
    _field(
        "trained", "Đã qua đào tạo", "da_qua_dao_tao", "qua đào tạo|đào tạo|trained",
        label_en="Has had training",
        help_vi=f"Đã qua đào tạo, kể cả khóa dưới 3 tháng và truyền nghề: {_YES_NO_VI}.",
        help_en=f"Has had training, short courses included: {_YES_NO_EN}.",
    ),
    _field(
        "certificate", "Bằng cấp cao nhất", "bang_cap",
        "bằng cấp|bằng cấp chứng chỉ|chứng chỉ|trình độ chuyên môn|certificate",
        label_en="Highest certificate",
        help_vi=(
            "Một trong: không, dưới 3 tháng, sơ cấp, trung cấp, cao đẳng, đại học, "
            "sau đại học."
        ),
        help_en=(
            "One of: none, under 3 months, elementary, intermediate, college, university, "
            "postgraduate."
        ),
    ),
    _field(
        "health_insurance", "Có thẻ BHYT", "co_bhyt",
        "thẻ bhyt|bhyt|có bhyt|bảo hiểm y tế|health insurance",
        label_en="Health insurance card",
        help_vi=f"Người này có thẻ bảo hiểm y tế còn hạn: {_YES_NO_VI}.",
        help_en=f"The person holds a health insurance card: {_YES_NO_EN}.",
    ),
)  # fmt: skip


def blank_row(cells: Sequence[Cell]) -> bool:
    """Whether every cell is empty or white space."""
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def guess_mapping(table: Table, fields: Sequence[Field]) -> dict[str, str | None]:
    """Which header of ``table`` holds each field: the first header that names it (see
    :meth:`Field.matches`), each header used once; ``None`` when no header does.

    Returns:
        ``{field.name: header or None}`` for every field, in the fields' order.
    """
    mapping: dict[str, str | None] = {}
    used: set[int] = set()
    for field in fields:
        mapping[field.name] = None
        for index, header in enumerate(table.headers):
            if index not in used and header and field.matches(header):
                mapping[field.name] = header
                used.add(index)
                break
    return mapping


# --- Cells -------------------------------------------------------------------------------


def read_text(raw: Cell) -> str:
    """A cell as text: numbers without a spurious ".0", dates as ISO, stripped."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if isinstance(raw, Decimal) and raw == raw.to_integral_value():
        return str(int(raw))
    if isinstance(raw, datetime.datetime) and raw.time() == datetime.time():
        return raw.date().isoformat()
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    return str(raw)


@dataclass(frozen=True)
class Choice(Generic[_E]):
    """One accepted word of a column of choices: the value it stands for, its name in our
    XLSForm (``kien_co``), and the labels ntm writes ("kiên cố", "permanent")."""

    value: _E
    name: str
    label_vi: str
    label_en: str


_C = Choice

#: The answers of a yes-or-no column.
YES_NO_CHOICES: tuple[Choice[bool], ...] = (
    _C(True, "co", "có", "yes"),
    _C(False, "khong", "không", "no"),
)
#: The house classes (:class:`HouseStructure`).
STRUCTURE_CHOICES: tuple[Choice[HouseStructure], ...] = (
    _C(HouseStructure.PERMANENT, "kien_co", "kiên cố", "permanent"),
    _C(HouseStructure.SEMI_PERMANENT, "ban_kien_co", "bán kiên cố", "semi-permanent"),
    _C(HouseStructure.LESS_PERMANENT, "thieu_kien_co", "thiếu kiên cố", "less permanent"),
    _C(HouseStructure.SIMPLE, "don_so", "đơn sơ", "simple"),
)
#: The poverty classes (:class:`PovertyClass`).
POVERTY_CHOICES: tuple[Choice[PovertyClass], ...] = (
    _C(PovertyClass.POOR, "ngheo", "nghèo", "poor"),
    _C(PovertyClass.NEAR_POOR, "can_ngheo", "cận nghèo", "near-poor"),
    _C(PovertyClass.AVERAGE, "trung_binh", "mức sống trung bình", "average living standard"),
    _C(PovertyClass.NONE, "khong", "không", "none of these"),
)
#: The sexes (:class:`Sex`).
SEX_CHOICES: tuple[Choice[Sex], ...] = (
    _C(Sex.MALE, "nam", "nam", "male"),
    _C(Sex.FEMALE, "nu", "nữ", "female"),
)
#: The certificate levels (:class:`Certificate`), lowest first.
CERTIFICATE_CHOICES: tuple[Choice[Certificate], ...] = (
    _C(Certificate.NONE, "khong", "không", "none"),
    _C(Certificate.SHORT_COURSE, "duoi_3_thang", "dưới 3 tháng", "under 3 months"),
    _C(Certificate.ELEMENTARY, "so_cap", "sơ cấp", "elementary"),
    _C(Certificate.INTERMEDIATE, "trung_cap", "trung cấp", "intermediate"),
    _C(Certificate.COLLEGE, "cao_dang", "cao đẳng", "college"),
    _C(Certificate.UNIVERSITY, "dai_hoc", "đại học", "university"),
    _C(Certificate.POSTGRADUATE, "sau_dai_hoc", "sau đại học", "postgraduate"),
)


def _words(choices: Sequence[Choice[_E]], more: Mapping[_E, Sequence[str]]) -> dict[str, _E]:
    """Every accepted word, as its :func:`header_key`, and the value it stands for: each
    choice's name, labels and enumeration value, and the extra words."""
    words: dict[str, _E] = {}
    for choice in choices:
        texts = [choice.name, choice.label_vi, choice.label_en]
        if isinstance(choice.value, StrEnum):
            texts.append(choice.value.value)
        texts.extend(more.get(choice.value, ()))
        for text in texts:
            words[header_key(text)] = choice.value
    return words


_BOOLS = _words(
    YES_NO_CHOICES,
    {
        True: ("c", "x", "1", "y", "true", "đúng"),
        False: ("k", "0", "n", "false", "sai", "ko"),
    },
)
_STRUCTURES = _words(STRUCTURE_CHOICES, {})
_POVERTY = _words(
    POVERTY_CHOICES,
    {
        PovertyClass.POOR: ("hộ nghèo",),
        PovertyClass.NEAR_POOR: ("hộ cận nghèo", "near poor"),
        PovertyClass.AVERAGE: (
            "trung bình",
            "hộ có mức sống trung bình",
            "hộ mức sống trung bình",
            "average",
        ),
        PovertyClass.NONE: ("không nghèo", "hộ không nghèo", "none"),
    },
)
_SEXES = _words(SEX_CHOICES, {})
_CERTIFICATES = _words(
    CERTIFICATE_CHOICES,
    {
        Certificate.NONE: ("không có", "chưa có"),
        Certificate.SHORT_COURSE: (
            "chứng chỉ dưới 3 tháng",
            "chứng chỉ đào tạo dưới 3 tháng",
            "đào tạo dưới 3 tháng",
        ),
        Certificate.POSTGRADUATE: ("thạc sĩ", "tiến sĩ"),
    },
)


def _choice(raw: Cell, words: Mapping[str, _E], reason: Callable[[], str]) -> _E:
    if isinstance(raw, str):
        found = words.get(header_key(raw))
        if found is not None:
            return found
    raise CellError(reason())


def read_bool(raw: Cell) -> bool:
    """có/không, c/k, x (= có), 1/0, yes/no, true/false, đúng/sai, or a TRUE/FALSE cell.

    Raises:
        CellError: anything else (a blank cell is the caller's business, never False).
    """
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | Decimal) and raw in (0, 1):
        return raw == 1
    return _choice(raw, _BOOLS, lambda: _("expected có or không (also x, 1 or 0)"))


def read_structure(raw: Cell) -> HouseStructure:
    """kiên cố, bán kiên cố, thiếu kiên cố, đơn sơ (with or without "nhà"), or our values.

    Raises:
        CellError: anything else.
    """
    if isinstance(raw, str):
        key = header_key(raw)
        key = key[4:] if key.startswith("nha ") else key
        found = _STRUCTURES.get(key)
        if found is not None:
            return found
    raise CellError(_("expected a house class: kiên cố, bán kiên cố, thiếu kiên cố or đơn sơ"))


def read_poverty_class(raw: Cell) -> PovertyClass:
    """nghèo, cận nghèo, (mức sống) trung bình, không (→ NONE), or our values.

    Raises:
        CellError: anything else; a blank cell is the caller's business (an error).
    """
    return _choice(
        raw,
        _POVERTY,
        lambda: _("expected a poverty class: nghèo, cận nghèo, mức sống trung bình or không"),
    )


def read_sex(raw: Cell) -> Sex:
    """nam/nữ or male/female.

    Raises:
        CellError: anything else.
    """
    return _choice(raw, _SEXES, lambda: _("expected nam or nữ"))


def read_certificate(raw: Cell) -> Certificate:
    """The highest certificate: không (có), dưới 3 tháng, sơ cấp, trung cấp, cao đẳng,
    đại học, sau đại học (thạc sĩ, tiến sĩ), or our values.

    Raises:
        CellError: a level outside the list.
    """
    return _choice(
        raw,
        _CERTIFICATES,
        lambda: _(
            "not a certificate level of the list: không, dưới 3 tháng, sơ cấp, trung cấp, "
            "cao đẳng, đại học, sau đại học"
        ),
    )


_WHOLE = re.compile(r"^[+-]?\d+$")


def read_int(raw: Cell) -> int:
    """A whole number: a number cell or digits.

    Raises:
        CellError: anything else (a fraction, words, a date, a boolean).
    """
    if isinstance(raw, bool):
        raise CellError(_("expected a whole number"))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, Decimal) and raw.is_finite() and raw == raw.to_integral_value():
        return int(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if _WHOLE.match(text):
            return int(text)
    raise CellError(_("expected a whole number"))


def read_decimal(raw: Cell) -> Decimal:
    """An exact number: a number cell, or text in Vietnamese or plain writing ("12,5",
    "1.234,5", "45.5"; see :func:`ntm.core.values.parse_decimal`).

    Raises:
        CellError: anything else.
    """
    if isinstance(raw, Decimal) and raw.is_finite():
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return Decimal(raw)
    if isinstance(raw, str):
        try:
            return parse_decimal(raw)
        except NumberFormatError:
            pass
    raise CellError(_("expected a number such as 45 or 45,5"))


_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")


def read_year(raw: Cell) -> int:
    """A year: a whole number, a date cell, or a date written dd/mm/yyyy (also with "-" or
    "." between the parts) or yyyy-mm-dd, of which the year is taken.

    Raises:
        CellError: anything else, or a date that does not exist (31/02/1990).
    """
    if isinstance(raw, datetime.date):  # a datetime is a date too
        return raw.year
    if isinstance(raw, str):
        text = raw.strip()
        match = _DATE.match(text)
        parts = (match.group(3), match.group(2), match.group(1)) if match else None
        iso = _ISO_DATE.match(text)
        if iso:
            parts = (iso.group(1), iso.group(2), iso.group(3))
        if parts is not None:
            try:
                return datetime.date(*(int(part) for part in parts)).year
            except ValueError:
                raise CellError(_("not a date that exists")) from None
    try:
        return read_int(raw)
    except CellError:
        raise CellError(_("expected a year such as 1985 or a date such as 15/03/1985")) from None


def read_id_number(raw: Cell) -> str:
    """A personal identity number (số định danh cá nhân, the CCCD number): 12 digits
    (NĐ 137/2015/NĐ-CP, Luật Căn cước 2023) [M]. A number cell lost its leading zeros (001…,
    the province code of Hà Nội): they are put back when it has at most 12 digits.

    Raises:
        CellError: anything else.
    """
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        if raw == int(raw) and 0 < raw < 10**12:
            return f"{int(raw):012d}"
    elif isinstance(raw, str):
        text = raw.replace(" ", "").replace(".", "").strip()
        if len(text) == 12 and text.isascii() and text.isdigit():
            return text
    raise CellError(
        _("expected the 12 digits of a personal identity number (số định danh cá nhân)")
    )


_MIN_POVERTY_YEAR = 2000  # ours: a review year before it is a typing error
#: Ours, not the law's: the most members a household lists (and person rows a household
#: has), the longest household code and name, the largest floor area in m² with at most
#: two decimals. Beyond them a cell is a typing mistake (or does not fit the database).
_MAX_MEMBERS = 999
_MAX_CODE = 64
_MAX_NAME = 200
_MAX_AREA = Decimal("9999999.99")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MIN_BIRTH_YEAR = 1900


# --- Errors ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One bad cell, row or column of a register file.

    Attributes:
        file: the file's name as shown to the user.
        sheet: the sheet, ``None`` for a CSV file.
        row: the 1-based row in the file; ``None`` for a problem of the whole column (a
            required column that is missing or mapped to nothing).
        column: the header of the column in the file (our header when the column is
            missing); ``None`` for a problem of the whole row.
        value: the cell as text, "" when blank or not about one cell.
        reason: what is wrong or what was expected, in the active language.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str
    reason: str

    def describe(self, *, with_file: bool = True) -> str:
        """One line: "hộ.csv, row 5, column 'Loại nhà': 'nhà gỗ': expected a house class…"
        (without the file's name when ``with_file`` is false)."""
        where = Location(
            file=self.file if with_file else None,
            sheet=self.sheet,
            row=self.row,
            column=self.column,
        )
        if self.value:
            return _("{where}: '{value}': {reason}").format(
                where=where.describe(), value=self.value, reason=self.reason
            )
        return _("{where}: {reason}").format(where=where.describe(), reason=self.reason)


class RegisterInvalid(InputError):
    """A register file has bad rows; nothing was built.

    Attributes:
        errors: the errors kept, in file order (households first), at most the
            ``max_errors`` given to :func:`parse_register`.
        total: how many errors there are in all (``total >= len(errors)``).
    """

    errors: list[RowError]
    total: int

    def __init__(self, errors: list[RowError], total: int, *, file: str) -> None:
        self.errors = errors
        self.total = total
        message = ngettext(
            "the register has {count} error; nothing was read",
            "the register has {count} errors; nothing was read",
            total,
        ).format(count=total)
        if errors:
            message = _("{message}. The first: {error}").format(
                message=message, error=errors[0].describe(with_file=False)
            )
        super().__init__(message, Location(file=file))


class _Errors:
    """Collects errors: counts them all, keeps the first ``cap``."""

    def __init__(self, cap: int | None) -> None:
        self.cap = cap
        self.kept: list[RowError] = []
        self.total = 0

    def add(
        self, table: Table, row: int | None, column: str | None, value: Cell, reason: str
    ) -> None:
        self.total += 1
        if self.cap is None or len(self.kept) < self.cap:
            self.kept.append(
                RowError(table.file, table.sheet, row, column, read_text(value), reason)
            )


# --- Parsing -----------------------------------------------------------------------------


def parse_register(
    file: RegisterFile,
    *,
    household_mapping: Mapping[str, str | None],
    person_mapping: Mapping[str, str | None] | None,
    hamlets: Mapping[str, str],
    reference_date: date,
    source: str,
    max_errors: int | None = None,
) -> Register:
    """Check every row of a register file and build the register, all or nothing.

    Args:
        file: what :func:`read_register_file` read.
        household_mapping: ``{field name: header}`` for the households table (see
            :data:`~ntm.core.households.fields.HOUSEHOLD_FIELDS`); a field mapped to
            ``None`` or left out has no column. Typically
            :func:`~ntm.core.households.fields.guess_mapping`, confirmed by the user.
        person_mapping: the same for the persons table; ``None`` reads no persons (the
            register then has none, and person-based indicators no value). Ignored when
            the file has no persons table.
        hamlets: every way the file may name a hamlet, mapped to the hamlet's code: its
            code and its name ("Xóm Bản Pấu" and "Bản Pấu" → "08123-03"). Matching
            ignores case and diacritics, and a leading "xóm", "thôn", "bản", "ấp",
            "làng", "buôn" or "sóc" may be left out on either side; a name that matches
            two hamlets is an error (write the code).
        reference_date: the date the register describes; no one is born after its year.
        source: where the rows come from (kept in the register).
        max_errors: keep at most this many errors (all are counted); ``None`` keeps all.

    Returns:
        The register: households in file order, persons in file order, ``synthetic``
        when the file says so.

    Raises:
        RegisterInvalid: with every error, in file order, when there is one: a required
            field with no column, a mapping naming a header the table lacks (or one that
            two columns share, or one given to two fields), a blank required cell, a value
            that does not parse (the reason says what was expected), an unknown hamlet, a
            household code twice (both rows reported), a person whose household is not
            in the households table, a year of birth after the reference year or before
            1900, a certificate outside the list, fewer than 1 member, a negative floor
            area, a poverty review year before 2000 or after the reference year plus one,
            an identity number that is not 12 digits, a CSV row with more cells than
            headers (an unquoted decimal comma), a code or name with a control character
            or longer than 64 or 200 characters, more than 999 members (or person rows) in
            a household, a floor area over 9,999,999.99 m² or with more than 2 decimals.
        ValueError: a mapping names a field that does not exist.
    """
    errors = _Errors(max_errors)
    year = reference_date.year
    hamlet = _HamletIndex(hamlets)

    def members(raw: Cell) -> int:
        value = read_int(raw)
        if value < 1:
            raise CellError(_("a household has at least 1 member"))
        if value > _MAX_MEMBERS:
            raise CellError(_("at most {count} members").format(count=_MAX_MEMBERS))
        return value

    def area(raw: Cell) -> Decimal:
        value = read_decimal(raw)
        if value < 0:
            raise CellError(_("the floor area cannot be negative"))
        exponent = value.as_tuple().exponent
        if value > _MAX_AREA or (isinstance(exponent, int) and exponent < -2):
            raise CellError(
                _("expected a floor area in m² up to {limit}, with at most 2 decimals").format(
                    limit="9.999.999,99"
                )
            )
        return value

    def review_year(raw: Cell) -> int:
        value = read_int(raw)
        if not _MIN_POVERTY_YEAR <= value <= year + 1:
            raise CellError(
                _("expected the year of a poverty review, from {first} to {last}").format(
                    first=_MIN_POVERTY_YEAR, last=year + 1
                )
            )
        return value

    def birth_year(raw: Cell) -> int:
        value = read_year(raw)
        if value > year:
            raise CellError(_("born after the reference year {year}").format(year=year))
        if value < _MIN_BIRTH_YEAR:
            raise CellError(_("born before {year}").format(year=_MIN_BIRTH_YEAR))
        return value

    household_readers: dict[str, Callable[[Cell], object]] = {
        "code": _code,
        "hamlet": hamlet,
        "head_name": _name,
        "id_number": read_id_number,
        "members": members,
        "structure": read_structure,
        "floor_area": area,
        "poverty_class": read_poverty_class,
        "poverty_year": review_year,
        "clean_water": read_bool,
        "sanitary_latrine": read_bool,
        "waste_sorted": read_bool,
    }
    person_readers: dict[str, Callable[[Cell], object]] = {
        "household": _code,
        "name": _name,
        "id_number": read_id_number,
        "birth_year": birth_year,
        "sex": read_sex,
        "working": read_bool,
        "trained": read_bool,
        "certificate": read_certificate,
        "health_insurance": read_bool,
    }
    table = file.households
    columns = _columns(table, HOUSEHOLD_FIELDS, household_mapping, household_readers, errors)
    households: list[Household] = []
    first_row: dict[str, int] = {}
    reported: set[int] = set()
    code_column = next(c for c in columns if c.field.name == "code")
    code_header = code_column.header
    for number, values in _rows(table, columns, errors):
        code = values.get("code")
        if isinstance(code, str):
            first = first_row.setdefault(code, number)
            if first != number:
                reason = _("household code {code} appears twice (also on row {row})")
                errors.add(table, number, code_header, code, reason.format(code=code, row=first))
                if first not in reported:
                    reported.add(first)
                    errors.add(
                        table, first, code_header, code, reason.format(code=code, row=number)
                    )
                continue
        if len(values) == len(columns):
            households.append(Household(**values))  # type: ignore[arg-type]
    persons: list[Person] = []
    if file.persons is not None and person_mapping is not None:
        table = file.persons
        columns = _columns(table, PERSON_FIELDS, person_mapping, person_readers, errors)
        household_header = next(c.header for c in columns if c.field.name == "household")
        # Without a code column in the households table, every person would be an orphan:
        # the missing column is reported once, not once a person.
        check_household = code_column.index is not None
        listed: dict[str, int] = {}
        for number, values in _rows(table, columns, errors):
            code = values.get("household")
            if check_household and isinstance(code, str) and code not in first_row:
                errors.add(
                    table,
                    number,
                    household_header,
                    code,
                    _("household {code} is not in the households table").format(code=code),
                )
                continue
            if isinstance(code, str):
                listed[code] = listed.get(code, 0) + 1
                if listed[code] > _MAX_MEMBERS:
                    errors.add(
                        table,
                        number,
                        household_header,
                        code,
                        _("household {code} lists more than {count} persons").format(
                            code=code, count=_MAX_MEMBERS
                        ),
                    )
                    continue
            if len(values) == len(columns):
                persons.append(Person(**values))  # type: ignore[arg-type]
    if errors.total:
        main = file.households

        def rank(error: RowError) -> tuple[int, int]:
            other = (error.file, error.sheet) != (main.file, main.sheet)
            return (1 if other else 0, -1 if error.row is None else error.row)

        ranked = sorted(errors.kept, key=rank)
        raise RegisterInvalid(ranked, errors.total, file=file.households.file)
    return Register(
        households=tuple(households),
        persons=tuple(persons),
        reference_date=reference_date,
        source=source,
        synthetic=file.synthetic,
    )


@dataclass(frozen=True)
class _Column:
    field: Field
    index: int | None  # None: no column in the table
    header: str  # the file's header, or ours when there is no column
    read: Callable[[Cell], object]


def _limited(raw: Cell, limit: int) -> str:
    """A text cell with no control character and at most ``limit`` characters, in NFC."""
    text = unicodedata.normalize("NFC", read_text(raw))
    if _CONTROL.search(text):
        raise CellError(_("the text holds a control character"))
    if len(text) > limit:
        raise CellError(_("too long: at most {count} characters").format(count=limit))
    return text


def _code(raw: Cell) -> str:
    return _limited(raw, _MAX_CODE)


def _name(raw: Cell) -> str:
    return _limited(raw, _MAX_NAME)


def _columns(
    table: Table,
    fields: Sequence[Field],
    mapping: Mapping[str, str | None],
    readers: Mapping[str, Callable[[Cell], object]],
    errors: _Errors,
) -> list[_Column]:
    """Resolve a mapping to column positions, reporting what is wrong with it."""
    known = {field.name for field in fields}
    unknown = sorted(set(mapping) - known)
    if unknown:
        raise ValueError(f"unknown fields in the mapping: {', '.join(unknown)}")
    positions: dict[str, int] = {}
    twice: set[str] = set()
    for position, text in enumerate(table.headers):
        if text in positions:
            twice.add(text)
        elif text:
            positions[text] = position
    given: dict[str, Field] = {}
    columns: list[_Column] = []
    for field in fields:
        header = mapping.get(field.name)
        index: int | None = None
        if not header:
            if field.required:
                errors.add(
                    table,
                    None,
                    field.header,
                    None,
                    _(
                        "required column '{column}' is missing: map it to a column of the file"
                    ).format(column=field.header),
                )
        elif header not in positions:
            errors.add(
                table,
                None,
                header,
                None,
                _("the mapping names column '{column}', which the table does not have").format(
                    column=header
                ),
            )
        elif header in twice:
            errors.add(
                table,
                None,
                header,
                None,
                _("two columns are named '{column}': rename one").format(column=header),
            )
        elif header in given:
            errors.add(
                table,
                None,
                header,
                None,
                _("column '{column}' is mapped to two fields, '{first}' and '{second}'").format(
                    column=header, first=given[header].header, second=field.header
                ),
            )
        else:
            given[header] = field
            index = positions[header]
        columns.append(_Column(field, index, header or field.header, readers[field.name]))
    return columns


#: Fields whose columns repeat a few values (classes, years, yes or no): their cells are
#: read once per distinct value. Codes, names and identity numbers are not: they differ
#: from row to row.
_REPEATING = frozenset(
    {
        "hamlet",
        "members",
        "structure",
        "floor_area",
        "poverty_class",
        "poverty_year",
        "clean_water",
        "sanitary_latrine",
        "waste_sorted",
        "birth_year",
        "sex",
        "working",
        "trained",
        "certificate",
        "health_insurance",
    }
)
_CACHE_SIZE = 4096
_BLANK = object()


def _rows(
    table: Table, columns: Sequence[_Column], errors: _Errors
) -> Iterator[tuple[int, dict[str, object]]]:
    """Each row with the values read from it, field by field. A value that cannot be read,
    or a required one that is blank or has no column, is reported and left out of the
    dict: a row is complete when it has one value per column."""
    width = len(table.headers)
    hint = table.sheet is None
    blank_reason = _("required, but blank")
    plan: list[
        tuple[str, int | None, str, bool, Callable[[Cell], object], dict[object, object] | None]
    ] = [
        (
            column.field.name,
            column.index,
            column.header,
            column.field.required,
            column.read,
            {} if column.field.name in _REPEATING else None,
        )
        for column in columns
    ]
    for number, cells in table.rows:
        size = len(cells)
        if size > width and not blank_row(cells[width:]):
            reason = _("the row has {cells} cells but the header has {width}").format(
                cells=size, width=width
            )
            if hint:
                reason = _(
                    '{reason} (a decimal comma in a comma-separated file? quote the value: "12,5")'
                ).format(reason=reason)
            errors.add(table, number, None, None, reason)
        values: dict[str, object] = {}
        for name, index, header, required, read, cache in plan:
            if index is None:
                if not required:
                    values[name] = ""
                continue
            raw = cells[index] if index < size else None
            # 1 and True are equal keys of a dict: the type is part of a non-text key.
            key = raw if isinstance(raw, str) else (type(raw), raw)
            result = cache.get(key) if cache is not None else None
            if result is None:
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    result = _BLANK
                else:
                    try:
                        result = read(raw)
                    except CellError as error:
                        result = error
                if cache is not None and len(cache) < _CACHE_SIZE:
                    cache[key] = result
            if result is _BLANK:
                if required:
                    errors.add(table, number, header, None, blank_reason)
                else:
                    values[name] = ""
            elif isinstance(result, CellError):
                errors.add(table, number, header, raw, result.reason)
            else:
                values[name] = result
        yield number, values


_HAMLET_PREFIXES = tuple(
    header_key(word) + " " for word in ("xóm", "thôn", "bản", "ấp", "làng", "buôn", "sóc")
)


def _without_prefix(key: str) -> str:
    for prefix in _HAMLET_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


class _HamletIndex:
    """Finds a hamlet's code from what a file writes: exactly (case aside), then without
    diacritics, then with a leading "xóm", "thôn"… left out on either side ("Bản Pấu" for
    "Xóm Bản Pấu", "Xóm Đồng Tâm" for "Thôn Đồng Tâm"); a name two hamlets share is
    refused. Each level is tried in turn and the first that knows the name decides."""

    def __init__(self, hamlets: Mapping[str, str]) -> None:
        self.levels: list[dict[str, set[str]]] = [{}, {}, {}]
        pairs = list(hamlets.items()) + [(code, code) for code in set(hamlets.values())]
        for name, code in pairs:
            for level, keys in zip(self.levels, self._keys(name), strict=True):
                for key in keys:
                    level.setdefault(key, set()).add(code)
        self.names = sorted(set(hamlets), key=vietnamese_sort_key)
        self.cache: dict[str, str | CellError] = {}

    @staticmethod
    def _keys(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The keys of each level: the exact form, the loose form, and the loose form with
        up to two prefixes cut ("xom ban pau", "ban pau", "pau"), longest first."""
        exact = normalize_text(text)
        loose = header_key(text)
        once = _without_prefix(loose)
        bare = tuple(dict.fromkeys((loose, once, _without_prefix(once))))
        return (exact,), (loose,), bare

    def __call__(self, raw: Cell) -> str:
        text = read_text(raw)
        found = self.cache.get(text)
        if found is None:
            found = self._find(text)
            if len(self.cache) < 10_000:
                self.cache[text] = found
        if isinstance(found, CellError):
            raise found
        return found

    def _find(self, text: str) -> str | CellError:
        for level, keys in zip(self.levels, self._keys(text), strict=True):
            codes = next((level[key] for key in keys if key in level), None)
            if codes and len(codes) == 1:
                return next(iter(codes))
            if codes:
                return CellError(
                    _("the name fits several hamlets ({codes}): write the hamlet's code").format(
                        codes=", ".join(sorted(codes))
                    )
                )
        if not self.names:
            return CellError(_("unknown hamlet: no hamlets are known for the commune"))
        shown = ", ".join(self.names[:12]) + (", …" if len(self.names) > 12 else "")
        return CellError(
            _("unknown hamlet; the commune's hamlets are: {names}").format(names=shown)
        )
