"""The revocation watch (issue 6, item 4): each change of a review applies the QĐ
18/2022/QĐ-TTg rule again to the commune's recognitions, warns on the dashboard and the
province's desk, and records the warning in the audit trail.

For 19 criteria (recognition-procedure.md §5): rule (a) revokes from 30% × 19 = 5.7, so 6
unmet with a named criterion (Thu nhập, Môi trường, Chất lượng môi trường sống, Quốc
phòng và an ninh…); rule (b) from 50% × 19 = 9.5, so 10 unmet whatever they are."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from ntm.audit.models import AuditEvent
from ntm.recognition.models import Recognition, RevocationWatch
from ntm.recognition.services import recognition_record
from ntm.recognition.watch import watch_recognition
from ntm.reviews.models import Review
from tests.web.conftest import client_for
from tests.web.recognition.conftest import verdicts

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognised(officer: User, coordinator: User, phuc_chu_review: Review) -> Recognition:
    """Phúc Chu recognised as NTM nâng cao for 2024, every criterion met."""
    verdicts(officer, phuc_chu_review, "Đạt")
    return recognition_record(
        actor=coordinator,
        commune=phuc_chu_review.commune,
        level="advanced",
        year=2024,
        criteria_set=phuc_chu_review.criteria_set,
        decision_number="12/QĐ-UBND",
        decision_date=datetime.date(2025, 1, 20),
        source="test",
    )


def watch_of(recognition: Recognition) -> tuple[str, list[int], int | None]:
    watch = RevocationWatch.objects.get(recognition=recognition)
    return watch.outcome, watch.unmet, watch.margin


def test_each_change_of_the_review_moves_the_watch(
    officer: User, coordinator: User, phuc_chu_review: Review, recognised: Recognition
) -> None:
    # All met: rule (b) needs 10 more, rule (a) 6 with a named one: 5 more may fail.
    assert watch_of(recognised) == ("kept", [], 5)
    dashboard = f"/xa/{phuc_chu_review.commune.url_key}/"
    assert 'id="revocation-warnings"' not in client_for(officer).get(dashboard).content.decode()

    # 4 unmet, none named: min(10 - 4, 6 - 4) - 1 = 1 more may fail. A warning.
    verdicts(officer, phuc_chu_review, "Chưa đạt", [1, 2, 3, 4])
    assert watch_of(recognised) == ("kept", [1, 2, 3, 4], 1)
    page = client_for(officer).get(dashboard).content.decode()
    assert 'id="revocation-warnings"' in page
    assert AuditEvent.objects.filter(action="recognition.watch").count() == 1

    # 5 unmet: min(10 - 5, max(6 - 5, 1)) - 1 = 0: one more named criterion revokes it.
    verdicts(officer, phuc_chu_review, "Chưa đạt", [5])
    assert watch_of(recognised) == ("kept", [1, 2, 3, 4, 5], 0)

    # 6 unmet with Môi trường (17): rule (a).
    verdicts(officer, phuc_chu_review, "Chưa đạt", [17])
    outcome, unmet, margin = watch_of(recognised)
    assert (outcome, unmet, margin) == ("revoked_with_named", [1, 2, 3, 4, 5, 17], None)
    assert RevocationWatch.objects.get().named_unmet == ["Môi trường"]
    # The province sees it on its desk.
    desk = client_for(coordinator).get("/tinh/19/ho-so/").content.decode()
    assert f'id="watch-{recognised.pk}"' in desk and 'data-outcome="revoked_with_named"' in desk

    # Criterion 17 met again: kept, no margin left.
    verdicts(officer, phuc_chu_review, "Đạt", [17])
    assert watch_of(recognised) == ("kept", [1, 2, 3, 4, 5], 0)
    assert AuditEvent.objects.filter(action="recognition.watch").count() == 4


def test_six_unmet_without_a_named_criterion_keep_the_recognition_and_ten_revoke_it(
    officer: User, phuc_chu_review: Review, recognised: Recognition
) -> None:
    verdicts(officer, phuc_chu_review, "Chưa đạt", [1, 2, 3, 4, 5, 6])
    assert watch_of(recognised) == ("kept", [1, 2, 3, 4, 5, 6], 0)
    verdicts(officer, phuc_chu_review, "Chưa đạt", [7, 8, 9])
    # 9 unmet, none named: 9 < 10, kept; one more of anything revokes it.
    assert watch_of(recognised)[0::2] == ("kept", 0)
    verdicts(officer, phuc_chu_review, "Chưa đạt", [11])
    assert watch_of(recognised)[0] == "revoked_by_share"


def test_a_review_of_another_level_does_not_move_the_watch(
    officer: User, phuc_chu: object, recognised: Recognition
) -> None:
    from ntm.reviews.models import Review as ReviewModel

    basic = ReviewModel.objects.create(commune=phuc_chu, year=2025, criteria_set="xa-ntm-2021-2025")
    verdicts(officer, basic, "Chưa đạt", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert watch_of(recognised) == ("kept", [], 5)
    # Applied again on purpose: the nâng cao recognition is watched with the nâng cao
    # review (2024), never with the basic one of 2025, though it is later.
    watch = watch_recognition(recognised)
    assert watch is not None and watch.review_id != basic.pk
    assert watch_of(recognised) == ("kept", [], 5)


def test_next_years_review_lists_the_recognition_among_the_levels_held(
    officer: User, phuc_chu_review: Review, recognised: Recognition
) -> None:
    from ntm.reviews.services import review_carry_forward

    new = review_carry_forward(actor=officer, review=phuc_chu_review, year=2025)
    new.refresh_from_db()
    # The seed lists xã NTM held since 2018; the 2024 nâng cao recognition joins it.
    assert new.recognitions == [
        {"level": "basic", "year": 2018},
        {"level": "advanced", "year": 2024},
    ]
    # The watch follows the latest review of the level: 2025's, all 19 still met.
    assert watch_of(recognised) == ("kept", [], 5)
    assert RevocationWatch.objects.get(recognition=recognised).review_id == new.pk


def test_the_warning_says_which_failures_would_revoke(
    officer: User, phuc_chu_review: Review, recognised: Recognition
) -> None:
    from django.utils import translation

    from ntm.recognition.presenters import watch_message

    verdicts(officer, phuc_chu_review, "Chưa đạt", [1, 2, 3, 4])
    watch = RevocationWatch.objects.select_related("recognition").get()
    with translation.override("en"):
        # 4 of 19 unmet: 2 more with a named one reach 6 (rule a); without one, 6 more
        # reach 10 (rule b).
        assert watch_message(watch) == (
            "The recognition as advanced new rural commune (2024) is kept; 2 more criteria "
            "not met would revoke it if one of them is: Thu nhập, Môi trường, Chất lượng môi "
            "trường sống, Quốc phòng và an ninh; otherwise 6 more."
        )
    verdicts(officer, phuc_chu_review, "Chưa đạt", [10])
    watch.refresh_from_db()
    with translation.override("en"):
        # 5 unmet with Thu nhập: any sixth revokes.
        assert watch_message(watch) == (
            "The recognition as advanced new rural commune (2024) is kept; Thu nhập is no "
            "longer met, so 1 more criterion not met, whatever it is, would revoke it."
        )
