"""Fixtures of the recognition tests: the province's coordinator and appraiser, a
coordinator of another province, and helpers that make Phúc Chu's 2024 review complete."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.core import Catalog
from ntm.evidence.services import evidence_upload
from ntm.recognition.models import Dossier
from ntm.recognition.services import dossier_create, dossier_facts_update, survey_record
from ntm.reviews.models import Review
from ntm.reviews.services import reading_record
from ntm.territories.models import Unit
from tests.web.evidence.files import pdf_bytes


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


#: The facts of a complete dossier: published 1-15/11/2024 (15 days, both ends counted),
#: the meeting (25 of 27 present, 25 votes, 24 in favour), no construction debt.
FACTS = {
    "submission_number": "45",
    # Dated on the day the tests submit it (UTC's day: never after Vietnam's), on the
    # province's chain like the submission itself.
    "submission_date": datetime.datetime.now(datetime.UTC).date().isoformat(),
    "signer_name": "Lộc Văn Dương",
    "publication_from": "2024-11-01",
    "publication_to": "2024-11-15",
    "publication_places": "Trụ sở UBND xã, nhà văn hóa các xóm, loa truyền thanh",
    "comments": [
        {"source": "Ủy ban MTTQ Việt Nam xã", "content": "Nhất trí với báo cáo.", "response": ""}
    ],
    "meeting_date": "2024-11-20",
    "meeting_place": "Hội trường UBND xã Phúc Chu",
    "meeting_chair": "Lộc Văn Dương",
    "meeting_secretary": "Thư ký",
    "meeting_invited": 27,
    "meeting_attended": 25,
    "meeting_votes_total": 25,
    "meeting_agreed": 24,
    "meeting_conclusion": "Đề nghị xét công nhận xã đạt chuẩn NTM nâng cao năm 2024.",
    "debt_declared": True,
    "debt_items": [],
    "debt_as_of": "2024-11-30",
}


def evidence_everywhere(actor: User, review: Review) -> None:
    """One small real PDF on the first indicator of each criterion of the review's set
    (a criterion met by the commune's verdict needs one file; its indicators have no
    readings, so none of them is met on its own)."""
    for criterion in Catalog.shipped().criteria_set(review.criteria_set).criteria:
        evidence_upload(
            actor=actor,
            review=review,
            criterion=criterion.number,
            indicator=criterion.indicators[0].code,
            uploaded_file=SimpleUploadedFile(f"bien-ban-tc{criterion.number}.pdf", pdf_bytes()),
            description=f"Biên bản kiểm tra tiêu chí {criterion.number}",
        )


@pytest.fixture
def complete_dossier(officer: User, phuc_chu_review: Review, hamlets: list[Unit]) -> Dossier:
    """Phúc Chu's 2024 dossier (NTM nâng cao; xã NTM held since 2018) with every criterion
    met by the commune's verdict, a PDF on each criterion, the facts above, and a survey of
    40/38/37 and 30/30/29 households (asked/answered/satisfied): 66 of 68 = 97.06% ≥ 95%."""
    verdicts(officer, phuc_chu_review, "Đạt")
    evidence_everywhere(officer, phuc_chu_review)
    dossier = dossier_create(actor=officer, review=phuc_chu_review)
    dossier = dossier_facts_update(actor=officer, dossier=dossier, facts=FACTS)
    survey_record(
        actor=officer,
        dossier=dossier,
        counts={"05560-01": (40, 38, 37), "05560-02": (30, 30, 29)},
        source="paper",
    )
    return dossier
