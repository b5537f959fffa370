"""Benchmark: render the yearly plan and the review reports as DOCX.

Measured, each from its already-read input (file reading and evaluation are not timed):

- ``render_plan`` for the Phúc Chu 2024 plan (``examples/phuc-chu-2024/plan.yaml``);
- ``render_report`` for its review (``examples/phuc-chu-2024/review.yaml``);
- ``render_report`` for the ``examples/cases`` review with the most indicator readings.

Each document is rendered ``--repeat`` times after a warm-up, alternating with its two
baselines; the table gives the median, the minimum and the interquartile range (IQR) in
milliseconds, and the peak memory traced (tracemalloc) during one render by ntm and by the
first baseline. "paras" counts the paragraphs outside the summary table, "rows" its rows
below the header row: the same text in ntm's document and in the baselines'.

The baseline, measured in the same run, is plain python-docx with no template: it builds
the same context (``plan_context`` / ``report_context``, about 1% of a render) and writes the
same text into ``docx.Document()``: the header and signature strings, the body blocks and
the recipients, one ``add_paragraph`` each in a built-in style; and, for a report, one
``add_table`` of 6 columns with a header row and one row per row of the summary table. It
saves to a ``BytesIO``, as ``render_template`` does. It leaves out what the template adds:
the NĐ 30/2020 styles and page setup, the header and signature tables, the landscape section.

A second baseline ("ids") is the same but sets each paragraph's style id directly. With
``style=`` python-docx scans every style in styles.xml on each paragraph (to check for the
default), about 1 ms a paragraph; the second baseline shows how much of the first is that.

How to read the ratios: median ntm / median baseline. Above 1x is the price of the template
(docxtpl opens it, renders its XML through Jinja2 and parses the result back) over building
the same paragraphs with python-docx's objects; below 1x means the template is cheaper.
No goal is set; compare the ratios of runs on the same machine rather than the milliseconds.

Usage: python bench/documents.py [--repeat N]
"""

from __future__ import annotations

import argparse
import html
import io
import re
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx

from ntm.core import Catalog
from ntm.core.io.plan_yaml import read_plan
from ntm.core.io.review_files import read_review
from ntm.core.rules.evaluation import evaluate_review
from ntm.documents.plan import plan_context, render_plan
from ntm.documents.report import render_report, report_context

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PLAN = EXAMPLES / "phuc-chu-2024" / "plan.yaml"
REVIEW = EXAMPLES / "phuc-chu-2024" / "review.yaml"
CASES = EXAMPLES / "cases"

#: The built-in style of python-docx's default template for each block kind.
STYLES = {
    "h1": "Heading 1",
    "h2": "Heading 2",
    "h3": "Heading 3",
    "body": "Normal",
    "item": "List Bullet",
    "criterion": "Quote",
    "closing": "Normal",
}
TABLE_HEADER = ("TT", "Tiêu chí", "Chỉ tiêu", "Chuẩn", "Kết quả", "Đánh giá")
COLUMNS = ("tt", "criterion", "indicator", "standard", "result", "verdict")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_RUN_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>(.*?)</w:t>", re.DOTALL)


@dataclass(frozen=True)
class Text:
    """What the baseline writes: (style, text) paragraphs and the table's rows."""

    paragraphs: list[tuple[str, str]]
    rows: list[tuple[str, ...]]


def rich_text(rich: Any) -> str:
    """The plain text of a docxtpl RichText (``str()`` of one is its run XML)."""
    return html.unescape("".join(_RUN_TEXT.findall(str(rich))))


def document_text(context: dict[str, Any], type_name: str, code: str) -> Text:
    """The paragraphs and rows of a plan (KH) or report (BC) context, in reading order."""
    body = context["body"]
    header = [body["parent"], body["name"], body["unit"], *MOTTO]
    paragraphs = [("Normal", line) for line in header if line]
    paragraphs += [
        ("Normal", f"Số: {context['number']}/{code}-{body['abbreviation']}"),
        ("Normal", context["dated_line"]),
        ("Title", type_name),
        ("Subtitle", context["subject"]),
    ]
    paragraphs += [(STYLES[block.kind], block.text) for block in context["blocks"]]
    paragraphs.append(("Normal", "Nơi nhận:"))
    paragraphs += [("List Bullet", f"- {recipient}") for recipient in context["recipients"]]
    paragraphs += [("Normal", line) for line in context["signature_lines"]]
    paragraphs.append(("Normal", context["signer"]))
    rows: list[tuple[str, ...]] = []
    if "rows" in context:
        paragraphs.append(("Title", context["table_title"]))
        paragraphs += [("Normal", note) for note in context["table_notes"]]
        rows = [tuple(rich_text(row[column]) for column in COLUMNS) for row in context["rows"]]
    return Text(paragraphs, rows)


def write_plain(text: Text, *, style_ids: bool = False) -> bytes:
    """The baseline: the same text with python-docx's default template and styles.

    With ``style_ids`` each style is looked up once and its id set on the paragraph's XML
    (the private ``_p``), avoiding the scan that ``add_paragraph(style=...)`` makes each time.
    """
    document = docx.Document()
    if style_ids:
        styles = document.styles
        ids = {name: styles[name].style_id for name, _ in text.paragraphs}
        ids["Normal"] = None  # the default style: no pStyle, as python-docx writes it
        for style, line in text.paragraphs:
            document.add_paragraph(line)._p.style = ids[style]
    else:
        for style, line in text.paragraphs:
            document.add_paragraph(line, style=style)
    if text.rows:
        table = document.add_table(rows=1, cols=len(TABLE_HEADER))
        for cell, title in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
            cell.text = title
        for row in text.rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Case:
    """One document: the ntm render, and the context its baselines write as plain text."""

    name: str
    render: Callable[[], bytes]
    context: Callable[[], dict[str, Any]]
    type_name: str
    code: str

    def text(self) -> Text:
        return document_text(self.context(), self.type_name, self.code)

    def plain(self, *, style_ids: bool = False) -> bytes:
        """A baseline: build the context and write its text, as ``render`` does."""
        return write_plain(self.text(), style_ids=style_ids)


def cases(catalog: Catalog) -> list[Case]:
    """The plan, its review's report and the example case with most indicator readings."""
    loaded = read_plan(str(PLAN), catalog=catalog)
    found = [
        Case(
            "plan phuc-chu-2024",
            lambda: render_plan(loaded),
            lambda: plan_context(loaded),
            "KẾ HOẠCH",
            "KH",
        )
    ]
    for name, path in (("report phuc-chu-2024", REVIEW), ("report largest case", largest_case())):
        review, criteria_set = read_review(str(path), catalog=catalog)
        result = evaluate_review(
            review, criteria_set, model_set=catalog.model_set_for(criteria_set)
        )
        found.append(
            Case(
                name,
                lambda result=result: render_report(result),
                lambda result=result: report_context(result),
                "BÁO CÁO",
                "BC",
            )
        )
    return found


def indicator_readings(path: Path) -> int:
    review, _ = read_review(str(path), catalog=Catalog.shipped())
    return sum(1 for reading in review.readings if reading.indicator)


def largest_case() -> Path:
    """The example case with the most indicator readings; the first by name on a tie."""
    return max(sorted(CASES.glob("*.yaml")), key=indicator_readings)


@dataclass(frozen=True)
class Timing:
    median: float
    minimum: float
    iqr: float

    @classmethod
    def of(cls, seconds: list[float]) -> Timing:
        quartiles = statistics.quantiles(seconds, n=4)
        return cls(statistics.median(seconds), min(seconds), quartiles[2] - quartiles[0])

    def __str__(self) -> str:
        ms = 1000
        return f"{self.median * ms:6.1f} ({self.minimum * ms:5.1f}, {self.iqr * ms:4.1f})"


def time_alternately(functions: list[Callable[[], bytes]], repeat: int) -> list[Timing]:
    """Time the functions in turn, so a slower spell of the machine hits each of them."""
    for function in functions:
        function()  # warm-up
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for function, seconds in zip(functions, times, strict=True):
            start = time.perf_counter()
            function()
            seconds.append(time.perf_counter() - start)
    return [Timing.of(seconds) for seconds in times]


def peak_memory(function: Callable[[], bytes]) -> float:
    """Peak MiB traced by tracemalloc during one call."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    largest = largest_case()
    print(
        f"largest case: {largest.relative_to(EXAMPLES.parent)} "
        f"({indicator_readings(largest)} indicator readings)"
    )
    print(
        f"{args.repeat} runs each after a warm-up; ms = median (min, IQR); "
        "MiB = tracemalloc peak of one render"
    )
    print(
        f"{'document':<20} {'paras':>5} {'rows':>4}  {'ntm ms':>20}  {'plain ms':>20}"
        f"  {'ratio':>6}  {'plain (ids) ms':>20}  {'ratio':>6}  {'ntm MiB':>7}  {'plain MiB':>9}"
    )
    for case in cases(Catalog.shipped()):
        text = case.text()
        ntm, plain, ids = time_alternately(
            [case.render, case.plain, lambda case=case: case.plain(style_ids=True)], args.repeat
        )
        print(
            f"{case.name:<20} {len(text.paragraphs):>5} {len(text.rows):>4}"
            f"  {ntm!s:>20}  {plain!s:>20}  {ntm.median / plain.median:5.2f}x"
            f"  {ids!s:>20}  {ntm.median / ids.median:5.2f}x"
            f"  {peak_memory(case.render):7.2f}  {peak_memory(case.plain):9.2f}"
        )
    print(
        "ratio = median ntm / median baseline; plain: add_paragraph(text, style=name); "
        "ids: style ids set directly"
    )


if __name__ == "__main__":
    main()
