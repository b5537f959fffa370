"""The documents of a commune's recognition dossier (hồ sơ đề nghị công nhận), as DOCX.

One function per document of recognition-procedure.md §3 [M], each ``render_*(content) ->
bytes`` in the NĐ 30/2020/NĐ-CP layout of the shipped templates (``layout.py``):

1. :func:`render_submission`: Tờ trình đề nghị thẩm tra, xét công nhận (TTr,
   ``to-trinh.docx``);
2. :func:`render_results_report`: Báo cáo kết quả xây dựng NTM (nâng cao) with the summary
   table of §6.1 (BC, ``bao-cao-ket-qua.docx``; the findings and the table are the review
   report's, :func:`ntm.documents.report.report_context`);
3. :func:`render_comments_summary`: Báo cáo tổng hợp ý kiến tham gia của MTTQ, các tổ chức
   chính trị - xã hội và nhân dân (BC, ``bao-cao-ho-so.docx``);
4. :func:`render_minutes`: Biên bản cuộc họp đề nghị xét công nhận (BB, ``bien-ban.docx``);
5. :func:`render_debt_report`: Báo cáo tình hình nợ đọng xây dựng cơ bản (BC);
6. :func:`render_satisfaction_report`: Báo cáo kết quả lấy ý kiến sự hài lòng của người dân
   (BC).

The text is Vietnamese whatever the interface language. What the dossier does not hold yet
is written as a blank ("…") for the commune to fill in, never invented; the completeness
check (:func:`ntm.core.recognition.dossier.dossier_missing`) says what it is. Numbers and
dates of the documents are left blank except the tờ trình's (the submission's) and the
minutes' date (the meeting's). The output is deterministic: the same content gives the same
bytes (the DOCX parts carry a fixed timestamp).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal
from typing import Any

from ntm.core.catalog import Level
from ntm.core.i18n import language
from ntm.core.legal import LegalRegistry
from ntm.core.plan import PartialDate, Plan
from ntm.core.recognition.dossier import DossierContent, HamletSatisfaction
from ntm.core.recognition.satisfaction import SatisfactionResult
from ntm.core.rules.results import Outcome
from ntm.core.values import format_decimal
from ntm.documents.plan import header_context, keep_year_together
from ntm.documents.render import Block, end_sentence, render_template, shipped_template
from ntm.documents.report import report_context

__all__ = [
    "BLANK",
    "DOCUMENTS",
    "LEVEL_PHRASES",
    "DossierDocument",
    "document_header",
    "fixed_timestamps",
    "format_amount",
    "format_share",
    "render_comments_summary",
    "render_debt_report",
    "render_minutes",
    "render_results_report",
    "render_satisfaction_report",
    "render_submission",
]

#: What a document prints where the dossier holds no fact yet.
BLANK = "…"

#: How the documents name a level after "đạt chuẩn".
LEVEL_PHRASES = {
    Level.BASIC: "nông thôn mới",
    Level.ADVANCED: "nông thôn mới nâng cao",
    Level.MODEL: "nông thôn mới kiểu mẫu",
    Level.MODERN: "nông thôn mới hiện đại",
}

#: The timestamp of every part of a generated DOCX (the templates' own date).
_TIMESTAMP = (2026, 1, 1, 0, 0, 0)

_SEE_TABLE = "Chi tiết tại Bảng tổng hợp kèm theo."

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


# --- formatting ---------------------------------------------------------------------------


def format_amount(amount: Decimal) -> str:
    """An exact amount, Vietnamese style, every digit kept: ``Decimal("1234.5")`` →
    "1.234,5", ``Decimal("0.001")`` → "0,001", ``Decimal("0")`` → "0" (a debt is never
    rounded to nothing)."""
    exponent = amount.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # a finite amount
    return format_decimal(amount, places=max(0, -exponent))


def format_share(share: Decimal | None) -> str:
    """A share (%) for display with two decimals, cut, never rounded up, so that a share
    below the condition never shows as reaching it: 94.999… → "94,99", 96.5909… → "96,59",
    95 → "95,00"; None → the blank "…"."""
    if share is None:
        return BLANK
    cut = share.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return f"{cut:f}".replace(".", ",")


def fixed_timestamps(document: bytes) -> bytes:
    """The DOCX with every part's timestamp set to 1 January 2026, so that the same
    content gives the same bytes (python-docx stamps the time of saving)."""
    source = zipfile.ZipFile(io.BytesIO(document))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_TIMESTAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info))
    return buffer.getvalue()


def _date(date: datetime.date) -> str:
    """dd/mm/yyyy of a ``datetime.date``."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def _spelled(date: datetime.date) -> str:
    """ "ngày 05 tháng 02 năm 2024" of a ``datetime.date`` (NĐ 30/2020 leading zeros)."""
    return PartialDate(date.year, date.month, date.day).spelled()


# --- shared parts -------------------------------------------------------------------------


def _commune(content: DossierContent) -> str:
    """ "xã Phúc Chu"."""
    return f"{content.commune.kind.lower()} {content.commune.name}"


def _goal(content: DossierContent) -> str:
    """ "xã Phúc Chu đạt chuẩn nông thôn mới nâng cao năm 2024"."""
    return f"{_commune(content)} đạt chuẩn {LEVEL_PHRASES[content.level]} năm {content.year}"


def document_header(
    content: DossierContent,
    subject: str,
    *,
    date: PartialDate | None = None,
    number: str | None = None,
    recipients: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """The header and signature facts of a dossier document (the context of the shipped
    templates): the submission's issuing body, place and signer; ``date`` (default: the
    submission's year, day and month blank), ``number`` (default blank), ``recipients``
    (default "Lưu: VT"); no table and no ``after`` paragraphs until the caller sets them."""
    submission = content.submission
    plan = Plan(
        commune=content.commune.name,
        year=content.year,
        place=submission.place,
        date=date or PartialDate(submission.date.year),
        number=number,
        issuing_body=submission.issuing_body,
        subject=subject,
        level=content.level,
        signature=submission.signature,
        recipients=recipients or ("Lưu: VT",),
    )
    context = header_context(plan)
    context["subject"] = keep_year_together(subject, content.year)
    context["after"] = []
    context["table"] = ""
    context["rows"] = []
    context["table_title"] = ""
    context["table_notes"] = []
    return context


def _closing(kind: str, subject: str) -> Block:
    return Block("closing", f"Trên đây là {kind} {subject[:1].lower()}{subject[1:]}./.")


def _bases(content: DossierContent, registry: LegalRegistry) -> list[Block]:
    """ "Căn cứ …;" lines: QĐ 18/2022/QĐ-TTg, then the criteria set's decisions."""
    documents = [registry.get("qd-18-2022-ttg")]
    documents += [
        document
        for document in registry.for_criteria_set(content.result.criteria_set.code)
        if document not in documents
    ]
    return [Block("body", f"Căn cứ {document.cite()};") for document in documents]


def _criteria_summary(content: DossierContent) -> str:
    result = content.result
    count = result.criteria_set.criteria_count
    text = f"Tổng số tiêu chí đạt chuẩn: {result.met_count:02d}/{count:02d} tiêu chí"
    not_met = result.numbers(Outcome.NOT_MET)
    undecided = result.numbers(Outcome.UNDECIDED)
    if not_met:
        text += "; chưa đạt: tiêu chí số " + ", ".join(map(str, not_met))
    if undecided:
        text += "; chưa xác định được: tiêu chí số " + ", ".join(map(str, undecided))
    return text + "."


def _publication_line(content: DossierContent) -> str:
    publication = content.consultation
    if publication is None:
        return (
            f"Báo cáo kết quả đã được công khai để lấy ý kiến từ ngày {BLANK} đến ngày "
            f"{BLANK} tại {BLANK}."
        )
    return (
        f"Báo cáo kết quả đã được công khai để lấy ý kiến từ ngày {_date(publication.start)} "
        f"đến ngày {_date(publication.end)} ({publication.days} ngày) tại "
        f"{end_sentence(publication.places)}"
    )


def _debt_line(content: DossierContent) -> str:
    debt = content.debt
    if debt is None:
        return f"Nợ đọng xây dựng cơ bản tính đến ngày {BLANK}: {BLANK}."
    if debt.total == 0:
        return f"Tính đến ngày {_date(debt.as_of)}, xã không còn nợ đọng xây dựng cơ bản."
    return (
        f"Tính đến ngày {_date(debt.as_of)}, xã còn nợ đọng xây dựng cơ bản "
        f"{format_amount(debt.total)} triệu đồng tại {len(debt.items):02d} công trình."
    )


def _condition(result: SatisfactionResult) -> str:
    """ "từ 95% số hộ trả lời trở lên (chưa xác nhận)"."""
    whom = "số hộ trả lời" if result.denominator == "answered" else "số hộ được hỏi"
    text = f"từ {format_amount(result.required)}% {whom} trở lên"
    return text if result.verified else text + " (chưa xác nhận)"


def _satisfaction_line(content: DossierContent) -> str:
    survey = content.satisfaction
    if survey is None:
        return f"Tỷ lệ người dân hài lòng với kết quả xây dựng nông thôn mới: {BLANK}%."
    result = survey.result
    denominator = result.answered if result.denominator == "answered" else result.asked
    return (
        f"Tỷ lệ người dân hài lòng với kết quả xây dựng nông thôn mới: "
        f"{format_share(result.share)}% ({result.satisfied}/{denominator} hộ); "
        f"điều kiện {_condition(result)}."
    )


def _render(name: str, context: dict[str, Any]) -> bytes:
    with language("vi"):
        return fixed_timestamps(render_template(shipped_template(name), context))


# --- 1. the tờ trình ----------------------------------------------------------------------


def _submission_context(content: DossierContent, registry: LegalRegistry) -> dict[str, Any]:
    submission = content.submission
    subject = f"Đề nghị thẩm tra, xét công nhận {_goal(content)}"
    context = document_header(
        content,
        subject,
        date=submission.date,
        number=submission.number,
        recipients=submission.recipients,
    )
    context["addressees"] = [f"Kính gửi: {submission.recipient}."]
    blocks = _bases(content, registry)
    if content.meeting is not None:
        blocks.append(
            Block(
                "body",
                f"Căn cứ Biên bản cuộc họp ngày {_date(content.meeting.date)} đề nghị xét công "
                f"nhận {_goal(content)};",
            )
        )
    blocks.append(
        Block(
            "body",
            f"Ủy ban nhân dân {_commune(content)} kính trình {submission.recipient} thẩm tra, "
            f"xét công nhận {_goal(content)}, cụ thể như sau:",
        )
    )
    blocks.append(Block("h1", "I. KẾT QUẢ THỰC HIỆN"))
    blocks.append(Block("item", f"1. {_criteria_summary(content)}"))
    blocks.append(Block("item", f"2. {_publication_line(content)}"))
    blocks.append(Block("item", f"3. {_debt_line(content)}"))
    blocks.append(Block("item", f"4. {_satisfaction_line(content)}"))
    blocks.append(Block("h1", "II. HỒ SƠ KÈM THEO"))
    for number, (_name, title, _render_function) in enumerate(DOCUMENTS[1:], start=1):
        blocks.append(Block("item", f"{number}. {title};"))
    files = len(content.evidence)
    blocks.append(
        Block(
            "item",
            f"{len(DOCUMENTS)}. Hồ sơ minh chứng các tiêu chí ({files} tệp, "
            "theo Mục lục kèm theo).",
        )
    )
    blocks.append(Block("h1", "III. ĐỀ NGHỊ"))
    blocks.append(
        Block(
            "closing",
            f"Ủy ban nhân dân {_commune(content)} kính trình {submission.recipient} xem xét, "
            f"thẩm tra, xét công nhận {_goal(content)}./.",
        )
    )
    context["blocks"] = blocks
    return context


def render_submission(content: DossierContent, *, registry: LegalRegistry | None = None) -> bytes:
    """The tờ trình (TTr) asking the level above to verify and recognise the commune: the
    legal bases (QĐ 18/2022/QĐ-TTg, the criteria set's decisions), the results (criteria
    met, publication, debt, satisfaction), the documents attached, the request. Header,
    number, date, "Kính gửi" and signature from ``content.submission``.

    Returns:
        The DOCX as bytes.
    """
    with language("vi"):
        context = _submission_context(content, registry or LegalRegistry.shipped())
    return _render("to-trinh.docx", context)


# --- 2. the results report ----------------------------------------------------------------


def _results_context(content: DossierContent, registry: LegalRegistry) -> dict[str, Any]:
    level = LEVEL_PHRASES[content.level]
    subject = f"Kết quả xây dựng {level} năm {content.year} của {_commune(content)}"
    context = document_header(content, subject)
    submission = content.submission
    review = report_context(
        content.result,
        header=Plan(
            commune=content.commune.name,
            year=content.year,
            place=submission.place,
            date=submission.date,
            number=None,
            issuing_body=submission.issuing_body,
            subject=subject,
            level=content.level,
            signature=submission.signature,
        ),
        registry=registry,
    )
    findings: list[Block] = review["blocks"]
    # The review report's findings, from its first section on; its pointer to the table and
    # its closing sentence (which names the review's subject) are written after ours.
    first = next(i for i, block in enumerate(findings) if block.kind == "h1")
    body = [
        block for block in findings[first:] if block.kind != "closing" and block.text != _SEE_TABLE
    ]
    sections = sum(1 for block in body if block.kind == "h1")
    blocks = [
        Block("body", f"Căn cứ {document.cite()};")
        for document in registry.for_criteria_set(content.result.criteria_set.code)
    ]
    blocks.append(
        Block(
            "body",
            f"Ủy ban nhân dân {_commune(content)} báo cáo kết quả xây dựng {level} năm "
            f"{content.year} như sau:",
        )
    )
    blocks.extend(body)
    blocks.append(Block("h1", f"{_ROMAN[sections]}. CÁC ĐIỀU KIỆN KHÁC"))
    blocks.append(Block("item", f"1. {_publication_line(content)}"))
    blocks.append(Block("item", f"2. {_debt_line(content)}"))
    blocks.append(Block("item", f"3. {_satisfaction_line(content)}"))
    blocks.append(Block("body", _SEE_TABLE))
    blocks.append(_closing("Báo cáo", subject))
    context["blocks"] = blocks
    context["rows"] = review["rows"]
    context["table_notes"] = review["table_notes"]
    context["table_title"] = review["table_title"]
    body_name = submission.issuing_body
    context["annex_note"] = (
        f"(Kèm theo Báo cáo số {context['number']}/BC-{body_name.abbreviation} "
        f"{PartialDate(submission.date.year).dated()} của UBND {_commune(content)})"
    )
    return context


def render_results_report(
    content: DossierContent, *, registry: LegalRegistry | None = None
) -> bytes:
    """The report on the results of building NTM (nâng cao, kiểu mẫu): the review report's
    findings (counts, criteria met and not, levels, gaps), the other conditions
    (publication, debt, satisfaction), then the summary table of recognition-procedure.md
    §6.1 [M] in a landscape section: TT | Tiêu chí | Chỉ tiêu | Chỉ tiêu theo quy định |
    Kết quả | Tự đánh giá.

    Returns:
        The DOCX as bytes.
    """
    with language("vi"):
        context = _results_context(content, registry or LegalRegistry.shipped())
    return _render("bao-cao-ket-qua.docx", context)


# --- 3. the summary of comments -----------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _comments_context(content: DossierContent) -> dict[str, Any]:
    level = LEVEL_PHRASES[content.level]
    subject = (
        "Tổng hợp ý kiến tham gia của Mặt trận Tổ quốc, các tổ chức chính trị - xã hội và "
        f"nhân dân đối với kết quả xây dựng {level} năm {content.year} của {_commune(content)}"
    )
    context = document_header(content, subject)
    publication, comments = content.consultation, content.comments
    blocks = [
        Block(
            "body",
            f"Thực hiện Quyết định số 18/2022/QĐ-TTg của Thủ tướng Chính phủ, Ủy ban nhân dân "
            f"{_commune(content)} đã công khai Báo cáo kết quả xây dựng {level} năm "
            f"{content.year} để lấy ý kiến tham gia của Ủy ban Mặt trận Tổ quốc Việt Nam xã, "
            "các tổ chức chính trị - xã hội và nhân dân.",
        ),
        Block("h1", "I. THỜI GIAN, HÌNH THỨC CÔNG KHAI"),
        Block("body", _publication_line(content)),
        Block("h1", "II. KẾT QUẢ LẤY Ý KIẾN"),
    ]
    if comments:
        blocks.append(
            Block(
                "body",
                f"Ủy ban nhân dân xã nhận được {len(comments):02d} ý kiến tham gia, tổng hợp "
                "tại bảng dưới đây:",
            )
        )
        context["table"] = "comments"
        context["table_title"] = "TỔNG HỢP Ý KIẾN THAM GIA"
        context["rows"] = [
            {
                "head": False,
                "tt": str(number),
                "source": _one_line(comment.source),
                "content": _one_line(comment.content),
                "response": _one_line(comment.response) or BLANK,
            }
            for number, comment in enumerate(comments, start=1)
        ]
        unanswered = sum(1 for comment in comments if not comment.response.strip())
        after = [Block("h1", "III. TIẾP THU, GIẢI TRÌNH")]
        if unanswered:
            after.append(
                Block(
                    "body",
                    f"Còn {unanswered:02d} ý kiến chưa được tiếp thu, giải trình ({BLANK}).",
                )
            )
        else:
            after.append(
                Block("body", "Các ý kiến đã được tiếp thu, giải trình như tại bảng trên.")
            )
        context["after"] = [*after, _closing("Báo cáo", subject)]
    elif publication is not None:
        blocks.append(
            Block(
                "body",
                f"Hết thời gian công khai (ngày {_date(publication.end)}), Ủy ban nhân dân xã "
                "không nhận được ý kiến tham gia nào.",
            )
        )
        blocks.append(_closing("Báo cáo", subject))
    else:
        blocks.append(Block("body", f"Số ý kiến tham gia nhận được: {BLANK}."))
        blocks.append(_closing("Báo cáo", subject))
    context["blocks"] = blocks
    return context


def render_comments_summary(content: DossierContent) -> bytes:
    """The summary of the comments of the Front, the socio-political organisations and the
    residents on the results report: the publication (period, days, places), then the
    comments in a table (TT | Cơ quan, tổ chức, cá nhân góp ý | Nội dung ý kiến | Tiếp thu,
    giải trình); with none, that none was received, but only when the report was published
    (otherwise blanks).

    Returns:
        The DOCX as bytes.
    """
    with language("vi"):
        context = _comments_context(content)
    return _render("bao-cao-ho-so.docx", context)


# --- 4. the minutes -----------------------------------------------------------------------


def _minutes_context(content: DossierContent) -> dict[str, Any]:
    meeting = content.meeting
    subject = f"Cuộc họp đề nghị xét công nhận {_goal(content)}"
    date = None if meeting is None else PartialDate(*_ymd(meeting.date))
    context = document_header(content, subject, date=date)
    blank_day = f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    if meeting is None:
        when, place, body = blank_day, BLANK, BLANK
        chair = secretary = BLANK
        invited = attended = votes = agreed = against = BLANK
        share, conclusion = BLANK, BLANK
    else:
        when, place = _spelled(meeting.date), meeting.place
        body = meeting.body or BLANK
        chair, secretary = meeting.chair, meeting.secretary
        invited, attended = str(meeting.invited), str(meeting.attended)
        votes, agreed = str(meeting.votes_total), str(meeting.agreed)
        against = str(meeting.votes_total - meeting.agreed)
        share = (
            format_share(Decimal(meeting.agreed) * 100 / Decimal(meeting.votes_total))
            if meeting.votes_total
            else BLANK
        )
        conclusion = meeting.conclusion
    blocks = [
        Block(
            "body",
            f"Hôm nay, {when}, tại {place}, {body} tổ chức cuộc họp đề nghị xét công nhận "
            f"{_goal(content)}.",
        ),
        Block("h1", "I. THÀNH PHẦN"),
        Block("item", f"- Chủ trì: {chair}."),
        Block("item", f"- Thư ký: {secretary}."),
        Block("item", f"- Số đại biểu được mời: {invited} người; có mặt: {attended} người."),
        Block("h1", "II. NỘI DUNG"),
        Block(
            "body",
            f"Cuộc họp nghe Ủy ban nhân dân xã báo cáo kết quả xây dựng "
            f"{LEVEL_PHRASES[content.level]} năm {content.year}:",
        ),
        Block("item", f"- {_criteria_summary(content)}"),
        Block("item", f"- {_publication_line(content)}"),
        Block("item", f"- {_debt_line(content)}"),
        Block("item", f"- {_satisfaction_line(content)}"),
        Block("h1", "III. KẾT QUẢ BIỂU QUYẾT"),
        Block(
            "body",
            f"Số đại biểu biểu quyết: {votes}; đồng ý: {agreed} ({share}%); không đồng ý: "
            f"{against}.",
        ),
        Block("h1", "IV. KẾT LUẬN"),
        Block("body", end_sentence(_one_line(conclusion))),
        Block(
            "closing",
            f"Cuộc họp kết thúc vào hồi {BLANK} giờ {BLANK} cùng ngày. Biên bản đã được thông "
            "qua trước các đại biểu dự họp./.",
        ),
    ]
    context["blocks"] = blocks
    context["chair"] = "" if meeting is None else meeting.chair
    context["secretary"] = "" if meeting is None else meeting.secretary
    return context


def _ymd(date: datetime.date) -> tuple[int, int, int]:
    return date.year, date.month, date.day


def render_minutes(content: DossierContent) -> bytes:
    """The minutes (BB) of the meeting that agreed to ask for recognition: when and where,
    who met, the chair, the secretary, present and invited, what was reported, the vote
    (in favour, against, the share in favour cut to two decimals) and the conclusion; the
    secretary's and the chair's signatures. Without a meeting, every fact is a blank.

    Returns:
        The DOCX as bytes.
    """
    with language("vi"):
        context = _minutes_context(content)
    return _render("bien-ban.docx", context)


# --- 5. the construction debt -------------------------------------------------------------


def _debt_context(content: DossierContent) -> dict[str, Any]:
    debt = content.debt
    subject = (
        f"Tình hình nợ đọng xây dựng cơ bản trong xây dựng {LEVEL_PHRASES[content.level]} "
        f"của {_commune(content)}"
    )
    if debt is not None:
        subject += f" đến ngày {_date(debt.as_of)}"
    context = document_header(content, subject)
    blocks = [
        Block(
            "body",
            f"Ủy ban nhân dân {_commune(content)} báo cáo tình hình nợ đọng xây dựng cơ bản "
            "trong thực hiện Chương trình xây dựng nông thôn mới như sau:",
        ),
        Block("body", _debt_line(content)),
    ]
    closing = _closing("Báo cáo", subject)
    if debt is not None and debt.items:
        blocks[-1] = Block("body", _debt_line(content)[:-1] + ", chi tiết như sau:")
        context["table"] = "debt"
        context["table_title"] = "DANH MỤC CÔNG TRÌNH CÒN NỢ ĐỌNG XÂY DỰNG CƠ BẢN"
        rows: list[dict[str, Any]] = [
            {
                "head": False,
                "tt": str(number),
                "work": _one_line(item.work),
                "amount": format_amount(item.amount),
            }
            for number, item in enumerate(debt.items, start=1)
        ]
        rows.append(
            {"head": True, "tt": "", "work": "Tổng cộng", "amount": format_amount(debt.total)}
        )
        context["rows"] = rows
        context["after"] = [closing]
    else:
        blocks.append(closing)
    context["blocks"] = blocks
    return context


def render_debt_report(content: DossierContent) -> bytes:
    """The construction-debt report (nợ đọng xây dựng cơ bản; there must be none,
    recognition-procedure.md §3 [M]): none declared, or the works and amounts (triệu đồng,
    exact) in a table with the total; blanks when the debt is not declared.

    Returns:
        The DOCX as bytes.
    """
    with language("vi"):
        context = _debt_context(content)
    return _render("bao-cao-ho-so.docx", context)


# --- 6. the satisfaction survey -----------------------------------------------------------


def _satisfaction_context(content: DossierContent) -> dict[str, Any]:
    level = LEVEL_PHRASES[content.level]
    subject = (
        f"Kết quả lấy ý kiến sự hài lòng của người dân đối với kết quả xây dựng {level} "
        f"năm {content.year} của {_commune(content)}"
    )
    context = document_header(content, subject)
    blocks = [
        Block(
            "body",
            f"Ủy ban nhân dân {_commune(content)} báo cáo kết quả lấy ý kiến sự hài lòng của "
            f"người dân đối với kết quả xây dựng {level} như sau:",
        ),
        Block("h1", "I. KẾT QUẢ LẤY Ý KIẾN"),
    ]
    survey = content.satisfaction
    if survey is None:
        blocks.extend(
            [
                Block("item", f"- Số hộ được hỏi: {BLANK} hộ."),
                Block("item", f"- Số hộ trả lời: {BLANK} hộ."),
                Block("item", f"- Số hộ hài lòng: {BLANK} hộ."),
                Block("item", f"- Tỷ lệ hài lòng: {BLANK}%."),
                Block("h1", "II. ĐÁNH GIÁ"),
                Block("body", f"Kết quả so với điều kiện công nhận: {BLANK}."),
                _closing("Báo cáo", subject),
            ]
        )
        context["blocks"] = blocks
        return context
    result = survey.result
    whom = "số hộ trả lời" if result.denominator == "answered" else "số hộ được hỏi"
    blocks.extend(
        [
            Block("item", f"- Số hộ được hỏi: {result.asked} hộ."),
            Block("item", f"- Số hộ trả lời: {result.answered} hộ."),
            Block("item", f"- Số hộ hài lòng: {result.satisfied} hộ."),
            Block("item", f"- Tỷ lệ hài lòng (trên {whom}): {format_share(result.share)}%."),
        ]
    )
    assessment = [Block("h1", "II. ĐÁNH GIÁ")]
    assessment.append(
        Block(
            "body",
            f"Điều kiện công nhận {_goal(content)}: tỷ lệ hài lòng {_condition(result)}.",
        )
    )
    if result.met is None:
        verdict = f"Chưa có hộ trả lời, chưa đánh giá được ({BLANK})."
    elif result.met:
        verdict = "Kết quả: Đạt."
    else:
        verdict = f"Kết quả: Chưa đạt (cần thêm {result.missing} hộ hài lòng)."
    assessment.append(Block("body", verdict))
    if survey.hamlets:
        blocks.append(Block("body", "Kết quả theo từng xóm:"))
        context["table"] = "satisfaction"
        context["table_title"] = "KẾT QUẢ LẤY Ý KIẾN THEO XÓM"
        rows: list[dict[str, Any]] = []
        for number, row in enumerate(survey.hamlets, start=1):
            base = row.answered if result.denominator == "answered" else row.asked
            share = Decimal(row.satisfied) * 100 / Decimal(base) if base else None
            rows.append(_satisfaction_row(str(number), row.hamlet, row, share, head=False))
        rows.append(_satisfaction_row("", "Tổng cộng", result, result.share, head=True))
        context["rows"] = rows
        context["after"] = [*assessment, _closing("Báo cáo", subject)]
    else:
        blocks.extend(assessment)
        blocks.append(_closing("Báo cáo", subject))
    context["blocks"] = blocks
    return context


def _satisfaction_row(
    tt: str,
    hamlet: str,
    counts: HamletSatisfaction | SatisfactionResult,
    share: Decimal | None,
    *,
    head: bool,
) -> dict[str, Any]:
    return {
        "head": head,
        "tt": tt,
        "hamlet": hamlet,
        "asked": str(counts.asked),
        "answered": str(counts.answered),
        "satisfied": str(counts.satisfied),
        "share": format_share(share),
    }


def render_satisfaction_report(content: DossierContent) -> bytes:
    """The residents' satisfaction report: households asked, answered and satisfied, the
    share (two decimals, cut), the level's condition (marked "chưa xác nhận" while
    unverified, recognition-procedure.md §4 [?]) and whether it is met; the hamlets'
    rows in a table when given; blanks without a survey.

    Returns:
        The DOCX as bytes.
    """
    with language("vi"):
        context = _satisfaction_context(content)
    return _render("bao-cao-ho-so.docx", context)


# --- the list ---------------------------------------------------------------------------

#: (file name in the ZIP's "00-Van-ban" folder, title, render function)
DossierDocument = tuple[str, str, Callable[[DossierContent], bytes]]

#: The documents of the dossier, in the order of recognition-procedure.md §3 [M].
DOCUMENTS: tuple[DossierDocument, ...] = (
    ("01-To-trinh.docx", "Tờ trình đề nghị thẩm tra, xét công nhận", render_submission),
    (
        "02-Bao-cao-ket-qua.docx",
        "Báo cáo kết quả xây dựng nông thôn mới, kèm Bảng tổng hợp kết quả thực hiện các tiêu chí",
        render_results_report,
    ),
    (
        "03-Tong-hop-y-kien.docx",
        "Báo cáo tổng hợp ý kiến tham gia của Mặt trận Tổ quốc, các tổ chức chính trị - xã "
        "hội và nhân dân",
        render_comments_summary,
    ),
    ("04-Bien-ban-hop.docx", "Biên bản cuộc họp đề nghị xét công nhận", render_minutes),
    ("05-No-dong-XDCB.docx", "Báo cáo tình hình nợ đọng xây dựng cơ bản", render_debt_report),
    (
        "06-Hai-long.docx",
        "Báo cáo kết quả lấy ý kiến sự hài lòng của người dân",
        render_satisfaction_report,
    ),
)
