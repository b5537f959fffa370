"""HTTP helpers every app's downloads share."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

__all__ = ["DOCX", "XLSX", "attachment", "download"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(name: str) -> str:
    """A ``Content-Disposition`` for a download (RFC 6266, RFC 8187): an ASCII fallback for
    old clients and the exact name in ``filename*``: "Biên bản.pdf" → ``attachment;
    filename="Bien ban.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf``."""
    fallback = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    fallback = fallback.encode("ascii", "ignore").decode("ascii")
    fallback = re.sub(r"[^A-Za-z0-9._()\- ]", "_", fallback).strip() or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(content: bytes, name: str, content_type: str) -> HttpResponse:
    """A generated file as an attachment named ``name``, never cached (it may hold a
    commune's data)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment(name)
    response["Cache-Control"] = "private, no-store"
    return response
