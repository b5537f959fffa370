"""Read a review from YAML, CSV or XLSX into a :class:`~ntm.core.review.ReviewInput`.

Three writings of the same thing:

- YAML (``schema: ntm-review/1``), the full form: commune, year, set, recognitions held,
  the document's overall claim, and readings;
- CSV with one reading a row;
- XLSX in the layout communes already use for their summary table:
  ``TT | Tiêu chí | Chỉ tiêu | Chuẩn | Kết quả thực hiện | Tự đánh giá | Ghi chú``, with
  an optional sheet "Thông tin" of key/value pairs (xã, mã xã, tỉnh, vùng, năm, bộ tiêu
  chí). ``ntm review --format xlsx`` writes that same layout, so it reads back.

Column headers are matched without regard to case, accents' composition or extra words
(see ``_HEADER_ALIASES``); the CSV layout accepts the same headers. Numbers may be written
the Vietnamese way ("12,5", "1.234,5", "95%", "> 97%", "gần 98%").

Every error names the file, the sheet, the row and the column, and what is wrong.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import openpyxl
from openpyxl.cell.cell import Cell, MergedCell

from ntm.core.catalog import CriteriaSet, IndicatorKind, Level
from ntm.core.exceptions import CatalogError, InputError, Location
from ntm.core.registry import Catalog
from ntm.core.review import Assessment, Claim, Commune, HeldRecognition, Reading, ReviewInput
from ntm.core.values import (
    ParsedValue,
    Qualifier,
    Verdict,
    normalize_text,
    parse_decimal,
    parse_value,
    parse_verdict,
)
from ntm.core.yamlio import load_yaml

__all__ = ["ReviewDefaults", "read_review", "read_review_bytes"]

_XLSX_MAGIC = b"PK\x03\x04"
INFO_SHEET = "Thông tin"


@dataclass(frozen=True)
class ReviewDefaults:
    """What the command line adds to or overrides in a file: set, year, commune, region."""

    criteria_set: str | None = None
    year: int | None = None
    commune: str | None = None
    commune_code: str | None = None
    region: str | None = None
    commune_group: int | None = None
    recognitions: tuple[HeldRecognition, ...] = field(default_factory=tuple)


def read_review(
    path: str, *, catalog: Catalog, defaults: ReviewDefaults | None = None
) -> tuple[ReviewInput, CriteriaSet]:
    """Read a review file (by its content; the extension only tells YAML from CSV).

    Returns:
        The review and the effective criteria set it names.

    Raises:
        InputError: the file cannot be read, is of the wrong type, or holds a bad value.
        CatalogError: it names an unknown set.
    """
    try:
        with open(path, "rb") as handle:
            content = handle.read()
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror}", Location(file=path)) from None
    return read_review_bytes(content, name=path, catalog=catalog, defaults=defaults)


def read_review_bytes(
    content: bytes, *, name: str, catalog: Catalog, defaults: ReviewDefaults | None = None
) -> tuple[ReviewInput, CriteriaSet]:
    """Read a review from bytes; ``name`` is used for the type and in messages.

    Raises:
        InputError, CatalogError: as :func:`read_review`.
    """
    defaults = defaults or ReviewDefaults()
    lower = name.lower()
    if content.startswith(_XLSX_MAGIC):
        if not lower.endswith((".xlsx", ".xlsm")):
            raise InputError(
                "this is a spreadsheet (XLSX) but its name does not end in .xlsx",
                Location(file=name),
            )
        return _read_xlsx(content, name=name, catalog=catalog, defaults=defaults)
    if lower.endswith((".xlsx", ".xlsm", ".xls")):
        raise InputError(
            "not a spreadsheet: an .xlsx file is a ZIP archive and this one is not "
            "(an old .xls or a renamed file? save it again as .xlsx)",
            Location(file=name),
        )
    text = _decode(content, name)
    if lower.endswith((".yaml", ".yml")):
        return _read_yaml(text, name=name, catalog=catalog, defaults=defaults)
    if lower.endswith(".csv"):
        return _read_csv(text, name=name, catalog=catalog, defaults=defaults)
    raise InputError(
        "unknown file type: a review is a .yaml, .csv or .xlsx file", Location(file=name)
    )


def _decode(content: bytes, name: str) -> str:
    if b"\x00" in content[:4096]:
        raise InputError("not a text file (it holds binary data)", Location(file=name))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 text (byte {error.start + 1}); save the file as UTF-8",
            Location(file=name),
        ) from None


# --- YAML -------------------------------------------------------------------------------


@cache
def _review_validator() -> jsonschema.protocols.Validator:
    text = resources.files("ntm.core").joinpath("schemas/review.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def _read_yaml(
    text: str, *, name: str, catalog: Catalog, defaults: ReviewDefaults
) -> tuple[ReviewInput, CriteriaSet]:
    data = load_yaml(text, file=name)
    if not isinstance(data, dict):
        raise InputError("a review file must hold a mapping", Location(file=name))
    error = jsonschema.exceptions.best_match(_review_validator().iter_errors(data))
    if error is not None:
        path = list(error.absolute_path)
        where = Location(file=name, field=_json_path(path) or None)
        if len(path) >= 2 and path[0] == "readings" and isinstance(path[1], int):
            item = data["readings"][path[1]]
            code = item.get("indicator") if isinstance(item, dict) else None
            where = where.with_(indicator=None if code is None else str(code))
        message = error.message
        if error.validator == "additionalProperties":
            message = "unknown field: " + message.split("(")[-1].rstrip(")")
        elif error.validator == "required":
            message = message.replace("is a required property", "is missing")
        raise InputError(message, where)
    commune_data = data["commune"]
    commune = Commune(
        name=commune_data["name"],
        code=defaults.commune_code or commune_data.get("code"),
        province=commune_data.get("province", ""),
        region=defaults.region or commune_data.get("region"),
        commune_group=defaults.commune_group or commune_data.get("commune_group"),
    )
    set_code = defaults.criteria_set or data["criteria_set"]
    year = defaults.year or data["year"]
    criteria_set = _criteria_set(catalog, set_code, Location(file=name, field="criteria_set"))
    model_set = catalog.model_set_for(criteria_set)
    readings = []
    for index, item in enumerate(data["readings"]):
        where = Location(file=name, field=f"readings[{index}]")
        cells = {key: value for key, value in item.items() if key != "indicator"}
        indicator = item.get("indicator")
        readings.append(
            _build_reading(
                criteria_set,
                model_set,
                indicator=None if indicator is None else str(indicator),
                criterion=item.get("criterion"),
                cells=cells,
                where=where,
                field_location=_field_at(where),
            )
        )
    recognitions = (
        tuple(
            HeldRecognition(
                level=Level(item["level"]),
                year=item.get("year"),
                decision=item.get("decision", ""),
                source=item.get("source", ""),
            )
            for item in data.get("recognitions", ())
        )
        + defaults.recognitions
    )
    claim_data = data.get("claim")
    claim = (
        None
        if claim_data is None
        else Claim(
            criteria_met=claim_data.get("criteria_met"),
            level=None if "level" not in claim_data else Level(claim_data["level"]),
            source=claim_data.get("source", ""),
        )
    )
    review = ReviewInput(
        commune=commune,
        year=year,
        criteria_set=criteria_set.code,
        readings=tuple(readings),
        recognitions=recognitions,
        claim=claim,
        title=data.get("title", ""),
        source=data.get("source", ""),
        file=name,
    )
    return review, criteria_set


def _field_at(where: Location) -> Callable[[str], Location]:
    def at(key: str) -> Location:
        return where.with_(field=f"{where.field}.{key}")

    return at


def _json_path(path: Sequence[Any]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _criteria_set(catalog: Catalog, code: str, where: Location) -> CriteriaSet:
    try:
        return catalog.criteria_set(code)
    except CatalogError as error:
        raise InputError(error.message, where) from None


# --- readings from cells ------------------------------------------------------------------

_CODE_AT_START = re.compile(r"^\s*(?:chỉ tiêu\s*)?([A-Za-z]{0,2}\d+(?:\.\d+)*)(?:[.:)\s-]|$)", re.I)
_CRITERION_AT_START = re.compile(r"^\s*(?:tiêu chí\s*(?:số)?\s*)?(\d+)(?:[.:)\s-]|$)", re.I)


def _build_reading(
    criteria_set: CriteriaSet,
    model_set: CriteriaSet | None,
    *,
    indicator: str | None,
    criterion: int | None,
    cells: Mapping[str, Any],
    where: Location,
    field_location: Callable[[str], Location],
) -> Reading:
    """Turn one row's cells (value, numerator, denominator, result, verdict, …) into a Reading."""
    sets = [criteria_set] + ([model_set] if model_set is not None else [])
    indicator_obj = None
    if indicator is not None:
        indicator_obj = next(
            (s.indicator(indicator) for s in sets if s.has_indicator(indicator)), None
        )
        if indicator_obj is None:
            raise InputError(
                f"unknown indicator code '{indicator}' for set {criteria_set.code}",
                field_location("indicator"),
            )
        if criterion is not None and criterion != indicator_obj.criterion:
            raise InputError(
                f"indicator {indicator} belongs to criterion {indicator_obj.criterion}, "
                f"not {criterion}",
                field_location("criterion"),
            )
        criterion = indicator_obj.criterion
    elif criterion is None:  # pragma: no cover - the callers require one of them
        raise InputError("a reading needs an indicator or a criterion", where)
    elif not any(c.number == criterion for c in criteria_set.criteria):
        raise InputError(
            f"criterion {criterion} is not in set {criteria_set.code} "
            f"({criteria_set.criteria_count} criteria)",
            field_location("criterion"),
        )

    def text(key: str) -> str | None:
        raw = cells.get(key)
        if raw is None:
            return None
        if isinstance(raw, str):
            stripped = raw.strip()
            return stripped or None
        return str(raw)

    value: ParsedValue | None = None
    result: Verdict | None = None
    raw_value = cells.get("value")
    if isinstance(raw_value, str) and not raw_value.strip():
        raw_value = None
    if raw_value is not None:
        if indicator_obj is None:
            codes = [i.code for i in criteria_set.criterion(criterion).indicators]
            raise InputError(
                f"a value needs an indicator: criterion {criterion} has indicators "
                f"{', '.join(codes) or '(none known)'}",
                field_location("value"),
            )
        if indicator_obj.kind is IndicatorKind.YES_NO:
            try:
                result = parse_verdict(str(raw_value), location=field_location("value"))
            except InputError:
                # A figure for a yes/no indicator ("86%"): kept, shown, not evaluated.
                try:
                    value = _value(raw_value, field_location("value"))
                except InputError:
                    raise InputError(
                        f"'{raw_value}' is neither a verdict ('Đạt', 'Chưa đạt', 'Cơ bản đạt') "
                        f"nor a number; indicator {indicator_obj.code} is met or not met",
                        field_location("value"),
                    ) from None
        else:
            value = _value(raw_value, field_location("value"))
            if value.percent and indicator_obj.unit != "%":
                raise InputError(
                    f"'{value.raw}' is a percentage, but indicator {indicator_obj.code} is "
                    f"measured in {indicator_obj.unit or 'a count'}",
                    field_location("value"),
                )
    numerator = _count(cells.get("numerator"), field_location("numerator"))
    denominator = _count(cells.get("denominator"), field_location("denominator"))
    if (numerator is None) != (denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        raise InputError(
            "a ratio needs both a numerator and a denominator", field_location(missing)
        )
    if denominator is not None and numerator is not None:
        if denominator == 0:
            raise InputError(
                "the denominator is 0: a ratio cannot be computed", field_location("denominator")
            )
        if numerator > denominator:
            raise InputError(
                f"the numerator ({numerator}) is larger than the denominator ({denominator})",
                field_location("numerator"),
            )
        if indicator_obj is None or indicator_obj.kind is not IndicatorKind.RATIO:
            raise InputError(
                "a numerator and denominator are only for ratio indicators",
                field_location("numerator"),
            )
    if "result" in cells and text("result") is not None:
        result = parse_verdict(text("result") or "", location=field_location("result"))
    verdict_text = text("verdict")
    verdict = (
        None
        if verdict_text is None
        else parse_verdict(verdict_text, location=field_location("verdict"))
    )
    assessment_text = text("assessment")
    try:
        assessment = Assessment(assessment_text) if assessment_text else Assessment.SELF_ASSESSED
    except ValueError:
        raise InputError(
            f"'{assessment_text}' is not one of self_assessed, verified, appraised",
            field_location("assessment"),
        ) from None
    return Reading(
        criterion=criterion,
        indicator=None if indicator_obj is None else indicator_obj.code,
        value=value,
        numerator=numerator,
        denominator=denominator,
        result=result,
        verdict=verdict,
        assessment=assessment,
        source=text("source") or "",
        note=text("note") or "",
        location=where,
    )


def _value(raw: Any, where: Location) -> ParsedValue:
    if isinstance(raw, ParsedValue):
        return raw
    if isinstance(raw, float):
        # A spreadsheet's number: its shortest repr is the number the user typed.
        number = Decimal(repr(raw))
        return ParsedValue(number=number, raw=f"{number:f}".replace(".", ","))
    if isinstance(raw, int | Decimal):
        return parse_value(raw, location=where)
    return parse_value(str(raw), location=where)


def _count(raw: Any, where: Location) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, float):
        if not raw.is_integer():
            raise InputError(f"'{raw}' is not a whole count", where)
        raw = int(raw)
    number = parse_decimal(raw if isinstance(raw, int) else str(raw), location=where)
    if number < 0:
        raise InputError(f"'{raw}' is negative; a count cannot be", where)
    if number != number.to_integral_value():
        raise InputError(f"'{raw}' is not a whole count", where)
    return number


# --- tables (CSV and XLSX) ---------------------------------------------------------------

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
_IDENTITY_AND_COMPUTED = frozenset({"tt", "criterion", "indicator", "standard", "computed", "gap"})
_ALIAS_TO_COLUMN = {
    alias: column for column, aliases in _HEADER_ALIASES.items() for alias in aliases
}


@dataclass
class _Row:
    number: int  # 1-based row in the file
    cells: dict[str, Any]


def _header_map(header: Sequence[Any], *, name: str, sheet: str | None, row: int) -> dict[int, str]:
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        key = normalize_text(str(cell)).rstrip(":")
        column = _ALIAS_TO_COLUMN.get(key)
        if column is None:
            unknown.append(str(cell).strip())
            continue
        if column in mapping.values():
            raise InputError(
                f"two columns mean '{column}'",
                Location(file=name, sheet=sheet, row=row, column=str(cell).strip()),
            )
        mapping[index] = column
    if unknown:
        known = ", ".join(aliases[0] for aliases in _HEADER_ALIASES.values())
        raise InputError(
            f"unknown column '{unknown[0]}'; the known columns are: {known}",
            Location(file=name, sheet=sheet, row=row, column=unknown[0]),
        )
    if not {"tt", "criterion", "indicator"} & set(mapping.values()):
        raise InputError(
            "no column says which indicator a row is for ('TT', 'Tiêu chí' or 'Chỉ tiêu')",
            Location(file=name, sheet=sheet, row=row),
        )
    if not {"value", "verdict", "numerator"} & set(mapping.values()):
        raise InputError(
            "no column holds a result ('Kết quả thực hiện', 'Tự đánh giá' or 'Tử số')",
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
        if all(
            value is None or (isinstance(value, str) and not value.strip())
            for value in cells.values()
        ):
            continue
        where = Location(file=name, sheet=sheet, row=row.number)

        def at(key: str, where: Location = where) -> Location:
            return where.with_(column=header_of.get(key, key))

        code, criterion = _row_identity(cells, criteria_set, model_set, at)
        if criterion is not None:
            current_criterion = criterion
        has_result = any(
            cells.get(key) is not None and str(cells.get(key)).strip()
            for key in ("value", "verdict", "numerator", "denominator", "result")
        )
        if not has_result:
            continue  # a heading row: the criterion's name alone
        if code is None:
            criterion = criterion if criterion is not None else current_criterion
            if criterion is None:
                raise InputError("this row names no criterion or indicator", at("indicator"))
            single = _single_indicator(criteria_set, criterion)
            value_given = any(
                cells.get(key) is not None and str(cells.get(key)).strip()
                for key in ("value", "numerator", "denominator")
            )
            if value_given and single is not None:
                code = single
            elif value_given and criterion in {c.number for c in criteria_set.criteria}:
                codes = ", ".join(i.code for i in criteria_set.criterion(criterion).indicators)
                raise InputError(
                    f"criterion {criterion} has indicators {codes or '(none known)'}: "
                    "write the indicator's code at the start of the 'Chỉ tiêu' cell (e.g. "
                    f"'{criterion}.1. …')",
                    at("indicator"),
                )
        reading_cells = {
            key: value for key, value in cells.items() if key not in _IDENTITY_AND_COMPUTED
        }
        readings.append(
            _build_reading(
                criteria_set,
                model_set,
                indicator=code,
                criterion=None
                if code is not None
                else (criterion if criterion is not None else current_criterion),
                cells=reading_cells,
                where=where,
                field_location=at,
            )
        )
    return readings


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
    """(indicator code, criterion number) that a row names, from TT, Chỉ tiêu and Tiêu chí."""
    sets = [criteria_set] + ([model_set] if model_set is not None else [])

    def known(code: str) -> bool:
        return any(s.has_indicator(code) for s in sets)

    code: str | None = None
    criterion: int | None = None
    for key in ("indicator", "tt"):
        raw = cells.get(key)
        if raw is None:
            continue
        if isinstance(raw, float) and not raw.is_integer():
            raw = repr(raw)  # "9.1" typed into a number cell
        elif isinstance(raw, float | int):
            raw = str(int(raw))
        match = _CODE_AT_START.match(str(raw))
        if match is None:
            continue
        candidate = match.group(1)
        if key == "indicator" and candidate.isdigit() and known(candidate):
            code = candidate  # a single-indicator criterion's code, e.g. "10"
            break
        if "." in candidate or not candidate.isdigit():
            if not known(candidate):
                raise InputError(
                    f"unknown indicator code '{candidate}' for set {criteria_set.code}", at(key)
                )
            code = candidate
            break
        criterion = int(candidate)
    raw_criterion = cells.get("criterion")
    if raw_criterion is not None:
        match = _CRITERION_AT_START.match(
            str(int(raw_criterion))
            if isinstance(raw_criterion, float | int)
            else str(raw_criterion)
        )
        if match is not None:
            criterion = int(match.group(1))
    return code, criterion


def _read_csv(
    text: str, *, name: str, catalog: Catalog, defaults: ReviewDefaults
) -> tuple[ReviewInput, CriteriaSet]:
    dialect: type[csv.Dialect]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise InputError("the file is empty", Location(file=name))
    columns = _header_map(rows[0], name=name, sheet=None, row=1)
    criteria_set, model_set = _defaults_set(catalog, defaults, name)
    width = len(rows[0])

    def iterate() -> Iterator[_Row]:
        for index, row in enumerate(rows[1:], start=2):
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                raise InputError(
                    f"the row has {len(row)} cells but the header has {width} "
                    '(a decimal comma in a comma-separated file? quote the value: "12,5")',
                    Location(file=name, row=index),
                )
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


def _defaults_set(
    catalog: Catalog, defaults: ReviewDefaults, name: str, info: Mapping[str, Any] | None = None
) -> tuple[CriteriaSet, CriteriaSet | None]:
    code = defaults.criteria_set or (info or {}).get("criteria_set")
    if not code:
        raise InputError(
            "the file does not say which criteria set it uses: give --set CODE"
            + (f" or a 'Bộ tiêu chí' line in sheet '{INFO_SHEET}'" if info is not None else ""),
            Location(file=name),
        )
    criteria_set = _criteria_set(catalog, str(code).strip(), Location(file=name))
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
            "the file does not say the review year: give --year N", Location(file=name)
        )
    return ReviewInput(
        commune=Commune(
            name=defaults.commune or info.get("commune") or "(xã chưa ghi tên)",
            code=defaults.commune_code or info.get("commune_code"),
            province=info.get("province", ""),
            region=defaults.region or info.get("region"),
            commune_group=defaults.commune_group or info.get("commune_group"),
        ),
        year=int(year),
        criteria_set=criteria_set.code,
        readings=tuple(readings),
        recognitions=defaults.recognitions + tuple(info.get("recognitions", ())),
        title=info.get("title", ""),
        file=name,
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


def _read_xlsx(
    content: bytes, *, name: str, catalog: Catalog, defaults: ReviewDefaults
) -> tuple[ReviewInput, CriteriaSet]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True, read_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputError(
            f"not a readable XLSX spreadsheet ({type(error).__name__})", Location(file=name)
        ) from None
    info = _read_info(workbook, name)
    sheets = [ws for ws in workbook.worksheets if ws.title != INFO_SHEET]
    if not sheets:
        raise InputError("the workbook has no sheet of readings", Location(file=name))
    sheet = sheets[0]
    header_row = _find_header_row(sheet, name)
    header = [cell.value for cell in sheet[header_row]]
    columns = _header_map(header, name=name, sheet=sheet.title, row=header_row)
    criteria_set, model_set = _defaults_set(catalog, defaults, name, info)

    def iterate() -> Iterator[_Row]:
        for row in sheet.iter_rows(min_row=header_row + 1):
            cells: dict[str, Any] = {}
            for index, cell in enumerate(row):
                if index in columns:
                    cells[columns[index]] = _cell_value(cell)
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


def _cell_value(cell: Cell | MergedCell) -> Any:
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (cell.number_format or "")
    ):
        # A cell formatted as a percentage holds 0.955 for 95.5%.
        number = Decimal(repr(value)) * 100 if isinstance(value, float) else Decimal(value) * 100
        return ParsedValue(
            number=number.normalize(),
            qualifier=Qualifier.EXACT,
            percent=True,
            raw=f"{number.normalize():f}%",
        )
    return value


def _find_header_row(sheet: Any, name: str) -> int:
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 15)):
        keys = {
            _ALIAS_TO_COLUMN.get(normalize_text(str(cell.value)).rstrip(":"))
            for cell in row
            if cell.value is not None
        }
        if {"tt", "criterion", "indicator"} & keys and {"value", "verdict", "numerator"} & keys:
            return int(row[0].row)
    raise InputError(
        "no header row found in the first 15 rows: expected columns such as "
        "'TT | Tiêu chí | Chỉ tiêu | Chuẩn | Kết quả thực hiện | Tự đánh giá | Ghi chú'",
        Location(file=name, sheet=sheet.title),
    )


def _read_info(workbook: Any, name: str) -> dict[str, Any]:
    if INFO_SHEET not in workbook.sheetnames:
        return {}
    sheet = workbook[INFO_SHEET]
    info: dict[str, Any] = {}
    for row in sheet.iter_rows(min_row=1):
        if len(row) < 2 or row[0].value is None:
            continue
        key = _INFO_KEYS.get(normalize_text(str(row[0].value)).rstrip(":"))
        value = row[1].value
        if key is None or value is None:
            continue
        where = Location(file=name, sheet=INFO_SHEET, row=row[0].row, column="B")
        if key in ("year", "commune_group"):
            try:
                info[key] = int(str(value).strip())
            except ValueError:
                raise InputError(f"'{value}' is not a whole number", where) from None
        elif key == "recognitions":
            info[key] = tuple(_parse_recognitions(str(value), where))
        else:
            info[key] = str(value).strip()
    return info


def _parse_recognitions(text: str, where: Location) -> Iterator[HeldRecognition]:
    """ "basic:2018, advanced:2023" → recognitions held."""
    for part in text.split(","):
        level, _, year = part.strip().partition(":")
        try:
            yield HeldRecognition(
                level=Level(level.strip()), year=int(year) if year.strip() else None
            )
        except ValueError:
            raise InputError(
                f"'{part.strip()}' is not LEVEL:YEAR with LEVEL one of basic, advanced, model",
                where,
            ) from None
