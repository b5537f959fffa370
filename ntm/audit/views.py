"""A commune's audit trail: who changed what, when, from what to what.

Who may read it: anyone who may view the commune (:func:`ntm.users.permissions.
require_view_commune`): its NTM officer, officials, hamlet heads and viewers, and the
province's coordinators and viewers. The trail holds nothing those users cannot already see
on the commune's pages (readings, verdicts, plans and who entered them), and the people who
enter a commune's data should see who changed it after them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ntm.audit.models import AuditEvent
from ntm.audit.selectors import audit_actions, audit_actors, audit_event_list
from ntm.plans.models import TaskStatus
from ntm.reviews.models import ReviewStatus
from ntm.web.access import commune_for

PAGE_SIZE = 50


def action_label(action: str) -> str:
    """A readable name of an action; an action this page does not know yet shows its code."""
    labels = {
        "reading.record": _("Reading recorded"),
        "review.import": _("Review imported"),
        "review.submit": _("Review submitted"),
        "review.reopen": _("Review reopened"),
        "plan.import": _("Plan imported"),
        "task.update": _("Task updated"),
        "evidence.upload": _("Evidence uploaded"),
        "hamlet.create": _("Hamlet entered"),
        "register.import": _("Household register imported"),
        "register.visit_list": _("Visit list downloaded (names)"),
        "register.persons_named": _("Person rows downloaded with names"),
    }
    return labels.get(action, action)


def target_label(target_type: str) -> str:
    labels = {
        "reading": _("reading"),
        "review": _("review"),
        "plan": _("plan"),
        "task": _("task"),
        "evidence_file": _("evidence file"),
        "unit": _("hamlet"),
        "register_import": _("household register"),
    }
    return labels.get(target_type, target_type)


def field_label(field: str) -> str:
    """A readable name of a recorded field; a field this page does not know shows its key."""
    labels = {
        "value": _("value"),
        "numerator": _("numerator"),
        "denominator": _("denominator"),
        "result": _("result"),
        "verdict": _("verdict"),
        "source": _("source"),
        "note": _("note"),
        "status": _("status"),
        "file": _("file"),
        "readings": _("readings"),
        "targets": _("targets"),
        "code": _("code"),
        "name": _("name"),
        "sha256": _("SHA-256"),
        "content_type": _("type"),
        "size": _("size (bytes)"),
        "indicator": _("indicator"),
        "criterion": _("criterion"),
        "reading": _("reading"),
        "description": _("description"),
        "reference_date": _("reference date"),
        "households_created": _("households added"),
        "households_updated": _("households updated"),
        "households_unchanged": _("households unchanged"),
        "households_removed": _("households removed"),
        "persons": _("persons"),
    }
    return labels.get(field, field)


def user_label(user: User) -> str:
    return user.get_full_name() or user.username


def _value_label(field: str, value: object) -> object:
    """A recorded value as people read it: a status by its name, a list as a list."""
    if field == "status" and isinstance(value, str):
        for choices in (TaskStatus, ReviewStatus):
            if value in choices.values:
                return str(choices(value).label)
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return ", ".join(str(item) for item in value)
    return value


def _text(value: object) -> str:
    """A JSON value as text: strings as they are, the rest as compact JSON (escaped by
    the template like any text)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Change:
    """One field of an event: its value before and after."""

    field: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def changes(before: Any, after: Any) -> list[Change]:
    """The event's values, field by field when both sides are objects (fields in the order
    they first appear), else one line for the whole value."""
    if isinstance(before, dict | None) and isinstance(after, dict | None) and (before or after):
        old = before or {}
        new = after or {}
        fields = [*old, *(key for key in new if key not in old)]
        return [
            Change(
                field_label(str(key)),
                _text(_value_label(str(key), old.get(key))),
                _text(_value_label(str(key), new.get(key))),
            )
            for key in fields
        ]
    if before is None and after is None:
        return []
    return [Change("", _text(before), _text(after))]


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    action: str
    target: str
    actor: str
    changes: list[Change]


def event_row(event: AuditEvent) -> EventRow:
    return EventRow(
        event=event,
        action=action_label(event.action),
        target=f"{target_label(event.target_type)} #{event.target_id}",
        actor=user_label(event.actor),
        changes=changes(event.before, event.after),
    )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    actor = forms.TypedChoiceField(
        label=gettext_lazy("User"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: Any, *, actions: list[str], actors: list[User]) -> None:
        super().__init__(data)
        fields: Any = self.fields
        fields["action"].choices = [
            ("", _("All actions")),
            *((action, action_label(action)) for action in actions),
        ]
        fields["actor"].choices = [
            ("", _("All users")),
            *((user.pk, user_label(user)) for user in actors),
        ]

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one is left out and its error shown."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            "action": self.cleaned_data.get("action") or None,
            "actor_id": self.cleaned_data.get("actor"),
        }


@login_required
@require_safe
def audit_list(request: HttpRequest, code: str) -> HttpResponse:
    """The commune's audit events, newest first, 50 a page, filtered by action and user."""
    commune = commune_for(request, code)
    form = AuditFilterForm(
        request.GET or None, actions=audit_actions(commune), actors=audit_actors(commune)
    )
    page = Paginator(audit_event_list(commune, **form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {
            "commune": commune,
            "form": form,
            "page": page,
            "rows": [event_row(event) for event in page.object_list],
            "query": query.urlencode(),
        },
    )
