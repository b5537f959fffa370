"""What a dossier still lacks before the commune may submit it, as messages for the page
and for the refusal (the rules are the core's:
:func:`ntm.core.recognition.dossier.dossier_missing`)."""

from __future__ import annotations

from ntm.recognition.content import dossier_missing_items
from ntm.recognition.models import Dossier

__all__ = ["dossier_missing_messages"]


def dossier_missing_messages(dossier: Dossier) -> list[str]:
    """The messages of what is missing, in the request's language; empty when complete.
    A message resting on an unconfirmed setting says so."""
    from django.utils.translation import gettext as _

    lines = []
    for item in dossier_missing_items(dossier):
        text = item.message
        if item.unconfirmed:
            text = f"{text} ({_('setting not yet confirmed')})"
        lines.append(text)
    return lines
