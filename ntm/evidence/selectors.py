"""Reads on evidence: how many files prove each indicator."""

from __future__ import annotations

from django.db.models import Count

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
