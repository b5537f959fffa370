"""Reads on recognition for the commune's pages: its recognitions with their watch, its
dossiers, the reviews a dossier may be opened on, and one dossier with its history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from ntm.core import Catalog
from ntm.core.recognition.workflow import DossierState, Workflow
from ntm.recognition.models import Dossier, DossierTransition, Recognition, RecognitionLevel
from ntm.recognition.state import dossier_state, dossier_workflow
from ntm.reviews.models import Review
from ntm.territories.models import Unit

__all__ = [
    "LoadedDossier",
    "commune_dossiers",
    "commune_recognitions",
    "dossier_load",
    "dossier_of",
    "reviews_open",
]


def commune_recognitions(commune: Unit) -> QuerySet[Recognition]:
    """The recognitions the commune holds, with their revocation watch, newest first."""
    return Recognition.objects.filter(commune=commune).select_related("watch", "dossier")


def commune_dossiers(commune: Unit) -> QuerySet[Dossier]:
    """The commune's dossiers, newest year first, with their review."""
    return Dossier.objects.filter(commune=commune).select_related("review")


def reviews_open(commune: Unit) -> list[tuple[Review, str]]:
    """The commune's reviews of a recognition level (basic, advanced, model) that have no
    dossier yet, the ones a dossier may be opened on, each with its criteria set's name."""
    catalog = Catalog.shipped()
    taken = set(Dossier.objects.filter(commune=commune).values_list("review_id", flat=True))
    rows = []
    for review in Review.objects.filter(commune=commune).order_by("-year", "criteria_set"):
        criteria_set = catalog.criteria_set(review.criteria_set)
        if review.pk not in taken and str(criteria_set.level) in RecognitionLevel.values:
            rows.append((review, criteria_set.name))
    return rows


@dataclass(frozen=True)
class LoadedDossier:
    """A dossier with its workflow, state and stored history rows (with their actors)."""

    dossier: Dossier
    workflow: Workflow
    state: DossierState
    rows: list[DossierTransition]


def dossier_of(commune: Unit, pk: int) -> Dossier:
    """The dossier ``pk`` of that commune, with its commune and review (404 for another
    commune's): what a write needs, the service folding its state under its lock."""
    dossier = (
        Dossier.objects.select_related("commune", "review", "created_by")
        .filter(commune=commune, pk=pk)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def dossier_load(commune: Unit, pk: int) -> LoadedDossier:
    """The dossier ``pk`` of that commune (404 for another commune's), folded."""
    dossier = dossier_of(commune, pk)
    rows = list(dossier.transitions.select_related("actor").order_by("position"))
    workflow = dossier_workflow(dossier)
    return LoadedDossier(dossier, workflow, dossier_state(dossier, rows, workflow=workflow), rows)
