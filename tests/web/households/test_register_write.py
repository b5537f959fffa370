"""Storing a register: the counts computed by hand from the six households, the readings
they give the Phúc Chu 2024 review, re-import by code, all or nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.contrib.auth.models import User

from ntm.audit.models import AuditEvent
from ntm.households.models import Household, Person, RegisterImport, RegisterResult
from ntm.households.services import RegisterRefused, register_write
from ntm.reviews.models import Reading, Review
from ntm.reviews.selectors import review_evaluate
from ntm.territories.models import Unit
from tests.core.households.conftest import REFERENCE
from tests.web.households.conftest import hand_register

pytestmark = pytest.mark.django_db


def _commune_counts(record: RegisterImport) -> dict[str, tuple[int, int]]:
    return {
        result.tally: (result.numerator, result.denominator)
        for result in RegisterResult.objects.filter(register_import=record, hamlet=None)
    }


def test_counts_and_readings_from_the_hand_register(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review
) -> None:
    written = register_write(
        actor=officer, commune=phuc_chu, register=hand_register(), file_name="so-ho.xlsx"
    )
    record = written.register_import
    assert (record.households_created, record.households_updated, record.persons) == (6, 0, 15)
    # By hand (tests/core/households/conftest.py): H1, H2, H5, H6 permanent or semi; H1 the
    # only poor household of the five classified in 2024 (H4 was classified in 2023); 12 of
    # 15 persons insured; 6 of the 9 working-age workers trained, 3 with a diploma; H1, H2,
    # H5 sort their waste.
    assert _commune_counts(record) | {} == {
        "permanent_housing": (4, 6),
        "makeshift_houses": (1, 6),
        "poor": (1, 5),
        "poor_or_near_poor": (3, 5),
        "trained_workers": (6, 9),
        "certified_workers": (3, 9),
        "health_insurance": (12, 15),
        "clean_water": (4, 6),
        "sanitary_latrine": (4, 6),
        "waste_sorting": (3, 6),
    }
    bản_pấu = RegisterResult.objects.get(
        register_import=record, hamlet=hamlets[0], tally="permanent_housing"
    )
    assert (bản_pấu.numerator, bản_pấu.denominator) == (2, 3)
    readings = {
        reading.indicator: (reading.numerator, reading.denominator)
        for reading in Reading.objects.filter(
            review=phuc_chu_review, current=True, source__startswith="Sổ hộ"
        )
    } or {
        reading.indicator: (reading.numerator, reading.denominator)
        for reading in Reading.objects.filter(
            review=phuc_chu_review, current=True, source__contains="so-ho.xlsx"
        )
    }
    assert readings == {
        "9.1": ("4", "6"),
        "11": ("1", "5"),
        "12.1": ("6", "9"),
        "12.2": ("3", "9"),
        "14.1": ("12", "15"),
        "17.1": ("3", "6"),
        "18.1": ("4", "6"),
        "18.3": ("4", "6"),
    }
    assert record.readings == 8 and record.review == phuc_chu_review
    # Criterion 14, met by the commune's own verdict, now fails on 14.1: 80% < 95%.
    outcomes = {c.number: c.outcome.value for c in review_evaluate(phuc_chu_review).criteria}
    assert outcomes[14] == "not_met"
    assert written.changed[14] == ("met", "not_met")
    assert AuditEvent.objects.filter(action="register.import", target_id=str(record.pk)).exists()


def test_reimport_updates_by_code_and_replaces_members(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review
) -> None:
    register_write(actor=officer, commune=phuc_chu, register=hand_register())
    first = hand_register()
    h3 = next(h for h in first.households if h.code == "H3")
    second = hand_register(
        households=(replace(h3, structure=h3.structure.PERMANENT),),
        persons=tuple(p for p in first.persons if p.household == "H3")[:1],
    )
    written = register_write(actor=officer, commune=phuc_chu, register=second)
    record = written.register_import
    assert (record.households_created, record.households_updated) == (0, 1)
    assert Household.objects.filter(commune=phuc_chu).count() == 6
    assert Household.objects.get(commune=phuc_chu, code="H3").structure == "permanent"
    assert Person.objects.filter(household__code="H3").count() == 1
    assert Person.objects.count() == 15 - 3 + 1
    # The other households are kept: 5 of 6 permanent or semi now (H4 is not).
    assert _commune_counts(record)["permanent_housing"] == (5, 6)


def test_replace_removes_the_households_the_file_lacks(
    officer: User, phuc_chu: Unit, hamlets: list[Unit]
) -> None:
    register_write(actor=officer, commune=phuc_chu, register=hand_register())
    full = hand_register()
    kept = tuple(h for h in full.households if h.code in {"H1", "H2"})
    written = register_write(
        actor=officer,
        commune=phuc_chu,
        register=hand_register(
            households=kept, persons=tuple(p for p in full.persons if p.household in {"H1", "H2"})
        ),
        replace=True,
    )
    assert written.register_import.households_removed == 4
    assert sorted(Household.objects.values_list("code", flat=True)) == ["H1", "H2"]
    assert Person.objects.count() == 5


def test_unknown_hamlet_writes_nothing(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review
) -> None:
    full = hand_register()
    bad = hand_register(
        households=(*full.households[:-1], replace(full.households[-1], hamlet="05554-01"))
    )
    readings = Reading.objects.count()
    with pytest.raises(RegisterRefused, match="05554-01"):
        register_write(actor=officer, commune=phuc_chu, register=bad)
    assert not Household.objects.exists()
    assert not RegisterImport.objects.exists()
    assert Reading.objects.count() == readings


def test_only_the_officer_imports(
    make_user,
    phuc_chu: Unit,
    hamlets: list[Unit],
    bao_linh: Unit,  # type: ignore[no-untyped-def]
) -> None:
    from django.core.exceptions import PermissionDenied

    from ntm.users.models import Role

    official = make_user("vh", Role.COMMUNE_OFFICIAL, phuc_chu, criteria=[9, 11, 12, 14, 17])
    other = make_user("bl", Role.COMMUNE_OFFICER, bao_linh)
    for user in (official, other):
        with pytest.raises(PermissionDenied):
            register_write(actor=user, commune=phuc_chu, register=hand_register())
    assert not Household.objects.exists()


def test_the_same_file_again_changes_nothing(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review
) -> None:
    register_write(actor=officer, commune=phuc_chu, register=hand_register(), file_name="a.xlsx")
    ids = sorted(Household.objects.values_list("id", flat=True))
    people = sorted(Person.objects.values_list("id", flat=True))
    readings = Reading.objects.count()
    again = register_write(
        actor=officer, commune=phuc_chu, register=hand_register(), file_name="a.xlsx"
    )
    assert Reading.objects.count() == readings  # the same values: no new readings
    record = again.register_import
    assert (record.households_created, record.households_updated) == (0, 0)
    assert record.households_unchanged == 6
    assert sorted(Household.objects.values_list("id", flat=True)) == ids
    assert sorted(Person.objects.values_list("id", flat=True)) == people
    # The results are computed again for the new import, with the same counts.
    assert _commune_counts(record)["health_insurance"] == (12, 15)


def test_real_rows_never_mix_with_a_synthetic_register(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review
) -> None:
    from ntm.households.services import demo_register_store

    demo_register_store(
        commune_code=phuc_chu.url_key,
        households=40,
        seed=1,
        hamlets=2,
        reference_date=REFERENCE,
    )
    readings = Reading.objects.count()
    with pytest.raises(RegisterRefused) as refused:
        register_write(actor=officer, commune=phuc_chu, register=hand_register())
    assert refused.value.field == "replace"
    assert Household.objects.count() == 40 and Reading.objects.count() == readings
    # The whole register replaced: the synthetic households are gone, readings recorded.
    written = register_write(
        actor=officer, commune=phuc_chu, register=hand_register(), replace=True
    )
    assert written.register_import.households_removed == 40
    assert Household.objects.count() == 6 and written.register_import.readings == 8
    # And the demo refuses to overwrite a real register.
    with pytest.raises(RegisterRefused):
        demo_register_store(
            commune_code=phuc_chu.url_key,
            households=40,
            seed=1,
            hamlets=2,
            reference_date=REFERENCE,
        )
    assert Household.objects.count() == 6


def test_a_synthetic_register_never_becomes_readings(
    phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review
) -> None:
    from ntm.households.services import demo_register_store

    readings = Reading.objects.count()
    written = demo_register_store(
        commune_code=phuc_chu.url_key, households=60, seed=3, hamlets=2, reference_date=REFERENCE
    )
    assert written.register_import.synthetic and written.register_import.readings == 0
    assert Reading.objects.count() == readings
    assert written.review_skipped


def test_an_older_file_cannot_update_a_later_register(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review
) -> None:
    import datetime

    register_write(actor=officer, commune=phuc_chu, register=hand_register())
    older = hand_register(reference_date=datetime.date(2023, 12, 31), persons=())
    with pytest.raises(RegisterRefused, match="31/12/2024"):
        register_write(actor=officer, commune=phuc_chu, register=older)
    assert RegisterImport.objects.count() == 1


def test_a_value_that_disappears_is_no_longer_current(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review
) -> None:
    register_write(actor=officer, commune=phuc_chu, register=hand_register())
    assert Reading.objects.get(review=phuc_chu_review, indicator="14.1", current=True).numerator
    # The same households with no person rows: no denominator for 12.1, 12.2 and 14.1.
    register_write(
        actor=officer, commune=phuc_chu, register=hand_register(persons=()), replace=True
    )
    current = Reading.objects.get(review=phuc_chu_review, indicator="14.1", current=True)
    assert (current.numerator, current.denominator, current.value) == ("", "", "")
    assert "Sổ hộ" in current.source or "register" in current.source
