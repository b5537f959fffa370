"""RegisterColumns: the register as numpy arrays; columns_of, concat_columns, for_commune,
and compute_communes, which must give each commune what compute_indicators gives it."""

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from ntm.core.exceptions import InputError
from ntm.core.households.columns import (
    CERTIFICATES,
    STRUCTURES,
    HouseholdColumns,
    PersonColumns,
    RegisterColumns,
    code_of,
    columns_of,
    concat_columns,
)
from ntm.core.households.compute import (
    HouseholdIndicators,
    Tally,
    compute_communes,
    compute_indicators,
)
from ntm.core.households.register import (
    Certificate,
    HouseStructure,
    PovertyClass,
    Register,
    RegisterRules,
    Sex,
)
from ntm.core.households.synthetic import synthetic_register
from ntm.core.registry import Catalog

BASIC = Catalog.shipped().criteria_set("xa-ntm-2021-2025")
ADVANCED = Catalog.shipped().criteria_set("xa-ntm-nang-cao-2021-2025")


def test_enumeration_codes_are_positions_in_declaration_order() -> None:
    assert STRUCTURES == (
        HouseStructure.PERMANENT,
        HouseStructure.SEMI_PERMANENT,
        HouseStructure.LESS_PERMANENT,
        HouseStructure.SIMPLE,
    )
    assert code_of(HouseStructure.SIMPLE) == 3
    assert code_of(PovertyClass.NEAR_POOR) == 1
    assert code_of(Sex.FEMALE) == 1
    assert code_of(Certificate.UNIVERSITY) == 5
    assert CERTIFICATES[5] is Certificate.UNIVERSITY


def test_columns_of_keeps_every_row_in_order(small_register: Register) -> None:
    columns = columns_of(small_register)
    households, persons = columns.households, columns.persons
    assert columns.hamlets == ("X1", "X2")
    assert columns.communes is None and households.commune is None
    assert list(households.code) == ["H1", "H2", "H3", "H4", "H5", "H6"]
    assert households.hamlet.tolist() == [0, 0, 0, 1, 1, 1]
    # permanent, semi, simple, less, permanent, permanent
    assert households.structure.tolist() == [0, 1, 3, 2, 0, 0]
    # poor, none, near-poor, none, average, near-poor
    assert households.poverty_class.tolist() == [0, 3, 1, 3, 2, 1]
    assert households.poverty_year.tolist() == [2024, 2024, 2024, 2023, 2024, 2024]
    assert households.clean_water.tolist() == [True, True, False, True, True, False]
    assert households.sanitary_latrine.tolist() == [True, False, False, True, True, True]
    assert households.waste_sorted.tolist() == [True, True, False, False, True, False]
    assert persons.household.tolist() == [0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5]
    assert persons.birth_year[:3].tolist() == [1970, 1972, 2015]
    assert persons.sex[:3].tolist() == [0, 1, 1]
    assert persons.certificate[3:5].tolist() == [5, 2]  # university, elementary
    assert int(persons.working.sum()) == 12
    assert int(persons.health_insurance.sum()) == 12
    assert households.hamlet.dtype == np.int32
    assert households.structure.dtype == np.int8
    assert persons.birth_year.dtype == np.int16
    assert households.code.dtype == object
    assert (columns.reference_date, columns.source, columns.synthetic) == (
        date(2024, 12, 31),
        "hand-made test register",
        False,
    )


def test_compute_indicators_gives_the_same_from_rows_and_from_columns(
    small_register: Register,
) -> None:
    from_rows = compute_indicators(small_register, RegisterRules(), criteria_set=BASIC)
    columns = columns_of(small_register, commune="05560")
    from_columns = compute_indicators(columns, RegisterRules(), criteria_set=BASIC)
    assert from_columns == from_rows
    permanent = from_columns.get(Tally.PERMANENT_HOUSING, hamlet="X1")
    assert (permanent.numerator, permanent.denominator) == (2, 3)


def _tiny(**changes: object) -> RegisterColumns:
    """Two households in one hamlet, three persons."""
    households = HouseholdColumns(
        code=np.array(["A", "B"], dtype=object),
        hamlet=[0, 0],
        structure=[0, 3],
        poverty_class=[3, 0],
        poverty_year=[2024, 2024],
        clean_water=[True, False],
        sanitary_latrine=[True, True],
        waste_sorted=[False, True],
    )
    persons = PersonColumns(
        household=[0, 0, 1],
        birth_year=[1980, 2010, 1990],
        sex=[0, 1, 1],
        working=[True, False, True],
        trained=[True, False, False],
        certificate=[2, 0, 0],
        health_insurance=[True, True, False],
    )
    values: dict[str, object] = {
        "households": households,
        "persons": persons,
        "hamlets": ("T1",),
        "reference_date": date(2024, 12, 31),
        "source": "tiny",
    }
    values.update(changes)
    return RegisterColumns(**values)  # type: ignore[arg-type]


def test_lists_are_converted_to_typed_arrays() -> None:
    columns = _tiny()
    assert columns.households.structure.dtype == np.int8
    assert columns.persons.household.dtype == np.int32
    assert len(columns.households) == 2
    assert len(columns.persons) == 3
    indicators = compute_indicators(columns, RegisterRules(), criteria_set=BASIC)
    # workers: the 1980 man (trained, elementary) and the 1990 woman (untrained).
    trained = indicators.get(Tally.TRAINED_WORKERS, hamlet="T1")
    assert (trained.numerator, trained.denominator) == (1, 2)
    assert indicators.get(Tally.POOR).numerator == 1
    assert indicators.get(Tally.MAKESHIFT_HOUSES).numerator == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hamlets": ()}, "households.hamlet holds codes, but there is nothing for them"),
        ({"hamlets": ("T1", "T1")}, "the hamlet codes repeat"),
        ({"communes": ("C1",)}, "a commune column needs the commune codes"),
    ],
)
def test_columns_refuse_codes_that_point_nowhere(change: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        _tiny(**change)


def test_columns_refuse_bad_rows() -> None:
    tiny = _tiny()
    with pytest.raises(InputError, match="households.structure holds a code outside 0 to 3"):
        replace(tiny, households=replace(tiny.households, structure=[0, 4]))
    with pytest.raises(InputError, match="persons.household holds a code outside 0 to 1"):
        replace(tiny, persons=replace(tiny.persons, household=[0, 0, 2]))
    with pytest.raises(InputError, match="persons.certificate holds a code outside 0 to 6"):
        replace(tiny, persons=replace(tiny.persons, certificate=[0, -1, 0]))
    with pytest.raises(InputError, match="person 3 is born in 2025, after the reference date"):
        replace(tiny, persons=replace(tiny.persons, birth_year=[1980, 2010, 2025]))
    with pytest.raises(InputError, match="the persons columns differ in length"):
        replace(tiny.persons, sex=[0, 1])
    with pytest.raises(InputError, match="households.hamlet is not one-dimensional"):
        replace(tiny.households, hamlet=[[0, 0]])
    with pytest.raises(InputError, match="households.commune holds a code outside 0 to 0"):
        replace(
            tiny,
            households=replace(tiny.households, commune=[0, 1]),
            communes=("C1",),
        )


def _communes() -> tuple[list[tuple[str, Register]], RegisterColumns]:
    registers = [
        ("05560", synthetic_register("05560", households=400, seed=1, hamlets=5)),
        ("05563", synthetic_register("05563", households=250, seed=2, hamlets=3)),
        # Two communes may use the same hamlet codes: they stay apart.
        ("05566", synthetic_register("05566", households=300, seed=3, hamlets=("01", "02"))),
        ("05569", synthetic_register("05569", households=200, seed=4, hamlets=("02", "01"))),
    ]
    parts = [columns_of(register, commune=code) for code, register in registers]
    return registers, concat_columns(parts, source="four synthetic communes")


def test_concat_columns_renumbers_hamlets_households_and_communes() -> None:
    registers, columns = _communes()
    assert columns.communes == ("05560", "05563", "05566", "05569")
    assert columns.hamlets[:2] == ("01", "02")
    assert len(columns.hamlets) == 2 + 5 + 3
    assert len(columns.households) == 1150
    assert len(columns.persons) == sum(len(r.persons) for _, r in registers)
    assert columns.synthetic is True
    assert columns.source == "four synthetic communes"
    # The 401st household is the first of 05563; its first person points to it.
    second = registers[1][1]
    assert columns.households.code[400] == second.households[0].code
    assert columns.hamlets[columns.households.hamlet[400]] == second.households[0].hamlet
    assert columns.households.commune is not None
    assert columns.households.commune[[0, 399, 400, 1149]].tolist() == [0, 0, 1, 3]
    first_person = len(registers[0][1].persons)
    assert columns.persons.household[first_person] == 400


def test_for_commune_gives_back_one_communes_rows() -> None:
    registers, columns = _communes()
    code, register = registers[2]
    alone = columns.for_commune(code)
    assert alone.communes is None and alone.households.commune is None
    assert list(alone.households.code) == [h.code for h in register.households]
    assert alone.persons.household.tolist() == columns_of(register).persons.household.tolist()
    with pytest.raises(KeyError):
        columns.for_commune("99999")
    with pytest.raises(KeyError):
        alone.for_commune(code)


def _same_figures(left: HouseholdIndicators, right: HouseholdIndicators) -> None:
    assert left.hamlets == right.hamlets
    assert left.criteria_set == right.criteria_set
    assert left.results == right.results


def test_compute_communes_gives_each_commune_what_compute_indicators_gives_it() -> None:
    registers, columns = _communes()
    sets = {"05560": BASIC, "05563": ADVANCED, "05566": BASIC, "05569": BASIC}
    rules = RegisterRules()
    by_commune = compute_communes(columns, rules, criteria_sets=sets)
    assert list(by_commune) == ["05560", "05563", "05566", "05569"]
    for code, register in registers:
        alone = compute_indicators(register, rules, criteria_set=sets[code])
        _same_figures(by_commune[code], alone)
        _same_figures(
            by_commune[code],
            compute_indicators(columns.for_commune(code), rules, criteria_set=sets[code]),
        )
        assert by_commune[code].source == "four synthetic communes"
        assert by_commune[code].synthetic is True
    assert by_commune["05566"].hamlets == ("01", "02")
    assert by_commune["05563"].get(Tally.HEALTH_INSURANCE).indicator_code == "14.1"
    assert by_commune["05560"].get(Tally.HEALTH_INSURANCE).indicator_code == "15.1"


def test_compute_communes_gives_a_commune_without_households_no_values() -> None:
    tiny = _tiny()
    columns = replace(
        tiny, households=replace(tiny.households, commune=[0, 0]), communes=("C1", "C2")
    )
    result = compute_communes(columns, RegisterRules(), criteria_sets={"C1": BASIC, "C2": BASIC})
    assert result["C1"].hamlets == ("T1",)
    empty = result["C2"]
    assert empty.hamlets == ()
    assert len(empty.results) == len(Tally)
    assert all((r.numerator, r.denominator, r.percent) == (0, 0, None) for r in empty.results)


def test_compute_communes_needs_communes_and_a_set_for_each() -> None:
    _, columns = _communes()
    with pytest.raises(InputError, match="no criteria set for the communes 05563, 05569"):
        compute_communes(columns, RegisterRules(), criteria_sets={"05560": BASIC, "05566": BASIC})
    with pytest.raises(InputError, match="the register has no commune column"):
        compute_communes(_tiny(), RegisterRules(), criteria_sets={})


def test_concat_columns_refuses_what_cannot_be_joined(small_register: Register) -> None:
    part = columns_of(small_register, commune="A")
    with pytest.raises(InputError, match="there are no registers to join"):
        concat_columns([], source="x")
    with pytest.raises(InputError, match="needs a commune column"):
        concat_columns([part, columns_of(small_register)], source="x")
    with pytest.raises(InputError, match="a commune appears in two registers"):
        concat_columns([part, part], source="x")
    later = replace(part, reference_date=date(2025, 12, 31), communes=("B",))
    with pytest.raises(InputError, match="different reference dates: 2024-12-31, 2025-12-31"):
        concat_columns([part, later], source="x")
