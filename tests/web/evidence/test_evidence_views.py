"""The evidence pages: the panel on the criterion page, the upload form, the download and
the dossier of the review, each within the user's scope."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User

from ntm.audit.models import AuditEvent
from ntm.evidence.models import EvidenceFile
from ntm.evidence.services import evidence_upload
from ntm.reviews.models import Review
from ntm.reviews.services import review_submit
from ntm.territories.models import Unit
from ntm.users.models import Role
from tests.web.evidence import files
from tests.web.evidence.conftest import english_client, upload

Stored = Callable[[], list[Path]]
PANEL = "/xa/05560/2024/tieu-chi/14/minh-chung/"
UPLOAD = "/xa/05560/2024/tieu-chi/14/minh-chung/tai-len/"
DOSSIER = "/xa/05560/2024/minh-chung/"
NAME = "Biên bản kiểm tra trạm y tế.pdf"


@pytest.fixture
def evidence(officer: User, phuc_chu_review: Review) -> EvidenceFile:
    return evidence_upload(
        actor=officer,
        review=phuc_chu_review,
        criterion=14,
        indicator="14.1",
        uploaded_file=upload(NAME, files.pdf_bytes()),
        description="Kiểm tra năm 2024",
    )


def download_url(evidence: EvidenceFile) -> str:
    return f"/xa/05560/2024/minh-chung/{evidence.pk}/tai-ve/"


def linked(url: str) -> str:
    """A URL as the pages link it: an ended commune by its code and end date."""
    return url.replace("/xa/05560/", "/xa/05560~20250701/")


def test_the_criterion_page_loads_the_panel(officer: User, phuc_chu_review: Review) -> None:
    page = english_client(officer).get("/xa/05560/2024/tieu-chi/14/").content.decode()
    assert f'hx-get="{linked(PANEL)}"' in page
    assert 'hx-trigger="load"' in page


def test_the_panel_lists_the_files_and_offers_the_form(
    officer: User, evidence: EvidenceFile
) -> None:
    response = english_client(officer).get(PANEL)
    assert response.status_code == 200
    page = response.content.decode()
    found = re.search(rf'<tr id="evidence-{evidence.pk}">(.*?)</tr>', page, re.S)
    row = found.group(1) if found else ""
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
    assert cells.startswith(f"{NAME} Kiểm tra năm 2024 14.1 PDF {evidence.size} bytes phucchu.ntm ")
    assert linked(download_url(evidence)) in row
    assert 'id="evidence-form"' in page
    assert 'enctype="multipart/form-data"' in page
    options = re.findall(r'<option value="([^"]+)"', page)
    assert options == ["14.1", "14.2", "14.3"]


def test_a_viewer_sees_the_files_but_no_form(
    make_user: Callable[..., User], phuc_chu: Unit, evidence: EvidenceFile
) -> None:
    viewer = make_user("phucchu.xem", Role.VIEWER, phuc_chu)
    page = english_client(viewer).get(PANEL).content.decode()
    assert NAME in page
    assert 'id="evidence-form"' not in page


def test_a_submitted_review_shows_no_form(officer: User, phuc_chu_review: Review) -> None:
    review_submit(actor=officer, review=phuc_chu_review)
    page = english_client(officer).get(PANEL).content.decode()
    assert 'id="evidence-form"' not in page
    assert "The review is submitted: evidence is locked." in page


def test_the_panel_of_a_criterion_the_set_lacks_is_404(
    officer: User, phuc_chu_review: Review
) -> None:
    assert english_client(officer).get("/xa/05560/2024/tieu-chi/20/minh-chung/").status_code == 404


def test_an_htmx_upload_re_renders_the_panel_with_the_file(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    response = english_client(officer).post(
        UPLOAD,
        {
            "indicator": "14.2",
            "description": "Danh sách",
            "file": upload("so-lieu.xlsx", files.xlsx_bytes()),
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    evidence = EvidenceFile.objects.get()
    assert (evidence.indicator, evidence.content_type) == (
        "14.2",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    page = response.content.decode()
    assert "so-lieu.xlsx: stored." in page
    assert 'value="Danh sách"' not in page  # the form is empty again
    assert f'id="evidence-{evidence.pk}"' in page
    assert len(stored()) == 1


def test_a_refused_upload_shows_the_message_on_the_form(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    response = english_client(officer).post(
        UPLOAD,
        {
            "indicator": "14.1",
            "description": "Giữ lại",
            "file": upload("báo cáo.pdf", files.TEXT, "application/pdf"),
        },
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert re.findall(r'id="evidence-error">([^<]*)<', page) == [
        "báo cáo.pdf: not a PDF, DOCX, XLSX, JPEG or PNG file."
    ]
    assert 'value="Giữ lại"' in page
    assert '<option value="14.1" selected>' in page
    assert not EvidenceFile.objects.exists()
    assert stored() == []


def test_an_upload_without_javascript_redirects_to_the_criterion(
    officer: User, phuc_chu_review: Review
) -> None:
    client = english_client(officer)
    response = client.post(
        UPLOAD, {"indicator": "14.3", "file": upload("anh.jpg", files.jpeg_bytes())}
    )
    assert response.status_code == 302
    assert response["Location"] == "/xa/05560~20250701/2024/tieu-chi/14/"
    assert EvidenceFile.objects.get().content_type == "image/jpeg"


def test_a_refused_upload_without_javascript_is_422_with_the_message(
    officer: User, phuc_chu_review: Review
) -> None:
    response = english_client(officer).post(
        UPLOAD, {"indicator": "9.1", "file": upload("bien-ban.pdf", files.pdf_bytes())}
    )
    assert response.status_code == 422
    assert "9.1 is not an indicator of criterion 14." in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_an_upload_without_a_file_asks_for_one(officer: User, phuc_chu_review: Review) -> None:
    response = english_client(officer).post(
        UPLOAD, {"indicator": "14.1"}, headers={"HX-Request": "true"}
    )
    assert "Choose a file to upload." in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_an_official_uploading_for_a_criterion_not_assigned_gets_403_and_nothing_is_stored(
    make_user: Callable[..., User], phuc_chu: Unit, phuc_chu_review: Review, stored: Stored
) -> None:
    official = make_user("phucchu.nhao", Role.COMMUNE_OFFICIAL, phuc_chu, criteria=[9])
    response = english_client(official).post(
        UPLOAD,
        {"indicator": "14.1", "file": upload("bien-ban.pdf", files.pdf_bytes())},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    assert not EvidenceFile.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.upload").exists()
    assert stored() == []


def test_an_upload_into_a_submitted_review_is_refused(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    review_submit(actor=officer, review=phuc_chu_review)
    response = english_client(officer).post(
        UPLOAD, {"indicator": "14.1", "file": upload("bien-ban.pdf", files.pdf_bytes())}
    )
    assert response.status_code == 422
    assert (
        "This review has been submitted and is locked until the province reopens it."
        in response.content.decode()
    )
    assert not EvidenceFile.objects.exists()
    assert stored() == []


def test_the_download_serves_the_file_as_an_attachment(
    officer: User, evidence: EvidenceFile
) -> None:
    response = english_client(officer).get(download_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf_bytes()  # type: ignore[attr-defined]
    response.close()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Bien ban kiem tra tram y te.pdf\"; filename*=UTF-8''"
        + quote(NAME, safe="")
    )


def test_a_province_coordinator_may_download(
    make_user: Callable[..., User], province: Unit, evidence: EvidenceFile
) -> None:
    coordinator = make_user("thainguyen.dieuphoi", Role.PROVINCE_COORDINATOR, province)
    response = english_client(coordinator).get(download_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf_bytes()  # type: ignore[attr-defined]
    response.close()


def test_a_user_of_another_commune_may_not_download(
    make_user: Callable[..., User], bao_linh: Unit, evidence: EvidenceFile
) -> None:
    other = make_user("baolinh.ntm", Role.COMMUNE_OFFICER, bao_linh)
    response = english_client(other).get(download_url(evidence))
    assert response.status_code == 403
    assert not getattr(response, "streaming", False)
    assert b"%PDF" not in response.content
    assert "Biên bản".encode() not in response.content
    assert "Content-Disposition" not in response


def test_a_user_of_another_commune_sees_neither_panel_nor_dossier(
    make_user: Callable[..., User], bao_linh: Unit, evidence: EvidenceFile
) -> None:
    other = make_user("baolinh.ntm", Role.COMMUNE_OFFICER, bao_linh)
    client = english_client(other)
    for url in (PANEL, DOSSIER):
        response = client.get(url)
        assert response.status_code == 403
        assert "Biên bản".encode() not in response.content


def test_a_file_of_the_review_is_not_served_under_another_year(
    officer: User, evidence: EvidenceFile
) -> None:
    assert (
        english_client(officer).get(f"/xa/05560/2023/minh-chung/{evidence.pk}/tai-ve/").status_code
        == 404
    )


def test_the_dossier_shows_completeness(
    officer: User, phuc_chu_review: Review, evidence: EvidenceFile
) -> None:
    evidence_upload(
        actor=officer,
        review=phuc_chu_review,
        criterion=14,
        indicator="14.1",
        uploaded_file=upload("anh.png", files.png_bytes()),
        description="",
    )
    evidence_upload(
        actor=officer,
        review=phuc_chu_review,
        criterion=9,
        indicator="9.1",
        uploaded_file=upload("nha-o.docx", files.docx_bytes()),
        description="",
    )
    response = english_client(officer).get(DOSSIER)
    assert response.status_code == 200
    page = response.content.decode()
    # Phúc Chu's set (nâng cao + Thái Nguyên QĐ 2194) has 52 indicators; 14.1 and 9.1 have files.
    assert re.search(r'id="completeness">([^<]*)<', page).group(1) == "2/52"  # type: ignore[union-attr]
    assert re.search(r'id="criterion-14-completeness">([^<]*)<', page).group(1) == "1/3"  # type: ignore[union-attr]
    assert re.search(r'id="criterion-9-completeness">([^<]*)<', page).group(1) == "1/1"  # type: ignore[union-attr]
    (row,) = re.findall(r'<tr id="indicator-14.1">(.*?)</tr>', page, re.S)
    assert NAME in row and "anh.png" in row
    assert "No evidence yet." in re.search(r'<tr id="indicator-14.2">(.*?)</tr>', page, re.S).group(
        1
    )  # type: ignore[union-attr]
