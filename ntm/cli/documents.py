"""The document commands: ``ntm plan`` (the yearly plan), ``ntm report`` (the review
report) and ``ntm targets`` (the criteria to propose as this year's targets)."""

from __future__ import annotations

from pathlib import Path

import click

from ntm.cli.common import catalog_with, reports_errors, write_output
from ntm.core.i18n import _
from ntm.core.io.plan_yaml import read_plan
from ntm.core.io.review_files import read_review
from ntm.core.rules.evaluation import evaluate_review
from ntm.core.rules.suggestions import suggest_targets

__all__ = ["plan", "report", "targets"]

_catalog_option = click.option(
    "--catalog",
    "catalog_files",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True),
    help="A criteria-set or overlay YAML file to use besides the shipped ones (repeatable).",
)
_template_option = click.option(
    "--template",
    type=click.Path(dir_okay=False, exists=True),
    help="A Word template of your own (a copy of the shipped one, restyled).",
)
_pdf_option = click.option(
    "--pdf",
    is_flag=True,
    help="Also write a PDF next to the DOCX (needs LibreOffice).",
)


def _docx_output(path: str) -> str:
    if not path.lower().endswith(".docx"):
        raise click.BadParameter(_("the output must be a .docx file"), param_hint="-o")
    return path


def _write_document(output: str, docx: bytes, *, pdf: bool) -> None:
    write_output(output, docx)
    if pdf:
        from ntm.documents.pdf import to_pdf

        write_output(str(Path(output).with_suffix(".pdf")), to_pdf(docx, name=output))


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, help="The DOCX to write, e.g. ke-hoach.docx.")
@_pdf_option
@_template_option
@_catalog_option
@reports_errors
def plan(
    file: str, output: str, pdf: bool, template: str | None, catalog_files: tuple[str, ...]
) -> None:
    """Write the yearly plan (kế hoạch) as DOCX in the format of NĐ 30/2020/NĐ-CP.

    FILE is a plan in YAML (ntm-plan/1) that names its review; the criteria met and not
    met come from the review.
    """
    from ntm.documents.plan import render_plan

    _docx_output(output)
    loaded = read_plan(file, catalog=catalog_with(catalog_files))
    for warning in loaded.warnings:
        click.echo(_("warning: {warning}").format(warning=warning), err=True)
    blank = []
    if loaded.plan.number is None:
        blank.append(_("the number"))
    if not loaded.plan.date.complete:
        blank.append(_("the day and month"))
    if blank:
        click.echo(
            _("draft: {parts} left blank for the clerk to fill in").format(
                parts=_(" and ").join(blank)
            ),
            err=True,
        )
    _write_document(output, render_plan(loaded, template=template), pdf=pdf)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, help="The DOCX to write, e.g. bao-cao.docx.")
@click.option(
    "--plan",
    "plan_file",
    type=click.Path(dir_okay=False),
    help="Take the header and the signature from this plan (ntm-plan/1).",
)
@_pdf_option
@_template_option
@_catalog_option
@reports_errors
def report(
    file: str,
    output: str,
    plan_file: str | None,
    pdf: bool,
    template: str | None,
    catalog_files: tuple[str, ...],
) -> None:
    """Write the review report (báo cáo kết quả rà soát) as DOCX, with the summary table.

    FILE is a review in YAML, CSV or XLSX, as for `ntm review`.
    """
    from ntm.documents.report import render_report

    _docx_output(output)
    catalog = catalog_with(catalog_files)
    review_input, criteria_set = read_review(file, catalog=catalog)
    result = evaluate_review(
        review_input, criteria_set, model_set=catalog.model_set_for(criteria_set)
    )
    header = None if plan_file is None else read_plan(plan_file, catalog=catalog).plan
    _write_document(output, render_report(result, header=header, template=template), pdf=pdf)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--limit", type=click.IntRange(min=1), help="Show only the first N proposals.")
@_catalog_option
@reports_errors
def targets(file: str, limit: int | None, catalog_files: tuple[str, ...]) -> None:
    """Propose this year's targets: the unmet criteria of a review, closest first.

    The officer decides; the order is a starting point (fewer failing indicators first,
    then the smaller gap relative to the thresholds).
    """
    catalog = catalog_with(catalog_files)
    review_input, criteria_set = read_review(file, catalog=catalog)
    result = evaluate_review(
        review_input, criteria_set, model_set=catalog.model_set_for(criteria_set)
    )
    suggestions = suggest_targets(result, limit=limit)
    if not suggestions:
        click.echo(_("no criterion is known to be unmet: nothing to propose"))
        return
    for suggestion in suggestions:
        criterion = suggestion.criterion.criterion
        label = _("criterion {number}").format(number=criterion.number)
        click.echo(f"{suggestion.rank}. {label} - {criterion.name}")
        for reason in suggestion.reasons:
            click.echo(f"   {reason}")
