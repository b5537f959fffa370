"""Terminal rendering of a review result: a readable table and the lists, in Vietnamese."""

from __future__ import annotations

from ntm.core import (
    Basis,
    IndicatorStatus,
    LevelStatus,
    Outcome,
    ReviewResult,
    format_decimal,
)

_OUTCOME_VI = {Outcome.MET: "Đạt", Outcome.NOT_MET: "Chưa đạt", Outcome.UNDECIDED: "Chưa xác định"}
_BASIS_VI = {
    Basis.RULE: "theo số liệu",
    Basis.STATED: "theo xã tự đánh giá",
    Basis.NONE: "chưa có số liệu",
}
_STATUS_VI = {
    IndicatorStatus.MET: "đạt",
    IndicatorStatus.NOT_MET: "chưa đạt",
    IndicatorStatus.NO_DATA: "chưa có số liệu",
    IndicatorStatus.THRESHOLD_UNCONFIRMED: "ngưỡng chưa xác minh",
    IndicatorStatus.UNDECIDED: "chưa xác định được",
}
_LEVEL_STATUS_VI = {
    LevelStatus.HELD: "đã được công nhận",
    LevelStatus.REACHED: "đạt",
    LevelStatus.NOT_REACHED: "chưa đạt",
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
            f"{r.number:>3}  {name:<{name_width}}  {_OUTCOME_VI[r.outcome]:<14}  "
            f"{_BASIS_VI[r.basis]}{mark}"
        )
        for ind in r.indicators:
            if ind.status is IndicatorStatus.NO_DATA and ind.reading is None:
                continue
            detail = _STATUS_VI[ind.status]
            if ind.value is not None:
                unit = ind.indicator.unit if ind.indicator.unit == "%" else f" {ind.indicator.unit}"
                detail += f"; kết quả {format_decimal(ind.value)}{unit.rstrip()}"
            detail += f"; chuẩn {ind.indicator.describe_threshold(ind.threshold)}"
            if ind.gap is not None:
                detail += f"; còn thiếu {format_decimal(ind.gap)}"
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
            f"Theo xã tự đánh giá, chưa có số liệu để kiểm tra ({len(stated)}): {_numbers(stated)}"
        )
    if any(r.provisional for r in result.criteria):
        lines.append("* có chỉ tiêu được đánh giá theo ngưỡng chưa xác minh với văn bản gốc")
    lines.append("")
    lines.append("Mức đạt chuẩn:")
    for level in result.levels:
        text = f"  {level.level.label_vi}: {_LEVEL_STATUS_VI[level.status]}"
        if level.status is LevelStatus.NOT_REACHED:
            parts = []
            if level.blocking_criteria:
                parts.append(f"còn tiêu chí {_numbers(list(level.blocking_criteria))}")
            if level.missing_levels:
                parts.append("chưa có " + ", ".join(lv.label_vi for lv in level.missing_levels))
            if level.blocking_conditions:
                parts.append("điều kiện chưa đạt: " + "; ".join(level.blocking_conditions))
            text += " (" + "; ".join(parts) + ")" if parts else ""
        lines.append(text)
    if result.disagreements:
        lines.append("")
        lines.append("Khác với tự đánh giá của xã:")
        for item in result.disagreements:
            where = f" [{item.location.describe()}]" if item.location.describe() else ""
            lines.append(
                f"  - {item.subject}: xã ghi '{item.stated}', kiểm tra cho '{item.found}': "
                f"{item.explanation}{where}"
            )
    if result.warnings:
        lines.append("")
        lines.append("Lưu ý:")
        lines.extend(f"  - {warning}" for warning in result.warnings)
    return "\n".join(lines) + "\n"
