"""Fixtures of the register tests: Phúc Chu's two hamlets and the hand-made register of
``tests/core/households/conftest.py`` placed in them (X1 → 05560-01, X2 → 05560-02)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from django.contrib.auth.models import User

from ntm.core.households.register import Register
from ntm.territories.models import Unit
from ntm.users.models import Role
from tests.core.households.conftest import HOUSEHOLDS, PERSONS, REFERENCE

HAMLET_CODES = {"X1": "05560-01", "X2": "05560-02"}


def hand_register(**changes: object) -> Register:
    """The six households and fifteen persons worked out by hand, in Phúc Chu's hamlets."""
    households = tuple(
        replace(household, hamlet=HAMLET_CODES[household.hamlet]) for household in HOUSEHOLDS
    )
    values: dict[str, object] = {
        "households": households,
        "persons": PERSONS,
        "reference_date": REFERENCE,
        "source": "danh sách rà soát hộ của xã",
    }
    values.update(changes)
    return Register(**values)  # type: ignore[arg-type]


@pytest.fixture
def official(make_user: Callable[..., User], phuc_chu: Unit) -> User:
    return make_user("phucchu.vanhoa", Role.COMMUNE_OFFICIAL, phuc_chu, criteria=[12, 14])


@pytest.fixture
def hamlet_head(make_user: Callable[..., User], hamlets: list[Unit]) -> User:
    return make_user("xom1.truong", Role.HAMLET_HEAD, hamlets[0])


@pytest.fixture
def coordinator(make_user: Callable[..., User], province: Unit) -> User:
    return make_user("thainguyen.dieuphoi", Role.PROVINCE_COORDINATOR, province)
