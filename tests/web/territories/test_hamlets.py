"""Hamlets are entered by the commune's officer, with a code that names the commune."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from ntm.audit.models import AuditEvent
from ntm.territories.models import Unit, UnitKind
from tests.web.conftest import client_for


def _error(response: object) -> str:
    found = re.search(r'id="hamlet-error">([^<]*)<', response.content.decode())  # type: ignore[attr-defined]
    return "" if found is None else found.group(1)


def test_the_officer_enters_a_hamlet(officer: User, phuc_chu: Unit) -> None:
    response = client_for(officer).post(
        "/xa/05560/xom/", {"code": "05560-7", "name": "  Làng  Hoèn ", "type_name": "Xóm"}
    )
    assert response.status_code == 302
    hamlet = Unit.objects.get(kind=UnitKind.HAMLET)
    assert (hamlet.code, hamlet.full_name, hamlet.parent) == ("05560-07", "Xóm Làng Hoèn", phuc_chu)
    assert AuditEvent.objects.filter(action="hamlet.create").count() == 1


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("05554-01", "Xóm Một", "belongs to commune 05554"),
        ("xom-1", "Xóm Một", "a hyphen and a number"),
        ("05560-01", "", "Write the hamlet's name"),
    ],
)
def test_a_bad_hamlet_is_refused_on_the_form(
    officer: User, phuc_chu: Unit, code: str, name: str, message: str
) -> None:
    client = client_for(officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        "/xa/05560/xom/", {"code": code, "name": name}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert message in _error(response).replace("&#x27;", "'")
    assert not Unit.objects.filter(kind=UnitKind.HAMLET).exists()


def test_a_code_used_twice_is_refused(officer: User, phuc_chu: Unit) -> None:
    client = client_for(officer)
    client.cookies["django_language"] = "en"
    client.post("/xa/05560/xom/", {"code": "05560-01", "name": "Đồng Uẩn"})
    response = client.post("/xa/05560/xom/", {"code": "05560-1", "name": "Khác"})
    assert response.status_code == 422
    assert "already used" in _error(response)
    assert Unit.objects.filter(kind=UnitKind.HAMLET).count() == 1
