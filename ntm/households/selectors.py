"""Reading a commune's stored register: the register as the core sees it, the latest
import, the computed results per hamlet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ntm.core.households.register import (
    Certificate,
    HouseStructure,
    PovertyClass,
    Register,
    Sex,
)
from ntm.core.households.register import (
    Household as CoreHousehold,
)
from ntm.core.households.register import (
    Person as CorePerson,
)
from ntm.households.models import Household, Person, RegisterImport, RegisterResult
from ntm.territories.hamlets import hamlet_list
from ntm.territories.models import Unit, UnitKind

__all__ = [
    "DEFAULT_SET",
    "HamletRow",
    "hamlet_lookup",
    "hamlet_of",
    "import_preview",
    "register_hamlets",
    "register_import_latest",
    "register_load",
    "register_results",
]


_UNIT_CODE = re.compile(r"[0-9A-Za-z-]{1,32}")

#: With no review to follow, the national nâng cao set names the indicators.
DEFAULT_SET = "xa-ntm-nang-cao-2021-2025"


def register_import_latest(commune: Unit) -> RegisterImport | None:
    """The commune's latest import (the one whose results the register page shows)."""
    latest = (
        RegisterImport.objects.filter(commune=commune)
        .select_related("review__commune__province")
        .order_by("-id")
        .first()
    )
    if latest is not None:
        latest.commune = commune  # the caller's, already loaded
    return latest


register_hamlets = hamlet_list


def register_load(
    latest: RegisterImport, *, hamlet: Unit | None = None, identities: bool = False
) -> Register:
    """The register of ``latest``'s commune as it stands after that import (its latest),
    or one hamlet's part of it, as a core :class:`~ntm.core.households.register.Register`.

    Its ``reference_date`` and ``source`` are ``latest``'s; it is ``synthetic`` when any of
    its households was written by a synthetic import. Names and identity numbers are left
    blank unless ``identities`` (the caller checks the user may see them). Two queries,
    whatever the size.
    """
    households = Household.objects.filter(commune_id=latest.commune_id)
    if hamlet is not None:
        households = households.filter(hamlet=hamlet)
    household_rows = list(
        households.order_by("code").values_list(
            "id",
            "code",
            "hamlet__code",
            "head_name",
            "id_number",
            "members",
            "structure",
            "floor_area",
            "poverty_class",
            "poverty_year",
            "clean_water",
            "sanitary_latrine",
            "waste_sorted",
            "written_by__synthetic",
        )
    )
    codes = {row[0]: row[1] for row in household_rows}
    person_rows = Person.objects.filter(household__in=households).values_list(
        "household_id",
        "name",
        "id_number",
        "birth_year",
        "sex",
        "working",
        "trained",
        "certificate",
        "health_insurance",
    )
    core_households = tuple(
        CoreHousehold(
            code=code,
            hamlet=hamlet_code,
            head_name=head_name if identities else "",
            id_number=id_number if identities else "",
            members=members,
            structure=HouseStructure(structure),
            floor_area=Decimal(floor_area),
            poverty_class=PovertyClass(poverty_class),
            poverty_year=poverty_year,
            clean_water=clean_water,
            sanitary_latrine=sanitary_latrine,
            waste_sorted=waste_sorted,
        )
        for (
            _pk,
            code,
            hamlet_code,
            head_name,
            id_number,
            members,
            structure,
            floor_area,
            poverty_class,
            poverty_year,
            clean_water,
            sanitary_latrine,
            waste_sorted,
            _synthetic,
        ) in household_rows
    )
    core_persons = tuple(
        CorePerson(
            household=codes[household_id],
            name=name if identities else "",
            id_number=id_number if identities else "",
            birth_year=birth_year,
            sex=Sex(sex),
            working=working,
            trained=trained,
            certificate=Certificate(certificate),
            health_insurance=health_insurance,
        )
        for (
            household_id,
            name,
            id_number,
            birth_year,
            sex,
            working,
            trained,
            certificate,
            health_insurance,
        ) in person_rows.order_by("household_id", "position")
    )
    return Register(
        households=core_households,
        persons=core_persons,
        reference_date=latest.reference_date,
        source=latest.source,
        synthetic=any(row[-1] for row in household_rows),
    )


@dataclass(frozen=True)
class HamletRow:
    """One line of the register page: a hamlet (``None``: the commune) and its results by
    tally."""

    hamlet: Unit | None
    results: dict[str, RegisterResult]


def register_results(register_import: RegisterImport) -> list[HamletRow]:
    """The import's results: the commune's first, then each hamlet's by code."""
    rows: dict[int | None, dict[str, RegisterResult]] = {}
    hamlets: dict[int, Unit] = {}
    for result in register_import.results.select_related("hamlet"):
        rows.setdefault(result.hamlet_id, {})[result.tally] = result
        if result.hamlet is not None:
            hamlets[result.hamlet.id] = result.hamlet
    ordered: list[HamletRow] = []
    if None in rows:
        ordered.append(HamletRow(None, rows.pop(None)))
    for hamlet_id in sorted(rows, key=lambda key: hamlets[key].code):  # type: ignore[index]
        ordered.append(HamletRow(hamlets[hamlet_id], rows[hamlet_id]))  # type: ignore[index]
    return ordered


def hamlet_lookup(commune: Unit) -> dict[str, str]:
    """What a register file may write in its hamlet column, to the hamlet's code: the
    code, the name ("Bản Pấu") and the full name ("Xóm Bản Pấu") of each hamlet."""
    names: dict[str, str] = {}
    for hamlet in register_hamlets(commune):
        names[hamlet.code] = hamlet.code
        names[hamlet.name] = hamlet.code
        if hamlet.type_name:
            names[hamlet.full_name] = hamlet.code
    return names


def hamlet_of(commune: Unit, code: str) -> Unit | None:
    """The commune's hamlet with that code, or ``None`` (also for a code no unit can have,
    such as one holding a NUL, which PostgreSQL refuses to compare)."""
    if not _UNIT_CODE.fullmatch(code):
        return None
    return Unit.objects.filter(kind=UnitKind.HAMLET, parent=commune, code=code).first()


def import_preview(commune: Unit, register: Register, *, replace: bool) -> dict[str, Any]:
    """What writing ``register`` would do: how many households and persons, how many
    codes are new, already stored, and stored but not in the file (kept, or removed when
    ``replace``)."""
    stored = set(Household.objects.filter(commune=commune).values_list("code", flat=True))
    codes = {household.code for household in register.households}
    return {
        "households": len(register.households),
        "persons": len(register.persons),
        "hamlets": len(register.hamlets),
        "new": len(codes - stored),
        "updated": len(codes & stored),
        "kept": 0 if replace else len(stored - codes),
        "removed": len(stored - codes) if replace else 0,
        "synthetic": register.synthetic,
    }
