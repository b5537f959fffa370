"""Household register files: read XLSX, CSV, KoboToolbox and ODK Central exports, check
every row, write.

Reading is two steps, so that the user can map columns in between:

1. :func:`read_register_file` (or :func:`read_register_files` for a households CSV and a
   persons CSV) opens the file and returns a :class:`~ntm.core.households.fields.RegisterFile`:
   the households table and the persons table, each with its headers and its rows, every
   row with its number in the file. Only the file itself is checked here (its type, its
   encoding, its layout).
2. :func:`~ntm.core.households.fields.guess_mapping` proposes which header holds which
   field; the user confirms or corrects it; :func:`parse_register` checks every row and
   returns a :class:`~ntm.core.households.register.Register`, or raises
   :class:`RegisterInvalid` listing every bad row (file, sheet, row, column, value,
   reason) when one is wrong: all or nothing.

The layouts:

- **XLSX** (our template, :func:`write_register_template`): a households sheet and an
  optional persons sheet, found by name ("Hộ gia đình", "Hộ", "households"; "Nhân khẩu",
  "Thành viên", "persons") or else by their headers; the header row is the first of the
  first ten non-blank rows that names two fields or more (else the first non-blank row).
  Sheets named "Hướng dẫn" are guidance and skipped. Cells right of the last header are
  ignored. A workbook whose document keywords contain ``ntm:synthetic`` holds made-up data.
- **CSV**: one table a file, UTF-8 with or without a byte-order mark (any other encoding is
  refused, naming the file), ``,`` ``;`` or tab between cells (the one the header line
  uses most). Two files, households and persons, are told apart by their headers.
- **KoboToolbox** export (XLSX) of our XLSForm (:mod:`ntm.core.households.xlsform`): the
  main sheet, one row per submission, with ``_index``; the repeat group's sheet of members
  with ``_parent_index``. Group prefixes (``ho/ma_ho``) are cut to the field name; Kobo's
  own columns (``start``, ``end``, ``_id``, ``_uuid``, ``_submission_time``…) are dropped.
  A member row gets its household's code (column ``ma_ho``) from its parent row.
- **ODK Central** CSV export of our XLSForm: the ZIP archive of "Download all records"
  (``submissions.csv.zip``), or its two CSV files given separately. Layout [C]
  getodk/central-backend: ``lib/data/briefcase.js`` (``streamBriefcaseCsvs``) and its tests
  ``test/unit/data/briefcase.js``; the KEY patterns as getodk/briefcase
  ``docs/export-format.md`` documents them:

  - ``<form_id>.csv``, one row per submission: ``SubmissionDate``, then the form's fields
    in form order, each named by its path of groups joined by "-" (``ho-ma_ho``; without
    the groups when exported with ``groupPaths=false``), ``meta-instanceID``, ``KEY``
    (the instance ID, ``uuid:…``), then ``SubmitterID``, ``SubmitterName``,
    ``AttachmentsPresent``, ``AttachmentsExpected``, ``Status``, ``ReviewState``,
    ``DeviceID``, ``Edits``, ``FormVersion``. A repeat group has no column here.
  - ``<form_id>-<repeat name>.csv`` for each repeat group (``~1``, ``~2`` added when two
    repeats share a name): the repeat's fields named from the repeat down (Central writes
    ``nam_sinh``, not ``thanh_vien-nam_sinh``; both are read), then ``PARENT_KEY`` (the
    parent submission's ``KEY`` for a repeat outside any other repeat) and ``KEY``
    (``uuid:…/thanh_vien[1]``, 1-based).
  - ``media/`` with the attachments, when asked for (never read).

  The two tables are told by their headers (``SubmissionDate`` and ``KEY``; ``PARENT_KEY``
  and ``KEY``), not by their names. Group prefixes are cut to the field name and ODK's own
  columns dropped, as for Kobo; a member row gets its household's code from the
  submission whose ``KEY`` is its ``PARENT_KEY``. Values are the form's XML values (choice
  names, ``45.5`` with a decimal point): the floor area, the form's one decimal field, is
  read as an XML decimal, so that ``120.125`` is not taken for 120,125 m².

XLSX workbooks are read with python-calamine (the Rust calamine library, pandas' fast Excel
engine): 300,000 households take about 5 s on a 2-core machine, against 37 s with
openpyxl's read-only mode. calamine's number-format rules decide which number cells are
dates (a whole day comes as a date, else a datetime); it reads the 1904 date system,
shared and rich strings; an error cell (#N/A) comes as blank. The document keywords are
read from ``docProps/core.xml`` with the standard library, which calamine does not read.
Workbooks are written with openpyxl.

The format's fields and :func:`parse_register` live in :mod:`ntm.core.households.fields`;
this module re-exports what a caller of the two steps needs.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal
from xml.etree import ElementTree

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum

from ntm.core.exceptions import InputError, Location
from ntm.core.households.fields import (
    BOOLEAN_FIELDS,
    CERTIFICATE_CHOICES,
    HOUSEHOLD_FIELDS,
    PERSON_FIELDS,
    POVERTY_CHOICES,
    SEX_CHOICES,
    STRUCTURE_CHOICES,
    YES_NO_CHOICES,
    Cell,
    Choice,
    Field,
    RegisterFile,
    RegisterInvalid,
    Row,
    RowError,
    Table,
    blank_row,
    guess_mapping,
    header_key,
    parse_register,
    read_text,
)
from ntm.core.households.register import Household, Person, Register
from ntm.core.households.workbooks import (
    MAX_UNPACKED,
    XLSX_READ_ERRORS,
    ZIP_MAGIC,
    check_extent,
    check_spreadsheet,
    check_text_head,
    damaged_xlsx,
    sheet_rows,
)
from ntm.core.i18n import _
from ntm.core.io.os_errors import os_reason
from ntm.core.io.xlsx_cells import safe_row
from ntm.core.text import vietnamese_sort_key

__all__ = [
    "GUIDE_SHEET",
    "HOUSEHOLD_FIELDS",
    "HOUSEHOLD_SHEET",
    "PERSON_FIELDS",
    "PERSON_SHEET",
    "SYNTHETIC_KEYWORD",
    "SYNTHETIC_NOTICE",
    "RegisterFile",
    "RegisterInvalid",
    "Row",
    "RowError",
    "Table",
    "guess_mapping",
    "parse_register",
    "read_register_file",
    "read_register_files",
    "write_register_template",
    "write_register_xlsx",
]

#: The sheet names of our template; the file format, not translated.
HOUSEHOLD_SHEET = "Hộ gia đình"
PERSON_SHEET = "Nhân khẩu"
GUIDE_SHEET = "Hướng dẫn"
#: The document keyword that marks a workbook of made-up data.
SYNTHETIC_KEYWORD = "ntm:synthetic"
#: The line the guidance sheet of a synthetic register carries.
SYNTHETIC_NOTICE = "DỮ LIỆU GIẢ LẬP — không phải số liệu thật"

_HOUSEHOLD_SHEETS = frozenset(
    header_key(name)
    for name in ("Hộ", "Hộ gia đình", "households", "household", "danh sách hộ", "sổ hộ")
)
_PERSON_SHEETS = frozenset(
    header_key(name)
    for name in (
        "Nhân khẩu",
        "Thành viên",
        "thanh_vien",
        "persons",
        "members",
        "danh sách nhân khẩu",
    )
)
_SKIPPED_SHEETS = frozenset(
    header_key(name)
    for name in (GUIDE_SHEET, "guide", "instructions", "survey", "choices", "settings")
)
_HEADER_SCAN = 10  # non-blank rows searched for the header row

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_MAGIC = b"%PDF"


# --- Reading files -----------------------------------------------------------------------


def read_register_file(path: Path, *, display_name: str | None = None) -> RegisterFile:
    """Read a register file: an XLSX workbook (ours, any workbook with a households sheet,
    or a KoboToolbox export of our XLSForm), a households CSV, or the ZIP archive of an ODK
    Central CSV export of our XLSForm (its submissions CSV alone also reads, as households
    without persons).

    Args:
        path: the file.
        display_name: the file's name in messages and errors (an upload's own name when
            the file sits under a temporary name); by default the path's last part. Its
            extension, when given, decides the type.

    Returns:
        The tables, unchecked; see :func:`parse_register`.

    Raises:
        InputError: the file cannot be read, is empty, is not an XLSX, CSV or ZIP file (a
            PDF or a Word document renamed, an old .xls), is not UTF-8 text, or has no
            households table. For an ODK Central ZIP archive also: it is damaged, its CSV
            files unpack to more than 2 GB, one of them is not UTF-8 (the error names it),
            it holds no submissions table or several, or a member row's ``PARENT_KEY`` is
            no submission's ``KEY`` (the error names the member file, the row and the
            column ``PARENT_KEY``). The error names the file.
    """
    name = display_name or path.name
    kind = _kind_of(path, name)
    if kind == "zip":
        return _read_odk_zip(path, name)
    if kind == "csv":
        table = _read_csv(path, name)
        odk = _odk_role(table)
        if odk == "submissions":
            return _odk_file(table, None)
        if odk == "repeat" or _role_of(table) == "persons":
            raise InputError(
                _("this file lists persons, not households: give the households file too"),
                Location(file=name),
            )
        return RegisterFile(households=table, persons=None, kind="csv")
    return _read_xlsx(path, name)


def read_register_files(
    paths: Sequence[Path], *, display_names: Sequence[str] | None = None
) -> RegisterFile:
    """Read a register from one file (see :func:`read_register_file`) or from two CSV files,
    one of households and one of persons, told apart by their headers; or from the two CSV
    files of an ODK Central export (the submissions and the repeat of members, told apart
    by ``PARENT_KEY``; see the module's notes).

    Raises:
        InputError: as :func:`read_register_file`; more than two files; two files that are
            not both CSV; two files that cannot be told apart (both households, both
            persons, or headers naming neither); one file of an ODK Central export with a
            file that is not its other one.
        ValueError: no path, or not one display name per path.
    """
    if not paths:
        raise ValueError("no register file given")
    names = list(display_names) if display_names is not None else [p.name for p in paths]
    if len(names) != len(paths):
        raise ValueError("give one display name per path")
    if len(paths) == 1:
        return read_register_file(paths[0], display_name=names[0])
    if len(paths) > 2:
        raise InputError(
            _("give one register file, or two CSV files: the households and the persons"),
            Location(file=", ".join(names)),
        )
    for path, name in zip(paths, names, strict=True):
        if _kind_of(path, name) != "csv":
            raise InputError(
                _("a register in two files is two CSV files: the households and the persons"),
                Location(file=name),
            )
    tables = [_read_csv(path, name) for path, name in zip(paths, names, strict=True)]
    odk = [_odk_role(table) for table in tables]
    if any(odk):
        if set(odk) != {"submissions", "repeat"}:
            raise InputError(
                _(
                    "an ODK Central export in two files is its submissions CSV (with the "
                    "columns SubmissionDate and KEY) and its members CSV (with PARENT_KEY)"
                ),
                Location(file=", ".join(names)),
            )
        main, repeat = tables if odk[0] == "submissions" else tables[::-1]
        return _odk_file(main, repeat)
    roles = [_role_of(table) for table in tables]
    if set(roles) != {"households", "persons"}:
        words = {
            "households": _("households"),
            "persons": _("persons"),
            None: _("neither"),
        }
        raise InputError(
            _(
                "cannot tell which file lists households and which lists persons "
                "({first}: {first_role}; {second}: {second_role}): give them the "
                "template's headers"
            ).format(
                first=names[0],
                first_role=words[roles[0]],
                second=names[1],
                second_role=words[roles[1]],
            ),
            Location(file=", ".join(names)),
        )
    households, persons = tables if roles[0] == "households" else tables[::-1]
    return RegisterFile(households=households, persons=persons, kind="csv")


def _kind_of(path: Path, name: str) -> Literal["xlsx", "csv", "zip"]:
    """Tell the file's type by its first bytes and its name's extension."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise InputError(
            _("cannot read the file: {reason}").format(reason=os_reason(error)),
            Location(file=name),
        ) from None
    suffix = Path(name).suffix.lower() or path.suffix.lower()
    where = Location(file=name)
    if not head:
        raise InputError(_("the file is empty"), where)
    if head.startswith(_PDF_MAGIC):
        raise InputError(
            _("this is a PDF document, not a register: give the register as .xlsx or .csv"),
            where,
        )
    if head.startswith(_OLE_MAGIC):
        raise InputError(
            _("this is an old Office file (.xls or .doc): save the register as .xlsx"), where
        )
    if head.startswith(ZIP_MAGIC):
        if suffix in (".xlsx", ".xlsm"):
            return "xlsx"
        if suffix == ".zip":
            return "zip"
        if suffix in (".csv", ".txt"):
            raise InputError(
                _("this is a spreadsheet (XLSX) but its name ends in {suffix}").format(
                    suffix=suffix
                ),
                where,
            )
    elif suffix in (".xlsx", ".xlsm", ".xls"):
        raise InputError(
            _(
                "not a spreadsheet: an .xlsx file is a ZIP archive and this one is not "
                "(an old .xls or a renamed file? save it again as .xlsx)"
            ),
            where,
        )
    elif suffix in (".csv", ".txt"):
        return "csv"
    elif suffix == ".zip":
        raise InputError(_("not a ZIP archive (a damaged or renamed file?)"), where)
    raise InputError(
        _(
            "unknown file type ({suffix}): a register is an .xlsx or a .csv file, or the "
            ".zip of an ODK Central export"
        ).format(suffix=suffix or _("no extension")),
        where,
    )


def _role_of(table: Table) -> Literal["households", "persons"] | None:
    """Whether a table's headers name household fields or person fields (the fields both
    tables share, the code and the identity number, do not count)."""
    households = _score(table.headers, HOUSEHOLD_FIELDS, exclude=("code", "id_number"))
    persons = _score(table.headers, PERSON_FIELDS, exclude=("household", "id_number", "name"))
    if households > persons:
        return "households"
    if persons > households:
        return "persons"
    return None


def _score(headers: Iterable[str], fields: Sequence[Field], exclude: Sequence[str] = ()) -> int:
    texts = [header for header in headers if header]
    return sum(
        1
        for field in fields
        if field.name not in exclude and any(field.matches(text) for text in texts)
    )


# --- CSV ---------------------------------------------------------------------------------


_Opener = Callable[[], IO[bytes]]


def _read_csv(path: Path, name: str) -> Table:
    return _read_csv_from(lambda: path.open("rb"), name)


def _read_csv_from(opener: _Opener, name: str) -> Table:
    """A CSV table from the bytes ``opener`` opens (a file, or a member of a ZIP archive:
    opened again for each pass)."""
    where = Location(file=name)
    try:
        with opener() as handle:
            head = handle.read(4096)
    except OSError as error:
        raise InputError(
            _("cannot read the file: {reason}").format(reason=os_reason(error)), where
        ) from None
    check_text_head(head, where)
    headers: tuple[str, ...] | None = None
    rows: list[Row] = []
    number = 0
    try:
        with io.TextIOWrapper(opener(), encoding="utf-8-sig", newline="") as stream:
            delimiter = _delimiter(stream.read(8192))
        with io.TextIOWrapper(opener(), encoding="utf-8-sig", newline="") as stream:
            for record in csv.reader(stream, delimiter=delimiter):
                number += 1
                if not any(cell.strip() for cell in record):
                    continue
                if headers is None:
                    headers = tuple(_clean_header(cell) for cell in record)
                else:
                    rows.append(Row(number, tuple(record)))
    except UnicodeDecodeError:
        raise InputError(
            _(
                "not UTF-8 text (line {line}): save the file as 'CSV UTF-8' "
                "(Excel: Save As, 'CSV UTF-8 (Comma delimited)')"
            ).format(line=_first_bad_line(opener)),
            where,
        ) from None
    except csv.Error as error:
        raise InputError(
            _("not a readable CSV file: {reason}").format(reason=error),
            where.with_(row=number + 1),
        ) from None
    except OSError as error:
        raise InputError(
            _("cannot read the file: {reason}").format(reason=os_reason(error)), where
        ) from None
    if headers is None:
        raise InputError(_("the file is empty"), where)
    return Table(file=name, sheet=None, headers=headers, rows=tuple(rows))


def _first_bad_line(opener: _Opener) -> int:
    """The first line of a file that is not UTF-8 (read again, on the error path only)."""
    with opener() as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 1  # pragma: no cover - called only after a decoding error


def _delimiter(sample: str) -> str:
    """The separator the header line uses most: ``;`` ``,`` or tab (``,`` when none)."""
    line = sample.lstrip("\ufeff").split("\n", 1)[0]
    counts = {mark: line.count(mark) for mark in (",", ";", "\t")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def _clean_header(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- XLSX --------------------------------------------------------------------------------


def _read_xlsx(path: Path, name: str) -> RegisterFile:
    where = Location(file=name)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(
            _("not a readable XLSX spreadsheet: {reason}").format(reason=error), where
        ) from None
    try:
        with archive:
            check_spreadsheet(archive.namelist(), where)
            check_extent(archive, where)
            synthetic = SYNTHETIC_KEYWORD in re.split(r"[,;\s]+", _keywords(archive, where))
        strings: dict[str, str] = {}
        with CalamineWorkbook.from_path(path) as book:
            sheets = [
                _head(meta.name, book.get_sheet_by_name(meta.name), strings)
                for meta in book.sheets_metadata
                if meta.typ == SheetTypeEnum.WorkSheet
            ]
        kobo = _read_kobo(name, sheets, synthetic)
        if kobo is not None:
            return kobo
        return _read_workbook(name, sheets, synthetic)
    except XLSX_READ_ERRORS as error:
        raise damaged_xlsx(error, where) from None


class _NoDoctype(ElementTree.TreeBuilder):
    """Refuse a document type declaration: no spreadsheet writer makes one, and its
    entities are how an XML file attacks its reader."""

    def __init__(self, where: Location) -> None:
        super().__init__()
        self.where = where

    def doctype(self, name: str, pubid: str, system: str) -> None:
        raise InputError(_("the workbook's XML declares a document type"), self.where)


def _keywords(archive: zipfile.ZipFile, where: Location) -> str:
    """The workbook's document keywords (``docProps/core.xml``; calamine does not read the
    document properties), "" when it has none."""
    try:
        data = archive.read("docProps/core.xml")
    except KeyError:
        return ""
    parser = ElementTree.XMLParser(target=_NoDoctype(where))
    root = ElementTree.fromstring(data, parser=parser)
    return next((e.text or "" for e in root.iter() if e.tag.rpartition("}")[2] == "keywords"), "")


@dataclass
class _Sheet:
    """A worksheet as calamine read it (all its cells), and its first non-blank rows."""

    name: str
    data: CalamineSheet
    strings: dict[str, str]  # the workbook's texts, each kept once (see _cell)
    head: list[tuple[int, list[Cell]]]

    @property
    def first_texts(self) -> list[str]:
        return [read_text(cell) for cell in self.head[0][1]] if self.head else []

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """Every row down to the last that holds a cell, blank ones too: (1-based row
        number, cells by column from column A)."""
        return sheet_rows(self.data, self.strings)


def _head(name: str, data: CalamineSheet, strings: dict[str, str]) -> _Sheet:
    sheet = _Sheet(name, data, strings, [])
    for number, cells in sheet.rows():
        if not blank_row(cells):
            sheet.head.append((number, cells))
            if len(sheet.head) == _HEADER_SCAN:
                break
    return sheet


def _read_workbook(file: str, sheets: list[_Sheet], synthetic: bool) -> RegisterFile:
    candidates = [s for s in sheets if header_key(s.name) not in _SKIPPED_SHEETS and s.head]
    households = _pick(candidates, _HOUSEHOLD_SHEETS, HOUSEHOLD_FIELDS, PERSON_FIELDS)
    rest = [sheet for sheet in candidates if sheet is not households]
    persons = _pick(rest, _PERSON_SHEETS, PERSON_FIELDS, HOUSEHOLD_FIELDS)
    if households is None:
        others = [sheet for sheet in rest if sheet is not persons]
        if len(others) == 1 and persons is None:
            households = others[0]
        else:
            raise InputError(
                _(
                    "no sheet lists households: name the sheet '{sheet}' or give it the "
                    "template's headers (Mã hộ, Xóm/Thôn, Họ tên chủ hộ…)"
                ).format(sheet=HOUSEHOLD_SHEET),
                Location(file=file),
            )
    return RegisterFile(
        households=_sheet_table(file, households, HOUSEHOLD_FIELDS),
        persons=_sheet_table(file, persons, PERSON_FIELDS) if persons is not None else None,
        kind="xlsx",
        synthetic=synthetic,
    )


def _pick(
    sheets: list[_Sheet],
    names: frozenset[str],
    fields: Sequence[Field],
    other: Sequence[Field],
) -> _Sheet | None:
    """The sheet named as one of ``names``; else the one whose headers name the most of
    ``fields`` (two at least, and more than of ``other``)."""
    for sheet in sheets:
        if header_key(sheet.name) in names:
            return sheet
    best: tuple[int, _Sheet] | None = None
    shared = ("code", "household", "id_number", "name")
    for sheet in sheets:
        for _number, cells in sheet.head:
            texts = [read_text(cell) for cell in cells]
            score = _score(texts, fields, exclude=shared)
            better = best is None or score > best[0]
            if score >= 2 and better and score > _score(texts, other, exclude=shared):
                best = (score, sheet)
    return best[1] if best is not None else None


def _sheet_table(file: str, sheet: _Sheet, fields: Sequence[Field]) -> Table:
    header_number, header_cells = sheet.head[0]
    for number, cells in sheet.head:
        if _score([read_text(cell) for cell in cells], fields) >= 2:
            header_number, header_cells = number, cells
            break
    headers = [_clean_header(read_text(cell)) for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows = [
        Row(number, tuple(cells[:width]))
        for number, cells in sheet.rows()
        if number > header_number and not blank_row(cells[:width])
    ]
    return Table(file=file, sheet=sheet.name, headers=tuple(headers), rows=tuple(rows))


# --- KoboToolbox -------------------------------------------------------------------------

_KOBO_META = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "phonenumber",
        "username",
        "simserial",
        "subscriberid",
        "audit",
        "instanceID",
        "instanceName",
        "rootUuid",
        "deprecatedID",
        "uuid",
    }
)


def _kobo_column(header: str) -> str | None:
    """The field name of a Kobo export header, or None for Kobo's own columns."""
    if header.startswith(("meta/", "formhub/")):
        return None
    short = header.rsplit("/", 1)[-1].strip()
    if not short or short.startswith(("_", "$")) or short in _KOBO_META:
        return None
    return short


def _read_kobo(file: str, sheets: list[_Sheet], synthetic: bool) -> RegisterFile | None:
    """A KoboToolbox export: a main sheet with ``_index``, a repeat sheet with
    ``_parent_index``; ``None`` when the workbook is not laid out so."""
    mains = [
        s for s in sheets if "_index" in s.first_texts and "_parent_index" not in s.first_texts
    ]
    repeats = [s for s in sheets if "_parent_index" in s.first_texts]
    if not mains:
        return None
    main = mains[0]
    header_number, header_cells = main.head[0]
    texts = [read_text(cell) for cell in header_cells]
    keep = [(i, short) for i, text in enumerate(texts) if (short := _kobo_column(text))]
    index_column = texts.index("_index")
    code_field = HOUSEHOLD_FIELDS[0]
    code_column = next((i for i, short in keep if code_field.matches(short)), None)
    parents: dict[str, Cell] = {}
    rows: list[Row] = []
    for number, cells in main.rows():
        if number <= header_number or blank_row(cells):
            continue
        values = tuple(cells[i] if i < len(cells) else None for i, _short in keep)
        if code_column is not None and index_column < len(cells):
            code = cells[code_column] if code_column < len(cells) else None
            parents[read_text(cells[index_column])] = code
        rows.append(Row(number, values))
    households = Table(file, main.name, tuple(short for _i, short in keep), tuple(rows))
    persons: Table | None = None
    if repeats:
        repeat = next(
            (s for s in repeats if header_key(s.name) in _PERSON_SHEETS),
            max(repeats, key=lambda s: _score(s.first_texts, PERSON_FIELDS)),
        )
        persons = _kobo_members(file, repeat, parents)
    return RegisterFile(households=households, persons=persons, kind="kobo", synthetic=synthetic)


def _kobo_members(file: str, sheet: _Sheet, parents: Mapping[str, Cell]) -> Table:
    header_number, header_cells = sheet.head[0]
    texts = [read_text(cell) for cell in header_cells]
    keep = [(i, short) for i, text in enumerate(texts) if (short := _kobo_column(text))]
    parent_column = texts.index("_parent_index")
    household_field = PERSON_FIELDS[0]
    linked = not any(household_field.matches(short) for _i, short in keep)
    headers = tuple(short for _i, short in keep)
    if linked:
        headers = (household_field.xlsform_name, *headers)
    rows: list[Row] = []
    for number, cells in sheet.rows():
        if number <= header_number or blank_row(cells):
            continue
        values = tuple(cells[i] if i < len(cells) else None for i, _short in keep)
        if linked:
            parent = read_text(cells[parent_column]) if parent_column < len(cells) else ""
            values = (parents.get(parent), *values)
        rows.append(Row(number, values))
    return Table(file, sheet.name, headers, tuple(rows))


# --- ODK Central -------------------------------------------------------------------------

#: ODK Central's own columns (lib/data/briefcase.js: addBriefcaseColumns,
#: addCentralColumns, and the columns newer versions add), and Briefcase's.
_ODK_META = frozenset(
    {
        "SubmissionDate",
        "KEY",
        "PARENT_KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
        "isValidated",
    }
)
_ODK_KEY = "KEY"
_ODK_PARENT = "PARENT_KEY"
_ODK_SUBMITTED = "SubmissionDate"
#: An XML Schema decimal, as ODK writes one: a point, never a thousands separator.
_XML_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_REPEAT_COPY = re.compile(r"~\d+$")


def _odk_role(table: Table) -> Literal["submissions", "repeat"] | None:
    """Which table of an ODK Central export a CSV table is, by its headers: the submissions
    (``SubmissionDate`` and ``KEY``), a repeat group (``PARENT_KEY`` and ``KEY``), or
    neither (``None``)."""
    headers = set(table.headers)
    if _ODK_KEY not in headers:
        return None
    if _ODK_PARENT in headers:
        return "repeat"
    return "submissions" if _ODK_SUBMITTED in headers else None


def _odk_column(header: str) -> str | None:
    """The field name of an ODK Central export header (``ho-ma_ho`` → ``ma_ho``), or None
    for ODK's own columns and the form's metadata (``meta-instanceID``, ``start``…)."""
    if header in _ODK_META or header.startswith(("meta-", "SET-OF-")):
        return None
    short = header.rsplit("-", 1)[-1].strip()
    if not short or short.startswith(("_", "$")) or short in _ODK_META or short in _KOBO_META:
        return None
    return short


def _xml_decimal(cell: Cell) -> Cell:
    """A cell of a decimal field as its exact number when it is written as XML writes one
    (``120.125`` is 120.125, never 120125); any other text is left to the field's reader."""
    if isinstance(cell, str) and _XML_DECIMAL.match(cell.strip()):
        return Decimal(cell.strip())
    return cell


def _read_odk_zip(path: Path, name: str) -> RegisterFile:
    """The ZIP archive of an ODK Central CSV export: every ``.csv`` member read (after
    their declared unpacked sizes are checked against the ceiling), the submissions table
    and the members' repeat found by their headers."""
    where = Location(file=name)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(
            _("not a readable ZIP archive: {reason}").format(reason=error), where
        ) from None
    member = name
    try:
        with archive:
            infos = [info for info in archive.infolist() if _is_csv_member(info)]
            if sum(info.file_size for info in infos) > MAX_UNPACKED:
                raise InputError(
                    _("the CSV files in the ZIP archive unpack to more than 2 GB"), where
                )
            tables: list[Table] = []
            for info in infos:
                member = f"{name}/{info.filename}"
                tables.append(_read_csv_from(_member_opener(archive, info), member))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
        raise InputError(
            _("a damaged ZIP archive ({error_type}: {reason})").format(
                error_type=type(error).__name__, reason=error
            ),
            Location(file=member),
        ) from None
    mains = [table for table in tables if _odk_role(table) == "submissions"]
    repeats = [table for table in tables if _odk_role(table) == "repeat"]
    if not mains:
        raise InputError(
            _(
                "no ODK Central export in this ZIP archive: no CSV file has the columns "
                "SubmissionDate and KEY (export the form's submissions from ODK Central as CSV)"
            ),
            where,
        )
    if len(mains) > 1:
        raise InputError(
            _("this ZIP archive holds the submissions of several forms ({files}): give one").format(
                files=", ".join(PurePosixPath(table.file).name for table in mains)
            ),
            where,
        )
    return _odk_file(mains[0], _odk_members_table(repeats))


def _is_csv_member(info: zipfile.ZipInfo) -> bool:
    """A CSV file of the archive (not a folder, an attachment under ``media/`` or a macOS
    resource fork)."""
    base = PurePosixPath(info.filename).name
    return (
        not info.is_dir()
        and base.lower().endswith(".csv")
        and not base.startswith("._")
        and not info.filename.startswith("__MACOSX/")
    )


def _member_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> _Opener:
    return lambda: archive.open(info)


def _odk_members_table(repeats: Sequence[Table]) -> Table | None:
    """The repeat of members: the one named ``thanh_vien`` (or another name of the persons
    table), else the one whose headers name the most person fields."""
    if not repeats:
        return None

    def repeat_name(table: Table) -> str:
        stem = PurePosixPath(table.file).stem
        return _REPEAT_COPY.sub("", stem.rsplit("-", 1)[-1])

    def score(table: Table) -> int:
        shorts = [short for header in table.headers if (short := _odk_column(header))]
        return _score(shorts, PERSON_FIELDS)

    named = [table for table in repeats if header_key(repeat_name(table)) in _PERSON_SHEETS]
    return named[0] if named else max(repeats, key=score)


def _odk_file(main: Table, repeat: Table | None) -> RegisterFile:
    """The households (and members) of an ODK Central export, its columns cut to the field
    names, each member given its household's code from its ``PARENT_KEY``."""
    keep = [(i, short) for i, header in enumerate(main.headers) if (short := _odk_column(header))]
    key_column = main.headers.index(_ODK_KEY)
    code_column = next((i for i, short in keep if HOUSEHOLD_FIELDS[0].matches(short)), None)
    area = next(field for field in HOUSEHOLD_FIELDS if field.name == "floor_area")
    decimals = {i for i, short in keep if area.matches(short)}
    parents: dict[str, Cell] = {}
    rows: list[Row] = []
    for row in main.rows:
        cells = row.cells
        values = tuple(
            (_xml_decimal(cells[i]) if i in decimals else cells[i]) if i < len(cells) else None
            for i, _short in keep
        )
        key = read_text(cells[key_column]) if key_column < len(cells) else ""
        if key:
            code = (
                cells[code_column] if code_column is not None and code_column < len(cells) else None
            )
            parents[key] = code
        rows.append(Row(row.number, values))
    households = Table(main.file, main.sheet, tuple(short for _i, short in keep), tuple(rows))
    persons = _odk_members(repeat, parents, main.file) if repeat is not None else None
    return RegisterFile(households=households, persons=persons, kind="odk")


def _odk_members(table: Table, parents: Mapping[str, Cell], main_file: str) -> Table:
    """The members' repeat, its first column the household's code (unless it has one).

    Raises:
        InputError: a row's ``PARENT_KEY`` is no submission's ``KEY``.
    """
    keep = [(i, short) for i, header in enumerate(table.headers) if (short := _odk_column(header))]
    parent_column = table.headers.index(_ODK_PARENT)
    household_field = PERSON_FIELDS[0]
    linked = not any(household_field.matches(short) for _i, short in keep)
    headers = tuple(short for _i, short in keep)
    if linked:
        headers = (household_field.xlsform_name, *headers)
    rows: list[Row] = []
    for row in table.rows:
        cells = row.cells
        parent = read_text(cells[parent_column]) if parent_column < len(cells) else ""
        if parent not in parents:
            raise InputError(
                _(
                    "PARENT_KEY {key} is the KEY of no submission in {file}: give the "
                    "members file of the same export"
                ).format(key=f"'{parent}'", file=main_file),
                Location(file=table.file, row=row.number, column=_ODK_PARENT),
            )
        values = tuple(cells[i] if i < len(cells) else None for i, _short in keep)
        if linked:
            values = (parents[parent], *values)
        rows.append(Row(row.number, values))
    return Table(table.file, table.sheet, headers, tuple(rows))


# --- Writing -----------------------------------------------------------------------------

_HOUSEHOLD_WIDTHS = (14, 16, 24, 16, 10, 14, 12, 20, 12, 12, 12, 14)
_PERSON_WIDTHS = (14, 24, 16, 10, 10, 10, 12, 18, 10)


def _label(choices: Sequence[Choice[Any]], value: object) -> str:
    return next(choice.label_vi for choice in choices if choice.value == value)


def _yes_no(value: bool) -> str:
    return _label(YES_NO_CHOICES, value)


def _household_cells(household: Household, names: Mapping[str, str]) -> list[object]:
    return [
        household.code,
        names.get(household.hamlet, household.hamlet),
        household.head_name,
        household.id_number or None,
        household.members,
        _label(STRUCTURE_CHOICES, household.structure),
        household.floor_area,
        _label(POVERTY_CHOICES, household.poverty_class),
        household.poverty_year,
        _yes_no(household.clean_water),
        _yes_no(household.sanitary_latrine),
        _yes_no(household.waste_sorted),
    ]


def _person_cells(person: Person) -> list[object]:
    return [
        person.household,
        person.name or None,
        person.id_number or None,
        person.birth_year,
        _label(SEX_CHOICES, person.sex),
        _yes_no(person.working),
        _yes_no(person.trained),
        _label(CERTIFICATE_CHOICES, person.certificate),
        _yes_no(person.health_insurance),
    ]


def _bold(sheet: Any, value: str, *, color: str | None = None) -> Any:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True, color=color)
    return cell


def _start_sheet(sheet: Any, fields: Sequence[Field], widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, field.header) for field in fields])


def _guide_rows(
    sheet: Any, *, hamlets: Sequence[str], synthetic: bool, source: str
) -> tuple[list[list[object]], int | None]:
    """The guidance sheet's rows, and the row of the first hamlet name (or None)."""
    rows: list[list[object]] = [[_bold(sheet, "Sổ hộ gia đình: hướng dẫn ghi")]]
    if synthetic:
        rows.append([_bold(sheet, SYNTHETIC_NOTICE, color="C00000")])
        if source:
            rows.append([source])
    rows.append([])
    rows.append(
        [
            "Mỗi hộ một dòng ở trang 'Hộ gia đình'; mỗi người một dòng ở trang 'Nhân khẩu', "
            "nối với hộ bằng 'Mã hộ'. Ô bắt buộc không được để trống: một ô có/không để "
            "trống là lỗi, không được hiểu là 'không'."
        ]
    )
    rows.append([])
    rows.append([_bold(sheet, text) for text in ("Trang", "Cột", "Bắt buộc", "Cách ghi")])
    for title, fields in ((HOUSEHOLD_SHEET, HOUSEHOLD_FIELDS), (PERSON_SHEET, PERSON_FIELDS)):
        for field in fields:
            rows.append([title, field.header, "có" if field.required else "không", field.help_vi])
    first: int | None = None
    if hamlets:
        rows.append([])
        rows.append([_bold(sheet, "Các xóm của xã")])
        first = len(rows) + 1
        rows.extend([["", hamlet] for hamlet in hamlets])
    return rows, first


def _write_guide(
    sheet: Any, *, hamlets: Sequence[str], synthetic: bool, source: str = ""
) -> int | None:
    for letter, width in zip("ABCD", (16, 26, 10, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    rows, first = _guide_rows(sheet, hamlets=hamlets, synthetic=synthetic, source=source)
    for row in rows:
        sheet.append(safe_row(sheet, row))
    return first


def write_register_template(path: Path, *, hamlets: Sequence[str] = ()) -> None:
    """Write the blank register workbook: sheets "Hộ gia đình" and "Nhân khẩu" with our
    headers, lists to pick from for the columns of choices, and "Hướng dẫn" explaining
    each column and the accepted values (and listing ``hamlets``, offered in a list in the
    hamlet column).

    Raises:
        OSError: the file cannot be written.
    """
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    households = workbook.create_sheet(HOUSEHOLD_SHEET)
    persons = workbook.create_sheet(PERSON_SHEET)
    guide = workbook.create_sheet(GUIDE_SHEET)
    _start_sheet(households, HOUSEHOLD_FIELDS, _HOUSEHOLD_WIDTHS)
    _start_sheet(persons, PERSON_FIELDS, _PERSON_WIDTHS)
    first = _write_guide(guide, hamlets=hamlets, synthetic=False)
    for row in guide.iter_rows(min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    lists: dict[str, str] = {
        "structure": _choices(STRUCTURE_CHOICES),
        "poverty_class": _choices(POVERTY_CHOICES),
        "sex": _choices(SEX_CHOICES),
        "certificate": _choices(CERTIFICATE_CHOICES),
    }
    yes_no = _choices(YES_NO_CHOICES)
    if first is not None:
        last = first + len(hamlets) - 1
        lists["hamlet"] = f"'{GUIDE_SHEET}'!$B${first}:$B${last}"
    for sheet, fields in ((households, HOUSEHOLD_FIELDS), (persons, PERSON_FIELDS)):
        for index, field in enumerate(fields, start=1):
            letter = get_column_letter(index)
            formula = lists.get(field.name)
            if formula is None and field.name in BOOLEAN_FIELDS:
                formula = yes_no
            if field.name == "id_number":
                sheet.column_dimensions[letter].number_format = "@"
            if formula is None:
                continue
            validation = DataValidation(
                type="list", formula1=formula, allow_blank=True, errorStyle="warning"
            )
            validation.add(f"{letter}2:{letter}100000")
            sheet.add_data_validation(validation)
    workbook.save(path)


def _choices(choices: Sequence[Choice[Any]]) -> str:
    return '"' + ",".join(choice.label_vi for choice in choices) + '"'


def write_register_xlsx(
    register: Register, path: Path, *, hamlet_names: Mapping[str, str] | None = None
) -> None:
    """Write a register in the template's layout (streamed, so a large register fits in
    memory): one row per household, one per person, and the guidance sheet. A synthetic
    register is marked twice: the document keywords ``ntm:synthetic`` (read back by
    :func:`read_register_file`) and a line "DỮ LIỆU GIẢ LẬP — không phải số liệu thật"
    at the top of the guidance sheet.

    Args:
        register: the register.
        path: where to write.
        hamlet_names: ``{hamlet code: name}``; a hamlet is written by its name when given,
            else by its code.

    Raises:
        OSError: the file cannot be written.
    """
    names = dict(hamlet_names or {})
    workbook = Workbook(write_only=True)
    if register.synthetic:
        workbook.properties.keywords = SYNTHETIC_KEYWORD
    households = workbook.create_sheet(HOUSEHOLD_SHEET)
    _start_sheet(households, HOUSEHOLD_FIELDS, _HOUSEHOLD_WIDTHS)
    for household in register.households:
        households.append(safe_row(households, _household_cells(household, names)))
    persons = workbook.create_sheet(PERSON_SHEET)
    _start_sheet(persons, PERSON_FIELDS, _PERSON_WIDTHS)
    for person in register.persons:
        persons.append(safe_row(persons, _person_cells(person)))
    guide = workbook.create_sheet(GUIDE_SHEET)
    hamlets = sorted(
        {names.get(h.hamlet, h.hamlet) for h in register.households}, key=vietnamese_sort_key
    )
    _write_guide(guide, hamlets=hamlets, synthetic=register.synthetic, source=register.source)
    workbook.save(path)
