"""Reads on reviews: the commune's review of a year, evaluated by the core; the history."""

from __future__ import annotations

from django.db.models import QuerySet

from ntm.core import Catalog
from ntm.core.rules.evaluation import evaluate_review
from ntm.core.rules.results import ReviewResult
from ntm.reviews.mappers import review_to_core
from ntm.reviews.models import Reading, Review
from ntm.territories.models import Unit


def review_latest(commune: Unit) -> Review | None:
    """The commune's most recent review."""
    return Review.objects.filter(commune=commune).order_by("-year", "-id").first()


def review_current_readings(review: Review) -> QuerySet[Reading]:
    return Reading.objects.filter(review=review, current=True).order_by("criterion", "indicator")


def review_evaluate(review: Review, *, catalog: Catalog | None = None) -> ReviewResult:
    """The core's evaluation of the review's current readings (one query for them)."""
    catalog = catalog or Catalog.shipped()
    review_input, criteria_set = review_to_core(
        review, list(review_current_readings(review)), catalog=catalog
    )
    return evaluate_review(
        review_input, criteria_set, model_set=catalog.model_set_for(criteria_set)
    )


def reading_history(review: Review, criterion: int) -> QuerySet[Reading]:
    """Every reading of a criterion's indicators, newest first, with who entered it."""
    return (
        Reading.objects.filter(review=review, criterion=criterion)
        .select_related("created_by")
        .order_by("indicator", "-id")
    )
