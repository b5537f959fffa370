"""The document commands: ``ntm plan`` (the yearly plan), ``ntm report`` (the review
report) and ``ntm targets`` (the criteria to propose as this year's targets)."""

from __future__ import annotations

from pathlib import Path

import click

from ntm.cli.common import catalog_with, reports_errors, review_options, write_outputs
from ntm.core import Catalog, CoreError, Location
from ntm.core.i18n import _
from ntm.core.io.plan_yaml import read_plan
from ntm.core.io.review_files import ReviewDefaults, read_review
from ntm.core.rules.evaluation import evaluate_review
from ntm.core.rules.results import ReviewResult
from ntm.core.rules.suggestions import suggest_targets

__all__ = ["plan", "report", "targets"]

_template_option = click.option(
    "--template",
    help="A Word template of your own (a copy of the shipped one, restyled).",
)
_pdf_option = click.option(
    "--pdf",
    is_flag=True,
    help="Also write a PDF next to the DOCX (needs LibreOffice).",
)


def _check_output(output: str, template: str | None) -> None:
    if not output.lower().endswith(".docx"):
        raise click.BadParameter(_("the output must be a .docx file"), param_hint="-o")
    if template is not None and Path(output).resolve() == Path(template).resolve():
        raise click.BadParameter(
            _("{path} is the template itself: write the document to another file").format(
                path=template
            ),
            param_hint="-o",
        )


def _write_document(output: str, docx: bytes, *, pdf: bool) -> None:
    """Write the DOCX, and the PDF when asked: both or neither."""
    files = {output: docx}
    if pdf:
        from ntm.documents.pdf import to_pdf

        files[str(Path(output).with_suffix(".pdf"))] = to_pdf(docx, name=output)
    write_outputs(files)


def _say_blanks(*, number: bool, date: bool) -> None:
    """Never leave a blank number or date silently (a draft goes round with them)."""
    blank = []
    if number:
        blank.append(_("the number"))
    if date:
        blank.append(_("the day and month"))
    if blank:
        click.echo(
            _("draft: {parts} left blank for the clerk to fill in").format(
                parts=_(" and ").join(blank)
            ),
            err=True,
        )


def _evaluate(file: str, catalog: Catalog, defaults: ReviewDefaults) -> ReviewResult:
    review_input, criteria_set = read_review(file, catalog=catalog, defaults=defaults)
    return evaluate_review(
        review_input, criteria_set, model_set=catalog.model_set_for(criteria_set)
    )


@click.command()
@click.argument("file")
@click.option("-o", "--output", required=True, help="The DOCX to write, e.g. ke-hoach.docx.")
@_pdf_option
@_template_option
@click.option(
    "--catalog",
    "catalog_files",
    multiple=True,
    help="A criteria-set or overlay YAML file to use besides the shipped ones (repeatable).",
)
@reports_errors
def plan(
    file: str, output: str, pdf: bool, template: str | None, catalog_files: tuple[str, ...]
) -> None:
    """Write the yearly plan (kế hoạch) as DOCX in the format of NĐ 30/2020/NĐ-CP.

    FILE is a plan in YAML (ntm-plan/1) that names its review; the criteria met and not
    met come from the review.
    """
    from ntm.documents.plan import render_plan

    _check_output(output, template)
    loaded = read_plan(file, catalog=catalog_with(catalog_files))
    for warning in loaded.warnings:
        click.echo(_("warning: {warning}").format(warning=warning), err=True)
    _say_blanks(number=loaded.plan.number is None, date=not loaded.plan.date.complete)
    _write_document(output, render_plan(loaded, template=template), pdf=pdf)


@click.command()
@click.argument("file")
@click.option("-o", "--output", required=True, help="The DOCX to write, e.g. bao-cao.docx.")
@click.option(
    "--plan",
    "plan_file",
    help="Take the issuing body, the place and the signature from this plan (ntm-plan/1).",
)
@_pdf_option
@_template_option
@reports_errors
@review_options
def report(
    file: str,
    output: str,
    plan_file: str | None,
    pdf: bool,
    template: str | None,
    catalog: Catalog,
    defaults: ReviewDefaults,
) -> None:
    """Write the review report (báo cáo kết quả rà soát) as DOCX, with the summary table.

    FILE is a review in YAML, CSV or XLSX, read as by `ntm review` (with the same options).
    """
    from ntm.documents.report import render_report

    _check_output(output, template)
    result = _evaluate(file, catalog, defaults)
    header = None
    if plan_file is not None:
        header = read_plan(plan_file, catalog=catalog).plan
        review = result.review
        if (header.commune, header.year) != (review.commune.name, review.year):
            raise CoreError(
                _(
                    "the plan is for {plan_commune} in {plan_year}, the review for "
                    "{commune} in {year}"
                ).format(
                    plan_commune=header.commune,
                    plan_year=header.year,
                    commune=review.commune.name,
                    year=review.year,
                ),
                Location(file=plan_file),
            )
    _say_blanks(number=True, date=True)
    _write_document(output, render_report(result, header=header, template=template), pdf=pdf)


@click.command()
@click.argument("file")
@click.option("--limit", type=int, help="Show only the first N proposals.")
@reports_errors
@review_options
def targets(file: str, limit: int | None, catalog: Catalog, defaults: ReviewDefaults) -> None:
    """Propose this year's targets: the unmet criteria of a review, closest first.

    The officer decides; the order is a starting point (fewer failing indicators first,
    then the smaller gap relative to the thresholds).
    """
    if limit is not None and limit < 1:
        raise click.BadParameter(_("must be 1 or more"), param_hint="--limit")
    suggestions = suggest_targets(_evaluate(file, catalog, defaults), limit=limit)
    if not suggestions:
        click.echo(_("no criterion is known to be unmet: nothing to propose"))
        return
    for suggestion in suggestions:
        criterion = suggestion.criterion.criterion
        label = _("criterion {number}").format(number=criterion.number)
        click.echo(f"{suggestion.rank}. {label} - {criterion.name}")
        for reason in suggestion.reasons:
            click.echo(f"   {reason}")
