"""Import a review file (YAML, CSV, XLSX, as for ``ntm review``) into the database, all or
nothing."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from ntm.audit.services import audit_event_record
from ntm.core import Catalog
from ntm.core.io.review_files import read_review
from ntm.core.review import ReviewInput
from ntm.reviews.models import Reading, Review
from ntm.reviews.signals import review_changed
from ntm.territories.models import Unit


def _cells(reading: object) -> dict[str, str]:
    value = getattr(reading, "value", None)
    result = getattr(reading, "result", None)
    verdict = getattr(reading, "verdict", None)
    numerator = getattr(reading, "numerator", None)
    denominator = getattr(reading, "denominator", None)
    return {
        "value": "" if value is None else value.raw,
        "numerator": "" if numerator is None else f"{numerator:f}",
        "denominator": "" if denominator is None else f"{denominator:f}",
        "result": "" if result is None else result.label_vi,
        "verdict": "" if verdict is None else verdict.label_vi,
        "source": getattr(reading, "source", ""),
        "note": getattr(reading, "note", ""),
    }


@transaction.atomic
def review_import(
    *, actor: User, commune: Unit, path: str, catalog: Catalog | None = None
) -> Review:
    """Read ``path`` with the core's readers and store it as the commune's review of its
    year, each reading as a current reading entered by ``actor`` (one transaction: a bad
    file stores nothing).

    Raises:
        InputError: the file is wrong (the message names file, row, column).
        ValueError: the file's commune code is not ``commune``'s.
    """
    review_input, criteria_set = read_review(path, catalog=catalog or Catalog.shipped())
    return review_store(
        actor=actor, commune=commune, review_input=review_input, criteria_set_code=criteria_set.code
    )


def review_store(
    *, actor: User, commune: Unit, review_input: ReviewInput, criteria_set_code: str
) -> Review:
    if review_input.commune.code and review_input.commune.code != commune.code:
        raise ValueError(
            f"the review is for commune {review_input.commune.code}, not {commune.code}"
        )
    review, _created = Review.objects.get_or_create(
        commune=commune,
        year=review_input.year,
        criteria_set=criteria_set_code,
        defaults={
            "region": review_input.commune.region or "",
            "commune_group": review_input.commune.commune_group,
            "recognitions": [
                {"level": r.level.value, **({"year": r.year} if r.year else {})}
                for r in review_input.recognitions
            ],
            "title": review_input.title,
            "source": review_input.source,
        },
    )
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.locked:
        raise ValueError(f"the {review.year} review of {commune.code} is submitted and locked")
    for reading in review_input.readings:
        indicator = reading.indicator or ""
        cells = _cells(reading)
        current = Reading.objects.filter(
            review=review, criterion=reading.criterion, indicator=indicator, current=True
        ).first()
        if current is not None:
            current.current = False
            current.save(update_fields=["current", "updated_at"])
        Reading.objects.create(
            review=review,
            criterion=reading.criterion,
            indicator=indicator,
            created_by=actor,
            supersedes=current,
            **cells,
        )
    audit_event_record(
        actor=actor,
        action="review.import",
        unit=commune,
        target_type="review",
        target_id=review.pk,
        summary=f"{review.year} {criteria_set_code}: {len(review_input.readings)}",
        # The file's name only: the server's folders are nobody's business on the audit page.
        after={"file": Path(review_input.file).name, "readings": len(review_input.readings)},
    )
    review_changed.send(sender=Review, review=review, actor=actor)
    return review
