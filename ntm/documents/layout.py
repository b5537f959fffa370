"""Build the default Word templates of ntm's documents, laid out by Nghị định 30/2020/NĐ-CP.

The templates in ``ntm/documents/templates/`` are made by this module (``make templates``)
and committed; a commune can open one in Word or LibreOffice, restyle it (the paragraph
styles are named ``NTM …``), keep the ``{{ … }}`` and ``{%p … %}`` tags, and give it to
``ntm plan --template``. The tags are docxtpl's (Jinja2).

Layout (NĐ 30/2020/NĐ-CP, Phụ lục I; values tagged [M] in
``shared/reference/document-format.md`` are believed right, not yet checked against the
position diagram):

- A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (I.4 [C]);
- Times New Roman; body 14 pt, justified, first-line indent 1.27 cm, 6 pt after (II.8 [M]);
- a two-row header table: the superior body (13 pt) and the issuing body (13 pt bold,
  a short rule under it) left, Quốc hiệu (12 pt bold) and Tiêu ngữ (13 pt bold, a rule as
  long as the text) right; the number line (13 pt) and the place-and-date line (14 pt
  italic) on the second row, level with each other;
- the type name (14 pt bold) and the trích yếu (14 pt bold, a short rule under it);
- page numbers centred in the top margin from page 2, 14 pt (I.5 [C]);
- "Nơi nhận:" (12 pt bold italic, entries 11 pt) left of the signature block (14 pt bold).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

__all__ = ["FONT", "TEMPLATES", "build_plan_template", "build_report_template", "write_all"]

#: NĐ 30/2020, Phụ lục I, I.3: Times New Roman (Unicode, TCVN 6909:2001).
FONT = "Times New Roman"

#: The text width on a portrait A4 page: 210 mm - 30 mm - 15 mm.
_TEXT_WIDTH = Mm(165)
_LEFT_COLUMN = Cm(6.3)
_RIGHT_COLUMN = _TEXT_WIDTH - _LEFT_COLUMN

#: Paragraph styles: name → (size pt, bold, italic, alignment, first-line indent cm).
_STYLES: dict[str, tuple[float, bool, bool, WD_ALIGN_PARAGRAPH, float]] = {
    "NTM Body": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27),
    "NTM Heading 1": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27),
    "NTM Heading 2": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27),
    "NTM Heading 3": (14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27),
    "NTM List": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27),
    "NTM Closing": (14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27),
    "NTM Criterion": (14, False, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27),
    "NTM Header": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Header Bold": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM National Title": (12, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Motto": (13, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Number": (13, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Place Date": (14, False, True, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Type Name": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Subject": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Rule": (2, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Recipients Title": (12, True, True, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "NTM Recipient": (11, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "NTM Signature": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Signer": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Table Head": (12, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Table": (12, False, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "NTM Table Centre": (12, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "NTM Page Number": (14, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
}

#: The body paragraph kinds the context builders emit, and the style of each.
BODY_STYLES = {
    "h1": "NTM Heading 1",
    "h2": "NTM Heading 2",
    "h3": "NTM Heading 3",
    "body": "NTM Body",
    "item": "NTM List",
    "criterion": "NTM Criterion",
    "closing": "NTM Closing",
}


def _set_fonts(element: object, size: float | None = None) -> None:
    """Times New Roman for every script (Latin, East Asian, complex) on a style or run."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            node = rpr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                rpr.append(node)
            node.set(qn("w:val"), str(int(size * 2)))


def _new_document() -> Document:
    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.orientation = WD_ORIENT.PORTRAIT
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance = section.footer_distance = Mm(10)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element, 14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for name, (size, bold, italic, alignment, indent) in _STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        _set_fonts(style.element, size)
        paragraph = style.paragraph_format
        paragraph.alignment = alignment
        paragraph.first_line_indent = Cm(indent) if indent else None
        body = (
            name.startswith("NTM Body")
            or name.startswith("NTM Heading")
            or name
            in (
                "NTM List",
                "NTM Criterion",
            )
        )
        paragraph.space_before = Pt(0)
        paragraph.space_after = Pt(6) if body else Pt(0)
        paragraph.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.widow_control = True
        if name.startswith("NTM Heading") or name == "NTM Closing":
            # A heading stays with its text; the closing sentence with the signature.
            paragraph.keep_with_next = True
    rule = styles["NTM Rule"].paragraph_format
    rule.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.line_spacing = Pt(2)
    rule.space_before = Pt(3)
    for name in ("NTM Type Name",):
        styles[name].paragraph_format.space_before = Pt(12)
    styles["NTM Place Date"].paragraph_format.space_before = Pt(6)
    styles["NTM Number"].paragraph_format.space_before = Pt(6)
    return document


def _rule(paragraph: Paragraph, *, indent: Cm) -> None:
    """A solid rule: the top border of an empty paragraph, shortened by equal indents."""
    paragraph.style = "NTM Rule"
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    ppr.append(borders)


def _cell_paragraph(cell: _Cell, text: str, style: str, *, first: bool = False) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.style = style
    if text:
        paragraph.add_run(text)
    return paragraph


def _borderless(table: Table, widths: tuple[int, ...]) -> None:
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _header(document: Document, *, type_abbreviation: str) -> None:
    """The header table of page 1 (NĐ 30/2020, Phụ lục I, II.1-II.6)."""
    table = document.add_table(rows=2, cols=2)
    _borderless(table, (_LEFT_COLUMN, _RIGHT_COLUMN))
    left, right = table.rows[0].cells
    _cell_paragraph(left, "{%p if body.parent %}", "NTM Header", first=True)
    _cell_paragraph(left, "{{ body.parent }}", "NTM Header")
    _cell_paragraph(left, "{%p endif %}", "NTM Header")
    _cell_paragraph(left, "{{ body.name }}", "NTM Header Bold")
    _cell_paragraph(left, "{{ body.unit }}", "NTM Header Bold")
    _rule(left.add_paragraph(), indent=Cm(2.0))
    _cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "NTM National Title", first=True)
    _cell_paragraph(right, "Độc lập - Tự do - Hạnh phúc", "NTM Motto")
    _rule(right.add_paragraph(), indent=Cm(1.95))
    number, dated = table.rows[1].cells
    _cell_paragraph(
        number,
        "Số: {{ number }}/" + type_abbreviation + "-{{ body.abbreviation }}",
        "NTM Number",
        first=True,
    )
    _cell_paragraph(dated, "{{ dated_line }}", "NTM Place Date", first=True)


def _title(document: Document, type_name: str) -> None:
    document.add_paragraph(type_name, style="NTM Type Name")
    document.add_paragraph("{{ subject }}", style="NTM Subject")
    _rule(document.add_paragraph(), indent=Cm(6.3))
    document.add_paragraph("", style="NTM Body")


def _body(document: Document) -> None:
    """One loop over the body paragraphs; each kind has its style (see BODY_STYLES)."""
    document.add_paragraph("{%p for block in blocks %}", style="NTM Body")
    first = True
    for kind, style in BODY_STYLES.items():
        keyword = "if" if first else "elif"
        first = False
        document.add_paragraph(f'{{%p {keyword} block.kind == "{kind}" %}}', style="NTM Body")
        document.add_paragraph("{{ block.text }}", style=style)
    document.add_paragraph("{%p endif %}", style="NTM Body")
    document.add_paragraph("{%p endfor %}", style="NTM Body")


def _signature(document: Document) -> None:
    """Nơi nhận (left) level with the signing authority, title and name (right)."""
    spacer = document.add_paragraph("", style="NTM Recipient")
    spacer.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    _borderless(table, (Cm(7.5), _TEXT_WIDTH - Cm(7.5)))
    # The block is never split across two pages.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    recipients, signature = table.rows[0].cells
    _cell_paragraph(recipients, "Nơi nhận:", "NTM Recipients Title", first=True)
    _cell_paragraph(recipients, "{%p for recipient in recipients %}", "NTM Recipient")
    _cell_paragraph(recipients, "- {{ recipient }}", "NTM Recipient")
    _cell_paragraph(recipients, "{%p endfor %}", "NTM Recipient")
    _cell_paragraph(signature, "{%p for line in signature_lines %}", "NTM Signature", first=True)
    _cell_paragraph(signature, "{{ line }}", "NTM Signature")
    _cell_paragraph(signature, "{%p endfor %}", "NTM Signature")
    for _blank in range(4):
        _cell_paragraph(signature, "", "NTM Signature")
    _cell_paragraph(signature, "{{ signer }}", "NTM Signer")


def _page_numbers(section: object) -> None:
    """Page numbers centred in the top margin, from page 2 (NĐ 30/2020, Phụ lục I, I.5)."""
    section.different_first_page_header_footer = True  # type: ignore[attr-defined]
    paragraph = section.header.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.style = "NTM Page Number"
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _landscape_table(document: Document) -> None:
    """The review summary table in a landscape section (NĐ 30/2020, Phụ lục I, I.2)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(30), Mm(15)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    # The section's header is linked to the first section's: the same page numbers, and
    # the first page of this section is not a first page of the document.
    section.different_first_page_header_footer = False
    document.add_paragraph("{{ table_title }}", style="NTM Type Name")
    widths = (Cm(1.2), Cm(5.0), Cm(8.2), Cm(4.2), Cm(4.0), Cm(3.1))
    heads = ("TT", "Tiêu chí", "Chỉ tiêu", "Chuẩn", "Kết quả", "Đánh giá")
    table = document.add_table(rows=4, cols=len(heads))
    table.style = "Table Grid"
    _borderless(table, widths)
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        _cell_paragraph(cell, head, "NTM Table Head", first=True)
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for row in rows %}")
    cells = table.rows[2].cells
    for cell, key, style in zip(
        cells,
        ("tt", "criterion", "indicator", "standard", "result", "verdict"),
        (
            "NTM Table Centre",
            "NTM Table",
            "NTM Table",
            "NTM Table",
            "NTM Table Centre",
            "NTM Table Centre",
        ),
        strict=True,
    ):
        _cell_paragraph(cell, "{{r row." + key + " }}", style, first=True)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header_row.append(repeat)
    document.add_paragraph("{%p for note in table_notes %}", style="NTM Body")
    document.add_paragraph("{{ note }}", style="NTM Table")
    document.add_paragraph("{%p endfor %}", style="NTM Body")


def build_plan_template() -> bytes:
    """The plan (kế hoạch) template: Mẫu 1.4 of NĐ 30/2020 with type name KẾ HOẠCH, KH."""
    document = _new_document()
    _header(document, type_abbreviation="KH")
    _title(document, "KẾ HOẠCH")
    _body(document)
    _signature(document)
    _page_numbers(document.sections[0])
    _stamp(document, "Kế hoạch")
    return _save(document)


def build_report_template() -> bytes:
    """The review report (báo cáo kết quả rà soát) template: type name BÁO CÁO, BC; the
    summary table in a landscape section after the signed text."""
    document = _new_document()
    _header(document, type_abbreviation="BC")
    _title(document, "BÁO CÁO")
    _body(document)
    _signature(document)
    _page_numbers(document.sections[0])
    _landscape_table(document)
    _stamp(document, "Báo cáo")
    return _save(document)


def _stamp(document: Document, title: str) -> None:
    properties = document.core_properties
    properties.title = title
    properties.author = "ntm"
    properties.last_modified_by = "ntm"
    properties.comments = "Mẫu văn bản theo Nghị định 30/2020/NĐ-CP; tạo bởi ntm (make templates)."
    properties.revision = 1
    fixed = datetime.datetime(2026, 1, 1)
    properties.created = fixed
    properties.modified = fixed


def _save(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


#: The shipped templates and the functions that make them.
TEMPLATES: dict[str, Callable[[], bytes]] = {
    "ke-hoach.docx": build_plan_template,
    "bao-cao.docx": build_report_template,
}


def write_all(folder: Path) -> list[Path]:
    """Write every template into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in TEMPLATES.items():
        path = folder / name
        path.write_bytes(build())
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - `make templates`
    for written_path in write_all(Path(__file__).parent / "templates"):
        print(written_path)
