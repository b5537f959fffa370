"""The one exception tree of the domain core.

::

    CoreError
    ├── CatalogError          a criteria-set or overlay file is wrong, or a code is unknown
    ├── InputError            an input file (readings, spreadsheet) is wrong
    │   └── NumberFormatError a text that should be a number is not one
    └── EvaluationError       a review cannot be evaluated as asked (e.g. no region for a
                              set whose thresholds vary by region)

Every error carries a ``location`` (file, row, column, criterion, field: whatever is
known) so that an interface can print one clear message and exit with status 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ntm.core.i18n import _

__all__ = [
    "CatalogError",
    "CoreError",
    "EvaluationError",
    "InputError",
    "Location",
    "NumberFormatError",
]


@dataclass(frozen=True)
class Location:
    """Where an error sits: file, sheet, row (1-based), column, criterion, indicator, field."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    criterion: str | None = None
    indicator: str | None = None
    field: str | None = None

    def describe(self) -> str:
        """Render as "file.xlsx, sheet 'X', row 4, column 'kết quả'" (only the known parts),
        in the active language."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(_("sheet '{name}'").format(name=self.sheet))
        if self.row is not None:
            parts.append(_("row {row}").format(row=self.row))
        if self.column:
            parts.append(_("column '{name}'").format(name=self.column))
        if self.criterion:
            parts.append(_("criterion {number}").format(number=self.criterion))
        if self.indicator:
            parts.append(_("indicator {code}").format(code=self.indicator))
        if self.field:
            parts.append(_("field '{name}'").format(name=self.field))
        return ", ".join(parts)

    def with_(self, **changes: object) -> Location:
        """Return a copy with some parts replaced."""
        data: dict[str, object] = {**self.__dict__, **changes}
        return Location(**data)  # type: ignore[arg-type]


@dataclass
class CoreError(Exception):
    """Base of every error the core raises: a message and where the problem is."""

    message: str
    location: Location = field(default_factory=Location)
    details: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.location.describe()
        return f"{where}: {self.message}" if where else self.message


class CatalogError(CoreError):
    """A criteria-set or overlay file breaks its schema, or a set or indicator code is unknown."""


class InputError(CoreError):
    """An input file (a review in YAML, CSV or XLSX; a catalog spreadsheet) is wrong."""


class NumberFormatError(InputError):
    """A text that should be a number (Vietnamese or plain writing) is not one."""


class EvaluationError(CoreError):
    """A review cannot be evaluated as asked."""
