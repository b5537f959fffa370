"""The one place where the database's reviews meet the core's: rows → ``ReviewInput``."""

from __future__ import annotations

from collections.abc import Iterable

from ntm.core import Catalog, CriteriaSet, HeldRecognition, Level, Location
from ntm.core.io.review_cells import build_reading
from ntm.core.review import Commune, ReviewInput
from ntm.core.review import Reading as CoreReading
from ntm.reviews.models import Reading, Review


def reading_to_core(
    reading: Reading, criteria_set: CriteriaSet, model_set: CriteriaSet | None
) -> CoreReading:
    """A stored reading as the core's; raises ``InputError`` when its text is not a value."""
    where = Location(indicator=reading.indicator or None, criterion=str(reading.criterion))
    return build_reading(
        criteria_set,
        model_set,
        indicator=reading.indicator or None,
        criterion=reading.criterion,
        cells=reading.cells(),
        where=where,
        at=lambda name: where.with_(field=name),
    )


def review_to_core(
    review: Review, readings: Iterable[Reading], *, catalog: Catalog
) -> tuple[ReviewInput, CriteriaSet]:
    """The core's view of a stored review and its current readings."""
    criteria_set = catalog.criteria_set(review.criteria_set)
    model_set = catalog.model_set_for(criteria_set)
    commune = review.commune
    core_readings = tuple(reading_to_core(r, criteria_set, model_set) for r in readings)
    return (
        ReviewInput(
            commune=Commune(
                name=commune.name,
                code=commune.code,
                province=commune.province.name if commune.province else "",
                region=review.region or None,
                commune_group=review.commune_group,
            ),
            year=review.year,
            criteria_set=criteria_set.code,
            readings=core_readings,
            recognitions=tuple(
                HeldRecognition(level=Level(item["level"]), year=item.get("year"))
                for item in review.recognitions
            ),
            title=review.title,
            source=review.source,
        ),
        criteria_set,
    )
