"""Every plans URL refuses a user of another commune, with none of Phúc Chu's data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from ntm.plans.models import Plan, TaskNote, TaskStatus
from ntm.territories.models import Unit
from ntm.users.models import Role
from tests.web.conftest import client_for
from tests.web.plans.conftest import DOCX_URL, MY_TASKS_URL, PLAN_URL, task_of, task_url

PHUC_CHU_DATA = ("Phúc Chu", "Lao động", "Nhà ở", "Công chức", "tháng 12", "ke-hoach-05560")


def _requests(plan: Plan) -> list[tuple[str, str]]:
    task = task_of(plan, "cong-chuc-van-hoa-xa-hoi")
    return [
        ("get", PLAN_URL),
        ("get", "/xa/05560/2023/ke-hoach/"),
        ("get", DOCX_URL),
        ("get", MY_TASKS_URL),
        ("post", task_url(task)),
    ]


def _assert_refused(client: Client, plan: Plan) -> None:
    for method, url in _requests(plan):
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, {"status": "done", "note": "x"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 403, url
        body = response.content.decode()
        for text in PHUC_CHU_DATA:
            assert text not in body, (url, text)
        assert "Content-Disposition" not in response
    task = task_of(plan, "cong-chuc-van-hoa-xa-hoi")
    assert task.status == TaskStatus.TODO
    assert not TaskNote.objects.exists()


def test_the_officer_of_bao_linh_is_refused_everywhere(outsider: User, phuc_chu_plan: Plan) -> None:
    _assert_refused(client_for(outsider), phuc_chu_plan)


def test_an_official_of_bao_linh_with_the_same_position_is_refused_everywhere(
    make_user: Callable[..., User], bao_linh: Unit, phuc_chu_plan: Plan
) -> None:
    official = make_user(
        "baolinh.vhxh", Role.COMMUNE_OFFICIAL, bao_linh, position="cong-chuc-van-hoa-xa-hoi"
    )
    _assert_refused(client_for(official), phuc_chu_plan)


def test_a_user_of_another_province_is_refused(
    make_user: Callable[..., User], far_commune: Unit, phuc_chu_plan: Plan
) -> None:
    _assert_refused(
        client_for(make_user("xa.ntm", Role.COMMUNE_OFFICER, far_commune)), phuc_chu_plan
    )


@pytest.mark.parametrize("url", [PLAN_URL, DOCX_URL, MY_TASKS_URL])
def test_an_anonymous_user_is_sent_to_log_in(phuc_chu_plan: Plan, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert "Phúc Chu" not in response.content.decode()


def test_the_province_coordinator_reads_the_plan_but_updates_no_task(
    make_user: Callable[..., User], province: Unit, phuc_chu_plan: Plan
) -> None:
    coordinator = make_user("thainguyen.dieuphoi", Role.PROVINCE_COORDINATOR, province)
    client = client_for(coordinator)
    assert client.get(PLAN_URL).status_code == 200
    assert client.get(DOCX_URL).status_code == 200
    task = task_of(phuc_chu_plan, "cong-chuc-van-hoa-xa-hoi")
    response = client.post(task_url(task), {"status": "done", "note": "x"})
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO
