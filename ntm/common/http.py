"""HTTP helpers every app's downloads share."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

__all__ = ["attachment"]


def attachment(name: str) -> str:
    """A ``Content-Disposition`` for a download (RFC 6266, RFC 8187): an ASCII fallback for
    old clients and the exact name in ``filename*``: "Biên bản.pdf" → ``attachment;
    filename="Bien ban.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf``."""
    fallback = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    fallback = fallback.encode("ascii", "ignore").decode("ascii")
    fallback = re.sub(r"[^A-Za-z0-9._()\- ]", "_", fallback).strip() or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
