"""The review report's content, read back from the DOCX: the counts, the lists, the levels,
the failing indicators with their distance to the threshold, and the summary table."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from ntm.core import Catalog
from ntm.core.io.review_files import read_review
from ntm.core.rules.evaluation import evaluate_review
from ntm.core.rules.results import Outcome, ReviewResult
from ntm.documents.report import render_report

#: A xã NTM review with readings: 9.1 counts 3 nhà tạm, dột nát (QĐ 318 Phụ lục I: none
#: allowed, "≤ 0 nhà", marked [M] in the catalog), and 19.1 and 19.2 are "Đạt".
REVIEW = """\
schema: ntm-review/1
commune: {name: Thử Nghiệm, code: "99999", region: TDMNPB}
year: 2024
criteria_set: xa-ntm-2021-2025
readings:
  - {indicator: "9.1", value: "3", source: "Biên bản rà soát nhà ở, 10/2024"}
  - {indicator: "19.1", result: Đạt}
  - {indicator: "19.2", result: Đạt}
"""


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ReviewResult:
    path = tmp_path_factory.mktemp("report") / "review.yaml"
    path.write_text(REVIEW, "utf-8")
    catalog = Catalog.shipped()
    review, criteria_set = read_review(str(path), catalog=catalog)
    return evaluate_review(review, criteria_set, model_set=catalog.model_set_for(criteria_set))


@pytest.fixture(scope="module")
def lines(result: ReviewResult) -> list[str]:
    document = docx.Document(io.BytesIO(render_report(result)))
    return [" ".join(p.text.replace("\u00a0", " ").split()) for p in document.paragraphs]


def test_the_counts_leave_out_what_is_zero(lines: list[str], result: ReviewResult) -> None:
    # 9 is not met (3 > 0), 19 is met, the 17 others cannot be decided.
    assert result.numbers(Outcome.MET) == [19]
    assert (
        "Tổng số tiêu chí đạt: 01/19 tiêu chí; chưa đạt: 01 tiêu chí; chưa xác định được: 17 tiêu chí."
        in lines
    )
    assert "- Các tiêu chí chưa đạt gồm 01 tiêu chí:" in lines
    assert "1. Tiêu chí số 9 - Nhà ở dân cư" in lines


def test_a_failing_indicator_gets_its_distance_to_the_threshold(lines: list[str]) -> None:
    assert "III. CÁC CHỈ TIÊU CHƯA ĐẠT VÀ KHOẢNG CÁCH ĐẾN CHUẨN" in lines
    assert "- Chỉ tiêu 9.1 (Nhà tạm, dột nát): kết quả 3, chuẩn ≤ 0 nhà; cách chuẩn 3 nhà." in lines


def test_the_legal_basis_of_the_set_is_cited(lines: list[str]) -> None:
    bases = [line for line in lines if line.startswith("Căn cứ")]
    assert bases == ["Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ;"]


def test_the_summary_table_shows_the_reading_and_the_verdict(result: ReviewResult) -> None:
    document = docx.Document(io.BytesIO(render_report(result)))
    table = document.tables[-1]
    row = next(r for r in table.rows if r.cells[0].text == "9.1")
    assert [cell.text for cell in row.cells] == [
        "9.1",
        "",
        "Nhà tạm, dột nát",
        "≤ 0 nhà (*)",
        "3",
        "Chưa đạt",
    ]
    criterion = next(r for r in table.rows if r.cells[0].text == "9")
    assert criterion.cells[5].text == "Chưa đạt"
    notes = [p.text for p in document.paragraphs if p.text.startswith("(*)")]
    assert notes == ["(*) Chuẩn chưa được đối chiếu với văn bản gốc."]


def test_a_report_for_another_commune_names_it(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    path.write_text(REVIEW.replace("Thử Nghiệm", "Phúc Chu"), "utf-8")
    catalog = Catalog.shipped()
    review, criteria_set = read_review(str(path), catalog=catalog)
    result = evaluate_review(review, criteria_set, model_set=catalog.model_set_for(criteria_set))
    document = docx.Document(io.BytesIO(render_report(result)))
    left = [p.text for p in document.tables[0].cell(0, 0).paragraphs if p.text.strip()]
    assert left == ["ỦY BAN NHÂN DÂN", "XÃ PHÚC CHU"]
