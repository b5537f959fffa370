"""The commune dashboard, the criterion page and review entry. Each view checks the user's
scope on the server, calls one selector or service, and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ntm.reviews.models import Review
from ntm.reviews.presenters import (
    criterion_rows,
    headline,
    indicator_row,
    level_rows,
    outcome_label,
)
from ntm.reviews.selectors import (
    reading_history,
    reading_preview,
    review_current_readings,
    review_evaluate,
    review_illustrative_count,
    review_latest,
)
from ntm.reviews.services import (
    CELLS,
    ReadingRefused,
    reading_record,
    review_carry_forward,
    review_reopen,
    review_submit,
)
from ntm.users.permissions import (
    can_edit_criterion,
    can_reopen_review,
    is_commune_officer,
)
from ntm.web.access import commune_for, review_for


@login_required
@require_safe
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """Every criterion with its status, failing indicators and gaps, owner, deadline and
    evidence; the headline "đạt x/19 tiêu chí nâng cao"."""
    commune = commune_for(request, code)
    review = review_latest(commune)
    context: dict[str, Any] = {"commune": commune, "review": review}
    if review is not None:
        result = review_evaluate(review)
        context |= {
            "result": result,
            "headline": headline(result),
            "levels": level_rows(result),
            "rows": criterion_rows(review, result),
            "is_officer": is_commune_officer(request.user, commune),
            "is_coordinator": can_reopen_review(request.user, commune),
            "illustrative": review_illustrative_count(review),
        }
    return render(request, "reviews/dashboard.html", context)


def _criterion_context(request: HttpRequest, review: Review, number: int) -> dict[str, Any]:
    result = review_evaluate(review)
    criterion = next((c for c in result.criteria if c.number == number), None)
    if criterion is None:
        raise Http404
    current = {
        (r.indicator or ""): r for r in review_current_readings(review).filter(criterion=number)
    }
    indicators = [
        indicator_row(i, current.get(i.indicator.code), review) for i in criterion.indicators
    ]
    return {
        "commune": review.commune,
        "review": review,
        "criterion": criterion,
        "criterion_outcome": outcome_label(criterion.outcome),
        "indicators": indicators,
        "criterion_reading": current.get(""),
        "history": reading_history(review, number),
        "can_edit": can_edit_criterion(request.user, review.commune, number)
        and review.is_editable(number),
    }


@login_required
@require_safe
def criterion_page(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    """A criterion: its indicators, the readings history, the entry forms."""
    commune = commune_for(request, code)
    review = review_for(commune, year, number)
    return render(request, "reviews/criterion.html", _criterion_context(request, review, number))


@login_required
@require_POST
def reading_preview_view(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    """As the officer types: the indicator's result with the typed value, nothing stored."""
    commune = commune_for(request, code)
    review = review_for(commune, year, number)
    if not can_edit_criterion(request.user, commune, number):
        raise PermissionDenied
    cells = {
        key: " ".join(request.POST.get(key, "").split())[:100]
        for key in ("value", "numerator", "denominator", "result")
    }
    result, message = reading_preview(
        review, criterion=number, indicator=request.POST.get("indicator", ""), cells=cells
    )
    row = None if result is None else indicator_row(result, None, review)
    return render(request, "reviews/_preview.html", {"row": row, "message": message})


@login_required
@require_POST
def reading_save(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    """Record one reading (htmx: re-render the criterion panel, re-evaluated)."""
    commune = commune_for(request, code)
    review = review_for(commune, year, number)
    if not can_edit_criterion(request.user, commune, number):
        raise PermissionDenied
    indicator = request.POST.get("indicator", "")
    base = request.POST.get("base", "")
    error: ReadingRefused | None = None
    try:
        reading_record(
            actor=request.user,  # type: ignore[arg-type]
            review=review,
            criterion=number,
            indicator=indicator,
            # Only the cells the form shows; the others (a stated verdict, a note) are kept.
            cells={key: request.POST[key] for key in CELLS if key in request.POST},
            base_id=int(base) if base.isascii() and base.isdigit() else None,
        )
    except ReadingRefused as refused:
        error = refused
    context = _criterion_context(request, review, number)
    context["error"] = error
    context["error_indicator"] = indicator
    context["posted"] = request.POST
    template = (
        "reviews/_criterion_panel.html"
        if request.headers.get("HX-Request")
        else "reviews/criterion.html"
    )
    return render(request, template, context, status=422 if error else 200)


@login_required
@require_POST
def review_submit_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    commune = commune_for(request, code)
    review = review_for(commune, year)
    try:
        review_submit(actor=request.user, review=review)  # type: ignore[arg-type]
        messages.success(request, _("The review is submitted and locked."))
    except ReadingRefused as refused:
        messages.error(request, refused.message)
    return redirect("reviews:dashboard", code=code)


@login_required
@require_POST
def review_reopen_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    commune = commune_for(request, code)
    review = review_for(commune, year)
    review_reopen(actor=request.user, review=review)  # type: ignore[arg-type]
    messages.success(request, _("The review is reopened."))
    return redirect("reviews:dashboard", code=code)


@login_required
@require_POST
def review_carry_forward_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Start next year's review from this year's (the commune's officer)."""
    commune = commune_for(request, code)
    review = review_for(commune, year)
    try:
        review_carry_forward(actor=request.user, review=review, year=year + 1)  # type: ignore[arg-type]
        messages.success(
            request,
            _("The review of %(year)d is started from %(previous)d's readings.")
            % {"year": year + 1, "previous": year},
        )
    except ReadingRefused as refused:
        messages.error(request, refused.message)
    return redirect("reviews:dashboard", code=code)
