"""Benchmark: one commune's household register through the product's import, step by step.

A fresh SQLite database in a temporary folder (``--postgres URL``: a new PostgreSQL
database on that server, dropped afterwards) holds one commune with ``--hamlets`` hamlets.
A synthetic register of ``--households`` households (and their members) is written to an
XLSX in the import format, relabelled as not synthetic so that it takes the path of a real
import, then:

- read: :func:`ntm.core.households.files.read_register_files` (python-calamine);
- check: :func:`ntm.core.households.files.parse_register` with the guessed mapping;
- write: :func:`ntm.households.services.register_write`: store the households and persons,
  compute every tally per hamlet (DuckDB) and store the results — the step the officer
  waits for after "Ghi sổ hộ";
- baseline, in the same run: the same households and persons stored with plain
  ``bulk_create`` into an empty commune (the ORM's floor for writing these rows);
- re-import: the file with every household changed (updated by code, members replaced),
  and the same file again (nothing to write; the indicators are computed again).

Prints seconds per step (median of ``--repeat``) and the write's ratio to the baseline.
These figures are for one commune; ``bench/registers.py`` tallies the computation at
province scale.

Usage: python bench/register_import.py [--households N] [--hamlets N] [--repeat N]
                                       [--postgres URL]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(step: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=6000)
    parser.add_argument("--hamlets", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (a new database is made)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ntm-bench-import-"))
    database = f"sqlite:///{folder / 'bench.sqlite3'}"
    name = f"ntm_bench_import_{os.getpid()}"
    if args.postgres:
        database = f"{args.postgres.rstrip('/')}/{name}"
    os.environ["DATABASE_URL"] = database
    os.environ["NTM_MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")
    if args.postgres:
        import psycopg

        with psycopg.connect(args.postgres, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, transaction

    from ntm.core.households.fields import HOUSEHOLD_FIELDS, PERSON_FIELDS, guess_mapping
    from ntm.core.households.files import parse_register, read_register_files, write_register_xlsx
    from ntm.core.households.synthetic import synthetic_register
    from ntm.households.models import Household, Person, RegisterImport
    from ntm.households.services import register_write
    from ntm.territories.models import Unit, UnitKind
    from ntm.users.models import Membership, Role

    try:
        call_command("migrate", verbosity=0)
        province = Unit.objects.create(kind=UnitKind.PROVINCE, code="90", name="Mẫu")
        communes = [
            Unit.objects.create(
                kind=UnitKind.COMMUNE,
                code=code,
                name=f"Mẫu {code}",
                type_name="Xã",
                parent=province,
                province=province,
                source="synthetic benchmark data",
            )
            for code in ("90001", "90002")
        ]
        for commune in communes:
            for number in range(1, args.hamlets + 1):
                Unit.objects.create(
                    kind=UnitKind.HAMLET,
                    code=f"{commune.code}-{number:02d}",
                    name=str(number),
                    type_name="Xóm",
                    parent=commune,
                    province=province,
                )
        officer = User.objects.create_user("bench.officer")
        Membership.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=communes[0])
        register = dataclasses.replace(
            synthetic_register("90001", households=args.households, seed=1, hamlets=args.hamlets),
            synthetic=False,
        )
        path = folder / "so-ho.xlsx"
        write_register_xlsx(register, path)
        hamlets = {f"90001-{n:02d}": f"90001-{n:02d}" for n in range(1, args.hamlets + 1)}

        read_s, register_file = _timed(lambda: read_register_files([path]), args.repeat)
        mappings = {
            "household_mapping": guess_mapping(register_file.households, HOUSEHOLD_FIELDS),
            "person_mapping": guess_mapping(register_file.persons, PERSON_FIELDS),
        }
        check_s, parsed = _timed(
            lambda: parse_register(
                register_file,
                hamlets=hamlets,
                reference_date=register.reference_date,
                source=register.source,
                **mappings,
            ),
            args.repeat,
        )
        assert parsed == register, "the file does not read back as the register it came from"

        def write() -> object:
            with transaction.atomic():
                Person.objects.filter(household__commune=communes[0]).delete()
                Household.objects.filter(commune=communes[0]).delete()
                RegisterImport.objects.filter(commune=communes[0]).delete()
            start = time.perf_counter()
            register_write(actor=officer, commune=communes[0], register=register)
            return time.perf_counter() - start

        write_times = [write() for _ in range(args.repeat)]
        write_s = statistics.median(write_times)  # type: ignore[type-var]
        same_s, _written = _timed(
            lambda: register_write(actor=officer, commune=communes[0], register=register),
            args.repeat,
        )
        flipped = [
            dataclasses.replace(
                register,
                households=tuple(
                    dataclasses.replace(h, waste_sorted=(h.waste_sorted != (turn % 2 == 0)))
                    for h in register.households
                ),
            )
            for turn in range(args.repeat)
        ]
        changed_times = []
        for version in flipped:
            start = time.perf_counter()
            register_write(actor=officer, commune=communes[0], register=version)
            changed_times.append(time.perf_counter() - start)
        changed_s = statistics.median(changed_times)

        hamlet_units = {u.code: u for u in Unit.objects.filter(parent=communes[1])}
        marker = RegisterImport.objects.create(
            commune=communes[1], reference_date=register.reference_date, source="baseline"
        )

        def baseline() -> float:
            with transaction.atomic():
                Person.objects.filter(household__commune=communes[1]).delete()
                Household.objects.filter(commune=communes[1]).delete()
            start = time.perf_counter()
            with transaction.atomic():
                stored = Household.objects.bulk_create(
                    [
                        Household(
                            commune=communes[1],
                            hamlet=hamlet_units[h.hamlet.replace("90001", "90002")],
                            code=h.code,
                            head_name=h.head_name,
                            members=h.members,
                            structure=h.structure.value,
                            floor_area=h.floor_area,
                            poverty_class=h.poverty_class.value,
                            poverty_year=h.poverty_year,
                            clean_water=h.clean_water,
                            sanitary_latrine=h.sanitary_latrine,
                            waste_sorted=h.waste_sorted,
                            written_by=marker,
                        )
                        for h in register.households
                    ],
                    batch_size=2000,
                )
                ids = {h.code: h.pk for h in stored}
                Person.objects.bulk_create(
                    [
                        Person(
                            household_id=ids[p.household],
                            position=index,
                            birth_year=p.birth_year,
                            sex=p.sex.value,
                            working=p.working,
                            trained=p.trained,
                            certificate=p.certificate.value,
                            health_insurance=p.health_insurance,
                        )
                        for index, p in enumerate(register.persons)
                    ],
                    batch_size=2000,
                )
            return time.perf_counter() - start

        baseline_s = statistics.median([baseline() for _ in range(args.repeat)])
        print(
            f"one commune: {len(register.households):,} households, "
            f"{len(register.persons):,} persons, {args.hamlets} hamlets, "
            f"{path.stat().st_size / 2**20:.1f} MiB XLSX; {connection.vendor}; "
            f"median of {args.repeat}"
        )
        print(f"{'step':<44}{'seconds':>9}{'ratio':>9}")
        rows = [
            ("read the XLSX (python-calamine)", read_s, None),
            ("check every row (parse_register)", check_s, None),
            ("write + compute + store results", write_s, write_s / baseline_s),
            ("re-import, every household changed", changed_s, changed_s / baseline_s),
            ("re-import, the same file (nothing changes)", same_s, same_s / baseline_s),
            ("baseline: bulk_create the same rows", baseline_s, 1.0),
        ]
        for label, seconds, ratio in rows:
            ratio_text = "" if ratio is None else f"{ratio:.1f}x"
            print(f"{label:<44}{seconds:>9.2f}{ratio_text:>9}")
    finally:
        connection.close()
        if args.postgres:
            import psycopg

            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
