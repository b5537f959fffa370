"""A review as a table: CSV, or XLSX in the summary-table layout communes use.

``TT | Tiêu chí | Chỉ tiêu | Chuẩn | Kết quả thực hiện | Tự đánh giá | Ghi chú``, in any
order, headers matched without regard to case or accent composition, with words after
the column's name ("Kết quả thực hiện năm 2024", "Tự đánh giá của xã") and bracketed
units ("Kết quả (%)") allowed. A row names its indicator by a code at the start of the
"Chỉ tiêu" cell ("9.1. Tỷ lệ…") or in "TT"; a row under a criterion heading whose
criterion has a single indicator needs no code. An XLSX may carry a sheet "Thông tin"
(Xã, Mã xã, Tỉnh, Vùng, Nhóm xã, Năm, Bộ tiêu chí, Đã công nhận).
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell

from ntm.core.catalog import CriteriaSet, Level
from ntm.core.exceptions import CatalogError, InputError, Location
from ntm.core.i18n import _
from ntm.core.io.review_cells import (
    ReviewDefaults,
    build_reading,
    check_commune_code,
    check_region,
    check_year,
    resolve_criteria_set,
)
from ntm.core.registry import Catalog
from ntm.core.review import Commune, HeldRecognition, Reading, ReviewInput
from ntm.core.values import ParsedValue, Qualifier, normalize_text

__all__ = ["INFO_SHEET", "read_csv_review", "read_xlsx_review"]

#: The sheet name, the header aliases, the info keys and the column names below are the
#: file format (what the readers accept and what ntm writes), not user-interface text: they
#: are not translated, whatever the language, and messages quote them as they are.
INFO_SHEET = "Thông tin"
#: A review table has a few hundred rows; a sheet reaching further holds stray cells.
_MAX_ROWS = 10_000

#: Header words, normalised (lower case, NFC), for each column the readers know.
_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "tt": ("tt", "stt", "số tt", "số thứ tự"),
    "criterion": ("tiêu chí", "tên tiêu chí", "criterion", "tiêu chí số"),
    "indicator": ("chỉ tiêu", "nội dung chỉ tiêu", "mã chỉ tiêu", "nội dung tiêu chí", "indicator"),
    "standard": ("chuẩn", "chỉ tiêu chuẩn", "chỉ tiêu theo quy định", "ngưỡng", "standard"),
    "value": ("kết quả thực hiện", "kết quả", "giá trị", "value", "hiện trạng"),
    "numerator": ("tử số", "numerator"),
    "denominator": ("mẫu số", "denominator"),
    "result": ("result",),
    "verdict": ("tự đánh giá", "đánh giá", "kết quả đánh giá", "verdict", "xã tự đánh giá"),
    "assessment": ("assessment", "đánh giá bởi"),
    "source": ("nguồn", "nguồn số liệu", "source"),
    "note": ("ghi chú", "note"),
    # Written by ntm's own summary table; read back and ignored (the rule recomputes them).
    "computed": ("kết luận rà soát", "đánh giá theo số liệu"),
    "gap": ("còn thiếu",),
}
_ALIAS_TO_COLUMN = {
    alias: column for column, aliases in _HEADER_ALIASES.items() for alias in aliases
}
_ALIASES_LONGEST_FIRST = sorted(_ALIAS_TO_COLUMN, key=len, reverse=True)
_IDENTITY_AND_COMPUTED = frozenset({"tt", "criterion", "indicator", "standard", "computed", "gap"})
_TEXT_COLUMNS = frozenset({"verdict", "assessment", "source", "note", "standard", "computed"})

#: How messages name a column the file does not have.
_DISPLAY_NAMES: dict[str, str] = {
    "tt": "TT",
    "criterion": "Tiêu chí",
    "indicator": "Chỉ tiêu",
    "standard": "Chuẩn",
    "value": "Kết quả thực hiện",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "result": "Kết quả",
    "verdict": "Tự đánh giá",
    "assessment": "Đánh giá bởi",
    "source": "Nguồn",
    "note": "Ghi chú",
    "computed": "Kết luận rà soát",
    "gap": "Còn thiếu",
}

_CODE_AT_START = re.compile(r"^\s*(?:chỉ tiêu\s*)?([A-Za-z]{0,2}\d+(?:\.\d+)*)(?:[.:)\s-]|$)", re.I)
_CRITERION_AT_START = re.compile(r"^\s*(?:tiêu chí\s*(?:số)?\s*)?(\d+)(?:[.:)\s-]|$)", re.I)
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass
class _Row:
    number: int  # 1-based row in the file
    cells: dict[str, Any]


def column_of(header: str) -> str | None:
    """The column a header names: exact alias first, then an alias followed by more words."""
    key = normalize_text(_BRACKETS.sub(" ", header)).rstrip(":").strip()
    if key in _ALIAS_TO_COLUMN:
        return _ALIAS_TO_COLUMN[key]
    for alias in _ALIASES_LONGEST_FIRST:
        if key.startswith(alias + " "):
            return _ALIAS_TO_COLUMN[alias]
    return None


def _header_map(header: Sequence[Any], *, name: str, sheet: str | None, row: int) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for index, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        text = str(cell).strip()
        column = column_of(text)
        where = Location(file=name, sheet=sheet, row=row, column=text)
        if column is None:
            known = ", ".join(
                _DISPLAY_NAMES[c] for c in _HEADER_ALIASES if c not in ("computed", "gap")
            )
            raise InputError(
                _("unknown column '{header}'; the known columns are: {known}").format(
                    header=text, known=known
                ),
                where,
            )
        if column in mapping.values():
            raise InputError(
                _("two columns mean '{column}'").format(column=_DISPLAY_NAMES[column]), where
            )
        mapping[index] = column
    if not {"tt", "criterion", "indicator"} & set(mapping.values()):
        raise InputError(
            _("no column says which indicator a row is for ('TT', 'Tiêu chí' or 'Chỉ tiêu')"),
            Location(file=name, sheet=sheet, row=row),
        )
    if not {"value", "verdict", "numerator"} & set(mapping.values()):
        raise InputError(
            _("no column holds a result ('Kết quả thực hiện', 'Tự đánh giá' or 'Tử số')"),
            Location(file=name, sheet=sheet, row=row),
        )
    return mapping


def _rows_to_readings(
    rows: Iterator[_Row],
    columns: Mapping[int, str],
    *,
    headers: Mapping[int, str],
    criteria_set: CriteriaSet,
    model_set: CriteriaSet | None,
    name: str,
    sheet: str | None,
) -> list[Reading]:
    header_of = dict(_DISPLAY_NAMES)
    header_of.update(
        {column: headers.get(index, _DISPLAY_NAMES[column]) for index, column in columns.items()}
    )
    readings: list[Reading] = []
    current_criterion: int | None = None
    for row in rows:
        cells = row.cells
        if all(_blank(value) for value in cells.values()):
            continue
        where = Location(file=name, sheet=sheet, row=row.number)

        def at(key: str, where: Location = where) -> Location:
            return where.with_(column=header_of.get(key, key))

        code, criterion = _row_identity(cells, criteria_set, model_set, at)
        if criterion is not None:
            current_criterion = criterion
        if all(_blank(cells.get(key)) for key in ("value", "verdict", "numerator", "denominator")):
            continue  # a heading row: the criterion's name alone
        if code is None:
            criterion = criterion if criterion is not None else current_criterion
            if criterion is None:
                raise InputError(_("this row names no criterion or indicator"), at("indicator"))
            value_given = not all(
                _blank(cells.get(key)) for key in ("value", "numerator", "denominator")
            )
            single = _single_indicator(criteria_set, criterion)
            if value_given and single is not None:
                code = single
            elif value_given and criteria_set.has_criterion(criterion):
                codes = ", ".join(i.code for i in criteria_set.criterion(criterion).indicators)
                raise InputError(
                    _(
                        "criterion {criterion} has indicators {codes}: write the indicator's "
                        "code at the start of the 'Chỉ tiêu' cell (e.g. '{criterion}.1. …')"
                    ).format(criterion=criterion, codes=codes or _("(none known)")),
                    at("indicator"),
                )
        readings.append(
            build_reading(
                criteria_set,
                model_set,
                indicator=code,
                criterion=criterion,
                cells={k: v for k, v in cells.items() if k not in _IDENTITY_AND_COMPUTED},
                where=where,
                at=at,
            )
        )
    return readings


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_texts(header: Sequence[Any]) -> dict[int, str]:
    return {
        index: str(cell).strip()
        for index, cell in enumerate(header)
        if cell is not None and str(cell).strip()
    }


def _single_indicator(criteria_set: CriteriaSet, number: int) -> str | None:
    try:
        criterion = criteria_set.criterion(number)
    except CatalogError:
        return None
    if len(criterion.indicators) == 1:
        return criterion.indicators[0].code
    return None


def _row_identity(
    cells: Mapping[str, Any],
    criteria_set: CriteriaSet,
    model_set: CriteriaSet | None,
    at: Callable[[str], Location],
) -> tuple[str | None, int | None]:
    """(indicator code, criterion number) that a row names, from Chỉ tiêu, TT and Tiêu chí.

    The cells must agree: a TT of 9.1 beside a Chỉ tiêu of 14.1 is an error, as is a
    Tiêu chí of 9 beside indicator 14.1.
    """
    sets = [criteria_set] + ([model_set] if model_set is not None else [])

    def known(code: str) -> bool:
        return any(s.has_indicator(code) for s in sets)

    codes: dict[str, str] = {}  # column → code
    criteria: dict[str, int] = {}  # column → criterion number
    for key in ("indicator", "tt"):
        text = _identity_text(cells.get(key), key, known, at)
        if text is None:
            continue
        match = _CODE_AT_START.match(text)
        if match is None:
            continue
        candidate = match.group(1)
        if candidate.isdigit() and not (key == "indicator" and known(candidate)):
            criteria[key] = int(candidate)
            continue
        if not known(candidate):
            raise InputError(
                _("unknown indicator code '{code}' for set {criteria_set}").format(
                    code=candidate, criteria_set=criteria_set.code
                ),
                at(key),
            )
        codes[key] = candidate
    criterion_text = _identity_text(cells.get("criterion"), "criterion", known, at)
    if criterion_text is not None:
        match = _CRITERION_AT_START.match(criterion_text)
        if match is not None:
            criteria["criterion"] = int(match.group(1))
    if len(set(codes.values())) > 1:
        raise InputError(
            _("the row names two indicators: {tt_code} in TT and {code}").format(
                tt_code=codes["tt"], code=codes["indicator"]
            ),
            at("indicator"),
        )
    code = next(iter(codes.values()), None)
    numbers = set(criteria.values())
    if code is not None:
        # A criterion number beside an indicator code must be that indicator's criterion.
        holder = next(s.indicator(code).criterion for s in sets if s.has_indicator(code))
        for key, number in criteria.items():
            if number != holder:
                raise InputError(
                    _("indicator {code} belongs to criterion {criterion}, not {given}").format(
                        code=code, criterion=holder, given=number
                    ),
                    at(key),
                )
        return code, holder
    if len(numbers) > 1:
        raise InputError(
            _("the row names two criteria: {numbers}").format(
                numbers=", ".join(map(str, sorted(numbers)))
            ),
            at("criterion"),
        )
    return None, next(iter(numbers), None)


def _identity_text(
    raw: Any, key: str, known: Callable[[str], bool], at: Callable[[str], Location]
) -> str | None:
    """The text of an identity cell; numbers typed into a spreadsheet cell are checked."""
    if _blank(raw):
        return None
    if isinstance(raw, bool | datetime.date | datetime.time):
        raise InputError(
            _("'{text}' is not a criterion number or indicator code").format(text=raw), at(key)
        )
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise InputError(
                _("'{text}' is not a criterion number or indicator code").format(text=raw),
                at(key),
            )
        if raw.is_integer():
            return str(int(raw))
        typed = repr(raw)
        # Excel drops trailing zeros: 17.10 typed as a number arrives as 17.1.
        longer = [f"{typed}{'0' * zeros}" for zeros in (1, 2)]
        if any(known(code) for code in longer):
            raise InputError(
                _(
                    "'{text}' is a number cell, and the code may have been {code} before "
                    "the spreadsheet dropped its trailing zero: format the column as text"
                ).format(text=typed, code=longer[0]),
                at(key),
            )
        if key == "criterion":
            raise InputError(
                _("'{text}' is not a whole criterion number").format(text=typed), at(key)
            )
        return typed
    if isinstance(raw, ParsedValue):
        return raw.raw
    return str(raw)


def _defaults_set(
    catalog: Catalog, defaults: ReviewDefaults, name: str, info: Mapping[str, Any] | None = None
) -> tuple[CriteriaSet, CriteriaSet | None]:
    code = defaults.criteria_set or (info or {}).get("criteria_set")
    if not code:
        message = (
            _("the file does not say which criteria set it uses: give --set CODE")
            if info is None
            else _(
                "the file does not say which criteria set it uses: give --set CODE "
                "or a 'Bộ tiêu chí' line in sheet '{sheet}'"
            ).format(sheet=INFO_SHEET)
        )
        raise InputError(message, Location(file=name))
    criteria_set = resolve_criteria_set(catalog, str(code).strip(), Location(file=name))
    return criteria_set, catalog.model_set_for(criteria_set)


def _review_from_defaults(
    defaults: ReviewDefaults,
    criteria_set: CriteriaSet,
    readings: Sequence[Reading],
    name: str,
    info: Mapping[str, Any],
) -> ReviewInput:
    year = defaults.year or info.get("year")
    if year is None:
        raise InputError(
            _("the file does not say the review year: give --year N"), Location(file=name)
        )
    return ReviewInput(
        commune=Commune(
            name=defaults.commune or info.get("commune") or _("(commune name not given)"),
            code=defaults.commune_code or info.get("commune_code"),
            province=info.get("province", ""),
            region=defaults.region or info.get("region"),
            commune_group=defaults.commune_group or info.get("commune_group"),
        ),
        year=check_year(int(year), Location(file=name, field="year")),
        criteria_set=criteria_set.code,
        readings=tuple(readings),
        recognitions=defaults.recognitions + tuple(info.get("recognitions", ())),
        title=info.get("title", ""),
        file=name,
    )


# --- CSV ---------------------------------------------------------------------------------


def read_csv_review(
    text: str, *, name: str, catalog: Catalog, defaults: ReviewDefaults
) -> tuple[ReviewInput, CriteriaSet]:
    """Read a CSV review (comma, semicolon or tab separated); the set and year come from
    ``defaults``.

    Raises:
        InputError: a bad header, row or cell (named by row and column).
    """
    # Old Mac files end lines with a bare CR; the csv module wants \\n.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    dialect: type[csv.Dialect]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InputError(
            _("not a readable CSV file: {reason}").format(reason=error),
            Location(file=name, row=reader.line_num),
        ) from None
    if not rows:
        raise InputError(_("the file is empty"), Location(file=name))
    columns = _header_map(rows[0], name=name, sheet=None, row=1)
    criteria_set, model_set = _defaults_set(catalog, defaults, name)
    width = len(rows[0])
    comma = dialect.delimiter == ","

    def iterate() -> Iterator[_Row]:
        for index, row in enumerate(rows[1:], start=2):
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                raise InputError(
                    _(
                        "the row has {cells} cells but the header has {width} "
                        '(a decimal comma in a comma-separated file? quote the value: "12,5")'
                    ).format(cells=len(row), width=width),
                    Location(file=name, row=index),
                )
            if comma:
                _check_split_decimal(row, columns, Location(file=name, row=index))
            yield _Row(index, {columns[i]: cell for i, cell in enumerate(row) if i in columns})

    readings = _rows_to_readings(
        iterate(),
        columns,
        headers=_header_texts(rows[0]),
        criteria_set=criteria_set,
        model_set=model_set,
        name=name,
        sheet=None,
    )
    return _review_from_defaults(defaults, criteria_set, readings, name, {}), criteria_set


_DIGITS = re.compile(r"^\d+$")


def _check_split_decimal(row: Sequence[str], columns: Mapping[int, str], where: Location) -> None:
    """An unquoted "0,5" in a comma-separated file splits into "0" and "5": refuse a number
    in a numeric column followed by bare digits in a text column."""
    for index in range(len(row) - 1):
        this, following = columns.get(index), columns.get(index + 1)
        if (
            this in ("value", "numerator", "denominator")
            and following in _TEXT_COLUMNS
            and _DIGITS.match(row[index].strip() or "x")
            and _DIGITS.match(row[index + 1].strip() or "x")
        ):
            whole, fraction = row[index].strip(), row[index + 1].strip()
            raise InputError(
                _(
                    "'{whole}' then '{fraction}': a decimal comma in a comma-separated file? "
                    'quote the value: "{whole},{fraction}"'
                ).format(whole=whole, fraction=fraction),
                where.with_(column=_DISPLAY_NAMES[this]),
            )


# --- XLSX --------------------------------------------------------------------------------

_INFO_KEYS: dict[str, str] = {
    "xã": "commune",
    "tên xã": "commune",
    "commune": "commune",
    "mã xã": "commune_code",
    "mã đơn vị hành chính": "commune_code",
    "tỉnh": "province",
    "vùng": "region",
    "nhóm xã": "commune_group",
    "năm": "year",
    "năm đánh giá": "year",
    "bộ tiêu chí": "criteria_set",
    "tiêu đề": "title",
    "đã công nhận": "recognitions",
}


def read_xlsx_review(
    content: bytes, *, name: str, catalog: Catalog, defaults: ReviewDefaults
) -> tuple[ReviewInput, CriteriaSet]:
    """Read an XLSX review: the one sheet with a summary-table header, and "Thông tin".

    Raises:
        InputError: an unreadable workbook, no or several reading sheets, a bad cell.
    """
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise InputError(
            _("not a readable XLSX spreadsheet ({error_type}: {reason})").format(
                error_type=type(error).__name__, reason=error
            ),
            Location(file=name),
        ) from None
    info = _read_info(workbook, name)
    candidates = []
    for worksheet in workbook.worksheets:
        if worksheet.title == INFO_SHEET:
            continue
        header_row = _find_header_row(worksheet)
        if header_row is not None:
            candidates.append((worksheet, header_row))
    if not candidates:
        raise InputError(
            _(
                "no sheet has a header row in its first 15 rows: expected columns such as "
                "'TT | Tiêu chí | Chỉ tiêu | Chuẩn | Kết quả thực hiện | Tự đánh giá | Ghi chú'"
            ),
            Location(file=name, sheet=workbook.worksheets[0].title),
        )
    if len(candidates) > 1:
        titles = ", ".join(f"'{sheet.title}'" for sheet, _row in candidates)
        raise InputError(
            _("several sheets look like review tables ({titles}): keep one in the file").format(
                titles=titles
            ),
            Location(file=name),
        )
    sheet, header_row = candidates[0]
    if sheet.max_row > _MAX_ROWS:
        raise InputError(
            _(
                "the sheet reaches row {row}: a review table has at most a few hundred "
                "rows; delete the stray cells below the table"
            ).format(row=sheet.max_row),
            Location(file=name, sheet=sheet.title),
        )
    header = [cell.value for cell in sheet[header_row]]
    columns = _header_map(header, name=name, sheet=sheet.title, row=header_row)
    criteria_set, model_set = _defaults_set(catalog, defaults, name, info)
    width = max(columns) + 1

    def iterate() -> Iterator[_Row]:
        for row in sheet.iter_rows(min_row=header_row + 1, max_col=width):
            cells: dict[str, Any] = {}
            for index, cell in enumerate(row):
                if index in columns:
                    cells[columns[index]] = _cell_value(cell, columns[index])
            yield _Row(int(row[0].row or 0) if row else 0, cells)

    readings = _rows_to_readings(
        iterate(),
        columns,
        headers=_header_texts(header),
        criteria_set=criteria_set,
        model_set=model_set,
        name=name,
        sheet=sheet.title,
    )
    return _review_from_defaults(defaults, criteria_set, readings, name, info), criteria_set


def _cell_value(cell: Cell | MergedCell, column: str) -> Any:
    value = cell.value
    if (
        column == "value"
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and (not isinstance(value, float) or math.isfinite(value))
        and "%" in (cell.number_format or "")
    ):
        # A cell formatted as a percentage holds 0.955 for 95.5%.
        number = (Decimal(repr(value)) * 100).normalize()
        return ParsedValue(
            number=number, qualifier=Qualifier.EXACT, percent=True, raw=f"{number:f}%"
        )
    return value


def _find_header_row(sheet: Any) -> int | None:
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 15), max_col=60):
        keys = {column_of(str(cell.value)) for cell in row if cell.value is not None}
        if {"tt", "criterion", "indicator"} & keys and {"value", "verdict", "numerator"} & keys:
            return int(row[0].row)
    return None


def _read_info(workbook: Any, name: str) -> dict[str, Any]:
    if INFO_SHEET not in workbook.sheetnames:
        return {}
    sheet = workbook[INFO_SHEET]
    info: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 200), max_col=2):
        if len(row) < 2 or row[0].value is None:
            continue
        key = _INFO_KEYS.get(normalize_text(str(row[0].value)).rstrip(":"))
        value = row[1].value
        if key is None or value is None:
            continue
        line = int(row[0].row or 0)
        where = Location(file=name, sheet=INFO_SHEET, row=line, column="B")
        if key in seen:
            raise InputError(
                _("'{key}' is given twice (first on row {row})").format(
                    key=row[0].value, row=seen[key]
                ),
                where,
            )
        seen[key] = line
        info[key] = _info_value(key, value, where)
    return info


def _info_value(key: str, value: Any, where: Location) -> Any:
    text = str(value).strip()
    if key == "year":
        return check_year(_whole(value, where), where)
    if key == "commune_group":
        group = _whole(value, where)
        if group not in (1, 2, 3):
            raise InputError(
                _("'{text}' is not a commune group (1, 2 or 3)").format(text=text), where
            )
        return group
    if key == "region":
        return check_region(text, where)
    if key == "commune_code":
        return check_commune_code(
            str(int(value)).zfill(5) if isinstance(value, int) else text, where
        )
    if key == "recognitions":
        return tuple(_parse_recognitions(text, where))
    return text


def _whole(value: Any, where: Location) -> int:
    if isinstance(value, bool):
        raise InputError(_("'{text}' is not a whole number").format(text=value), where)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise InputError(_("'{text}' is not a whole number").format(text=value), where) from None


def _parse_recognitions(text: str, where: Location) -> Iterator[HeldRecognition]:
    """ "basic:2018, advanced:2023" → recognitions held."""
    for part in text.split(","):
        level, _colon, year = part.strip().partition(":")
        try:
            yield HeldRecognition(
                level=Level(level.strip()),
                year=check_year(int(year), where) if year.strip() else None,
            )
        except ValueError:
            # The level words are the words the reader accepts: not translated.
            raise InputError(
                _("'{text}' is not LEVEL:YEAR with LEVEL one of basic, advanced, model").format(
                    text=part.strip()
                ),
                where,
            ) from None
