"""The layout of the generated documents, read back from the DOCX: page, margins, fonts,
sizes, the header table, the page numbers and the signature block, by Nghị định
30/2020/NĐ-CP, Phụ lục I (see shared/reference/document-format.md)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from ntm.core import Catalog
from ntm.core.io.plan_yaml import read_plan
from ntm.core.io.review_files import read_review
from ntm.core.rules.evaluation import evaluate_review
from ntm.documents.layout import TEMPLATES
from ntm.documents.plan import render_plan
from ntm.documents.render import shipped_template
from ntm.documents.report import render_report

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "examples" / "phuc-chu-2024" / "plan.yaml"
REVIEW = REPO / "examples" / "phuc-chu-2024" / "review.yaml"


@pytest.fixture(scope="module")
def plan_document() -> Document:
    loaded = read_plan(str(PLAN), catalog=Catalog.shipped())
    return docx.Document(io.BytesIO(render_plan(loaded)))


@pytest.fixture(scope="module")
def report_document() -> Document:
    catalog = Catalog.shipped()
    review, criteria_set = read_review(str(REVIEW), catalog=catalog)
    result = evaluate_review(review, criteria_set, model_set=catalog.model_set_for(criteria_set))
    return docx.Document(io.BytesIO(render_report(result)))


def effective(paragraph: Paragraph, name: str) -> Any:
    """A font property as Word resolves it: the runs, then the style and its bases."""
    values = {getattr(run.font, name) for run in paragraph.runs if run.text.strip()}
    if values and None not in values:
        assert len(values) == 1, (paragraph.text, values)
        return values.pop()
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, name)
        if value is not None:
            return value
        style = style.base_style
    return None


def paragraph_property(paragraph: Paragraph, name: str) -> Any:
    """A paragraph-format property as Word resolves it: the paragraph, then its styles."""
    value = getattr(paragraph.paragraph_format, name)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, name)
        style = style.base_style
    return value


def fonts_of(paragraph: Paragraph) -> set[str]:
    """Every font name set for the paragraph's text: on its style chain and on its runs."""
    names = set()
    style = paragraph.style
    while style is not None:
        fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
        if fonts is not None:
            names.update(v for k, v in fonts.attrib.items() if not k.endswith("Theme"))
        style = style.base_style
    for run in paragraph.runs:
        if run.font.name:
            names.add(run.font.name)
    return names


def paragraph_with(document: Document, text: str) -> Paragraph:
    for paragraph in _all_paragraphs(document):
        if " ".join(paragraph.text.replace("\u00a0", " ").split()) == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r}")


def _all_paragraphs(document: Document) -> list[Paragraph]:
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    return paragraphs


def test_a4_portrait_with_the_margins_of_nd_30(plan_document: Document) -> None:
    section = plan_document.sections[0]
    # Word stores twentieths of a point: A4 is 11906 × 16838, i.e. 210 × 297 mm to 0.01 mm.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.orientation == WD_ORIENT.PORTRAIT
    margins = [round(m.mm, 1) for m in (section.top_margin, section.bottom_margin)]
    assert all(20 <= margin <= 25 for margin in margins)
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20


def test_every_paragraph_is_times_new_roman(plan_document: Document) -> None:
    for paragraph in _all_paragraphs(plan_document):
        if paragraph.text.strip():
            assert fonts_of(paragraph) == {"Times New Roman"}, paragraph.text


def test_the_header_table_puts_the_bodies_left_and_the_national_title_right(
    plan_document: Document,
) -> None:
    header = plan_document.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text.strip()]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text.strip()]
    assert left == ["UBND HUYỆN ĐỊNH HÓA", "ỦY BAN NHÂN DÂN", "XÃ PHÚC CHU"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    # The number and the place-and-date line share the second row, level with each other.
    assert header.cell(1, 0).text.replace("\u00a0", " ").split() == ["Số:", "/KH-UBND"]
    assert " ".join(header.cell(1, 1).text.split()) == "Phúc Chu, ngày tháng năm 2024"
    # The body's table comes first, before the type name.
    assert plan_document.element.body[0].tag == qn("w:tbl")


@pytest.mark.parametrize(
    ("text", "size", "bold", "italic"),
    [
        ("UBND HUYỆN ĐỊNH HÓA", 13, False, False),
        ("ỦY BAN NHÂN DÂN", 13, True, False),
        ("XÃ PHÚC CHU", 13, True, False),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False),
        ("Độc lập - Tự do - Hạnh phúc", 13, True, False),
        ("KẾ HOẠCH", 14, True, False),
        (
            "Thực hiện Chương trình xây dựng nông thôn mới nâng cao xã Phúc Chu năm 2024",
            14,
            True,
            False,
        ),
        ("I. MỤC ĐÍCH, YÊU CẦU", 14, True, False),
        ("* Tiêu chí số 9 - Nhà ở dân cư", 14, False, True),
        ("Nơi nhận:", 12, True, True),
        ("- TT Đảng ủy;", 11, False, False),
        ("TM. ỦY BAN NHÂN DÂN", 14, True, False),
        ("PHÓ CHỦ TỊCH", 14, True, False),
        ("Lộc Văn Dương", 14, True, False),
    ],
)
def test_sizes_and_weights_of_each_element(
    plan_document: Document, text: str, size: int, bold: bool, italic: bool
) -> None:
    paragraph = paragraph_with(plan_document, text)
    assert effective(paragraph, "size") == Pt(size)
    assert bool(effective(paragraph, "bold")) is bold
    assert bool(effective(paragraph, "italic")) is italic


def test_the_place_and_date_line_is_italic_14(plan_document: Document) -> None:
    paragraph = plan_document.tables[0].cell(1, 1).paragraphs[0]
    assert effective(paragraph, "size") == Pt(14)
    assert effective(paragraph, "italic") is True


def test_the_body_is_justified_14_with_a_first_line_indent(plan_document: Document) -> None:
    paragraph = next(p for p in plan_document.paragraphs if p.text.startswith("Căn cứ Quyết định"))
    assert effective(paragraph, "size") == Pt(14)
    assert paragraph_property(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Mm(10) <= paragraph_property(paragraph, "first_line_indent") <= Mm(12.7)
    assert paragraph_property(paragraph, "space_after") >= Pt(6)


def test_rules_under_the_body_name_the_motto_and_the_subject(plan_document: Document) -> None:
    def ruled(paragraphs: list[Paragraph]) -> int:
        return sum(1 for p in paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None)

    header = plan_document.tables[0]
    assert ruled(header.cell(0, 0).paragraphs) == 1
    assert ruled(header.cell(0, 1).paragraphs) == 1
    assert ruled(plan_document.paragraphs[:4]) == 1


def test_page_numbers_start_on_page_2(plan_document: Document) -> None:
    section = plan_document.sections[0]
    assert section.different_first_page_header_footer is True
    assert not section.first_page_header.paragraphs[0].text.strip()
    header = section.header.paragraphs[0]
    fields = header._p.findall(qn("w:fldSimple"))
    assert [field.get(qn("w:instr")).strip() for field in fields] == ["PAGE"]
    assert paragraph_property(header, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert effective(header, "size") == Pt(14)


def test_the_signature_block_is_right_of_the_recipients(plan_document: Document) -> None:
    table = plan_document.tables[-1]
    recipients = [p.text for p in table.cell(0, 0).paragraphs if p.text.strip()]
    signature = [p.text for p in table.cell(0, 1).paragraphs if p.text.strip()]
    assert recipients == [
        "Nơi nhận:",
        "- TT Đảng ủy;",
        "- TT HĐND;",
        "- UBND, các thành viên BQL;",
        "- Lưu: VP.",
    ]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lộc Văn Dương"]


def test_no_template_tag_is_left_in_the_document(plan_document: Document) -> None:
    for paragraph in _all_paragraphs(plan_document):
        assert "{{" not in paragraph.text and "{%" not in paragraph.text, paragraph.text


def test_the_report_puts_the_summary_table_in_a_landscape_section(
    report_document: Document,
) -> None:
    first, table_section = report_document.sections[0], report_document.sections[-1]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert table_section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(table_section.page_width.mm), round(table_section.page_height.mm)) == (297, 210)
    table = report_document.tables[-1]
    heads = [cell.text for cell in table.rows[0].cells]
    assert heads == ["TT", "Tiêu chí", "Chỉ tiêu", "Chuẩn", "Kết quả", "Đánh giá"]
    # The Phúc Chu review: 19 criteria, with the indicators of the nâng cao set under them.
    criterion_rows = [row for row in table.rows[1:] if row.cells[1].text.strip()]
    assert len(criterion_rows) == 19
    assert criterion_rows[8].cells[1].text == "Nhà ở dân cư"
    assert criterion_rows[8].cells[5].text == "Chưa đạt (xã tự đánh giá)"
    assert criterion_rows[2].cells[5].text == "Đạt (xã tự đánh giá)"


def test_the_shipped_templates_are_what_the_layout_module_builds() -> None:
    for name, build in TEMPLATES.items():
        built = zipfile.ZipFile(io.BytesIO(build()))
        shipped = zipfile.ZipFile(io.BytesIO(shipped_template(name)))
        for part in ("word/document.xml", "word/styles.xml", "word/header1.xml"):
            if part in built.namelist():
                assert built.read(part) == shipped.read(part), (name, part)
