"""The register's XLSX downloads: the bad rows of an import, the counts per hamlet (no
names: what may go to the province), the visit list of a hamlet (names: the commune's
officers only), the person rows (pseudonymised unless asked otherwise) and the blank
template."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ntm.core.households import files as register_files
from ntm.core.households.compute import Tally
from ntm.core.households.fields import CERTIFICATE_CHOICES, SEX_CHOICES
from ntm.core.households.register import Register, RegisterRules
from ntm.core.households.visits import households_to_visit
from ntm.core.io.xlsx_cells import put, safe_row
from ntm.households.models import RegisterImport
from ntm.households.presenters import TallyColumn
from ntm.territories.models import Unit

__all__ = [
    "ERRORS_LISTED",
    "errors_xlsx",
    "persons_xlsx",
    "pseudonym",
    "summary_xlsx",
    "template_xlsx",
    "visit_list_xlsx",
    "visit_tallies",
]

_BOLD = Font(bold=True)
_CENT = Decimal("0.01")
_TITLE = Font(bold=True, size=13)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Any, row: int, labels: Sequence[str], widths: Sequence[int]) -> None:
    for column, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = put(sheet, row, column, label)
        cell.font = _BOLD
        cell.alignment = _WRAP
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)


def _title(sheet: Any, lines: Sequence[str]) -> int:
    for row, line in enumerate(lines, start=1):
        put(sheet, row, 1, line).font = _TITLE if row == 1 else Font(italic=True)
    return len(lines) + 2


#: The most bad rows the errors download lists (a file where every cell is bad would
#: otherwise take minutes and gigabytes); the total is always given.
ERRORS_LISTED = 100_000


def errors_xlsx(errors: Sequence[register_files.RowError], file_label: str, *, total: int) -> bytes:
    """The bad rows: file, sheet, row, column, value, reason (at most
    :data:`ERRORS_LISTED`; ``total`` is how many there are). A write-only workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Errors")[:31])
    for width, letter in zip((28, 16, 8, 24, 24, 70), "ABCDEF", strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(safe_row(sheet, [_("Rows refused in %(file)s") % {"file": file_label}]))
    summary = _("%(count)d errors; nothing was written.") % {"count": total}
    if total > len(errors):
        summary += " " + _("The first %(shown)d are listed.") % {"shown": len(errors)}
    sheet.append(safe_row(sheet, [summary]))
    sheet.append([])
    sheet.append(
        safe_row(sheet, [_("File"), _("Sheet"), _("Row"), _("Column"), _("Value"), _("Reason")])
    )
    for error in errors:
        sheet.append(
            safe_row(
                sheet,
                [error.file, error.sheet, error.row, error.column, error.value, error.reason],
            )
        )
    return _save(workbook)


def _status_text(column: TallyColumn) -> str:
    if column.threshold is None:
        return ""
    return _("not met") if column.commune.needed else _("met")


def summary_xlsx(commune: Unit, latest: RegisterImport, columns: Sequence[TallyColumn]) -> bytes:
    """The counts of every tally for the commune and each hamlet; no household rows."""
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Per hamlet")[:31]
    lines = [
        _("Household-based indicators of %(commune)s") % {"commune": commune.full_name},
        _("Household register of %(date)s; source: %(source)s")
        % {"date": latest.reference_date.strftime("%d/%m/%Y"), "source": latest.source},
    ]
    if latest.synthetic:
        lines.append(_("SYNTHETIC DATA: not the commune's figures."))
    first = _title(sheet, lines)
    _header(
        sheet,
        first,
        [
            _("Indicator"),
            _("Tally"),
            _("Threshold"),
            _("Hamlet"),
            _("Numerator"),
            _("Denominator"),
            _("Share (%)"),
            _("Still needed"),
        ],
        [10, 40, 12, 28, 12, 12, 12, 14],
    )
    row = first + 1
    for column in columns:
        for hamlet, cell in [(None, column.commune), *column.hamlets]:
            values = [
                column.indicator,
                column.label,
                column.threshold_text,
                hamlet.full_name if hamlet is not None else _("Whole commune"),
                cell.result.numerator,
                cell.result.denominator,
                None if cell.percent is None else cell.percent.quantize(_CENT, ROUND_HALF_UP),
                cell.needed,
            ]
            for index, value in enumerate(values, start=1):
                target = put(sheet, row, index, value)
                if hamlet is None:
                    target.font = _BOLD
            row += 1
    return _save(workbook)


def visit_tallies(columns: Sequence[TallyColumn]) -> tuple[Tally, ...]:
    """The tallies a visit list is about: those standing for an indicator of the set that
    the commune is not known to meet (failing, or with no known threshold)."""
    return tuple(
        column.tally
        for column in columns
        if column.indicator and not (column.threshold is not None and not column.commune.needed)
    )


def visit_list_xlsx(
    commune: Unit,
    hamlet: Unit,
    latest: RegisterImport,
    register: Register,
    tallies: Sequence[Tally],
) -> bytes:
    """The households of a hamlet that stand between the commune and a threshold, one row
    each with what is missing: for the hamlet head, from the commune's officer."""
    rows = (
        households_to_visit(register, RegisterRules(), hamlet=hamlet.code, tallies=tallies)
        if hamlet.code in register.hamlets
        else []
    )
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Visit list")[:31]
    lines = [
        _("Households to visit: %(hamlet)s, %(commune)s")
        % {"hamlet": hamlet.full_name, "commune": commune.full_name},
        _("Household register of %(date)s; %(count)d households to visit")
        % {"date": latest.reference_date.strftime("%d/%m/%Y"), "count": len(rows)},
        _("Personal data: for the hamlet head's visits only; do not pass on."),
    ]
    if register.synthetic:
        lines.append(_("SYNTHETIC DATA: not the commune's figures."))
    first = _title(sheet, lines)
    _header(
        sheet,
        first,
        [_("No."), _("Household code"), _("Head of household"), _("What is missing"), _("Done")],
        [6, 16, 28, 80, 10],
    )
    for index, visit in enumerate(rows, start=1):
        reasons = "; ".join(dict.fromkeys(visit.reasons))  # once each, in order
        values = [index, visit.code, visit.head_name, reasons, ""]
        for column, value in enumerate(values, start=1):
            put(sheet, first + index, column, value).alignment = _WRAP
    return _save(workbook)


def pseudonym(commune: Unit, *parts: object) -> str:
    """A stable pseudonym for a row, keyed by the site's secret (so it cannot be reversed
    without it) and its purpose: ten hexadecimal digits, e.g. "3f9a0c1b7e"."""
    message = ":".join([commune.code, *map(str, parts)])
    return salted_hmac("ntm.households.pseudonym", message, algorithm="sha256").hexdigest()[:10]


#: The words of the register's own template (what a re-import reads back).
_SEX = {choice.value: choice.label_vi for choice in SEX_CHOICES}
_CERTIFICATE = {choice.value: choice.label_vi for choice in CERTIFICATE_CHOICES}


def persons_xlsx(commune: Unit, register: Register, *, names: bool) -> bytes:
    """One row per person. Without ``names``, the person and the household are pseudonyms
    and no name or identity number is written."""
    hamlet_of = {household.code: household.hamlet for household in register.households}
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Persons")[:31]
    lines = [
        _("Persons of %(commune)s") % {"commune": commune.full_name},
        _("With names and identity numbers: personal data, do not pass on.")
        if names
        else _("Pseudonymised: no names or identity numbers."),
    ]
    if register.synthetic:
        lines.append(_("SYNTHETIC DATA: not the commune's figures."))
    first = _title(sheet, lines)
    labels = [_("Person"), _("Household"), _("Hamlet")]
    if names:
        labels += [_("Name"), _("Identity number")]
    labels += [
        _("Year of birth"),
        _("Sex"),
        _("Working"),
        _("Trained"),
        _("Highest certificate"),
        _("Health insurance"),
    ]
    _header(sheet, first, labels, [14] * len(labels))
    positions: dict[str, int] = {}
    yes, no = _("yes"), _("no")
    for offset, person in enumerate(register.persons, start=1):
        position = positions.get(person.household, 0) + 1
        positions[person.household] = position
        if names:
            values: list[object] = [
                f"{person.household}-{position}",
                person.household,
                hamlet_of[person.household],
                person.name,
                person.id_number,
            ]
        else:
            values = [
                "NK-" + pseudonym(commune, person.household, position),
                "HO-" + pseudonym(commune, person.household),
                hamlet_of[person.household],
            ]
        values += [
            person.birth_year,
            _SEX[person.sex],
            yes if person.working else no,
            yes if person.trained else no,
            _CERTIFICATE[person.certificate],
            yes if person.health_insurance else no,
        ]
        for column, value in enumerate(values, start=1):
            put(sheet, first + offset, column, value)
    return _save(workbook)


def template_xlsx(hamlet_names: Sequence[str]) -> bytes:
    """The blank register template (:func:`ntm.core.households.files.write_register_template`)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mau-so-ho.xlsx"
        register_files.write_register_template(path, hamlets=hamlet_names)
        return path.read_bytes()
