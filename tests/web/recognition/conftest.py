"""Fixtures of the recognition tests: the province's coordinator and appraiser, a
coordinator of another province, and helpers that make Phúc Chu's 2024 review complete."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from ntm.core import Catalog
from ntm.recognition.models import Dossier
from ntm.recognition.services import dossier_create, survey_record
from ntm.reviews.models import Review
from ntm.reviews.services import reading_record
from ntm.territories.models import Unit
from ntm.users.models import Role


@pytest.fixture
def coordinator(make_user: Callable[..., User], province: Unit) -> User:
    return make_user("thainguyen.dieuphoi", Role.PROVINCE_COORDINATOR, province)


@pytest.fixture
def appraiser(make_user: Callable[..., User], province: Unit) -> User:
    return make_user("thainguyen.thamdinh", Role.PROVINCE_APPRAISER, province)


@pytest.fixture
def far_coordinator(make_user: Callable[..., User], other_province: Unit) -> User:
    return make_user("langson.dieuphoi", Role.PROVINCE_COORDINATOR, other_province)


def verdicts(actor: User, review: Review, verdict: str, numbers: list[int] | None = None) -> None:
    """Record the commune's verdict ``verdict`` ("Đạt", "Chưa đạt") on criteria ``numbers``
    (all of the set by default), as criterion-level readings."""
    criteria_set = Catalog.shipped().criteria_set(review.criteria_set)
    for criterion in criteria_set.criteria:
        if numbers is not None and criterion.number not in numbers:
            continue
        current = review.readings.filter(
            criterion=criterion.number, indicator="", current=True
        ).first()
        reading_record(
            actor=actor,
            review=review,
            criterion=criterion.number,
            indicator="",
            cells={"verdict": verdict, "source": "test"},
            base_id=current.pk if current else None,
        )


@pytest.fixture
def complete_dossier(officer: User, phuc_chu_review: Review, hamlets: list[Unit]) -> Dossier:
    """Phúc Chu's 2024 dossier (NTM nâng cao) with every criterion met by the commune's
    verdict and a survey of 40/38/37 and 30/30/29 households (asked/answered/satisfied):
    66 of 68 = 97.06% ≥ 95%."""
    verdicts(officer, phuc_chu_review, "Đạt")
    dossier = dossier_create(actor=officer, review=phuc_chu_review)
    survey_record(
        actor=officer,
        dossier=dossier,
        counts={"05560-01": (40, 38, 37), "05560-02": (30, 30, 29)},
        source="paper",
    )
    return dossier
