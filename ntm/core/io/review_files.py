"""Read a review from a file: YAML, CSV or XLSX, told apart by content and name.

- YAML (``schema: ntm-review/1``): :mod:`ntm.core.io.review_yaml`;
- CSV and XLSX in the summary-table layout communes use: :mod:`ntm.core.io.review_tables`;
- the checks on each reading, whatever the file: :mod:`ntm.core.io.review_cells`.

Every error names the file, the sheet, the row and the column, and what is wrong.
"""

from __future__ import annotations

from ntm.core.catalog import CriteriaSet
from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _
from ntm.core.io.os_errors import os_reason
from ntm.core.io.review_cells import ReviewDefaults
from ntm.core.io.review_tables import INFO_SHEET, read_csv_review, read_xlsx_review
from ntm.core.io.review_yaml import read_yaml_review
from ntm.core.registry import Catalog
from ntm.core.review import ReviewInput

__all__ = ["INFO_SHEET", "ReviewDefaults", "read_review", "read_review_bytes"]

_XLSX_MAGIC = b"PK\x03\x04"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_review(
    path: str, *, catalog: Catalog, defaults: ReviewDefaults | None = None
) -> tuple[ReviewInput, CriteriaSet]:
    """Read a review file.

    Returns:
        The review and the effective criteria set it names.

    Raises:
        InputError: the file cannot be read, is of the wrong type, or holds a bad value.
    """
    try:
        with open(path, "rb") as handle:
            content = handle.read()
    except OSError as error:
        raise InputError(
            _("cannot read the file: {reason}").format(reason=os_reason(error)), Location(file=path)
        ) from None
    return read_review_bytes(content, name=path, catalog=catalog, defaults=defaults)


def read_review_bytes(
    content: bytes, *, name: str, catalog: Catalog, defaults: ReviewDefaults | None = None
) -> tuple[ReviewInput, CriteriaSet]:
    """Read a review from bytes; ``name`` tells YAML from CSV and is used in messages.

    Raises:
        InputError: as :func:`read_review`.
    """
    defaults = defaults or ReviewDefaults()
    lower = name.lower()
    if content.startswith(_XLSX_MAGIC):
        if not lower.endswith((".xlsx", ".xlsm")):
            raise InputError(
                _("this is a spreadsheet (XLSX) but its name does not end in .xlsx"),
                Location(file=name),
            )
        return read_xlsx_review(content, name=name, catalog=catalog, defaults=defaults)
    if lower.endswith((".xlsx", ".xlsm", ".xls")):
        raise InputError(
            _(
                "not a spreadsheet: an .xlsx file is a ZIP archive and this one is not "
                "(an old .xls or a renamed file? save it again as .xlsx)"
            ),
            Location(file=name),
        )
    if not content.strip():
        raise InputError(_("the file is empty"), Location(file=name))
    text = _decode(content, name)
    if lower.endswith((".yaml", ".yml")):
        return read_yaml_review(text, name=name, catalog=catalog, defaults=defaults)
    if lower.endswith(".csv"):
        return read_csv_review(text, name=name, catalog=catalog, defaults=defaults)
    raise InputError(
        _("unknown file type: a review is a .yaml, .csv or .xlsx file"), Location(file=name)
    )


def _decode(content: bytes, name: str) -> str:
    head = content[:4096]
    if b"\x00" in head:
        # UTF-16 text (Excel's "Unicode text") has a NUL beside nearly every Latin letter.
        if head.startswith(_UTF16_BOMS) or head.count(0) > len(head) // 4:
            raise InputError(
                _(
                    "the text is in UTF-16 (as Excel's 'Unicode text' saves it); save it as "
                    "'CSV UTF-8' instead"
                ),
                Location(file=name),
            )
        raise InputError(_("not a text file (it holds binary data)"), Location(file=name))
    if head.startswith(_UTF16_BOMS):
        raise InputError(
            _("the text is in UTF-16; save it as 'CSV UTF-8' instead"), Location(file=name)
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            _("not UTF-8 text (byte {position}); save the file as UTF-8").format(
                position=error.start + 1
            ),
            Location(file=name),
        ) from None
