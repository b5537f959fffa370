"""Files uploaded for an import, kept between the steps of the import (upload → column
mapping → check → write) under ``MEDIA_ROOT/imports/<token>/``, for the user and commune
that uploaded them only, and removed once written or after a day."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404

from ntm.territories.models import Unit

__all__ = ["PendingImport", "pending_create", "pending_delete", "pending_get", "pending_save"]

#: Pending imports older than this are removed when a new one starts.
_MAX_AGE_SECONDS = 24 * 3600
_TOKEN_LENGTH = 22
_LABEL = 200
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{_TOKEN_LENGTH}}}")


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


@dataclass
class PendingImport:
    """An import between its steps: the stored files (name on disk → name as uploaded),
    the options chosen, and the column mapping once chosen (field → header)."""

    token: str
    commune_id: int
    user_id: int
    files: dict[str, str]
    reference_date: str
    source: str
    replace: bool = False
    household_mapping: dict[str, str | None] = field(default_factory=dict)
    person_mapping: dict[str, str | None] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return _root() / self.token

    @property
    def paths(self) -> list[Path]:
        return [self.folder / name for name in self.files]

    @property
    def date(self) -> date:
        return date.fromisoformat(self.reference_date)

    @property
    def file_label(self) -> str:
        """The uploaded names, as the import record and the readings' source quote them
        (at most 200 characters)."""
        label = ", ".join(self.files.values())
        return label if len(label) <= _LABEL else label[: _LABEL - 1] + "…"


def _clean_old() -> None:
    root = _root()
    if not root.is_dir():
        return
    limit = time.time() - _MAX_AGE_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)


def pending_create(
    *,
    user_id: int,
    commune: Unit,
    uploads: list[UploadedFile[Any]],
    reference_date: date,
    source: str,
    replace: bool,
) -> PendingImport:
    """Store the uploaded files under a new token."""
    _clean_old()
    token = secrets.token_urlsafe(16)[:_TOKEN_LENGTH]
    pending = PendingImport(
        token=token,
        commune_id=commune.pk,
        user_id=user_id,
        files={},
        reference_date=reference_date.isoformat(),
        source=source,
        replace=replace,
    )
    pending.folder.mkdir(parents=True)
    for index, upload in enumerate(uploads, start=1):
        original = Path(upload.name or f"file-{index}").name
        # The name on disk is ours: the suffix only (lower case), never the user's path.
        stored = f"{index}{Path(original).suffix.lower()[:8]}"
        with open(pending.folder / stored, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        pending.files[stored] = original
    pending_save(pending)
    return pending


def pending_save(pending: PendingImport) -> None:
    """Write the pending import's state next to its files."""
    (pending.folder / "import.json").write_text(json.dumps(asdict(pending)), encoding="utf-8")


def pending_get(*, token: str, user_id: int, commune: Unit) -> PendingImport:
    """The pending import of that token, if it is this user's for this commune; else 404."""
    if not _TOKEN.fullmatch(token):
        raise Http404
    _clean_old()
    state = _root() / token / "import.json"
    try:
        data = json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Http404 from None
    pending = PendingImport(**data)
    if pending.user_id != user_id or pending.commune_id != commune.pk:
        raise Http404
    return pending


def pending_delete(pending: PendingImport) -> None:
    """Remove the files once the import is written (or abandoned)."""
    shutil.rmtree(pending.folder, ignore_errors=True)
