"""The household register in columns: one numpy array per field, for province-scale work.

:class:`~ntm.core.households.register.Register` holds one frozen object per household and
per person, which is right for a commune's few thousand rows and for validation, but costs
about a microsecond and a few hundred bytes a row: a province's 600,000 households and 2.4
million persons would take seconds to build and gigabytes to hold. :class:`RegisterColumns`
holds the same facts as arrays, which DuckDB scans in place (a dict of numpy arrays is a
table to it) and which a generator or a CSV reader fills without a Python loop.

The encoding, chosen for speed (numpy and DuckDB compare and group small integers much
faster than strings) while the SQL still reads by name:

- a hamlet is an ``int32`` index into :attr:`RegisterColumns.hamlets` (the hamlet codes), a
  commune an ``int32`` index into :attr:`RegisterColumns.communes`;
- an enumeration (house structure, poverty class, sex, certificate) is an ``int8``, the
  position of the member in the enumeration's declaration order (:data:`STRUCTURES`,
  :data:`POVERTY_CLASSES`, :data:`SEXES`, :data:`CERTIFICATES`; :func:`code_of`);
- a person's household is the ``int32`` row number of the household in
  :attr:`RegisterColumns.households`, so a person's hamlet or commune is one numpy gather
  (``households.hamlet[persons.household]``), never a join on codes; a person's commune is
  therefore not stored twice;
- a household code is a Python ``str`` in an ``object`` array (DuckDB reads those as
  VARCHAR; numpy's fixed-width strings become an ENUM type there, and its variable-width
  ``StringDType`` is not read at all).

Names (head of household, identity numbers) are not held: the computation never reads
them, and a province-level structure is the wrong place for them (issue 5, privacy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from ntm.core.exceptions import InputError, Location
from ntm.core.households.register import (
    Certificate,
    HouseStructure,
    PovertyClass,
    Register,
    Sex,
)
from ntm.core.i18n import _

__all__ = [
    "CERTIFICATES",
    "POVERTY_CLASSES",
    "SEXES",
    "STRUCTURES",
    "HouseholdColumns",
    "PersonColumns",
    "RegisterColumns",
    "code_of",
    "columns_of",
    "concat_columns",
]

_E = TypeVar("_E", bound=StrEnum)

#: The house structures in code order: code ``i`` is ``STRUCTURES[i]``.
STRUCTURES: tuple[HouseStructure, ...] = tuple(HouseStructure)
#: The poverty classes in code order.
POVERTY_CLASSES: tuple[PovertyClass, ...] = tuple(PovertyClass)
#: The sexes in code order.
SEXES: tuple[Sex, ...] = tuple(Sex)
#: The certificates in code order.
CERTIFICATES: tuple[Certificate, ...] = tuple(Certificate)

_ENUMS: dict[type[StrEnum], tuple[StrEnum, ...]] = {
    HouseStructure: STRUCTURES,
    PovertyClass: POVERTY_CLASSES,
    Sex: SEXES,
    Certificate: CERTIFICATES,
}


def code_of(member: StrEnum) -> int:
    """The small-integer code of an enumeration member in the columns: its position in
    the enumeration's declaration order (``code_of(HouseStructure.SEMI_PERMANENT) == 1``).

    Raises:
        KeyError: the enumeration is not one the columns encode.
    """
    return _ENUMS[type(member)].index(member)


def _column(value: Any, dtype: type[np.generic], name: str) -> NDArray[Any]:
    array = np.asarray(value, dtype=dtype)
    if array.ndim != 1:
        raise InputError(
            _("column {name} is not one-dimensional").format(name=name), Location(field=name)
        )
    return array


def _check_range(array: NDArray[Any], size: int, name: str) -> None:
    """Every code in ``array`` lies in ``[0, size)``."""
    if not array.size:
        return
    if size == 0:
        raise InputError(
            _("column {name} holds codes, but there is nothing for them to point to").format(
                name=name
            ),
            Location(field=name),
        )
    if int(array.min()) < 0 or int(array.max()) >= size:
        raise InputError(
            _("column {name} holds a code outside 0 to {last}").format(name=name, last=size - 1),
            Location(field=name),
        )


def _check_lengths(owner: HouseholdColumns | PersonColumns, label: str) -> None:
    lengths = {
        item.name: len(value)
        for item in fields(owner)
        if (value := getattr(owner, item.name)) is not None
    }
    if len(set(lengths.values())) > 1:
        raise InputError(
            _("the {table} columns differ in length: {lengths}").format(
                table=label,
                lengths=", ".join(f"{name} {size}" for name, size in lengths.items()),
            ),
            Location(field=label),
        )


@dataclass(frozen=True, eq=False)
class HouseholdColumns:
    """One array per household field, all of the same length (one entry per household).

    Attributes:
        code: the household codes, ``str`` objects (dtype ``object``). Not read by the
            computation; unique within a commune (checked by the import, not here).
        hamlet: ``int32``, index into :attr:`RegisterColumns.hamlets`.
        structure: ``int8``, code of a :class:`HouseStructure` (:data:`STRUCTURES`).
        poverty_class: ``int8``, code of a :class:`PovertyClass` (:data:`POVERTY_CLASSES`).
        poverty_year: ``int16``, the year of the poverty review that gave the class.
        clean_water, sanitary_latrine, waste_sorted: ``bool``, as in
            :class:`~ntm.core.households.register.Household`.
        commune: ``int32``, index into :attr:`RegisterColumns.communes`, or ``None`` for a
            single commune's register.

    The arrays are converted to these dtypes on construction (copied only when needed).

    Raises:
        InputError: the arrays differ in length or are not one-dimensional.
    """

    code: NDArray[np.object_]
    hamlet: NDArray[np.int32]
    structure: NDArray[np.int8]
    poverty_class: NDArray[np.int8]
    poverty_year: NDArray[np.int16]
    clean_water: NDArray[np.bool_]
    sanitary_latrine: NDArray[np.bool_]
    waste_sorted: NDArray[np.bool_]
    commune: NDArray[np.int32] | None = None

    def __post_init__(self) -> None:
        for name, dtype in _HOUSEHOLD_DTYPES.items():
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _column(value, dtype, f"households.{name}"))
        _check_lengths(self, "households")

    def __len__(self) -> int:
        return len(self.hamlet)

    def take(self, rows: NDArray[Any]) -> HouseholdColumns:
        """The households at ``rows`` (an index or boolean array), in that order."""
        columns: dict[str, Any] = {
            name: None if (value := getattr(self, name)) is None else value[rows]
            for name in _HOUSEHOLD_DTYPES
        }
        return HouseholdColumns(**columns)


_HOUSEHOLD_DTYPES: dict[str, type[np.generic]] = {
    "code": np.object_,
    "hamlet": np.int32,
    "structure": np.int8,
    "poverty_class": np.int8,
    "poverty_year": np.int16,
    "clean_water": np.bool_,
    "sanitary_latrine": np.bool_,
    "waste_sorted": np.bool_,
    "commune": np.int32,
}


@dataclass(frozen=True, eq=False)
class PersonColumns:
    """One array per person field, all of the same length (one entry per person).

    Attributes:
        household: ``int32``, the row number of the person's household in
            :attr:`RegisterColumns.households`.
        birth_year: ``int16``.
        sex: ``int8``, code of a :class:`Sex` (:data:`SEXES`).
        working, trained: ``bool``, as in :class:`~ntm.core.households.register.Person`.
        certificate: ``int8``, code of a :class:`Certificate` (:data:`CERTIFICATES`).
        health_insurance: ``bool``.

    Raises:
        InputError: the arrays differ in length or are not one-dimensional.
    """

    household: NDArray[np.int32]
    birth_year: NDArray[np.int16]
    sex: NDArray[np.int8]
    working: NDArray[np.bool_]
    trained: NDArray[np.bool_]
    certificate: NDArray[np.int8]
    health_insurance: NDArray[np.bool_]

    def __post_init__(self) -> None:
        for name, dtype in _PERSON_DTYPES.items():
            object.__setattr__(self, name, _column(getattr(self, name), dtype, f"persons.{name}"))
        _check_lengths(self, "persons")

    def __len__(self) -> int:
        return len(self.household)

    def take(self, rows: NDArray[Any], household: NDArray[np.int32]) -> PersonColumns:
        """The persons at ``rows``, pointing to the households ``household`` instead."""
        return PersonColumns(
            household=household,
            **{name: getattr(self, name)[rows] for name in _PERSON_DTYPES if name != "household"},
        )


_PERSON_DTYPES: dict[str, type[np.generic]] = {
    "household": np.int32,
    "birth_year": np.int16,
    "sex": np.int8,
    "working": np.bool_,
    "trained": np.bool_,
    "certificate": np.int8,
    "health_insurance": np.bool_,
}


@dataclass(frozen=True, eq=False)
class RegisterColumns:
    """A household register (one commune's, or many communes') as columns.

    Attributes:
        households: the household columns.
        persons: the person columns; may be empty (person-based tallies then have no
            value, as with :class:`~ntm.core.households.register.Register`).
        hamlets: the hamlet codes; ``households.hamlet`` indexes this tuple. A code may be
            listed without households.
        reference_date, source, synthetic: as in :class:`Register`; ``synthetic`` marks a
            register made up by a generator, never to be shown as a commune's figures.
        communes: the commune codes that ``households.commune`` indexes, or ``None`` for a
            single commune's register (then ``households.commune`` is ``None`` too).

    Raises:
        InputError: a hamlet, commune, enumeration or household code is out of range, the
            hamlet or commune codes repeat, the commune column and the commune codes are
            not given together, or a person is born after the reference date's year.
    """

    households: HouseholdColumns
    persons: PersonColumns
    hamlets: tuple[str, ...]
    reference_date: date
    source: str
    synthetic: bool = False
    communes: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "hamlets", tuple(self.hamlets))
        if self.communes is not None:
            object.__setattr__(self, "communes", tuple(self.communes))
        for label, codes in (("hamlets", self.hamlets), ("communes", self.communes or ())):
            if len(set(codes)) != len(codes):
                raise InputError(
                    _("the hamlet codes repeat")
                    if label == "hamlets"
                    else _("the commune codes repeat"),
                    Location(field=label),
                )
        households, persons = self.households, self.persons
        if (self.communes is None) != (households.commune is None):
            raise InputError(
                _("a commune column needs the commune codes, and the codes need the column"),
                Location(field="communes"),
            )
        _check_range(households.hamlet, len(self.hamlets), "households.hamlet")
        if households.commune is not None:
            _check_range(households.commune, len(self.communes or ()), "households.commune")
        _check_range(households.structure, len(STRUCTURES), "households.structure")
        _check_range(households.poverty_class, len(POVERTY_CLASSES), "households.poverty_class")
        _check_range(persons.household, len(households), "persons.household")
        _check_range(persons.sex, len(SEXES), "persons.sex")
        _check_range(persons.certificate, len(CERTIFICATES), "persons.certificate")
        year = self.reference_date.year
        if len(persons) and int(persons.birth_year.max()) > year:
            index = int(np.argmax(persons.birth_year > year))
            raise InputError(
                _("person {index} is born in {year}, after the reference date {date}").format(
                    index=index + 1,
                    year=int(persons.birth_year[index]),
                    date=self.reference_date.isoformat(),
                ),
                Location(row=index + 1, field="birth_year"),
            )

    def for_commune(self, code: str) -> RegisterColumns:
        """The households and persons of one commune, as a single commune's register.

        Raises:
            KeyError: the register has no commune column, or no commune ``code``.
        """
        if self.communes is None or self.households.commune is None or code not in self.communes:
            raise KeyError(code)
        rows = self.households.commune == self.communes.index(code)
        renumbered = np.cumsum(rows, dtype=np.int64).astype(np.int32) - 1
        members = rows[self.persons.household]
        households = self.households.take(rows)
        return replace(
            self,
            households=replace(households, commune=None),
            persons=self.persons.take(members, renumbered[self.persons.household[members]]),
            communes=None,
        )


def _codes(members: Sequence[_E], order: tuple[_E, ...]) -> NDArray[np.int8]:
    position = {member: index for index, member in enumerate(order)}
    return np.fromiter((position[member] for member in members), dtype=np.int8, count=len(members))


def columns_of(register: Register, *, commune: str | None = None) -> RegisterColumns:
    """The register as columns, row for row (households and persons in the same order).

    Args:
        register: a validated register.
        commune: the commune's code, to give the columns a commune column (all rows in
            that commune) so that they can be joined with others by :func:`concat_columns`.

    Returns:
        The columns; the hamlet codes are the register's (:attr:`Register.hamlets`).
    """
    hamlets = register.hamlets
    hamlet_index = {code: index for index, code in enumerate(hamlets)}
    row_of = {household.code: row for row, household in enumerate(register.households)}
    rows = register.households
    people = register.persons
    households = HouseholdColumns(
        code=np.array([h.code for h in rows], dtype=object),
        hamlet=np.array([hamlet_index[h.hamlet] for h in rows], dtype=np.int32),
        structure=_codes([h.structure for h in rows], STRUCTURES),
        poverty_class=_codes([h.poverty_class for h in rows], POVERTY_CLASSES),
        poverty_year=np.array([h.poverty_year for h in rows], dtype=np.int16),
        clean_water=np.array([h.clean_water for h in rows], dtype=np.bool_),
        sanitary_latrine=np.array([h.sanitary_latrine for h in rows], dtype=np.bool_),
        waste_sorted=np.array([h.waste_sorted for h in rows], dtype=np.bool_),
        commune=None if commune is None else np.zeros(len(rows), dtype=np.int32),
    )
    persons = PersonColumns(
        household=np.array([row_of[p.household] for p in people], dtype=np.int32),
        birth_year=np.array([p.birth_year for p in people], dtype=np.int16),
        sex=_codes([p.sex for p in people], SEXES),
        working=np.array([p.working for p in people], dtype=np.bool_),
        trained=np.array([p.trained for p in people], dtype=np.bool_),
        certificate=_codes([p.certificate for p in people], CERTIFICATES),
        health_insurance=np.array([p.health_insurance for p in people], dtype=np.bool_),
    )
    return RegisterColumns(
        households=households,
        persons=persons,
        hamlets=hamlets,
        reference_date=register.reference_date,
        source=register.source,
        synthetic=register.synthetic,
        communes=None if commune is None else (commune,),
    )


def concat_columns(parts: Sequence[RegisterColumns], *, source: str) -> RegisterColumns:
    """Several communes' registers as one, e.g. a province's.

    Args:
        parts: registers with commune columns (:func:`columns_of` with ``commune=``) and
            the same reference date; a commune code may appear in one part only.
        source: the source of the whole.

    Returns:
        The households of every part in order, then their persons; the hamlet codes of
        every part, sorted; the commune codes in order of the parts. ``synthetic`` when any
        part is.

    Raises:
        InputError: no parts, a part without a commune column, two reference dates, or a
            commune in two parts.
    """
    if not parts:
        raise InputError(_("there are no registers to join"), Location(field="parts"))
    dates = {part.reference_date for part in parts}
    if len(dates) > 1:
        raise InputError(
            _("the registers have different reference dates: {dates}").format(
                dates=", ".join(sorted(d.isoformat() for d in dates))
            ),
            Location(field="reference_date"),
        )
    communes: list[str] = []
    for part in parts:
        if part.communes is None:
            raise InputError(
                _("a register to join needs a commune column"), Location(field="communes")
            )
        communes.extend(part.communes)
    if len(set(communes)) != len(communes):
        raise InputError(_("a commune appears in two registers"), Location(field="communes"))
    hamlets = tuple(sorted({code for part in parts for code in part.hamlets}))
    hamlet_index = {code: index for index, code in enumerate(hamlets)}
    household_parts: dict[str, list[NDArray[Any]]] = {name: [] for name in _HOUSEHOLD_DTYPES}
    person_parts: dict[str, list[NDArray[Any]]] = {name: [] for name in _PERSON_DTYPES}
    commune_offset = household_offset = 0
    for part in parts:
        remap = np.array([hamlet_index[code] for code in part.hamlets], dtype=np.int32)
        for name in _HOUSEHOLD_DTYPES:
            value = getattr(part.households, name)
            if name == "hamlet":
                value = remap[value]
            elif name == "commune":
                value = value + commune_offset
            household_parts[name].append(value)
        for name in _PERSON_DTYPES:
            value = getattr(part.persons, name)
            person_parts[name].append(value + household_offset if name == "household" else value)
        commune_offset += len(part.communes or ())
        household_offset += len(part.households)
    return RegisterColumns(
        households=HouseholdColumns(
            **{
                name: np.concatenate(arrays).astype(_HOUSEHOLD_DTYPES[name], copy=False)
                for name, arrays in household_parts.items()
            }
        ),
        persons=PersonColumns(
            **{
                name: np.concatenate(arrays).astype(_PERSON_DTYPES[name], copy=False)
                for name, arrays in person_parts.items()
            }
        ),
        hamlets=hamlets,
        reference_date=parts[0].reference_date,
        source=source,
        synthetic=any(part.synthetic for part in parts),
        communes=tuple(communes),
    )
