"""Writing cells into a workbook without letting a value become a formula.

A text that starts with "=" (a name typed as "=HYPERLINK(…)", a bad cell copied from an
uploaded file into an error list) is written by openpyxl as a formula, which a spreadsheet
program runs when the file is opened (CSV/formula injection, OWASP). Every workbook the
product writes goes through :func:`put` (a normal worksheet) or :func:`safe_row` (a
write-only one), which store such a text as a text, and replace the control characters a
workbook cannot hold (openpyxl would refuse the whole file).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

__all__ = ["put", "safe_row"]


def _formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _clean(value: object) -> object:
    """A text without the control characters a workbook cannot hold (a bad cell quoted in
    an error list may have one): each becomes U+FFFD."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def put(sheet: Any, row: int, column: int, value: object, *, text: bool = False) -> Any:
    """Write ``value`` into the cell at ``row``, ``column`` (1-based) of a worksheet and
    return the cell; ``None`` or "" leaves it empty. ``text`` formats the cell as text
    ("@"), for codes with leading zeros."""
    cell = sheet.cell(row=row, column=column)
    if text:
        cell.number_format = "@"
    if value is None or value == "":
        return cell
    value = _clean(value)
    cell.value = value
    if _formula_like(value):
        cell.data_type = "s"  # a text, not a formula
    return cell


def safe_row(sheet: Any, values: Iterable[object]) -> list[object]:
    """A row for ``sheet.append`` of a write-only worksheet, with every formula-like text
    wrapped in a text cell (cells already built are passed through)."""
    row: list[object] = []
    for value in map(_clean, values):
        if _formula_like(value):
            cell = WriteOnlyCell(sheet, value=str(value))
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
