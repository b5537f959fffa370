"""The Phúc Chu 2024 plan, written from data, against the seed written by hand.

The seed (``shared/seed/000_900349470cd22162.txt``) is compared section by section with the
text of the generated DOCX, read back with python-docx, ignoring Markdown marks and
spacing. Where the seed has slips the product writes it right; :data:`DIFFERENCES` lists
every such difference, and each one must actually occur in the seed.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from ntm.core import Catalog
from ntm.core.io.plan_yaml import LoadedPlan, read_plan
from ntm.core.rules.results import Outcome
from ntm.documents.plan import render_plan

REPO = Path(__file__).resolve().parents[2]
#: The seed: the published plan as text (Markdown marks from its conversion), copied
#: unchanged from the project's reference material (shared/seed/000_900349470cd22162.txt).
SEED = Path(__file__).parent / "fixtures" / "ke-hoach-phuc-chu-2024.md"
PLAN = REPO / "examples" / "phuc-chu-2024" / "plan.yaml"

#: (what the seed says, what the product writes, why); applied to the seed in this order.
DIFFERENCES: tuple[tuple[str, str, str], ...] = (
    ("Số: /KH - UBND", "Số: /KH-UBND", "NĐ 30/2020: no spaces around the hyphen"),
    ("tiêu trí", "tiêu chí", "spelling"),
    ("Tiêu trí", "Tiêu chí", "spelling"),
    ("thành viên BCD", "thành viên BCĐ", "spelling of Ban chỉ đạo (BCĐ), twice"),
    ("Hoàn thành 3 tiêu chí", "Hoàn thành 03 tiêu chí", "one rule for counts: two digits"),
    (
        "Tiêu chí số 17 - Môi trường và An toàn thực phẩm",
        "Tiêu chí số 17 - Môi trường",
        "the name of criterion 17 in the nâng cao set (criteria-sets.md §3.1)",
    ),
    (
        "Tiêu chí số 19 - Quốc phòng và An ninh",
        "Tiêu chí số 19 - Quốc phòng và an ninh",
        "the criterion's name as the catalog gives it",
    ),
    ("1. Các thành viên Ban quản lý NTM:", "1. Các thành viên Ban quản lý NTM", "no colon"),
    ("2. Cán bộ phụ trách NTM:", "2. Cán bộ phụ trách NTM", "no colon"),
    (
        "6. Công chức Văn hóa xã hội",
        "5. Công chức Văn hóa - Xã hội",
        "the seed skips item 5; one canonical label per position",
    ),
    (
        "7. Công chức Địa chính nông nghiệp môi trường",
        "6. Công chức Địa chính - Nông nghiệp - Môi trường",
        "numbering; canonical label",
    ),
    ("8, Các ông, bà trưởng xóm", "7. Các ông, bà trưởng xóm", "numbering; '8,' for '8.'"),
    (
        "tiêu chí số 17- Môi trường, hoàn thiện hồ sơ tiêu chí vào tháng 12 năm 2024",
        "tiêu chí số 17 - Môi trường, hoàn thiện hồ sơ tiêu chí vào tháng 12 năm 2024.",
        "spacing around the hyphen; a sentence ends with a full stop",
    ),
    (
        "Trên đây là Kế hoạch thực hiện hiện xây dựng nông thôn mới nâng cao",
        "Trên đây là Kế hoạch thực hiện Chương trình xây dựng nông thôn mới nâng cao",
        "the closing sentence repeats the plan's subject",
    ),
)

#: The header of page 1, which the seed's text does not hold (document-format.md §5.1).
HEADER = (
    "UBND HUYỆN ĐỊNH HÓA",
    "ỦY BAN NHÂN DÂN",
    "XÃ PHÚC CHU",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
)

#: Where each section of the seed starts.
SECTIONS = (
    "KẾ HOẠCH",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "II. NỘI DUNG KẾ HOẠCH",
    "2. Nhiệm vụ cụ thể",
    "- Giải pháp thực hiện các tiêu chí chưa đạt",
    "III. TỔ CHỨC THỰC HIỆN",
    "Nơi nhận:",
)


def _spacing(line: str) -> str:
    """NFC, and every run of spaces (no-break spaces too) as one space."""
    return " ".join(unicodedata.normalize("NFC", line).replace("\u00a0", " ").split())


def _unmark(line: str) -> str:
    """A Markdown line of the seed as plain text: no heading marks, no emphasis; "\\*" is a
    literal asterisk."""
    line = re.sub(r"^#+\s*", "", line.strip())
    return _spacing(line.replace("\\*", "\0").replace("*", "").replace("\0", "*"))


def seed_lines() -> list[str]:
    lines = [_unmark(line) for line in SEED.read_text("utf-8").splitlines()]
    return [line for line in lines if line]


def corrected_seed() -> list[str]:
    text = "\n".join(seed_lines())
    for before, after, why in DIFFERENCES:
        assert before in text, f"not in the seed any more: {before!r} ({why})"
        text = text.replace(before, after)
    return text.split("\n")


def document_lines(data: bytes) -> list[str]:
    """Every paragraph of the DOCX in reading order, tables included, normalised."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            texts = element.iter(qn("w:t"))
            lines.append(_spacing("".join(t.text or "" for t in texts)))
        elif element.tag.endswith("}tbl"):
            for row in element.iter(qn("w:tr")):
                for cell in row.iter(qn("w:tc")):
                    for paragraph in cell.iter(qn("w:p")):
                        texts = paragraph.iter(qn("w:t"))
                        lines.append(_spacing("".join(t.text or "" for t in texts)))
    return [line for line in lines if line]


def split_sections(lines: list[str]) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {"(start)": []}
    current = "(start)"
    for line in lines:
        if line in SECTIONS:
            current = line
            sections[current] = []
        sections[current].append(line)
    return sections


@pytest.fixture(scope="module")
def loaded() -> LoadedPlan:
    return read_plan(str(PLAN), catalog=Catalog.shipped())


@pytest.fixture(scope="module")
def generated(loaded: LoadedPlan) -> list[str]:
    return document_lines(render_plan(loaded))


def test_the_review_gives_the_seed_lists(loaded: LoadedPlan) -> None:
    assert loaded.review.numbers(Outcome.MET) == [3, 4, 7, 14, 15, 16, 18, 19]
    assert loaded.review.numbers(Outcome.NOT_MET) == [1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 17]
    assert [target.criterion for target in loaded.plan.targets] == [9, 12, 17]
    assert loaded.warnings == ()


def test_the_document_starts_with_the_header_the_seed_leaves_out(generated: list[str]) -> None:
    assert tuple(generated[: len(HEADER)]) == HEADER


def test_every_section_of_the_seed_is_written_in_order(generated: list[str]) -> None:
    expected = split_sections(corrected_seed())
    actual = split_sections(generated[len(HEADER) :])
    assert list(actual) == list(expected)
    for name in expected:
        assert actual[name] == expected[name], name


def test_the_whole_text_equals_the_corrected_seed(generated: list[str]) -> None:
    assert generated[len(HEADER) :] == corrected_seed()


def test_each_difference_is_a_slip_of_the_seed_not_of_the_product(generated: list[str]) -> None:
    text = "\n".join(generated)
    for before, after, why in DIFFERENCES:
        assert after in text, why
        if before not in after:
            assert before not in text, why


def test_the_targets_assignments_and_deadlines_are_in_the_text(generated: list[str]) -> None:
    text = "\n".join(generated)
    for line in (
        "* Tiêu chí số 9 - Nhà ở dân cư",
        "* Tiêu chí số 12 - Lao động",
        "* Tiêu chí số 17 - Môi trường",
        "Phụ trách tiêu chí số 9 - Nhà ở dân cư, phối hợp rà soát nhà ở của hộ dân trên toàn "
        "địa bàn xã, hoàn thiện hồ sơ tiêu chí vào tháng 12 năm 2024.",
        "đặc biệt là xây dựng 3 tiêu chí cần đạt trong năm 2024 trên địa bàn xã.",
        "- Lưu: VP.",
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLộc Văn Dương",
    ):
        assert line in text
