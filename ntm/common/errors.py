"""The one refusal every service raises for a user's input: what is wrong, and where."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Refused"]


@dataclass(frozen=True)
class Refused(Exception):
    """A write a service refuses: ``message`` for the user (translated), ``field`` the form
    field to show it on (or ``None`` for the whole form). Nothing was stored."""

    message: str
    field: str | None = None
