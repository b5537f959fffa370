"""``ntm units load --province NAME``: load a province's administrative units into the
database (before and after the 1 July 2025 merger)."""

from __future__ import annotations

import os

import click

from ntm.core.i18n import _

__all__ = ["units"]


@click.group()
def units() -> None:
    """Administrative units (đơn vị hành chính) in the database."""


@units.command("load")
@click.option("--province", required=True, help='The province, e.g. "Thái Nguyên".')
def units_load_command(province: str) -> None:
    """Load a province's units from the vietnamadminunits dataset (into DATABASE_URL, or
    the embedded SQLite database)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.base")
    import django

    django.setup()
    from django.core.management import call_command

    from ntm.territories.services import UnknownProvince, units_load

    call_command("migrate", interactive=False, verbosity=0)
    try:
        summary = units_load(province=province)
    except UnknownProvince:
        click.echo(
            _("error: {error}").format(error=_("no province named '{name}'").format(name=province)),
            err=True,
        )
        raise SystemExit(2) from None
    click.echo(
        _(
            "{province}: {new} communes since 1 July 2025; before: {old_provinces} provinces, "
            "{districts} districts, {old} communes; {links} succession links"
        ).format(
            province=summary.province.full_name,
            new=summary.new_communes,
            old_provinces=summary.old_provinces,
            districts=summary.districts,
            old=summary.old_communes,
            links=summary.links,
        )
    )
