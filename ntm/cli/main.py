"""The ``ntm`` command: review a commune, list and edit criteria sets; the document
commands live in :mod:`ntm.cli.documents`.

Each command parses its arguments, calls the core, and shapes the output. A
:class:`~ntm.core.CoreError` becomes one line on standard error and exit status 2; no
traceback reaches the user. The output speaks the language chosen with ``--lang`` (or
the ``NTM_LANG`` environment variable), Vietnamese by default.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import click

from ntm.cli.common import NtmGroup, reports_errors, review_options, write_output
from ntm.cli.demo_data import demo_data
from ntm.cli.documents import plan, report, targets
from ntm.cli.units import units
from ntm.core import (
    Catalog,
    CriteriaSet,
    evaluate_review,
    format_decimal,
)
from ntm.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, language, ngettext
from ntm.core.io.review_files import ReviewDefaults, read_review
from ntm.core.io.review_xlsx import write_review_xlsx


@click.group(cls=NtmGroup)
@click.version_option(package_name="ntm")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    envvar="NTM_LANG",
    default=DEFAULT_LANGUAGE,
    show_default=True,
    show_envvar=True,
    help="Language of the output: vi (Vietnamese) or en (English).",
)
@click.pass_context
def main(ctx: click.Context, lang: str) -> None:
    """ntm: nông thôn mới from data (rà soát, kế hoạch, báo cáo)."""
    ctx.with_resource(language(lang))


@main.command()
@click.argument("file")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "xlsx"]),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", help="Write to this file.")
@reports_errors
@review_options
def review(
    file: str,
    output_format: str,
    output: str | None,
    catalog: Catalog,
    defaults: ReviewDefaults,
) -> None:
    """Review a commune (rà soát): which criteria are met, the gaps, the level reached.

    FILE is a review in YAML (ntm-review/1), CSV, or XLSX in the summary-table layout
    (TT | Tiêu chí | Chỉ tiêu | Chuẩn | Kết quả thực hiện | Tự đánh giá | Ghi chú).
    """
    review_input, criteria_set = read_review(file, catalog=catalog, defaults=defaults)
    result = evaluate_review(
        review_input, criteria_set, model_set=catalog.model_set_for(criteria_set)
    )
    if output_format == "xlsx":
        if output is None:
            raise click.UsageError(_("--format xlsx needs -o FILE.xlsx"))
        buffer = io.BytesIO()
        write_review_xlsx(result, out=buffer)
        write_output(output, buffer.getvalue())
        return
    if output_format == "json":
        text = json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        from ntm.cli.render import render_table

        text = render_table(result)
    if output:
        write_output(output, text.encode("utf-8"))
    else:
        click.echo(text, nl=False)


@main.group()
def catalog() -> None:
    """Criteria sets (bộ tiêu chí): list, show, export to XLSX, import from XLSX."""


@catalog.command("list")
@reports_errors
def catalog_list() -> None:
    """List the shipped criteria sets and the overlay combinations."""
    shipped = Catalog.shipped()
    for criteria_set in shipped.sets():
        click.echo(f"{criteria_set.code:<52} {_set_summary(criteria_set)}")
    for overlay in shipped.overlays():
        for base in overlay.applies_to:
            combined = shipped.criteria_set(f"{base}+{overlay.code}")
            click.echo(f"{combined.code:<52} {_set_summary(combined)}")


def _set_summary(criteria_set: CriteriaSet) -> str:
    indicators = list(criteria_set.indicators())
    thresholds = [t for i in indicators for t in i.thresholds]
    unknown = sum(1 for t in thresholds if t.value is None and t.relative_to is None)
    unverified = sum(1 for t in thresholds if not t.verified) - unknown
    no_indicators = sum(1 for c in criteria_set.criteria if not c.indicators)
    parts = [
        _criteria_count(criteria_set.criteria_count),
        ngettext("{count} indicator", "{count} indicators", len(indicators)).format(
            count=len(indicators)
        ),
        ngettext("{count} unknown threshold", "{count} unknown thresholds", unknown).format(
            count=unknown
        ),
        ngettext(
            "{count} unverified threshold", "{count} unverified thresholds", unverified
        ).format(count=unverified),
    ]
    if no_indicators:
        parts.append(
            ngettext(
                "{count} criterion with unknown indicators",
                "{count} criteria with unknown indicators",
                no_indicators,
            ).format(count=no_indicators)
        )
    cites = "; ".join(basis.cite() for basis in criteria_set.legal_bases)
    return ", ".join(parts) + f" ({cites})"


def _criteria_count(count: int) -> str:
    return ngettext("{count} criterion", "{count} criteria", count).format(count=count)


@catalog.command("show")
@click.argument("code")
@reports_errors
def catalog_show(code: str) -> None:
    """Print criteria set CODE: criteria, indicators, thresholds and how sure each is."""
    criteria_set = Catalog.shipped().criteria_set(code)
    click.echo(f"{criteria_set.name}")
    click.echo(f"{criteria_set.code}: {_set_summary(criteria_set)}")
    for criterion in criteria_set.criteria:
        title = _("Criterion {number} - {name}").format(
            number=criterion.number, name=criterion.name
        )
        mark = "" if criterion.verified else " " + _("(name not verified)")
        click.echo(f"\n{title}{mark}")
        if not criterion.indicators:
            click.echo("    " + _("indicators: unknown (to be checked against the official text)"))
        for indicator in criterion.indicators:
            click.echo(f"    {indicator.code}  {indicator.name}")
            if not indicator.thresholds:
                standard = indicator.describe_threshold(None)
                click.echo("          " + _("standard: {standard}").format(standard=standard))
            for threshold in indicator.thresholds:
                where = []
                if threshold.regions:
                    regions = sorted(threshold.regions)
                    where.append(
                        ngettext("region {regions}", "regions {regions}", len(regions)).format(
                            regions=", ".join(regions)
                        )
                    )
                if threshold.commune_groups:
                    groups = sorted(threshold.commune_groups)
                    where.append(
                        ngettext("group {groups}", "groups {groups}", len(groups)).format(
                            groups=", ".join(map(str, groups))
                        )
                    )
                if threshold.year_from is not None or threshold.year_to is not None:
                    where.append(
                        _("years {start}-{end}").format(
                            start=threshold.year_from or "", end=threshold.year_to or ""
                        )
                    )
                if threshold.relative_to is not None:
                    relative = threshold.relative_to
                    value = _("{factor} × the standard of indicator {indicator}").format(
                        factor=format_decimal(relative.factor), indicator=relative.indicator
                    )
                else:
                    value = indicator.describe_threshold(threshold)
                status = (
                    _("verified")
                    if threshold.verified
                    else (
                        _("unknown")
                        if threshold.value is None and threshold.relative_to is None
                        else _("not verified")
                    )
                )
                scope = f" [{'; '.join(where)}]" if where else ""
                standard = _("standard: {standard}").format(standard=value)
                click.echo(f"          {standard}{scope} ({status}; {threshold.source})")


@catalog.command("export")
@click.argument("code")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@reports_errors
def catalog_export(code: str, output: str) -> None:
    """Write criteria set CODE as an editable XLSX template."""
    from ntm.core.io.catalog_xlsx import export_criteria_set

    criteria_set = Catalog.shipped().criteria_set(code)
    buffer = io.BytesIO()
    export_criteria_set(criteria_set, out=buffer)
    write_output(output, buffer.getvalue())


@catalog.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="The YAML data file to write (default: CODE.yaml in the current folder).",
)
@reports_errors
def catalog_import(file: str, output: str | None) -> None:
    """Validate an XLSX criteria set and write it as a YAML data file."""
    from ntm.core.io.catalog_xlsx import import_criteria_set
    from ntm.core.io.catalog_yaml import dump_criteria_set

    criteria_set = import_criteria_set(Path(file).read_bytes(), name=file)
    target = output or f"{criteria_set.code}.yaml"
    write_output(target, dump_criteria_set(criteria_set).encode("utf-8"))
    click.echo(
        _(
            "{code}: {criteria}; to use it in a review: "
            "ntm review FILE --catalog {target} --set {code}"
        ).format(
            code=criteria_set.code,
            criteria=_criteria_count(criteria_set.criteria_count),
            target=target,
        )
    )


main.add_command(plan)
main.add_command(report)
main.add_command(targets)
main.add_command(units)
main.add_command(demo_data)

if __name__ == "__main__":  # pragma: no cover
    main()
