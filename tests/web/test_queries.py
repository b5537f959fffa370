"""The dashboard makes the same number of SQL queries however many communes the province
has and however many readings the review holds."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ntm.reviews.models import Review
from ntm.reviews.services import reading_record
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Role
from tests.web.conftest import client_for


def _queries(user: User, url: str) -> int:
    client = client_for(user)
    client.get(url)  # warm the session and the catalog cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_dashboard_does_not_grow_with_communes_or_readings(
    phuc_chu_review: Review,
    officer: User,
    province: Unit,
    make_user: Callable[..., User],
) -> None:
    coordinator = make_user("coordinator", Role.PROVINCE_COORDINATOR, province)
    few = _queries(coordinator, "/xa/05560/")
    district = Unit.objects.get(kind=UnitKind.DISTRICT, code=f"d{province.code}")
    for number in range(30):
        Unit.objects.create(
            kind=UnitKind.COMMUNE,
            code=f"09{number:03d}",
            name=f"Xã {number}",
            type_name="Xã",
            parent=district,
            province=province,
        )
    for code, value in (("1.1", "Đạt"), ("1.2", "Đạt"), ("19.1", "Đạt"), ("19.2", "Đạt")):
        reading_record(
            actor=officer,
            review=phuc_chu_review,
            criterion=int(code.split(".")[0]),
            indicator=code,
            cells={"result": value},
            base_id=None,
        )
    many = _queries(coordinator, "/xa/05560/")
    assert many == few
    assert few <= 12
