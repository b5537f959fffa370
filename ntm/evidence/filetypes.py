"""The type of an evidence file, told from its bytes: never from its name or from what the
browser claims.

Accepted: PDF (``%PDF-``), JPEG (``FF D8 FF``), PNG (the 8-byte signature), and the two
Office Open XML documents, DOCX and XLSX: a ZIP archive whose ``[Content_Types].xml``
names the Word document or the workbook as its main part (and that part is in the
archive). Macro-enabled documents (DOCM, XLSM) and templates name other main types and
are refused.
"""

from __future__ import annotations

import enum
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

#: ``[Content_Types].xml`` is a few kilobytes; anything much larger is not a real document.
CONTENT_TYPES_LIMIT = 1024 * 1024
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    """An accepted type: its short label, the media type it is served as, its extension."""

    label: str
    content_type: str
    extension: str


PDF = FileType("PDF", "application/pdf", "pdf")
JPEG = FileType("JPEG", "image/jpeg", "jpg")
PNG = FileType("PNG", "image/png", "png")
DOCX = FileType(
    "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
XLSX = FileType("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ACCEPTED = (PDF, DOCX, XLSX, JPEG, PNG)
LABELS = {file_type.content_type: file_type.label for file_type in ACCEPTED}

_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
#: The main part's content type in ``[Content_Types].xml`` → the document type.
_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}


class Rejection(enum.Enum):
    """Why a file is not accepted (the service turns it into a message naming the file)."""

    UNKNOWN = "unknown"  # none of the signatures
    BAD_ZIP = "bad_zip"  # starts like a ZIP archive but cannot be read as one
    OTHER_ZIP = "other_zip"  # a readable ZIP archive, but not a Word or Excel document


class FileTypeRejected(Exception):
    def __init__(self, reason: Rejection) -> None:
        super().__init__(reason.value)
        self.reason = reason


def detect_file_type(file: IO[bytes]) -> FileType:
    """The type of a seekable binary file, from its content; the position is left at 0.

    Raises:
        FileTypeRejected: not one of the accepted types, with the reason.
    """
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for signature, file_type in _SIGNATURES:
        if head.startswith(signature):
            return file_type
    if head.startswith(_ZIP_SIGNATURE):
        try:
            return _office_type(file)
        finally:
            file.seek(0)
    raise FileTypeRejected(Rejection.UNKNOWN)


def _office_type(file: IO[bytes]) -> FileType:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                raise FileTypeRejected(Rejection.OTHER_ZIP) from None
            if info.file_size > CONTENT_TYPES_LIMIT:
                raise FileTypeRejected(Rejection.OTHER_ZIP)
            with archive.open(info) as member:
                # The declared size may lie: never read more than the limit.
                text = member.read(CONTENT_TYPES_LIMIT + 1)
    except FileTypeRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # an unsupported compression method
        RuntimeError,  # an encrypted member
        EOFError,
        OSError,
        ValueError,
        zlib.error,
    ):
        raise FileTypeRejected(Rejection.BAD_ZIP) from None
    if len(text) > CONTENT_TYPES_LIMIT:
        raise FileTypeRejected(Rejection.OTHER_ZIP)
    found = {_MAIN_PARTS[t] for t in _main_parts(text, names) if t in _MAIN_PARTS}
    if len(found) != 1:
        raise FileTypeRejected(Rejection.OTHER_ZIP)
    return found.pop()


def _main_parts(text: bytes, names: set[str]) -> list[str]:
    """The content types of the Override entries whose part is in the archive."""
    # Office documents never carry a DTD; refusing one rules out entity expansion.
    lowered = text.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise FileTypeRejected(Rejection.OTHER_ZIP)
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        raise FileTypeRejected(Rejection.OTHER_ZIP) from None
    return [
        element.get("ContentType", "")
        for element in root.iter(f"{_CONTENT_TYPES_NS}Override")
        if element.get("PartName", "").lstrip("/") in names
    ]
