"""One row per change, written in the same transaction as the change."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """A state change: the acting user, the action ("reading.create", "review.submit"), the
    commune it belongs to, the object, and the values before and after (JSON)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_events"
    )
    action = models.CharField(max_length=64)
    unit = models.ForeignKey(
        "territories.Unit", on_delete=models.PROTECT, related_name="audit_events"
    )
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    summary = models.CharField(max_length=500, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["unit", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_id}"
