"""Reads on evidence: the files of a criterion, the dossier of a review with its
completeness, how many files prove each indicator."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from ntm.core import Catalog, CriteriaSet, Criterion
from ntm.evidence.models import EvidenceFile
from ntm.reviews.models import Review


def evidence_counts(review: Review) -> dict[str, int]:
    """Indicator code (or criterion number as text, for criterion-level files) → files."""
    rows = (
        EvidenceFile.objects.filter(review=review)
        .values("criterion", "indicator")
        .annotate(count=Count("id"))
    )
    return {(row["indicator"] or str(row["criterion"])): row["count"] for row in rows}


def review_criteria_set(review: Review) -> CriteriaSet:
    """The criteria set the review is made against (with its overlays)."""
    return Catalog.shipped().criteria_set(review.criteria_set)


def review_criterion(review: Review, number: int) -> Criterion | None:
    """The criterion of the review's set with that number, if the set has it."""
    criteria_set = review_criteria_set(review)
    return criteria_set.criterion(number) if criteria_set.has_criterion(number) else None


def evidence_of_criterion(review: Review, criterion: int) -> QuerySet[EvidenceFile]:
    """The files of one criterion, by indicator, newest first, with who uploaded them."""
    return (
        EvidenceFile.objects.filter(review=review, criterion=criterion)
        .select_related("uploaded_by")
        .order_by("indicator", "-id")
    )


def evidence_file_get(review: Review, pk: int) -> EvidenceFile:
    """A file of the review (404 for a file of another review)."""
    return get_object_or_404(EvidenceFile, review=review, pk=pk)


@dataclass(frozen=True)
class IndicatorEvidence:
    code: str
    name: str
    files: list[EvidenceFile]


@dataclass(frozen=True)
class CriterionEvidence:
    number: int
    name: str
    indicators: list[IndicatorEvidence]
    #: Files whose indicator the set no longer has (or criterion-level files).
    other: list[EvidenceFile] = field(default_factory=list)

    @property
    def proved(self) -> int:
        return sum(1 for indicator in self.indicators if indicator.files)

    @property
    def total(self) -> int:
        return len(self.indicators)


@dataclass(frozen=True)
class EvidenceDossier:
    """The files of a review, per criterion and indicator of its set."""

    criteria: list[CriterionEvidence]
    files: int

    @property
    def proved(self) -> int:
        """Indicators with at least one file."""
        return sum(criterion.proved for criterion in self.criteria)

    @property
    def total(self) -> int:
        return sum(criterion.total for criterion in self.criteria)


def evidence_dossier(review: Review) -> EvidenceDossier:
    """Every file of the review under its criterion and indicator (one query)."""
    files = list(
        EvidenceFile.objects.filter(review=review)
        .select_related("uploaded_by")
        .order_by("criterion", "indicator", "-id")
    )
    by_place: dict[tuple[int, str], list[EvidenceFile]] = defaultdict(list)
    for evidence in files:
        by_place[(evidence.criterion, evidence.indicator)].append(evidence)
    criteria = []
    for criterion in review_criteria_set(review).criteria:
        indicators = [
            IndicatorEvidence(
                code=indicator.code,
                name=indicator.name,
                files=by_place.pop((criterion.number, indicator.code), []),
            )
            for indicator in criterion.indicators
        ]
        other = [
            evidence
            for (number, _code), group in sorted(by_place.items())
            if number == criterion.number
            for evidence in group
        ]
        criteria.append(
            CriterionEvidence(
                number=criterion.number, name=criterion.name, indicators=indicators, other=other
            )
        )
    return EvidenceDossier(criteria=criteria, files=len(files))
