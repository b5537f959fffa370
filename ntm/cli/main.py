"""The ``ntm`` command: review a commune, list and edit criteria sets.

Each command parses its arguments, calls the core, and shapes the output. A
:class:`~ntm.core.CoreError` becomes one line on standard error and exit status 2; no
traceback reaches the user.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from ntm.core import Catalog, CoreError, HeldRecognition, Level, evaluate_review
from ntm.core.io.review_files import ReviewDefaults, read_review
from ntm.core.io.review_xlsx import write_review_xlsx

F = TypeVar("F", bound=Callable[..., Any])


def _reports_errors(function: F) -> F:
    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CoreError as error:
            click.echo(f"lỗi: {error}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(package_name="ntm")
def main() -> None:
    """ntm: nông thôn mới from data (rà soát, kế hoạch, báo cáo)."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--set", "set_code", help="Criteria set code (overrides the file's).")
@click.option("--year", type=int, help="Review year (overrides the file's).")
@click.option("--commune", help="Commune name, for CSV/XLSX files without it.")
@click.option("--commune-code", help="Official commune code (5 digits).")
@click.option("--region", help="Region code for 2021-2025 thresholds, e.g. TDMNPB.")
@click.option(
    "--group", "commune_group", type=click.IntRange(1, 3), help="Commune group (2026-2030)."
)
@click.option(
    "--recognised",
    "recognised",
    multiple=True,
    help="A level already held, LEVEL:YEAR, e.g. basic:2018 (repeatable).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "xlsx"]),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file.")
@_reports_errors
def review(
    file: str,
    set_code: str | None,
    year: int | None,
    commune: str | None,
    commune_code: str | None,
    region: str | None,
    commune_group: int | None,
    recognised: tuple[str, ...],
    output_format: str,
    output: str | None,
) -> None:
    """Review a commune (rà soát): which criteria are met, the gaps, the level reached.

    FILE is a review in YAML (ntm-review/1), CSV, or XLSX in the summary-table layout
    (TT | Tiêu chí | Chỉ tiêu | Chuẩn | Kết quả thực hiện | Tự đánh giá | Ghi chú).
    """
    catalog = Catalog.shipped()
    defaults = ReviewDefaults(
        criteria_set=set_code,
        year=year,
        commune=commune,
        commune_code=commune_code,
        region=region,
        commune_group=commune_group,
        recognitions=tuple(_recognition(text) for text in recognised),
    )
    review_input, criteria_set = read_review(file, catalog=catalog, defaults=defaults)
    result = evaluate_review(
        review_input, criteria_set, model_set=catalog.model_set_for(criteria_set)
    )
    if output_format == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx needs -o FILE.xlsx")
        buffer = io.BytesIO()
        write_review_xlsx(result, out=buffer)
        Path(output).write_bytes(buffer.getvalue())
        click.echo(f"đã ghi {output}")
        return
    if output_format == "json":
        text = json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        from ntm.cli.render import render_table

        text = render_table(result)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"đã ghi {output}")
    else:
        click.echo(text, nl=False)


def _recognition(text: str) -> HeldRecognition:
    level, _, year = text.partition(":")
    try:
        return HeldRecognition(level=Level(level), year=int(year) if year else None)
    except ValueError:
        raise click.BadParameter(
            f"'{text}' is not LEVEL:YEAR (LEVEL: basic, advanced, model)",
            param_hint="--recognised",
        ) from None


@main.group()
def catalog() -> None:
    """Criteria sets (bộ tiêu chí): list, show, export to XLSX, import from XLSX."""


@catalog.command("list")
@_reports_errors
def catalog_list() -> None:
    """List the shipped criteria sets and the overlay combinations."""
    shipped = Catalog.shipped()
    for criteria_set in shipped.sets():
        unverified = sum(
            1
            for indicator in criteria_set.indicators()
            for threshold in indicator.thresholds
            if not threshold.verified or threshold.value is None
        )
        click.echo(
            f"{criteria_set.code:<40} {criteria_set.criteria_count:>2} tiêu chí  "
            f"{criteria_set.legal_basis.cite()}  ({unverified} ngưỡng chưa xác minh)"
        )
    for overlay in shipped.overlays():
        for base in overlay.applies_to:
            click.echo(f"{base}+{overlay.code}  ({overlay.province}: {overlay.legal_basis.cite()})")


@catalog.command("export")
@click.argument("code")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@_reports_errors
def catalog_export(code: str, output: str) -> None:
    """Write criteria set CODE as an editable XLSX template."""
    from ntm.core.io.catalog_xlsx import export_criteria_set

    criteria_set = Catalog.shipped().criteria_set(code)
    buffer = io.BytesIO()
    export_criteria_set(criteria_set, out=buffer)
    Path(output).write_bytes(buffer.getvalue())
    click.echo(f"đã ghi {output} ({criteria_set.criteria_count} tiêu chí)")


@catalog.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="The YAML data file to write (default: CODE.yaml in the current folder).",
)
@_reports_errors
def catalog_import(file: str, output: str | None) -> None:
    """Validate an XLSX criteria set and write it as a YAML data file."""
    from ntm.core.io.catalog_xlsx import import_criteria_set
    from ntm.core.io.catalog_yaml import dump_criteria_set

    criteria_set = import_criteria_set(Path(file).read_bytes(), name=file)
    target = Path(output or f"{criteria_set.code}.yaml")
    target.write_text(dump_criteria_set(criteria_set), encoding="utf-8")
    click.echo(f"đã ghi {target} ({criteria_set.criteria_count} tiêu chí)")


if __name__ == "__main__":  # pragma: no cover
    main()
