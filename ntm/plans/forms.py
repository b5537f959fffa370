"""The task update form: the request's shape; the rules are the service's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.plans.models import TaskStatus
from ntm.plans.services import NOTE_MAX_LENGTH


class TaskUpdateForm(forms.Form):
    """A task's new status and a progress note. Each task's form has its own element ids
    (``task-12-status``) since a page holds many."""

    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    note = forms.CharField(
        label=_("Progress note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write a progress note: what was done, and what is left.")},
    )

    def __init__(self, *args: Any, task_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"task-{task_id}-%s")
        super().__init__(*args, **kwargs)
        self.task_id = task_id
