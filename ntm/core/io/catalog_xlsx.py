"""A criteria set as an editable XLSX template, and back, in one import: a province (or
anyone maintaining a criteria set) gets the set as a workbook with
:func:`export_criteria_set` (:mod:`ntm.core.io.catalog_export`), edits it in Excel or
LibreOffice, and hands it back to :func:`import_criteria_set`
(:mod:`ntm.core.io.catalog_import`); the sheet names are those of the template's layout
(:mod:`ntm.core.io.catalog_sheets`).
"""

from __future__ import annotations

from ntm.core.io.catalog_export import export_criteria_set
from ntm.core.io.catalog_import import import_criteria_set
from ntm.core.io.catalog_sheets import (
    CRITERIA_SHEET,
    GUIDE_SHEET,
    INDICATORS_SHEET,
    SET_SHEET,
    THRESHOLDS_SHEET,
)

__all__ = [
    "CRITERIA_SHEET",
    "GUIDE_SHEET",
    "INDICATORS_SHEET",
    "SET_SHEET",
    "THRESHOLDS_SHEET",
    "export_criteria_set",
    "import_criteria_set",
]
