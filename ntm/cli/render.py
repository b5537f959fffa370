"""Terminal rendering of a review result: a readable table and the lists, in the active
language (Vietnamese unless asked otherwise)."""

from __future__ import annotations

from ntm.core import (
    Assessment,
    Basis,
    CriterionResult,
    IndicatorResult,
    IndicatorStatus,
    LevelResult,
    LevelStatus,
    Outcome,
    ReviewResult,
    format_decimal,
)
from ntm.core.i18n import _


def _outcome(outcome: Outcome) -> str:
    if outcome is Outcome.MET:
        return _("Met")
    if outcome is Outcome.NOT_MET:
        return _("Not met")
    return _("Undecided")


def _stated_by(assessment: Assessment | None) -> str:
    if assessment is Assessment.VERIFIED:
        return _("as found by verification")
    if assessment is Assessment.APPRAISED:
        return _("as found by appraisal")
    return _("as self-assessed by the commune")


def _basis(result: CriterionResult) -> str:
    if result.basis is Basis.STATED:
        return _stated_by(result.stated_by)
    if result.basis is Basis.RULE:
        return _("from the data")
    return _("not enough data")


def _status(status: IndicatorStatus) -> str:
    return {
        IndicatorStatus.MET: _("met"),
        IndicatorStatus.NOT_MET: _("not met"),
        IndicatorStatus.NO_DATA: _("no data"),
        IndicatorStatus.THRESHOLD_UNCONFIRMED: _("threshold unknown"),
        IndicatorStatus.UNDECIDED: _("cannot be decided"),
    }[status]


def _level_status(status: LevelStatus) -> str:
    return {
        LevelStatus.HELD: _("recognised"),
        LevelStatus.REACHED: _("reached"),
        LevelStatus.NOT_REACHED: _("not reached"),
        LevelStatus.UNDECIDED: _("cannot be decided"),
        LevelStatus.NOT_ASSESSED: _("not assessed"),
    }[status]


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers) if numbers else _("none")


def render_table(result: ReviewResult) -> str:
    """The review as terminal text: header, a line per criterion, lists, levels, findings."""
    review = result.review
    commune = review.commune
    lines: list[str] = []
    if commune.code:
        heading = _("Review of commune {name} (code {code}), year {year}").format(
            name=commune.name, code=commune.code, year=review.year
        )
    else:
        heading = _("Review of commune {name}, year {year}").format(
            name=commune.name, year=review.year
        )
    lines.append(heading)
    lines.append(_("Criteria set: {name}").format(name=result.criteria_set.name))
    lines.append(
        _("Legal basis: {bases}").format(
            bases="; ".join(b.cite() for b in result.criteria_set.legal_bases)
        )
    )
    lines.append("")
    criterion_heading = _("Criterion")
    name_width = max(len(r.criterion.name) for r in result.criteria)
    name_width = min(max(name_width, 8, len(criterion_heading)), 48)
    number_heading, result_heading = _("No."), _("Result")
    lines.append(
        f"{number_heading:>3}  {criterion_heading:<{name_width}}  {result_heading:<14}  "
        + _("Basis of assessment")
    )
    for r in result.criteria:
        name = r.criterion.name[:name_width]
        mark = " *" if r.provisional else ""
        lines.append(
            f"{r.number:>3}  {name:<{name_width}}  {_outcome(r.outcome):<14}  {_basis(r)}{mark}"
        )
        for ind in r.indicators:
            if ind.reading is not None:
                lines.append(f"{'':>3}    {ind.indicator.code}: {_indicator_detail(ind)}")
    lines.append("")
    total = result.criteria_set.criteria_count
    lines.append(
        _("Met ({count}/{total}): {numbers}").format(
            count=result.met_count, total=total, numbers=_numbers(result.numbers(Outcome.MET))
        )
    )
    not_met = result.numbers(Outcome.NOT_MET)
    lines.append(
        _("Not met ({count}): {numbers}").format(count=len(not_met), numbers=_numbers(not_met))
    )
    undecided = result.numbers(Outcome.UNDECIDED)
    if undecided:
        lines.append(
            _("Undecided ({count}): {numbers}").format(
                count=len(undecided), numbers=_numbers(undecided)
            )
        )
    stated = [r.number for r in result.criteria if r.basis is Basis.STATED]
    if stated:
        lines.append(
            _(
                "Concluded from the recorded assessments, not checked against data "
                "({count}): {numbers}"
            ).format(count=len(stated), numbers=_numbers(stated))
        )
    if any(r.provisional for r in result.criteria):
        lines.append(
            "* "
            + _(
                "some indicators were assessed against a threshold not yet verified "
                "against the official text"
            )
        )
    lines.append("")
    lines.append(_("Levels:"))
    lines.extend(_level_line(level) for level in result.levels)
    if result.disagreements:
        lines.append("")
        lines.append(
            _(
                "Different from the recorded assessment "
                "(self-assessment, verification or appraisal):"
            )
        )
        for item in result.disagreements:
            where = f" [{item.location.describe()}]" if item.location.describe() else ""
            finding = _("{subject}: recorded '{stated}', the check gives '{found}'").format(
                subject=item.subject, stated=item.stated, found=item.found
            )
            lines.append(f"  - {finding}: {item.explanation}{where}")
    if result.warnings:
        lines.append("")
        lines.append(_("Notes:"))
        lines.extend(f"  - {warning}" for warning in result.warnings)
    return "\n".join(lines) + "\n"


def _indicator_detail(ind: IndicatorResult) -> str:
    """One indicator's line: status; result; the commune's verdict; standard; gap."""
    reading = ind.reading
    assert reading is not None
    parts = [_status(ind.status)]
    unit = ind.indicator.unit if ind.indicator.unit == "%" else f" {ind.indicator.unit}"
    if reading.numerator is not None and reading.denominator is not None and ind.value is not None:
        value = (
            f"{format_decimal(reading.numerator)}/{format_decimal(reading.denominator)}"
            f" = {format_decimal(ind.value)}{unit.rstrip()}"
        )
        parts.append(_("result {value}").format(value=value))
    elif reading.value is not None:
        value = reading.value.raw or format_decimal(reading.value.number)
        parts.append(_("result {value}").format(value=value))
    elif reading.result is not None:
        parts.append(_("result {value}").format(value=reading.result.label_vi))
    if reading.verdict is not None:
        parts.append(_("commune's verdict {verdict}").format(verdict=reading.verdict.label_vi))
    parts.append(
        _("standard {standard}").format(standard=ind.indicator.describe_threshold(ind.threshold))
    )
    if ind.gap is not None:
        parts.append(_("short by {gap}").format(gap=f"{format_decimal(ind.gap)}{unit.rstrip()}"))
    detail = "; ".join(parts)
    if ind.units_needed:
        detail += f" ({ind.units_needed} {ind.indicator.numerator})"
    if ind.provisional:
        detail += " " + _("(threshold not verified)")
    return detail


def _level_line(level: LevelResult) -> str:
    text = f"  {level.level.label_vi}: {_level_status(level.status)}"
    if level.status in (LevelStatus.NOT_REACHED, LevelStatus.UNDECIDED):
        parts = []
        if level.blocking_criteria:
            parts.append(
                _("criteria not yet met: {numbers}").format(
                    numbers=_numbers(list(level.blocking_criteria))
                )
            )
        if level.undecided_criteria:
            parts.append(
                _("criteria undecided: {numbers}").format(
                    numbers=_numbers(list(level.undecided_criteria))
                )
            )
        if level.missing_levels:
            parts.append(
                _("not yet held: {levels}").format(
                    levels=", ".join(lv.label_vi for lv in level.missing_levels)
                )
            )
        if level.blocking_conditions:
            parts.append(
                _("conditions not met: {conditions}").format(
                    conditions="; ".join(level.blocking_conditions)
                )
            )
        if level.undecided_conditions:
            parts.append(
                _("conditions undecided: {conditions}").format(
                    conditions="; ".join(level.undecided_conditions)
                )
            )
        text += " (" + "; ".join(parts) + ")" if parts else ""
    if level.note:
        text += f" — {level.note}"
    return text
