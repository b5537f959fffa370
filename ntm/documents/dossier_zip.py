"""The recognition dossier as one ZIP, and its index (mục lục hồ sơ).

Layout of the ZIP::

    00-Van-ban/01-To-trinh.docx           the documents of recognition-procedure.md §3 [M]
    00-Van-ban/02-Bao-cao-ket-qua.docx    (ntm.documents.dossier.DOCUMENTS)
    …
    00-Van-ban/06-Hai-long.docx
    Muc-luc.docx                          the index: documents, then evidence per criterion
    TC01-Quy-hoach/                       one folder per criterion of the set
    TC09-Nha-o-dan-cu/9.1-Bien-ban-ra-soat-nha-o.pdf
    TC09-Nha-o-dan-cu/9-Bao-cao-tieu-chi.pdf     (a file on the criterion as a whole)

An evidence file is named ``<indicator>-<safe original name>`` (the criterion number for a
file on the whole criterion): the name without its folders, control characters or
diacritics ("Biên bản rà soát nhà ở.PDF" → "Bien-ban-ra-soat-nha-o.pdf"), a clash within a
folder (ignoring case) numbered "-2", "-3" before the extension.

Files are streamed from disk in 1 MiB chunks, never held whole in memory; each one's size
and SHA-256 are checked while it is copied. Types that are compressed already (JPEG, PNG,
PDF, DOCX, XLSX, ZIP, …) are stored, the others deflated. Every entry carries the same
timestamp (the submission's earliest day, midnight), so the same content and files give the
same bytes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, BinaryIO

from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _, language
from ntm.core.io.os_errors import os_reason
from ntm.core.recognition.dossier import DossierContent, EvidenceItem, Missing, dossier_missing
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.values import format_decimal
from ntm.documents.dossier import (
    DOCUMENTS,
    LEVEL_PHRASES,
    document_header,
    fixed_timestamps,
)
from ntm.documents.render import Block, render_template, shipped_template

__all__ = [
    "DOCUMENTS_FOLDER",
    "INDEX_NAME",
    "ZipEntry",
    "ZipSummary",
    "ascii_slug",
    "compression_for",
    "criterion_folder",
    "evidence_paths",
    "render_index",
    "safe_file_name",
    "write_dossier_zip",
]

#: The folder of the dossier's documents.
DOCUMENTS_FOLDER = "00-Van-ban"
#: The index at the ZIP's root.
INDEX_NAME = "Muc-luc.docx"

#: Types already compressed: stored as they are (by extension, or by the type label).
_STORED = frozenset(
    {
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "heic",
        "pdf",
        "docx",
        "xlsx",
        "pptx",
        "odt",
        "ods",
        "zip",
        "7z",
        "rar",
        "gz",
        "mp4",
        "mov",
        "mp3",
        "m4a",
    }
)
_CHUNK = 1 << 20
_DateTime = tuple[int, int, int, int, int, int]
_SLUG_LENGTH = 60
_NAME_LENGTH = 100


# --- names --------------------------------------------------------------------------------


def ascii_slug(text: str, *, limit: int = _SLUG_LENGTH) -> str:
    """ASCII letters and digits joined by "-", diacritics dropped, case kept: "Nhà ở dân
    cư" → "Nha-o-dan-cu", "Đường trục xã" → "Duong-truc-xa"; at most ``limit`` characters
    (cut at a "-" when there is one); "" for text without a letter or digit."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


def criterion_folder(number: int, name: str) -> str:
    """The folder of a criterion: "TC09-Nha-o-dan-cu" ("TC09" when the name has no letter)."""
    slug = ascii_slug(name)
    return f"TC{number:02d}-{slug}" if slug else f"TC{number:02d}"


def safe_file_name(name: str) -> str:
    """A file's original name made safe inside a ZIP and on any disk: the last part of a
    path ("a/b\\\\c.pdf" → "c.pdf"), control characters as separators, no diacritics, the stem as
    :func:`ascii_slug` ("tep" when nothing is left), the extension lowercased ("Ảnh
    chụp.JPG" → "Anh-chup.jpg"); at most 100 characters."""
    last = re.split(r"[\\/]", name)[-1]
    last = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in last)
    stem, dot, extension = last.rpartition(".")
    if not dot or not stem.strip(" ."):
        stem, extension = last, ""
    extension = ascii_slug(extension).lower()[:10]
    base = ascii_slug(stem, limit=_NAME_LENGTH - len(extension) - 1) or "tep"
    return f"{base}.{extension}" if extension else base


def _numbered(name: str, number: int) -> str:
    stem, dot, extension = name.rpartition(".")
    return f"{stem}-{number}.{extension}" if dot else f"{name}-{number}"


def _ordered(content: DossierContent) -> list[int]:
    """The evidence's positions, by criterion number then as given (a stable sort)."""
    return sorted(range(len(content.evidence)), key=lambda i: content.evidence[i].criterion)


def _folders(content: DossierContent) -> dict[int, str]:
    """Criterion number → folder, for the set's criteria and any other an evidence names."""
    folders = {
        c.number: criterion_folder(c.number, c.criterion.name) for c in content.result.criteria
    }
    for item in content.evidence:
        folders.setdefault(item.criterion, f"TC{item.criterion:02d}")
    return dict(sorted(folders.items()))


def _prefix(item: EvidenceItem) -> str:
    """The indicator's code ("9.1"), made safe, or the criterion's number ("9")."""
    code = ".".join(ascii_slug(part) for part in item.indicator.split(".")).strip(".")
    return code or str(item.criterion)


def evidence_paths(content: DossierContent) -> tuple[str, ...]:
    """The path inside the ZIP of each evidence file, in the order of ``content.evidence``:
    "TC09-Nha-o-dan-cu/9.1-Bien-ban-ra-soat-nha-o.pdf". Names are unique within the ZIP,
    compared without case (numbered "-2", "-3" in the order of :func:`_ordered`)."""
    folders = _folders(content)
    taken: set[str] = set()
    paths = [""] * len(content.evidence)
    for index in _ordered(content):
        item = content.evidence[index]
        name = f"{_prefix(item)}-{safe_file_name(item.name)}"
        path = f"{folders[item.criterion]}/{name}"
        number = 1
        while path.casefold() in taken:
            number += 1
            path = f"{folders[item.criterion]}/{_numbered(name, number)}"
        taken.add(path.casefold())
        paths[index] = path
    return tuple(paths)


# --- the index ----------------------------------------------------------------------------


def _size(size: int) -> str:
    """ "1,5 MB", "820 KB", "512 B" (1 KB = 1024 B)."""
    if size >= 1 << 20:
        return f"{format_decimal(Decimal(size) / (1 << 20), places=1)} MB"
    if size >= 1 << 10:
        return f"{format_decimal(Decimal(size) / (1 << 10), places=0)} KB"
    return f"{size} B"


def _index_context(content: DossierContent, paths: Sequence[str]) -> dict[str, Any]:
    level = LEVEL_PHRASES[content.level]
    commune = f"{content.commune.kind.lower()} {content.commune.name}"
    subject = f"Hồ sơ đề nghị xét công nhận {commune} đạt chuẩn {level} năm {content.year}"
    context = document_header(content, subject, date=content.submission.date)
    blocks = [
        Block("h1", "A. CÁC VĂN BẢN"),
        *(
            Block(
                "item",
                f"{number}. {title} ({DOCUMENTS_FOLDER}/{name})"
                + ("." if number == len(DOCUMENTS) else ";"),
            )
            for number, (name, title, _render) in enumerate(DOCUMENTS, start=1)
        ),
        Block("h1", "B. HỒ SƠ MINH CHỨNG CÁC TIÊU CHÍ"),
        Block(
            "body",
            f"Gồm {len(content.evidence)} tệp, mỗi tiêu chí một thư mục, "
            f"tổng dung lượng {_size(sum(item.size for item in content.evidence))}:",
        ),
    ]
    context["blocks"] = blocks
    context["table"] = "evidence"
    context["table_title"] = ""
    rows: list[dict[str, Any]] = []
    names = {c.number: c.criterion.name for c in content.result.criteria}
    folders = _folders(content)
    by_criterion: dict[int, list[int]] = {number: [] for number in folders}
    for index in _ordered(content):
        by_criterion[content.evidence[index].criterion].append(index)
    running = 0
    for number, indexes in by_criterion.items():
        name = names.get(number, "(không có trong bộ tiêu chí)")
        folder = folders[number]
        rows.append(_row(head=True, criterion=f"{number}. {name}", name=f"{folder}/"))
        if not indexes:
            rows.append(_row(name="(Chưa có tệp minh chứng)"))
        for index in indexes:
            running += 1
            rows.append(_evidence_row(running, content.evidence[index], paths[index]))
    context["rows"] = rows
    return context


def _row(
    *, head: bool = False, criterion: str = "", name: str = "", tt: str = ""
) -> dict[str, Any]:
    return {
        "head": head,
        "tt": tt,
        "criterion": criterion,
        "indicator": "",
        "name": name,
        "path": "",
        "kind": "",
        "size": "",
        "description": "",
    }


def _evidence_row(running: int, item: EvidenceItem, path: str) -> dict[str, Any]:
    return {
        "head": False,
        "tt": str(running),
        "criterion": "",
        "indicator": item.indicator or "Cả tiêu chí",
        "name": " ".join(item.name.split()),
        "path": path,
        "kind": item.content_type,
        "size": _size(item.size),
        "description": " ".join(item.description.split()),
    }


def render_index(content: DossierContent, paths: Sequence[str] | None = None) -> bytes:
    """The index of the dossier (mục lục hồ sơ): the documents with their paths, then a
    table TT | Tiêu chí | Chỉ tiêu | Tên tệp (with its path in the ZIP) | Loại | Dung lượng |
    Mô tả, a bold row per criterion of the set (its folder) and a row per evidence file
    ("Chưa có tệp minh chứng" under a criterion without any). ``paths``: the evidence's
    paths in the ZIP (:func:`evidence_paths`), when the caller has them.

    Returns:
        The DOCX as bytes.
    """
    with language("vi"):
        context = _index_context(content, evidence_paths(content) if paths is None else paths)
        return fixed_timestamps(render_template(shipped_template("muc-luc.docx"), context))


# --- the ZIP ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZipEntry:
    """One file written into the ZIP: its ``path`` inside it, ``size`` (bytes, before
    compression), ``sha256`` (hex) and ``kind``: "document", "index" or "evidence"."""

    path: str
    size: int
    sha256: str
    kind: str


@dataclass(frozen=True)
class ZipSummary:
    """What :func:`write_dossier_zip` wrote: every file in order, and what the dossier still
    misses (:func:`~ntm.core.recognition.dossier.dossier_missing`; the ZIP of an incomplete
    dossier is a draft)."""

    entries: tuple[ZipEntry, ...]
    missing: tuple[Missing, ...]

    @property
    def evidence_count(self) -> int:
        """How many evidence files."""
        return sum(1 for entry in self.entries if entry.kind == "evidence")

    @property
    def evidence_bytes(self) -> int:
        """Their total size, bytes."""
        return sum(entry.size for entry in self.entries if entry.kind == "evidence")

    @property
    def complete(self) -> bool:
        """Whether nothing is missing."""
        return not self.missing


def compression_for(item: EvidenceItem) -> int:
    """``zipfile.ZIP_STORED`` for a type that is compressed already (by the name's extension
    or the type label: JPEG, PNG, PDF, DOCX, XLSX, ZIP, …), ``zipfile.ZIP_DEFLATED`` else."""
    extension = item.name.rpartition(".")[2].lower() if "." in item.name else ""
    if extension in _STORED or item.content_type.strip().lower() in _STORED:
        return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


def _info(path: str, date_time: _DateTime, method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=date_time)
    info.compress_type = method
    info.external_attr = 0o644 << 16
    return info


def _copy(
    archive: zipfile.ZipFile, item: EvidenceItem, path: str, date_time: _DateTime
) -> ZipEntry:
    where = Location(file=str(item.path), criterion=str(item.criterion), indicator=item.indicator)
    info = _info(path, date_time, compression_for(item))
    info.file_size = item.size
    digest = hashlib.sha256()
    size = 0
    try:
        with (
            open(item.path, "rb") as source,
            archive.open(info, "w", force_zip64=item.size >= zipfile.ZIP64_LIMIT) as target,
        ):
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
    except OSError as error:
        raise InputError(
            _("cannot read the file: {reason}").format(reason=os_reason(error)), where
        ) from None
    if size != item.size or digest.hexdigest() != item.sha256.lower():
        raise InputError(
            _(
                "the evidence file {name} has changed since it was recorded: "
                "{size} bytes, SHA-256 {sha256}"
            ).format(name=item.name, size=size, sha256=digest.hexdigest()),
            where,
        )
    return ZipEntry(path=path, size=size, sha256=item.sha256.lower(), kind="evidence")


def write_dossier_zip(
    content: DossierContent, out: BinaryIO, *, rules: RecognitionRules | None = None
) -> ZipSummary:
    """Write the dossier's ZIP into ``out`` (a binary stream the caller owns: a file, a
    response, a ``BytesIO``; it need not be seekable): the six documents in "00-Van-ban",
    the index "Muc-luc.docx", one folder per criterion of the set with its evidence files
    (see the module docstring). The documents are rendered one at a time and the evidence
    files streamed from disk, so memory does not grow with the files' sizes.

    Returns:
        The entries written, and what the dossier still misses (with ``rules``, default the
        shipped :class:`RecognitionRules`).

    Raises:
        InputError: an evidence file cannot be read, or its size or SHA-256 differs from the
            recorded one (the location names the file, criterion and indicator); what was
            written to ``out`` by then is not a complete ZIP.
    """
    missing = dossier_missing(content, rules=rules)
    paths = evidence_paths(content)
    day = content.submission.date.earliest()
    date_time: _DateTime = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    entries: list[ZipEntry] = []
    with zipfile.ZipFile(out, "w", allowZip64=True) as archive:

        def document(path: str, data: bytes, kind: str) -> None:
            archive.writestr(_info(path, date_time, zipfile.ZIP_STORED), data)
            entries.append(ZipEntry(path, len(data), hashlib.sha256(data).hexdigest(), kind))

        for name, _title, render in DOCUMENTS:
            document(f"{DOCUMENTS_FOLDER}/{name}", render(content), "document")
        document(INDEX_NAME, render_index(content, paths), "index")
        for folder in _folders(content).values():
            directory = zipfile.ZipInfo(f"{folder}/", date_time=date_time)
            directory.external_attr = (0o755 << 16) | 0x10
            archive.writestr(directory, b"")
        for index in _ordered(content):
            entries.append(_copy(archive, content.evidence[index], paths[index], date_time))
    return ZipSummary(entries=tuple(entries), missing=missing)
