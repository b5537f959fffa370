"""The plan's DOCX, downloaded from the plan page."""

from __future__ import annotations

import io
import re

import docx
from django.contrib.auth.models import User

from ntm.plans.models import Plan
from ntm.reviews.models import Reading, Review
from ntm.reviews.services import reading_record
from tests.web.conftest import client_for
from tests.web.plans.conftest import DOCX_URL, in_english


def test_the_plan_downloads_as_a_docx_with_its_targets(officer: User, phuc_chu_plan: Plan) -> None:
    response = client_for(officer).get(DOCX_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="ke-hoach-05560-2024.docx"; '
        "filename*=UTF-8''ke-hoach-05560-2024.docx"
    )
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Tiêu chí số 9 - Nhà ở dân cư" in text
    assert "Thực hiện Chương trình xây dựng nông thôn mới nâng cao xã Phúc Chu" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any("Lộc Văn Dương" in cell for cell in cells)  # the signature block


def test_a_year_without_a_plan_has_no_docx(officer: User, phuc_chu_plan: Plan) -> None:
    assert client_for(officer).get("/xa/05560/2023/ke-hoach/ke-hoach.docx").status_code == 404


def test_a_plan_its_review_no_longer_fits_gives_a_message_not_a_crash(
    officer: User, phuc_chu_review: Review, phuc_chu_plan: Plan
) -> None:
    # Criterion 9, a target of the plan, is now met: the document cannot be written.
    current = Reading.objects.get(review=phuc_chu_review, criterion=9, indicator="", current=True)
    reading_record(
        actor=officer,
        review=phuc_chu_review,
        criterion=9,
        indicator="",
        cells={"verdict": "Đạt"},
        base_id=current.pk,
    )
    client = in_english(client_for(officer))
    response = client.get(DOCX_URL)
    assert response.status_code == 302
    assert response["Location"] == "/xa/05560/2024/ke-hoach/"
    html = client.get(response["Location"]).content.decode()
    (message,) = re.findall(r'<li class="error">([^<]*)</li>', html)
    assert message.startswith("The plan cannot be written as a document:")
    assert "criterion 9 is already met" in message  # the core's reason
