"""Read an edited XLSX template back into a criteria set (:func:`import_criteria_set`): find
the sheets and their columns by header, build the data a catalog YAML file holds while
remembering the cell each value came from, and check it against the criteria-set schema
and :func:`~ntm.core.catalog.parse_criteria_set`, so that every error names the sheet, the
row and the column to fix. Cells are converted by :mod:`ntm.core.io.catalog_cells`; the
cells openpyxl would misread are found first by :mod:`ntm.core.io.catalog_scan`.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from ntm.core.catalog import CriteriaSet, IndicatorKind, Level, RegionScheme, parse_criteria_set
from ntm.core.exceptions import CatalogError, CoreError, InputError, Location
from ntm.core.i18n import _
from ntm.core.io.catalog_cells import (
    LEGAL_CONVERTERS,
    cell_boolean,
    cell_choice,
    cell_commune_groups,
    cell_comparator,
    cell_date,
    cell_decimal,
    cell_indicator_code,
    cell_integer,
    cell_levels,
    cell_regions,
    cell_set_code,
    cell_text,
    is_blank,
    not_a_kind,
    not_a_level,
    not_a_scheme,
)
from ntm.core.io.catalog_scan import Suspects, scan_cells
from ntm.core.io.catalog_sheets import (
    COMPARATOR_CHOICES,
    CRITERIA_COLUMNS,
    CRITERIA_SHEET,
    INDICATOR_COLUMNS,
    INDICATORS_SHEET,
    LEGAL_FIELDS,
    OTHER_KEY,
    SET_COLUMNS,
    SET_KEYS,
    SET_SHEET,
    THRESHOLD_COLUMNS,
    THRESHOLDS_SHEET,
    Column,
)
from ntm.core.io.catalog_yaml import SCHEMA_ID
from ntm.core.values import normalize_text

__all__ = ["import_criteria_set"]

_XLSX_MAGIC = b"PK\x03\x04"

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
    suspects: Suspects = field(default_factory=dict)

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


def _open_workbook(content: bytes, name: str) -> tuple[Workbook, Suspects]:
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
            suspects = scan_cells(content)
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


def _header_key(text: str, columns: Sequence[Column]) -> str | None:
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
    columns: Sequence[Column],
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
        if is_blank(raw):
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
        if all(is_blank(value) for value in row.values()):
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
        if is_blank(raw_key):
            if is_blank(values.get("value")):
                continue
            raise InputError(_("the row has a value but no key"), key_at)
        text = str(raw_key).strip()
        match = _BRACKET_KEY.search(text)
        key = match.group(1) if match else text
        key = labels.get(normalize_text(key), key)
        other = OTHER_KEY.match(key)
        if other and other.group(2) in dict(LEGAL_FIELDS):
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
                    + ", ".join(name for name, _label in LEGAL_FIELDS)
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
    _set_if(data, "code", take("code", cell_set_code))
    _set_if(data, "name", take("name", cell_text))
    levels = tuple(level.value for level in Level)
    _set_if(data, "level", take("level", cell_choice(levels, not_a_level)))
    period: dict[str, Any] = {}
    _set_if(period, "start", take("period.start", cell_integer))
    _set_if(period, "end", take("period.end", cell_integer))
    builder.mark(("period",), table.sheet, row_of("period.start"), None)
    data["period"] = period
    basis: dict[str, Any] = {}
    for name, _label in LEGAL_FIELDS:
        _set_if(basis, name, take(f"legal_basis.{name}", LEGAL_CONVERTERS[name]))
    builder.mark(("legal_basis",), table.sheet, row_of("legal_basis.decision"), None)
    data["legal_basis"] = basis
    bases: list[dict[str, Any]] = []
    for index in sorted(others):
        group = others[index]
        if all(is_blank(raw) for _row, raw in group.values()):
            continue
        position = len(bases)
        basis = {}
        for name, _label in LEGAL_FIELDS:
            path: _Path = ("other_legal_bases", position, name)
            if name not in group:
                builder.mark(path, table.sheet, None, table.headers["value"])
                continue
            row, raw = group[name]
            builder.mark(path, table.sheet, row, table.headers["value"])
            key = f"other_legal_bases.{index}.{name}"
            _set_if(basis, name, LEGAL_CONVERTERS[name](raw, at(row).with_(field=key)))
        first_row = min(row for row, _raw in group.values())
        builder.mark(("other_legal_bases", position), table.sheet, first_row, None)
        bases.append(basis)
    if bases:
        data["other_legal_bases"] = bases
    _set_if(data, "effective_from", take("effective_from", cell_date))
    schemes = tuple(scheme.value for scheme in RegionScheme)
    _set_if(data, "region_scheme", take("region_scheme", cell_choice(schemes, not_a_scheme)))
    requires = take("requires", cell_levels)
    if requires:
        data["requires"] = requires
    _set_if(data, "builds_on", take("builds_on", cell_set_code))
    _set_if(data, "note", take("note", cell_text))
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

        number = get("number", cell_integer)
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
        _set_if(item, "name", get("name", cell_text))
        _set_if(item, "group", get("group", cell_text))
        _set_if(item, "responsible", get("responsible", cell_text))
        _set_if(item, "source", get("source", cell_text))
        item["verified"] = get("verified", cell_boolean)
        _set_if(item, "note", get("note", cell_text))
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

        number = cell_integer(values.get("criterion"), where("criterion"))
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
        code = cell_indicator_code(values.get("code"), where("code"))
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
        _set_if(item, "name", cell_text(values.get("name"), where("name")))
        kind = cell_choice(kinds, not_a_kind)(
            values.get("kind"), where("kind").with_(indicator=code)
        )
        if kind is None:
            raise InputError(
                _("the kind is missing; write one of {kinds}").format(kinds=", ".join(kinds)),
                where("kind").with_(indicator=code),
            )
        item["kind"] = kind
        measured = kind != IndicatorKind.YES_NO.value
        for key in ("unit", "numerator", "denominator"):
            text = cell_text(values.get(key), where(key))
            needed = measured if key == "unit" else kind == IndicatorKind.RATIO.value
            if text is not None or needed:
                item[key] = text or ""
        comparator = cell_comparator(
            values.get("comparator"), where("comparator").with_(indicator=code)
        )
        if comparator is None and measured:
            raise InputError(
                _("a {kind} indicator needs a comparator: one of {comparators}").format(
                    kind=kind, comparators=", ".join(COMPARATOR_CHOICES)
                ),
                where("comparator").with_(indicator=code),
            )
        if comparator is not None and not measured:
            raise InputError(
                _("a yes_no indicator (Đạt / Chưa đạt) takes no comparator; leave the cell empty"),
                where("comparator").with_(indicator=code),
            )
        _set_if(item, "comparator", comparator)
        _set_if(item, "responsible", cell_text(values.get("responsible"), where("responsible")))
        _set_if(item, "source", cell_text(values.get("source"), where("source")))
        item["verified"] = cell_boolean(values.get("verified"), where("verified"))
        _set_if(item, "note", cell_text(values.get("note"), where("note")))
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

        code = cell_indicator_code(values.get("indicator"), where("indicator"))
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
        item: dict[str, Any] = {"value": cell_decimal(values.get("value"), at("value"))}
        relative = {
            "criteria_set": cell_set_code(
                values.get("relative_to.criteria_set"), at("relative_to.criteria_set")
            ),
            "indicator": cell_indicator_code(
                values.get("relative_to.indicator"), at("relative_to.indicator")
            ),
            "factor": cell_decimal(values.get("relative_to.factor"), at("relative_to.factor")),
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
        regions = cell_regions(values.get("regions"), at("regions"))
        if regions:
            item["regions"] = regions
        groups = cell_commune_groups(values.get("commune_groups"), at("commune_groups"))
        if groups:
            item["commune_groups"] = groups
        years: dict[str, int] = {}
        _set_if(years, "from", cell_integer(values.get("year_from"), at("year_from")))
        _set_if(years, "to", cell_integer(values.get("year_to"), at("year_to")))
        if "from" in years and "to" in years and years["from"] > years["to"]:
            raise InputError(
                _("year_from {year_from} is after year_to {year_to}").format(
                    year_from=years["from"], year_to=years["to"]
                ),
                at("year_from"),
            )
        if years:
            item["years"] = years
        _set_if(item, "source", cell_text(values.get("source"), at("source")))
        item["verified"] = cell_boolean(values.get("verified"), at("verified"))
        _set_if(item, "note", cell_text(values.get("note"), at("note")))
        indicator["thresholds"].append(item)


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
