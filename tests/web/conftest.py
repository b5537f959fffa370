"""Fixtures of the web tests: two communes of one province and one of another, a user for
every role in each, and the Phúc Chu 2024 review and plan loaded from the examples."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from ntm.plans.models import Plan
from ntm.plans.services import plan_import
from ntm.reviews.imports import review_import
from ntm.reviews.models import Review
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Membership, Role

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "phuc-chu-2024"
PASSWORD = "test-password"
ENDED = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with no cached outcomes (the province page caches them)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def province(db: None) -> Unit:
    unit = Unit.objects.create(
        kind=UnitKind.PROVINCE, code="19", name="Thái Nguyên", type_name="Tỉnh"
    )
    unit.province = unit
    unit.save()
    return unit


@pytest.fixture
def other_province(db: None) -> Unit:
    unit = Unit.objects.create(kind=UnitKind.PROVINCE, code="20", name="Lạng Sơn", type_name="Tỉnh")
    unit.province = unit
    unit.save()
    return unit


def _commune(code: str, name: str, province: Unit) -> Unit:
    district = Unit.objects.get_or_create(
        kind=UnitKind.DISTRICT,
        code=f"d{province.code}",
        valid_to=ENDED,
        defaults={
            "name": "Định Hóa",
            "type_name": "Huyện",
            "parent": province,
            "province": province,
        },
    )[0]
    return Unit.objects.create(
        kind=UnitKind.COMMUNE,
        code=code,
        name=name,
        type_name="Xã",
        parent=district,
        province=province,
        valid_to=ENDED,
    )


@pytest.fixture
def phuc_chu(province: Unit) -> Unit:
    """Xã Phúc Chu (05560), the commune of the examples."""
    return _commune("05560", "Phúc Chu", province)


@pytest.fixture
def bao_linh(province: Unit) -> Unit:
    """Another commune of the same province."""
    return _commune("05554", "Bảo Linh", province)


@pytest.fixture
def far_commune(other_province: Unit) -> Unit:
    """A commune of another province."""
    return _commune("06000", "Xã Xa", other_province)


@pytest.fixture
def hamlets(phuc_chu: Unit) -> list[Unit]:
    """Two hamlets of Phúc Chu (their names are illustrative)."""
    return [
        Unit.objects.create(
            kind=UnitKind.HAMLET,
            code=code,
            name=name,
            type_name="Xóm",
            parent=phuc_chu,
            province=phuc_chu.province,
            valid_to=phuc_chu.valid_to,
        )
        for code, name in (("05560-01", "Bản Pấu"), ("05560-02", "Nà Mò"))
    ]


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(
        username: str,
        role: str,
        unit: Unit,
        *,
        position: str = "",
        criteria: list[int] | None = None,
    ) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD, first_name=username)
        Membership.objects.create(
            user=user, role=role, unit=unit, position=position, criteria=criteria or []
        )
        return user

    return make


@pytest.fixture
def officer(make_user: Callable[..., User], phuc_chu: Unit) -> User:
    return make_user("phucchu.ntm", Role.COMMUNE_OFFICER, phuc_chu)


@pytest.fixture
def coordinator(make_user: Callable[..., User], province: Unit) -> User:
    return make_user("thainguyen.dieuphoi", Role.PROVINCE_COORDINATOR, province)


@pytest.fixture
def appraiser(make_user: Callable[..., User], province: Unit) -> User:
    return make_user("thainguyen.thamdinh", Role.PROVINCE_APPRAISER, province)


@pytest.fixture
def far_coordinator(make_user: Callable[..., User], other_province: Unit) -> User:
    return make_user("langson.dieuphoi", Role.PROVINCE_COORDINATOR, other_province)


@pytest.fixture
def phuc_chu_review(officer: User, phuc_chu: Unit) -> Review:
    return review_import(actor=officer, commune=phuc_chu, path=str(EXAMPLE / "review.yaml"))


@pytest.fixture
def phuc_chu_plan(officer: User, phuc_chu_review: Review) -> Plan:
    return plan_import(actor=officer, review=phuc_chu_review, path=str(EXAMPLE / "plan.yaml"))


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
