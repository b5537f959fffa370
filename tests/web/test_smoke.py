"""The commune dashboard shows the Phúc Chu review: 8 of 19 nâng cao criteria met."""

from __future__ import annotations

import re

from django.contrib.auth.models import User

from ntm.reviews.models import Review
from tests.web.conftest import client_for


def test_the_officer_sees_8_of_19(officer: User, phuc_chu_review: Review) -> None:
    response = client_for(officer).get("/xa/05560/")
    assert response.status_code == 200
    headline = re.search(r'id="headline">([^<]*)<', response.content.decode())
    assert "8/19" in (headline.group(1) if headline else "")
