"""Recognition (công nhận) under QĐ 18/2022/QĐ-TTg: a commune's dossier and its way up the
levels, the recognitions a commune holds, the revocation watch on each, residents'
satisfaction, and whether the commune publishes its public page.

The chain of steps is data (``ntm/registers/recognition-workflows.yaml``) and the state
machine is the core's (:mod:`ntm.core.recognition.workflow`): a dossier stores its
transitions, and its state is folded from them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.common.models import BaseModel


class RecognitionLevel(models.TextChoices):
    """The levels a commune is recognised at (QĐ 18/2022/QĐ-TTg, 2021-2025)."""

    BASIC = "basic", _("new rural commune")
    ADVANCED = "advanced", _("advanced new rural commune")
    MODEL = "model", _("model new rural commune")


class Dossier(BaseModel):
    """The recognition dossier (hồ sơ đề nghị công nhận) of ``commune`` at ``level`` for
    ``year``, standing on the commune's ``review`` of that year.

    ``workflow`` is the key of the chain it follows (chosen by the submission date);
    ``status``, ``next_step``, ``unlocked_criteria`` and the decision are derived from the
    transitions and stored for the province's desk. ``facts`` holds what the documents
    need that the product does not compute (the tờ trình's number, the publication period,
    the comments received, the meeting, the construction debt), as entered by the officer.
    """

    commune = models.ForeignKey(
        "territories.Unit", on_delete=models.PROTECT, related_name="dossiers"
    )
    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="dossiers")
    level = models.CharField(max_length=16, choices=RecognitionLevel.choices)
    year = models.PositiveSmallIntegerField()
    workflow = models.CharField(max_length=200)
    units = models.JSONField(
        default=dict
    )  # {"commune": "05560", "district": "167", "province": "19"}
    status = models.CharField(max_length=32, default="draft")
    next_step = models.PositiveSmallIntegerField(default=0)
    unlocked_criteria = models.JSONField(default=list, blank=True)  # ["5", "17"]
    decision_number = models.CharField(max_length=100, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    moved_at = models.DateTimeField(null=True, blank=True)  # the last transition
    facts = models.JSONField(default=dict, blank=True)
    # Whether the review had been submitted (reviews app) before the dossier locked it:
    # the state it returns to when the dossier releases it.
    review_was_submitted = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "level", "year"], name="dossier_commune_level_year_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "moved_at"])]
        ordering = ["-year", "level"]

    def __str__(self) -> str:
        return f"{self.commune} {self.level} {self.year}"


class DossierTransition(models.Model):
    """One entry of a dossier's history, in order (``position`` from 0). Never changed: an
    undo is a transition of its own (``undoes`` the position it cancels)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    position = models.PositiveIntegerField()
    action = models.CharField(max_length=64)
    step = models.CharField(max_length=64)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=32)
    level = models.CharField(max_length=16)
    unit = models.CharField(max_length=32)
    at = models.DateTimeField()
    reasons = models.JSONField(default=dict, blank=True)  # {"5": "reason"}
    decision_number = models.CharField(max_length=100, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    undoes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "position"], name="transition_position_unique"
            )
        ]
        ordering = ["dossier", "position"]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.position} {self.action}"


class Recognition(BaseModel):
    """A recognition the commune holds: at ``level``, for ``year``, by a decision, against
    ``criteria_set`` (a catalog code). Made by a dossier's decision step, or entered for
    a recognition from before the product (``dossier`` empty, ``source`` says where from;
    its set, number and date blank when the source does not give them: never invented)."""

    commune = models.ForeignKey(
        "territories.Unit", on_delete=models.PROTECT, related_name="recognitions"
    )
    level = models.CharField(max_length=16, choices=RecognitionLevel.choices)
    year = models.PositiveSmallIntegerField()
    criteria_set = models.CharField(max_length=200, blank=True)
    decision_number = models.CharField(max_length=100, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    dossier = models.OneToOneField(
        Dossier, null=True, blank=True, on_delete=models.PROTECT, related_name="recognition"
    )
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "level", "year"], name="recognition_commune_level_year_unique"
            )
        ]
        ordering = ["-year", "level"]

    def __str__(self) -> str:
        return f"{self.commune} {self.level} {self.year}"


#: The margin (how many more criteria may stop being met while a recognition is kept) at
#: and below which the watch warns: at 1, two more unmet criteria would revoke it; at 0, one.
WARN_MARGIN = 1


class RevocationWatch(BaseModel):
    """The QĐ 18/2022 revocation rule applied to a recognition with the commune's latest
    review of its level: kept or revoked, the criteria no longer met, and how many more may
    fail (``margin``: at worst, a named criterion among them; ``margin_unnamed``: none of
    them named; ``None`` once revoked), and the named criteria still met. Updated each
    time that review changes (:class:`ntm.core.recognition.revocation.RevocationCheck`)."""

    recognition = models.OneToOneField(Recognition, on_delete=models.CASCADE, related_name="watch")
    review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=32)
    unmet = models.JSONField(default=list)  # [5, 17]
    named_unmet = models.JSONField(default=list)  # ["Môi trường và an toàn thực phẩm"]
    total = models.PositiveSmallIntegerField()
    margin = models.SmallIntegerField(null=True, blank=True)
    margin_unnamed = models.SmallIntegerField(null=True, blank=True)
    named_met = models.JSONField(default=list)  # ["Thu nhập", "Môi trường"]
    checked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.recognition} {self.outcome}"

    @property
    def revoked(self) -> bool:
        return self.outcome != "kept"

    @property
    def at_risk(self) -> bool:
        """Revoked, or kept with a margin of :data:`WARN_MARGIN` or less."""
        return self.revoked or (self.margin is not None and self.margin <= WARN_MARGIN)


class SatisfactionSurvey(BaseModel):
    """Residents' satisfaction for a dossier: per hamlet code, the households asked, those
    who answered and those satisfied (``counts``: {"05560-01": [40, 38, 37]}), entered from
    paper or read from the XLSForm's export (``source``: the file's name, or "giấy")."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="survey")
    counts = models.JSONField(default=dict)
    asked = models.PositiveIntegerField()
    answered = models.PositiveIntegerField()
    satisfied = models.PositiveIntegerField()
    source = models.CharField(max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.dossier} {self.satisfied}/{self.answered}/{self.asked}"


class CommunePublicPage(BaseModel):
    """Whether the commune publishes its public page (trang công khai), and who decided.
    (Not the core's ``Consultation``: the publication of the results report for
    comments.)"""

    commune = models.OneToOneField(
        "territories.Unit", on_delete=models.PROTECT, related_name="public_page"
    )
    published = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.commune} {self.published}"
