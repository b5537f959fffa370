"""Benchmark: the recognition dossier's ZIP for a commune with 200 evidence files.

Setup (not timed): 200 synthetic evidence files written to a temporary folder, sizes from
50 KB to 2 MB (``50 KB + 1.95 MB × u³``, u uniform; about 100 MB in all), 70% "PDF" and 25%
"JPEG" and 5% "PNG" of random bytes (incompressible, as real ones are: the product accepts
only PDF, DOCX, XLSX, JPEG and PNG evidence, all compressed already, so all are stored);
each file's SHA-256; the 19-criterion review of ``examples/phuc-chu-2024/review.yaml``
read and evaluated as ``ntm review`` does (``read_review`` + ``evaluate_review``); the files
spread over the criteria and their indicators.

Measured, alternately, ``--repeat`` times after a warm-up, each writing a ZIP file into the
temporary folder:

- ntm: ``write_dossier_zip``: the completeness check, the six documents and the index
  rendered (docxtpl), the 200 files streamed from disk with their SHA-256 checked;
- baseline: plain ``zipfile``: the same 200 files with the same compression per type
  (``ZipFile.write``), no documents, no check.

Printed: the median and the minimum (ms), the ratio of the medians, the time of the seven
documents alone (one render of each), the ZIP's size, the peak memory traced by
tracemalloc during one build of each (Python allocations: the streamed files must not show
up in it), and the process's peak resident memory (``ru_maxrss``, the whole run).

Goal (issue 6, "Figures"): the time for 200 files and the peak memory; no threshold is set.
Keep it under a minute at the default settings.

Usage: python bench/dossier.py [--repeat N] [--files N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

from ntm.core import Catalog
from ntm.core.catalog import Level
from ntm.core.io.review_files import read_review
from ntm.core.plan import PartialDate
from ntm.core.recognition.dossier import (
    ConstructionDebt,
    Consultation,
    DossierCommune,
    DossierContent,
    EvidenceItem,
    Meeting,
    SatisfactionSurvey,
    default_submission,
)
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.rules.evaluation import evaluate_review
from ntm.core.rules.results import ReviewResult
from ntm.documents.dossier import DOCUMENTS
from ntm.documents.dossier_zip import (
    compression_for,
    evidence_paths,
    render_index,
    write_dossier_zip,
)

REVIEW = Path(__file__).resolve().parent.parent / "examples" / "phuc-chu-2024" / "review.yaml"
KB = 1024
MB = 1024 * KB


def evaluate() -> ReviewResult:
    catalog = Catalog.shipped()
    review, criteria_set = read_review(str(REVIEW), catalog=catalog)
    return evaluate_review(review, criteria_set, model_set=catalog.model_set_for(criteria_set))


def make_files(folder: Path, result: ReviewResult, count: int, seed: int) -> list[EvidenceItem]:
    """``count`` files spread over the criteria (round robin) and their indicators."""
    rng = random.Random(seed)
    targets = [
        (criterion.number, indicator.indicator.code)
        for criterion in result.criteria
        for indicator in (*criterion.indicators[:2], None)
        if indicator is not None
    ] + [(criterion.number, "") for criterion in result.criteria]
    items = []
    for number in range(count):
        size = int(50 * KB + (2 * MB - 50 * KB) * rng.random() ** 3)
        roll = rng.random()
        if roll < 0.70:
            kind, name = "PDF", f"Biên bản rà soát số {number}.pdf"
            data = b"%PDF-1.7\n" + rng.randbytes(size - 9)
        elif roll < 0.95:
            kind, name = "JPEG", f"Ảnh hiện trạng {number}.jpg"
            data = b"\xff\xd8\xff\xe0" + rng.randbytes(size - 4)
        else:
            kind, name = "PNG", f"Sơ đồ hiện trạng {number}.png"
            data = b"\x89PNG\r\n\x1a\n" + rng.randbytes(size - 8)
        path = folder / f"{number:04d}.bin"
        path.write_bytes(data)
        criterion, indicator = targets[number % len(targets)]
        digest = hashlib.sha256(data).hexdigest()
        items.append(
            EvidenceItem(criterion, indicator, name, path, kind, len(data), digest, "Minh chứng")
        )
    return items


def content_for(result: ReviewResult, evidence: list[EvidenceItem]) -> DossierContent:
    commune = DossierCommune("Phúc Chu", "05560")
    rules = RecognitionRules.shipped()
    return DossierContent(
        commune=commune,
        province="Thái Nguyên",
        district="Định Hóa",
        level=Level.ADVANCED,
        year=2024,
        result=result,
        submission=default_submission(
            commune, province="Thái Nguyên", district="Định Hóa", date=PartialDate(2024, 11, 20)
        ),
        consultation=Consultation(
            datetime.date(2024, 10, 1), datetime.date(2024, 10, 15), "trụ sở UBND xã"
        ),
        meeting=Meeting(
            datetime.date(2024, 11, 5), "Hội trường UBND xã", "A", "B", 30, 32, 29, 30, "Nhất trí"
        ),
        debt=ConstructionDebt((), datetime.date(2024, 10, 31)),
        satisfaction=SatisfactionSurvey.of(
            rules, Level.ADVANCED, asked=950, answered=920, satisfied=890
        ),
        evidence=tuple(evidence),
    )


def plain_zip(content: DossierContent, out: Path) -> None:
    """The baseline: the same files, names and compression, with ``zipfile`` alone."""
    with zipfile.ZipFile(out, "w") as archive:
        for item, path in zip(content.evidence, evidence_paths(content), strict=True):
            archive.write(item.path, path, compress_type=compression_for(item))


def ntm_zip(content: DossierContent, out: Path) -> None:
    with out.open("wb") as stream:
        write_dossier_zip(content, stream)


def documents_only(content: DossierContent) -> None:
    for _name, _title, render in DOCUMENTS:
        render(content)
    render_index(content)


def time_alternately(functions: list[Callable[[], None]], repeat: int) -> list[list[float]]:
    for function in functions:
        function()  # warm-up: templates, catalogs, page cache
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            function()
            times[index].append(time.perf_counter() - start)
    return times


def traced_peak_mib(function: Callable[[], None]) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    result = evaluate()
    with tempfile.TemporaryDirectory(prefix="ntm-bench-dossier-") as temporary:
        folder = Path(temporary)
        start = time.perf_counter()
        evidence = make_files(folder, result, args.files, args.seed)
        setup = time.perf_counter() - start
        content = content_for(result, evidence)
        total = sum(item.size for item in evidence)
        kinds = {
            kind: sum(1 for e in evidence if e.content_type == kind)
            for kind in ("PDF", "JPEG", "PNG")
        }
        print(
            f"{len(evidence)} files, {total / MB:.1f} MiB "
            f"({', '.join(f'{n} {k}' for k, n in kinds.items())}), "
            f"{len(result.criteria)} criteria; setup {setup:.1f} s"
        )
        ours, plain = folder / "ntm.zip", folder / "plain.zip"
        ntm_times, plain_times, document_times = time_alternately(
            [
                lambda: ntm_zip(content, ours),
                lambda: plain_zip(content, plain),
                lambda: documents_only(content),
            ],
            args.repeat,
        )
        ntm_median = statistics.median(ntm_times)
        plain_median = statistics.median(plain_times)
        print(f"{args.repeat} runs each after a warm-up; ms = median (min)")
        print(f"{'':<28} {'ms':>16} {'ZIP MiB':>8} {'traced MiB':>11}")
        print(
            f"{'ntm write_dossier_zip':<28} "
            f"{ntm_median * 1000:>8.0f} ({min(ntm_times) * 1000:>5.0f})"
            f" {ours.stat().st_size / MB:>8.1f}"
            f" {traced_peak_mib(lambda: ntm_zip(content, ours)):>11.1f}"
        )
        print(
            f"{'  of which 7 documents':<28} "
            f"{statistics.median(document_times) * 1000:>8.0f} "
            f"({min(document_times) * 1000:>5.0f})"
        )
        print(
            f"{'plain zipfile (baseline)':<28} "
            f"{plain_median * 1000:>8.0f} ({min(plain_times) * 1000:>5.0f})"
            f" {plain.stat().st_size / MB:>8.1f}"
            f" {traced_peak_mib(lambda: plain_zip(content, plain)):>11.1f}"
        )
        print(f"ratio ntm / baseline (medians): {ntm_median / plain_median:.2f}x")
        print(f"peak resident memory of the run (ru_maxrss): {peak_rss_mib():.0f} MiB")


def peak_rss_mib() -> float:
    """The process's peak resident memory in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
