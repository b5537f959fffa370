"""Writes on reviews: record a reading, submit, reopen. Each runs in one transaction,
checks the actor's rights, and writes an audit event."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.audit.services import audit_event_record
from ntm.common.errors import Refused
from ntm.core import Catalog, InputError
from ntm.core.rules.results import Basis
from ntm.reviews.mappers import reading_to_core
from ntm.reviews.models import Reading, Review, ReviewStatus
from ntm.reviews.selectors import review_evaluate
from ntm.reviews.signals import review_changed
from ntm.users.permissions import (
    can_reopen_review,
    is_commune_officer,
    require_edit_criterion,
)

#: The cells of a reading a user may enter.
CELLS = ("value", "numerator", "denominator", "result", "verdict", "source", "note")


class ReadingRefused(Refused):
    """A reading (or a submission) that cannot be recorded."""


def reading_record(
    *,
    actor: User,
    review: Review,
    criterion: int,
    indicator: str,
    cells: dict[str, str],
    base_id: int | None,
    notify: bool = True,
) -> Reading:
    """Record a new reading of one indicator (or a criterion-level verdict): the current
    one, if any, stays in the history.

    ``cells`` holds the cells the form shows; a cell it leaves out (a stated verdict, a
    note) keeps the current reading's value. ``base_id`` is the current reading the form
    was filled from (``None`` if there was none); if another user recorded a newer one
    since, the reading is refused rather than written over theirs. ``notify`` sends
    :data:`~ntm.reviews.signals.review_changed`; a service recording many readings at
    once passes ``False`` and sends it once at the end.

    Raises:
        PermissionDenied: the actor may not change that criterion of the commune.
        ReadingRefused: the review is submitted (locked), the form is stale, or a value is
            not one the indicator can take (the message names the field).
    """
    require_edit_criterion(actor, review.commune, criterion)
    catalog = Catalog.shipped()
    criteria_set = catalog.criteria_set(review.criteria_set)
    # Checked before any query: an unknown code may hold a NUL, which PostgreSQL refuses.
    if indicator and not criteria_set.has_indicator(indicator):
        raise ReadingRefused(
            _("Indicator %(code)s is not an indicator of criterion %(number)d of this set.")
            % {"code": indicator.replace("\x00", ""), "number": criterion},
            "indicator",
        )
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        current = (
            Reading.objects.select_for_update()
            .filter(review=locked, criterion=criterion, indicator=indicator, current=True)
            .first()
        )
        cleaned = {
            key: " ".join(cells[key].split()) if key in cells else getattr(current, key, "")
            for key in CELLS
        }
        candidate = Reading(
            review=locked, criterion=criterion, indicator=indicator, created_by=actor, **cleaned
        )
        _check_reading(candidate, catalog)
        if not locked.is_editable(criterion):
            raise ReadingRefused(
                _("This review has been submitted and is locked until the province reopens it.")
            )
        if current is not None and all(getattr(current, key) == cleaned[key] for key in CELLS):
            return current  # the same values again (a double click): nothing to record
        if (current.pk if current else None) != base_id:
            raise ReadingRefused(
                _(
                    "Someone else changed this reading since you opened the form: "
                    "reload the page to see their value, then enter yours again."
                )
            )
        if current is not None:
            current.current = False
            current.save(update_fields=["current", "updated_at"])
        candidate.supersedes = current
        candidate.save()
        audit_event_record(
            actor=actor,
            action="reading.record",
            unit=review.commune,
            target_type="reading",
            target_id=candidate.pk,
            summary=f"{review.year} {indicator or criterion}",
            before=None if current is None else current.cells(),
            after=candidate.cells(),
        )
        if notify:
            review_changed.send(sender=Review, review=locked, actor=actor)
    return candidate


def _check_reading(reading: Reading, catalog: Catalog) -> None:
    """Refuse a reading whose text is not a value its indicator can take.

    Raises:
        ReadingRefused: a control character, a text longer than its column, or a value the
            core refuses (the message names the cell).
    """
    for key in CELLS:
        text = getattr(reading, key)
        if any(ord(character) < 32 for character in text):
            raise ReadingRefused(_("The text holds a control character; type it again."), key)
        limit = getattr(Reading._meta.get_field(key), "max_length", None)
        if limit is not None and len(text) > limit:
            raise ReadingRefused(
                _("Too long: at most %(count)d characters.") % {"count": limit}, key
            )
    criteria_set = catalog.criteria_set(reading.review.criteria_set)
    try:
        reading_to_core(reading, criteria_set, catalog.model_set_for(criteria_set))
    except InputError as error:
        raise ReadingRefused(error.message, error.location.field) from None


def review_submit(*, actor: User, review: Review) -> Review:
    """Submit the review to the level above; it is locked until reopened. A review is
    complete when every criterion is decided by its readings or carries the commune's
    verdict.

    Raises:
        PermissionDenied: only the commune's NTM officer submits.
        ReadingRefused: already submitted, or incomplete (the message lists the criteria).
    """
    if not is_commune_officer(actor, review.commune):
        raise PermissionDenied
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.locked:
            raise ReadingRefused(_("This review is already submitted."))
        # Checked under the lock: no reading can change between the check and the lock.
        missing = [c.number for c in review_evaluate(locked).criteria if c.basis is Basis.NONE]
        if missing:
            raise ReadingRefused(
                _(
                    "The review is not complete: criteria %(numbers)s have no verdict and no "
                    "readings that decide them."
                )
                % {"numbers": ", ".join(map(str, missing))}
            )
        locked.status = ReviewStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor
        locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        audit_event_record(
            actor=actor,
            action="review.submit",
            unit=review.commune,
            target_type="review",
            target_id=review.pk,
            summary=str(review.year),
            before={"status": ReviewStatus.DRAFT},
            after={"status": ReviewStatus.SUBMITTED},
        )
    return locked


def review_reopen(*, actor: User, review: Review) -> Review:
    """Reopen a submitted review (the province coordinator only).

    Raises:
        PermissionDenied: not a coordinator of the commune's province.
        ReadingRefused: a recognition dossier holds the review (it is returned from the
            dossier, criterion by criterion).
    """
    if not can_reopen_review(actor, review.commune):
        raise PermissionDenied
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if not locked.locked:
            return locked
        if locked.lock_holder:
            raise ReadingRefused(
                _(
                    "A recognition dossier holds this review: the level checking the dossier "
                    "returns it with the criteria to correct."
                )
            )
        locked.status = ReviewStatus.DRAFT
        locked.save(update_fields=["status", "updated_at"])
        audit_event_record(
            actor=actor,
            action="review.reopen",
            unit=review.commune,
            target_type="review",
            target_id=review.pk,
            summary=str(review.year),
            before={"status": ReviewStatus.SUBMITTED},
            after={"status": ReviewStatus.DRAFT},
        )
    return locked


def review_carry_forward(
    *,
    actor: User,
    review: Review,
    year: int,
    recognitions: list[dict[str, object]] | None = None,
) -> Review:
    """Start the commune's review of ``year`` from ``review`` (an earlier year, same
    criteria set): every current reading is copied as a current reading of the new review,
    its source kept and its note saying where it comes from, so that the officer updates
    what changed instead of typing everything again. The earlier review is not touched.

    ``recognitions`` replaces the levels held (default: the earlier review's), e.g. with
    the recognition the earlier year earned.

    Raises:
        PermissionDenied: only the commune's NTM officer starts a review.
        ReadingRefused: ``year`` is not after the review's, or the commune already has a
            review of that year against that set.
    """
    if not is_commune_officer(actor, review.commune):
        raise PermissionDenied
    if year <= review.year:
        raise ReadingRefused(
            _("The new review's year must come after %(year)d.") % {"year": review.year}
        )
    exists = ReadingRefused(
        _("The commune already has a review of %(year)d against this set.") % {"year": year}
    )
    try:
        with transaction.atomic():
            if Review.objects.filter(
                commune=review.commune, year=year, criteria_set=review.criteria_set
            ).exists():
                raise exists
            new = Review.objects.create(
                commune=review.commune,
                year=year,
                criteria_set=review.criteria_set,
                region=review.region,
                commune_group=review.commune_group,
                recognitions=review.recognitions if recognitions is None else recognitions,
                title="",
                source=_("Carried forward from the review of %(year)d") % {"year": review.year},
            )
            note = _("Carried forward from the review of %(year)d.") % {"year": review.year}
            copies = [
                Reading(
                    review=new,
                    criterion=reading.criterion,
                    indicator=reading.indicator,
                    created_by=actor,
                    **{key: getattr(reading, key) for key in CELLS if key != "note"},
                    note=(f"{reading.note} {note}" if reading.note else note)[:1000],
                )
                for reading in Reading.objects.filter(review=review, current=True)
            ]
            Reading.objects.bulk_create(copies)
            audit_event_record(
                actor=actor,
                action="review.carry_forward",
                unit=review.commune,
                target_type="review",
                target_id=new.pk,
                summary=f"{review.year} → {year}",
                after={"readings": len(copies), "from": review.pk},
            )
            review_changed.send(sender=Review, review=new, actor=actor)
    except IntegrityError:  # a double click raced the check
        raise exists from None
    return new
