"""Writes on plans: import a plan file, update a task; and the plan's DOCX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from ntm.audit.services import audit_event_record
from ntm.core import Catalog
from ntm.core.io.plan_yaml import LoadedPlan, parse_plan, read_plan
from ntm.core.plan import check_plan
from ntm.core.yamlio import load_yaml
from ntm.plans.models import Plan, Task
from ntm.reviews.models import Review
from ntm.reviews.selectors import review_evaluate


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
    plan.tasks.all().delete()
    labels = {p["code"]: p["label"] for p in data.get("positions", ())}
    for order, assignment in enumerate(data.get("assignments", ())):
        Task.objects.create(
            plan=plan,
            position=assignment["position"],
            label=labels.get(assignment["position"], assignment["position"]),
            criteria=list(assignment.get("criteria", ())),
            deadline=str(assignment.get("deadline", "")),
            description="\n".join(assignment.get("tasks", ())),
            order=order,
        )
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
    from dataclasses import replace

    core_plan = replace(core_plan, commune=plan.commune.name)
    return LoadedPlan(plan=core_plan, review=result, warnings=check_plan(core_plan, result))


def plan_docx(plan: Plan) -> bytes:
    """The plan as a DOCX in the NĐ 30/2020 format (the same document as ``ntm plan``)."""
    from ntm.documents.plan import render_plan

    return render_plan(plan_loaded(plan))
