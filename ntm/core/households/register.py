"""The household register: households, their members, and the rules that read them.

A commune keeps lists of households (hộ gia đình) and of the people in them (nhân khẩu) for
its yearly reviews: housing (TC 9), the poverty review (rà soát hộ nghèo, TC 11), labour
(TC 12), health insurance, water, latrines and waste sorting (TC 17, and TC 18 of the
nâng cao set). :class:`Register` holds one such list at a reference date, with its source.

Much of what turns these rows into indicator values is not yet confirmed against the
official guidance (``reference/household-definitions.md`` marks it [M], [?] or VERIFY):
the working-age bounds, which house classes count as "kiên cố hoặc bán kiên cố", what
counts as "nhà tạm", whether the poverty rate counts near-poor households, which
certificates count. :class:`RegisterRules` holds each of them as a named
:class:`Setting` with its source and a ``verified`` flag, never as a hidden constant, and
every computed value names the settings it used.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar

from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _

__all__ = [
    "Certificate",
    "HouseStructure",
    "Household",
    "Person",
    "PovertyClass",
    "Register",
    "RegisterRules",
    "Setting",
    "Sex",
]

_T = TypeVar("_T")

_REFERENCE = "reference/household-definitions.md"


class HouseStructure(StrEnum):
    """The census classes of a house by its three main parts (cột/khung/tường, mái,
    nền/móng) [M]: kiên cố, all 3 durable; bán kiên cố, 2 of 3; thiếu kiên cố, 1 of 3;
    đơn sơ, none."""

    PERMANENT = "permanent"
    SEMI_PERMANENT = "semi_permanent"
    LESS_PERMANENT = "less_permanent"
    SIMPLE = "simple"

    @property
    def label_vi(self) -> str:
        """The Vietnamese name: "nhà kiên cố", "nhà bán kiên cố", …"""
        return _STRUCTURE_LABELS[self]


_STRUCTURE_LABELS = {
    HouseStructure.PERMANENT: "nhà kiên cố",
    HouseStructure.SEMI_PERMANENT: "nhà bán kiên cố",
    HouseStructure.LESS_PERMANENT: "nhà thiếu kiên cố",
    HouseStructure.SIMPLE: "nhà đơn sơ",
}


class PovertyClass(StrEnum):
    """A household's class in the yearly poverty review (NĐ 07/2021/NĐ-CP) [M]."""

    POOR = "poor"
    NEAR_POOR = "near_poor"
    AVERAGE = "average"
    NONE = "none"

    @property
    def label_vi(self) -> str:
        """The Vietnamese name: "hộ nghèo", "hộ cận nghèo", …"""
        return _POVERTY_LABELS[self]


_POVERTY_LABELS = {
    PovertyClass.POOR: "hộ nghèo",
    PovertyClass.NEAR_POOR: "hộ cận nghèo",
    PovertyClass.AVERAGE: "hộ có mức sống trung bình",
    PovertyClass.NONE: "hộ không thuộc diện nghèo, cận nghèo, mức sống trung bình",
}


class Sex(StrEnum):
    """A person's sex as registered."""

    MALE = "male"
    FEMALE = "female"


class Certificate(StrEnum):
    """The highest diploma or certificate a person holds, from a fixed list."""

    NONE = "none"
    SHORT_COURSE = "short_course"
    ELEMENTARY = "elementary"
    INTERMEDIATE = "intermediate"
    COLLEGE = "college"
    UNIVERSITY = "university"
    POSTGRADUATE = "postgraduate"

    @property
    def label_vi(self) -> str:
        """The Vietnamese name: "sơ cấp", "trung cấp", "cao đẳng", …"""
        return _CERTIFICATE_LABELS[self]


_CERTIFICATE_LABELS = {
    Certificate.NONE: "không có",
    Certificate.SHORT_COURSE: "chứng chỉ đào tạo dưới 3 tháng",
    Certificate.ELEMENTARY: "sơ cấp",
    Certificate.INTERMEDIATE: "trung cấp",
    Certificate.COLLEGE: "cao đẳng",
    Certificate.UNIVERSITY: "đại học",
    Certificate.POSTGRADUATE: "sau đại học",
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


@dataclass(frozen=True)
class Household:
    """One household (hộ gia đình) of the register.

    Attributes:
        code: the household's code in the register, unique in it.
        hamlet: the code of the hamlet (xóm, thôn, bản, ấp) it lives in.
        head_name: the name of the head of household (chủ hộ), kept in NFC.
        members: the number of members (nhân khẩu) as registered, at least 1.
        structure: the class of the house (:class:`HouseStructure`).
        floor_area: the floor area of the house in m², exact.
        poverty_class: the class given by the poverty review of ``poverty_year``.
        poverty_year: the year of that review.
        clean_water: the household uses clean water (see ``RegisterRules.clean_water``).
        sanitary_latrine: the household has a sanitary latrine (nhà tiêu hợp vệ sinh).
        waste_sorted: the household sorts its solid waste at source.
        id_number: the head's personal identity number (số định danh cá nhân, the CCCD
            number), 12 digits when given; "" when not recorded. Kept in NFC.
    """

    code: str
    hamlet: str
    head_name: str
    members: int
    structure: HouseStructure
    floor_area: Decimal
    poverty_class: PovertyClass
    poverty_year: int
    clean_water: bool
    sanitary_latrine: bool
    waste_sorted: bool
    id_number: str = ""

    def __post_init__(self) -> None:
        for name in ("code", "hamlet", "head_name", "id_number"):
            object.__setattr__(self, name, _nfc(getattr(self, name)))
        location = Location(field=f"household {self.code}")
        if not self.code or not self.hamlet:
            raise InputError(_("a household needs a code and a hamlet code"), location)
        if self.members < 1:
            raise InputError(
                _("household {code} has {members} members").format(
                    code=self.code, members=self.members
                ),
                location,
            )
        if self.floor_area < 0:
            raise InputError(
                _("household {code} has a negative floor area {area}").format(
                    code=self.code, area=self.floor_area
                ),
                location,
            )


@dataclass(frozen=True)
class Person:
    """One member (nhân khẩu) of a household.

    Attributes:
        household: the code of the household the person belongs to.
        birth_year: the year of birth (ages are counted in whole years at the reference
            date's year).
        sex: as registered.
        working: the person has a job (có việc làm).
        trained: the person has had training, including courses under 3 months and
            on-the-job or family training (truyền nghề) [M].
        certificate: the highest diploma or certificate held.
        health_insurance: the person holds a health insurance card (BHYT).
        name: the person's full name (họ tên), "" when not recorded. Kept in NFC.
        id_number: the personal identity number (số định danh cá nhân), 12 digits when
            given; "" when not recorded. Kept in NFC.
    """

    household: str
    birth_year: int
    sex: Sex
    working: bool
    trained: bool
    certificate: Certificate
    health_insurance: bool
    name: str = ""
    id_number: str = ""

    def __post_init__(self) -> None:
        for name in ("household", "name", "id_number"):
            object.__setattr__(self, name, _nfc(getattr(self, name)))


@dataclass(frozen=True)
class Register:
    """A household register at a reference date.

    Attributes:
        households: every household, with unique codes.
        persons: the members listed one by one; may be empty when the commune keeps no
            per-person list (person-based indicators then have no value).
        reference_date: the date the register describes.
        source: where the rows come from (commune review list, BHXH data, a survey…).
        synthetic: made up by :func:`~ntm.core.households.synthetic.synthetic_register`,
            never to be shown as a commune's figures.

    Raises:
        InputError: a household code repeats, a person's household is not in the
            register, or a person is born after the reference date's year.
    """

    households: tuple[Household, ...]
    persons: tuple[Person, ...]
    reference_date: date
    source: str
    synthetic: bool = False

    def __post_init__(self) -> None:
        codes: set[str] = set()
        for household in self.households:
            if household.code in codes:
                raise InputError(
                    _("household code {code} appears twice").format(code=household.code),
                    Location(field=f"household {household.code}"),
                )
            codes.add(household.code)
        for index, person in enumerate(self.persons, start=1):
            if person.household not in codes:
                raise InputError(
                    _(
                        "person {index} belongs to household {code}, which is not in the register"
                    ).format(index=index, code=person.household),
                    Location(row=index, field="household"),
                )
            if person.birth_year > self.reference_date.year:
                raise InputError(
                    _("person {index} is born in {year}, after the reference date {date}").format(
                        index=index, year=person.birth_year, date=self.reference_date.isoformat()
                    ),
                    Location(row=index, field="birth_year"),
                )

    @property
    def hamlets(self) -> tuple[str, ...]:
        """The hamlet codes that have households, sorted."""
        return tuple(sorted({household.hamlet for household in self.households}))


@dataclass(frozen=True)
class Setting(Generic[_T]):
    """One definition used to compute indicators: its value, whether it is confirmed
    against the official text, where it comes from, and what it means.

    Change one with :func:`dataclasses.replace` on :class:`RegisterRules`, e.g.
    ``replace(rules, working_age_min=Setting(15, verified=True, source="…"))``.
    """

    value: _T
    verified: bool
    source: str
    note: str = ""


@dataclass(frozen=True)
class RegisterRules:
    """Every definition that turns register rows into indicator values.

    None is confirmed yet: each default below is what ``reference/household-definitions.md``
    believes ([M]) or our placeholder for a VERIFY, stored with ``verified=False``.

    Attributes:
        permanent_structures: the house classes counted as "kiên cố hoặc bán kiên cố"
            (9.2 of the basic set, 9.1 of nâng cao). One house per household is assumed:
            nâng cao 9.1 counts houses (nhà), the register counts households.
        makeshift_structures: the house classes counted as "nhà tạm, dột nát" (9.1 of the
            basic set). The register does not record dilapidation.
        poverty_counts_near_poor: whether the poverty rate of TC 11 counts near-poor
            households besides poor ones. Both variants are computed; this chooses which
            one carries the indicator code.
        poverty_review_year: the review year whose classes count (``None``: the reference
            date's year); a household classified in another year is left out of both the
            numerator and the denominator and counted as excluded.
        working_age_min: the lowest age (in years at the reference year) of working age.
        working_age_max_male, working_age_max_female: the highest age of working age
            (``None``: no upper bound).
        trained_certificates: certificates that make a worker "qua đào tạo" even when the
            register's ``trained`` flag is not set.
        diploma_certificates: certificates counted as "có bằng cấp, chứng chỉ" (12.2).
        health_insurance_from_persons: the register's per-person BHYT flags stand for the
            health-insurance indicator (officially the BHXH count over the population).
        clean_water_for_indicator: the register's clean-water flag stands for the water
            indicator (17.1 of the basic set, 18.1 of nâng cao).
        latrine_for_indicator: the sanitary-latrine flag stands for the hygiene indicator
            (17.6 of the basic set, 18.3 of nâng cao), which also names the bathroom and the
            water container.
        waste_sorting_for_indicator: the waste-sorting flag stands for the waste-sorting
            indicator (17.10 of the basic set, 17.1 of nâng cao).
    """

    permanent_structures: Setting[frozenset[HouseStructure]] = Setting(
        frozenset({HouseStructure.PERMANENT, HouseStructure.SEMI_PERMANENT}),
        verified=False,
        source=f"{_REFERENCE} §2 [M] (statistics-office census classes)",
        note="numerator: households in these classes; denominator: every household",
    )
    makeshift_structures: Setting[frozenset[HouseStructure]] = Setting(
        frozenset({HouseStructure.SIMPLE}),
        verified=False,
        source=f"{_REFERENCE} §2 (VERIFY: the counting rule for nhà tạm, dột nát)",
        note="a count of households; dilapidation is not recorded",
    )
    poverty_counts_near_poor: Setting[bool] = Setting(
        False,
        verified=False,
        source=f"{_REFERENCE} §1 (VERIFY: which classes and exclusions TC 11 counts)",
        note="both variants are computed; exclusions (bảo trợ xã hội) are not applied",
    )
    poverty_review_year: Setting[int | None] = Setting(
        None,
        verified=False,
        source="ours: the class of the review for the reference date's year",
        note="households classified in another year are excluded from both counts",
    )
    working_age_min: Setting[int] = Setting(
        15,
        verified=False,
        source=f"{_REFERENCE} §3 (VERIFY: the denominator of trained labour)",
        note="age in whole years: reference year minus birth year",
    )
    working_age_max_male: Setting[int | None] = Setting(
        60,
        verified=False,
        source=f"{_REFERENCE} §3 [?]; Bộ luật Lao động 2019 raises the retirement age yearly",
        note="the traditional bound; None for no upper bound",
    )
    working_age_max_female: Setting[int | None] = Setting(
        55,
        verified=False,
        source=f"{_REFERENCE} §3 [?]; Bộ luật Lao động 2019 raises the retirement age yearly",
        note="the traditional bound; None for no upper bound",
    )
    trained_certificates: Setting[frozenset[Certificate]] = Setting(
        frozenset(set(Certificate) - {Certificate.NONE}),
        verified=False,
        source=f"{_REFERENCE} §3 [M]: training includes courses under 3 months",
        note="a worker is trained when flagged so or holding one of these",
    )
    diploma_certificates: Setting[frozenset[Certificate]] = Setting(
        frozenset(set(Certificate) - {Certificate.NONE, Certificate.SHORT_COURSE}),
        verified=False,
        source=f"{_REFERENCE} §3 [M]: sơ cấp or higher; courses under 3 months [?]",
        note="numerator of 12.2; its denominator is the same as 12.1's (employed workers)",
    )
    health_insurance_from_persons: Setting[bool] = Setting(
        True,
        verified=False,
        source=f"{_REFERENCE} §6 [M]: officially the BHXH count over the population",
        note="denominator: the persons listed in the register",
    )
    clean_water_for_indicator: Setting[bool] = Setting(
        True,
        verified=False,
        source=f"{_REFERENCE} §5 (VERIFY: CV 2251/BTNMT-KSONMT)",
        note=(
            "the flag is read as nước sạch theo QCVN 01-1:2018/BYT; the basic set's 17.1 "
            "also counts nước hợp vệ sinh and nâng cao 18.1 asks for a centralised scheme"
        ),
    )
    latrine_for_indicator: Setting[bool] = Setting(
        True,
        verified=False,
        source=f"{_REFERENCE} §1 (nhà tiêu hợp vệ sinh); the indicator's wording",
        note="the indicator also names nhà tắm and thiết bị chứa nước hợp vệ sinh",
    )
    waste_sorting_for_indicator: Setting[bool] = Setting(
        True,
        verified=False,
        source=f"{_REFERENCE} §4 (VERIFY: CV 2251/BTNMT-KSONMT)",
        note="Luật BVMT 2020 Điều 75 [M]: at least 3 fractions",
    )

    def settings(self) -> Iterator[tuple[str, Setting[Any]]]:
        """Each setting with its name, in declaration order."""
        for item in fields(self):
            yield item.name, getattr(self, item.name)

    def setting(self, name: str) -> Setting[Any]:
        """The setting with that name.

        Raises:
            KeyError: there is no such setting.
        """
        for item_name, item in self.settings():
            if item_name == name:
                return item
        raise KeyError(name)

    def unverified(self) -> tuple[str, ...]:
        """The names of the settings not yet confirmed against the official text."""
        return tuple(name for name, item in self.settings() if not item.verified)
