"""The households to visit in a hamlet: each one that stands between the hamlet and a tally.

A hamlet head (trưởng thôn) gets the list of households that do not yet satisfy one of the
tallies the commune must move, with what each one lacks: the house's class, the
poverty class, the members without health insurance, the workers without training.
:func:`households_to_visit` reads the register's rows, with the same definitions
(:class:`~ntm.core.households.register.RegisterRules`) as
:func:`~ntm.core.households.compute.compute_indicators`, so that over a hamlet the
households listed for a share tally are exactly its denominator less its numerator,
and for a tally where lower is better (poverty, makeshift houses), its numerator.

The list names the head of household: it is for the commune's officers only (issue 5,
privacy); an export to the province carries counts, never this list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ntm.core.exceptions import InputError, Location
from ntm.core.households.compute import Tally
from ntm.core.households.register import (
    Household,
    HouseStructure,
    Person,
    PovertyClass,
    Register,
    RegisterRules,
    Sex,
)
from ntm.core.i18n import _, ngettext
from ntm.core.text import vietnamese_sort_key

__all__ = ["VisitGap", "VisitRow", "household_code_key", "households_to_visit"]

_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class VisitGap:
    """What one household lacks for one tally.

    Attributes:
        tally: the tally the household does not satisfy.
        structure: for the housing tallies, the class of the house.
        poverty_class: for the poverty tallies, the class in the review year.
        persons: for the person tallies, how many members lack it (at least 1).
    """

    tally: Tally
    structure: HouseStructure | None = None
    poverty_class: PovertyClass | None = None
    persons: int | None = None

    def describe(self) -> str:
        """The gap in words, in the active language ("nhà bán kiên cố", "2 members
        without health insurance", …)."""
        tally = self.tally
        if self.structure is not None:
            return self.structure.label_vi
        if self.poverty_class is not None:
            return self.poverty_class.label_vi
        count = self.persons or 0
        if tally is Tally.TRAINED_WORKERS:
            return ngettext(
                "{count} worker without training", "{count} workers without training", count
            ).format(count=count)
        if tally is Tally.CERTIFIED_WORKERS:
            return ngettext(
                "{count} worker without a diploma or certificate",
                "{count} workers without a diploma or certificate",
                count,
            ).format(count=count)
        if tally is Tally.HEALTH_INSURANCE:
            return ngettext(
                "{count} member without health insurance",
                "{count} members without health insurance",
                count,
            ).format(count=count)
        if tally is Tally.CLEAN_WATER:
            return _("no clean water")
        if tally is Tally.SANITARY_LATRINE:
            return _("no sanitary latrine")
        return _("waste not sorted at source")


@dataclass(frozen=True)
class VisitRow:
    """One household to visit.

    Attributes:
        code: the household's code.
        head_name: the name of the head of household (for the commune's officers only).
        gaps: what it lacks, one entry per tally it does not satisfy, in
            :class:`~ntm.core.households.compute.Tally` order; never empty.
    """

    code: str
    head_name: str
    gaps: tuple[VisitGap, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """Each gap in words, in the active language (:meth:`VisitGap.describe`)."""
        return tuple(gap.describe() for gap in self.gaps)

    def gap(self, tally: Tally) -> VisitGap | None:
        """What the household lacks for ``tally``, or ``None`` if it satisfies it."""
        for gap in self.gaps:
            if gap.tally is tally:
                return gap
        return None


def household_code_key(code: str) -> tuple[Any, ...]:
    """A sort key for household codes: runs of digits by their value ("H2" before "H10"),
    the rest in the order of the Vietnamese alphabet
    (:func:`~ntm.core.text.vietnamese_sort_key`), then the code itself."""
    parts = _DIGITS.split(code)
    key: list[Any] = []
    for index, part in enumerate(parts):
        # split() alternates text and digits, text first: each position keeps one type.
        key.append(int(part) if index % 2 else vietnamese_sort_key(part))
    key.append(code)
    return tuple(key)


class _Rules:
    """The definitions of RegisterRules, read for one register's year."""

    def __init__(self, rules: RegisterRules, age_year: int, review_year: int) -> None:
        self.age_year = age_year
        self.review_year = review_year
        self.age_min: int = rules.working_age_min.value
        self.age_max = {
            Sex.MALE: rules.working_age_max_male.value,
            Sex.FEMALE: rules.working_age_max_female.value,
        }
        self.trained = rules.trained_certificates.value
        self.diploma = rules.diploma_certificates.value
        self.permanent = rules.permanent_structures.value
        self.makeshift = rules.makeshift_structures.value

    def worker(self, person: Person) -> bool:
        age = self.age_year - person.birth_year
        top = self.age_max[person.sex]
        return person.working and age >= self.age_min and (top is None or age <= top)

    def trained_worker(self, person: Person) -> bool:
        return person.trained or person.certificate in self.trained

    def certified_worker(self, person: Person) -> bool:
        return self.trained_worker(person) and person.certificate in self.diploma


def _gap(
    tally: Tally, household: Household, members: list[Person], rules: _Rules
) -> VisitGap | None:
    if tally is Tally.PERMANENT_HOUSING:
        if household.structure not in rules.permanent:
            return VisitGap(tally, structure=household.structure)
        return None
    if tally is Tally.MAKESHIFT_HOUSES:
        if household.structure in rules.makeshift:
            return VisitGap(tally, structure=household.structure)
        return None
    if tally in (Tally.POOR, Tally.POOR_OR_NEAR_POOR):
        counted: tuple[PovertyClass, ...] = (PovertyClass.POOR,)
        if tally is Tally.POOR_OR_NEAR_POOR:
            counted = (PovertyClass.POOR, PovertyClass.NEAR_POOR)
        if household.poverty_year == rules.review_year and household.poverty_class in counted:
            return VisitGap(tally, poverty_class=household.poverty_class)
        return None
    if tally in (Tally.TRAINED_WORKERS, Tally.CERTIFIED_WORKERS):
        satisfied = (
            rules.trained_worker if tally is Tally.TRAINED_WORKERS else rules.certified_worker
        )
        missing = sum(1 for p in members if rules.worker(p) and not satisfied(p))
        return VisitGap(tally, persons=missing) if missing else None
    if tally is Tally.HEALTH_INSURANCE:
        missing = sum(1 for p in members if not p.health_insurance)
        return VisitGap(tally, persons=missing) if missing else None
    flags = {
        Tally.CLEAN_WATER: household.clean_water,
        Tally.SANITARY_LATRINE: household.sanitary_latrine,
        Tally.WASTE_SORTING: household.waste_sorted,
    }
    return None if flags[tally] else VisitGap(tally)


def households_to_visit(
    register: Register,
    rules: RegisterRules,
    *,
    hamlet: str,
    tallies: Collection[Tally],
) -> list[VisitRow]:
    """The households of one hamlet that do not satisfy at least one of ``tallies``.

    What "not satisfying" means, tally by tally (the definitions of ``rules``, as in
    :func:`~ntm.core.households.compute.compute_indicators`):

    - housing (9.2 / nâng cao 9.1): the house is not in ``permanent_structures``;
      makeshift houses (9.1): it is in ``makeshift_structures``;
    - poverty (11): poor (:attr:`Tally.POOR`), or poor or near-poor
      (:attr:`Tally.POOR_OR_NEAR_POOR`), in the review year; a household classified in
      another year is not counted and not listed. Which of the two stands for indicator
      11 is the setting ``poverty_counts_near_poor``: pass the tally it names;
    - trained labour (12.1, 12.2): members who are employed and of working age but not
      trained (12.1), or not trained with a diploma or certificate (12.2), counted;
    - health insurance: members without a card, counted;
    - clean water, sanitary latrine, waste sorting: the household's flag is not set.

    Args:
        register: the commune's register.
        rules: the definitions.
        hamlet: the hamlet's code.
        tallies: the tallies to check (e.g. those of the failing indicators).

    Returns:
        One row per household with at least one gap, by household code
        (:func:`household_code_key`: "H2" before "H10"); its gaps in :class:`Tally`
        order. Empty when every household satisfies every tally.

    Raises:
        InputError: the register has no household in ``hamlet``.
    """
    if hamlet not in register.hamlets:
        raise InputError(
            _("hamlet {hamlet} has no households in the register").format(hamlet=hamlet),
            Location(field="hamlet"),
        )
    year = register.reference_date.year
    definitions = _Rules(rules, year, rules.poverty_review_year.value or year)
    wanted = [tally for tally in Tally if tally in tallies]
    members: dict[str, list[Person]] = defaultdict(list)
    for person in register.persons:
        members[person.household].append(person)
    rows = []
    for household in register.households:
        if household.hamlet != hamlet:
            continue
        gaps = []
        for tally in wanted:
            gap = _gap(tally, household, members[household.code], definitions)
            if gap is not None:
                gaps.append(gap)
        if gaps:
            rows.append(VisitRow(household.code, household.head_name, tuple(gaps)))
    rows.sort(key=lambda row: household_code_key(row.code))
    return rows
