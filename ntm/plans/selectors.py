"""Reads on plans: the plan of a year, who leads each criterion and by when, the tasks of a
plan or of a user's positions, each with its latest progress note."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from ntm.core import Catalog, CatalogError, InputError
from ntm.core.catalog import CriteriaSet
from ntm.core.exceptions import Location
from ntm.core.plan import PartialDate, expand_text
from ntm.plans.models import Plan, Task, TaskNote, TaskStatus
from ntm.territories.models import Unit


@dataclass(frozen=True)
class Owner:
    """Who leads a criterion this year: the position's label, the deadline, the status."""

    label: str
    deadline: PartialDate | None
    status: str

    def overdue(self, today: datetime.date) -> bool:
        return (
            self.deadline is not None
            and self.status != TaskStatus.DONE
            and self.deadline.latest() < today
        )


def plan_for(commune: Unit, year: int) -> Plan | None:
    return (
        Plan.objects.filter(commune=commune, year=year).select_related("commune", "review").first()
    )


def plan_owners(commune: Unit, year: int) -> dict[int, Owner]:
    """Criterion number → the task that leads it in the year's plan (one query)."""
    owners: dict[int, Owner] = {}
    tasks = Task.objects.filter(plan__commune=commune, plan__year=year).order_by("order", "id")
    for task in tasks:
        try:
            deadline = PartialDate.parse(task.deadline) if task.deadline else None
        except InputError:  # a deadline typed wrongly never breaks the dashboard
            deadline = None
        for number in task.criteria:
            owners.setdefault(int(number), Owner(task.label, deadline, task.status))
    return owners


def _with_notes(tasks: QuerySet[Task]) -> QuerySet[Task]:
    notes = TaskNote.objects.select_related("author").order_by("-created_at", "-id")
    return tasks.select_related("plan__review", "plan__commune").prefetch_related(
        Prefetch("notes", queryset=notes)
    )


def plan_tasks(plan: Plan) -> QuerySet[Task]:
    """The plan's tasks in the document's order, with their notes, newest first (two
    queries)."""
    return _with_notes(Task.objects.filter(plan=plan).order_by("order", "id"))


def tasks_of_positions(commune: Unit, positions: Iterable[str]) -> QuerySet[Task]:
    """The tasks that the positions lead in the commune's plans, newest year first, with
    their notes (two queries)."""
    return _with_notes(
        Task.objects.filter(plan__commune=commune, position__in=list(positions)).order_by(
            "-plan__year", "order", "id"
        )
    )


@dataclass(frozen=True)
class TaskRow:
    """A task as the pages show it: the deadline read ("tháng 12 năm 2024"), whether it is
    overdue, the criteria with their names, the text with its placeholders filled in, and the
    latest progress note."""

    task: Task
    deadline: PartialDate | None
    overdue: bool
    criteria: tuple[tuple[int, str], ...]
    description: str
    latest: TaskNote | None


def _deadline(text: str) -> PartialDate | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except InputError:
        return None  # shown as written


def _criteria_set(code: str) -> CriteriaSet | None:
    try:
        return Catalog.shipped().criteria_set(code)
    except CatalogError:
        return None


def _name(criteria_set: CriteriaSet | None, number: int) -> str:
    if criteria_set is None or not criteria_set.has_criterion(number):
        return ""
    return criteria_set.criterion(number).name


def _description(task: Task, criteria_set: CriteriaSet | None, deadline: PartialDate | None) -> str:
    """The task's text as the document prints it ("phụ trách tiêu chí số 9 - Nhà ở dân cư …
    vào tháng 12 năm 2024"); the text as written when a placeholder has no value."""
    labels = [
        f"tiêu chí số {number} - {_name(criteria_set, int(number))}" for number in task.criteria
    ]
    values = {
        "year": str(task.plan.year),
        "target_count": str(len(task.plan.data.get("targets", ()))),
    }
    if labels:
        values["criteria"] = (
            labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " và " + labels[-1]
        )
    if deadline is not None:
        values["deadline"] = deadline.spelled()
    try:
        return expand_text(task.description, values, location=Location())
    except InputError:
        return task.description


def task_rows(tasks: Iterable[Task], *, today: datetime.date) -> list[TaskRow]:
    """One row per task (no query beyond the tasks' own, see :func:`plan_tasks`)."""
    rows = []
    for task in tasks:
        criteria_set = _criteria_set(task.plan.review.criteria_set)
        deadline = _deadline(task.deadline)
        notes = list(task.notes.all())
        rows.append(
            TaskRow(
                task=task,
                deadline=deadline,
                overdue=deadline is not None
                and task.status != TaskStatus.DONE
                and deadline.latest() < today,
                criteria=tuple(
                    (int(number), _name(criteria_set, int(number))) for number in task.criteria
                ),
                description=_description(task, criteria_set, deadline),
                latest=notes[0] if notes else None,
            )
        )
    return rows
