"""A commune's review of a year against a criteria set, and its readings.

Nothing is overwritten: a new reading of an indicator supersedes the current one, which
stays in the history (``current`` False) with who entered it, when, and from what source.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.common.models import BaseModel

#: How a demo marks a reading it made up to show a workflow (the recognition demo): the
#: source starts with these words, and the dashboard says how many current readings do.
ILLUSTRATIVE_SOURCE_PREFIX = "Minh họa (demo):"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


class Review(BaseModel):
    """The review of ``commune`` for ``year`` against ``criteria_set`` (a catalog code,
    possibly with overlays: "xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022").

    A submitted review is locked until the level above reopens it. A review that a
    recognition dossier stands on is locked by the dossier (``lock_holder`` "dossier") from
    its submission; a return unlocks exactly the criteria returned (``unlocked_criteria``).
    """

    commune = models.ForeignKey(
        "territories.Unit", on_delete=models.PROTECT, related_name="reviews"
    )
    year = models.PositiveSmallIntegerField()
    criteria_set = models.CharField(max_length=200)
    region = models.CharField(max_length=16, blank=True)
    commune_group = models.PositiveSmallIntegerField(null=True, blank=True)
    recognitions = models.JSONField(default=list, blank=True)  # [{"level": "basic", "year": 2018}]
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=500, blank=True)
    lock_holder = models.CharField(max_length=32, blank=True)
    unlocked_criteria = models.JSONField(default=list, blank=True)  # [5, 17]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "criteria_set"], name="review_unique"
            )
        ]
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.commune} {self.year} {self.criteria_set}"

    @property
    def locked(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    def is_editable(self, criterion: int) -> bool:
        """Whether the readings and evidence of ``criterion`` may change: the review is a
        draft, or a dossier returned it for that criterion."""
        return not self.locked or criterion in self.unlocked_criteria


class Reading(BaseModel):
    """One reading of an indicator (``indicator`` "9.2"), or the commune's verdict on a whole
    criterion (``indicator`` empty). Values are kept as the user typed them ("12,5",
    "gần 98%"); the core parses them with the same rules as the files."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="readings")
    criterion = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=16, blank=True)
    value = models.CharField(max_length=100, blank=True)
    numerator = models.CharField(max_length=32, blank=True)
    denominator = models.CharField(max_length=32, blank=True)
    result = models.CharField(max_length=32, blank=True)
    verdict = models.CharField(max_length=32, blank=True)
    source = models.CharField(max_length=500, blank=True)
    note = models.CharField(max_length=1000, blank=True)
    current = models.BooleanField(default=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="readings"
    )

    class Meta:
        ordering = ["criterion", "indicator", "-id"]
        indexes = [models.Index(fields=["review", "current"])]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion", "indicator"],
                condition=models.Q(current=True),
                name="one_current_reading",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator or self.criterion}: {self.value or self.result or self.verdict}"

    def cells(self) -> dict[str, str]:
        """The reading's cells, as the core's reading builder takes them."""
        return {
            key: getattr(self, key)
            for key in ("value", "numerator", "denominator", "result", "verdict", "source", "note")
            if getattr(self, key)
        }
