"""Recognition levels and the document's claim about them. :func:`evaluate_levels` says,
from a review's criterion results, whether each level is held (recognised by the review
year, with the levels it implies under QĐ 18/2022/QĐ-TTg), reached, not reached or
undecided; xã NTM kiểu mẫu also needs the QĐ 319/QĐ-TTg conditions of the model set.
:func:`check_claim` compares the document's overall claim (criteria met, level proposed)
with that review: a contradiction is a disagreement, a claim the review cannot yet confirm
is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable

from ntm.core.catalog import CriteriaSet, Level
from ntm.core.i18n import _
from ntm.core.review import ReviewInput
from ntm.core.rules.results import (
    CriterionResult,
    Disagreement,
    LevelResult,
    LevelStatus,
    Outcome,
    ReviewResult,
)

__all__ = ["check_claim", "evaluate_levels"]


#: A recognised level implies the levels below it (QĐ 18/2022: nâng cao is given to a xã NTM,
#: kiểu mẫu to a xã NTM nâng cao).
_IMPLIED: dict[Level, tuple[Level, ...]] = {
    Level.ADVANCED: (Level.BASIC,),
    Level.MODEL: (Level.ADVANCED, Level.BASIC),
}


def _held_levels(review: ReviewInput) -> set[Level]:
    """Levels recognised by the review year (a later recognition is not held yet)."""
    held: set[Level] = set()
    for recognition in review.recognitions:
        if recognition.year is not None and recognition.year > review.year:
            continue
        held.add(recognition.level)
        held.update(_IMPLIED.get(recognition.level, ()))
    return held


def evaluate_levels(
    review: ReviewInput,
    criteria_set: CriteriaSet,
    results: Iterable[CriterionResult],
    model_set: CriteriaSet | None,
    model_results: tuple[CriterionResult, ...],
) -> tuple[LevelResult, ...]:
    """Where the commune stands for each level (QĐ 18/2022/QĐ-TTg, QĐ 319/QĐ-TTg).

    One result per level ``criteria_set`` requires (HELD if recognised, else NOT_ASSESSED:
    this review does not assess it), then one for the set's own level, then, when
    ``model_set`` is given, one for the QĐ 319/QĐ-TTg model level. A level recognised by the
    review year is held, with the levels it implies (QĐ 18/2022/QĐ-TTg: nâng cao is given to
    a xã NTM, kiểu mẫu to a xã NTM nâng cao), and stays held whatever this review finds.
    Otherwise the set's own level is REACHED when every criterion is met and every required
    level is held, NOT_REACHED when a criterion is not met or a required level is missing,
    and UNDECIDED when only undecided criteria stand in the way.

    Args:
        review: the commune, year and recognitions held.
        criteria_set: the set reviewed.
        results: its criterion results, in order.
        model_set: the QĐ 319/QĐ-TTg model set that builds on ``criteria_set``, or ``None``.
        model_results: the results of the model set's conditions (empty without it).
    """
    held = _held_levels(review)
    results = tuple(results)
    levels: list[LevelResult] = []
    for level in criteria_set.requires:
        if level in held:
            levels.append(LevelResult(level=level, status=LevelStatus.HELD))
        else:
            levels.append(
                LevelResult(
                    level=level,
                    status=LevelStatus.NOT_ASSESSED,
                    note=_("not recognised, and not assessed by this review ({set})").format(
                        set=criteria_set.code
                    ),
                )
            )
    not_met = tuple(r.number for r in results if r.outcome is Outcome.NOT_MET)
    undecided = tuple(r.number for r in results if r.outcome is Outcome.UNDECIDED)
    missing = tuple(level for level in criteria_set.requires if level not in held)
    own = criteria_set.level
    note = ""
    if own in held:
        own_status = LevelStatus.HELD
        if not_met:
            note = _("recognised; criteria no longer met: {numbers}").format(
                numbers=", ".join(map(str, not_met))
            )
    elif not not_met and not undecided and not missing:
        own_status = LevelStatus.REACHED
    elif not_met or missing:
        own_status = LevelStatus.NOT_REACHED
    else:
        own_status = LevelStatus.UNDECIDED
    levels.append(
        LevelResult(
            level=own,
            status=own_status,
            blocking_criteria=not_met,
            undecided_criteria=undecided,
            missing_levels=missing,
            note=note,
        )
    )
    if model_set is not None:
        levels.append(
            _model_level(
                model_set, model_results, own, own_status, missing, not_met, undecided, held
            )
        )
    return tuple(levels)


def _model_level(
    model_set: CriteriaSet,
    model_results: tuple[CriterionResult, ...],
    own: Level,
    own_status: LevelStatus,
    missing: tuple[Level, ...],
    not_met: tuple[int, ...],
    undecided: tuple[int, ...],
    held: set[Level],
) -> LevelResult:
    """The QĐ 319 model level: the advanced level held or reached, plus its conditions."""
    conditions_not_met = [r for r in model_results if r.outcome is Outcome.NOT_MET]
    conditions_undecided = [r for r in model_results if r.outcome is Outcome.UNDECIDED]
    base_ok = own_status in (LevelStatus.REACHED, LevelStatus.HELD)
    blocking = tuple(f"{_condition_code(r)}: {r.criterion.name}" for r in conditions_not_met)
    undecided_conditions = tuple(
        f"{_condition_code(r)}: {r.criterion.name}" for r in conditions_undecided
    )
    if model_set.level in held:
        status = LevelStatus.HELD
    elif base_ok and not blocking and not undecided_conditions:
        status = LevelStatus.REACHED
    elif own_status is LevelStatus.NOT_REACHED or conditions_not_met:
        status = LevelStatus.NOT_REACHED
    else:
        status = LevelStatus.UNDECIDED
    held_note = ""
    if status is LevelStatus.HELD and conditions_not_met:
        held_note = _("recognised; conditions no longer met: {codes}").format(
            codes=", ".join(_condition_code(r) for r in conditions_not_met)
        )
    return LevelResult(
        level=model_set.level,
        status=status,
        blocking_criteria=() if base_ok else not_met,
        undecided_criteria=() if base_ok else undecided,
        missing_levels=() if base_ok else (*missing, own),
        blocking_conditions=() if status is LevelStatus.HELD else blocking,
        undecided_conditions=() if status is LevelStatus.HELD else undecided_conditions,
        note=held_note,
    )


def _condition_code(result: CriterionResult) -> str:
    indicators = result.criterion.indicators
    return indicators[0].code if len(indicators) == 1 else str(result.number)


def check_claim(result: ReviewResult) -> tuple[tuple[Disagreement, ...], tuple[str, ...]]:
    """Compare the document's overall claim with the review: (disagreements, warnings).

    A claim is contradicted only by what the review decides: a count above what can still
    be met, or below what is met; a level proposed while a criterion is not met, a
    required level is missing, or fewer criteria are claimed than the set has (case 04).
    A claim that only undecided criteria stand between is a warning, not a disagreement.
    The levels are those :func:`evaluate_levels` found (QĐ 18/2022/QĐ-TTg, QĐ 319/QĐ-TTg).
    """
    claim = result.review.claim
    if claim is None:
        return (), ()
    found: list[Disagreement] = []
    warnings: list[str] = []
    total = result.criteria_set.criteria_count
    met = result.met_count
    undecided = result.numbers(Outcome.UNDECIDED)
    not_met = result.numbers(Outcome.NOT_MET)
    if claim.criteria_met is not None:
        if claim.criteria_met > met + len(undecided) or claim.criteria_met < met:
            met_numbers = ", ".join(map(str, result.numbers(Outcome.MET))) or _("none")
            found.append(
                Disagreement(
                    subject=_("overall"),
                    stated=f"{claim.criteria_met}/{total}",
                    found=f"{met}/{total}",
                    explanation=(
                        _("criteria met: {met}; not met: {not_met}").format(
                            met=met_numbers, not_met=", ".join(map(str, not_met))
                        )
                        if not_met
                        else _("criteria met: {met}").format(met=met_numbers)
                    ),
                )
            )
        elif undecided and claim.criteria_met != met:
            warnings.append(
                _(
                    "the document claims {claimed}/{total} criteria; the review confirms "
                    "{met} and cannot decide {undecided}"
                ).format(
                    claimed=claim.criteria_met,
                    total=total,
                    met=met,
                    undecided=", ".join(map(str, undecided)),
                )
            )
    if claim.level is not None:
        level = next((lv for lv in result.levels if lv.level is claim.level), None)
        label = claim.level.label_vi
        if (
            claim.criteria_met is not None
            and claim.criteria_met < total
            and level is not None
            and level.level is result.criteria_set.level
        ):
            found.append(
                Disagreement(
                    subject=_("overall"),
                    stated=_("proposed for {level} with {claimed}/{total} criteria").format(
                        level=label, claimed=claim.criteria_met, total=total
                    ),
                    found=_("level not reached"),
                    explanation=_("every one of the {total} criteria must be met").format(
                        total=total
                    ),
                )
            )
        elif level is None:
            warnings.append(
                _("the document proposes {level}; this review does not assess it").format(
                    level=label
                )
            )
        elif level.status is LevelStatus.NOT_REACHED:
            reasons = []
            if level.blocking_criteria:
                reasons.append(
                    _("criteria not met: {numbers}").format(
                        numbers=", ".join(map(str, level.blocking_criteria))
                    )
                )
            if level.missing_levels:
                reasons.append(
                    _("not held: {levels}").format(
                        levels=", ".join(lv.label_vi for lv in level.missing_levels)
                    )
                )
            if level.blocking_conditions:
                reasons.append(
                    _("conditions not met: {conditions}").format(
                        conditions="; ".join(level.blocking_conditions)
                    )
                )
            found.append(
                Disagreement(
                    subject=_("overall"),
                    stated=_("proposed for {level}").format(level=label),
                    found=_("level not reached"),
                    explanation="; ".join(reasons),
                )
            )
        elif level.status is LevelStatus.UNDECIDED:
            warnings.append(
                _(
                    "the document proposes {level}; the review cannot confirm it yet "
                    "(undecided: {undecided})"
                ).format(
                    level=label,
                    undecided=", ".join(map(str, level.undecided_criteria)) or _("conditions"),
                )
            )
    return tuple(found), tuple(warnings)
