"""Reads on plans: the plan of a year, who leads each criterion and by when."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ntm.core.plan import PartialDate
from ntm.plans.models import Plan, Task, TaskStatus
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
    return Plan.objects.filter(commune=commune, year=year).first()


def plan_owners(commune: Unit, year: int) -> dict[int, Owner]:
    """Criterion number → the task that leads it in the year's plan (one query)."""
    owners: dict[int, Owner] = {}
    tasks = Task.objects.filter(plan__commune=commune, plan__year=year).order_by("order", "id")
    for task in tasks:
        deadline = PartialDate.parse(task.deadline) if task.deadline else None
        for number in task.criteria:
            owners.setdefault(int(number), Owner(task.label, deadline, task.status))
    return owners
