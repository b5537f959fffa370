"""Benchmark: household registers at province scale, against pandas in the same run.

Stages, each in a fresh process (``multiprocessing`` with the "spawn" start method) so that
its peak memory is its own, with numpy's and DuckDB's native memory (tracemalloc sees
neither):

(a) generate: ``synthetic_province`` makes the registers as columns (numpy).
(b) export and import: every commune's households and persons are written as two CSV files
    with DuckDB ``COPY``; then, in another process, all the files are read back with
    DuckDB ``read_csv`` (explicit types, ENUM types for the lists of values), checked (a
    household code twice in a commune, a person pointing to no household) and turned into
    :class:`~ntm.core.households.columns.RegisterColumns`. If the product's file parser
    ``ntm.core.households.files.parse_register`` exists, it is timed on one commune's pair.
(c) compute: ``compute_communes``: every tally for every commune and every hamlet, with
    indicator codes, exact Decimal percentages and the rules applied.
(d) pandas: the same numerators and denominators written idiomatically in pandas (boolean
    columns, a join of persons to their households, ``groupby`` per commune and hamlet and
    per commune), from the same integer-coded columns (pandas' best case). Every
    numerator and denominator of (d) is checked equal to (c)'s before the ratio is printed.

The data is synthetic (``synthetic_province``): 15 hamlets a commune, about 4 persons a
household, the distributions of ``synthetic_register``. Timings are the best of
``--repeat`` runs; "peak MiB" is the process's peak resident memory during the stage
(Linux ``VmHWM``, reset when the stage starts; the stage's input data, already in memory,
is included and printed apart as "input MiB").

Goal (issue 5): province scale computed in under 3 s with peak memory under 2 GB, at least
10x faster than pandas.

Usage: python bench/registers.py [--scale quick|province|large] [--quick] [--repeat R]
       [--seed S]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import multiprocessing
import resource
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from ntm.core.households.columns import (
    CERTIFICATES,
    POVERTY_CLASSES,
    SEXES,
    STRUCTURES,
    HouseholdColumns,
    PersonColumns,
    RegisterColumns,
    code_of,
    columns_of,
)
from ntm.core.households.compute import Tally, compute_communes, compute_indicators
from ntm.core.households.register import PovertyClass, RegisterRules, Sex
from ntm.core.households.synthetic import synthetic_province
from ntm.core.registry import Catalog

#: communes, households
SCALES = {"quick": (10, 60_000), "province": (100, 600_000), "large": (1_000, 6_000_000)}
SET_CODE = "xa-ntm-2021-2025"
REFERENCE = date(2024, 12, 31)
GOAL_SECONDS = 3.0
GOAL_MIB = 2048
GOAL_RATIO = 10.0
#: The widths of the summary table's columns after the stage's name.
WIDTHS = (8, 9, 7, 9, 11)

#: (commune code, hamlet code or None, tally) -> (numerator, denominator)
Counts = dict[tuple[str, str | None, str], tuple[int, int]]


# --- memory --------------------------------------------------------------------------------


def _status_mib(field: str) -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak() -> float:
    """Reset the peak resident memory to the current one (Linux); return the current MiB."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass  # not Linux: the peak then counts from the process's start
    return _status_mib("VmRSS") or 0.0


def peak_mib() -> float:
    """The peak resident memory since the last reset, in MiB."""
    peak = _status_mib("VmHWM")
    if peak is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


def best_of(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        result = None  # free the previous run's result before the next one: one at a time
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def measured(function: Callable[[], Any], repeat: int) -> dict[str, Any]:
    """Time ``function`` (best of ``repeat``) and the process's peak memory while it runs
    (the input already in memory included, and reported apart)."""
    start_mib = reset_peak()
    seconds, result = best_of(function, repeat)
    return {"seconds": seconds, "peak_mib": peak_mib(), "input_mib": start_mib, "result": result}


def in_own_process(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run a stage in a fresh spawned process and return what it reports."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


# --- the stages ----------------------------------------------------------------------------


def generate(communes: int, households: int, seed: int) -> RegisterColumns:
    return synthetic_province(
        communes=communes, households=households, seed=seed, reference_date=REFERENCE
    )


def stage_generate(communes: int, households: int, seed: int, repeat: int) -> dict[str, Any]:
    report = measured(lambda: generate(communes, households, seed), repeat)
    columns: RegisterColumns = report.pop("result")
    report["households"] = len(columns.households)
    report["persons"] = len(columns.persons)
    report["hamlets"] = len(set(columns.households.hamlet.tolist()))
    assert columns.communes is not None
    first = columns.communes[0]
    report["first_commune"] = first
    report["first_hamlets"] = [code for code in columns.hamlets if code.startswith(f"{first}-")]
    return report


def as_counts(results: dict[str, Any]) -> Counts:
    counts: Counts = {}
    for commune, indicators in results.items():
        for result in indicators.results:
            key = (commune, result.hamlet, result.tally.value)
            counts[key] = (result.numerator, result.denominator)
    return counts


def criteria_sets(columns: RegisterColumns) -> dict[str, Any]:
    criteria_set = Catalog.shipped().criteria_set(SET_CODE)
    return dict.fromkeys(columns.communes or (), criteria_set)


def stage_compute(communes: int, households: int, seed: int, repeat: int) -> dict[str, Any]:
    columns = generate(communes, households, seed)
    sets = criteria_sets(columns)
    rules = RegisterRules()
    report = measured(lambda: compute_communes(columns, rules, criteria_sets=sets), repeat)
    report["counts"] = as_counts(report.pop("result"))
    return report


# --- (b) CSV files -------------------------------------------------------------------------

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương")
_MIDDLE = ("Văn", "Đức", "Minh", "Thị", "Thu", "Ngọc")
_GIVEN = ("Hùng", "Dũng", "Thắng", "Tuấn", "Hoa", "Lan", "Hương", "Thảo", "Nga", "Yến")
_NAMES = np.array([f"{f} {m} {g}" for f in _FAMILY for m in _MIDDLE for g in _GIVEN], dtype=object)


def _values(members: tuple[Any, ...]) -> np.ndarray:
    return np.array([member.value for member in members], dtype=object)


def _bounds(keys: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """A stable order of the rows by ``keys`` and where each key's rows start and end."""
    order = np.argsort(keys, kind="stable")
    edges = np.searchsorted(keys[order], np.arange(count + 1))
    return order, edges


def export_csv(columns: RegisterColumns, directory: Path) -> int:
    """Two CSV files per commune (``<commune>-households.csv``, ``<commune>-persons.csv``)
    written with DuckDB COPY from the columns; the headers are the field names, the lists
    of values our enumeration values. Returns the number of files."""
    h, p = columns.households, columns.persons
    assert columns.communes is not None and h.commune is not None
    commune_of = h.commune
    generator = np.random.default_rng(0)
    members = np.bincount(p.household, minlength=len(h))
    head_name = _NAMES[generator.integers(0, len(_NAMES), len(h))]
    area = (generator.integers(40, 91, len(h)) + 12 * members) / 2
    hamlets = np.array(columns.hamlets, dtype=object)
    structures, poverty = _values(STRUCTURES), _values(POVERTY_CLASSES)
    sexes, certificates = _values(SEXES), _values(CERTIFICATES)
    count = len(columns.communes)
    household_order, household_edges = _bounds(commune_of, count)
    person_order, person_edges = _bounds(commune_of[p.household], count)
    files = 0
    with duckdb.connect(":memory:") as connection:
        connection.execute("SET enable_progress_bar = false")
        for index, commune in enumerate(columns.communes):
            rows = household_order[household_edges[index] : household_edges[index + 1]]
            people = person_order[person_edges[index] : person_edges[index + 1]]
            household_frame = {
                "code": h.code[rows],
                "hamlet": hamlets[h.hamlet[rows]],
                "head_name": head_name[rows],
                "members": members[rows],
                "structure": structures[h.structure[rows]],
                "floor_area": area[rows],
                "poverty_class": poverty[h.poverty_class[rows]],
                "poverty_year": h.poverty_year[rows],
                "clean_water": h.clean_water[rows],
                "sanitary_latrine": h.sanitary_latrine[rows],
                "waste_sorted": h.waste_sorted[rows],
            }
            person_frame = {
                "household": h.code[p.household[people]],
                "birth_year": p.birth_year[people],
                "sex": sexes[p.sex[people]],
                "working": p.working[people],
                "trained": p.trained[people],
                "certificate": certificates[p.certificate[people]],
                "health_insurance": p.health_insurance[people],
            }
            for name, frame in (("households", household_frame), ("persons", person_frame)):
                connection.register("frame", frame)
                target = directory / f"{commune}-{name}.csv"
                connection.execute(f"COPY frame TO '{target}' (HEADER, DELIMITER ',')")
                connection.unregister("frame")
                files += 1
    return files


def stage_export(
    communes: int, households: int, seed: int, directory: str, repeat: int
) -> dict[str, Any]:
    columns = generate(communes, households, seed)
    report = measured(lambda: export_csv(columns, Path(directory)), repeat)
    report["files"] = report.pop("result")
    report["megabytes"] = sum(f.stat().st_size for f in Path(directory).glob("*.csv")) / 2**20
    return report


def _enum(name: str, members: tuple[Any, ...]) -> str:
    values = ", ".join(f"'{member.value}'" for member in members)
    return f"CREATE TYPE {name} AS ENUM ({values})"


_COMMUNE_OF_FILE = r"regexp_extract(filename, '([^/]+)-(households|persons)\.csv$', 1)"


def import_csv(directory: Path) -> RegisterColumns:
    """Read every commune's CSV pair back into columns with DuckDB, refusing a household
    code twice in a commune or a person whose household is not in the commune's file."""
    households_glob = str(directory / "*-households.csv")
    persons_glob = str(directory / "*-persons.csv")
    with duckdb.connect(":memory:") as connection:
        connection.execute("SET enable_progress_bar = false")
        connection.execute(_enum("structure", STRUCTURES))
        connection.execute(_enum("poverty_class", POVERTY_CLASSES))
        connection.execute(_enum("sex", SEXES))
        connection.execute(_enum("certificate", CERTIFICATES))
        connection.execute(
            f"""
            CREATE TABLE households AS
            SELECT row_number() OVER () - 1 AS row, {_COMMUNE_OF_FILE} AS commune,
                   * EXCLUDE (filename)
            FROM read_csv('{households_glob}', header = true, filename = true, columns = {{
                'code': 'VARCHAR', 'hamlet': 'VARCHAR', 'head_name': 'VARCHAR',
                'members': 'SMALLINT', 'structure': 'structure', 'floor_area': 'DECIMAL(8,1)',
                'poverty_class': 'poverty_class', 'poverty_year': 'SMALLINT',
                'clean_water': 'BOOLEAN', 'sanitary_latrine': 'BOOLEAN',
                'waste_sorted': 'BOOLEAN'}})
            """
        )
        repeated = connection.execute(
            "SELECT count(*) - count(DISTINCT (commune, code)) FROM households"
        ).fetchone()
        assert repeated == (0,), f"household codes repeat: {repeated}"
        connection.execute(
            """
            CREATE TABLE communes AS
            SELECT commune, (row_number() OVER (ORDER BY commune) - 1)::INTEGER AS id
            FROM (SELECT DISTINCT commune FROM households);
            CREATE TABLE hamlets AS
            SELECT hamlet, (row_number() OVER (ORDER BY hamlet) - 1)::INTEGER AS id
            FROM (SELECT DISTINCT hamlet FROM households);
            """
        )
        household_columns = connection.execute(
            """
            SELECT h.code, m.id AS hamlet, enum_code(h.structure)::TINYINT AS structure,
                   enum_code(h.poverty_class)::TINYINT AS poverty_class, h.poverty_year,
                   h.clean_water, h.sanitary_latrine, h.waste_sorted, c.id AS commune
            FROM households h JOIN communes c USING (commune) JOIN hamlets m USING (hamlet)
            ORDER BY h.row
            """
        ).fetchnumpy()
        connection.execute(
            f"""
            CREATE TABLE persons AS
            SELECT h.row::INTEGER AS household, p.birth_year,
                   enum_code(p.sex)::TINYINT AS sex, p.working, p.trained,
                   enum_code(p.certificate)::TINYINT AS certificate, p.health_insurance
            FROM read_csv('{persons_glob}', header = true, filename = true, columns = {{
                'household': 'VARCHAR', 'birth_year': 'SMALLINT', 'sex': 'sex',
                'working': 'BOOLEAN', 'trained': 'BOOLEAN', 'certificate': 'certificate',
                'health_insurance': 'BOOLEAN'}}) p
            LEFT JOIN households h
                ON h.commune = {_COMMUNE_OF_FILE.replace("filename", "p.filename")}
                AND h.code = p.household
            """
        )
        orphans = connection.execute(
            "SELECT count(*) FROM persons WHERE household IS NULL"
        ).fetchone()
        assert orphans == (0,), f"persons without a household: {orphans}"
        person_columns = connection.execute("SELECT * FROM persons").fetchnumpy()
        communes = tuple(
            c for (c,) in connection.execute("SELECT commune FROM communes ORDER BY id").fetchall()
        )
        hamlets = tuple(
            m for (m,) in connection.execute("SELECT hamlet FROM hamlets ORDER BY id").fetchall()
        )
    return RegisterColumns(
        households=HouseholdColumns(**{k: np.asarray(v) for k, v in household_columns.items()}),
        persons=PersonColumns(**{k: np.asarray(v) for k, v in person_columns.items()}),
        hamlets=hamlets,
        reference_date=REFERENCE,
        source=f"synthetic registers read from {directory}",
        synthetic=True,
        communes=communes,
    )


def stage_import(directory: str, repeat: int) -> dict[str, Any]:
    report = measured(lambda: import_csv(Path(directory)), repeat)
    columns: RegisterColumns = report.pop("result")
    report["households"] = len(columns.households)
    report["persons"] = len(columns.persons)
    # Not timed: the imported registers must give the same figures as the generated ones.
    results = compute_communes(columns, RegisterRules(), criteria_sets=criteria_sets(columns))
    report["counts"] = as_counts(results)
    return report


def stage_parse_register(
    directory: str, commune: str, hamlets: list[str], repeat: int
) -> dict[str, Any]:
    """The product's file import on one commune's CSV pair: read the two files, guess the
    column mapping, check every row and build the Register (then its columns)."""
    from ntm.core.households.fields import HOUSEHOLD_FIELDS, PERSON_FIELDS, guess_mapping
    from ntm.core.households.files import parse_register, read_register_files

    paths = [Path(directory) / f"{commune}-{name}.csv" for name in ("households", "persons")]

    def run() -> Any:
        file = read_register_files(paths)
        assert file.persons is not None
        register = parse_register(
            file,
            household_mapping=guess_mapping(file.households, HOUSEHOLD_FIELDS),
            person_mapping=guess_mapping(file.persons, PERSON_FIELDS),
            hamlets={code: code for code in hamlets},
            reference_date=REFERENCE,
            source=f"synthetic register of {commune}",
        )
        return columns_of(register)

    report = measured(run, repeat)
    columns: RegisterColumns = report.pop("result")
    report["households"] = len(columns.households)
    report["persons"] = len(columns.persons)
    # Not timed: the parsed commune must give the figures compute_communes gives it.
    criteria_set = Catalog.shipped().criteria_set(SET_CODE)
    indicators = compute_indicators(columns, RegisterRules(), criteria_set=criteria_set)
    report["counts"] = as_counts({commune: indicators})
    return report


# --- (d) pandas ----------------------------------------------------------------------------


def pandas_counts(columns: RegisterColumns, rules: RegisterRules) -> Any:
    """The numerators and denominators of (c), idiomatic pandas: one DataFrame per table,
    boolean columns, persons joined to their households, groupby per commune and hamlet
    and per commune. Returns one DataFrame per level, a column per count."""
    import pandas as pd  # type: ignore[import-untyped]  # no stubs installed

    h, p = columns.households, columns.persons
    year = columns.reference_date.year
    review = rules.poverty_review_year.value or year
    households = pd.DataFrame(
        {
            "commune": h.commune,
            "hamlet": h.hamlet,
            "structure": h.structure,
            "poverty_class": h.poverty_class,
            "poverty_year": h.poverty_year,
            "clean_water": h.clean_water,
            "sanitary_latrine": h.sanitary_latrine,
            "waste_sorted": h.waste_sorted,
        }
    )
    persons = pd.DataFrame(
        {
            "household": p.household,
            "birth_year": p.birth_year,
            "sex": p.sex,
            "working": p.working,
            "trained": p.trained,
            "certificate": p.certificate,
            "health_insurance": p.health_insurance,
        }
    )
    poor, near_poor = code_of(PovertyClass.POOR), code_of(PovertyClass.NEAR_POOR)
    classified = households["poverty_year"] == review
    household_flags = pd.DataFrame(
        {
            "commune": households["commune"],
            "hamlet": households["hamlet"],
            "households": 1,
            "permanent": households["structure"].isin(
                [code_of(s) for s in rules.permanent_structures.value]
            ),
            "makeshift": households["structure"].isin(
                [code_of(s) for s in rules.makeshift_structures.value]
            ),
            "classified": classified,
            "poor": classified & (households["poverty_class"] == poor),
            "poor_or_near_poor": classified & households["poverty_class"].isin([poor, near_poor]),
            "clean_water": households["clean_water"],
            "sanitary_latrine": households["sanitary_latrine"],
            "waste_sorting": households["waste_sorted"],
        }
    )
    people = persons.join(households[["commune", "hamlet"]], on="household")
    age = year - people["birth_year"].astype("int64")
    top = people["sex"].map(
        {
            code_of(Sex.MALE): rules.working_age_max_male.value,
            code_of(Sex.FEMALE): rules.working_age_max_female.value,
        }
    )
    worker = (
        people["working"]
        & (age >= rules.working_age_min.value)
        & (top.isna() | (age <= top.fillna(0)))
    )
    trained = people["trained"] | people["certificate"].isin(
        [code_of(c) for c in rules.trained_certificates.value]
    )
    diploma = people["certificate"].isin([code_of(c) for c in rules.diploma_certificates.value])
    person_flags = pd.DataFrame(
        {
            "commune": people["commune"],
            "hamlet": people["hamlet"],
            "persons": 1,
            "insured": people["health_insurance"],
            "workers": worker,
            "trained": worker & trained,
            "certified": worker & trained & diploma,
        }
    )
    by_hamlet = (
        household_flags.groupby(["commune", "hamlet"])
        .sum()
        .join(person_flags.groupby(["commune", "hamlet"]).sum())
    )
    by_commune = (
        household_flags.drop(columns="hamlet")
        .groupby("commune")
        .sum()
        .join(person_flags.drop(columns="hamlet").groupby("commune").sum())
    )
    levels = []
    for frame in (by_hamlet, by_commune):
        frame = frame.fillna(0).astype("int64")
        for tally, (numerator, denominator) in PANDAS_MEASURES.items():
            frame[f"{tally}_percent"] = frame[numerator] * 100 / frame[denominator]
        levels.append(frame)
    return levels


#: tally -> (numerator column, denominator column) of pandas_counts' frames.
PANDAS_MEASURES = {
    Tally.PERMANENT_HOUSING.value: ("permanent", "households"),
    Tally.MAKESHIFT_HOUSES.value: ("makeshift", "households"),
    Tally.POOR.value: ("poor", "classified"),
    Tally.POOR_OR_NEAR_POOR.value: ("poor_or_near_poor", "classified"),
    Tally.TRAINED_WORKERS.value: ("trained", "workers"),
    Tally.CERTIFIED_WORKERS.value: ("certified", "workers"),
    Tally.HEALTH_INSURANCE.value: ("insured", "persons"),
    Tally.CLEAN_WATER.value: ("clean_water", "households"),
    Tally.SANITARY_LATRINE.value: ("sanitary_latrine", "households"),
    Tally.WASTE_SORTING.value: ("waste_sorting", "households"),
}


def pandas_as_counts(levels: Any, columns: RegisterColumns) -> Counts:
    assert columns.communes is not None
    by_hamlet, by_commune = levels
    counts: Counts = {}
    for frame, with_hamlet in ((by_hamlet, True), (by_commune, False)):
        records = frame.reset_index().to_dict("records")
        for record in records:
            commune = columns.communes[int(record["commune"])]
            hamlet = columns.hamlets[int(record["hamlet"])] if with_hamlet else None
            for tally, (numerator, denominator) in PANDAS_MEASURES.items():
                counts[(commune, hamlet, tally)] = (
                    int(record[numerator]),
                    int(record[denominator]),
                )
    return counts


def stage_pandas(communes: int, households: int, seed: int, repeat: int) -> dict[str, Any]:
    columns = generate(communes, households, seed)
    rules = RegisterRules()
    report = measured(lambda: pandas_counts(columns, rules), repeat)
    report["counts"] = pandas_as_counts(report.pop("result"), columns)
    report["version"] = importlib.metadata.version("pandas")
    return report


# --- the run -------------------------------------------------------------------------------


def _check(name: str, expected: Counts, got: Counts) -> None:
    if expected.keys() != got.keys():
        missing = len(expected.keys() - got.keys())
        extra = len(got.keys() - expected.keys())
        raise SystemExit(f"{name}: {missing} scopes missing and {extra} extra")
    wrong = [key for key, value in expected.items() if got[key] != value]
    if wrong:
        key = wrong[0]
        raise SystemExit(
            f"{name}: {len(wrong)} counts differ, e.g. {key}: {expected[key]} != {got[key]}"
        )


def _line(stage: str, report: dict[str, Any], extra: str = "") -> None:
    print(
        f"  {stage:<30} {report['seconds']:8.3f} s   peak {report['peak_mib']:8.0f} MiB"
        f"   (input {report['input_mib']:.0f} MiB){extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="province")
    parser.add_argument("--quick", action="store_true", help="the same as --scale quick")
    parser.add_argument("--repeat", type=int, default=None, help="default 3, 1 for large")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    scale = "quick" if args.quick else args.scale
    repeat = args.repeat or (1 if scale == "large" else 3)
    communes, households = SCALES[scale]
    seed = args.seed
    started = time.perf_counter()
    print(
        f"scale {scale}: {communes:,} communes, {households:,} households, seed {seed}, "
        f"best of {repeat}; set {SET_CODE}; {multiprocessing.cpu_count()} CPUs"
    )

    generated = in_own_process(stage_generate, communes, households, seed, repeat)
    _line(
        "(a) generate",
        generated,
        f"   {generated['households']:,} households, {generated['persons']:,} persons, "
        f"{generated['hamlets']:,} hamlets",
    )

    with tempfile.TemporaryDirectory(prefix="ntm-bench-registers-") as directory:
        exported = in_own_process(stage_export, communes, households, seed, directory, 1)
        _line(
            "(b) export CSV (DuckDB COPY)",
            exported,
            f"   {exported['files']} files, {exported['megabytes']:.0f} MB",
        )
        imported = in_own_process(stage_import, directory, repeat)
        _line(
            "(b) import CSV (read_csv)",
            imported,
            f"   {imported['households']:,} households, {imported['persons']:,} persons",
        )
        parsed: dict[str, Any] | None = in_own_process(
            stage_parse_register,
            directory,
            generated["first_commune"],
            generated["first_hamlets"],
            repeat,
        )
        _line(
            "(b) parse_register, 1 commune",
            parsed,
            f"   {parsed['households']:,} households, {parsed['persons']:,} persons",
        )

    computed = in_own_process(stage_compute, communes, households, seed, repeat)
    scopes = len(computed["counts"]) // len(Tally)
    _line("(c) compute_communes", computed, f"   {scopes:,} communes and hamlets")
    baseline = in_own_process(stage_pandas, communes, households, seed, repeat)
    _line("(d) pandas " + baseline["version"], baseline)

    _check("import", computed["counts"], imported["counts"])
    _check("pandas", computed["counts"], baseline["counts"])
    print(
        f"  checked: {len(computed['counts']):,} numerator/denominator pairs equal in (c) and "
        "(d), and in (c) and the imported registers"
    )
    if parsed is not None:
        commune = generated["first_commune"]
        mine = {key: value for key, value in computed["counts"].items() if key[0] == commune}
        _check("parse_register", mine, parsed["counts"])
        print(f"  checked: the parsed commune {commune} gives the same {len(mine):,} pairs")

    ratio = baseline["seconds"] / computed["seconds"]
    print()
    header = ("stage", "ntm s", "pandas s", "ratio", "peak MiB", "pandas MiB")
    print(
        f"{header[0]:<32} " + " ".join(f"{h:>{w}}" for h, w in zip(header[1:], WIDTHS, strict=True))
    )
    rows: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]] = [
        ("generate", generated, None),
        ("export CSV", exported, None),
        ("import CSV", imported, None),
        ("parse_register (1 commune)", parsed, None),
        ("compute every indicator", computed, baseline),
    ]
    for name, ours, theirs in rows:
        if ours is None:
            print(f"{name:<32} {'skipped':>8}")
            continue
        pandas_s = f"{theirs['seconds']:9.3f}" if theirs else f"{'-':>9}"
        ratio_s = f"{theirs['seconds'] / ours['seconds']:6.1f}x" if theirs else f"{'-':>7}"
        pandas_mib = f"{theirs['peak_mib']:11.0f}" if theirs else f"{'-':>11}"
        print(
            f"{name:<32} {ours['seconds']:8.3f} {pandas_s} {ratio_s} "
            f"{ours['peak_mib']:9.0f} {pandas_mib}"
        )
    print()
    verdicts = (
        (f"compute under {GOAL_SECONDS:.0f} s", computed["seconds"] < GOAL_SECONDS),
        (f"compute peak under {GOAL_MIB} MiB", computed["peak_mib"] < GOAL_MIB),
        (f"at least {GOAL_RATIO:.0f}x faster than pandas", ratio >= GOAL_RATIO),
    )
    goal = "goal (issue 5, province scale)" if scale == "province" else f"goal at {scale} scale"
    print(f"{goal}: " + "; ".join(f"{text}: {'yes' if ok else 'NO'}" for text, ok in verdicts))
    print(f"total wall time {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
