"""Reading an uploaded spreadsheet or text table, before any of its columns mean anything:
the checks that refuse a file that is not what it claims (a Word document renamed .xlsx, a
workbook that would not fit in memory, UTF-16 text), calamine's values as cells, and a
sheet's rows from column A. Shared by the household register
(:mod:`ntm.core.households.files`) and the satisfaction survey
(:mod:`ntm.core.recognition.survey`).
"""

from __future__ import annotations

import datetime
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from decimal import Decimal
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineSheet

from ntm.core.exceptions import InputError, Location
from ntm.core.households.fields import Cell
from ntm.core.i18n import _

__all__ = [
    "MAX_UNPACKED",
    "UTF16_BOMS",
    "XLSX_READ_ERRORS",
    "ZIP_MAGIC",
    "cell_value",
    "check_extent",
    "check_spreadsheet",
    "check_text_head",
    "damaged_xlsx",
    "sheet_rows",
]

#: How a ZIP archive (an XLSX workbook) starts.
ZIP_MAGIC = b"PK\x03\x04"
#: How UTF-16 text (Excel's "Unicode text") starts.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

#: What calamine and the ZIP reader raise on a damaged workbook.
XLSX_READ_ERRORS = (CalamineError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, EOFError)


def damaged_xlsx(error: Exception, where: Location) -> InputError:
    """The refusal of a workbook that one of :data:`XLSX_READ_ERRORS` could not read."""
    return InputError(
        _("a damaged XLSX spreadsheet ({error_type}: {reason})").format(
            error_type=type(error).__name__, reason=error
        ),
        where,
    )


def check_text_head(head: bytes, where: Location) -> None:
    """Refuse a text table whose first bytes are UTF-16 or binary data.

    Raises:
        InputError: UTF-16 text (save it as "CSV UTF-8"), or not text at all.
    """
    if head.startswith(UTF16_BOMS) or b"\x00" in head:
        if head.startswith(UTF16_BOMS) or head.count(0) > len(head) // 4:
            raise InputError(
                _(
                    "the text is in UTF-16 (as Excel's 'Unicode text' saves it); save it as "
                    "'CSV UTF-8' instead"
                ),
                where,
            )
        raise InputError(_("not a text file (it holds binary data)"), where)


def check_spreadsheet(members: Sequence[str], where: Location) -> None:
    """Refuse a ZIP archive that holds no workbook (the parts of an XLSX file are under
    ``xl/``), saying what it is when it is another Office document."""
    if any(member.startswith("xl/") for member in members):
        return
    if "word/document.xml" in members:
        reason = _("this is a Word document (.docx), not a spreadsheet")
    elif any(member.startswith("ppt/") for member in members):
        reason = _("this is a PowerPoint presentation, not a spreadsheet")
    else:
        reason = _("a ZIP archive, but not an XLSX spreadsheet")
    raise InputError(reason, where)


#: Ours: a register sheet has a few dozen columns; the whole workbook unpacks to at most
#: this many bytes (a 100 MB upload of cell XML is about 1 GB).
_MAX_COLUMNS = 200
_MAX_ROWS = 2_000_000
MAX_UNPACKED = 2 * 1024**3
_REFERENCE = re.compile(rb"""<(?:\w+:)?(?:c|row)\b[^>]*?\br=["']([A-Z]{0,3})(\d+)["']""")
_CHUNK = 1 << 20


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def check_extent(archive: zipfile.ZipFile, where: Location) -> None:
    """Refuse a workbook that would not fit in memory once read: python-calamine holds each
    sheet as a rectangle from its first to its last cell, so two cells at A1 and XFD1048576
    in an 8 KB file ask for hundreds of GB (and abort the process). Every cell and row
    reference of every worksheet is scanned (streaming, before calamine opens the file)
    against a register's plausible size, and the unpacked size against a ceiling.

    Raises:
        InputError: a sheet reaching past column GR (200) or row 2,000,000, or a workbook
            that unpacks to more than 2 GB.
    """
    sheets = [info for info in archive.infolist() if info.filename.startswith("xl/worksheets/")]
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
        raise InputError(_("the workbook unpacks to more than 2 GB"), where)
    for info in sheets:
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                block = tail + chunk
                for letters, digits in _REFERENCE.findall(block):
                    if (letters and _column_number(letters) > _MAX_COLUMNS) or int(
                        digits
                    ) > _MAX_ROWS:
                        raise InputError(
                            _(
                                "a sheet reaches cell {cell}: a register has at most {columns} "
                                "columns and {rows} rows"
                            ).format(
                                cell=(letters + digits).decode(),
                                columns=_MAX_COLUMNS,
                                rows=f"{_MAX_ROWS:,}".replace(",", "."),
                            ),
                            where,
                        )
                tail = block[-256:]


def cell_value(value: object, strings: dict[str, str]) -> Cell:
    """A value as calamine gives it, as a :data:`~ntm.core.households.fields.Cell`.

    calamine gives every number cell as a float: a whole one becomes an int, any other
    the exact decimal of its shortest text (45.5, never 45.49999…); a blank cell, and an
    error cell (#N/A), come as "" and become None; a time of day or a duration (never a
    register's value) becomes its text. A text is kept once in ``strings`` (calamine
    makes a new string for each cell: "có" a million times would take 50 MB).
    """
    if isinstance(value, str):
        return strings.setdefault(value, value) if value else None
    if isinstance(value, float):
        return int(value) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, bool | int | datetime.date):  # a datetime is a date too
        return value
    if isinstance(value, datetime.time):
        return value.isoformat()
    return str(value)


def sheet_rows(data: CalamineSheet, strings: dict[str, str]) -> Iterator[tuple[int, list[Cell]]]:
    """Every row of a worksheet down to the last that holds a cell, blank ones too:
    (1-based row number, cells by column from column A; calamine's rows begin at the first
    used column). ``strings`` keeps each text once (see :func:`cell_value`)."""
    start = data.start
    if start is None:  # no cell at all
        return
    pad: list[Cell] = [None] * start[1]
    for number, values in enumerate(data.iter_rows(), start=1):
        cells = [cell_value(value, strings) for value in values]
        yield number, pad + cells if pad else cells
