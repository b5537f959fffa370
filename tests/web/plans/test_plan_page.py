"""The plan page: the Phúc Chu 2024 targets and tasks, as the plan file has them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from pytest_django import DjangoAssertNumQueries

from ntm.plans.models import Plan, Task, TaskStatus
from ntm.plans.selectors import plan_tasks, task_rows
from ntm.reviews.models import Reading, Review
from ntm.reviews.services import reading_record
from ntm.territories.models import Unit
from ntm.users.models import Role
from tests.web.conftest import client_for
from tests.web.plans.conftest import PLAN_URL, task_of


def _row(html: str, row_id: str) -> str:
    match = re.search(rf'<(tr|tbody) id="{row_id}">(.*?)</\1>', html, re.S)
    assert match is not None, f"no row {row_id}"
    return match.group(2)


def test_the_plan_page_shows_the_three_targets_with_their_names_and_status(
    officer: User, phuc_chu_plan: Plan
) -> None:
    response = client_for(officer).get(PLAN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'<tr id="target-(\d+)">', html) == ["9", "12", "17"]
    names = {
        "9": "Nhà ở dân cư",
        "12": "Lao động",
        "17": "Môi trường",  # the name in the Thái Nguyên set
    }
    for number, name in names.items():
        row = _row(html, f"target-{number}")
        assert f">{name}</a>" in row
        assert 'class="status-not_met"' in row  # the review says "Chưa đạt" for all three
    assert "mở lớp đào tạo" in _row(html, "target-12")  # a measure of criterion 12
    assert "Thực hiện Chương trình xây dựng nông thôn mới nâng cao xã Phúc Chu năm 2024" in html


def test_the_plan_page_lists_the_tasks_with_their_leads_and_deadlines(
    officer: User, phuc_chu_plan: Plan
) -> None:
    html = client_for(officer).get(PLAN_URL).content.decode()
    labour = _row(html, f"task-{task_of(phuc_chu_plan, 'cong-chuc-van-hoa-xa-hoi').pk}")
    assert "Công chức Văn hóa - Xã hội" in labour
    assert "12. Lao động" in labour
    assert "tháng 12 năm 2024" in labour
    # The task's text with its placeholders filled in, as the document prints it.
    assert "phụ trách tiêu chí số 12 - Lao động" in labour
    assert "{criteria}" not in html
    housing = _row(html, f"task-{task_of(phuc_chu_plan, 'cong-chuc-dia-chinh-xay-dung').pk}")
    assert "Công chức Địa chính - Xây dựng" in housing
    assert "9. Nhà ở dân cư" in housing
    environment = _row(
        html, f"task-{task_of(phuc_chu_plan, 'cong-chuc-dia-chinh-nong-nghiep-moi-truong').pk}"
    )
    assert "Công chức Địa chính - Nông nghiệp - Môi trường" in environment
    assert len(re.findall(r'<tbody id="task-\d+">', html)) == 7  # one per assignment
    assert 'href="/xa/05560~20250701/2024/ke-hoach/ke-hoach.docx"' in html


def test_a_past_deadline_of_a_task_not_done_is_overdue(officer: User, phuc_chu_plan: Plan) -> None:
    labour = task_of(phuc_chu_plan, "cong-chuc-van-hoa-xa-hoi")
    housing = task_of(phuc_chu_plan, "cong-chuc-dia-chinh-xay-dung")
    environment = task_of(phuc_chu_plan, "cong-chuc-dia-chinh-nong-nghiep-moi-truong")
    Task.objects.filter(pk=labour.pk).update(deadline="01/2024")
    Task.objects.filter(pk=housing.pk).update(deadline="01/2024", status=TaskStatus.DONE)
    Task.objects.filter(pk=environment.pk).update(deadline="12/2099")
    html = client_for(officer).get(PLAN_URL).content.decode()
    labour_row = _row(html, f"task-{labour.pk}")
    assert '<td class="overdue">tháng 01 năm 2024' in labour_row
    assert "overdue" in labour_row
    assert "overdue" not in _row(html, f"task-{housing.pk}")  # done: not overdue
    environment_row = _row(html, f"task-{environment.pk}")
    assert "tháng 12 năm 2099" in environment_row
    assert "overdue" not in environment_row


def test_a_commune_without_a_plan_that_year_says_so(officer: User, phuc_chu_plan: Plan) -> None:
    response = client_for(officer).get("/xa/05560/2023/ke-hoach/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="no-plan"' in html
    assert 'id="tasks"' not in html
    assert "Lao động" not in html


def test_a_viewer_sees_the_plan_without_update_forms(
    make_user: Callable[..., User], phuc_chu: Unit, phuc_chu_plan: Plan
) -> None:
    viewer = make_user("phucchu.xem", Role.VIEWER, phuc_chu)
    html = client_for(viewer).get(PLAN_URL).content.decode()
    assert "Công chức Văn hóa - Xã hội" in html
    assert "hx-post" not in html
    assert 'name="note"' not in html


def test_an_official_gets_a_form_only_for_the_task_of_their_position(
    labour_official: User, phuc_chu_plan: Plan
) -> None:
    html = client_for(labour_official).get(PLAN_URL).content.decode()
    labour = task_of(phuc_chu_plan, "cong-chuc-van-hoa-xa-hoi")
    assert re.findall(r'hx-post="/xa/05560~20250701/2024/ke-hoach/viec/(\d+)/"', html) == [
        str(labour.pk)
    ]


def test_the_tasks_and_their_notes_take_two_queries(
    phuc_chu_plan: Plan, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(2):
        rows = task_rows(plan_tasks(phuc_chu_plan), today=phuc_chu_plan.created_at.date())
    assert [row.task.label for row in rows][3:6] == [
        "Công chức Địa chính - Xây dựng",
        "Công chức Văn hóa - Xã hội",
        "Công chức Địa chính - Nông nghiệp - Môi trường",
    ]


@pytest.mark.parametrize("deadline", ["", "sometime"])
def test_a_task_without_a_readable_deadline_shows_what_is_written(
    officer: User, phuc_chu_plan: Plan, deadline: str
) -> None:
    labour = task_of(phuc_chu_plan, "cong-chuc-van-hoa-xa-hoi")
    Task.objects.filter(pk=labour.pk).update(deadline=deadline)
    html = client_for(officer).get(PLAN_URL).content.decode()
    row = _row(html, f"task-{labour.pk}")
    assert (deadline or "-") in row
    assert "overdue" not in row


def test_a_target_shows_its_status_in_the_review_today(
    officer: User, phuc_chu_review: Review, phuc_chu_plan: Plan
) -> None:
    current = Reading.objects.get(review=phuc_chu_review, criterion=9, indicator="", current=True)
    reading_record(
        actor=officer,
        review=phuc_chu_review,
        criterion=9,
        indicator="",
        cells={"verdict": "Đạt"},
        base_id=current.pk,
    )
    html = client_for(officer).get(PLAN_URL).content.decode()
    assert 'class="status-met"' in _row(html, "target-9")
    assert 'class="status-not_met"' in _row(html, "target-12")
