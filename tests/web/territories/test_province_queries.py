"""The province page, its export and its selector make the same number of SQL queries for 2
communes with reviews as for 12."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from pytest_django import DjangoAssertNumQueries

from ntm.core import Catalog
from ntm.reviews.models import Review
from ntm.territories.models import Unit
from ntm.territories.selectors import province_matrix
from tests.web.conftest import client_for
from tests.web.territories.conftest import add_commune, met_counts, review_copy

#: Session, user, the province, the user's roles, the filters' years and sets, the
#: districts, the communes, the reviews, each review's newest reading (the evaluated
#: reviews come from the cache, the menu's communes from the roles already loaded).
PAGE_QUERIES = 9
#: The communes, the reviews, each review's newest reading (the cache key), and, for the
#: reviews not cached yet, their current readings.
SELECTOR_QUERIES = 4


def _communes_with_reviews(count: int, officer: User, province: Unit) -> None:
    """Phúc Chu (reviewed by the fixture) and ``count - 1`` more, each with the same review."""
    for number in range(count - 1):
        review_copy(officer, add_commune(f"09{number:03d}", f"Số {number}", province))


@pytest.mark.parametrize("communes", [2, 12])
def test_the_page_and_the_export_do_not_grow_with_communes(
    communes: int,
    coordinator: User,
    officer: User,
    province: Unit,
    phuc_chu_review: Review,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    _communes_with_reviews(communes, officer, province)
    client = client_for(coordinator)
    client.get("/tinh/19/")  # the session's first request
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get("/tinh/19/")
    counts = met_counts(response.content.decode())
    assert len(counts) == communes and set(counts.values()) == {"8"}
    # The export has no menu, which costs no query now: the same count.
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get("/tinh/19/xuat.xlsx?reviewed=on").status_code == 200


@pytest.mark.parametrize("communes", [2, 12])
def test_the_selector_reads_the_matrix_in_four_queries_then_three_from_the_cache(
    communes: int,
    officer: User,
    province: Unit,
    phuc_chu_review: Review,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    _communes_with_reviews(communes, officer, province)
    catalog = Catalog.shipped()
    with django_assert_num_queries(SELECTOR_QUERIES):
        matrix = province_matrix(province, catalog=catalog)
    with django_assert_num_queries(SELECTOR_QUERIES - 1):
        cached = province_matrix(province, catalog=catalog)
    assert [row.met_count for row in cached.rows] == [row.met_count for row in matrix.rows]
    assert [row.met_count for row in matrix.rows] == [8] * communes
    assert matrix.reviewed == communes
    assert [count.met for count in matrix.counts if count.criterion.number in (1, 3)] == [
        0,
        communes,
    ]


def test_a_new_reading_is_seen_at_once_despite_the_cache(
    officer: User, province: Unit, phuc_chu_review: Review
) -> None:
    from ntm.reviews.services import reading_record

    catalog = Catalog.shipped()
    assert [row.met_count for row in province_matrix(province, catalog=catalog).rows] == [8]
    for code in ("1.1", "1.2", "1.3"):  # criterion 1 (Quy hoạch) becomes met
        reading_record(
            actor=officer,
            review=phuc_chu_review,
            criterion=1,
            indicator=code,
            cells={"result": "Đạt"},
            base_id=None,
        )
    assert [row.met_count for row in province_matrix(province, catalog=catalog).rows] == [9]
