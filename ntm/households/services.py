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
from ntm.core.households.compute import HouseholdIndicators, MeasureResult, compute_indicators
from ntm.core.households.register import Register, RegisterRules
from ntm.core.households.synthetic import synthetic_register
from ntm.households.models import Household, Person, RegisterImport, RegisterResult
from ntm.households.selectors import register_hamlets, register_load
from ntm.reviews.models import Reading, Review
from ntm.reviews.selectors import review_evaluate, review_of_year
from ntm.reviews.services import reading_record
from ntm.territories.models import Unit, UnitKind
from ntm.territories.selectors import commune_by_url_key
from ntm.users.permissions import require_commune_officer

__all__ = [
    "DEFAULT_SET",
    "RegisterRefused",
    "RegisterWritten",
    "demo_register_store",
    "register_compute",
    "register_write",
]

#: With no review to follow, the national nâng cao set names the indicators.
DEFAULT_SET = "xa-ntm-nang-cao-2021-2025"
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
        RegisterRefused: a hamlet code is not one of the commune's.
    """
    if actor is not None:
        require_commune_officer(actor, commune)
    hamlets = _hamlet_units(commune, register)
    with transaction.atomic():
        # One import of a commune at a time: a second waits here, then updates by code.
        Unit.objects.select_for_update().filter(pk=commune.pk).first()
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
        stored = dict(Household.objects.filter(commune=commune).values_list("code", "id"))
        created: list[Household] = []
        updated: list[Household] = []
        for row in register.households:
            household = Household(
                commune=commune,
                hamlet=hamlets[row.hamlet],
                code=row.code,
                head_name=row.head_name,
                id_number=row.id_number,
                members=row.members,
                structure=row.structure.value,
                floor_area=row.floor_area,
                poverty_class=row.poverty_class.value,
                poverty_year=row.poverty_year,
                clean_water=row.clean_water,
                sanitary_latrine=row.sanitary_latrine,
                waste_sorted=row.waste_sorted,
                written_by=record,
            )
            if row.code in stored:
                household.pk = stored[row.code]
                updated.append(household)
            else:
                created.append(household)
        Household.objects.bulk_update(updated, _HOUSEHOLD_FIELDS, batch_size=_BATCH)
        Household.objects.bulk_create(created, batch_size=_BATCH)
        if not (created and created[0].pk):  # backends that do not return keys
            stored = dict(Household.objects.filter(commune=commune).values_list("code", "id"))
        else:
            stored.update({household.code: household.pk for household in created})
        in_file = {row.code for row in register.households}
        removed = 0
        if replace:
            gone = [pk for code, pk in stored.items() if code not in in_file]
            Person.objects.filter(household_id__in=gone).delete()
            removed = (
                Household.objects.filter(id__in=gone).delete()[1].get(Household._meta.label, 0)
            )
        Person.objects.filter(household_id__in=[household.pk for household in updated]).delete()
        positions: dict[str, int] = {}
        persons = []
        for person in register.persons:
            position = positions.get(person.household, 0) + 1
            positions[person.household] = position
            persons.append(
                Person(
                    household_id=stored[person.household],
                    position=position,
                    name=person.name,
                    id_number=person.id_number,
                    birth_year=person.birth_year,
                    sex=person.sex.value,
                    working=person.working,
                    trained=person.trained,
                    certificate=person.certificate.value,
                    health_insurance=person.health_insurance,
                )
            )
        Person.objects.bulk_create(persons, batch_size=_BATCH)
        record.households_created = len(created)
        record.households_updated = len(updated)
        record.households_removed = removed
        record.save()
        written = register_compute(
            record, actor=actor, record_readings=record_readings and not register.synthetic
        )
        if actor is not None:
            audit_event_record(
                actor=actor,
                action="register.import",
                unit=commune,
                target_type="register_import",
                target_id=record.pk,
                summary=_("%(file)s: %(created)d households added, %(updated)d updated")
                % {
                    "file": file_name or register.source,
                    "created": len(created),
                    "updated": len(updated),
                },
                after={
                    "reference_date": register.reference_date.isoformat(),
                    "source": register.source,
                    "households_created": len(created),
                    "households_updated": len(updated),
                    "households_removed": removed,
                    "persons": len(register.persons),
                    "readings": record.readings,
                },
            )
    return written


def _store_results(record: RegisterImport, indicators: HouseholdIndicators) -> None:
    hamlets = {hamlet.code: hamlet for hamlet in register_hamlets(record.commune)}
    RegisterResult.objects.bulk_create(
        [
            RegisterResult(
                register_import=record,
                hamlet=None if result.hamlet is None else hamlets[result.hamlet],
                measure=result.measure.value,
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


def register_compute(
    record: RegisterImport, *, actor: User | None, record_readings: bool = True
) -> RegisterWritten:
    """Compute every household-based measure of the commune's stored register, per hamlet
    and for the commune (:func:`ntm.core.households.compute.compute_indicators`), store
    the counts with ``record``, and record the commune's counts as readings of the review
    of the reference date's year, with the register as their source.

    No readings are recorded when there is no review of that year, when it is locked, or
    for synthetic rows; :attr:`RegisterWritten.review_skipped` says why.
    """
    commune = record.commune
    register = register_load(commune)
    assert register is not None
    review = review_of_year(commune, record.reference_date.year)
    catalog = Catalog.shipped()
    criteria_set = catalog.criteria_set(review.criteria_set if review is not None else DEFAULT_SET)
    indicators = compute_indicators(register, RegisterRules(), criteria_set=criteria_set)
    _store_results(record, indicators)
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
    source = register_source(record.reference_date, record.file_name)
    for result in indicators.commune():
        if result.indicator_code is None:
            continue
        code = result.indicator_code
        criterion = criteria_set.indicator(code).criterion
        current = (
            Reading.objects.filter(review=review, indicator=code, current=True).only("id").first()
        )
        if result.counted:
            cells = {"value": str(result.numerator), "numerator": "", "denominator": ""}
        elif result.denominator == 0:
            continue  # no value: a missing value is never zero
        else:
            cells = {
                "value": "",
                "numerator": str(result.numerator),
                "denominator": str(result.denominator),
            }
        cells.update({"result": "", "verdict": "", "source": source, "note": _note(result)})
        reading_record(
            actor=actor,
            review=review,
            criterion=criterion,
            indicator=code,
            cells=cells,
            base_id=None if current is None else current.pk,
        )
        count += 1
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


def _criteria(review: Review) -> tuple:  # type: ignore[type-arg]
    return review_evaluate(review).criteria


def register_source(reference_date: date, file_name: str) -> str:
    """The source a reading computed from the register carries: "Sổ hộ ngày 31/12/2024
    (so-ho.xlsx)"."""
    text = _("Household register of %(date)s") % {"date": reference_date.strftime("%d/%m/%Y")}
    return f"{text} ({file_name})" if file_name else text


def _note(result: MeasureResult) -> str:
    if result.verified:
        return ""
    return _("Computed from the household register with definitions not yet confirmed.")


def demo_register_store(
    *, commune_code: str, households: int, seed: int, hamlets: int, reference_date: date
) -> RegisterWritten:
    """Store a synthetic register (:func:`ntm.core.households.synthetic.synthetic_register`)
    for a commune (its code, or its URL key "05560~20250701" for a commune that ended),
    creating ``hamlets`` numbered hamlets ("Xóm 1" …, their source saying
    they are made up) when it has none. The register is labelled synthetic and never
    becomes readings of a review.

    Raises:
        LookupError: no commune with that code.
    """
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
