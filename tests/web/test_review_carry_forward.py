"""Starting next year's review from this year's: the readings copied, the earlier review
untouched, and the refusals."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from ntm.reviews.models import Reading, Review
from ntm.reviews.services import ReadingRefused, review_carry_forward
from ntm.users.models import Role

pytestmark = pytest.mark.django_db


def test_the_readings_are_copied_and_the_earlier_review_kept(
    officer: User, phuc_chu_review: Review
) -> None:
    before = list(
        Reading.objects.filter(review=phuc_chu_review, current=True).values_list(
            "criterion", "indicator", "verdict", "source"
        )
    )
    # The seed states a verdict for each of the 19 criteria.
    assert len(before) == 19
    new = review_carry_forward(
        actor=officer,
        review=phuc_chu_review,
        year=2025,
        recognitions=[{"level": "basic", "year": 2018}, {"level": "advanced", "year": 2024}],
    )
    copied = list(
        Reading.objects.filter(review=new, current=True).values_list(
            "criterion", "indicator", "verdict", "source"
        )
    )
    assert sorted(copied) == sorted(before)
    assert all(
        "2024" in note for note in Reading.objects.filter(review=new).values_list("note", flat=True)
    )
    assert new.recognitions[-1] == {"level": "advanced", "year": 2024}
    assert Reading.objects.filter(review=phuc_chu_review, current=True).count() == 19


def test_refusals(
    officer: User, phuc_chu_review: Review, make_user: object, phuc_chu: object
) -> None:
    with pytest.raises(ReadingRefused):
        review_carry_forward(actor=officer, review=phuc_chu_review, year=2024)
    review_carry_forward(actor=officer, review=phuc_chu_review, year=2025)
    with pytest.raises(ReadingRefused):
        review_carry_forward(actor=officer, review=phuc_chu_review, year=2025)
    viewer = make_user("phucchu.xem", Role.VIEWER, phuc_chu)  # type: ignore[operator]
    with pytest.raises(PermissionDenied):
        review_carry_forward(actor=viewer, review=phuc_chu_review, year=2026)


def test_the_dashboard_button_starts_next_years_review(
    officer: User, phuc_chu_review: Review
) -> None:
    from tests.web.conftest import client_for

    code = phuc_chu_review.commune.url_key
    response = client_for(officer).post(f"/xa/{code}/2024/nam-sau/", follow=True)
    assert response.status_code == 200
    # The dashboard now shows 2025's review, started from 2024's 19 verdicts.
    new = Review.objects.get(year=2025)
    assert new.readings.filter(current=True).count() == 19
    assert 'id="carry-forward"' in response.content.decode()
    assert "2026" in response.content.decode().split('id="carry-forward"')[1][:600]
