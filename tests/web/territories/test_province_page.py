"""The province page: Phúc Chu and Bảo Linh × the 19 nâng cao criteria, the counts, the
hardest criteria, the filters, and who may open it."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.auth.models import User

from ntm.reviews.models import Review
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Role
from tests.web.conftest import client_for
from tests.web.territories.conftest import (
    BAO_LINH_MET,
    BAO_LINH_UNDECIDED,
    PHUC_CHU_MET,
    add_commune,
    criterion_counts,
    hardest,
    matrix_cells,
    met_counts,
    review_copy,
)

ALL = set(range(1, 20))


def _page(user: User, query: str = "") -> str:
    response = client_for(user).get(f"/tinh/19/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_each_cell_is_the_outcome_of_the_communes_latest_review(
    coordinator: User, phuc_chu_review: Review, bao_linh_review: Review
) -> None:
    cells = matrix_cells(_page(coordinator))
    assert cells["05560"] == {
        n: ("met", "✓") if n in PHUC_CHU_MET else ("not_met", "✗") for n in ALL
    }
    assert cells["05554"] == {
        n: ("met", "✓")
        if n in BAO_LINH_MET
        else ("undecided", "?")
        if n in BAO_LINH_UNDECIDED
        else ("not_met", "✗")
        for n in ALL
    }


def test_each_commune_shows_how_many_criteria_it_meets(
    coordinator: User, phuc_chu_review: Review, bao_linh_review: Review
) -> None:
    assert met_counts(_page(coordinator)) == {"05560": "8", "05554": "9"}


def test_each_criterion_shows_how_many_communes_meet_it(
    coordinator: User, phuc_chu_review: Review, bao_linh_review: Review
) -> None:
    # Counted by hand from the two lists of criteria met.
    expected = (
        {n: 0 for n in ALL} | {1: 1, 2: 1, 3: 1} | dict.fromkeys((4, 7, 14, 15, 16, 18, 19), 2)
    )
    assert criterion_counts(_page(coordinator)) == expected


def test_the_hardest_criteria_are_those_no_commune_meets_and_both_fail(
    coordinator: User, phuc_chu_review: Review, bao_linh_review: Review
) -> None:
    # Met by none: 5, 6, 8-13, 17; criterion 5 is undecided in Bảo Linh, so it comes last.
    html = _page(coordinator)
    assert hardest(html) == [6, 8, 9, 10, 11]
    assert "0/2" in html[html.index('id="hardest"') :][:2000]


def test_the_rows_link_to_the_commune_dashboards(
    coordinator: User, phuc_chu_review: Review, bao_linh_review: Review
) -> None:
    html = _page(coordinator)
    assert '<a href="/xa/05560~20250701/">Xã Phúc Chu</a>' in html
    assert '<a href="/xa/05554~20250701/">Xã Bảo Linh</a>' in html


def test_a_province_viewer_sees_the_page(
    make_user: Callable[..., User], province: Unit, phuc_chu_review: Review
) -> None:
    viewer = make_user("thainguyen.xem", Role.VIEWER, province)
    assert met_counts(_page(viewer)) == {"05560": "8"}


def test_old_and_current_communes_are_listed_and_the_filter_keeps_the_reviewed(
    coordinator: User, province: Unit, phuc_chu_review: Review
) -> None:
    add_commune("05569", "Định Hóa", province, current=True)
    html = _page(coordinator)
    assert set(met_counts(html)) == {"05560", "05569"}
    assert met_counts(html)["05569"] == ""
    assert 'href="/xa/05569/">Xã Định Hóa</a> <small>05569</small>' in html
    only = _page(coordinator, "?reviewed=on")
    assert set(met_counts(only)) == {"05560"}
    assert "Xã Định Hóa</a> <small>" not in only


def test_the_district_filter_keeps_its_communes(
    coordinator: User, province: Unit, officer: User, phuc_chu_review: Review
) -> None:
    other = Unit.objects.create(
        kind=UnitKind.DISTRICT,
        code="d19b",
        name="Phú Lương",
        type_name="Huyện",
        parent=province,
        province=province,
        valid_to=phuc_chu_review.commune.valid_to,
    )
    review_copy(officer, add_commune("05600", "Yên Ninh", province, district=other))
    assert set(met_counts(_page(coordinator))) == {"05560", "05600"}
    assert set(met_counts(_page(coordinator, "?district=d19b"))) == {"05600"}
    assert set(met_counts(_page(coordinator, "?district=d19"))) == {"05560"}


def test_the_level_and_set_filters_choose_the_criteria_set(
    coordinator: User,
    province: Unit,
    officer: User,
    phuc_chu_review: Review,
    bao_linh_review: Review,
) -> None:
    basic = "xa-ntm-2021-2025"
    review_copy(officer, add_commune("05570", "Điềm Mặc", province), criteria_set=basic)
    # By default, the set most communes were reviewed against: nâng cao (2 of 3).
    default = _page(coordinator)
    assert "nông thôn mới nâng cao" in default
    assert met_counts(default) == {"05560": "8", "05554": "9", "05570": ""}
    for query in ("?level=basic", f"?criteria_set={basic}"):
        html = _page(coordinator, query)
        assert "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025</strong>" in html
        # The same verdicts against the basic set: Phúc Chu's 8 met.
        assert met_counts(html) == {"05560": "", "05554": "", "05570": "8"}
    assert 'id="no-reviews"' in _page(coordinator, "?level=model")


def test_a_year_without_reviews_is_refused_on_the_form_and_changes_nothing(
    coordinator: User, phuc_chu_review: Review
) -> None:
    html = _page(coordinator, "?year=2023")
    assert re.search(r'class="errorlist">[^<]*2023', html)
    assert met_counts(html) == {"05560": "8"}
    assert met_counts(_page(coordinator, "?year=2024")) == {"05560": "8"}


def test_a_commune_officer_is_refused_the_province_page(
    officer: User, phuc_chu_review: Review, bao_linh_review: Review
) -> None:
    client = client_for(officer)
    for url in ("/tinh/19/", "/tinh/19/xuat.xlsx"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Bảo Linh" not in response.content.decode()


def test_a_coordinator_of_another_province_is_refused_and_sees_no_data(
    make_user: Callable[..., User],
    other_province: Unit,
    phuc_chu_review: Review,
    bao_linh_review: Review,
) -> None:
    stranger = make_user("langson.dieuphoi", Role.PROVINCE_COORDINATOR, other_province)
    client = client_for(stranger)
    for url in ("/tinh/19/", "/tinh/19/xuat.xlsx", "/tinh/19/?year=2024"):
        response = client.get(url)
        assert response.status_code == 403
        body = response.content.decode()
        assert "Phúc Chu" not in body and "05560" not in body and "Bảo Linh" not in body


def test_an_unknown_province_is_not_found_and_a_visitor_must_log_in(
    coordinator: User, phuc_chu_review: Review
) -> None:
    assert client_for(coordinator).get("/tinh/99/").status_code == 404
    response = client_for(coordinator).__class__().get("/tinh/19/")
    assert response.status_code == 302 and "/tinh/19/" in response["Location"]
