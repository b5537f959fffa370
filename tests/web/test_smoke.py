"""The commune dashboard shows the Phúc Chu review: 8 of 19 nâng cao criteria met."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.auth.models import User

from ntm.reviews.models import Review
from ntm.territories.models import Unit
from ntm.users.models import Role
from tests.web.conftest import client_for


def test_the_officer_sees_8_of_19(officer: User, phuc_chu_review: Review) -> None:
    response = client_for(officer).get("/xa/05560/")
    assert response.status_code == 200
    headline = re.search(r'id="headline">([^<]*)<', response.content.decode())
    assert "8/19" in (headline.group(1) if headline else "")


def test_the_coordinator_home_lists_the_communes_that_ended_in_the_merger(
    phuc_chu_review: Review, province: Unit, make_user: Callable[..., User]
) -> None:
    coordinator = make_user("coordinator", Role.PROVINCE_COORDINATOR, province)
    html = client_for(coordinator).get("/").content.decode()
    # Phúc Chu ended on 1 July 2025; its 2024 review is reached from the province's list.
    assert '<a href="/xa/05560~20250701/">Xã Phúc Chu</a>' in html
