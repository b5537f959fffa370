"""A commune's public page (công khai, ``/cong-khai/<url key>/``): no login, read only,
only once the commune has published it (404 otherwise, never 403: an unpublished commune
is not revealed). Never any household or personal data (see :mod:`ntm.recognition.public`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ntm.recognition.public import public_page
from ntm.reviews.presenters import OUTCOME_MARKS, outcome_label


@require_safe
def public_commune(request: HttpRequest, code: str) -> HttpResponse:
    """The commune's status per criterion, its plan's targets and its recognitions."""
    page = public_page(code)
    if page is None:
        raise Http404
    return render(
        request,
        "recognition/public.html",
        {
            "page": page,
            "criteria": [
                (criterion, outcome_label(criterion.outcome), OUTCOME_MARKS[criterion.outcome])
                for criterion in page.criteria
            ],
        },
    )
