"""An evidence file: which review, criterion and indicator it proves, its detected type."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ntm.common.models import BaseModel
from ntm.evidence.filetypes import LABELS


class EvidenceFile(BaseModel):
    """A file proving an indicator's reading. ``content_type`` is detected from the bytes,
    never taken from the name or the browser; ``sha256`` identifies the content."""

    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="evidence")
    criterion = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=16, blank=True)
    reading = models.ForeignKey(
        "reviews.Reading", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["criterion", "indicator", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def type_label(self) -> str:
        """ "PDF", "DOCX", "XLSX", "JPEG" or "PNG"."""
        return LABELS.get(self.content_type, self.content_type)
