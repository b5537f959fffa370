"""A commune's plan of a year and its tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.common.models import BaseModel


class Plan(BaseModel):
    """The plan of ``commune`` for ``year``, on ``review``.

    ``data`` is the plan as the officer writes it, in the ``ntm-plan/1`` layout
    (``ntm/core/schemas/plan.json``) without its ``review`` key: the review is the row.
    """

    commune = models.ForeignKey("territories.Unit", on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField()
    review = models.ForeignKey("reviews.Review", on_delete=models.PROTECT, related_name="plans")
    data = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "year"], name="plan_unique")]

    def __str__(self) -> str:
        return f"{self.commune} {self.year}"


class TaskStatus(models.TextChoices):
    TODO = "todo", _("not started")
    DOING = "doing", _("in progress")
    DONE = "done", _("done")


class Task(BaseModel):
    """An assignment of the plan: the position that leads it, the criteria, the deadline
    ("12/2024" or "15/12/2024"), the status and the progress notes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    position = models.CharField(max_length=100)
    label = models.CharField(max_length=200)
    criteria = models.JSONField(default=list, blank=True)
    deadline = models.CharField(max_length=16, blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=TaskStatus.choices, default=TaskStatus.TODO)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.criteria} {self.deadline}"


class TaskNote(BaseModel):
    """A progress note on a task, by its author."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    status = models.CharField(max_length=16, choices=TaskStatus.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
