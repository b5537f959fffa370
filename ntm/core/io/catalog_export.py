"""Write a criteria set as the editable XLSX template (:func:`export_criteria_set`), in the
layout of :mod:`ntm.core.io.catalog_sheets`: bold frozen headers, drop-down lists for the
closed choices, decimals and indicator codes as text cells so that they survive exactly
("1.10" stays "1.10"), and the guide sheet in the active language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import BinaryIO

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ntm.core.catalog import REGIONS, CriteriaSet, LegalBasis
from ntm.core.i18n import _
from ntm.core.io.catalog_sheets import (
    CRITERIA_COLUMNS,
    CRITERIA_SHEET,
    GUIDE_SHEET,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
    LEGAL_FIELDS,
    LEVEL_NAMES,
    NO,
    SET_COLUMNS,
    SET_KEYS,
    SET_SHEET,
    THRESHOLD_COLUMNS,
    THRESHOLDS_SHEET,
    YES,
    Column,
    Key,
    other_key,
    scheme_names,
    verified_meaning,
)
from ntm.core.io.catalog_yaml import decimal_text, flatten_criteria_set, sorted_regions
from ntm.core.io.xlsx_cells import put

__all__ = ["export_criteria_set"]

_VALIDATION_ROWS = 2000


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


def _style_header(sheet: Worksheet, columns: Sequence[Column]) -> None:
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
    sheet: Worksheet, columns: Sequence[Column], rows: Iterable[Mapping[str, object]]
) -> None:
    _style_header(sheet, columns)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    last = 1
    for last, values in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            put(sheet, last, index, values.get(column.key), text=column.text)
            sheet.cell(row=last, column=index).alignment = wrap if column.wrap else top
    end = max(last + 200, _VALIDATION_ROWS)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if column.choices:
            _add_choices(sheet, column.choices, f"{letter}2:{letter}{end}")
        if column.text:
            for row in range(last + 1, last + 201):
                sheet.cell(row=row, column=index).number_format = "@"


def _set_rows(criteria_set: CriteriaSet) -> list[tuple[Key, object]]:
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
        for name, label in LEGAL_FIELDS:
            rows.append((other_key(index, name, label), other_values.get(name)))
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
        put(sheet, row, 1, key.header)
        put(sheet, row, 2, value, text=isinstance(value, str) or value is None)
        put(sheet, row, 3, key.meaning)
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
        put(sheet, row, 1, first)
        put(sheet, row, 2, second)
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
    line("Cấp độ (level)", LEVEL_NAMES)
    line("Ngưỡng thay đổi theo (region_scheme)", scheme_names())
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
        + verified_meaning(),
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
