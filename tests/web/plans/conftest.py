"""Fixtures of the plan pages: the officials of the Phúc Chu plan and an outsider."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from ntm.plans.models import Plan, Task
from ntm.territories.models import Unit
from ntm.users.models import Role

PLAN_URL = "/xa/05560/2024/ke-hoach/"
DOCX_URL = "/xa/05560/2024/ke-hoach/ke-hoach.docx"
MY_TASKS_URL = "/xa/05560/viec-cua-toi/"


def in_english(client: Client) -> Client:
    """The client, asking for English pages: the tests that read a message do not depend on
    its Vietnamese translation."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def task_url(task: Task) -> str:
    return f"/xa/05560/{task.plan.year}/ke-hoach/viec/{task.pk}/"


def task_of(plan: Plan, position: str) -> Task:
    return Task.objects.get(plan=plan, position=position)


@pytest.fixture
def labour_official(make_user: Callable[..., User], phuc_chu: Unit) -> User:
    """The Công chức Văn hóa - Xã hội: leads criterion 12 (Lao động)."""
    return make_user(
        "phucchu.vhxh",
        Role.COMMUNE_OFFICIAL,
        phuc_chu,
        position="cong-chuc-van-hoa-xa-hoi",
        criteria=[12],
    )


@pytest.fixture
def outsider(make_user: Callable[..., User], bao_linh: Unit) -> User:
    """Bảo Linh's NTM officer: same province, another commune."""
    return make_user("baolinh.ntm", Role.COMMUNE_OFFICER, bao_linh)
