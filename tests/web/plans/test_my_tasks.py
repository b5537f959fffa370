"""My tasks: the tasks of the positions the user holds in the commune, every year."""

from __future__ import annotations

import re

from django.contrib.auth.models import User

from ntm.plans.models import Plan, Task
from tests.web.conftest import client_for
from tests.web.plans.conftest import MY_TASKS_URL, task_of


def test_the_labour_official_sees_the_labour_task_only(
    labour_official: User, phuc_chu_plan: Plan
) -> None:
    response = client_for(labour_official).get(MY_TASKS_URL)
    assert response.status_code == 200
    html = response.content.decode()
    labour = task_of(phuc_chu_plan, "cong-chuc-van-hoa-xa-hoi")
    assert re.findall(r'<tbody id="task-(\d+)">', html) == [str(labour.pk)]
    assert "Công chức Văn hóa - Xã hội" in html
    assert "tháng 12 năm 2024" in html
    assert "Nhà ở dân cư" not in html
    assert f'hx-post="/xa/05560~20250701/2024/ke-hoach/viec/{labour.pk}/"' in html


def test_my_tasks_span_the_years_newest_first(labour_official: User, phuc_chu_plan: Plan) -> None:
    later = Plan.objects.create(
        commune=phuc_chu_plan.commune,
        year=2025,
        review=phuc_chu_plan.review,
        data={"subject": "Kế hoạch năm 2025", "targets": [{"criterion": 12}]},
    )
    task_2025 = Task.objects.create(
        plan=later,
        position="cong-chuc-van-hoa-xa-hoi",
        label="Công chức Văn hóa - Xã hội",
        criteria=[12],
        deadline="06/2025",
    )
    Task.objects.create(plan=later, position="truong-xom", label="Các ông, bà trưởng xóm")
    html = client_for(labour_official).get(MY_TASKS_URL).content.decode()
    labour_2024 = task_of(phuc_chu_plan, "cong-chuc-van-hoa-xa-hoi")
    assert re.findall(r'<tbody id="task-(\d+)">', html) == [str(task_2025.pk), str(labour_2024.pk)]
    assert "tháng 6 năm 2025" in html
    assert "tháng 12 năm 2024" in html
    assert "trưởng xóm" not in html


def test_an_officer_without_a_position_has_no_task(officer: User, phuc_chu_plan: Plan) -> None:
    html = client_for(officer).get(MY_TASKS_URL).content.decode()
    assert 'id="no-positions"' in html
    assert 'id="tasks"' not in html
