"""Writing a commune's register: an import (all or nothing), the computation of the
household-based indicators per hamlet, and the readings it gives the review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_event_record
from ntm.common.errors import Refused
from ntm.core import Catalog
from ntm.core.households.compute import HouseholdIndicators, TallyResult, compute_indicators
from ntm.core.households.register import Household as CoreHousehold
from ntm.core.households.register import Person as CorePerson
from ntm.core.households.register import Register, RegisterRules
from ntm.core.households.synthetic import synthetic_register
from ntm.core.rules.results import CriterionResult
from ntm.households.models import Household, Person, RegisterImport, RegisterResult
from ntm.households.selectors import (
    DEFAULT_SET,
    register_hamlets,
    register_import_latest,
    register_load,
)
from ntm.reviews.models import Reading, Review
from ntm.reviews.selectors import review_evaluate, review_of_year
from ntm.reviews.services import reading_record
from ntm.reviews.signals import review_changed
from ntm.territories.models import Unit, UnitKind
from ntm.territories.selectors import commune_by_url_key
from ntm.users.permissions import require_commune_officer

__all__ = [
    "RegisterRefused",
    "RegisterWritten",
    "demo_register_store",
    "register_check",
    "register_write",
]

#: Rows per INSERT when storing households and persons.
_BATCH = 2000


class RegisterRefused(Refused):
    """A register that cannot be stored as it is."""


@dataclass(frozen=True)
class RegisterWritten:
    """What an import did: the import record, and the criteria whose outcome changed in
    the review (number → (before, after), the outcomes' values)."""

    register_import: RegisterImport
    changed: dict[int, tuple[str, str]] = field(default_factory=dict)
    review_skipped: str = ""
    hamlets: int = 0


def _hamlet_units(commune: Unit, register: Register) -> dict[str, Unit]:
    units = {hamlet.code: hamlet for hamlet in register_hamlets(commune)}
    unknown = sorted(set(register.hamlets) - set(units))
    if unknown:
        raise RegisterRefused(
            _("Hamlet %(codes)s is not a hamlet of %(commune)s.")
            % {"codes": ", ".join(unknown), "commune": commune.full_name}
        )
    return units


_HOUSEHOLD_FIELDS = (
    "hamlet",
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
    "written_by",
)


def register_write(
    *,
    actor: User | None,
    commune: Unit,
    register: Register,
    file_name: str = "",
    replace: bool = False,
    record_readings: bool = True,
) -> RegisterWritten:
    """Store a parsed register in the commune's register, compute its indicators and
    record them as readings of the review of the reference date's year.

    Households are matched by code: a code already stored is updated (and its members
    replaced by the file's), a new code is added, a stored code the file lacks is kept,
    or removed when ``replace`` (the file is the whole register). Everything happens in
    one transaction: on any error nothing is stored.

    Args:
        actor: the commune's officer (``None`` only for ``ntm demo-data``).
        register: the validated rows (hamlet codes must be the commune's hamlets').
        record_readings: write the results into the review (not for synthetic rows).

    Raises:
        PermissionDenied: the actor is not the commune's NTM officer.
        RegisterRefused: a hamlet code is not one of the commune's; synthetic rows would be
            mixed with real ones; a file dated before the stored register would update it
            (see :func:`_check_mixing`).
    """
    if actor is not None:
        require_commune_officer(actor, commune)
    with transaction.atomic():
        # One import of a commune at a time: a second waits here, then updates by code.
        Unit.objects.select_for_update().filter(pk=commune.pk).first()
        hamlets = register_check(commune=commune, register=register, replace=replace)
        record = RegisterImport.objects.create(
            commune=commune,
            reference_date=register.reference_date,
            source=register.source,
            file_name=file_name,
            synthetic=register.synthetic,
            replace=replace,
            persons=len(register.persons),
            imported_by=actor,
        )
        created, updated, removed = _store_rows(commune, record, register, hamlets, replace)
        record.households_created = created
        record.households_updated = updated
        record.households_unchanged = len(register.households) - created - updated
        record.households_removed = removed
        record.save()
        written = _register_compute(record, hamlets, actor=actor, record_readings=record_readings)
        if actor is not None:
            audit_event_record(
                actor=actor,
                action="register.import",
                unit=commune,
                target_type="register_import",
                target_id=record.pk,
                summary=_(
                    "%(file)s: %(created)d households added, %(updated)d updated, "
                    "%(removed)d removed"
                )
                % {
                    "file": file_name or register.source,
                    "created": created,
                    "updated": updated,
                    "removed": removed,
                },
                after={
                    "reference_date": register.reference_date.isoformat(),
                    "source": register.source,
                    "households_created": created,
                    "households_updated": updated,
                    "households_unchanged": record.households_unchanged,
                    "households_removed": removed,
                    "persons": len(register.persons),
                    "readings": record.readings,
                },
            )
    return written


_PERSON_FIELDS = (
    "name",
    "id_number",
    "birth_year",
    "sex",
    "working",
    "trained",
    "certificate",
    "health_insurance",
)


def _household_values(row: CoreHousehold, hamlet: Unit) -> dict[str, object]:
    return {
        "hamlet_id": hamlet.pk,
        "head_name": row.head_name,
        "id_number": row.id_number,
        "members": row.members,
        "structure": row.structure.value,
        "floor_area": row.floor_area,
        "poverty_class": row.poverty_class.value,
        "poverty_year": row.poverty_year,
        "clean_water": row.clean_water,
        "sanitary_latrine": row.sanitary_latrine,
        "waste_sorted": row.waste_sorted,
    }


def _person_values(person: CorePerson) -> tuple[object, ...]:
    return (
        person.name,
        person.id_number,
        person.birth_year,
        person.sex.value,
        person.working,
        person.trained,
        person.certificate.value,
        person.health_insurance,
    )


def _store_rows(
    commune: Unit,
    record: RegisterImport,
    register: Register,
    hamlets: dict[str, Unit],
    replace: bool,
) -> tuple[int, int, int]:
    """Write the register's rows into the commune's, matched by household code: a new code
    is added, a stored one whose values or members differ is updated (its members
    replaced), an identical one is left alone, a stored one the file lacks is removed when
    ``replace``. Returns (added, updated, removed). Call inside a transaction."""
    household_columns = ("id", "code", *(f for f in _HOUSEHOLD_FIELDS if f != "written_by"))
    stored = {
        row["code"]: row
        for row in Household.objects.filter(commune=commune).values(
            *("hamlet_id" if f == "hamlet" else f for f in household_columns)
        )
    }
    stored_persons: dict[int, list[tuple[object, ...]]] = {}
    for row in (
        Person.objects.filter(household__commune=commune)
        .order_by("household_id", "position")
        .values_list("household_id", *_PERSON_FIELDS)
    ):
        stored_persons.setdefault(row[0], []).append(tuple(row[1:]))
    members: dict[str, list[CorePerson]] = {}
    for person in register.persons:
        members.setdefault(person.household, []).append(person)
    created: list[Household] = []
    updated: list[Household] = []
    for row in register.households:
        values = _household_values(row, hamlets[row.hamlet])
        current = stored.get(row.code)
        if current is not None:
            wanted = [_person_values(person) for person in members.get(row.code, [])]
            if stored_persons.get(current["id"], []) == wanted and all(
                current[key] == value for key, value in values.items()
            ):
                continue  # the same household and members: left alone
        household = Household(commune=commune, code=row.code, written_by=record, **values)
        if current is None:
            created.append(household)
        else:
            household.pk = current["id"]
            updated.append(household)
    # An updated household is written anew (Django's bulk_update is a CASE per field and
    # row, 10x slower than an insert); nothing refers to a household but its members,
    # which are replaced anyway.
    replaced = [household.pk for household in updated]
    Person.objects.filter(household_id__in=replaced).delete()
    Household.objects.filter(id__in=replaced).delete()
    for household in updated:
        household.pk = None
    Household.objects.bulk_create([*created, *updated], batch_size=_BATCH)
    ids = {code: row["id"] for code, row in stored.items()}
    ids.update({household.code: household.pk for household in (*created, *updated)})
    removed = 0
    if replace:
        in_file = {row.code for row in register.households}
        gone = [pk for code, pk in ids.items() if code not in in_file]
        Person.objects.filter(household_id__in=gone).delete()
        removed = Household.objects.filter(id__in=gone).delete()[1].get(Household._meta.label, 0)
    Person.objects.bulk_create(
        [
            Person(
                household_id=household.pk,
                position=position,
                **dict(zip(_PERSON_FIELDS, _person_values(person), strict=True)),
            )
            for household in (*created, *updated)
            for position, person in enumerate(members.get(household.code, []), start=1)
        ],
        batch_size=_BATCH,
    )
    return len(created), len(updated), removed


def _store_results(
    record: RegisterImport, indicators: HouseholdIndicators, hamlets: dict[str, Unit]
) -> None:
    RegisterResult.objects.bulk_create(
        [
            RegisterResult(
                register_import=record,
                hamlet=None if result.hamlet is None else hamlets[result.hamlet],
                tally=result.tally.value,
                indicator=result.indicator_code or "",
                unit=result.unit.value,
                numerator=result.numerator,
                denominator=result.denominator,
                excluded=result.excluded,
                verified=result.verified,
            )
            for result in indicators.results
        ]
    )


def register_check(*, commune: Unit, register: Register, replace: bool) -> dict[str, Unit]:
    """Whether ``register`` may be written into the commune's register, before anything is
    written (the import's check step shows the refusal): its hamlets are the commune's, and
    it mixes no synthetic rows with real ones and no earlier date with a later one. Returns
    the hamlets by code.

    Raises:
        RegisterRefused: with the reason (its field "replace" when ticking "the file is the
            whole register" would allow it).
    """
    hamlets = _hamlet_units(commune, register)
    _check_mixing(commune, register, replace)
    return hamlets


def _check_mixing(commune: Unit, register: Register, replace: bool) -> None:
    """A register is one thing at one date: never real and synthetic rows together (the
    indicators would mix made-up households into a commune's figures), and never rows of an
    earlier date updating later ones (the ages and review years would count from the wrong
    year), unless the file replaces the whole register."""
    stored = Household.objects.filter(commune=commune)
    if register.synthetic and stored.filter(written_by__synthetic=False).exists():
        raise RegisterRefused(
            _(
                "The commune's register holds real households: synthetic rows are never "
                "mixed with them."
            )
        )
    if replace:
        return
    if not register.synthetic and stored.filter(written_by__synthetic=True).exists():
        raise RegisterRefused(
            _(
                'The stored register is synthetic: tick "the file is the whole register" to '
                "replace it with these rows."
            ),
            "replace",
        )
    latest = register_import_latest(commune)
    if latest is not None and stored.exists() and register.reference_date < latest.reference_date:
        raise RegisterRefused(
            _(
                "The stored register is of %(stored)s, later than this file's %(date)s: a file "
                "of an earlier date can only replace the whole register."
            )
            % {
                "stored": latest.reference_date.strftime("%d/%m/%Y"),
                "date": register.reference_date.strftime("%d/%m/%Y"),
            },
            "replace",
        )


def _register_compute(
    record: RegisterImport,
    hamlets: dict[str, Unit],
    *,
    actor: User | None,
    record_readings: bool = True,
) -> RegisterWritten:
    """Compute every household-based tally of the commune's stored register, per hamlet
    and for the commune (:func:`ntm.core.households.compute.compute_indicators`), store
    the counts with ``record``, and record the commune's counts as readings of the review
    of the reference date's year, with the register as their source. Called inside
    :func:`register_write`'s transaction.

    No readings are recorded when there is no review of that year, when it is locked, or
    for a synthetic register; :attr:`RegisterWritten.review_skipped` says why.
    """
    commune = record.commune
    register = register_load(record)
    record_readings = record_readings and not register.synthetic
    review = review_of_year(commune, record.reference_date.year)
    catalog = Catalog.shipped()
    criteria_set = catalog.criteria_set(review.criteria_set if review is not None else DEFAULT_SET)
    indicators = compute_indicators(register, RegisterRules(), criteria_set=criteria_set)
    _store_results(record, indicators, hamlets)
    skipped = ""
    if review is None:
        skipped = _("There is no review of %(year)d for this commune.") % {
            "year": record.reference_date.year
        }
    elif review.locked:
        skipped = _("The review of %(year)d is submitted and locked.") % {"year": review.year}
    elif not record_readings or actor is None:
        skipped = _("Synthetic rows never become readings of a review.")
    if skipped:
        return RegisterWritten(record, review_skipped=skipped)
    assert review is not None and actor is not None
    before = {result.criterion.number: result.outcome.value for result in _criteria(review)}
    count = 0
    source = _reading_source(record.reference_date, record.file_name)
    results = [result for result in indicators.commune() if result.indicator_code is not None]
    current_ids = dict(
        Reading.objects.filter(
            review=review, current=True, indicator__in=[r.indicator_code for r in results]
        ).values_list("indicator", "id")
    )
    for result in results:
        code = result.indicator_code
        assert code is not None
        criterion = criteria_set.indicator(code).criterion
        current = current_ids.get(code)
        note = _note(result)
        if result.counted:
            cells = {"value": str(result.numerator), "numerator": "", "denominator": ""}
        elif result.denominator == 0:
            # No value (a missing value is never zero); an earlier value stops being current.
            if current is None:
                continue
            cells = {"value": "", "numerator": "", "denominator": ""}
            note = _("The register has no one in this indicator's denominator: no value.")
        else:
            cells = {
                "value": "",
                "numerator": str(result.numerator),
                "denominator": str(result.denominator),
            }
        cells.update({"result": "", "verdict": "", "source": source, "note": note})
        reading_record(
            actor=actor,
            review=review,
            criterion=criterion,
            indicator=code,
            cells=cells,
            base_id=current,
            notify=False,
        )
        count += 1
    if count:
        review_changed.send(sender=Review, review=review, actor=actor)
    record.review = review
    record.readings = count
    record.save(update_fields=["review", "readings", "updated_at"])
    after = {result.criterion.number: result.outcome.value for result in _criteria(review)}
    changed = {
        number: (before.get(number, ""), outcome)
        for number, outcome in after.items()
        if before.get(number) != outcome
    }
    return RegisterWritten(record, changed=changed)


def _criteria(review: Review) -> tuple[CriterionResult, ...]:
    return review_evaluate(review).criteria


def _reading_source(reference_date: date, file_name: str) -> str:
    """The source a reading computed from the register carries: "Sổ hộ ngày 31/12/2024
    (so-ho.xlsx)"."""
    text = _("Household register of %(date)s") % {"date": reference_date.strftime("%d/%m/%Y")}
    return f"{text} ({file_name})" if file_name else text


def _note(result: TallyResult) -> str:
    if result.verified:
        return ""
    return _("Computed from the household register with definitions not yet confirmed.")


def demo_register_store(
    *, commune_code: str, households: int, seed: int, hamlets: int, reference_date: date
) -> RegisterWritten:
    """Store a synthetic register (:func:`ntm.core.households.synthetic.synthetic_register`)
    for a commune (its code, or its URL key "05560~20250701" for a commune that ended),
    creating ``hamlets`` numbered hamlets ("Xóm 1" …, their source saying
    they are made up) when it has none. The register is labelled synthetic, replaces the
    commune's synthetic register if it has one, and never becomes readings of a review. All
    or nothing.

    Raises:
        LookupError: no commune with that code.
        RegisterRefused: the commune's register holds real households.
    """
    with transaction.atomic():
        return _demo_register_store(commune_code, households, seed, hamlets, reference_date)


def _demo_register_store(
    commune_code: str, households: int, seed: int, hamlets: int, reference_date: date
) -> RegisterWritten:
    commune = commune_by_url_key(commune_code)
    if commune is None:
        raise LookupError(commune_code)
    units = register_hamlets(commune)
    if not units:
        units = [
            Unit.objects.create(
                kind=UnitKind.HAMLET,
                code=f"{commune.code}-{number:02d}",
                name=str(number),
                type_name="Xóm",
                parent=commune,
                province=commune.province,
                valid_from=commune.valid_from,
                valid_to=commune.valid_to,
                source="ntm demo-data (synthetic)",
            )
            for number in range(1, hamlets + 1)
        ]
    register = synthetic_register(
        commune.code,
        households=households,
        seed=seed,
        hamlets=[unit.code for unit in units],
        reference_date=reference_date,
    )
    written = register_write(
        actor=None,
        commune=commune,
        register=register,
        file_name="ntm demo-data",
        replace=True,
        record_readings=False,
    )
    return RegisterWritten(
        written.register_import, hamlets=len(units), review_skipped=written.review_skipped
    )
