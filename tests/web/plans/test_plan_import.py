"""Importing the plan file again keeps each task's status and progress notes."""

from __future__ import annotations

from django.contrib.auth.models import User

from ntm.plans.models import Plan, Task, TaskStatus
from ntm.plans.services import plan_import, task_update
from tests.web.conftest import EXAMPLE


def test_a_reimported_plan_keeps_the_progress(officer: User, phuc_chu_plan: Plan) -> None:
    task = Task.objects.get(plan=phuc_chu_plan, position="cong-chuc-van-hoa-xa-hoi")
    task_update(actor=officer, task=task, status=TaskStatus.DOING, note="Đã rà soát 3 xóm")
    plan_import(actor=officer, review=phuc_chu_plan.review, path=str(EXAMPLE / "plan.yaml"))
    again = Task.objects.get(plan=phuc_chu_plan, position="cong-chuc-van-hoa-xa-hoi")
    assert again.pk == task.pk
    assert again.status == TaskStatus.DOING
    assert [note.text for note in again.notes.all()] == ["Đã rà soát 3 xóm"]
    assert Task.objects.filter(plan=phuc_chu_plan).count() == 7
    assert again.criteria == [12] and again.deadline == "12/2024"
