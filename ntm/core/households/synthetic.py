"""A made-up household register for demos and tests: plausible, reproducible, and marked.

The shares are round figures of the order seen in commune reports of a northern midland
commune, not statistics: about 55% kiên cố and 35% bán kiên cố houses, 4% poor and 6%
near-poor households, most people insured, most workers trained. Poor households are less
often equipped (water, latrine, waste sorting) and always insured (the State pays their
BHYT). A few workers hold a certificate without the "trained" flag, and about 1% of the
households carry a class from an earlier review, so that every rule has something to do.

The register is ``synthetic=True`` and its source says so: never show it as a commune's
figures.

:func:`synthetic_province` draws the same distributions for many communes at once, with
numpy and straight into columns (:class:`~ntm.core.households.columns.RegisterColumns`),
for benchmarks at province scale: 600,000 households in about a second.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from ntm.core.households.columns import (
    HouseholdColumns,
    PersonColumns,
    RegisterColumns,
    code_of,
)
from ntm.core.households.register import (
    Certificate,
    Household,
    HouseStructure,
    Person,
    PovertyClass,
    Register,
    Sex,
)

__all__ = ["synthetic_province", "synthetic_register"]

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
        source=f"sổ hộ giả lập (synthetic) của mã xã {commune_code}, seed {seed}",
        synthetic=True,
    )


#: Members per household at province scale: the shape of :data:`_MEMBERS` moved up by
#: about one in ten households, for the 4 persons a household of the issue's figures
#: (600,000 households, 2.4 million persons); the mean is 4.01.
_PROVINCE_MEMBERS = ((1, 5), (2, 13), (3, 18), (4, 28), (5, 19), (6, 10), (7, 7))


def _draw(
    generator: np.random.Generator, table: Sequence[tuple[int, int]], size: int
) -> NDArray[np.int8]:
    """``size`` values drawn from ``(value, weight)`` pairs."""
    values = np.array([value for value, _ in table], dtype=np.int8)
    weights = np.cumsum([weight for _, weight in table], dtype=np.float64)
    picks = np.searchsorted(weights / weights[-1], generator.random(size), side="right")
    return values[picks]


def _chance(generator: np.random.Generator, probability: Any) -> NDArray[np.bool_]:
    """One ``True`` (with that probability) or ``False`` per entry of ``probability``."""
    chances = np.asarray(probability, dtype=np.float64)
    drawn: NDArray[np.bool_] = generator.random(chances.shape) < chances
    return drawn


def synthetic_province(
    *,
    communes: int,
    households: int,
    seed: int,
    hamlets_per_commune: int = 15,
    reference_date: date = _REFERENCE,
) -> RegisterColumns:
    """Made-up registers of a whole province, as columns, the same for the same seed.

    The distributions are those of :func:`synthetic_register` (house classes, poverty
    bands, equipment, ages, work, training, certificates, insurance, hamlets of unequal
    size), drawn with a numpy generator, except the household size, about 4 members
    (:data:`_PROVINCE_MEMBERS`). The households are split evenly between the communes
    (the first ones get one more when it does not divide), each commune's among its
    hamlets by weights drawn from 5 to 15.

    Args:
        communes: how many communes (codes ``S0001`` …: not official codes).
        households: how many households in all.
        seed: the seed of ``numpy.random.default_rng``.
        hamlets_per_commune: hamlets of each commune (codes ``S0001-01`` …).
        reference_date: the registers' date; ages and review years count from its year.

    Returns:
        Columns with a commune column, ``synthetic=True`` and a source that says so;
        household codes ``<hamlet>-<number in the commune, 5 digits>``. 600,000
        households give about 2.4 million persons.

    Raises:
        ValueError: ``communes`` or ``hamlets_per_commune`` is below 1, or ``households``
            below 0.
    """
    if communes < 1 or hamlets_per_commune < 1 or households < 0:
        raise ValueError("communes and hamlets_per_commune must be at least 1, households 0")
    generator = np.random.default_rng(seed)
    year = reference_date.year
    commune_codes = tuple(f"S{number:04d}" for number in range(1, communes + 1))
    hamlet_codes = tuple(
        f"{commune}-{number:02d}"
        for commune in commune_codes
        for number in range(1, hamlets_per_commune + 1)
    )
    per_commune = np.full(communes, households // communes, dtype=np.int64)
    per_commune[: households % communes] += 1
    commune = np.repeat(np.arange(communes, dtype=np.int32), per_commune)
    # Each commune's hamlet shares, laid end to end: commune c's cumulative shares run
    # from c to c + 1, so one search finds the hamlet of every household.
    weights = generator.integers(5, 16, size=(communes, hamlets_per_commune)).astype(np.float64)
    shares = np.cumsum(weights, axis=1) / weights.sum(axis=1, keepdims=True)
    bounds = (shares + np.arange(communes)[:, None]).ravel()
    bounds[hamlets_per_commune - 1 :: hamlets_per_commune] = np.arange(1, communes + 1)
    hamlet = np.searchsorted(bounds, commune + generator.random(households), side="right").astype(
        np.int32
    )

    members = _draw(generator, _PROVINCE_MEMBERS, households)
    structure = _draw(
        generator, [(code_of(value), weight) for value, weight in _STRUCTURES], households
    )
    poverty_bands = np.cumsum([weight for _, weight in _POVERTY])
    poverty_order = [code_of(value) for value, _ in _POVERTY] + [code_of(PovertyClass.NONE)]
    poverty = np.array(poverty_order, dtype=np.int8)[
        np.searchsorted(poverty_bands, generator.random(households) * 100, side="right")
    ]
    poor_codes = [code_of(PovertyClass.POOR), code_of(PovertyClass.NEAR_POOR)]
    equipped = np.where(np.isin(poverty, poor_codes), 0.75, 1.0)
    head_male = _chance(generator, np.full(households, 0.8))
    poverty_year = np.where(_chance(generator, np.full(households, 0.01)), year - 1, year)
    clean_water = _chance(generator, 0.8 * equipped)
    sanitary_latrine = _chance(generator, 0.88 * equipped)
    waste_sorted = _chance(generator, 0.65 * equipped)

    numbers = np.arange(households, dtype=np.int64) - np.repeat(
        np.cumsum(per_commune) - per_commune, per_commune
    )
    text = np.dtypes.StringDType()
    code = np.strings.add(
        np.strings.add(np.array(hamlet_codes, dtype=text)[hamlet], "-"),
        np.strings.zfill((numbers + 1).astype(text), 5),
    ).astype(object)

    persons = int(members.sum(dtype=np.int64))
    household = np.repeat(np.arange(households, dtype=np.int32), members)
    head = np.zeros(persons, dtype=np.bool_)
    head[np.cumsum(members, dtype=np.int64)[:-1]] = True
    if persons:
        head[0] = True
    male = np.where(head, head_male[household], _chance(generator, np.full(persons, 0.5)))
    # Ages: a head from 24 to 82; another member 0-14 (30%), 15-59 (55%) or 60-90.
    band = generator.random(persons)
    low = np.where(head, 24, np.where(band < 0.3, 0, np.where(band < 0.85, 15, 60)))
    high = np.where(head, 82, np.where(band < 0.3, 14, np.where(band < 0.85, 59, 90)))
    age = low + np.floor(generator.random(persons) * (high - low + 1)).astype(np.int64)
    work_chance = np.where((age >= 15) & (age <= 64), 0.85, np.where(age > 64, 0.25, 0.0))
    working = _chance(generator, work_chance)
    trained = working & _chance(generator, np.full(persons, 0.7))
    drawn = _draw(generator, [(code_of(value), weight) for value, weight in _CERTIFICATES], persons)
    certificate = np.where(trained, drawn, code_of(Certificate.NONE)).astype(np.int8)
    unflagged = working & ~trained & _chance(generator, np.full(persons, 0.04))
    certificate[unflagged] = code_of(Certificate.INTERMEDIATE)  # held, flag not ticked
    poor_person = poverty[household] == code_of(PovertyClass.POOR)
    insured = poor_person | _chance(generator, np.full(persons, 0.93))

    return RegisterColumns(
        households=HouseholdColumns(
            code=code,
            hamlet=hamlet,
            structure=structure,
            poverty_class=poverty,
            poverty_year=poverty_year.astype(np.int16),
            clean_water=clean_water,
            sanitary_latrine=sanitary_latrine,
            waste_sorted=waste_sorted,
            commune=commune,
        ),
        persons=PersonColumns(
            household=household,
            birth_year=(year - age).astype(np.int16),
            sex=np.where(male, code_of(Sex.MALE), code_of(Sex.FEMALE)).astype(np.int8),
            working=working,
            trained=trained,
            certificate=certificate,
            health_insurance=insured,
        ),
        hamlets=hamlet_codes,
        reference_date=reference_date,
        source=(f"synthetic province: {communes} communes, {households} households, seed {seed}"),
        synthetic=True,
        communes=commune_codes,
    )
