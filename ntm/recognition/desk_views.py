"""The province's desk (``/tinh/<code>/ho-so/``): the recognition dossiers waiting for the
province, returned and overdue, the revocation watch and the hardest criteria. Read only:
each dossier is opened and acted on from its own page; there is no bulk action.

Only the province's coordinators, appraisers and viewers
(:func:`ntm.users.permissions.require_province`); anyone else gets 403 before any dossier
is read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from ntm.core.recognition.revocation import RevocationOutcome
from ntm.recognition.desk import province_desk
from ntm.territories.views import province_for
from ntm.users.models import Role

#: A dossier's status (a workflow step's state, or one no step names), for people.
STATUS_LABELS: dict[str, Promise] = {
    "draft": _("draft"),
    "submitted": _("submitted"),
    "verified": _("verified"),
    "appraised": _("appraised"),
    "recognised": _("recognised"),
    "returned": _("returned to the commune"),
    "refused": _("refused"),
}

#: A revocation watch's outcome, for people (QĐ 18/2022/QĐ-TTg, recognition-procedure.md §5).
OUTCOME_LABELS: dict[str, Promise] = {
    RevocationOutcome.KEPT: _("kept"),
    RevocationOutcome.REVOKED_WITH_NAMED: _("to be revoked: a named criterion is no longer met"),
    RevocationOutcome.REVOKED_BY_SHARE: _("to be revoked: too many criteria no longer met"),
}


def status_label(status: str) -> str:
    """The status in the page's language; a province's own state as stored."""
    label = STATUS_LABELS.get(status)
    return status if label is None else str(label)


def role_label(role: str) -> str:
    """The role in the page's language (``Role``'s label); an unknown role as stored."""
    return str(Role(role).label) if role in Role.values else role


@login_required
@require_safe
def desk_page(request: HttpRequest, code: str) -> HttpResponse:
    """The desk of the province with official code ``code`` (404 unknown, 403 not the
    user's province)."""
    province = province_for(request, code)
    desk = province_desk(province, user=request.user)
    return render(
        request,
        "recognition/desk.html",
        {
            "province": province,
            "desk": desk,
            "waiting": [
                (row, status_label(row.dossier.status), role_label(row.step.role))
                for row in desk.waiting
            ],
            "overdue": [
                (row, status_label(row.dossier.status), role_label(row.step.role))
                for row in desk.overdue
            ],
            "watches": [
                (watch, str(OUTCOME_LABELS.get(watch.outcome, watch.outcome)))
                for watch in desk.watches
            ],
        },
    )
