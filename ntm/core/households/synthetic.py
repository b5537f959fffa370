"""A made-up household register for demos and tests: plausible, reproducible, and marked.

The shares are round figures of the order seen in commune reports of a northern midland
commune, not statistics: about 55% kiên cố and 35% bán kiên cố houses, 4% poor and 6%
near-poor households, most people insured, most workers trained. Poor households are less
often equipped (water, latrine, waste sorting) and always insured (the State pays their
BHYT). A few workers hold a certificate without the "trained" flag, and about 1% of the
households carry a class from an earlier review, so that every rule has something to do.

The register is ``synthetic=True`` and its source says so: never show it as a commune's
figures.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TypeVar

from ntm.core.households.register import (
    Certificate,
    Household,
    HouseStructure,
    Person,
    PovertyClass,
    Register,
    Sex,
)

__all__ = ["synthetic_register"]

_T = TypeVar("_T")

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương")
_MIDDLE = {Sex.MALE: ("Văn", "Đức", "Minh", "Quang", "Hữu"), Sex.FEMALE: ("Thị", "Thu", "Ngọc")}
_GIVEN = {
    Sex.MALE: ("Hùng", "Dũng", "Thắng", "Tuấn", "Long", "Sơn", "Hải", "Quý", "Bảo", "Khánh"),
    Sex.FEMALE: ("Hoa", "Lan", "Hương", "Thảo", "Nga", "Yến", "Hạnh", "Liên", "Mai", "Thủy"),
}
_MEMBERS = ((1, 8), (2, 18), (3, 20), (4, 28), (5, 15), (6, 7), (7, 4))
_STRUCTURES = (
    (HouseStructure.PERMANENT, 55),
    (HouseStructure.SEMI_PERMANENT, 35),
    (HouseStructure.LESS_PERMANENT, 7),
    (HouseStructure.SIMPLE, 3),
)
_POVERTY = ((PovertyClass.POOR, 4), (PovertyClass.NEAR_POOR, 6), (PovertyClass.AVERAGE, 12))
_CERTIFICATES = (
    (Certificate.NONE, 20),
    (Certificate.SHORT_COURSE, 25),
    (Certificate.ELEMENTARY, 15),
    (Certificate.INTERMEDIATE, 15),
    (Certificate.COLLEGE, 10),
    (Certificate.UNIVERSITY, 13),
    (Certificate.POSTGRADUATE, 2),
)


def _pick(generator: random.Random, table: Sequence[tuple[_T, int]]) -> _T:
    values = [value for value, _ in table]
    weights = [weight for _, weight in table]
    return generator.choices(values, weights)[0]


def _name(generator: random.Random, sex: Sex) -> str:
    parts = (
        generator.choice(_FAMILY),
        generator.choice(_MIDDLE[sex]),
        generator.choice(_GIVEN[sex]),
    )
    return unicodedata.normalize("NFC", " ".join(parts))


def _person(
    generator: random.Random, household: str, *, born: int, age: int, sex: Sex, poor: bool
) -> Person:
    if 15 <= age <= 64:
        working = generator.random() < 0.85
    else:
        working = age > 64 and generator.random() < 0.25
    trained = working and generator.random() < 0.7
    certificate = _pick(generator, _CERTIFICATES) if trained else Certificate.NONE
    if working and not trained and generator.random() < 0.04:
        certificate = Certificate.INTERMEDIATE  # certificate held, flag not ticked
    insured = poor or generator.random() < 0.93
    return Person(household, born, sex, working, trained, certificate, insured)


def _age(generator: random.Random, *, head: bool) -> int:
    if head:
        return generator.randint(24, 82)
    band = generator.random()
    if band < 0.3:
        return generator.randint(0, 14)
    if band < 0.85:
        return generator.randint(15, 59)
    return generator.randint(60, 90)


_REFERENCE = date(2024, 12, 31)


def synthetic_register(
    commune_code: str,
    *,
    households: int,
    seed: int,
    hamlets: int | Sequence[str] = 8,
    reference_date: date = _REFERENCE,
) -> Register:
    """A register of made-up households and their members, the same for the same seed.

    Args:
        commune_code: the commune's official code; used in household and hamlet codes.
        households: how many households.
        seed: the random seed: the same arguments give the same register.
        hamlets: how many hamlets (codes ``<commune>-01`` …), or their codes.
        reference_date: the register's date; ages and review years count from its year.

    Returns:
        A register with ``synthetic=True``, one person row per member.
    """
    generator = random.Random(f"{commune_code}:{seed}")
    codes = (
        tuple(f"{commune_code}-{number:02d}" for number in range(1, hamlets + 1))
        if isinstance(hamlets, int)
        else tuple(hamlets)
    )
    # Hamlets differ in size: one weight per hamlet, from the same generator.
    weights = [generator.randint(5, 15) for _ in codes]
    year = reference_date.year
    rows: list[Household] = []
    persons: list[Person] = []
    for number in range(1, households + 1):
        hamlet = generator.choices(codes, weights)[0]
        code = f"{hamlet}-{number:05d}"
        members = _pick(generator, _MEMBERS)
        structure = _pick(generator, _STRUCTURES)
        poverty = PovertyClass.NONE
        band = generator.random() * 100
        for value, weight in _POVERTY:
            if band < weight:
                poverty = value
                break
            band -= weight
        poor = poverty in (PovertyClass.POOR, PovertyClass.NEAR_POOR)
        equipped = 0.75 if poor else 1.0
        head_sex = Sex.MALE if generator.random() < 0.8 else Sex.FEMALE
        area = Decimal(generator.randint(40, 90) + 12 * members) / 2  # to 0.5 m²
        rows.append(
            Household(
                code=code,
                hamlet=hamlet,
                head_name=_name(generator, head_sex),
                members=members,
                structure=structure,
                floor_area=area,
                poverty_class=poverty,
                poverty_year=year - 1 if generator.random() < 0.01 else year,
                clean_water=generator.random() < 0.8 * equipped,
                sanitary_latrine=generator.random() < 0.88 * equipped,
                waste_sorted=generator.random() < 0.65 * equipped,
            )
        )
        for index in range(members):
            sex = head_sex if index == 0 else generator.choice((Sex.MALE, Sex.FEMALE))
            age = _age(generator, head=index == 0)
            persons.append(
                _person(
                    generator,
                    code,
                    born=year - age,
                    age=age,
                    sex=sex,
                    poor=poverty is PovertyClass.POOR,
                )
            )
    return Register(
        households=tuple(rows),
        persons=tuple(persons),
        reference_date=reference_date,
        source=f"synthetic register of {commune_code}, seed {seed}",
        synthetic=True,
    )
