"""Reads on reviews: the commune's review of a year, evaluated by the core; the history."""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Count, QuerySet

from ntm.core import Catalog, InputError
from ntm.core.rules.evaluation import evaluate_review
from ntm.core.rules.results import IndicatorResult, ReviewResult
from ntm.reviews.mappers import reading_to_core, review_to_core
from ntm.reviews.models import ILLUSTRATIVE_SOURCE_PREFIX, Reading, Review
from ntm.territories.models import Unit


def review_latest(commune: Unit) -> Review | None:
    """The commune's most recent review: the latest year; within a year, the review with
    the most readings (a commune may hold reviews against two sets, nâng cao and kiểu mẫu)."""
    return (
        Review.objects.filter(commune=commune)
        .annotate(readings_count=Count("readings"))
        .order_by("-year", "-readings_count", "-id")
        .first()
    )


def review_of_year(commune: Unit, year: int, *, criterion: int | None = None) -> Review | None:
    """The commune's review of a year: with several, the one with the most readings whose
    set has ``criterion`` (when given)."""
    reviews = (
        Review.objects.select_related("commune__province")
        .filter(commune=commune, year=year)
        .annotate(readings_count=Count("readings"))
        .order_by("-readings_count", "-id")
    )
    catalog = Catalog.shipped()
    for review in reviews:
        if criterion is None or catalog.criteria_set(review.criteria_set).has_criterion(criterion):
            return review
    return None


def review_illustrative_count(review: Review) -> int:
    """How many of the review's current readings a demo made up (their source starts with
    :data:`~ntm.reviews.models.ILLUSTRATIVE_SOURCE_PREFIX`); 0 for a commune's own data."""
    return review.readings.filter(
        current=True, source__startswith=ILLUSTRATIVE_SOURCE_PREFIX
    ).count()


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


def reading_preview(
    review: Review, *, criterion: int, indicator: str, cells: dict[str, str]
) -> tuple[IndicatorResult | None, str]:
    """What the indicator would be with these cells, nothing stored: the indicator's result
    in a copy of the review where the typed reading replaces the current one, or the
    message saying why the typed text is not a value.

    Returns:
        (the indicator's result, "") or (None, the message).
    """
    catalog = Catalog.shipped()
    criteria_set = catalog.criteria_set(review.criteria_set)
    if not indicator or not criteria_set.has_indicator(indicator):
        return None, ""
    candidate = Reading(review=review, criterion=criterion, indicator=indicator, **cells)
    try:
        typed = reading_to_core(candidate, criteria_set, catalog.model_set_for(criteria_set))
    except InputError as error:
        return None, error.message
    review_input, _set = review_to_core(
        review,
        [r for r in review_current_readings(review) if r.indicator != indicator],
        catalog=catalog,
    )
    review_input = replace(review_input, readings=(*review_input.readings, typed))
    result = evaluate_review(
        review_input, criteria_set, model_set=catalog.model_set_for(criteria_set)
    )
    for criterion_result in result.criteria:
        for indicator_result in criterion_result.indicators:
            if indicator_result.indicator.code == indicator:
                return indicator_result, ""
    return None, ""
