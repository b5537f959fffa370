"""What a dossier still lacks before the commune may submit it, as messages for the page
and for the refusal: the core's check (:func:`ntm.core.recognition.dossier.dossier_missing`)
and the tờ trình's date against the day of submission."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.core.recognition.dossier import DISTRICTS_ABOLISHED, DossierContent
from ntm.recognition.content import dossier_missing_items
from ntm.recognition.models import Dossier

__all__ = ["dossier_missing_messages"]


def _submission_date_problem(dossier: Dossier, on: datetime.date) -> str | None:
    """Why the tờ trình's date does not fit a submission on ``on``, or ``None``: it is
    dated after that day, or on the other side of 1/7/2025 (the tờ trình goes to the
    district before, to the province after, as the chain does: recognition-procedure.md
    §2 [M])."""
    text = dossier.facts.get("submission_date")
    if not text:
        return None
    dated = datetime.date.fromisoformat(text)
    values = {"dated": f"{dated:%d/%m/%Y}", "on": f"{on:%d/%m/%Y}"}
    if dated > on:
        return _("the tờ trình is dated %(dated)s, after the day it is submitted (%(on)s)") % values
    if (dated < DISTRICTS_ABOLISHED) != (on < DISTRICTS_ABOLISHED):
        return (
            _(
                "the tờ trình is dated %(dated)s but the dossier is submitted on %(on)s: the "
                "districts ended on 1/7/2025, so the tờ trình and the chain of levels would "
                "differ; date it on the day of submission"
            )
            % values
        )
    return None


def dossier_missing_messages(
    dossier: Dossier, *, on: datetime.date | None = None, content: DossierContent | None = None
) -> list[str]:
    """The messages of what is missing before the dossier may be submitted on ``on``
    (default: today, in Vietnam), in the request's language; empty when complete. A
    message resting on an unconfirmed setting says so. ``content``: the dossier's
    :func:`~ntm.recognition.content.dossier_content`, when the caller has built it."""
    lines = []
    for item in dossier_missing_items(dossier, content=content):
        text = item.message
        if item.unconfirmed:
            text = f"{text} ({_('setting not yet confirmed')})"
        lines.append(text)
    problem = _submission_date_problem(dossier, on or timezone.localdate())
    if problem:
        lines.append(problem)
    return lines
