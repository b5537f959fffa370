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
from django.views.decorators.http import require_safe

from ntm.recognition.desk import province_desk
from ntm.recognition.presenters import OUTCOME_LABELS, role_label, status_label
from ntm.territories.views import province_for


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
