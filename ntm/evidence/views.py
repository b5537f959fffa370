"""The evidence dossier: a criterion's files and the upload form (an htmx panel on the
criterion page), the upload, the download, and the dossier of a review. Each view checks
the user's scope on the server before it reads anything of the commune."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ntm.common.http import attachment
from ntm.core import Criterion
from ntm.evidence.filetypes import ACCEPTED
from ntm.evidence.forms import EvidenceUploadForm
from ntm.evidence.models import EvidenceFile
from ntm.evidence.selectors import (
    evidence_dossier,
    evidence_file_get,
    evidence_of_criterion,
    review_criterion,
)
from ntm.evidence.services import EvidenceRefused, evidence_upload
from ntm.reviews.models import Review
from ntm.users.permissions import can_edit_criterion, require_edit_criterion
from ntm.web.access import commune_for, review_for

#: What the file input offers (the server decides from the content, whatever is chosen).
ACCEPT = ",".join(
    [".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png", *(t.content_type for t in ACCEPTED)]
)


def _criterion_or_404(review: Review, number: int) -> Criterion:
    criterion = review_criterion(review, number)
    if criterion is None:
        raise Http404
    return criterion


def _panel_context(
    request: HttpRequest,
    review: Review,
    criterion: Criterion,
    *,
    error: EvidenceRefused | None = None,
    posted: Any = None,
    uploaded: EvidenceFile | None = None,
) -> dict[str, Any]:
    return {
        "commune": review.commune,
        "review": review,
        "criterion": criterion,
        "files": evidence_of_criterion(review, criterion.number),
        "can_upload": can_edit_criterion(request.user, review.commune, criterion.number)
        and review.is_editable(criterion.number),
        "error": error,
        "posted": posted or {},
        "uploaded": uploaded,
        "accept": ACCEPT,
        "max_bytes": settings.NTM_EVIDENCE_MAX_BYTES,
    }


@login_required
@require_GET
def panel(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    """The files of a criterion and, for those who may change it, the upload form."""
    commune = commune_for(request, code)
    review = review_for(commune, year, number)
    criterion = _criterion_or_404(review, number)
    return render(request, "evidence/_panel.html", _panel_context(request, review, criterion))


@login_required
@require_POST
def upload(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    """Store one file (htmx: re-render the panel, with the error on the form if refused)."""
    commune = commune_for(request, code)
    review = review_for(commune, year, number)
    criterion = _criterion_or_404(review, number)
    require_edit_criterion(request.user, commune, number)
    form = EvidenceUploadForm(request.POST, request.FILES)
    error: EvidenceRefused | None = None
    evidence: EvidenceFile | None = None
    if form.is_valid():
        try:
            evidence = evidence_upload(
                actor=request.user,  # type: ignore[arg-type]
                review=review,
                criterion=number,
                indicator=form.cleaned_data["indicator"],
                uploaded_file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except EvidenceRefused as refused:
            error = refused
    else:
        field, field_errors = next(iter(form.errors.items()))
        error = EvidenceRefused(str(field_errors[0]), None if field == "__all__" else field)
    if request.headers.get("HX-Request"):
        # htmx 2 does not swap 4xx responses: the refused form comes back as a 200.
        context = _panel_context(
            request,
            review,
            criterion,
            error=error,
            posted=request.POST if error else None,
            uploaded=evidence,
        )
        return render(request, "evidence/_panel.html", context)
    if error is None:
        messages.success(
            request,
            _("%(name)s is stored.") % {"name": evidence.original_name if evidence else ""},
        )
        return redirect("reviews:criterion", code=commune.url_key, year=review.year, number=number)
    context = _panel_context(request, review, criterion, error=error, posted=request.POST)
    return render(request, "evidence/upload.html", context, status=422)


@login_required
@require_GET
def download(request: HttpRequest, code: str, year: int, pk: int) -> FileResponse:
    """The file as stored, as an attachment, with the type detected at upload."""
    commune = commune_for(request, code)
    review = review_for(commune, year)
    evidence = evidence_file_get(review, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=evidence.content_type)
    response["Content-Disposition"] = attachment(evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def dossier(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Every file of the review per criterion and indicator, with completeness."""
    commune = commune_for(request, code)
    review = review_for(commune, year)
    return render(
        request,
        "evidence/list.html",
        {"commune": commune, "review": review, "dossier": evidence_dossier(review)},
    )
