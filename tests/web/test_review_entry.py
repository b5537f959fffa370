"""Review entry: readings kept as history, values the indicator cannot take refused on the
form, stale forms refused, submission locks, the province reopens."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from ntm.audit.models import AuditEvent
from ntm.reviews.models import Reading, Review, ReviewStatus
from ntm.territories.models import Unit
from ntm.users.models import Role
from tests.web.conftest import client_for

SAVE = "/xa/05560/2024/tieu-chi/{number}/ghi/"


def _error(response: object) -> str:
    match = re.search(r'id="reading-error">([^<]*)<', response.content.decode())  # type: ignore[attr-defined]
    return "" if match is None else match.group(1)


@pytest.mark.parametrize(
    ("number", "fields", "message"),
    [
        (14, {"indicator": "14.1", "value": "120"}, "không phải là tỷ lệ phần trăm từ 0 đến 100"),
        (14, {"indicator": "14.1", "value": "-3"}, "không phải là tỷ lệ phần trăm từ 0 đến 100"),
        (14, {"indicator": "14.1", "value": "nhiều"}, "không phải là số"),
        (14, {"indicator": "14.1", "numerator": "-5", "denominator": "100"}, "là số âm"),
        (14, {"indicator": "14.1", "numerator": "120", "denominator": "100"}, "lớn hơn mẫu số"),
        (9, {"indicator": "14.1", "value": "90"}, "thuộc tiêu chí 14"),
    ],
)
def test_a_value_the_indicator_cannot_take_is_refused_on_the_form(
    officer: User, phuc_chu_review: Review, number: int, fields: dict[str, str], message: str
) -> None:
    before = (Reading.objects.count(), AuditEvent.objects.count())
    response = client_for(officer).post(SAVE.format(number=number), {"base": "", **fields})
    assert response.status_code == 422
    assert message in _error(response).replace("&#x27;", "'")
    assert (Reading.objects.count(), AuditEvent.objects.count()) == before


def test_a_decimal_comma_is_accepted_and_kept_as_typed(
    officer: User, phuc_chu_review: Review
) -> None:
    response = client_for(officer).post(
        SAVE.format(number=14), {"indicator": "14.1", "value": "92,5", "base": ""}
    )
    assert response.status_code == 200, _error(response)
    reading = Reading.objects.get(review=phuc_chu_review, indicator="14.1", current=True)
    assert reading.value == "92,5"


def test_a_new_reading_keeps_the_old_one_in_the_history(
    officer: User, phuc_chu_review: Review
) -> None:
    client = client_for(officer)
    client.post(SAVE.format(number=14), {"indicator": "14.1", "value": "90", "base": ""})
    first = Reading.objects.get(review=phuc_chu_review, indicator="14.1", current=True)
    client.post(SAVE.format(number=14), {"indicator": "14.1", "value": "96", "base": str(first.pk)})
    readings = Reading.objects.filter(review=phuc_chu_review, indicator="14.1").order_by("id")
    assert [(r.value, r.current) for r in readings] == [("90", False), ("96", True)]
    assert readings[1].supersedes_id == first.pk
    last = AuditEvent.objects.filter(action="reading.record").order_by("-id")[:1]
    assert [(e.before, e.after) for e in last] == [({"value": "90"}, {"value": "96"})]


def test_a_stale_form_is_refused_not_written_over(
    officer: User, phuc_chu_review: Review, make_user: Callable[..., User], phuc_chu: Unit
) -> None:
    colleague = make_user("colleague", Role.COMMUNE_OFFICER, phuc_chu)
    client_for(officer).post(
        SAVE.format(number=14), {"indicator": "14.1", "value": "90", "base": ""}
    )
    opened = Reading.objects.get(indicator="14.1", current=True)
    client_for(colleague).post(
        SAVE.format(number=14), {"indicator": "14.1", "value": "93", "base": str(opened.pk)}
    )
    response = client_for(officer).post(
        SAVE.format(number=14), {"indicator": "14.1", "value": "91", "base": str(opened.pk)}
    )
    assert response.status_code == 422
    assert "Người khác đã sửa số liệu này" in _error(response)
    assert Reading.objects.get(indicator="14.1", current=True).value == "93"


def test_an_official_enters_only_the_criteria_assigned(
    phuc_chu_review: Review, make_user: Callable[..., User], phuc_chu: Unit
) -> None:
    official = make_user(
        "vanhoa",
        Role.COMMUNE_OFFICIAL,
        phuc_chu,
        position="cong-chuc-van-hoa-xa-hoi",
        criteria=[12],
    )
    client = client_for(official)
    assert (
        client.post(SAVE.format(number=14), {"indicator": "14.1", "value": "90"}).status_code == 403
    )
    response = client.post(SAVE.format(number=12), {"indicator": "12.1", "value": "70"})
    assert response.status_code in (200, 422)
    assert not Reading.objects.filter(indicator="14.1").exists()


def test_submission_locks_and_only_the_province_reopens(
    officer: User, phuc_chu_review: Review, make_user: Callable[..., User], province: Unit
) -> None:
    client = client_for(officer)
    assert client.post("/xa/05560/2024/nop/").status_code == 302
    phuc_chu_review.refresh_from_db()
    assert phuc_chu_review.status == ReviewStatus.SUBMITTED
    response = client.post(SAVE.format(number=14), {"indicator": "14.1", "value": "90", "base": ""})
    assert response.status_code == 422
    assert client.post("/xa/05560/2024/mo-lai/").status_code == 403
    coordinator = make_user("coordinator", Role.PROVINCE_COORDINATOR, province)
    assert client_for(coordinator).post("/xa/05560/2024/mo-lai/").status_code == 302
    phuc_chu_review.refresh_from_db()
    assert phuc_chu_review.status == ReviewStatus.DRAFT
    assert list(
        AuditEvent.objects.filter(action__startswith="review.")
        .values_list("action", flat=True)
        .order_by("id")
    ) == [
        "review.import",
        "review.submit",
        "review.reopen",
    ]


def test_an_incomplete_review_cannot_be_submitted(officer: User, phuc_chu: Unit) -> None:
    Review.objects.create(
        commune=phuc_chu, year=2025, criteria_set="xa-ntm-nang-cao-2021-2025", region="TDMNPB"
    )
    response = client_for(officer).post("/xa/05560/2025/nop/", follow=True)
    assert Review.objects.get(year=2025).status == ReviewStatus.DRAFT
    text = response.content.decode()
    assert "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19" in text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("96", "Đạt (tạm tính)"),  # 14.1 ≥ 95% (QĐ 318, not yet verified: provisional)
        ("92,5", "còn thiếu 2,5%"),
        ("120", "không phải là tỷ lệ phần trăm từ 0 đến 100"),
    ],
)
def test_the_result_is_previewed_as_the_officer_types_and_nothing_is_stored(
    officer: User, phuc_chu_review: Review, value: str, shown: str
) -> None:
    before = (Reading.objects.count(), AuditEvent.objects.count())
    response = client_for(officer).post(
        "/xa/05560/2024/tieu-chi/14/xem-truoc/", {"indicator": "14.1", "value": value}
    )
    assert response.status_code == 200
    assert shown in response.content.decode().replace("&#x27;", "'")
    assert (Reading.objects.count(), AuditEvent.objects.count()) == before


def test_a_web_edit_keeps_the_stated_verdict_and_note_it_does_not_show(
    officer: User, phuc_chu_review: Review
) -> None:
    """The commune's stated verdict on 14.1 (from its self-assessment table) is not on the
    entry form: a new value keeps it rather than blanking it."""
    from ntm.reviews.services import reading_record

    reading_record(
        actor=officer,
        review=phuc_chu_review,
        criterion=14,
        indicator="14.1",
        cells={"value": "90", "verdict": "Đạt", "note": "theo BHXH huyện"},
        base_id=None,
    )
    first = Reading.objects.get(indicator="14.1", current=True)
    client_for(officer).post(
        SAVE.format(number=14),
        {"indicator": "14.1", "value": "96", "source": "", "base": str(first.pk)},
    )
    now = Reading.objects.get(indicator="14.1", current=True)
    assert (now.value, now.verdict, now.note) == ("96", "Đạt", "theo BHXH huyện")


def test_a_commune_role_held_at_a_province_gives_nothing_in_its_communes(
    phuc_chu_review: Review, make_user: Callable[..., User], province: Unit
) -> None:
    misplaced = make_user("misplaced", Role.COMMUNE_OFFICER, province)
    assert client_for(misplaced).get("/xa/05560/").status_code == 403


def test_a_base_that_is_not_an_ascii_number_is_not_a_server_error(
    officer: User, phuc_chu_review: Review
) -> None:
    response = client_for(officer).post(
        SAVE.format(number=14), {"indicator": "14.1", "value": "90", "base": "²"}
    )
    assert response.status_code in (200, 422)
