"""A stored dossier → the core's :class:`~ntm.core.recognition.dossier.DossierContent`:
the review's result, the facts the officer entered, the survey, the evidence files on
disk. The completeness check, the documents and the ZIP all start from it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from ntm.core import InputError
from ntm.core.catalog import Level
from ntm.core.plan import PartialDate
from ntm.core.recognition.dossier import (
    DISTRICTS_ABOLISHED,
    Comment,
    ConstructionDebt,
    Consultation,
    DebtItem,
    DossierCommune,
    DossierContent,
    EvidenceItem,
    HamletSatisfaction,
    Meeting,
    Missing,
    SatisfactionSurvey,
    default_submission,
    dossier_missing,
)
from ntm.core.recognition.revocation import RecognitionRules
from ntm.evidence.filetypes import LABELS
from ntm.evidence.models import EvidenceFile
from ntm.recognition.forms import submission_number_bare
from ntm.recognition.models import Dossier
from ntm.recognition.models import SatisfactionSurvey as StoredSurvey
from ntm.reviews.selectors import review_evaluate
from ntm.territories.hamlets import hamlet_list
from ntm.territories.models import UnitKind

__all__ = ["dossier_content", "dossier_missing_items"]


def _date(facts: dict[str, Any], key: str) -> datetime.date | None:
    text = facts.get(key)
    return datetime.date.fromisoformat(text) if text else None


def _meeting(facts: dict[str, Any]) -> Meeting | None:
    day = _date(facts, "meeting_date")
    counts = [facts.get(key) for key in ("meeting_attended", "meeting_invited", "meeting_agreed")]
    if day is None or any(count is None for count in counts):
        return None
    attended, invited, agreed = (int(count) for count in counts)  # type: ignore[arg-type]
    votes = facts.get("meeting_votes_total")
    return Meeting(
        date=day,
        place=facts.get("meeting_place", ""),
        chair=facts.get("meeting_chair", ""),
        secretary=facts.get("meeting_secretary", ""),
        attended=attended,
        invited=invited,
        agreed=agreed,
        votes_total=attended if votes is None else int(votes),
        conclusion=facts.get("meeting_conclusion", ""),
        body=facts.get("meeting_body", ""),
    )


def _survey(dossier: Dossier) -> SatisfactionSurvey | None:
    stored = StoredSurvey.objects.filter(dossier=dossier).first()
    if stored is None:
        return None
    names = {hamlet.code: hamlet.full_name for hamlet in hamlet_list(dossier.commune)}
    return SatisfactionSurvey.of(
        RecognitionRules.shipped(),
        Level(dossier.level),
        asked=stored.asked,
        answered=stored.answered,
        satisfied=stored.satisfied,
        hamlets=tuple(
            HamletSatisfaction(names.get(code, code), *values)
            for code, values in stored.counts.items()
        ),
    )


def _evidence(dossier: Dossier) -> tuple[EvidenceItem, ...]:
    items = []
    for row in EvidenceFile.objects.filter(review=dossier.review).order_by(
        "criterion", "indicator", "id"
    ):
        items.append(
            EvidenceItem(
                criterion=row.criterion,
                indicator=row.indicator,
                name=row.original_name,
                path=Path(row.file.path),
                content_type=LABELS.get(row.content_type, row.content_type),
                size=row.size,
                sha256=row.sha256,
                description=row.description,
            )
        )
    return tuple(items)


def dossier_content(dossier: Dossier) -> DossierContent:
    """Everything the dossier's documents and its check need, from the database.

    Raises:
        InputError: stored facts the core finds impossible (cannot happen through the
            forms, which check the same rules).
    """
    commune = dossier.commune
    facts = dict(dossier.facts)
    parent = commune.parent
    district = parent.name if parent is not None and parent.kind == UnitKind.DISTRICT else None
    province = commune.province.name if commune.province else ""
    core_commune = DossierCommune(commune.name, commune.code, commune.type_name or "Xã")
    submitted = _date(facts, "submission_date")
    on = PartialDate(submitted.year, submitted.month, submitted.day) if submitted else None
    if on is None:
        today = timezone.localdate()
        on = PartialDate(today.year, today.month, today.day)
    # The tờ trình goes to the district until the districts ended (its date decides, as the
    # submission's date decides the chain: recognition-procedure.md §2 [M]).
    submission = default_submission(
        core_commune,
        province=province,
        district=district if on.latest() < DISTRICTS_ABOLISHED else None,
        date=on,
        number=submission_number_bare(facts.get("submission_number", "")) or None,
        signer=facts.get("signer_name", ""),
    )
    start, end = _date(facts, "publication_from"), _date(facts, "publication_to")
    consultation = (
        Consultation(start, end, facts.get("publication_places", "")) if start and end else None
    )
    debt = None
    as_of = _date(facts, "debt_as_of")
    if facts.get("debt_declared"):
        debt = ConstructionDebt(
            items=tuple(
                DebtItem(row["work"], Decimal(row["amount"])) for row in facts.get("debt_items", [])
            ),
            as_of=as_of or on.earliest(),
        )
    return DossierContent(
        commune=core_commune,
        province=province,
        district=district,
        level=Level(dossier.level),
        year=dossier.year,
        result=review_evaluate(dossier.review),
        submission=submission,
        consultation=consultation,
        comments=tuple(
            Comment(row["source"], row["content"], row.get("response", ""))
            for row in facts.get("comments", [])
        ),
        meeting=_meeting(facts),
        debt=debt,
        satisfaction=_survey(dossier),
        evidence=_evidence(dossier),
    )


def dossier_missing_items(
    dossier: Dossier, *, content: DossierContent | None = None
) -> tuple[Missing, ...]:
    """What the dossier still lacks before the commune may submit it
    (:func:`ntm.core.recognition.dossier.dossier_missing`); empty when complete.
    ``content``: the dossier's :func:`dossier_content`, when the caller has built it."""
    try:
        return dossier_missing(content or dossier_content(dossier))
    except InputError as error:
        return (Missing("facts_invalid", str(error)),)
