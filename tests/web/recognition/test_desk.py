"""The province's desk (/tinh/<code>/ho-so/): the dossiers waiting for the province, returned
and overdue, the revocation watch, the hardest criteria; who may see it; no bulk action; and
the same number of queries for 10 communes as for 100."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ntm.core.recognition.workflow import Decision
from ntm.recognition.desk import OVERDUE_DAYS, province_desk
from ntm.recognition.models import Dossier
from ntm.reviews.models import Review
from ntm.territories.models import Unit
from ntm.users.models import Role
from tests.web.conftest import client_for
from tests.web.recognition._desk_fixtures import (
    AFTER_MERGER,
    BEFORE_MERGER,
    Move,
    bare_review,
    moved_dossier,
    watched,
)
from tests.web.territories.conftest import add_commune, review_copy, set_verdict

pytestmark = pytest.mark.django_db

#: The reasons of the return the desk shows for commune D.
REASONS = {"5": "Thiếu biên bản kiểm tra trường học", "17": "Chưa có số liệu thu gom rác"}


def _scenario(
    province: Unit,
    phuc_chu: Unit,
    bao_linh: Unit,
    far_commune: Unit,
    actor: User,
    start: datetime.datetime,
) -> dict[str, Dossier]:
    """Nine dossiers of the province and one of another, moved one day apart from ``start``.

    A submitted (day 0) → verify; B verified (day 1) → appraise; C appraised (day 2) →
    recognise; D returned (day 1) for 5 and 17; E draft; F recognised; G submitted on the
    district chain (the district verifies); H returned for 5 (day 1), resubmitted, returned
    for 17, both undone: returned for 5; I refused; J (another province) submitted.
    """
    communes = {
        "A": phuc_chu,
        "B": bao_linh,
        **{
            key: add_commune(f"0900{index}", f"Xã {key}", province)
            for index, key in enumerate("CDEFGHI", start=1)
        },
        "J": far_commune,
    }
    reviews = {key: bare_review(commune) for key, commune in communes.items()}
    moves: dict[str, list[Move]] = {
        "A": ["submit"],
        "B": ["submit", "verify"],
        "C": ["submit", "verify", "appraise"],
        "D": ["submit", ("return", REASONS)],
        "E": [],
        "F": [
            "submit",
            "verify",
            "appraise",
            ("recognise", Decision("1763/QĐ-UBND", (start + datetime.timedelta(days=3)).date())),
        ],
        "H": [
            "submit",
            ("return", {"5": "Thiếu biên bản"}),
            "resubmit",
            ("return", {"17": "Sai số liệu"}),
            "undo",
            "undo",
        ],
        "I": ["submit", "verify", "appraise", ("refuse", {"10": "Thu nhập chưa đạt"})],
        "J": ["submit"],
    }
    dossiers = {key: moved_dossier(reviews[key], actor, moves[key], start=start) for key in moves}
    dossiers["G"] = moved_dossier(reviews["G"], actor, ["submit"], start=BEFORE_MERGER)
    return dossiers


@pytest.fixture
def scenario(
    province: Unit, phuc_chu: Unit, bao_linh: Unit, far_commune: Unit, coordinator: User
) -> dict[str, Dossier]:
    return _scenario(province, phuc_chu, bao_linh, far_commune, coordinator, AFTER_MERGER)


def _keys(dossiers: dict[str, Dossier], rows: list[Dossier]) -> list[str]:
    by_pk = {dossier.pk: key for key, dossier in dossiers.items()}
    return [by_pk[row.pk] for row in rows]


def test_the_desk_sorts_the_dossiers_by_where_they_stand(
    scenario: dict[str, Dossier], province: Unit, coordinator: User, appraiser: User
) -> None:
    # 32 days after A's submission (4/8/2025 → 5/9/2025: 27 days to 31/8, then 5).
    now = AFTER_MERGER + datetime.timedelta(days=32)
    desk = province_desk(province, user=coordinator, now=now)
    # Waiting for the province, longest first; G waits for the district, E is a draft,
    # F is decided, I refused, J is another province's, D and H are with their commune.
    assert _keys(scenario, [row.dossier for row in desk.waiting]) == ["A", "B", "C"]
    assert [row.step.id for row in desk.waiting] == ["verify", "appraise", "recognise"]
    assert [row.step.role for row in desk.waiting] == [
        "province_coordinator",
        "province_appraiser",
        "province_coordinator",
    ]
    # A moved on day 0, B on day 1, C on day 2: 32, 31 and 30 days; more than 30 is overdue.
    assert [row.days for row in desk.waiting] == [32, 31, 30]
    assert OVERDUE_DAYS == 30
    assert [row.overdue for row in desk.waiting] == [True, True, False]
    assert _keys(scenario, [row.dossier for row in desk.overdue]) == ["A", "B"]
    assert [row.since for row in desk.waiting] == [
        AFTER_MERGER + datetime.timedelta(days=n) for n in (0, 1, 2)
    ]
    # The coordinator verifies and records the decision; the appraiser appraises.
    assert [row.actionable for row in desk.waiting] == [True, False, True]
    as_appraiser = province_desk(province, user=appraiser, now=now)
    assert [row.actionable for row in as_appraiser.waiting] == [False, True, False]

    # Returned: D, and H whose second return and resubmission were undone (its reasons
    # are those of the return in force, for 5, not of the undone one, for 17).
    assert _keys(scenario, [row.dossier for row in desk.returned]) == ["D", "H"]
    d, h = desk.returned
    assert [(c.code, c.name, c.reason) for c in d.criteria] == [
        ("5", "Giáo dục", REASONS["5"]),
        ("17", "Môi trường", REASONS["17"]),
    ]
    assert [(c.code, c.reason) for c in h.criteria] == [("5", "Thiếu biên bản")]
    assert (d.step.id, d.at, d.days) == ("verify", AFTER_MERGER + datetime.timedelta(days=1), 31)
    assert h.at == AFTER_MERGER + datetime.timedelta(days=1)
    assert desk.errors == []


def test_the_watch_lists_revoked_recognitions_and_those_one_criterion_away(
    province: Unit, phuc_chu: Unit, bao_linh: Unit, far_commune: Unit, coordinator: User
) -> None:
    third = add_commune("09001", "Xã C", province)
    fourth = add_commune("09002", "Xã D", province)
    safe = watched(bare_review(third), outcome="kept", margin=2)  # two more may fail: quiet
    at_one = watched(bare_review(bao_linh), outcome="kept", margin=1, unmet=[5, 6, 8])
    at_zero = watched(bare_review(fourth), outcome="kept", margin=0, unmet=[5, 6, 8, 9])
    revoked = watched(bare_review(phuc_chu), outcome="revoked_by_share", margin=None)
    watched(bare_review(far_commune), outcome="revoked_with_named", margin=None)  # elsewhere
    desk = province_desk(province, user=coordinator)
    assert [watch.recognition for watch in desk.watches] == [revoked, at_zero, at_one]
    assert safe not in [watch.recognition for watch in desk.watches]


def test_the_hardest_criteria_count_the_communes_not_meeting_them(
    province: Unit,
    phuc_chu_review: Review,
    bao_linh: Unit,
    make_user: Callable[..., User],
    coordinator: User,
) -> None:
    officer = make_user("baolinh.ntm", Role.COMMUNE_OFFICER, bao_linh)
    review = review_copy(officer, bao_linh)
    set_verdict(officer, review, 1, "Đạt")
    set_verdict(officer, review, 2, "Đạt")
    set_verdict(officer, review, 3, "Chưa đạt")
    set_verdict(officer, review, 5, "")
    add_commune("09001", "Xã Chưa Rà Soát", province)  # no review: not counted
    desk = province_desk(province, user=coordinator)
    # Phúc Chu does not meet 1 2 5 6 8 9 10 11 12 13 17 (its 2024 verdicts); Bảo Linh the
    # same except 1 and 2 (now met) and 5 (undecided), plus 3: 6 8 9 10 11 12 13 17 fail in
    # both (2), then 1 2 3 5 in one (1), by number among equals.
    assert desk.reviewed == 2
    assert [(h.criterion.number, h.not_met) for h in desk.hardest] == [
        *((n, 2) for n in (6, 8, 9, 10, 11, 12, 13, 17)),
        *((n, 1) for n in (1, 2, 3, 5)),
    ]
    five = next(h for h in desk.hardest if h.criterion.number == 5)
    assert (five.not_met, five.undecided, five.met) == (1, 1, 0)
    page = client_for(coordinator).get("/tinh/19/ho-so/").content.decode()
    table = page[page.index('id="hardest-table"') :]
    assert re.findall(r'<tr data-criterion="(\d+)">', table)[:3] == ["6", "8", "9"]


def test_the_page_shows_each_list_links_each_dossier_and_offers_no_bulk_action(
    province: Unit,
    phuc_chu: Unit,
    bao_linh: Unit,
    far_commune: Unit,
    coordinator: User,
    appraiser: User,
) -> None:
    # Dated so that today is day 32, as in the selector's test.
    start = timezone.now() - datetime.timedelta(days=32)
    dossiers = _scenario(province, phuc_chu, bao_linh, far_commune, coordinator, start)
    response = client_for(coordinator).get("/tinh/19/ho-so/")
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'id="count-waiting">3<', page)
    assert re.search(r'id="count-returned">2<', page)
    assert re.search(r'id="count-overdue">2<', page)
    waiting = page[page.index('id="waiting-table"') : page.index('id="overdue"')]
    rows = re.findall(r'<tr id="waiting-table-(\d+)"[^>]*data-step="(\w+)"([^>]*)>', waiting)
    assert [(int(pk), step, "data-actionable" in rest) for pk, step, rest in rows] == [
        (dossiers["A"].pk, "verify", True),
        (dossiers["B"].pk, "appraise", False),
        (dossiers["C"].pk, "recognise", True),
    ]
    overdue = page[page.index('id="overdue-table"') : page.index('id="returned"')]
    assert re.findall(r'<tr id="overdue-table-(\d+)"', overdue) == [
        str(dossiers["A"].pk),
        str(dossiers["B"].pk),
    ]
    returned = page[page.index('id="returned-table"') : page.index('id="watch"')]
    assert REASONS["5"] in returned and REASONS["17"] in returned
    assert "Sai số liệu" not in returned  # the undone return's reason
    # Each dossier is opened on its own page.
    for key in ("A", "B", "C", "D", "H"):
        dossier = dossiers[key]
        href = reverse("recognition:dossier", args=(dossier.commune.url_key, dossier.pk))
        assert f'href="{href}"' in page, key
    for key in ("E", "F", "G", "I", "J"):
        dossier = dossiers[key]
        href = reverse("recognition:dossier", args=(dossier.commune.url_key, dossier.pk))
        assert f'href="{href}"' not in page, key
    # No bulk action: nothing to tick, nothing to post in the page's content.
    main = page.split("<main>")[1]
    assert "<form" not in main and "checkbox" not in main and "<input" not in main
    # The appraiser's turn is B's.
    page = client_for(appraiser).get("/tinh/19/ho-so/").content.decode()
    waiting = page[page.index('id="waiting-table"') : page.index('id="overdue"')]
    assert [
        "data-actionable" in rest
        for _pk, _step, rest in re.findall(
            r'<tr id="waiting-table-(\d+)"[^>]*data-step="(\w+)"([^>]*)>', waiting
        )
    ] == [False, True, False]


def test_only_the_province_sees_its_desk(
    province: Unit,
    officer: User,
    coordinator: User,
    appraiser: User,
    far_coordinator: User,
    make_user: Callable[..., User],
    client: Client,
) -> None:
    viewer = make_user("thainguyen.xem", Role.VIEWER, province)
    for user in (coordinator, appraiser, viewer):
        assert client_for(user).get("/tinh/19/ho-so/").status_code == 200
    for user in (far_coordinator, officer):
        assert client_for(user).get("/tinh/19/ho-so/").status_code == 403
    assert client_for(coordinator).get("/tinh/99/ho-so/").status_code == 404
    assert client_for(coordinator).post("/tinh/19/ho-so/").status_code == 405
    anonymous = client.get("/tinh/19/ho-so/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("web:login"))


#: Session, user, the user's roles, the province, the dossiers, their transitions, the
#: province matrix's communes, reviews and newest readings (the outcomes from the cache),
#: the watches.
DESK_QUERIES = 10

#: What each commune's dossier went through, by the commune's index modulo 7.
CYCLE: list[list[Move]] = [
    [],  # draft
    ["submit"],  # waits for verify
    ["submit", "verify"],  # waits for appraise
    ["submit", "verify", "appraise"],  # waits for recognise
    ["submit", ("return", {"9": "Thiếu số liệu"})],  # returned
    ["submit", ("return", {"9": "Thiếu số liệu"}), "resubmit"],  # waits for verify again
    [
        "submit",
        "verify",
        "appraise",
        ("recognise", Decision("1/QĐ-UBND", datetime.date(2025, 9, 1))),
    ],
]


def _communes(province: Unit, actor: User, first: int, last: int) -> None:
    """Communes ``first`` to ``last - 1``: each a review and a dossier as the cycle says,
    and every tenth a recognition to be revoked."""
    for index in range(first, last):
        review = bare_review(add_commune(f"9{index:04d}", f"Số {index}", province, current=True))
        moved_dossier(review, actor, CYCLE[index % 7])
        if index % 10 == 0:
            watched(review, outcome="revoked_by_share", margin=None)


def _desk_queries(client: Client) -> tuple[int, str]:
    client.get("/tinh/19/ho-so/")  # the outcomes cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/tinh/19/ho-so/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _count(page: str, name: str) -> int:
    found = re.search(rf'id="count-{name}">(\d+)<', page)
    assert found is not None
    return int(found.group(1))


def test_the_desk_takes_as_many_queries_for_100_communes_as_for_10(
    province: Unit, coordinator: User
) -> None:
    client = client_for(coordinator)
    _communes(province, coordinator, 0, 10)
    ten, page = _desk_queries(client)
    # Indexes 0-9 modulo 7: 0 1 2 3 4 5 6 0 1 2. Waiting (1, 2, 3, 5): 2 + 2 + 1 + 1 = 6;
    # returned (4): 1; one recognition revoked (index 0).
    assert [_count(page, name) for name in ("waiting", "returned", "watches")] == [6, 1, 1]
    _communes(province, coordinator, 10, 100)
    hundred, page = _desk_queries(client)
    # 0-99 modulo 7: 0 and 1 fifteen times (98 = 7 × 14, then 98, 99), 2-6 fourteen.
    # Waiting: 15 + 14 + 14 + 14 = 57; returned: 14; revoked: 0, 10, …, 90 = 10.
    assert [_count(page, name) for name in ("waiting", "returned", "watches")] == [57, 14, 10]
    assert ten == hundred == DESK_QUERIES


def test_the_selector_without_the_cache_does_not_grow_either(
    province: Unit, coordinator: User
) -> None:
    from django.core.cache import cache

    counts = []
    for first, last in ((0, 10), (10, 100)):
        _communes(province, coordinator, first, last)
        cache.clear()
        user = User.objects.get(pk=coordinator.pk)  # its roles not read yet
        with CaptureQueriesContext(connection) as queries:
            province_desk(province, user=user)
        counts.append(len(queries))
    # The dossiers, their transitions, the matrix (communes, reviews, newest readings,
    # current readings: nothing cached), the watches; the user's roles once.
    assert counts == [8, 8]


def test_a_dossier_that_cannot_be_read_is_shown_not_hidden(
    province: Unit, phuc_chu: Unit, coordinator: User
) -> None:
    review = bare_review(phuc_chu, criteria_set="bo-tieu-chi-khong-co")
    dossier = Dossier.objects.create(
        commune=phuc_chu,
        review=review,
        level="advanced",
        year=2025,
        workflow="qd-18-2022-province",
        units={"commune": "05560", "province": "19"},
        status="submitted",
        next_step=1,
        created_by=coordinator,
    )
    desk = province_desk(province, user=coordinator)
    assert [error.dossier for error in desk.errors] == [dossier]
    assert "bo-tieu-chi-khong-co" in desk.errors[0].message
    assert desk.waiting == [] and desk.hardest == []
    page = client_for(coordinator).get("/tinh/19/ho-so/").content.decode()
    assert f'<li data-dossier="{dossier.pk}">' in page
