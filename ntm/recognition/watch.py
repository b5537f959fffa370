"""The revocation watch: each time a review changes, the QĐ 18/2022/QĐ-TTg revocation rule
is applied again to every recognition its commune holds at the review's level, in the same
transaction (:data:`ntm.reviews.signals.review_changed`).

A recognition is watched with the commune's latest review whose criteria set is of the
recognition's level and whose year is not before the recognition's. When the outcome
changes, or the margin (how many more criteria may fail) drops to 1 or 0, an audit event
``recognition.watch`` records the warning; the commune's recognition page and the
province's desk show the watch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.dispatch import receiver
from django.utils import timezone

from ntm.audit.services import audit_event_record
from ntm.core import Catalog
from ntm.core.recognition.revocation import RecognitionRules, revocation_from_review
from ntm.core.rules.results import ReviewResult
from ntm.recognition.models import WARN_MARGIN, Recognition, RevocationWatch
from ntm.reviews.models import Review
from ntm.reviews.selectors import review_evaluate
from ntm.reviews.signals import review_changed

__all__ = ["held_levels_sync", "watch_recognition", "watch_review"]


def _level_of(review: Review, catalog: Catalog) -> str:
    return str(catalog.criteria_set(review.criteria_set).level)


def _latest_review(recognition: Recognition, catalog: Catalog) -> Review | None:
    """The commune's latest review of the recognition's level, not older than it."""
    for review in Review.objects.filter(
        commune_id=recognition.commune_id, year__gte=recognition.year
    ).order_by("-year", "-id"):
        if _level_of(review, catalog) == recognition.level:
            return review
    return None


def watch_recognition(
    recognition: Recognition,
    *,
    actor: User | None = None,
    catalog: Catalog | None = None,
    review: Review | None = None,
    result: ReviewResult | None = None,
) -> RevocationWatch | None:
    """Apply the revocation rule to ``recognition`` with the commune's latest review of its
    level (not older than the recognition) and store the result; ``None`` when there is no
    such review yet. Records a ``recognition.watch`` audit event when ``actor`` is given
    and the outcome changed or the margin fell to :data:`WARN_MARGIN` or below.
    ``review`` and its evaluated ``result`` are given by a caller that has them already.

    Source: QĐ 18/2022/QĐ-TTg, revocation (recognition-procedure.md §5 [C]); shares exact.
    """
    catalog = catalog or Catalog.shipped()
    if review is None:
        review = _latest_review(recognition, catalog)
        if review is None:
            return None
    criteria_set = catalog.criteria_set(review.criteria_set)
    check = revocation_from_review(
        RecognitionRules.shipped().revocation,
        criteria_set,
        result if result is not None else review_evaluate(review, catalog=catalog),
    )
    previous = RevocationWatch.objects.filter(recognition=recognition).first()
    values: dict[str, Any] = {
        "review": review,
        "outcome": str(check.outcome),
        "unmet": list(check.unmet),
        "named_unmet": list(check.named_unmet),
        "total": check.total,
        "margin": check.margin,
        "margin_unnamed": check.margin_unnamed,
        "named_met": list(check.named_met),
        "checked_at": timezone.now(),
    }
    watch, _created = RevocationWatch.objects.update_or_create(
        recognition=recognition, defaults=values
    )
    warn = check.margin is None or check.margin <= WARN_MARGIN
    changed = previous is None or (previous.outcome, previous.margin) != (
        values["outcome"],
        values["margin"],
    )
    if actor is not None and changed and (warn or (previous is not None and previous.revoked)):
        audit_event_record(
            actor=actor,
            action="recognition.watch",
            unit=recognition.commune,
            target_type="recognition",
            target_id=recognition.pk,
            summary=f"{recognition.level} {recognition.year}: {values['outcome']}",
            before=None
            if previous is None
            else {"outcome": previous.outcome, "margin": previous.margin, "unmet": previous.unmet},
            after={"outcome": values["outcome"], "margin": check.margin, "unmet": values["unmet"]},
        )
    return watch


def held_levels_sync(review: Review, recognitions: Iterable[Recognition] | None = None) -> bool:
    """Add to the review's levels held (``Review.recognitions``) the recognitions the
    commune holds from before the review's year that it does not list yet, so that a
    review started after a recognition evaluates its levels with it (a nâng cao review
    needs xã NTM held: QĐ 18/2022/QĐ-TTg, recognition-procedure.md §4 [M]).
    ``recognitions``: the commune's, when the caller has read them. Returns whether the
    review changed."""
    if recognitions is None:
        recognitions = Recognition.objects.filter(commune_id=review.commune_id)
    listed = {entry.get("level") for entry in review.recognitions}
    added: list[dict[str, object]] = []
    for recognition in sorted(recognitions, key=lambda row: row.year):
        if recognition.year < review.year and recognition.level not in listed:
            added.append({"level": recognition.level, "year": recognition.year})
            listed.add(recognition.level)
    if not added:
        return False
    review.recognitions = [*review.recognitions, *added]
    review.save(update_fields=["recognitions", "updated_at"])
    return True


def watch_review(review: Review, *, actor: User | None = None) -> list[RevocationWatch]:
    """Bring the review's levels held up to date (:func:`held_levels_sync`), then watch
    the recognitions of the review's commune at the review's level that this review is
    the latest of, evaluating it once. On every change of a review (the signal): one
    query when the commune holds no recognition."""
    recognitions = list(Recognition.objects.filter(commune_id=review.commune_id))
    if not recognitions:
        return []
    held_levels_sync(review, recognitions)
    catalog = Catalog.shipped()
    level = _level_of(review, catalog)
    watched = [r for r in recognitions if r.level == level and r.year <= review.year]
    result: ReviewResult | None = None
    watches = []
    for recognition in watched:
        latest = _latest_review(recognition, catalog)
        if latest is None or latest.pk != review.pk:
            continue  # a later review of the level decides this recognition's watch
        if result is None:
            result = review_evaluate(review, catalog=catalog)
        watch = watch_recognition(
            recognition, actor=actor, catalog=catalog, review=review, result=result
        )
        if watch is not None:
            watches.append(watch)
    return watches


@receiver(review_changed, dispatch_uid="ntm.recognition.watch")
def _on_review_changed(
    sender: object, *, review: Review, actor: User | None = None, **_: object
) -> None:
    watch_review(review, actor=actor)
