"""Fixtures of the province page: Bảo Linh's review (Phúc Chu's, with four verdicts changed
through the reading service), users of the province, and helpers to add communes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from django.contrib.auth.models import User

from ntm.core import Catalog
from ntm.core.io.review_files import read_review
from ntm.reviews.imports import review_store
from ntm.reviews.models import Reading, Review
from ntm.reviews.services import reading_record
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Role
from tests.web.conftest import EXAMPLE

#: Phúc Chu 2024 (the seed plan, nâng cao): the criteria met.
PHUC_CHU_MET = {3, 4, 7, 14, 15, 16, 18, 19}
#: Bảo Linh (the test's copy): 1 and 2 met, 3 not met, 5 without a verdict (undecided).
BAO_LINH_MET = {1, 2, 4, 7, 14, 15, 16, 18, 19}
BAO_LINH_UNDECIDED = {5}
NANG_CAO = "xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022"


def review_copy(actor: User, commune: Unit, *, criteria_set: str | None = None) -> Review:
    """Phúc Chu's 2024 review file stored as ``commune``'s (against ``criteria_set``)."""
    review_input, the_set = read_review(str(EXAMPLE / "review.yaml"), catalog=Catalog.shipped())
    code = criteria_set or the_set.code
    review_input = replace(
        review_input,
        commune=replace(review_input.commune, code=commune.code, name=commune.name),
        criteria_set=code,
    )
    return review_store(
        actor=actor, commune=commune, review_input=review_input, criteria_set_code=code
    )


def set_verdict(actor: User, review: Review, criterion: int, verdict: str) -> None:
    """Record the commune's verdict on a criterion ("" clears it) with the service."""
    current = Reading.objects.get(review=review, criterion=criterion, indicator="", current=True)
    reading_record(
        actor=actor,
        review=review,
        criterion=criterion,
        indicator="",
        cells={"verdict": verdict},
        base_id=current.pk,
    )


def add_commune(
    code: str, name: str, province: Unit, *, district: Unit | None = None, current: bool = False
) -> Unit:
    """A commune of ``province``: an old one of ``district`` (by default the fixtures'), or a
    current one (since the merger, under the province itself)."""
    if current:
        return Unit.objects.create(
            kind=UnitKind.COMMUNE,
            code=code,
            name=name,
            type_name="Xã",
            parent=province,
            province=province,
        )
    parent = district or Unit.objects.get(kind=UnitKind.DISTRICT, code=f"d{province.code}")
    return Unit.objects.create(
        kind=UnitKind.COMMUNE,
        code=code,
        name=name,
        type_name="Xã",
        parent=parent,
        province=province,
        valid_to=parent.valid_to,
    )


@pytest.fixture
def coordinator(make_user: Callable[..., User], province: Unit) -> User:
    return make_user("thainguyen.dieuphoi", Role.PROVINCE_COORDINATOR, province)


@pytest.fixture
def bao_linh_review(make_user: Callable[..., User], bao_linh: Unit) -> Review:
    officer = make_user("baolinh.ntm", Role.COMMUNE_OFFICER, bao_linh)
    review = review_copy(officer, bao_linh)
    set_verdict(officer, review, 1, "Đạt")
    set_verdict(officer, review, 2, "Đạt")
    set_verdict(officer, review, 3, "Chưa đạt")
    set_verdict(officer, review, 5, "")
    return review


def matrix_cells(html: str) -> dict[str, dict[int, tuple[str, str]]]:
    """Commune code → criterion → (CSS status, mark), read from the page's matrix."""
    rows: dict[str, dict[int, tuple[str, str]]] = {}
    for code, body in re.findall(
        r'<tr id="commune-\d+" data-code="([^"]+)">(.*?)</tr>', html, re.S
    ):
        rows[code] = {
            int(number): (status, mark)
            for status, number, mark in re.findall(
                r'<td class="status-(\w+)" title="[^"]*" data-criterion="(\d+)">([^<]*)</td>', body
            )
        }
    return rows


def met_counts(html: str) -> dict[str, str]:
    """Commune code → the number of criteria met, as shown."""
    return dict(
        re.findall(
            r'data-code="([^"]+)">.*?<td class="met-count"><strong>([^<]*)</strong>', html, re.S
        )
    )


def criterion_counts(html: str) -> dict[int, int]:
    """Criterion → the number of communes meeting it (the matrix's footer)."""
    footer = html[html.index('<tr id="counts">') :]
    footer = footer[: footer.index("</tr>")]
    return {
        int(number): int(count)
        for number, count in re.findall(
            r'<td data-criterion="(\d+)" title="[^"]*"><strong>(\d+)</strong>', footer
        )
    }


def hardest(html: str) -> list[int]:
    """The criteria listed as the hardest, in order."""
    section = html[html.index('<ol id="hardest">') :]
    section = section[: section.index("</ol>")]
    return [int(n) for n in re.findall(r'data-criterion="(\d+)"', section)]
