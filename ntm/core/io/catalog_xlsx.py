"""A criteria set as an editable XLSX template, and back.

A province (or anyone maintaining a criteria set) gets the set as a workbook with
:func:`export_criteria_set`, edits it in Excel or LibreOffice, and hands it back to
:func:`import_criteria_set`, which builds the same data a catalog YAML file holds and
checks it against the criteria-set schema. The workbook has five sheets:

``Bộ tiêu chí``
    key/value rows for the set itself: code, name, level, period, the legal basis
    (``legal_basis.decision`` …), effective date, region scheme, ``requires``,
    ``builds_on``, note, and other legal bases (``other_legal_bases.1.decision`` …).
``Tiêu chí``
    one row per criterion.
``Chỉ tiêu``
    one row per indicator, naming its criterion by number.
``Ngưỡng``
    one row per threshold, naming its indicator by code. An empty value means
    "chưa rõ / VERIFY" (the threshold is not known), never "no requirement".
``Hướng dẫn``
    instructions in the active language (Vietnamese by default); not read back.

Headers read "Vietnamese label (english_key)"; on import a column is recognised by the
key in brackets or by the label alone, so the order of the columns does not matter.
Sheet names, headers, keys and the words "có"/"không" are the file format: they are the
same whatever the language, so that files round-trip; only the explanations are translated.
Decimals are written as text ("1.10", "95") so that they survive exactly; on import a
decimal point or a decimal comma ("12,5") is accepted.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import IO, Any, BinaryIO

import jsonschema
import openpyxl
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import iterparse

from ntm.core.catalog import (
    REGIONS,
    Comparator,
    CriteriaSet,
    IndicatorKind,
    LegalBasis,
    Level,
    RegionScheme,
    parse_criteria_set,
)
from ntm.core.exceptions import (
    CatalogError,
    CoreError,
    InputError,
    Location,
    NumberFormatError,
)
from ntm.core.i18n import _
from ntm.core.io.catalog_yaml import (
    SCHEMA_ID,
    decimal_text,
    flatten_criteria_set,
    sorted_regions,
)
from ntm.core.values import normalize_text, parse_decimal

__all__ = [
    "CRITERIA_SHEET",
    "GUIDE_SHEET",
    "INDICATORS_SHEET",
    "SET_SHEET",
    "THRESHOLDS_SHEET",
    "export_criteria_set",
    "import_criteria_set",
]

# The file format: the sheet names, the column headers (label and key), the keys of the set
# sheet and the words có/không are the same in every language, so that a workbook exported
# in one language imports in another. Never translate them; only the explanations (the
# "Giải thích" column, the guide sheet) and the messages follow the active language.
SET_SHEET = "Bộ tiêu chí"
CRITERIA_SHEET = "Tiêu chí"
INDICATORS_SHEET = "Chỉ tiêu"
THRESHOLDS_SHEET = "Ngưỡng"
GUIDE_SHEET = "Hướng dẫn"

YES = "có"
NO = "không"

_XLSX_MAGIC = b"PK\x03\x04"
_VALIDATION_ROWS = 2000


# --- layout ------------------------------------------------------------------------------

#: A text in the active language, translated when it is written (never at import time).
_Text = Callable[[], str]


@dataclass(frozen=True)
class _Column:
    """One column of a table sheet: its key, Vietnamese label, width and what it may hold.

    ``key`` and ``label`` make the header the importer recognises: they are the file format
    and stay the same in every language. ``explain`` gives the column's meaning in the
    active language, for the guide sheet.
    """

    key: str
    label: str
    explain: _Text
    width: int = 14
    optional: bool = False  # the column may be deleted
    informative: bool = False  # written for the reader, ignored on import
    text: bool = False  # cells formatted as Text (codes, decimals)
    wrap: bool = False
    choices: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.label} ({self.key})"

    @property
    def meaning(self) -> str:
        """What the column holds, in the active language."""
        return self.explain()


def _verified_meaning() -> str:
    return _(
        "“{yes}” only when the content has been checked against the official text; "
        "otherwise “{no}”."
    ).format(yes=YES, no=NO)


def _source_meaning() -> str:
    return _(
        "Source: the decision, article, annex (or document) the content is taken from. Required."
    )


def _note_meaning() -> str:
    return _("Free notes. May be left empty.")


_BOOL_CHOICES = (YES, NO)
_KIND_CHOICES = tuple(kind.value for kind in IndicatorKind)
_COMPARATOR_CHOICES = tuple(comparator.value for comparator in Comparator)

CRITERIA_COLUMNS: tuple[_Column, ...] = (
    _Column(
        "number",
        "Số tiêu chí",
        lambda: _("The criterion's number in the set (1, 2, …). Required, no repeats."),
        10,
    ),
    _Column(
        "name",
        "Tên tiêu chí",
        lambda: _("The criterion's name, e.g. “Nhà ở dân cư”. Required."),
        40,
        wrap=True,
    ),
    _Column(
        "group",
        "Nhóm",
        lambda: _("The criteria group, e.g. “Hạ tầng kinh tế - xã hội”. May be left empty."),
        20,
        optional=True,
    ),
    _Column(
        "responsible",
        "Cơ quan phụ trách",
        lambda: _(
            "The ministry, department or sector in charge of the guidance. May be left empty."
        ),
        22,
        optional=True,
    ),
    _Column("source", "Nguồn", _source_meaning, 40, wrap=True),
    _Column("verified", "Đã đối chiếu", _verified_meaning, 12, choices=_BOOL_CHOICES),
    _Column("note", "Ghi chú", _note_meaning, 40, optional=True, wrap=True),
)

INDICATOR_COLUMNS: tuple[_Column, ...] = (
    _Column(
        "criterion",
        "Số tiêu chí",
        lambda: _(
            "The number of the criterion the indicator belongs to (it must be on the sheet "
            "“{sheet}”)."
        ).format(sheet=CRITERIA_SHEET),
        10,
    ),
    _Column(
        "code",
        "Mã chỉ tiêu",
        lambda: _(
            "The indicator's code, e.g. 9.1, 10, KM2: letters and digits, parts separated by "
            "dots. Enter it as Text so that 17.10 does not become 17.1. No repeats."
        ),
        12,
        text=True,
    ),
    _Column("name", "Tên chỉ tiêu", lambda: _("The indicator's text. Required."), 50, wrap=True),
    _Column(
        "kind",
        "Loại",
        # ratio, quantity, yes_no and "Đạt / Chưa đạt" are values of the file: not translated
        lambda: _(
            "ratio = a ratio (%); quantity = a quantity with a unit; "
            "yes_no = Đạt / Chưa đạt (no threshold)."
        ),
        11,
        choices=_KIND_CHOICES,
    ),
    _Column(
        "unit",
        "Đơn vị",
        lambda: _("“%” for a ratio; e.g. “triệu đồng/người/năm” for a quantity; empty for yes_no."),
        20,
    ),
    _Column(
        "numerator",
        "Tử số",
        lambda: _("For a ratio: what the numerator counts (hộ, người, …)."),
        14,
    ),
    _Column(
        "denominator",
        "Mẫu số",
        lambda: _("For a ratio: what the denominator counts (hộ, người, …)."),
        14,
    ),
    _Column(
        "comparator",
        "So sánh",
        lambda: _(
            ">= (≥), > , <= (≤), < : how the result must compare with the threshold. "
            "Required for ratio and quantity; empty for yes_no."
        ),
        10,
        choices=_COMPARATOR_CHOICES,
    ),
    _Column(
        "responsible",
        "Cơ quan phụ trách",
        lambda: _("The ministry, department or sector in charge. May be left empty."),
        22,
        optional=True,
    ),
    _Column("source", "Nguồn", _source_meaning, 40, wrap=True),
    _Column("verified", "Đã đối chiếu", _verified_meaning, 12, choices=_BOOL_CHOICES),
    _Column("note", "Ghi chú", _note_meaning, 40, optional=True, wrap=True),
)

THRESHOLD_COLUMNS: tuple[_Column, ...] = (
    _Column(
        "indicator",
        "Mã chỉ tiêu",
        lambda: _(
            "The indicator's code (it must be on the sheet “{sheet}”, of kind ratio or "
            "quantity). An indicator may have several rows: by region, commune group, year."
        ).format(sheet=INDICATORS_SHEET),
        12,
        text=True,
    ),
    _Column(
        "indicator_name",
        "Tên chỉ tiêu, để tham khảo",
        lambda: _("For reference only; not read on import."),
        40,
        optional=True,
        informative=True,
        wrap=True,
    ),
    _Column(
        "value",
        "Giá trị ngưỡng",
        lambda: _(
            "The threshold in the indicator's unit, e.g. 95 or 12,5 (a decimal point or a "
            "decimal comma; no thousands separator). EMPTY = unknown / VERIFY: the threshold "
            "is not known, not “no requirement”."
        ),
        14,
        text=True,
    ),
    _Column(
        "regions",
        "Vùng",
        lambda: _("Region codes separated by commas, e.g. “TDMNPB, ĐBSH”. Empty = every region."),
        18,
    ),
    _Column(
        "commune_groups",
        "Nhóm xã",
        lambda: _(
            "Commune groups 1, 2, 3 (2026-2030 period), separated by commas. Empty = every group."
        ),
        10,
    ),
    _Column(
        "year_from",
        "Từ năm",
        lambda: _("The first recognition year it applies to. Empty = no limit."),
        9,
    ),
    _Column(
        "year_to",
        "Đến năm",
        lambda: _("The last recognition year it applies to. Empty = no limit."),
        9,
    ),
    _Column(
        "relative_to.criteria_set",
        "Theo bộ tiêu chí",
        # “theo …” names the labels of the three relative_to columns: not translated
        lambda: _(
            "When the threshold is computed from another set's threshold: that criteria "
            "set's code. Fill in all three “theo …” columns or leave all three empty."
        ),
        26,
    ),
    _Column(
        "relative_to.indicator",
        "Theo chỉ tiêu",
        lambda: _("The indicator's code in that set."),
        10,
        text=True,
    ),
    _Column(
        "relative_to.factor",
        "Hệ số",
        lambda: _("The factor that threshold is multiplied by, e.g. 1.10 = at least 10% above it."),
        9,
        text=True,
    ),
    _Column("verified", "Đã đối chiếu", _verified_meaning, 12, choices=_BOOL_CHOICES),
    _Column("source", "Nguồn", _source_meaning, 40, wrap=True),
    _Column("note", "Ghi chú", _note_meaning, 40, optional=True, wrap=True),
)

SET_COLUMNS: tuple[_Column, ...] = (
    _Column(
        "key",
        "Trường",
        lambda: _("The field's name; keep the part in brackets as it is."),
        44,
    ),
    _Column("value", "Giá trị", lambda: _("The field's value."), 70, wrap=True),
    _Column(
        "meaning",
        "Giải thích",
        lambda: _("For reference only."),
        60,
        optional=True,
        informative=True,
        wrap=True,
    ),
)


@dataclass(frozen=True)
class _Key:
    """One key/value row of the sheet "Bộ tiêu chí".

    ``key`` and ``label`` are the file format (the same in every language); ``explain``
    gives the meaning in the active language, for the "Giải thích" column and the guide.
    """

    key: str
    label: str
    explain: _Text
    choices: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.label} ({self.key})"

    @property
    def meaning(self) -> str:
        """What the key holds, in the active language."""
        return self.explain()


#: The levels and their Vietnamese names: values and names of the file, not translated.
_LEVELS = ", ".join(f"{level.value} = {level.label_vi}" for level in Level)


def _schemes() -> str:
    # regions, commune_groups and none are values of the file: not translated
    return _(
        "regions = by the 7 regions; commune_groups = by the 3 commune groups; "
        "none = one threshold for all"
    )


def _one_of(choices: str) -> str:
    return _("One of: {choices}.").format(choices=choices)


def _for_example(example: str) -> str:
    return _("For example {example}.").format(example=example)


SET_KEYS: tuple[_Key, ...] = (
    _Key(
        "code",
        "Mã bộ tiêu chí",
        lambda: _("Lower-case letters, digits and hyphens, e.g. xa-ntm-2021-2025."),
    ),
    _Key("name", "Tên bộ tiêu chí", lambda: _("The criteria set's full name.")),
    _Key("level", "Cấp độ", lambda: _one_of(_LEVELS), tuple(level.value for level in Level)),
    _Key("period.start", "Năm bắt đầu giai đoạn", lambda: _for_example("2021")),
    _Key("period.end", "Năm kết thúc giai đoạn", lambda: _for_example("2025")),
    _Key("legal_basis.decision", "Số hiệu quyết định", lambda: _for_example("QĐ 318/QĐ-TTg")),
    _Key("legal_basis.date", "Ngày ban hành", lambda: _("YYYY-MM-DD or dd/mm/yyyy.")),
    _Key(
        "legal_basis.annex",
        "Phụ lục",
        lambda: _("For example {example}. May be left empty.").format(example="Phụ lục II"),
    ),
    _Key(
        "legal_basis.issuer",
        "Cơ quan ban hành",
        lambda: _("The issuing authority, for example {example}").format(
            example="Thủ tướng Chính phủ, UBND tỉnh …"
        ),
    ),
    _Key("legal_basis.title", "Trích yếu", lambda: _("May be left empty.")),
    _Key(
        "legal_basis.source",
        "Nguồn",
        lambda: _("Where the text was obtained. May be left empty."),
    ),
    _Key("legal_basis.verified", "Đã đối chiếu", _verified_meaning, _BOOL_CHOICES),
    _Key(
        "effective_from",
        "Ngày có hiệu lực",
        lambda: _("YYYY-MM-DD; leave empty when not known."),
    ),
    _Key(
        "region_scheme",
        "Ngưỡng thay đổi theo",
        lambda: _one_of(_schemes()),
        tuple(scheme.value for scheme in RegionScheme),
    ),
    _Key(
        "requires",
        "Cấp độ phải đạt trước",
        lambda: _("Levels separated by commas, e.g. basic."),
    ),
    _Key(
        "builds_on",
        "Dựa trên bộ tiêu chí",
        lambda: _("The code of the criteria set this one builds on (model level)."),
    ),
    _Key("note", "Ghi chú", lambda: _("Free notes.")),
)

#: The fields of a legal basis and their labels in the keys "Căn cứ khác N: …": file format.
_LEGAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("decision", "số hiệu quyết định"),
    ("date", "ngày ban hành"),
    ("annex", "phụ lục"),
    ("issuer", "cơ quan ban hành"),
    ("title", "trích yếu"),
    ("source", "nguồn"),
    ("verified", "đã đối chiếu"),
)
_OTHER_KEY = re.compile(r"^other_legal_bases\.(\d+)\.([a-z_]+)$")


def _other_meaning() -> str:
    return _(
        "Another decision that shaped this set (e.g. a provincial decision); add a legal "
        "basis by copying the 7 rows and raising the number."
    )


def _other_key(index: int, name: str, label: str) -> _Key:
    return _Key(
        f"other_legal_bases.{index}.{name}",
        f"Căn cứ khác {index}: {label}",
        _other_meaning,
        _BOOL_CHOICES if name == "verified" else (),
    )


# --- export ------------------------------------------------------------------------------


def export_criteria_set(criteria_set: CriteriaSet, *, out: BinaryIO) -> None:
    """Write ``criteria_set`` as an editable XLSX template to the binary stream ``out``.

    A set with overlays applied is written flattened (see
    :func:`~ntm.core.io.catalog_yaml.flatten_criteria_set`): its code has "-" for "+" and the
    overlays' decisions are listed as other legal bases.

    Sheets and columns (each header reads "Vietnamese label (key)"):

    - ``Bộ tiêu chí``: ``Trường (key) | Giá trị (value) | Giải thích (meaning)``, one row per
      key ``code, name, level, period.start, period.end, legal_basis.{decision, date, annex,
      issuer, title, source, verified}, effective_from, region_scheme, requires, builds_on,
      note, other_legal_bases.N.{…}`` (an empty block N=1 when the set has none);
    - ``Tiêu chí``: ``number, name, group, responsible, source, verified, note``;
    - ``Chỉ tiêu``: ``criterion, code, name, kind, unit, numerator, denominator, comparator,
      responsible, source, verified, note``;
    - ``Ngưỡng``: ``indicator, indicator_name`` (for reference only), ``value, regions,
      commune_groups, year_from, year_to, relative_to.criteria_set, relative_to.indicator,
      relative_to.factor, verified, source, note``;
    - ``Hướng dẫn``: what each column means and the allowed values, in the active language
      (as is the ``Giải thích`` column).

    Decimals, indicator codes and dates are text cells (``"1.10"`` stays ``"1.10"``);
    ``verified`` is "có"/"không"; an unknown threshold value is an empty cell. Headers are
    bold, the header row is frozen, and kind, comparator, verified, level and region scheme
    cells carry drop-down lists.
    """
    flat = flatten_criteria_set(criteria_set)
    workbook = Workbook()
    set_sheet = workbook.active
    assert set_sheet is not None
    set_sheet.title = SET_SHEET
    _write_set_sheet(set_sheet, flat)
    _write_table(
        workbook.create_sheet(CRITERIA_SHEET),
        CRITERIA_COLUMNS,
        (
            {
                "number": criterion.number,
                "name": criterion.name,
                "group": criterion.group,
                "responsible": criterion.responsible,
                "source": criterion.source,
                "verified": _yes_no(criterion.verified),
                "note": criterion.note,
            }
            for criterion in flat.criteria
        ),
    )
    _write_table(
        workbook.create_sheet(INDICATORS_SHEET),
        INDICATOR_COLUMNS,
        (
            {
                "criterion": indicator.criterion,
                "code": indicator.code,
                "name": indicator.name,
                "kind": indicator.kind.value,
                "unit": indicator.unit,
                "numerator": indicator.numerator,
                "denominator": indicator.denominator,
                "comparator": None if indicator.comparator is None else indicator.comparator.value,
                "responsible": indicator.responsible,
                "source": indicator.source,
                "verified": _yes_no(indicator.verified),
                "note": indicator.note,
            }
            for indicator in flat.indicators()
        ),
    )
    _write_table(
        workbook.create_sheet(THRESHOLDS_SHEET),
        THRESHOLD_COLUMNS,
        (
            {
                "indicator": indicator.code,
                "indicator_name": indicator.name,
                "value": None if threshold.value is None else decimal_text(threshold.value),
                "regions": ", ".join(sorted_regions(threshold.regions)),
                "commune_groups": ", ".join(str(g) for g in sorted(threshold.commune_groups)),
                "year_from": threshold.year_from,
                "year_to": threshold.year_to,
                "relative_to.criteria_set": None
                if threshold.relative_to is None
                else threshold.relative_to.criteria_set,
                "relative_to.indicator": None
                if threshold.relative_to is None
                else threshold.relative_to.indicator,
                "relative_to.factor": None
                if threshold.relative_to is None
                else decimal_text(threshold.relative_to.factor),
                "verified": _yes_no(threshold.verified),
                "source": threshold.source,
                "note": threshold.note,
            }
            for indicator in flat.indicators()
            for threshold in indicator.thresholds
        ),
    )
    _write_guide(workbook.create_sheet(GUIDE_SHEET))
    workbook.save(out)


def _yes_no(flag: bool) -> str:
    return YES if flag else NO


def _put(sheet: Worksheet, row: int, column: int, value: object, *, text: bool = False) -> None:
    cell = sheet.cell(row=row, column=column)
    if text:
        cell.number_format = "@"
    if value is None or value == "":
        return
    cell.value = value  # type: ignore[assignment]
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a text, not a formula


def _style_header(sheet: Worksheet, columns: Sequence[_Column]) -> None:
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def _add_choices(sheet: Worksheet, choices: Sequence[str], cells: str) -> None:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Invalid value"),
        error=_("Choose a value from the list: {choices}").format(choices=", ".join(choices)),
    )
    sheet.add_data_validation(validation)
    validation.add(cells)


def _write_table(
    sheet: Worksheet, columns: Sequence[_Column], rows: Iterable[Mapping[str, object]]
) -> None:
    _style_header(sheet, columns)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    last = 1
    for last, values in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            _put(sheet, last, index, values.get(column.key), text=column.text)
            sheet.cell(row=last, column=index).alignment = wrap if column.wrap else top
    end = max(last + 200, _VALIDATION_ROWS)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.choices:
            _add_choices(sheet, column.choices, f"{letter}2:{letter}{end}")
        if column.text:
            for row in range(last + 1, last + 201):
                sheet.cell(row=row, column=index).number_format = "@"


def _set_rows(criteria_set: CriteriaSet) -> list[tuple[_Key, object]]:
    basis = criteria_set.legal_basis
    values: dict[str, object] = {
        "code": criteria_set.code,
        "name": criteria_set.name,
        "level": criteria_set.level.value,
        "period.start": criteria_set.period_start,
        "period.end": criteria_set.period_end,
        "effective_from": criteria_set.effective_from,
        "region_scheme": criteria_set.region_scheme.value,
        "requires": ", ".join(level.value for level in criteria_set.requires),
        "builds_on": criteria_set.builds_on,
        "note": criteria_set.note,
        **{f"legal_basis.{name}": value for name, value in _legal_values(basis).items()},
    }
    rows = [(key, values.get(key.key)) for key in SET_KEYS]
    others: Sequence[LegalBasis | None] = criteria_set.other_legal_bases or (None,)
    for index, other in enumerate(others, start=1):
        other_values = {} if other is None else _legal_values(other)
        for name, label in _LEGAL_FIELDS:
            rows.append((_other_key(index, name, label), other_values.get(name)))
    return rows


def _legal_values(basis: LegalBasis) -> dict[str, object]:
    return {
        "decision": basis.decision,
        "date": basis.date,
        "annex": basis.annex,
        "issuer": basis.issuer,
        "title": basis.title,
        "source": basis.source,
        "verified": _yes_no(basis.verified),
    }


def _write_set_sheet(sheet: Worksheet, criteria_set: CriteriaSet) -> None:
    _style_header(sheet, SET_COLUMNS)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, (key, value) in enumerate(_set_rows(criteria_set), start=2):
        _put(sheet, row, 1, key.header)
        _put(sheet, row, 2, value, text=isinstance(value, str) or value is None)
        _put(sheet, row, 3, key.meaning)
        for column in (1, 2, 3):
            sheet.cell(row=row, column=column).alignment = wrap
        if key.choices:
            _add_choices(sheet, key.choices, f"B{row}")


def _write_guide(sheet: Worksheet) -> None:
    """The instructions, in the active language; not read back, so they may be translated.

    The headers, keys and values they quote ("Loại (kind)", "ratio", "có") are the file
    format and stay as they are in every language.
    """
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 100
    row = 1

    def line(first: str, second: str = "", *, heading: bool = False) -> None:
        nonlocal row
        _put(sheet, row, 1, first)
        _put(sheet, row, 2, second)
        for column in (1, 2):
            cell = sheet.cell(row=row, column=column)
            cell.alignment = wrap
            if heading:
                cell.font = bold
        row += 1

    line(_("How to fill in a criteria set"), heading=True)
    for text in _guide_intro():
        line("", text)
    row += 1
    line(
        _("Sheet “{sheet}”").format(sheet=SET_SHEET),
        _("One field per row (column A), its value in column B."),
        heading=True,
    )
    for key in SET_KEYS:
        line(key.header, key.meaning)
    line(
        "other_legal_bases.N.…",
        _(
            "Other legal bases (N = 1, 2, …): number, date, annex, issuing authority, summary, "
            "source, verified. Leave the whole group empty if there are none."
        ),
    )
    for title, columns in (
        (CRITERIA_SHEET, CRITERIA_COLUMNS),
        (INDICATORS_SHEET, INDICATOR_COLUMNS),
        (THRESHOLDS_SHEET, THRESHOLD_COLUMNS),
    ):
        row += 1
        line(
            _("Sheet “{sheet}”").format(sheet=title),
            _("One item per row; columns are found by their header, their order does not matter."),
            heading=True,
        )
        for column in columns:
            line(column.header, column.meaning)
    row += 1
    line(_("Allowed values"), heading=True)
    # the first cells quote the column headers ("Loại (kind)"): file format, not translated
    line(
        "Loại (kind)",
        _("ratio = a ratio (%); quantity = a quantity with a unit; yes_no = Đạt / Chưa đạt"),
    )
    line(
        "So sánh (comparator)",
        _(">= (≥, at least …), > (above), <= (≤, at most), < (below)"),
    )
    line("Cấp độ (level)", _LEVELS)
    line("Ngưỡng thay đổi theo (region_scheme)", _schemes())
    line(
        _("Region codes (regions)"),
        "; ".join(f"{code} = {name}" for code, name in REGIONS.items()),
    )
    line("Nhóm xã (commune_groups)", "1, 2, 3")
    line(
        "Đã đối chiếu (verified)",
        # true/false and x are words the importer accepts: not translated
        _("{yes} / {no} (also accepted: true/false, x/empty).").format(yes=YES, no=NO)
        + " "
        + _verified_meaning(),
    )
    line(
        _("Empty threshold value"),
        _(
            "Unknown / VERIFY: the threshold is not known. The tool reports “threshold "
            "unknown” instead of guessing; do not fill in a number before checking the "
            "official text."
        ),
    )


def _guide_intro() -> tuple[str, ...]:
    return (
        _(
            "This file is a criteria set of the new rural programme: the sheets “{set}”, "
            "“{criteria}”, “{indicators}”, “{thresholds}”. This sheet “{guide}” is not read "
            "on import."
        ).format(
            set=SET_SHEET,
            criteria=CRITERIA_SHEET,
            indicators=INDICATORS_SHEET,
            thresholds=THRESHOLDS_SHEET,
            guide=GUIDE_SHEET,
        ),
        _(
            "Keep the sheet names and the column headers as they are (the part in brackets is "
            "the field's name in English)."
        ),
        _(
            "Decimals: use a decimal point or a decimal comma (95; 12,5; 1.10); no thousands "
            "separator. Enter indicator codes and decimals as Text."
        ),
        _("An empty threshold value cell means “unknown / VERIFY”, not “no requirement”."),
        _("Column “{column}”: write “{yes}” only after checking against the official text.").format(
            column="Đã đối chiếu (verified)", yes=YES
        ),
        _(
            "On import, every error is reported with the sheet name, the row number and the "
            "column name; nothing is written while errors remain."
        ),
    )


# --- import ------------------------------------------------------------------------------

_Path = tuple[str | int, ...]


@dataclass(frozen=True)
class _Cell:
    """Where a value of the built data came from."""

    sheet: str
    row: int | None
    column: str | None


@dataclass
class _Table:
    """A table sheet as read: the headers found (key → header text) and the non-empty rows."""

    sheet: str
    headers: dict[str, str]
    rows: list[tuple[int, dict[str, Any]]]

    def where(self, file: str, row: int, key: str) -> Location:
        return Location(file=file, sheet=self.sheet, row=row, column=self.headers.get(key))


@dataclass
class _Builder:
    """Builds the YAML-shaped data from the sheets and remembers where each value came from."""

    file: str
    cells: dict[_Path, _Cell] = field(default_factory=dict)
    suspects: _Suspects = field(default_factory=dict)

    def mark(self, path: _Path, sheet: str, row: int | None, column: str | None) -> None:
        self.cells[path] = _Cell(sheet, row, column)


def import_criteria_set(content: bytes, *, name: str) -> CriteriaSet:
    """Read a workbook made by :func:`export_criteria_set` (and edited) back into a criteria set.

    ``content`` is the file's bytes and ``name`` its name for messages. The sheets
    ``Bộ tiêu chí``, ``Tiêu chí``, ``Chỉ tiêu`` and ``Ngưỡng`` are read (columns as in
    :func:`export_criteria_set`, recognised by the key in brackets or the Vietnamese label,
    in any order; the columns ``group``, ``responsible``, ``note`` and the reference column
    ``indicator_name`` may be missing); other sheets are ignored. The data is built in the
    shape of a catalog YAML file and goes through
    :func:`~ntm.core.catalog.parse_criteria_set`, so the criteria-set schema applies.

    Cell values: decimals as text or numbers, with a decimal point or comma ("12,5" is
    stored as 12.5; a trailing "%" is dropped; exponent notation is refused); an empty
    threshold value is ``None`` (unknown); a formula counts by the value the spreadsheet
    computed and saved with it; booleans "có"/"không", "true"/"false", "x"/empty; lists
    (regions, commune groups, ``requires``) comma-separated; dates ``YYYY-MM-DD``,
    ``dd/mm/yyyy`` or a date cell; comparators also as "≥"/"≤". Free texts are kept as
    written, Unicode NFC-normalised (text pasted in decomposed form compares equal to typed
    text).

    Returns:
        The criteria set, with no overlays.

    Raises:
        InputError: the file is not an XLSX workbook; a sheet is missing; a column is
            missing, unknown or repeated; a key of ``Bộ tiêu chí`` is unknown or repeated; a
            cell holds a bad value (a boolean that is not có/không, a number that is not one,
            an unknown kind, comparator, level or region, an indicator code that is not on
            ``Chỉ tiêu``, a criterion number that is not on ``Tiêu chí``, a repeated criterion
            number or indicator code, thresholds on a yes_no indicator, a half-filled
            ``relative_to``, a formula without a computed value, a number in exponent
            notation, NaN or infinity); the data breaks the criteria-set schema or a rule of
            :func:`~ntm.core.catalog.parse_criteria_set` (overlapping thresholds, impossible
            years or values, …). The error's :class:`~ntm.core.exceptions.Location` names
            the file, the sheet, the row and the column (header text as found), and where
            known the criterion, the indicator and the field. A file that cannot be read at
            all ("not a readable XLSX spreadsheet") names the file only.
        CatalogError: only if :func:`~ntm.core.catalog.parse_criteria_set` finds something
            the checks above let through and cannot say where.
    """
    workbook, suspects = _open_workbook(content, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            builder = _Builder(file=name, suspects=suspects)
            data = _build(workbook, builder)
    finally:
        workbook.close()
    _check_schema(data, builder)
    try:
        return parse_criteria_set(data, file=name)
    except CatalogError as error:
        raise _relocate(error, builder) from None


def _relocate(error: CatalogError, builder: _Builder) -> CoreError:
    """A rule of the parser broken: the same message, with the sheet, row and column added."""
    path = error.details.get("path")
    if not isinstance(path, tuple):
        return error
    for length in range(len(path), 0, -1):
        cell = builder.cells.get(path[:length])
        if cell is not None:
            location = error.location.with_(sheet=cell.sheet, row=cell.row, column=cell.column)
            return InputError(error.message, location)
    return InputError(error.message, error.location)  # pragma: no cover - every path is marked


def _open_workbook(content: bytes, name: str) -> tuple[Workbook, _Suspects]:
    """The workbook with cached values (``data_only``), and the cells read but not trusted.

    Anything that goes wrong while reading the archive (a ZIP or XML error, a part missing,
    a value openpyxl cannot convert) is an :class:`InputError` naming the file and the
    exception's class, never a traceback.
    """
    if not content.startswith(_XLSX_MAGIC):
        raise InputError(
            _(
                "not an XLSX workbook (an .xlsx file is a ZIP archive; this file is not one): "
                "export the template with ntm and save it as .xlsx"
            ),
            Location(file=name),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            suspects = _scan_cells(content)
    except Exception as error:
        raise _unreadable(error, name) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except Exception as error:
        # openpyxl stops at a number it cannot convert ("NaN"): name the cell if it was seen
        flagged = [
            (sheet, cell, problem)
            for sheet, cells in suspects.items()
            for cell, problem in sorted(cells.items())
        ]
        if not flagged:
            raise _unreadable(error, name) from None
        sheet, (row, column), problem = flagged[0]
        letter = get_column_letter(column)
        raise InputError(
            _("cell {cell} {problem}").format(cell=f"{letter}{row}", problem=problem),
            Location(file=name, sheet=sheet, row=row, column=letter),
        ) from None
    return workbook, suspects


def _unreadable(error: Exception, name: str) -> InputError:
    return InputError(
        _(
            "not a readable XLSX spreadsheet ({error_type}): open it in Excel or "
            "LibreOffice and save it again as .xlsx"
        ).format(error_type=type(error).__name__),
        Location(file=name),
    )


# --- cells openpyxl would read wrongly: a formula never computed, a number with an exponent

#: Sheet title → (row, column) → what is wrong with the cell, as "holds …" words (translated
#: when the file is read, to follow "cell B7 ").
_Suspects = dict[str, dict[tuple[int, int], str]]

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
_EXPONENT_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$")


def _scan_cells(content: bytes) -> _Suspects:
    """Read the worksheets' XML for cells that ``data_only`` loading would misread.

    openpyxl gives ``None`` for a formula that was never computed (a file written by a
    program rather than saved by Excel or LibreOffice), turns the number ``1E-400`` into
    ``0.0`` and ``1E+400`` into infinity, and stops at ``NaN``; the raw cell tells them apart.
    """
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        suspects: _Suspects = {}
        for sheet, relation in reader.parser.find_sheets():
            if relation.target not in reader.valid_files or "chartsheet" in relation.Type:
                continue
            with reader.archive.open(relation.target) as source:
                found = _scan_sheet(source)
            if found:
                suspects[sheet.name] = found
        return suspects
    finally:
        reader.archive.close()


def _scan_sheet(source: IO[bytes]) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    row = 0
    for _event, element in iterparse(source):
        if element.tag != f"{_MAIN_NS}row":
            continue
        row = int(element.get("r") or row + 1)
        column = 0
        for cell in element.iterfind(f"{_MAIN_NS}c"):
            reference = cell.get("r")
            if reference:
                row, column = coordinate_to_tuple(reference)
            else:
                column += 1
            problem = _cell_problem(cell)
            if problem is not None:
                found[(row, column)] = problem
        element.clear()
    return found


def _cell_problem(cell: Any) -> str | None:
    kind = cell.get("t") or "n"
    formula = cell.find(f"{_MAIN_NS}f")
    value = cell.findtext(f"{_MAIN_NS}v")
    if formula is not None and not value and kind == "n":
        if formula.text:
            return _(
                "holds a formula without a computed value (={formula}): open and save the "
                "file in Excel/LibreOffice, or type the number"
            ).format(formula=formula.text)
        return _(
            "holds a formula without a computed value: open and save the file in "
            "Excel/LibreOffice, or type the number"
        )
    if kind == "n" and formula is None and value == "":
        return _("holds an empty number (as a program writes NaN or infinity): type the number")
    if kind != "n" or not value or _PLAIN_NUMBER.match(value.strip()):
        return None
    if _EXPONENT_NUMBER.match(value.strip()):
        return _(
            "holds the number {number} in exponent notation, which is refused (it may have "
            "been rounded): type the number in full, e.g. 95 or 12,5, as text"
        ).format(number=value.strip())
    return _("holds {value}, which is not a finite number: type the number").format(
        value=repr(value.strip())
    )


def _build(workbook: Workbook, builder: _Builder) -> dict[str, Any]:
    file = builder.file
    suspects = builder.suspects
    set_table = _read_table(workbook, SET_SHEET, SET_COLUMNS, file, suspects)
    criteria_table = _read_table(workbook, CRITERIA_SHEET, CRITERIA_COLUMNS, file, suspects)
    indicator_table = _read_table(workbook, INDICATORS_SHEET, INDICATOR_COLUMNS, file, suspects)
    threshold_table = _read_table(workbook, THRESHOLDS_SHEET, THRESHOLD_COLUMNS, file, suspects)
    data = _read_set(set_table, builder)
    criteria = _read_criteria(criteria_table, builder)
    indicators = _read_indicators(indicator_table, criteria, builder)
    _read_thresholds(threshold_table, indicators, builder)
    data["criteria"] = [item for item, _index in criteria.values()]
    builder.mark(("criteria",), CRITERIA_SHEET, None, None)
    return data


# --- sheets and headers


def _find_sheet(workbook: Workbook, title: str, file: str) -> Any:
    wanted = normalize_text(title)
    for sheet in workbook.worksheets:
        if normalize_text(sheet.title) == wanted:
            return sheet
    have = ", ".join(f"'{sheet.title}'" for sheet in workbook.worksheets)
    raise InputError(
        _("the workbook has no sheet '{sheet}' (it has {sheets})").format(sheet=title, sheets=have),
        Location(file=file, sheet=title),
    )


_BRACKET_KEY = re.compile(r"\(([A-Za-z0-9_.]+)\)\s*$")


def _header_key(text: str, columns: Sequence[_Column]) -> str | None:
    """The column key a header names: by the key in brackets, the label, or the bare key."""
    match = _BRACKET_KEY.search(text)
    keys = {column.key for column in columns}
    if match and match.group(1) in keys:
        return match.group(1)
    plain = normalize_text(text)
    for column in columns:
        if plain in (normalize_text(column.label), normalize_text(column.header), column.key):
            return column.key
    return None


def _read_table(
    workbook: Workbook,
    title: str,
    columns: Sequence[_Column],
    file: str,
    suspects: Mapping[str, Mapping[tuple[int, int], str]],
) -> _Table:
    sheet = _find_sheet(workbook, title, file)
    title = sheet.title
    rows = sheet.iter_rows(values_only=True)
    header_row = next(rows, ())
    positions: dict[int, str] = {}
    headers: dict[str, str] = {}
    for index, raw in enumerate(header_row):
        if _blank(raw):
            continue
        text = str(raw).strip()
        key = _header_key(text, columns)
        where = Location(file=file, sheet=title, row=1, column=text)
        if key is None:
            expected = ", ".join(f"'{column.header}'" for column in columns)
            raise InputError(
                _("unknown column '{column}'; the columns are {columns}").format(
                    column=text, columns=expected
                ),
                where,
            )
        if key in headers:
            raise InputError(
                _("column '{column}' appears twice (also as '{other}')").format(
                    column=text, other=headers[key]
                ),
                where,
            )
        headers[key] = text
        positions[index] = key
    for column in columns:
        if column.key not in headers and not column.optional:
            raise InputError(
                _("column '{column}' is missing").format(column=column.header),
                Location(file=file, sheet=title, row=1, column=column.header),
            )
    informative = {column.key for column in columns if column.informative}
    for (row_number, column_number), problem in sorted(suspects.get(title, {}).items()):
        key = positions.get(column_number - 1)
        if row_number > 1 and key is not None and key not in informative:
            raise InputError(
                _("cell {cell} {problem}").format(
                    cell=f"{get_column_letter(column_number)}{row_number}", problem=problem
                ),
                Location(file=file, sheet=title, row=row_number, column=headers[key]),
            )
    table_rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(rows, start=2):
        row = {
            positions[index]: value
            for index, value in enumerate(values)
            if index in positions and positions[index] not in informative
        }
        if all(_blank(value) for value in row.values()):
            continue
        table_rows.append((number, row))
    for column in columns:
        headers.setdefault(column.key, column.header)
    return _Table(sheet=title, headers=headers, rows=table_rows)


# --- the set sheet


def _read_set(table: _Table, builder: _Builder) -> dict[str, Any]:
    file = builder.file
    known = {key.key: key for key in SET_KEYS}
    labels = {normalize_text(key.label): key.key for key in SET_KEYS}
    found: dict[str, tuple[int, Any]] = {}
    others: dict[int, dict[str, tuple[int, Any]]] = {}
    for row, values in table.rows:
        raw_key = values.get("key")
        key_at = table.where(file, row, "key")
        if _blank(raw_key):
            if _blank(values.get("value")):
                continue
            raise InputError(_("the row has a value but no key"), key_at)
        text = str(raw_key).strip()
        match = _BRACKET_KEY.search(text)
        key = match.group(1) if match else text
        key = labels.get(normalize_text(key), key)
        other = _OTHER_KEY.match(key)
        if other and other.group(2) in dict(_LEGAL_FIELDS):
            group = others.setdefault(int(other.group(1)), {})
            if other.group(2) in group:
                raise InputError(_("key '{key}' appears twice").format(key=key), key_at)
            group[other.group(2)] = (row, values.get("value"))
            continue
        if key not in known:
            raise InputError(
                _("unknown key '{key}'; the keys are {keys} and {other_keys}").format(
                    key=text,
                    keys=", ".join(known),
                    other_keys="other_legal_bases.N.{"
                    + ", ".join(name for name, _label in _LEGAL_FIELDS)
                    + "}",
                ),
                key_at,
            )
        if key in found:
            raise InputError(
                _("key '{key}' appears twice (also on row {row})").format(
                    key=key, row=found[key][0]
                ),
                key_at,
            )
        found[key] = (row, values.get("value"))

    def at(row: int) -> Location:
        return table.where(file, row, "value")

    def row_of(key: str) -> int | None:
        return found[key][0] if key in found else None

    def take(key: str, convert: Callable[[Any, Location], Any]) -> Any:
        path: _Path = tuple(key.split("."))
        if key not in found:
            builder.mark(path, table.sheet, None, table.headers["value"])
            return None
        row, raw = found[key]
        builder.mark(path, table.sheet, row, table.headers["value"])
        return convert(raw, at(row).with_(field=key))

    data: dict[str, Any] = {"schema": SCHEMA_ID}
    _set_if(data, "code", take("code", _set_code))
    _set_if(data, "name", take("name", _text))
    levels = tuple(level.value for level in Level)
    _set_if(data, "level", take("level", _choice(levels, _not_a_level)))
    period: dict[str, Any] = {}
    _set_if(period, "start", take("period.start", _integer))
    _set_if(period, "end", take("period.end", _integer))
    builder.mark(("period",), table.sheet, row_of("period.start"), None)
    data["period"] = period
    basis: dict[str, Any] = {}
    for name, _label in _LEGAL_FIELDS:
        _set_if(basis, name, take(f"legal_basis.{name}", _LEGAL_CONVERTERS[name]))
    builder.mark(("legal_basis",), table.sheet, row_of("legal_basis.decision"), None)
    data["legal_basis"] = basis
    bases: list[dict[str, Any]] = []
    for index in sorted(others):
        group = others[index]
        if all(_blank(raw) for _row, raw in group.values()):
            continue
        position = len(bases)
        basis = {}
        for name, _label in _LEGAL_FIELDS:
            path: _Path = ("other_legal_bases", position, name)
            if name not in group:
                builder.mark(path, table.sheet, None, table.headers["value"])
                continue
            row, raw = group[name]
            builder.mark(path, table.sheet, row, table.headers["value"])
            key = f"other_legal_bases.{index}.{name}"
            _set_if(basis, name, _LEGAL_CONVERTERS[name](raw, at(row).with_(field=key)))
        first_row = min(row for row, _raw in group.values())
        builder.mark(("other_legal_bases", position), table.sheet, first_row, None)
        bases.append(basis)
    if bases:
        data["other_legal_bases"] = bases
    _set_if(data, "effective_from", take("effective_from", _date))
    schemes = tuple(scheme.value for scheme in RegionScheme)
    _set_if(data, "region_scheme", take("region_scheme", _choice(schemes, _not_a_scheme)))
    requires = take("requires", _levels)
    if requires:
        data["requires"] = requires
    _set_if(data, "builds_on", take("builds_on", _set_code))
    _set_if(data, "note", take("note", _text))
    return data


def _set_if(data: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        data[key] = value


# --- the table sheets


def _read_criteria(table: _Table, builder: _Builder) -> dict[int, tuple[dict[str, Any], int]]:
    """Criteria by number: (the criterion's data, its index in the ``criteria`` list)."""
    file = builder.file
    criteria: dict[int, tuple[dict[str, Any], int]] = {}
    rows_of: dict[int, int] = {}
    for row, values in table.rows:
        index = len(criteria)
        base: _Path = ("criteria", index)

        def get(key: str, convert: Callable[[Any, Location], Any]) -> Any:
            builder.mark((*base, key), table.sheet, row, table.headers[key])  # noqa: B023
            return convert(values.get(key), table.where(file, row, key))  # noqa: B023

        number = get("number", _integer)
        where = table.where(file, row, "number")
        if number is None:
            raise InputError(_("the criterion number is missing"), where)
        if number < 1:
            raise InputError(
                _("criterion number {number} must be 1 or more").format(number=number), where
            )
        if number in criteria:
            raise InputError(
                _("criterion {number} appears twice (also on row {row})").format(
                    number=number, row=rows_of[number]
                ),
                where.with_(criterion=str(number)),
            )
        rows_of[number] = row
        builder.mark(base, table.sheet, row, None)
        item: dict[str, Any] = {"number": number}
        _set_if(item, "name", get("name", _text))
        _set_if(item, "group", get("group", _text))
        _set_if(item, "responsible", get("responsible", _text))
        _set_if(item, "source", get("source", _text))
        item["verified"] = get("verified", _boolean)
        _set_if(item, "note", get("note", _text))
        criteria[number] = (item, index)
    return criteria


def _read_indicators(
    table: _Table, criteria: Mapping[int, tuple[dict[str, Any], int]], builder: _Builder
) -> dict[str, tuple[dict[str, Any], _Path]]:
    """Indicators by code: (the indicator's data, its path in the data)."""
    file = builder.file
    indicators: dict[str, tuple[dict[str, Any], _Path]] = {}
    rows_of: dict[str, int] = {}
    kinds = tuple(kind.value for kind in IndicatorKind)
    for row, values in table.rows:

        def where(key: str) -> Location:
            return table.where(file, row, key)  # noqa: B023

        number = _integer(values.get("criterion"), where("criterion"))
        if number is None:
            raise InputError(_("the criterion number is missing"), where("criterion"))
        if number not in criteria:
            raise InputError(
                _("criterion {number} is not on sheet '{sheet}'").format(
                    number=number, sheet=CRITERIA_SHEET
                ),
                where("criterion").with_(criterion=str(number)),
            )
        criterion, criterion_index = criteria[number]
        code = _indicator_code(values.get("code"), where("code"))
        if code is None:
            raise InputError(_("the indicator code is missing"), where("code"))
        place = where("code").with_(criterion=str(number), indicator=code)
        if code in indicators:
            raise InputError(
                _("indicator code {code} appears twice (also on row {row})").format(
                    code=code, row=rows_of[code]
                ),
                place,
            )
        rows_of[code] = row
        siblings = criterion.setdefault("indicators", [])
        base: _Path = ("criteria", criterion_index, "indicators", len(siblings))
        builder.mark(base, table.sheet, row, None)
        for key in ("criterion", "code", "name", "kind", "unit", "numerator", "denominator"):
            builder.mark((*base, key), table.sheet, row, table.headers[key])
        for key in ("comparator", "responsible", "source", "verified", "note", "thresholds"):
            builder.mark((*base, key), table.sheet, row, table.headers.get(key))
        item: dict[str, Any] = {"code": code}
        _set_if(item, "name", _text(values.get("name"), where("name")))
        kind = _choice(kinds, _not_a_kind)(values.get("kind"), where("kind").with_(indicator=code))
        if kind is None:
            raise InputError(
                _("the kind is missing; write one of {kinds}").format(kinds=", ".join(kinds)),
                where("kind").with_(indicator=code),
            )
        item["kind"] = kind
        measured = kind != IndicatorKind.YES_NO.value
        for key in ("unit", "numerator", "denominator"):
            text = _text(values.get(key), where(key))
            needed = measured if key == "unit" else kind == IndicatorKind.RATIO.value
            if text is not None or needed:
                item[key] = text or ""
        comparator = _comparator(
            values.get("comparator"), where("comparator").with_(indicator=code)
        )
        if comparator is None and measured:
            raise InputError(
                _("a {kind} indicator needs a comparator: one of {comparators}").format(
                    kind=kind, comparators=", ".join(_COMPARATOR_CHOICES)
                ),
                where("comparator").with_(indicator=code),
            )
        if comparator is not None and not measured:
            raise InputError(
                _("a yes_no indicator (Đạt / Chưa đạt) takes no comparator; leave the cell empty"),
                where("comparator").with_(indicator=code),
            )
        _set_if(item, "comparator", comparator)
        _set_if(item, "responsible", _text(values.get("responsible"), where("responsible")))
        _set_if(item, "source", _text(values.get("source"), where("source")))
        item["verified"] = _boolean(values.get("verified"), where("verified"))
        _set_if(item, "note", _text(values.get("note"), where("note")))
        if measured:
            item["thresholds"] = []
        siblings.append(item)
        indicators[code] = (item, base)
    return indicators


def _read_thresholds(
    table: _Table,
    indicators: Mapping[str, tuple[dict[str, Any], _Path]],
    builder: _Builder,
) -> None:
    file = builder.file
    for row, values in table.rows:

        def where(key: str) -> Location:
            return table.where(file, row, key)  # noqa: B023

        code = _indicator_code(values.get("indicator"), where("indicator"))
        if code is None:
            raise InputError(_("the indicator code is missing"), where("indicator"))
        if code not in indicators:
            raise InputError(
                _("indicator {code} is not on sheet '{sheet}'").format(
                    code=code, sheet=INDICATORS_SHEET
                ),
                where("indicator").with_(indicator=code),
            )
        indicator, indicator_path = indicators[code]
        if "thresholds" not in indicator:
            raise InputError(
                _("indicator {code} is yes_no (Đạt / Chưa đạt): it takes no threshold rows").format(
                    code=code
                ),
                where("indicator").with_(indicator=code),
            )

        def at(key: str) -> Location:
            return where(key).with_(indicator=code)  # noqa: B023

        base: _Path = (*indicator_path, "thresholds", len(indicator["thresholds"]))
        builder.mark(base, table.sheet, row, None)
        for key, path in (
            ("value", ("value",)),
            ("regions", ("regions",)),
            ("commune_groups", ("commune_groups",)),
            ("year_from", ("years", "from")),
            ("year_to", ("years", "to")),
            ("relative_to.criteria_set", ("relative_to", "criteria_set")),
            ("relative_to.indicator", ("relative_to", "indicator")),
            ("relative_to.factor", ("relative_to", "factor")),
            ("verified", ("verified",)),
            ("source", ("source",)),
            ("note", ("note",)),
        ):
            builder.mark((*base, *path), table.sheet, row, table.headers.get(key))
        item: dict[str, Any] = {"value": _decimal(values.get("value"), at("value"))}
        relative = {
            "criteria_set": _set_code(
                values.get("relative_to.criteria_set"), at("relative_to.criteria_set")
            ),
            "indicator": _indicator_code(
                values.get("relative_to.indicator"), at("relative_to.indicator")
            ),
            "factor": _decimal(values.get("relative_to.factor"), at("relative_to.factor")),
        }
        if any(value is not None for value in relative.values()):
            for key, value in relative.items():
                if value is None:
                    raise InputError(
                        _(
                            "a relative threshold needs the set, the indicator and the factor; "
                            "this one is missing"
                        ),
                        at(f"relative_to.{key}"),
                    )
            item["relative_to"] = relative
        regions = _regions(values.get("regions"), at("regions"))
        if regions:
            item["regions"] = regions
        groups = _commune_groups(values.get("commune_groups"), at("commune_groups"))
        if groups:
            item["commune_groups"] = groups
        years: dict[str, int] = {}
        _set_if(years, "from", _integer(values.get("year_from"), at("year_from")))
        _set_if(years, "to", _integer(values.get("year_to"), at("year_to")))
        if "from" in years and "to" in years and years["from"] > years["to"]:
            raise InputError(
                _("year_from {year_from} is after year_to {year_to}").format(
                    year_from=years["from"], year_to=years["to"]
                ),
                at("year_from"),
            )
        if years:
            item["years"] = years
        _set_if(item, "source", _text(values.get("source"), at("source")))
        item["verified"] = _boolean(values.get("verified"), at("verified"))
        _set_if(item, "note", _text(values.get("note"), at("note")))
        indicator["thresholds"].append(item)


# --- cells


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _text(raw: Any, where: Location) -> str | None:
    """Free text, kept as written (not stripped); an empty cell is ``None``."""
    if _blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, bool):
        return YES if raw else NO
    if isinstance(raw, float):
        return repr(raw)
    return unicodedata.normalize("NFC", str(raw)) if isinstance(raw, str) else str(raw)


def _word(raw: Any) -> str | None:
    if _blank(raw):
        return None
    return unicodedata.normalize("NFC", str(raw)).strip()


_TRUE_WORDS = frozenset({"có", "true", "x", "yes"})
_FALSE_WORDS = frozenset({"không", "false", "no"})


def _boolean(raw: Any, where: Location) -> bool:
    """có/true/x → True; không/false/empty → False."""
    if isinstance(raw, bool):
        return raw
    if _blank(raw):
        return False
    word = normalize_text(str(raw))
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise InputError(
        # true/false and x are words the importer accepts: not translated
        _("'{text}' is not '{yes}' or '{no}' (also accepted: true/false, x/empty)").format(
            text=raw, yes=YES, no=NO
        ),
        where,
    )


_INTEGER = re.compile(r"^[+-]?\d+$")


def _integer(raw: Any, where: Location) -> int | None:
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        raise InputError(_("'{text}' is not a whole number").format(text=raw), where)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    if _INTEGER.match(text):
        return int(text)
    raise InputError(_("'{text}' is not a whole number").format(text=raw), where)


_PLAIN_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def _decimal(raw: Any, where: Location) -> str | None:
    """A decimal as the schema's text: "95", "1.10"; "12,5" → "12.5"; empty → ``None``.

    A text with a decimal point and only digits ("1.10", "0.125") is taken as written;
    anything else goes through :func:`~ntm.core.values.parse_decimal` (decimal comma, dot
    or space thousands separators). A trailing "%" is dropped.
    """
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        raise InputError(_("'{text}' is not a number").format(text=raw), where)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise InputError(
                _("'{text}' is not a finite number; type the number").format(text=raw), where
            )
        return decimal_text(Decimal(repr(raw)))
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if text.endswith("%"):
        text = text[:-1].strip()
    if _PLAIN_DECIMAL.match(text):
        return text
    if _EXPONENT_NUMBER.match(text.replace(",", ".")):
        raise InputError(
            _(
                "'{text}' is written in exponent notation; type the number in full "
                "(e.g. 95 or 12,5)"
            ).format(text=raw),
            where,
        )
    try:
        return decimal_text(parse_decimal(text, location=where))
    except NumberFormatError:
        raise InputError(
            _(
                "'{text}' is not a number; write e.g. 95 or 12,5 "
                "(leave the cell empty when the value is not known)"
            ).format(text=raw),
            where,
        ) from None


_CODE = re.compile(r"^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$")


def _indicator_code(raw: Any, where: Location) -> str | None:
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        raise InputError(_("'{text}' is not an indicator code").format(text=raw), where)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        raise InputError(
            _(
                "the code {code} was stored as a number, which loses digits such as the 0 of "
                "17.10; format the cell as Text and type the code again"
            ).format(code=repr(raw)),
            where,
        )
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if not _CODE.match(text):
        raise InputError(
            _(
                "'{text}' is not an indicator code (letters and digits, parts separated by "
                "dots, e.g. 9.1 or KM2)"
            ).format(text=raw),
            where,
        )
    return text


_SET_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _set_code(raw: Any, where: Location) -> str | None:
    word = _word(raw)
    if word is None:
        return None
    if not _SET_CODE.match(word):
        raise InputError(
            _(
                "'{text}' is not a criteria-set code (lower-case letters, digits and hyphens, "
                "e.g. xa-ntm-2021-2025)"
            ).format(text=raw),
            where,
        )
    return word


def _choice(
    choices: Sequence[str], refusal: Callable[[], str]
) -> Callable[[Any, Location], str | None]:
    """A converter to one of ``choices``; ``refusal`` gives the message (placeholders
    ``{text}`` and ``{choices}``) in the active language when the cell holds something else."""

    def convert(raw: Any, where: Location) -> str | None:
        word = _word(raw)
        if word is None:
            return None
        if word.lower() in choices:
            return word.lower()
        raise InputError(refusal().format(text=raw, choices=", ".join(choices)), where)

    return convert


def _not_a_level() -> str:
    return _("'{text}' is not a level; write one of {choices}")


def _not_a_scheme() -> str:
    return _("'{text}' is not a region scheme; write one of {choices}")


def _not_a_kind() -> str:
    return _("'{text}' is not a kind; write one of {choices}")


_COMPARATOR_WORDS = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}


def _comparator(raw: Any, where: Location) -> str | None:
    word = _word(raw)
    if word is None:
        return None
    word = _COMPARATOR_WORDS.get(word.replace(" ", ""), word.replace(" ", ""))
    if word in _COMPARATOR_CHOICES:
        return word
    raise InputError(
        _("'{text}' is not a comparator; write one of {choices}").format(
            text=raw, choices=", ".join(_COMPARATOR_CHOICES)
        ),
        where,
    )


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(raw: Any, where: Location) -> str | None:
    if _blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw).strip()
    match = _DMY.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        text = f"{year:04d}-{month:02d}-{day:02d}"
    if _ISO_DATE.match(text):
        try:
            date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return text
    raise InputError(
        _("'{text}' is not a date; write YYYY-MM-DD or dd/mm/yyyy").format(text=raw), where
    )


_LEGAL_CONVERTERS: dict[str, Callable[[Any, Location], Any]] = {
    "decision": _text,
    "date": _date,
    "annex": _text,
    "issuer": _text,
    "title": _text,
    "source": _text,
    "verified": _boolean,
}


def _split(raw: Any) -> list[str]:
    if _blank(raw):
        return []
    text = unicodedata.normalize("NFC", str(raw))
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


def _levels(raw: Any, where: Location) -> list[str]:
    allowed = ("basic", "advanced", "model")
    levels: list[str] = []
    for part in _split(raw):
        if part.lower() not in allowed:
            raise InputError(_not_a_level().format(text=part, choices=", ".join(allowed)), where)
        if part.lower() not in levels:
            levels.append(part.lower())
    return levels


def _regions(raw: Any, where: Location) -> list[str]:
    by_upper = {code.upper(): code for code in REGIONS}
    found: set[str] = set()
    for part in _split(raw):
        code = by_upper.get(part.upper())
        if code is None:
            raise InputError(
                _(
                    "'{text}' is not a region code; write some of {codes}, separated by commas"
                ).format(text=part, codes=", ".join(REGIONS)),
                where,
            )
        found.add(code)
    return sorted_regions(frozenset(found))


def _commune_groups(raw: Any, where: Location) -> list[int]:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        parts: list[Any] = [raw]
    else:
        parts = _split(raw)
    groups: set[int] = set()
    for part in parts:
        number = _integer(part, where)
        if number not in (1, 2, 3):
            raise InputError(
                _("'{text}' is not a commune group; write 1, 2 or 3").format(text=part), where
            )
        groups.add(number)
    return sorted(groups)


# --- the schema, as a last check with the cell to blame


@cache
def _set_validator() -> jsonschema.protocols.Validator:
    text = resources.files("ntm.core").joinpath("schemas/criteria-set.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def _check_schema(data: Mapping[str, Any], builder: _Builder) -> None:
    errors = list(_set_validator().iter_errors(data))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    assert error is not None
    path: _Path = tuple(error.absolute_path)
    message = error.message
    if error.validator == "required":
        missing = next((name for name in error.validator_value if name not in error.instance), None)
        if missing is not None:
            path = (*path, missing)
            message = _("a value is required for '{field}'").format(field=missing)
    elif error.validator == "not":
        path = (*path, "comparator")
        message = _("a yes_no indicator takes no comparator and no thresholds")
    elif error.validator == "minLength":
        message = _("the cell must not be empty")
    elif error.validator == "enum":
        allowed = ", ".join(str(item) for item in error.validator_value)
        message = _("{value} is not allowed; write one of {choices}").format(
            value=repr(error.instance), choices=allowed
        )
    elif error.validator == "pattern":
        message = _("{value} does not have the expected form").format(value=repr(error.instance))
    elif error.validator == "minItems" and path == ("criteria",):
        message = _("the sheet '{sheet}' has no criteria").format(sheet=CRITERIA_SHEET)
    raise InputError(message, _locate(data, path, builder))


def _locate(data: Mapping[str, Any], path: _Path, builder: _Builder) -> Location:
    location = Location(file=builder.file)
    for length in range(len(path), 0, -1):
        cell = builder.cells.get(path[:length])
        if cell is not None:
            location = location.with_(sheet=cell.sheet, row=cell.row, column=cell.column)
            break
    node: Any = data
    previous: str | int | None = None
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and previous == "criteria" and "number" in node:
            location = location.with_(criterion=str(node["number"]))
        elif isinstance(node, dict) and previous == "indicators" and "code" in node:
            location = location.with_(indicator=str(node["code"]))
        previous = step
    names = [step for step in path if isinstance(step, str)]
    if names:
        location = location.with_(field=names[-1])
    return location
