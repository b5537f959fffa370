"""The register's rows: NFC names, the checks a register makes, the rules as settings;
and the synthetic register: reproducible by seed, marked synthetic."""

import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from ntm.core import InputError
from ntm.core.households.register import (
    Certificate,
    Household,
    HouseStructure,
    Person,
    PovertyClass,
    Register,
    RegisterRules,
    Setting,
    Sex,
)
from ntm.core.households.synthetic import synthetic_register

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Hương")
NFD_HAMLET = unicodedata.normalize("NFD", "Xóm Đồng")


def make_household(code: str = "H1", **changes: object) -> Household:
    values: dict[str, object] = {
        "code": code,
        "hamlet": "X1",
        "head_name": "Trần Văn Bình",
        "members": 2,
        "structure": HouseStructure.PERMANENT,
        "floor_area": Decimal("60"),
        "poverty_class": PovertyClass.NONE,
        "poverty_year": 2024,
        "clean_water": True,
        "sanitary_latrine": True,
        "waste_sorted": True,
    }
    values.update(changes)
    return Household(**values)  # type: ignore[arg-type]


def make_person(household: str = "H1", birth_year: int = 1980) -> Person:
    return Person(household, birth_year, Sex.FEMALE, True, True, Certificate.COLLEGE, True)


def test_names_and_codes_are_kept_in_nfc() -> None:
    household = make_household(head_name=NFD_NAME, hamlet=NFD_HAMLET, code=f" {NFD_HAMLET}-1 ")
    assert NFD_NAME != "Nguyễn Thị Hương"
    assert household.head_name == "Nguyễn Thị Hương"
    assert unicodedata.is_normalized("NFC", household.head_name)
    assert household.hamlet == "Xóm Đồng"
    assert household.code == "Xóm Đồng-1"
    person = Person(f"{NFD_HAMLET}-1", 1990, Sex.MALE, True, False, Certificate.NONE, True)
    register = Register((household,), (person,), date(2024, 12, 31), source="t")
    assert register.persons[0].household == register.households[0].code
    assert register.hamlets == ("Xóm Đồng",)


def test_the_register_refuses_a_repeated_household_code() -> None:
    with pytest.raises(InputError, match="household code H1 appears twice"):
        Register((make_household(), make_household()), (), date(2024, 12, 31), source="t")


def test_the_register_refuses_a_person_of_an_unknown_household() -> None:
    with pytest.raises(InputError, match="person 2 belongs to household H9") as raised:
        Register(
            (make_household(),),
            (make_person(), make_person("H9")),
            date(2024, 12, 31),
            source="t",
        )
    assert raised.value.location.row == 2


def test_the_register_refuses_a_person_born_after_the_reference_date() -> None:
    with pytest.raises(InputError, match="born in 2025, after the reference date 2024-12-31"):
        Register(
            (make_household(),), (make_person(birth_year=2025),), date(2024, 12, 31), source="t"
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": " "}, "a household needs a code and a hamlet code"),
        ({"hamlet": ""}, "a household needs a code and a hamlet code"),
        ({"members": 0}, "household H1 has 0 members"),
        ({"floor_area": Decimal("-1")}, "household H1 has a negative floor area -1"),
    ],
)
def test_a_household_refuses_impossible_values(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        make_household(**changes)


def test_classes_have_vietnamese_labels() -> None:
    assert [s.label_vi for s in HouseStructure] == [
        "nhà kiên cố",
        "nhà bán kiên cố",
        "nhà thiếu kiên cố",
        "nhà đơn sơ",
    ]
    assert PovertyClass.NEAR_POOR.label_vi == "hộ cận nghèo"
    assert Certificate.ELEMENTARY.label_vi == "sơ cấp"
    assert all(c.label_vi for c in Certificate) and all(p.label_vi for p in PovertyClass)


def test_every_rule_is_a_named_setting_and_none_is_verified_yet() -> None:
    rules = RegisterRules()
    names = [name for name, _ in rules.settings()]
    assert names == list(rules.unverified())
    assert "working_age_min" in names and "permanent_structures" in names
    assert all(setting.source for _, setting in rules.settings())
    assert rules.setting("working_age_min").value == 15
    assert rules.setting("permanent_structures").value == {
        HouseStructure.PERMANENT,
        HouseStructure.SEMI_PERMANENT,
    }
    with pytest.raises(KeyError):
        rules.setting("no_such_rule")
    confirmed = replace(rules, working_age_min=Setting(15, verified=True, source="official"))
    assert "working_age_min" not in confirmed.unverified()


def test_the_synthetic_register_is_the_same_for_the_same_seed() -> None:
    first = synthetic_register("05560", households=300, seed=7)
    second = synthetic_register("05560", households=300, seed=7)
    assert first == second
    other = synthetic_register("05560", households=300, seed=8)
    assert other.households != first.households
    assert other.persons != first.persons


def test_the_synthetic_register_is_marked_and_complete() -> None:
    register = synthetic_register("05560", households=400, seed=1, hamlets=("Xóm Đồng", "Xóm Trại"))
    assert register.synthetic is True
    assert "synthetic" in register.source and "seed 1" in register.source
    assert len(register.households) == 400
    assert set(register.hamlets) == {"Xóm Đồng", "Xóm Trại"}
    assert len(register.persons) == sum(h.members for h in register.households)
    assert all(unicodedata.is_normalized("NFC", h.head_name) for h in register.households)
    assert len({h.code for h in register.households}) == 400
    assert {h.structure for h in register.households} == set(HouseStructure)
    assert {p.certificate for p in register.persons} == set(Certificate)


def test_the_synthetic_register_numbers_its_hamlets_by_default() -> None:
    register = synthetic_register("05560", households=200, seed=3, hamlets=3)
    assert register.hamlets == ("05560-01", "05560-02", "05560-03")
    assert register.reference_date == date(2024, 12, 31)
    later = synthetic_register("05560", households=10, seed=3, reference_date=date(2025, 6, 30))
    assert {h.poverty_year for h in later.households} <= {2024, 2025}
