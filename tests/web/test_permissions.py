"""Every URL of the product, for every role, as a user of another commune: refused, with no
data of the commune in the response, and nothing changed.

The walk takes the URL patterns from the resolver, so a new page is walked as soon as it
exists; a pattern with a parameter this test cannot fill makes it fail, rather than be
skipped.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ntm.audit.models import AuditEvent
from ntm.evidence.models import EvidenceFile
from ntm.households.models import Household, Person
from ntm.households.services import register_write
from ntm.households.uploads import pending_create
from ntm.plans.models import Plan, Task
from ntm.recognition.models import Dossier
from ntm.reviews.models import Reading, Review
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Role
from tests.web.conftest import client_for
from tests.web.households.conftest import hand_register

#: Pages with no commune in them: the login, the language switch, the user's own home.
UNSCOPED = {"web:login", "web:logout", "web:home", "set_language"}

#: What the refused responses must not contain: the commune's name, code and its data.
SECRETS = ("Phúc Chu", "05560", "Nhà ở dân cư", "Lộc Văn Dương", "Bản Pấu", "Nguyễn Văn H1")


def _counts() -> tuple[int, ...]:
    """What a refused request must leave unchanged."""
    return (
        AuditEvent.objects.count(),
        Reading.objects.count(),
        EvidenceFile.objects.count(),
        Household.objects.count(),
        Person.objects.count(),
    )


def _patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"


def _kwargs(name: str, pattern_kwargs: list[str], objects: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in pattern_kwargs:
        if key == "code":
            values[key] = (
                objects["province"].code
                if name.startswith(("territories:", "recognition_desk:"))
                else "05560"
            )
        elif key == "year":
            values[key] = 2024
        elif key == "number":
            values[key] = 9
        elif key in objects:
            values[key] = objects[key]
        else:
            raise AssertionError(f"{name}: the walk cannot fill the parameter {key!r}")
    return values


def _pattern_kwargs(name: str) -> list[str]:
    resolver = get_resolver()
    *namespaces, short = name.split(":")
    for namespace in namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    possibilities = resolver.reverse_dict.getlist(short)
    return list(possibilities[0][0][0][1]) if possibilities else []


@pytest.fixture
def phuc_chu_data(
    phuc_chu_plan: Plan, phuc_chu_review: Review, officer: User, province: Unit
) -> dict[str, Any]:
    """The commune's review, plan, a task, an evidence file: something behind every URL."""
    task = Task.objects.filter(plan=phuc_chu_plan).first()
    evidence = EvidenceFile.objects.create(
        review=phuc_chu_review,
        criterion=9,
        indicator="9.1",
        file="evidence/test.pdf",
        original_name="bien-ban-nha-o-phuc-chu.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=officer,
    )
    reading = Reading.objects.filter(review=phuc_chu_review).first()
    # A stored household register, and an import waiting at its mapping step.
    for number, name in ((1, "Bản Pấu"), (2, "Nà Mò")):
        Unit.objects.create(
            kind=UnitKind.HAMLET,
            code=f"05560-0{number}",
            name=name,
            type_name="Xóm",
            parent=phuc_chu_review.commune,
            province=province,
        )
    register_write(actor=officer, commune=phuc_chu_review.commune, register=hand_register())
    pending = pending_create(
        user_id=officer.pk,
        commune=phuc_chu_review.commune,
        uploads=[SimpleUploadedFile("so-ho.csv", "Mã hộ,Xóm\nH1,Bản Pấu\n".encode())],
        reference_date=datetime.date(2024, 12, 31),
        source="danh sách",
        replace=False,
    )
    dossier = Dossier.objects.create(
        commune=phuc_chu_review.commune,
        review=phuc_chu_review,
        level="advanced",
        year=2024,
        workflow="qd-18-2022-province",
        units={"commune": "05560", "province": province.code},
        created_by=officer,
    )
    return {
        "dossier_id": dossier.pk,
        "token": pending.token,
        "hamlet_code": "05560-01",
        "province": province,
        "pk": task.pk if task else 0,
        "task_id": task.pk if task else 0,
        "file_id": evidence.pk,
        "evidence_id": evidence.pk,
        "reading_id": reading.pk if reading else 0,
        "review_id": phuc_chu_review.pk,
        "plan_id": phuc_chu_plan.pk,
    }


@pytest.fixture
def strangers(
    make_user: Callable[..., User], bao_linh: Unit, far_commune: Unit, other_province: Unit
) -> dict[str, User]:
    """A user of every role, none of them in Phúc Chu or its province's coordination."""
    hamlet = Unit.objects.create(
        kind=UnitKind.HAMLET,
        code="05554-01",
        name="Xóm Một",
        type_name="Xóm",
        parent=bao_linh,
        province=bao_linh.province,
    )
    return {
        "officer of another commune": make_user("x.officer", Role.COMMUNE_OFFICER, bao_linh),
        "official of another commune": make_user(
            "x.official",
            Role.COMMUNE_OFFICIAL,
            bao_linh,
            position="cong-chuc-dia-chinh-xay-dung",
            criteria=[9],
        ),
        "hamlet head of another commune": make_user("x.hamlet", Role.HAMLET_HEAD, hamlet),
        "viewer of another commune": make_user("x.viewer", Role.VIEWER, bao_linh),
        "officer of a far commune": make_user("x.far", Role.COMMUNE_OFFICER, far_commune),
        "coordinator of another province": make_user(
            "x.coordinator", Role.PROVINCE_COORDINATOR, other_province
        ),
        "viewer of another province": make_user("x.pviewer", Role.VIEWER, other_province),
        "appraiser of another province": make_user(
            "x.appraiser", Role.PROVINCE_APPRAISER, other_province
        ),
        "district verifier of another district": make_user(
            "x.verifier", Role.DISTRICT_VERIFIER, far_commune.parent
        ),
    }


def test_every_url_refuses_every_role_of_another_commune(
    phuc_chu_data: dict[str, Any], strangers: dict[str, User]
) -> None:
    names = sorted(set(_patterns()) - UNSCOPED)
    assert len(names) >= 5, names
    before = _counts()
    walked = 0
    for name in names:
        url = reverse(name, kwargs=_kwargs(name, _pattern_kwargs(name), phuc_chu_data))
        for role, user in strangers.items():
            client = client_for(user)
            for method in ("get", "post"):
                response = getattr(client, method)(
                    url, {"indicator": "9.1", "value": "100", "status": "done", "note": "x"}
                )
                walked += 1
                assert response.status_code in (403, 404, 405), (
                    name,
                    role,
                    method,
                    response.status_code,
                )
                body = response.content.decode("utf-8", "replace")
                for secret in SECRETS:
                    assert secret not in body, (name, role, method, secret)
    assert _counts() == before
    assert walked == len(names) * len(strangers) * 2


def test_anonymous_users_are_sent_to_the_login(phuc_chu_data: dict[str, Any], client: Any) -> None:
    for name in sorted(set(_patterns()) - UNSCOPED):
        url = reverse(name, kwargs=_kwargs(name, _pattern_kwargs(name), phuc_chu_data))
        response = client.get(url)
        assert response.status_code in (302, 404, 405), (name, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("web:login")), name


def test_the_officer_of_the_commune_is_let_in(phuc_chu_data: dict[str, Any], officer: User) -> None:
    """The walk above is meaningful: the same URLs open for the commune's own officer."""
    client = client_for(officer)
    for name in ("reviews:dashboard", "reviews:criterion"):
        url = reverse(name, kwargs=_kwargs(name, _pattern_kwargs(name), phuc_chu_data))
        response = client.get(url)
        assert response.status_code == 200, name
        assert "Phúc Chu" in response.content.decode()
