"""The raw worksheet-XML scan of an XLSX file for the cells that openpyxl's ``data_only``
loading would misread: a formula saved without a computed value (read as empty), a number
in exponent notation (``1E-400`` read as 0), NaN or infinity. :func:`scan_cells` describes
each as words that follow "cell B7 ", for the importer to raise when the cell is in a
column it reads.
"""

from __future__ import annotations

import io
import re
from typing import IO, Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.xml.functions import iterparse

from ntm.core.i18n import _

__all__ = [
    "EXPONENT_NUMBER",
    "Suspects",
    "scan_cells",
]

#: Sheet title → (row, column) → what is wrong with the cell, as "holds …" words (translated
#: when the file is read, to follow "cell B7 ").
Suspects = dict[str, dict[tuple[int, int], str]]

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
EXPONENT_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$")


def scan_cells(content: bytes) -> Suspects:
    """Read the worksheets' XML for cells that ``data_only`` loading would misread.

    openpyxl gives ``None`` for a formula that was never computed (a file written by a
    program rather than saved by Excel or LibreOffice), turns the number ``1E-400`` into
    ``0.0`` and ``1E+400`` into infinity, and stops at ``NaN``; the raw cell tells them apart.
    """
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        suspects: Suspects = {}
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
    if EXPONENT_NUMBER.match(value.strip()):
        return _(
            "holds the number {number} in exponent notation, which is refused (it may have "
            "been rounded): type the number in full, e.g. 95 or 12,5, as text"
        ).format(number=value.strip())
    return _("holds {value}, which is not a finite number: type the number").format(
        value=repr(value.strip())
    )
