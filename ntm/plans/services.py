"""Writes on plans: import a plan file, update a task; and the plan's DOCX."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_event_record
from ntm.common.errors import Refused
from ntm.core import Catalog
from ntm.core.io.plan_yaml import LoadedPlan, parse_plan, read_plan
from ntm.core.plan import check_plan
from ntm.core.yamlio import load_yaml
from ntm.plans.models import Plan, Task, TaskNote, TaskStatus
from ntm.reviews.models import Review
from ntm.reviews.selectors import review_evaluate
from ntm.users.permissions import can_update_task

#: The longest progress note, in characters.
NOTE_MAX_LENGTH = 2000


@transaction.atomic
def plan_import(*, actor: User, review: Review, path: str) -> Plan:
    """Store a plan file (``ntm-plan/1``) as the plan of ``review``'s commune and year, with
    one task per assignment; the file is checked against its own review first.

    Raises:
        InputError: the plan is wrong (the message names the file and the field).
    """
    read_plan(path, catalog=Catalog.shipped())  # every check of the CLI, before any write
    data = load_yaml(Path(path).read_text("utf-8"), file=path)
    data.pop("review", None)
    plan, _created = Plan.objects.update_or_create(
        commune=review.commune, year=review.year, defaults={"review": review, "data": data}
    )
    # Tasks are matched by position, so a re-imported plan keeps each task's status and
    # progress notes; a position no longer in the plan loses its task.
    existing = {task.position: task for task in plan.tasks.all()}
    labels = {p["code"]: p["label"] for p in data.get("positions", ())}
    kept = set()
    for order, assignment in enumerate(data.get("assignments", ())):
        position = assignment["position"]
        fields = {
            "label": labels.get(position, position),
            "criteria": list(assignment.get("criteria", ())),
            "deadline": str(assignment.get("deadline", "")),
            "description": "\n".join(assignment.get("tasks", ())),
            "order": order,
        }
        task = existing.get(position)
        if task is None:
            Task.objects.create(plan=plan, position=position, **fields)
        else:
            for key, value in fields.items():
                setattr(task, key, value)
            task.save()
        kept.add(position)
    plan.tasks.exclude(position__in=kept).delete()
    audit_event_record(
        actor=actor,
        action="plan.import",
        unit=review.commune,
        target_type="plan",
        target_id=plan.pk,
        summary=str(plan.year),
        after={"targets": [t["criterion"] for t in data.get("targets", ())]},
    )
    return plan


def plan_loaded(plan: Plan) -> LoadedPlan:
    """The core's plan with its evaluated review, as ``ntm plan`` has it (for the DOCX)."""
    result = review_evaluate(plan.review)
    data: dict[str, Any] = dict(plan.data)
    core_plan = parse_plan(
        data, name=f"plan-{plan.pk}", level=result.criteria_set.level, year=plan.year
    )
    core_plan = replace(core_plan, commune=plan.commune.name)
    return LoadedPlan(plan=core_plan, review=result, warnings=check_plan(core_plan, result))


def plan_docx(plan: Plan) -> bytes:
    """The plan as a DOCX in the NĐ 30/2020 format (the same document as ``ntm plan``)."""
    from ntm.documents.plan import render_plan

    return render_plan(plan_loaded(plan))


class TaskRefused(Refused):
    """A task update that cannot be made."""


def task_may_update(user: User | AnonymousUser, task: Task) -> bool:
    """Whether the user may update the task (:func:`ntm.users.permissions.can_update_task`)."""
    return can_update_task(user, task.plan.commune, task.position)


def task_update(*, actor: User, task: Task, status: str, note: str) -> Task:
    """Record a progress note on a task and set its status (which may stay the same).

    Every update carries a note: the notes are the task's history, so each change of
    status says who made it and why.

    Raises:
        PermissionDenied: the actor may not update the task (see :func:`task_may_update`).
        TaskRefused: a status that is not one of :class:`TaskStatus`, an empty note, or a
            note longer than :data:`NOTE_MAX_LENGTH` (the message names the field).
    """
    if not task_may_update(actor, task):
        raise PermissionDenied
    if status not in TaskStatus.values:
        raise TaskRefused(_("Choose a status from the list."), "status")
    text = note.strip()
    if not text:
        raise TaskRefused(_("Write a progress note: what was done, and what is left."), "note")
    if len(text) > NOTE_MAX_LENGTH:
        raise TaskRefused(
            _("The note is too long: at most %(count)d characters.") % {"count": NOTE_MAX_LENGTH},
            "note",
        )
    with transaction.atomic():
        locked = Task.objects.select_for_update().select_related("plan__commune").get(pk=task.pk)
        before = locked.status
        entry = TaskNote(task=locked, text=text, status=status, author=actor)
        entry.full_clean()
        entry.save()
        if status != before:
            locked.status = status
            locked.full_clean()
            locked.save(update_fields=["status", "updated_at"])
        audit_event_record(
            actor=actor,
            action="task.update",
            unit=locked.plan.commune,
            target_type="task",
            target_id=locked.pk,
            summary=f"{locked.plan.year} {locked.label}",
            before={"status": before},
            after={"status": status, "note": text},
        )
    return locked
