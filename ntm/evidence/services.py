"""Writes on evidence: upload a file proving an indicator's reading. One transaction with
its audit event; the file's type is told from its bytes."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ntm.audit.services import audit_event_record
from ntm.common.errors import Refused
from ntm.core import Catalog
from ntm.evidence.filetypes import FileTypeRejected, Rejection, detect_file_type
from ntm.evidence.models import EvidenceFile
from ntm.reviews.models import Reading, Review
from ntm.users.permissions import require_edit_criterion

NAME_MAX = EvidenceFile._meta.get_field("original_name").max_length or 255
DESCRIPTION_MAX = EvidenceFile._meta.get_field("description").max_length or 500


class EvidenceRefused(Refused):
    """A file that cannot be stored."""


def clean_file_name(name: str | None) -> str:
    """The name as the user gave it, without folders or control characters, at most
    255 characters (the extension kept)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(base) > NAME_MAX:
        stem, dot, extension = base.rpartition(".")
        if dot and 0 < len(extension) < 16:
            base = stem[: NAME_MAX - len(extension) - 1] + "." + extension
        else:
            base = base[:NAME_MAX]
    return base or "file"


def _rejection_message(name: str, reason: Rejection) -> str:
    if reason is Rejection.BAD_ZIP:
        return _("%(name)s: a damaged ZIP archive, not a DOCX or XLSX document.") % {"name": name}
    if reason is Rejection.OTHER_ZIP:
        return _("%(name)s: a ZIP archive, but not a Word (DOCX) or Excel (XLSX) document.") % {
            "name": name
        }
    return _("%(name)s: not a PDF, DOCX, XLSX, JPEG or PNG file.") % {"name": name}


def evidence_upload(
    *,
    actor: User,
    review: Review,
    criterion: int,
    indicator: str,
    uploaded_file: UploadedFile[bytes],
    description: str,
) -> EvidenceFile:
    """Store a file proving an indicator of a criterion of the review, linked to the
    indicator's current reading when there is one.

    The type is detected from the content (PDF, DOCX, XLSX, JPEG, PNG); the file is kept
    under a generated name, with its original name, size and SHA-256 in the row. The
    row, the stored file and the audit event are written together: if any step fails,
    none remains (a rollback of an enclosing transaction after this returns is the
    caller's to clean up).

    Raises:
        PermissionDenied: the actor may not change that criterion of the commune.
        EvidenceRefused: the review is submitted (locked); the indicator is not one of the
            criterion's; the file is empty, too large, or of a type not accepted.
    """
    require_edit_criterion(actor, review.commune, criterion)
    criteria_set = Catalog.shipped().criteria_set(review.criteria_set)
    if not criteria_set.has_criterion(criterion):
        raise EvidenceRefused(
            _("The criteria set of this review has no criterion %(number)d.")
            % {"number": criterion}
        )
    codes = [i.code for i in criteria_set.criterion(criterion).indicators]
    if not indicator:
        raise EvidenceRefused(_("Choose the indicator this file proves."), "indicator")
    if indicator not in codes:
        raise EvidenceRefused(
            _("%(code)s is not an indicator of criterion %(number)d.")
            % {"code": indicator, "number": criterion},
            "indicator",
        )
    name = clean_file_name(uploaded_file.name)
    description = " ".join(description.split())
    if len(description) > DESCRIPTION_MAX:
        raise EvidenceRefused(
            _("The description is longer than %(max)d characters.") % {"max": DESCRIPTION_MAX},
            "description",
        )

    limit = settings.NTM_EVIDENCE_MAX_BYTES
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded_file.chunks():
        size += len(chunk)
        if size > limit:
            break
        digest.update(chunk)
    if size == 0:
        raise EvidenceRefused(_("%(name)s: the file is empty.") % {"name": name}, "file")
    if size > limit:
        raise EvidenceRefused(
            _("%(name)s: the file is larger than the limit of %(limit)s.")
            % {"name": name, "limit": filesizeformat(limit)},
            "file",
        )
    try:
        file_type = detect_file_type(uploaded_file.file or uploaded_file)
    except FileTypeRejected as rejected:
        raise EvidenceRefused(_rejection_message(name, rejected.reason), "file") from None

    stored: list[tuple[Storage, str]] = []
    try:
        with transaction.atomic():
            locked = Review.objects.select_for_update().get(pk=review.pk)
            if not locked.is_editable(criterion):
                raise EvidenceRefused(
                    _("This review has been submitted and is locked until the province reopens it.")
                )
            reading = Reading.objects.filter(
                review=locked, criterion=criterion, indicator=indicator, current=True
            ).first()
            evidence = EvidenceFile(
                review=locked,
                criterion=criterion,
                indicator=indicator,
                reading=reading,
                original_name=name,
                content_type=file_type.content_type,
                size=size,
                sha256=digest.hexdigest(),
                description=description,
                uploaded_by=actor,
            )
            evidence.full_clean(exclude=["file"])
            evidence.file.save(
                f"{uuid.uuid4().hex}.{file_type.extension}", uploaded_file, save=False
            )
            stored.append((evidence.file.storage, evidence.file.name or ""))
            evidence.save()
            audit_event_record(
                actor=actor,
                action="evidence.upload",
                unit=locked.commune,
                target_type="evidence_file",
                target_id=evidence.pk,
                summary=f"{locked.year} {indicator} {name}",
                after={
                    "criterion": criterion,
                    "indicator": indicator,
                    "reading": reading.pk if reading else None,
                    "name": name,
                    "content_type": file_type.content_type,
                    "size": size,
                    "sha256": evidence.sha256,
                    "description": description,
                },
            )
    except BaseException:
        for storage, stored_name in stored:
            if stored_name:
                storage.delete(stored_name)
        raise
    return evidence
