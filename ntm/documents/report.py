"""The review report (báo cáo kết quả rà soát) as a DOCX, from any review.

Portrait pages with the header, the findings (counts, the criteria met, not met and
undecided, the levels, the failing indicators and their gaps) and the signature; then the
summary table in a landscape section (NĐ 30/2020, Phụ lục I, I.2: a page holding a wide
table may be landscape): TT | Tiêu chí | Chỉ tiêu | Chuẩn | Kết quả | Đánh giá.

The header and signature come from a plan (``ntm report --plan``) when one is given;
otherwise the issuing body is the commune's UBND and the number, the day and the signer's
name are left blank for the clerk.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ntm.core.catalog import Level
from ntm.core.i18n import language
from ntm.core.legal import LegalRegistry
from ntm.core.plan import IssuingBody, PartialDate, Plan, Signature, SigningMode
from ntm.core.rules.results import (
    Basis,
    CriterionResult,
    IndicatorResult,
    IndicatorStatus,
    LevelStatus,
    Outcome,
    ReviewResult,
)
from ntm.core.values import format_decimal
from ntm.documents.plan import header_context, keep_year_together
from ntm.documents.render import Block, render_template, shipped_template

__all__ = ["default_header", "render_report", "report_context"]

_OUTCOME = {Outcome.MET: "Đạt", Outcome.NOT_MET: "Chưa đạt", Outcome.UNDECIDED: "Chưa xác định"}
_STATUS = {
    IndicatorStatus.MET: "Đạt",
    IndicatorStatus.NOT_MET: "Chưa đạt",
    IndicatorStatus.NO_DATA: "Chưa có số liệu",
    IndicatorStatus.THRESHOLD_UNCONFIRMED: "Chưa rõ chuẩn",
    IndicatorStatus.UNDECIDED: "Chưa xác định",
}
_LEVEL_STATUS = {
    LevelStatus.HELD: "đã được công nhận",
    LevelStatus.REACHED: "đạt chuẩn theo kết quả rà soát",
    LevelStatus.NOT_REACHED: "chưa đạt",
    LevelStatus.UNDECIDED: "chưa xác định được",
    LevelStatus.NOT_ASSESSED: "không rà soát",
}


def default_header(result: ReviewResult) -> Plan:
    """The header and signature of a report without a plan: the commune's UBND, blank
    number and day, "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" with the name left blank, and only
    "Lưu: VT" among the recipients (the level above is added by the clerk or the plan)."""
    commune = result.review.commune.name
    return Plan(
        commune=commune,
        year=result.review.year,
        place=commune,
        date=PartialDate(result.review.year),
        number=None,
        issuing_body=IssuingBody(
            name="ỦY BAN NHÂN DÂN", unit=f"XÃ {commune.upper()}", abbreviation="UBND"
        ),
        subject="",
        level=result.criteria_set.level,
        signature=Signature(
            head_title="CHỦ TỊCH", mode=SigningMode.DIRECT, on_behalf_of="ỦY BAN NHÂN DÂN"
        ),
        recipients=("Lưu: VT",),
    )


def render_report(
    result: ReviewResult,
    *,
    header: Plan | None = None,
    template: bytes | str | None = None,
    registry: LegalRegistry | None = None,
) -> bytes:
    """The report as DOCX bytes.

    Raises:
        InputError: a user's template that is not a DOCX or has broken tags.
    """
    context = report_context(result, header=header, registry=registry)
    return render_template(template or shipped_template("bao-cao.docx"), context)


def report_context(
    result: ReviewResult, *, header: Plan | None = None, registry: LegalRegistry | None = None
) -> dict[str, Any]:
    """Everything the report template needs: header, ``blocks``, ``rows`` of the table.

    From a plan (``header``) the report takes the issuing body, the place and the signer;
    its own number and date stay blank, and its recipients are the report's (the plan's
    are for the commune's own people).
    """
    with language("vi"):
        plan = default_header(result)
        if header is not None:
            plan = replace(
                plan,
                issuing_body=header.issuing_body,
                place=header.place,
                signature=header.signature,
            )
        review = result.review
        subject = (
            f"Kết quả rà soát, đánh giá thực hiện Bộ tiêu chí {_level_name(result)} "
            f"năm {review.year} của xã {review.commune.name}"
        )
        context = header_context(plan)
        context["subject"] = keep_year_together(subject, review.year)
        context["blocks"] = _blocks(result, subject, registry or LegalRegistry.shipped())
        context["table_title"] = keep_year_together(
            f"BẢNG TỔNG HỢP KẾT QUẢ RÀ SOÁT CÁC TIÊU CHÍ {_level_name(result).upper()} "
            f"XÃ {review.commune.name.upper()} NĂM {review.year}",
            review.year,
        )
        body = plan.issuing_body
        context["annex_note"] = (
            f"(Kèm theo Báo cáo số {context['number']}/BC-{body.abbreviation} "
            f"{plan.date.dated()} của UBND xã {review.commune.name})"
        )
        context["rows"] = _rows(result)
        context["table_notes"] = _table_notes(result)
    return context


def _level_name(result: ReviewResult) -> str:
    names = {
        Level.BASIC: "xã nông thôn mới",
        Level.ADVANCED: "xã nông thôn mới nâng cao",
        Level.MODEL: "xã nông thôn mới kiểu mẫu",
        Level.MODERN: "xã nông thôn mới hiện đại",
    }
    return names[result.criteria_set.level]


def _criteria_lines(result: ReviewResult, outcome: Outcome) -> list[Block]:
    return [
        Block("item", f"{index}. Tiêu chí số {r.number} - {r.criterion.name}")
        for index, r in enumerate((r for r in result.criteria if r.outcome is outcome), start=1)
    ]


def _blocks(result: ReviewResult, subject: str, registry: LegalRegistry) -> list[Block]:
    review = result.review
    count = result.criteria_set.criteria_count
    blocks = [
        Block("body", f"Căn cứ {document.cite()};")
        for document in registry.for_criteria_set(result.criteria_set.code)
    ]
    blocks.append(
        Block(
            "body",
            f"UBND xã {review.commune.name} báo cáo kết quả rà soát, đánh giá mức độ đạt các "
            f"tiêu chí theo {result.criteria_set.name} năm {review.year} như sau:",
        )
    )
    blocks.append(Block("h1", "I. KẾT QUẢ RÀ SOÁT CÁC TIÊU CHÍ"))
    met, not_met = result.numbers(Outcome.MET), result.numbers(Outcome.NOT_MET)
    undecided = result.numbers(Outcome.UNDECIDED)
    summary = f"Tổng số tiêu chí đạt: {len(met):02d}/{count:02d} tiêu chí"
    if not_met:
        summary += f"; chưa đạt: {len(not_met):02d} tiêu chí"
    if undecided:
        summary += f"; chưa xác định được: {len(undecided):02d} tiêu chí"
    blocks.append(Block("body", summary + "."))
    for title, outcome, numbers in (
        ("Các tiêu chí đã đạt", Outcome.MET, met),
        ("Các tiêu chí chưa đạt", Outcome.NOT_MET, not_met),
        ("Các tiêu chí chưa xác định được", Outcome.UNDECIDED, undecided),
    ):
        if numbers:
            blocks.append(Block("h3", f"- {title} gồm {len(numbers):02d} tiêu chí:"))
            blocks.extend(_criteria_lines(result, outcome))
    stated = [r.number for r in result.criteria if r.basis is Basis.STATED]
    if stated:
        blocks.append(
            Block(
                "body",
                "Kết quả của các tiêu chí số "
                + ", ".join(map(str, stated))
                + " theo xã tự đánh giá, chưa có số liệu chỉ tiêu để đối chiếu với chuẩn.",
            )
        )
    blocks.append(Block("h1", "II. MỨC ĐẠT CHUẨN"))
    for level in result.levels:
        if level.status is LevelStatus.NOT_ASSESSED:
            continue
        line = f"- {level.level.label_vi[:1].upper()}{level.level.label_vi[1:]}: "
        line += _LEVEL_STATUS[level.status]
        if level.blocking_criteria:
            line += " (còn " + _count(len(level.blocking_criteria)) + " chưa đạt)"
        blocks.append(Block("item", line + "."))
    failing = [(c, i) for c in result.criteria for i in c.failing]
    if failing:
        blocks.append(Block("h1", "III. CÁC CHỈ TIÊU CHƯA ĐẠT VÀ KHOẢNG CÁCH ĐẾN CHUẨN"))
        blocks.extend(Block("item", _gap_line(c, i)) for c, i in failing)
    blocks.append(Block("body", "Chi tiết tại Bảng tổng hợp kèm theo."))
    blocks.append(Block("closing", f"Trên đây là Báo cáo {subject[:1].lower()}{subject[1:]}./."))
    return blocks


def _count(number: int) -> str:
    return f"{number:02d} tiêu chí"


def _gap_line(criterion: CriterionResult, result: IndicatorResult) -> str:
    indicator = result.indicator
    line = f"- Chỉ tiêu {indicator.code} ({indicator.name}): "
    standard = indicator.describe_threshold(result.threshold)
    line += f"kết quả {_value(result) or 'chưa có'}, chuẩn {standard}"
    if result.gap is not None:
        unit = indicator.unit if indicator.unit == "%" else f" {indicator.unit}".rstrip()
        line += f"; cách chuẩn {format_decimal(result.gap)}{unit}"
        if result.units_needed:
            line += f" ({result.units_needed} {indicator.numerator})"
    return line + "."


def _value(result: IndicatorResult) -> str:
    reading = result.reading
    if reading is None:
        return ""
    if reading.result is not None:
        return reading.result.label_vi
    if reading.value is not None:
        text = reading.value.raw or format_decimal(reading.value.number)
        if reading.numerator is not None and reading.denominator is not None:
            text += f" ({format_decimal(reading.numerator, places=0)}/"
            text += f"{format_decimal(reading.denominator, places=0)})"
        return text
    return ""


def _rows(result: ReviewResult) -> list[dict[str, Any]]:
    """The summary table: a criterion row (``head``) and its indicator rows."""
    rows: list[dict[str, Any]] = []
    for criterion in result.criteria:
        verdict = _OUTCOME[criterion.outcome]
        if criterion.basis is Basis.STATED:
            verdict += " (xã tự đánh giá)"
        rows.append(
            {
                "head": True,
                "tt": str(criterion.number),
                "criterion": criterion.criterion.name,
                "indicator": "",
                "standard": "",
                "result": "",
                "verdict": verdict,
            }
        )
        for indicator in criterion.indicators:
            standard = indicator.indicator.describe_threshold(indicator.threshold)
            rows.append(
                {
                    "head": False,
                    "tt": indicator.indicator.code,
                    "criterion": "",
                    "indicator": indicator.indicator.name,
                    "standard": standard[:1].upper()
                    + standard[1:]
                    + (" (*)" if indicator.provisional else ""),
                    "result": _value(indicator),
                    "verdict": _STATUS[indicator.status],
                }
            )
    return rows


def _table_notes(result: ReviewResult) -> list[str]:
    notes = []
    if any(i.provisional for c in result.criteria for i in c.indicators):
        notes.append("(*) Chuẩn chưa được đối chiếu với văn bản gốc.")
    if any(c.basis is Basis.STATED for c in result.criteria):
        notes.append(
            "Tiêu chí ghi \u201cxã tự đánh giá\u201d: kết quả theo xã tự đánh giá, "
            "chưa có số liệu chỉ tiêu."
        )
    return notes
