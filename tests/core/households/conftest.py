"""A small register whose figures are worked out by hand in the tests.

Reference date 31/12/2024. Two hamlets, six households, fifteen persons:

=====  ======  ===============  ==========  ====  =====  ========  =====  ====================
code   hamlet  structure        poverty     year  water  latrine   waste  members (persons)
=====  ======  ===============  ==========  ====  =====  ========  =====  ====================
H1     X1      permanent        poor        2024  yes    yes       yes    3 (p1-p3)
H2     X1      semi-permanent   none        2024  yes    no        yes    2 (p4-p5)
H3     X1      simple           near-poor   2024  no     no        no     3 (p6-p8)
H4     X2      less-permanent   none        2023  yes    yes       no     2 (p9-p10)
H5     X2      permanent        average     2024  yes    yes       yes    3 (p11-p13)
H6     X2      permanent        near-poor   2024  no     yes       no     2 (p14-p15)
=====  ======  ===============  ==========  ====  =====  ========  =====  ====================
"""

from datetime import date
from decimal import Decimal

import pytest

from ntm.core.households.register import (
    Certificate,
    Household,
    HouseStructure,
    Person,
    PovertyClass,
    Register,
    Sex,
)

C = Certificate
M, F = Sex.MALE, Sex.FEMALE
REFERENCE = date(2024, 12, 31)


def household(
    code: str,
    hamlet: str,
    structure: HouseStructure,
    poverty: PovertyClass,
    year: int,
    water: bool,
    latrine: bool,
    waste: bool,
    members: int,
) -> Household:
    return Household(
        code=code,
        hamlet=hamlet,
        head_name=f"Nguyễn Văn {code}",
        members=members,
        structure=structure,
        floor_area=Decimal("45.5"),
        poverty_class=poverty,
        poverty_year=year,
        clean_water=water,
        sanitary_latrine=latrine,
        waste_sorted=waste,
    )


HOUSEHOLDS = (
    household("H1", "X1", HouseStructure.PERMANENT, PovertyClass.POOR, 2024, True, True, True, 3),
    household(
        "H2", "X1", HouseStructure.SEMI_PERMANENT, PovertyClass.NONE, 2024, True, False, True, 2
    ),
    household(
        "H3", "X1", HouseStructure.SIMPLE, PovertyClass.NEAR_POOR, 2024, False, False, False, 3
    ),
    household(
        "H4", "X2", HouseStructure.LESS_PERMANENT, PovertyClass.NONE, 2023, True, True, False, 2
    ),
    household(
        "H5", "X2", HouseStructure.PERMANENT, PovertyClass.AVERAGE, 2024, True, True, True, 3
    ),
    household(
        "H6", "X2", HouseStructure.PERMANENT, PovertyClass.NEAR_POOR, 2024, False, True, False, 2
    ),
)

# household, born, sex, working, trained flag, certificate, insured  -- age in 2024; role
PERSONS = (
    Person("H1", 1970, M, True, True, C.NONE, True),  # p1 54: worker, trained (flag)
    Person("H1", 1972, F, True, False, C.NONE, True),  # p2 52: worker, untrained
    Person("H1", 2015, F, False, False, C.NONE, True),  # p3 9: child
    Person(
        "H2", 1964, M, True, False, C.UNIVERSITY, False
    ),  # p4 60: worker (at male max), trained by certificate, diploma
    Person("H2", 1968, F, True, True, C.ELEMENTARY, True),  # p5 56: above female max 55
    Person("H3", 2009, M, True, False, C.NONE, True),  # p6 15: worker (at min), untrained
    Person("H3", 1990, F, True, True, C.SHORT_COURSE, False),  # p7 34: worker, trained, no diploma
    Person("H3", 1995, M, False, True, C.COLLEGE, True),  # p8 29: not working
    Person("H4", 1963, M, True, True, C.INTERMEDIATE, True),  # p9 61: above male max 60
    Person("H4", 2010, F, True, False, C.NONE, True),  # p10 14: below min
    Person("H5", 1985, M, True, True, C.INTERMEDIATE, True),  # p11 39: worker, trained, diploma
    Person("H5", 1987, F, True, True, C.COLLEGE, True),  # p12 37: worker, trained, diploma
    Person("H5", 2018, M, False, False, C.NONE, False),  # p13 6: child
    Person("H6", 1969, F, True, False, C.NONE, True),  # p14 55: worker (at female max), untrained
    Person(
        "H6", 1980, M, True, False, C.SHORT_COURSE, True
    ),  # p15 44: worker, trained by short course
)


@pytest.fixture
def small_register() -> Register:
    return Register(HOUSEHOLDS, PERSONS, REFERENCE, source="hand-made test register")
