"""Convert a DOCX to PDF with LibreOffice, when it is installed.

LibreOffice is not a Python dependency: on Debian it is the package
``libreoffice-writer-nogui`` (or ``libreoffice-writer``). Times New Roman is replaced by its
metric-compatible Liberation Serif where it is missing, so the lines and pages break as in
Word; use version 2 (package ``fonts-liberation2``): version 1 lacks Vietnamese letters
such as ư, ơ and ạ, which LibreOffice then draws in another typeface.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ntm.core.exceptions import CoreError, Location
from ntm.core.i18n import _

__all__ = ["PdfError", "find_office", "to_pdf"]

#: The names LibreOffice's command goes by.
_COMMANDS = ("soffice", "libreoffice")


class PdfError(CoreError):
    """The PDF could not be made: LibreOffice is missing, failed, or took too long."""


def find_office() -> str | None:
    """The path of LibreOffice's command, or ``None`` when it is not installed."""
    for name in _COMMANDS:
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(docx: bytes, *, name: str = "document.docx", timeout: float = 180) -> bytes:
    """The PDF of a DOCX, made by LibreOffice in a private profile (so that a LibreOffice
    the user has open does not block it).

    Raises:
        PdfError: LibreOffice is not installed, exits with an error, writes no PDF, or runs
            longer than ``timeout`` seconds.
    """
    office = find_office()
    if office is None:
        raise PdfError(
            _(
                "LibreOffice is not installed, so no PDF was made; install it "
                "(Debian: apt install libreoffice-writer-nogui) or open the DOCX in Word"
            ),
            Location(file=name),
        )
    with tempfile.TemporaryDirectory(prefix="ntm-pdf-") as folder:
        work = Path(folder)
        source = work / Path(name).with_suffix(".docx").name
        source.write_bytes(docx)
        profile = (work / "profile").as_uri()
        command = [
            office,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(
                _("LibreOffice took more than {seconds} s to make the PDF").format(
                    seconds=int(timeout)
                ),
                Location(file=name),
            ) from None
        target = source.with_suffix(".pdf")
        if completed.returncode != 0 or not target.exists():
            detail = (completed.stderr or completed.stdout).strip().splitlines()
            raise PdfError(
                _("LibreOffice could not make the PDF: {detail}").format(
                    detail=detail[-1] if detail else completed.returncode
                ),
                Location(file=name),
            )
        return target.read_bytes()
