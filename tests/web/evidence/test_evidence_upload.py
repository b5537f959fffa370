"""evidence_upload: the type from the bytes, the limits, the scope, the lock, the audit,
and nothing left behind when a file is refused or a step fails."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from pytest_django.fixtures import Settings

from ntm.audit.models import AuditEvent
from ntm.evidence.models import EvidenceFile
from ntm.evidence.services import EvidenceRefused, clean_file_name, evidence_upload
from ntm.reviews.models import Review
from ntm.reviews.services import reading_record, review_submit
from ntm.territories.models import Unit
from ntm.users.models import Role
from tests.web.evidence import files
from tests.web.evidence.conftest import upload

Stored = Callable[[], list[Path]]


def store(
    actor: User,
    review: Review,
    name: str,
    data: bytes,
    *,
    criterion: int = 14,
    indicator: str = "14.1",
    description: str = "",
) -> EvidenceFile:
    return evidence_upload(
        actor=actor,
        review=review,
        criterion=criterion,
        indicator=indicator,
        uploaded_file=upload(name, data),
        description=description,
    )


def assert_refused(
    actor: User,
    review: Review,
    name: str,
    data: bytes,
    message: str,
    stored: Stored,
    **kwargs: object,
) -> None:
    with pytest.raises(EvidenceRefused) as refused:
        store(actor, review, name, data, **kwargs)  # type: ignore[arg-type]
    assert refused.value.message == message
    assert not EvidenceFile.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.upload").exists()
    assert stored() == []


@pytest.mark.parametrize(
    ("name", "build", "content_type", "label", "extension"),
    [
        ("bien-ban.pdf", files.pdf_bytes, "application/pdf", "PDF", ".pdf"),
        ("anh-tram-y-te.jpg", files.jpeg_bytes, "image/jpeg", "JPEG", ".jpg"),
        ("so-do.png", files.png_bytes, "image/png", "PNG", ".png"),
        (
            "bao-cao.docx",
            files.docx_bytes,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "DOCX",
            ".docx",
        ),
        (
            "so-lieu.xlsx",
            files.xlsx_bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "XLSX",
            ".xlsx",
        ),
    ],
)
def test_each_accepted_type_is_detected_and_stored(
    officer: User,
    phuc_chu_review: Review,
    stored: Stored,
    name: str,
    build: Callable[[], bytes],
    content_type: str,
    label: str,
    extension: str,
) -> None:
    data = build()
    evidence = store(officer, phuc_chu_review, name, data, description="  Biên bản   kiểm tra ")
    evidence.refresh_from_db()
    assert evidence.content_type == content_type
    assert evidence.type_label == label
    assert evidence.original_name == name
    assert evidence.size == len(data)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.description == "Biên bản kiểm tra"
    assert (evidence.criterion, evidence.indicator) == (14, "14.1")
    assert evidence.uploaded_by == officer
    [path] = stored()
    assert path.read_bytes() == data
    assert path.suffix == extension
    assert name not in path.name  # stored under a generated name


def test_a_png_named_pdf_is_stored_as_png(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    evidence = store(officer, phuc_chu_review, "bien-ban.pdf", files.png_bytes())
    assert evidence.content_type == "image/png"
    assert evidence.original_name == "bien-ban.pdf"
    [path] = stored()
    assert path.suffix == ".png"


def test_a_pdf_named_xlsx_is_stored_as_pdf(officer: User, phuc_chu_review: Review) -> None:
    assert (
        store(officer, phuc_chu_review, "so-lieu.xlsx", files.pdf_bytes()).content_type
        == "application/pdf"
    )


def test_a_text_file_named_pdf_is_refused(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    assert_refused(
        officer,
        phuc_chu_review,
        "báo cáo.pdf",
        files.TEXT,
        "báo cáo.pdf: not a PDF, DOCX, XLSX, JPEG or PNG file.",
        stored,
    )


def test_an_exe_is_refused(officer: User, phuc_chu_review: Review, stored: Stored) -> None:
    assert_refused(
        officer,
        phuc_chu_review,
        "tệp.exe",
        files.EXE,
        "tệp.exe: not a PDF, DOCX, XLSX, JPEG or PNG file.",
        stored,
    )


def test_an_exe_named_docx_is_refused(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    assert_refused(
        officer,
        phuc_chu_review,
        "bao-cao.docx",
        files.EXE,
        "bao-cao.docx: not a PDF, DOCX, XLSX, JPEG or PNG file.",
        stored,
    )


def test_a_zip_that_is_not_an_office_document_is_refused(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    data = files.zip_bytes({"ghi-chu.txt": files.TEXT})
    assert_refused(
        officer,
        phuc_chu_review,
        "ho-so.docx",
        data,
        "ho-so.docx: a ZIP archive, but not a Word (DOCX) or Excel (XLSX) document.",
        stored,
    )


def test_a_macro_enabled_word_document_is_refused(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    docm = files.with_member(
        files.docx_bytes(),
        "[Content_Types].xml",
        (
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml",
        ),
    )
    assert_refused(
        officer,
        phuc_chu_review,
        "bao-cao.docx",
        docm,
        "bao-cao.docx: a ZIP archive, but not a Word (DOCX) or Excel (XLSX) document.",
        stored,
    )


def test_content_types_naming_a_missing_main_part_is_refused(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    hollow = files.with_member(
        files.xlsx_bytes(),
        "[Content_Types].xml",
        (b'PartName="/xl/workbook.xml"', b'PartName="/xl/other.xml"'),
    )
    assert_refused(
        officer,
        phuc_chu_review,
        "so-lieu.xlsx",
        hollow,
        "so-lieu.xlsx: a ZIP archive, but not a Word (DOCX) or Excel (XLSX) document.",
        stored,
    )


def test_a_damaged_zip_is_refused(officer: User, phuc_chu_review: Review, stored: Stored) -> None:
    damaged = files.docx_bytes()[:200]
    assert_refused(
        officer,
        phuc_chu_review,
        "bao-cao.docx",
        damaged,
        "bao-cao.docx: a damaged ZIP archive, not a DOCX or XLSX document.",
        stored,
    )


def test_a_file_over_the_limit_is_refused(
    officer: User, phuc_chu_review: Review, stored: Stored, settings: Settings
) -> None:
    data = files.png_bytes()
    settings.NTM_EVIDENCE_MAX_BYTES = len(data) - 1
    assert_refused(
        officer,
        phuc_chu_review,
        "so-do.png",
        data,
        f"so-do.png: the file is larger than the limit of {len(data) - 1}\xa0bytes.",
        stored,
    )


def test_a_file_at_the_limit_is_accepted(
    officer: User, phuc_chu_review: Review, settings: Settings
) -> None:
    data = files.png_bytes()
    settings.NTM_EVIDENCE_MAX_BYTES = len(data)
    assert store(officer, phuc_chu_review, "so-do.png", data).size == len(data)


def test_an_empty_file_is_refused(officer: User, phuc_chu_review: Review, stored: Stored) -> None:
    assert_refused(
        officer, phuc_chu_review, "bien-ban.pdf", b"", "bien-ban.pdf: the file is empty.", stored
    )


def test_an_indicator_of_another_criterion_is_refused(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    assert_refused(
        officer,
        phuc_chu_review,
        "bien-ban.pdf",
        files.pdf_bytes(),
        "9.1 is not an indicator of criterion 14.",
        stored,
        indicator="9.1",
    )


def test_no_indicator_is_refused(officer: User, phuc_chu_review: Review, stored: Stored) -> None:
    assert_refused(
        officer,
        phuc_chu_review,
        "bien-ban.pdf",
        files.pdf_bytes(),
        "Choose the indicator this file proves.",
        stored,
        indicator="",
    )


def test_an_official_may_not_upload_for_a_criterion_not_assigned(
    make_user: Callable[..., User], phuc_chu: Unit, phuc_chu_review: Review, stored: Stored
) -> None:
    official = make_user("phucchu.yte", Role.COMMUNE_OFFICIAL, phuc_chu, criteria=[14])
    with pytest.raises(PermissionDenied):
        store(
            official,
            phuc_chu_review,
            "bien-ban.pdf",
            files.pdf_bytes(),
            criterion=9,
            indicator="9.1",
        )
    assert not EvidenceFile.objects.exists()
    assert stored() == []
    assert (
        store(official, phuc_chu_review, "bien-ban.pdf", files.pdf_bytes()).uploaded_by == official
    )


def test_a_submitted_review_is_refused(
    officer: User, phuc_chu_review: Review, stored: Stored
) -> None:
    review_submit(actor=officer, review=phuc_chu_review)
    assert_refused(
        officer,
        phuc_chu_review,
        "bien-ban.pdf",
        files.pdf_bytes(),
        "This review has been submitted and is locked until the province reopens it.",
        stored,
    )


def test_the_upload_writes_an_audit_event(
    officer: User, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    data = files.pdf_bytes()
    evidence = store(officer, phuc_chu_review, "bien-ban.pdf", data)
    event = AuditEvent.objects.get(action="evidence.upload")
    assert event.actor == officer
    assert event.unit == phuc_chu
    assert (event.target_type, event.target_id) == ("evidence_file", str(evidence.pk))
    assert event.summary == "2024 14.1 bien-ban.pdf"
    assert event.after["sha256"] == hashlib.sha256(data).hexdigest()
    assert event.after["content_type"] == "application/pdf"
    assert event.after["size"] == len(data)


def test_a_failure_after_the_file_is_stored_leaves_no_row_and_no_file(
    officer: User, phuc_chu_review: Review, stored: Stored, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr("ntm.evidence.services.audit_event_record", broken)
    with pytest.raises(RuntimeError, match="audit unavailable"):
        store(officer, phuc_chu_review, "bien-ban.pdf", files.pdf_bytes())
    assert not EvidenceFile.objects.exists()
    assert stored() == []


def test_the_file_is_linked_to_the_current_reading(officer: User, phuc_chu_review: Review) -> None:
    assert store(officer, phuc_chu_review, "truoc.pdf", files.pdf_bytes()).reading is None
    reading = reading_record(
        actor=officer,
        review=phuc_chu_review,
        criterion=14,
        indicator="14.1",
        cells={"value": "96,2"},
        base_id=None,
    )
    evidence = store(officer, phuc_chu_review, "sau.pdf", files.pdf_bytes())
    assert evidence.reading == reading
    assert evidence.reading.value == "96,2"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\xa\\Biên bản.pdf", "Biên bản.pdf"),
        ("../../etc/passwd", "passwd"),
        ("a\x00b\nc.pdf", "abc.pdf"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_file_names_are_kept_without_folders_or_control_characters(given: str, kept: str) -> None:
    assert clean_file_name(given) == kept
