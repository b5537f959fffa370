"""The plan page, task updates, the plan's DOCX and "my tasks". Each view checks the user's
scope on the server, calls one selector or service, and renders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ntm.common.http import DOCX, download
from ntm.core import CoreError, InputError
from ntm.core.exceptions import Location
from ntm.core.plan import expand_text
from ntm.core.rules.results import ReviewResult
from ntm.plans.forms import TaskUpdateForm
from ntm.plans.models import Plan, Task
from ntm.plans.selectors import TaskRow, plan_for, plan_tasks, task_rows, tasks_of_positions
from ntm.plans.services import TaskRefused, plan_docx, task_may_update, task_update
from ntm.reviews.presenters import outcome_label
from ntm.reviews.selectors import review_evaluate
from ntm.territories.models import Unit
from ntm.users.permissions import positions_of
from ntm.web.access import commune_for


@dataclass(frozen=True)
class TargetRow:
    """A target of the plan: the criterion, its status in the review today, the measures."""

    number: int
    name: str
    outcome: str
    outcome_label: str
    measures: list[str]


@dataclass(frozen=True)
class TaskItem:
    """A task row and, if the user may update the task, its form."""

    row: TaskRow
    form: TaskUpdateForm | None
    saved: bool = False


def _target_rows(plan: Plan, result: ReviewResult) -> list[TargetRow]:
    criteria = {criterion.number: criterion for criterion in result.criteria}
    values = {"year": str(plan.year), "target_count": str(len(plan.data.get("targets", ())))}
    rows = []
    for target in plan.data.get("targets", ()):
        number = int(target["criterion"])
        criterion = criteria.get(number)
        measures = []
        for text in target.get("measures", ()):
            try:
                measures.append(expand_text(text, values, location=Location()))
            except InputError:
                measures.append(text)
        rows.append(
            TargetRow(
                number=number,
                name=criterion.criterion.name if criterion else "",
                outcome=criterion.outcome.value if criterion else "",
                outcome_label=outcome_label(criterion.outcome) if criterion else "",
                measures=measures,
            )
        )
    return rows


def _items(
    request: HttpRequest, tasks: list[Task], bound: TaskUpdateForm | None = None
) -> list[TaskItem]:
    """The task rows, each with a form when the user may update it; ``bound`` replaces the
    form of the task it was posted for (to show its errors)."""
    items = []
    for row in task_rows(tasks, today=timezone.localdate()):
        form: TaskUpdateForm | None = None
        if task_may_update(request.user, row.task):
            form = TaskUpdateForm(initial={"status": row.task.status}, task_id=row.task.pk)
            if bound is not None and bound.task_id == row.task.pk:
                form = bound
        items.append(TaskItem(row=row, form=form))
    return items


def _plan_context(
    request: HttpRequest, commune: Unit, year: int, bound: TaskUpdateForm | None = None
) -> dict[str, Any]:
    plan = plan_for(commune, year)
    context: dict[str, Any] = {
        "commune": commune,
        "year": year,
        "plan": plan,
        "has_positions": bool(positions_of(request.user, commune)),
    }
    if plan is not None:
        items = _items(request, list(plan_tasks(plan)), bound)
        context |= {
            "subject": plan.data.get("subject", ""),
            "targets": _target_rows(plan, review_evaluate(plan.review)),
            "items": items,
        }
    return context


@login_required
@require_GET
def plan_page(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The plan of a year: the subject, the targets with their status today and their
    measures, and the tasks with their leads, deadlines, status and latest notes."""
    commune = commune_for(request, code)
    return render(request, "plans/plan.html", _plan_context(request, commune, year))


def _my_tasks_context(
    request: HttpRequest, commune: Unit, bound: TaskUpdateForm | None = None
) -> dict[str, Any]:
    positions = positions_of(request.user, commune)
    items = _items(request, list(tasks_of_positions(commune, positions)), bound)
    return {
        "commune": commune,
        "positions": sorted(positions),
        "items": items,
        "show_year": True,
    }


@login_required
@require_GET
def my_tasks(request: HttpRequest, code: str) -> HttpResponse:
    """The tasks of the plan positions the user holds in the commune, every year."""
    commune = commune_for(request, code)
    return render(request, "plans/my_tasks.html", _my_tasks_context(request, commune))


def _plan_or_404(commune: Unit, year: int) -> Plan:
    plan = plan_for(commune, year)
    if plan is None:
        raise Http404
    return plan


@login_required
@require_POST
def task_update_view(request: HttpRequest, code: str, year: int, task_id: int) -> HttpResponse:
    """Record a task's status and progress note. htmx swaps the task's row; without
    JavaScript the page reloads (or shows the form's errors)."""
    commune = commune_for(request, code)
    plan = _plan_or_404(commune, year)
    task: Task = get_object_or_404(plan_tasks(plan), pk=task_id)
    if not task_may_update(request.user, task):
        raise PermissionDenied
    mine = request.POST.get("view") == "mine"
    form = TaskUpdateForm(request.POST, task_id=task.pk)
    if form.is_valid():
        try:
            task_update(
                actor=request.user,  # type: ignore[arg-type]
                task=task,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except TaskRefused as refused:
            form.add_error(refused.field, refused.message)
    htmx = bool(request.headers.get("HX-Request"))
    if form.errors:
        if htmx:
            # htmx swaps 2xx responses only: the row comes back with the form's errors.
            row = task_rows([task], today=timezone.localdate())[0]
            return _row_response(request, commune, TaskItem(row=row, form=form), mine)
        if mine:
            return render(
                request,
                "plans/my_tasks.html",
                _my_tasks_context(request, commune, form),
                status=422,
            )
        return render(
            request, "plans/plan.html", _plan_context(request, commune, year, form), status=422
        )
    if htmx:
        fresh = plan_tasks(plan).get(pk=task.pk)
        row = task_rows([fresh], today=timezone.localdate())[0]
        form = TaskUpdateForm(initial={"status": fresh.status}, task_id=fresh.pk)
        return _row_response(request, commune, TaskItem(row=row, form=form, saved=True), mine)
    messages.success(request, _("The task is updated."))
    if mine:
        return redirect("plans:my_tasks", code=code)
    return redirect(f"{reverse('plans:plan', kwargs={'code': code, 'year': year})}#task-{task.pk}")


def _row_response(request: HttpRequest, commune: Unit, item: TaskItem, mine: bool) -> HttpResponse:
    return render(
        request,
        "plans/_task_row.html",
        {"commune": commune, "item": item, "show_year": mine},
    )


@login_required
@require_GET
def plan_docx_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The plan as a DOCX in the NĐ 30/2020 format (the document ``ntm plan`` writes)."""
    commune = commune_for(request, code)
    plan = _plan_or_404(commune, year)
    try:
        content = plan_docx(plan)
    except CoreError as error:
        # The review changed since the plan was made (a target now met, say).
        messages.error(
            request,
            _("The plan cannot be written as a document: %(reason)s") % {"reason": error.message},
        )
        return redirect("plans:plan", code=code, year=year)
    return download(content, f"ke-hoach-{commune.code}-{plan.year}.docx", DOCX)
