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

__all__ = [
    "FONT",
    "TEMPLATES",
    "build_dossier_report_template",
    "build_index_template",
    "build_minutes_template",
    "build_plan_template",
    "build_report_template",
    "build_results_report_template",
    "build_submission_template",
    "write_all",
]

#: NĐ 30/2020, Phụ lục I, I.3: Times New Roman (Unicode, TCVN 6909:2001).
FONT = "Times New Roman"

#: The text width on a portrait A4 page: 210 mm - 30 mm - 15 mm.
_TEXT_WIDTH = Mm(165)
_LEFT_COLUMN = Cm(6.3)
_RIGHT_COLUMN = _TEXT_WIDTH - _LEFT_COLUMN

#: Paragraph styles: name → (based on, size pt, bold, italic, alignment, first-line indent
#: cm, space after pt), None where the base style's value holds. The font is set once, on
#: Normal and the document defaults; the body styles are based on "NTM Body", so that a
#: user who restyles "NTM Body" restyles the whole body.
_Style = tuple[
    str,
    float | None,
    bool | None,
    bool | None,
    WD_ALIGN_PARAGRAPH | None,
    float | None,
    float | None,
]
_STYLES: dict[str, _Style] = {
    "NTM Body": ("Normal", 14, None, None, WD_ALIGN_PARAGRAPH.JUSTIFY, 1.27, 6),
    "NTM Heading 1": ("NTM Body", None, True, None, None, None, None),
    "NTM Heading 2": ("NTM Body", None, True, None, None, None, None),
    "NTM Heading 3": ("NTM Body", None, True, None, None, None, None),
    "NTM List": ("NTM Body", None, None, None, None, None, None),
    "NTM Criterion": ("NTM Body", None, None, True, None, None, None),
    "NTM Closing": ("NTM Body", None, None, None, None, None, None),
    "NTM Header": ("Normal", 13, False, False, WD_ALIGN_PARAGRAPH.CENTER, None, 0),
    "NTM Header Bold": ("NTM Header", None, True, None, None, None, None),
    "NTM National Title": ("NTM Header", 12, True, None, None, None, None),
    "NTM Motto": ("NTM Header", 13, True, None, None, None, None),
    "NTM Number": ("NTM Header", 13, None, None, None, None, None),
    "NTM Place Date": ("NTM Header", 14, None, True, None, None, None),
    "NTM Type Name": ("NTM Header", 14, True, None, None, None, None),
    "NTM Subject": ("NTM Header", 14, True, None, None, None, None),
    "NTM Annex Note": ("NTM Header", 14, None, True, None, None, None),
    "NTM Rule": ("NTM Header", 2, None, None, None, None, None),
    "NTM Recipients Title": ("Normal", 12, True, True, WD_ALIGN_PARAGRAPH.LEFT, None, 0),
    "NTM Recipient": ("Normal", 11, False, False, WD_ALIGN_PARAGRAPH.LEFT, None, 0),
    "NTM Signature": ("NTM Header", 14, True, None, None, None, None),
    "NTM Signer": ("NTM Signature", None, None, None, None, None, None),
    "NTM Table": ("Normal", 12, False, False, WD_ALIGN_PARAGRAPH.LEFT, None, 0),
    "NTM Table Head": ("NTM Table", None, True, None, WD_ALIGN_PARAGRAPH.CENTER, None, None),
    "NTM Table Centre": ("NTM Table", None, None, None, WD_ALIGN_PARAGRAPH.CENTER, None, None),
    "NTM Table Bold": ("NTM Table", None, True, None, None, None, None),
    "NTM Page Number": ("NTM Header", 14, False, None, None, None, None),
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
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:  # the theme fonts of python-docx's default template
        for fonts in defaults.iter(qn("w:rFonts")):
            for key in list(fonts.attrib):
                del fonts.attrib[key]
            for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attribute), FONT)
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element, 14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    normal.paragraph_format.widow_control = True
    for name, (base, size, bold, italic, alignment, indent, after) in _STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        if size is not None:
            style.font.size = Pt(size)
        if bold is not None:
            style.font.bold = bold
        if italic is not None:
            style.font.italic = italic
        paragraph = style.paragraph_format
        if alignment is not None:
            paragraph.alignment = alignment
        if indent is not None:
            paragraph.first_line_indent = Cm(indent)
        if after is not None:
            paragraph.space_after = Pt(after)
        if name.startswith("NTM Heading") or name == "NTM Closing":
            # A heading stays with its text; the closing sentence with the signature.
            paragraph.keep_with_next = True
    for name in ("NTM Header", "NTM Recipients Title", "NTM Recipient", "NTM Table"):
        styles[name].paragraph_format.first_line_indent = Cm(0)
    rule = styles["NTM Rule"].paragraph_format
    rule.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    rule.line_spacing = Pt(2)
    rule.space_before = Pt(3)
    styles["NTM Type Name"].paragraph_format.space_before = Pt(12)
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


def _header(document: Document, *, type_abbreviation: str | None) -> None:
    """The header table of page 1 (NĐ 30/2020, Phụ lục I, II.1-II.6); without a type
    abbreviation (an index), the number cell stays empty."""
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
        ""
        if type_abbreviation is None
        else "Số: {{ number }}/" + type_abbreviation + "-{{ body.abbreviation }}",
        "NTM Number",
        first=True,
    )
    _cell_paragraph(dated, "{{ dated_line }}", "NTM Place Date", first=True)


def _title(document: Document, type_name: str) -> None:
    document.add_paragraph(type_name, style="NTM Type Name")
    document.add_paragraph("{{ subject }}", style="NTM Subject")
    _rule(document.add_paragraph(), indent=Cm(6.3))
    document.add_paragraph("", style="NTM Body")


def _body(document: Document, blocks: str = "blocks") -> None:
    """One loop over the body paragraphs (the context's list ``blocks``); each kind has its
    style (see BODY_STYLES)."""
    document.add_paragraph(f"{{%p for block in {blocks} %}}", style="NTM Body")
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


#: The heads of the review report's summary table.
_REPORT_HEADS = ("TT", "Tiêu chí", "Chỉ tiêu", "Chuẩn", "Kết quả", "Đánh giá")
#: The heads of the dossier's results report (recognition-procedure.md §6.1 [M]).
_RESULTS_HEADS = ("TT", "Tiêu chí", "Chỉ tiêu", "Chỉ tiêu theo quy định", "Kết quả", "Tự đánh giá")


def _landscape_table(document: Document, heads: tuple[str, ...] = _REPORT_HEADS) -> None:
    """The review summary table in a landscape section (NĐ 30/2020, Phụ lục I, I.2): a
    criterion row (bold, kept with its first indicator) then its indicator rows; no row is
    split across pages; the head row repeats on every page."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(25), Mm(15)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    # The section's header is linked to the first section's: the same page numbers, and
    # the first page of this section is not a first page of the document.
    section.different_first_page_header_footer = False
    title = document.add_paragraph("{{ table_title }}", style="NTM Type Name")
    title.paragraph_format.space_before = Pt(0)
    document.add_paragraph("{{ annex_note }}", style="NTM Annex Note")
    document.add_paragraph("", style="NTM Table")
    widths = (Cm(1.2), Cm(4.6), Cm(8.0), Cm(3.6), Cm(3.6), Cm(4.7))
    keys = ("tt", "criterion", "indicator", "standard", "result", "verdict")
    table = document.add_table(rows=8, cols=len(heads))
    table.style = "Table Grid"
    _borderless(table, widths)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", "40"), ("bottom", "40"), ("left", "80"), ("right", "80")):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), twips)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        _cell_paragraph(cell, head, "NTM Table Head", first=True)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    tags = {1: "{%tr for row in rows %}", 2: "{%tr if row.head %}", 4: "{%tr else %}"}
    tags |= {6: "{%tr endif %}", 7: "{%tr endfor %}"}
    for index, tag in tags.items():
        table.rows[index].cells[0].paragraphs[0].add_run(tag)
    bold, plain, centre = "NTM Table Bold", "NTM Table", "NTM Table Centre"
    criterion_styles = ("NTM Table Head", bold, plain, plain, plain, "NTM Table Head")
    indicator_styles = (centre, plain, plain, plain, centre, centre)
    for row_index, styles in ((3, criterion_styles), (5, indicator_styles)):
        row = table.rows[row_index]
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, key, style in zip(row.cells, keys, styles, strict=True):
            paragraph = _cell_paragraph(cell, "{{ row." + key + " }}", style, first=True)
            if row_index == 3:
                paragraph.paragraph_format.keep_with_next = True
    document.add_paragraph("{%p for note in table_notes %}", style="NTM Table")
    document.add_paragraph("{{ note }}", style="NTM Table")
    document.add_paragraph("{%p endfor %}", style="NTM Table")


def _addressee(document: Document) -> None:
    """The "Kính gửi: …" line of a tờ trình (Mẫu 1.4), centred, 14 pt, one line a recipient."""
    document.add_paragraph("{%p for line in addressees %}", style="NTM Body")
    paragraph = document.add_paragraph(style="NTM Header")
    paragraph.paragraph_format.space_after = Pt(6)
    run = paragraph.add_run("{{ line }}")
    run.font.size = Pt(14)
    document.add_paragraph("{%p endfor %}", style="NTM Body")


def _grid_table(
    document: Document,
    *,
    name: str,
    heads: tuple[str, ...],
    keys: tuple[str, ...],
    widths: tuple[Cm, ...],
    centred: frozenset[int] = frozenset({0}),
    second: dict[int, str] | None = None,
) -> None:
    """A portrait table shown when the context's ``table`` is ``name``: a head row that
    repeats on every page, then ``rows``: a row with ``head`` true is bold (a criterion, a
    total), the others plain; columns in ``centred`` are centred; ``second`` adds a second,
    italic paragraph to a plain row's cell (column → key: the index's path in the ZIP)."""
    document.add_paragraph(f'{{%p if table == "{name}" %}}', style="NTM Table")
    document.add_paragraph("{{ table_title }}", style="NTM Table Head")
    table = document.add_table(rows=8, cols=len(heads))
    table.style = "Table Grid"
    _borderless(table, widths)
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        _cell_paragraph(cell, head, "NTM Table Head", first=True)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    tags = {1: "{%tr for row in rows %}", 2: "{%tr if row.head %}", 4: "{%tr else %}"}
    tags |= {6: "{%tr endif %}", 7: "{%tr endfor %}"}
    for index, tag in tags.items():
        table.rows[index].cells[0].paragraphs[0].add_run(tag)
    for row_index, bold in ((3, True), (5, False)):
        row = table.rows[row_index]
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for column, (cell, key) in enumerate(zip(row.cells, keys, strict=True)):
            if bold:
                style = "NTM Table Head" if column in centred else "NTM Table Bold"
            else:
                style = "NTM Table Centre" if column in centred else "NTM Table"
            paragraph = _cell_paragraph(cell, "{{ row." + key + " }}", style, first=True)
            if bold:
                paragraph.paragraph_format.keep_with_next = True
            if not bold and second and column in second:
                extra = _cell_paragraph(cell, "", "NTM Table")
                extra.add_run("{{ row." + second[column] + " }}").italic = True
    document.add_paragraph("{%p for note in table_notes %}", style="NTM Table")
    document.add_paragraph("{{ note }}", style="NTM Table")
    document.add_paragraph("{%p endfor %}", style="NTM Table")
    document.add_paragraph("{%p endif %}", style="NTM Table")


def _minutes_signature(document: Document) -> None:
    """The signatures of a biên bản (NĐ 30/2020, Phụ lục III, Mẫu 1.9): the secretary left,
    the chair right; "Nơi nhận" under them."""
    spacer = document.add_paragraph("", style="NTM Recipient")
    spacer.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    _borderless(table, (_TEXT_WIDTH // 2, _TEXT_WIDTH - _TEXT_WIDTH // 2))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    secretary, chair = table.rows[0].cells
    for cell, title, name in ((secretary, "THƯ KÝ", "secretary"), (chair, "CHỦ TỌA", "chair")):
        _cell_paragraph(cell, title, "NTM Signature", first=True)
        for _blank in range(4):
            _cell_paragraph(cell, "", "NTM Signature")
        _cell_paragraph(cell, "{{ " + name + " }}", "NTM Signer")
    document.add_paragraph("", style="NTM Recipient")
    document.add_paragraph("Nơi nhận:", style="NTM Recipients Title")
    document.add_paragraph("{%p for recipient in recipients %}", style="NTM Recipient")
    document.add_paragraph("- {{ recipient }}", style="NTM Recipient")
    document.add_paragraph("{%p endfor %}", style="NTM Recipient")


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


def build_results_report_template() -> bytes:
    """The dossier's results report (báo cáo kết quả xây dựng NTM): as the review report,
    with the heads of recognition-procedure.md §6.1 [M] on the summary table."""
    document = _new_document()
    _header(document, type_abbreviation="BC")
    _title(document, "BÁO CÁO")
    _body(document)
    _signature(document)
    _page_numbers(document.sections[0])
    _landscape_table(document, _RESULTS_HEADS)
    _stamp(document, "Báo cáo kết quả")
    return _save(document)


def build_submission_template() -> bytes:
    """The tờ trình (TTr): Mẫu 1.4 of NĐ 30/2020 with type name TỜ TRÌNH and the "Kính
    gửi" line under the subject."""
    document = _new_document()
    _header(document, type_abbreviation="TTr")
    _title(document, "TỜ TRÌNH")
    _addressee(document)
    _body(document)
    _signature(document)
    _page_numbers(document.sections[0])
    _stamp(document, "Tờ trình")
    return _save(document)


def build_minutes_template() -> bytes:
    """The biên bản (BB): Mẫu 1.9 of NĐ 30/2020, type name BIÊN BẢN, the secretary's and
    the chair's signatures."""
    document = _new_document()
    _header(document, type_abbreviation="BB")
    _title(document, "BIÊN BẢN")
    _body(document)
    _minutes_signature(document)
    _page_numbers(document.sections[0])
    _stamp(document, "Biên bản")
    return _save(document)


def build_dossier_report_template() -> bytes:
    """The dossier's short reports (BC): the summary of comments, the construction debt, the
    satisfaction survey. Body, then the report's table (``table``: "comments", "debt" or
    "satisfaction", or none), then the ``after`` paragraphs and the signature."""
    document = _new_document()
    _header(document, type_abbreviation="BC")
    _title(document, "BÁO CÁO")
    _body(document)
    _grid_table(
        document,
        name="comments",
        heads=("TT", "Cơ quan, tổ chức, cá nhân góp ý", "Nội dung ý kiến", "Tiếp thu, giải trình"),
        keys=("tt", "source", "content", "response"),
        widths=(Cm(1.2), Cm(4.3), Cm(5.5), Cm(5.5)),
    )
    _grid_table(
        document,
        name="debt",
        heads=("TT", "Tên công trình", "Số nợ đọng (triệu đồng)"),
        keys=("tt", "work", "amount"),
        widths=(Cm(1.2), Cm(10.8), Cm(4.5)),
        centred=frozenset({0, 2}),
    )
    _grid_table(
        document,
        name="satisfaction",
        heads=(
            "TT",
            "Xóm",
            "Số hộ được hỏi",
            "Số hộ trả lời",
            "Số hộ hài lòng",
            "Tỷ lệ hài lòng (%)",
        ),
        keys=("tt", "hamlet", "asked", "answered", "satisfied", "share"),
        widths=(Cm(1.2), Cm(4.5), Cm(2.7), Cm(2.7), Cm(2.7), Cm(2.7)),
        centred=frozenset({0, 2, 3, 4, 5}),
    )
    _body(document, "after")
    _signature(document)
    _page_numbers(document.sections[0])
    _stamp(document, "Báo cáo")
    return _save(document)


def build_index_template() -> bytes:
    """The index of the evidence dossier (mục lục hồ sơ minh chứng): the header without a
    number, the title MỤC LỤC, the documents of the dossier, then the evidence files grouped
    by criterion with their path in the ZIP."""
    document = _new_document()
    _header(document, type_abbreviation=None)
    _title(document, "MỤC LỤC")
    _body(document)
    _grid_table(
        document,
        name="evidence",
        heads=("TT", "Tiêu chí", "Chỉ tiêu", "Tên tệp", "Loại", "Dung lượng", "Mô tả"),
        keys=("tt", "criterion", "indicator", "name", "kind", "size", "description"),
        widths=(Cm(1.0), Cm(2.6), Cm(1.6), Cm(5.0), Cm(1.4), Cm(1.8), Cm(3.1)),
        centred=frozenset({0, 2, 4, 5}),
        second={3: "path"},
    )
    _body(document, "after")
    _page_numbers(document.sections[0])
    _stamp(document, "Mục lục")
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
    "bao-cao-ket-qua.docx": build_results_report_template,
    "to-trinh.docx": build_submission_template,
    "bien-ban.docx": build_minutes_template,
    "bao-cao-ho-so.docx": build_dossier_report_template,
    "muc-luc.docx": build_index_template,
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
