"""``ntm demo-data registers``: a synthetic household register for a commune, for demos,
tests and benchmarks, always labelled synthetic."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from ntm.core.households.synthetic import synthetic_register
from ntm.core.i18n import _
from ntm.core.io.os_errors import os_reason

__all__ = ["demo_data"]


@click.group("demo-data")
def demo_data() -> None:
    """Made-up data for demos and tests, labelled synthetic wherever it is shown."""


def _error(message: str) -> SystemExit:
    click.echo(_("error: {error}").format(error=message), err=True)
    return SystemExit(2)


@demo_data.command("registers")
@click.option("--commune", "commune_code", required=True, help='The commune\'s code, e.g. "05560".')
@click.option("--households", type=click.IntRange(1, 200_000), required=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--hamlets",
    type=click.IntRange(1, 60),
    default=12,
    show_default=True,
    help="Hamlets to create when the commune has none.",
)
@click.option(
    "--date",
    "reference",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default="2024-12-31",
    show_default=True,
    help="The register's reference date.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write an XLSX in the import format instead of storing the register.",
)
def registers(
    commune_code: str,
    households: int,
    seed: int,
    hamlets: int,
    reference: object,
    output: Path | None,
) -> None:
    """A reproducible synthetic register of HOUSEHOLDS households for the commune: stored
    in the database (DATABASE_URL, or the embedded SQLite database), or written to an XLSX
    with --output. The same arguments give the same register."""
    reference_date: date = reference.date()  # type: ignore[attr-defined]
    if output is not None:
        from ntm.core.households.files import write_register_xlsx

        register = synthetic_register(
            commune_code,
            households=households,
            seed=seed,
            hamlets=hamlets,
            reference_date=reference_date,
        )
        if not output.parent.is_dir():
            raise _error(_("no folder {path}").format(path=output.parent))
        partial = output.with_name(f".{output.name}.partial")
        try:
            write_register_xlsx(register, partial)
            partial.replace(output)  # whole or not at all
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise _error(
                _("cannot write {path}: {reason}").format(path=output, reason=os_reason(error))
            ) from None
        click.echo(
            _("wrote {path}: {households} synthetic households, {persons} persons").format(
                path=output, households=len(register.households), persons=len(register.persons)
            )
        )
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")
    import django

    django.setup()
    from django.core.management import call_command

    from ntm.households.services import RegisterRefused, demo_register_store

    call_command("migrate", interactive=False, verbosity=0)
    try:
        written = demo_register_store(
            commune_code=commune_code,
            households=households,
            seed=seed,
            hamlets=hamlets,
            reference_date=reference_date,
        )
    except LookupError:
        raise _error(_("no commune with code '{code}'").format(code=commune_code)) from None
    except RegisterRefused as refused:
        raise _error(refused.message) from None
    record = written.register_import
    click.echo(
        _(
            "{commune}: stored a synthetic register of {households} households and {persons} "
            "persons in {hamlets} hamlets (labelled synthetic; never recorded in a review)"
        ).format(
            commune=record.commune.full_name,
            households=record.households_created
            + record.households_updated
            + record.households_unchanged,
            persons=record.persons,
            hamlets=written.hamlets,
        )
    )
