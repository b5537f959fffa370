"""A commune's audit trail: Phúc Chu's import and the changes after it, newest first, with
before → after escaped; filters, pages, and who may read it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from ntm.audit.services import audit_event_record
from ntm.reviews.models import Reading, Review
from ntm.reviews.services import reading_record, review_reopen, review_submit
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Role
from tests.web.conftest import client_for


def _verdict(actor: User, review: Review, criterion: int, **cells: str) -> None:
    current = Reading.objects.get(review=review, criterion=criterion, indicator="", current=True)
    reading_record(
        actor=actor,
        review=review,
        criterion=criterion,
        indicator="",
        cells={"source": current.source, **cells},
        base_id=current.pk,
    )


def _page(user: User, query: str = "") -> str:
    """The page in English (the labels the tests look for)."""
    client = client_for(user)
    client.cookies["django_language"] = "en"
    response = client.get(f"/nhat-ky/05560/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _actions(html: str) -> list[str]:
    """The actions of the listed events, top to bottom."""
    return re.findall(r'<tr id="event-\d+" data-action="([^"]+)">', html)


@pytest.fixture
def coordinator(make_user: Callable[..., User], province: Unit) -> User:
    return make_user("thainguyen.dieuphoi", Role.PROVINCE_COORDINATOR, province)


@pytest.fixture
def trail(officer: User, coordinator: User, phuc_chu_review: Review) -> Review:
    """Phúc Chu's import, then criterion 9 met, the review submitted and reopened."""
    _verdict(officer, phuc_chu_review, 9, verdict="Đạt")
    review_submit(actor=officer, review=phuc_chu_review)
    review_reopen(actor=coordinator, review=phuc_chu_review)
    return phuc_chu_review


def test_the_officer_sees_the_events_newest_first_with_who_and_what(
    officer: User, trail: Review
) -> None:
    html = _page(officer)
    assert _actions(html) == ["review.reopen", "review.submit", "reading.record", "review.import"]
    row = re.search(r'data-action="reading.record">(.*?)</tr>', html, re.S)
    cells = row.group(1) if row else ""
    assert "phucchu.ntm" in cells
    assert "2024 9" in cells  # the summary: year and criterion
    assert "<strong>verdict</strong>: <del>Chưa đạt</del> → <ins>Đạt</ins>" in cells
    reopen = re.search(r'data-action="review.reopen">(.*?)</tr>', html, re.S)
    assert "thainguyen.dieuphoi" in (reopen.group(1) if reopen else "")
    assert "<del>submitted</del> → <ins>draft</ins>" in reopen.group(1)
    imported = re.search(r'data-action="review.import">(.*?)</tr>', html, re.S)
    assert imported is not None and "<strong>readings</strong>: <ins>19</ins>" in imported.group(1)


def test_before_and_after_are_escaped(officer: User, phuc_chu_review: Review) -> None:
    _verdict(officer, phuc_chu_review, 9, verdict="Đạt", note="<script>alert('x')</script>")
    html = _page(officer)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_nested_values_are_shown_as_escaped_json(officer: User, phuc_chu: Unit) -> None:
    audit_event_record(
        actor=officer,
        action="plan.import",
        unit=phuc_chu,
        target_type="plan",
        target_id=7,
        after={"targets": [9, 12, 17], "tasks": {"<b>": "x"}},
    )
    html = _page(officer)
    assert "<ins>9, 12, 17</ins>" in html  # a list reads as a list, not as JSON
    assert "{&quot;&lt;b&gt;&quot;: &quot;x&quot;}" in html


def test_the_filters_keep_one_action_or_one_user(
    officer: User, coordinator: User, trail: Review
) -> None:
    assert _actions(_page(officer, "?action=reading.record")) == ["reading.record"]
    assert _actions(_page(officer, f"?actor={coordinator.pk}")) == ["review.reopen"]
    assert _actions(_page(officer, f"?actor={officer.pk}&action=review.submit")) == [
        "review.submit"
    ]


def test_a_bad_filter_is_refused_on_the_form_and_changes_nothing(
    officer: User, trail: Review
) -> None:
    html = _page(officer, "?action=review.delete")
    assert re.search(r'class="errorlist">[^<]*review.delete', html)
    assert len(_actions(html)) == 4


def test_the_trail_is_paged_by_50_and_the_pages_keep_the_filter(
    officer: User, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    for number in range(60):
        audit_event_record(
            actor=officer,
            action="reading.record",
            unit=phuc_chu,
            target_type="reading",
            target_id=number,
            summary=f"event {number}",
        )
    first = _page(officer, "?action=reading.record")
    assert len(_actions(first)) == 50
    assert "event 59" in first and "event 10<" in first and "event 9<" not in first
    assert 'href="?action=reading.record&amp;page=2"' in first
    second = _page(officer, "?action=reading.record&page=2")
    assert len(_actions(second)) == 10 and "event 0<" in second
    assert len(_actions(_page(officer, "?page=2"))) == 11  # and the import


def test_the_events_of_the_communes_hamlets_are_listed_and_other_communes_are_not(
    officer: User, phuc_chu: Unit, bao_linh: Unit, phuc_chu_review: Review
) -> None:
    hamlet = Unit.objects.create(
        kind=UnitKind.HAMLET, code="05560-07", name="Thôm Khoa", type_name="Thôn", parent=phuc_chu
    )
    for unit, summary in ((hamlet, "thôn Thôm Khoa"), (bao_linh, "xã Bảo Linh")):
        audit_event_record(
            actor=officer,
            action="hamlet.update",
            unit=unit,
            target_type="unit",
            target_id=unit.pk,
            summary=summary,
        )
    html = _page(officer)
    assert "thôn Thôm Khoa" in html
    assert "xã Bảo Linh" not in html


@pytest.mark.parametrize(
    "role,where",
    [
        (Role.PROVINCE_COORDINATOR, "province"),
        (Role.VIEWER, "province"),
        (Role.VIEWER, "commune"),
        (Role.COMMUNE_OFFICIAL, "commune"),
    ],
)
def test_everyone_who_may_view_the_commune_reads_its_trail(
    role: str,
    where: str,
    make_user: Callable[..., User],
    province: Unit,
    phuc_chu: Unit,
    phuc_chu_review: Review,
) -> None:
    user = make_user("reader", role, province if where == "province" else phuc_chu)
    assert _actions(_page(user)) == ["review.import"]


def test_a_coordinator_of_another_province_is_refused_and_sees_no_data(
    make_user: Callable[..., User], other_province: Unit, trail: Review
) -> None:
    stranger = make_user("langson.dieuphoi", Role.PROVINCE_COORDINATOR, other_province)
    for query in ("", "?action=reading.record", "?page=2"):
        response = client_for(stranger).get(f"/nhat-ky/05560/{query}")
        assert response.status_code == 403
        body = response.content.decode()
        assert "Phúc Chu" not in body and "phucchu.ntm" not in body and "Chưa đạt" not in body


def test_another_communes_officer_is_refused(
    make_user: Callable[..., User], bao_linh: Unit, trail: Review
) -> None:
    other = make_user("baolinh.ntm", Role.COMMUNE_OFFICER, bao_linh)
    response = client_for(other).get("/nhat-ky/05560/")
    assert response.status_code == 403
    assert "phucchu.ntm" not in response.content.decode()


def test_an_unknown_commune_is_not_found(officer: User) -> None:
    assert client_for(officer).get("/nhat-ky/99999/").status_code == 404
