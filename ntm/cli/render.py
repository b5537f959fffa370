"""Terminal rendering of a review result: a readable table and the lists, in Vietnamese."""

from __future__ import annotations

from ntm.core import (
    Assessment,
    Basis,
    CriterionResult,
    IndicatorStatus,
    LevelStatus,
    Outcome,
    ReviewResult,
    format_decimal,
)

_OUTCOME_VI = {Outcome.MET: "Đạt", Outcome.NOT_MET: "Chưa đạt", Outcome.UNDECIDED: "Chưa xác định"}
_BASIS_VI = {
    Basis.RULE: "theo số liệu",
    Basis.NONE: "chưa đủ số liệu",
}
_STATED_BY_VI = {
    None: "theo xã tự đánh giá",
    Assessment.SELF_ASSESSED: "theo xã tự đánh giá",
    Assessment.VERIFIED: "theo kết quả thẩm tra",
    Assessment.APPRAISED: "theo kết quả thẩm định",
}


def _basis(result: CriterionResult) -> str:
    if result.basis is Basis.STATED:
        return _STATED_BY_VI[result.stated_by]
    return _BASIS_VI[result.basis]


_STATUS_VI = {
    IndicatorStatus.MET: "đạt",
    IndicatorStatus.NOT_MET: "chưa đạt",
    IndicatorStatus.NO_DATA: "chưa có số liệu",
    IndicatorStatus.THRESHOLD_UNCONFIRMED: "chưa rõ ngưỡng",
    IndicatorStatus.UNDECIDED: "chưa xác định được",
}
_LEVEL_STATUS_VI = {
    LevelStatus.HELD: "đã được công nhận",
    LevelStatus.REACHED: "đạt",
    LevelStatus.NOT_REACHED: "chưa đạt",
    LevelStatus.UNDECIDED: "chưa xác định được",
    LevelStatus.NOT_ASSESSED: "chưa đánh giá",
}


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers) if numbers else "không có"


def render_table(result: ReviewResult) -> str:
    """The review as terminal text: header, a line per criterion, lists, levels, findings."""
    review = result.review
    commune = review.commune
    lines: list[str] = []
    code = f" (mã {commune.code})" if commune.code else ""
    lines.append(f"Rà soát xã {commune.name}{code}, năm {review.year}")
    lines.append(f"Bộ tiêu chí: {result.criteria_set.name}")
    lines.append("Căn cứ: " + "; ".join(b.cite() for b in result.criteria_set.legal_bases))
    lines.append("")
    name_width = max(len(r.criterion.name) for r in result.criteria)
    name_width = min(max(name_width, 8), 48)
    lines.append(f"{'TT':>3}  {'Tiêu chí':<{name_width}}  {'Kết quả':<14}  Căn cứ đánh giá")
    for r in result.criteria:
        name = r.criterion.name[:name_width]
        mark = " *" if r.provisional else ""
        lines.append(
            f"{r.number:>3}  {name:<{name_width}}  {_OUTCOME_VI[r.outcome]:<14}  {_basis(r)}{mark}"
        )
        for ind in r.indicators:
            reading = ind.reading
            if reading is None:
                continue
            detail = _STATUS_VI[ind.status]
            unit = ind.indicator.unit if ind.indicator.unit == "%" else f" {ind.indicator.unit}"
            if (
                reading.numerator is not None
                and reading.denominator is not None
                and ind.value is not None
            ):
                detail += (
                    f"; kết quả {format_decimal(reading.numerator)}/"
                    f"{format_decimal(reading.denominator)}"
                    f" = {format_decimal(ind.value)}{unit.rstrip()}"
                )
            elif reading.value is not None:
                detail += f"; kết quả {reading.value.raw or format_decimal(reading.value.number)}"
            elif reading.result is not None:
                detail += f"; kết quả {reading.result.label_vi}"
            if reading.verdict is not None:
                detail += f"; xã đánh giá {reading.verdict.label_vi}"
            detail += f"; chuẩn {ind.indicator.describe_threshold(ind.threshold)}"
            if ind.gap is not None:
                detail += f"; còn thiếu {format_decimal(ind.gap)}{unit.rstrip()}"
            if ind.units_needed:
                detail += f" ({ind.units_needed} {ind.indicator.numerator})"
            if ind.provisional:
                detail += " (ngưỡng chưa xác minh)"
            lines.append(f"{'':>3}    {ind.indicator.code}: {detail}")
    lines.append("")
    total = result.criteria_set.criteria_count
    lines.append(f"Đạt ({result.met_count}/{total}): {_numbers(result.numbers(Outcome.MET))}")
    not_met = result.numbers(Outcome.NOT_MET)
    lines.append(f"Chưa đạt ({len(not_met)}): {_numbers(not_met)}")
    undecided = result.numbers(Outcome.UNDECIDED)
    if undecided:
        lines.append(f"Chưa xác định ({len(undecided)}): {_numbers(undecided)}")
    stated = [r.number for r in result.criteria if r.basis is Basis.STATED]
    if stated:
        lines.append(
            f"Kết luận theo đánh giá đã ghi, chưa kiểm tra được bằng số liệu ({len(stated)}): "
            f"{_numbers(stated)}"
        )
    if any(r.provisional for r in result.criteria):
        lines.append("* có chỉ tiêu được đánh giá theo ngưỡng chưa xác minh với văn bản gốc")
    lines.append("")
    lines.append("Mức đạt chuẩn:")
    for level in result.levels:
        text = f"  {level.level.label_vi}: {_LEVEL_STATUS_VI[level.status]}"
        if level.status in (LevelStatus.NOT_REACHED, LevelStatus.UNDECIDED):
            parts = []
            if level.blocking_criteria:
                parts.append(f"còn tiêu chí {_numbers(list(level.blocking_criteria))}")
            if level.undecided_criteria:
                parts.append(f"chưa xác định tiêu chí {_numbers(list(level.undecided_criteria))}")
            if level.missing_levels:
                parts.append("chưa có " + ", ".join(lv.label_vi for lv in level.missing_levels))
            if level.blocking_conditions:
                parts.append("điều kiện chưa đạt: " + "; ".join(level.blocking_conditions))
            if level.undecided_conditions:
                parts.append("điều kiện chưa xác định: " + "; ".join(level.undecided_conditions))
            text += " (" + "; ".join(parts) + ")" if parts else ""
        if level.note:
            text += f" — {level.note}"
        lines.append(text)
    if result.disagreements:
        lines.append("")
        lines.append("Khác với đánh giá đã ghi (tự đánh giá, thẩm tra hoặc thẩm định):")
        for item in result.disagreements:
            where = f" [{item.location.describe()}]" if item.location.describe() else ""
            lines.append(
                f"  - {item.subject}: đã ghi '{item.stated}', kiểm tra cho '{item.found}': "
                f"{item.explanation}{where}"
            )
    if result.warnings:
        lines.append("")
        lines.append("Lưu ý:")
        lines.extend(f"  - {warning}" for warning in result.warnings)
    return "\n".join(lines) + "\n"
