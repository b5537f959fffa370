"""Helpers of the desk's and the public page's tests: bare reviews, and dossiers moved along
their workflow by the core's state machine (:func:`ntm.core.recognition.workflow.apply`)
and stored as the services store them, without the completeness check of a submission (the
desk reads dossiers; how they got there is the services' tests' business)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from ntm.core.recognition.workflow import Action, Decision, DossierState, WorkflowRegistry, apply
from ntm.recognition.models import Dossier, Recognition, RevocationWatch
from ntm.recognition.state import dossier_state, transition_row
from ntm.reviews.models import Review
from ntm.territories.models import Unit, UnitKind

#: The nâng cao set of Thái Nguyên (19 criteria), the level "advanced".
NANG_CAO = "xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
#: After 1/7/2025: the province chain (submit → verify by the coordinator → appraise →
#: recognise).
AFTER_MERGER = datetime.datetime(2025, 8, 4, 9, 0, tzinfo=VN)
#: Before 1/7/2025: the district chain (the district verifies).
BEFORE_MERGER = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=VN)

#: A move: an action, or an action with its reasons (return, refuse) or its decision.
Move = str | tuple[str, Mapping[str, str]] | tuple[str, Decision]


def bare_review(commune: Unit, *, year: int = 2025, criteria_set: str = NANG_CAO) -> Review:
    """A review without readings (every criterion undecided)."""
    return Review.objects.create(commune=commune, year=year, criteria_set=criteria_set)


def moved_dossier(
    review: Review,
    actor: User,
    moves: Sequence[Move],
    *,
    start: datetime.datetime = AFTER_MERGER,
    days: int = 1,
) -> Dossier:
    """The review's dossier (level "advanced") after ``moves``, the first at ``start``, each
    next one ``days`` days later; each transition is made by the role the workflow expects
    (``actor`` is only the stored user). ``moved_at`` is the last move's time."""
    commune = review.commune
    assert commune.province is not None
    workflow = WorkflowRegistry.shipped().for_date(start.date(), commune.province.code)
    units = {"commune": commune.code, "province": commune.province.code}
    if commune.parent is not None and commune.parent.kind == UnitKind.DISTRICT:
        units["district"] = commune.parent.code
    dossier = Dossier.objects.create(
        commune=commune,
        review=review,
        level="advanced",
        year=review.year,
        workflow=workflow.key,
        units=units,
        created_by=actor,
    )
    state: DossierState = dossier_state(dossier, [])
    at = start
    for move in moves:
        action, extra = (move, None) if isinstance(move, str) else move
        if action in (Action.SUBMIT, Action.RESUBMIT):
            step = workflow.steps[0]
            role, level = step.role, step.level
        elif action == Action.UNDO:
            assert state.last is not None
            role, level = state.last.actor.role, state.last.actor.level
        else:
            next_step = state.next(workflow)
            assert next_step is not None
            role, level = next_step.role, next_step.level
        new = apply(
            workflow,
            state,
            action,
            actor_id=str(actor.pk),
            actor_role=role,
            actor_level=level,
            actor_unit=state.units[level],
            at=at,
            reasons=extra if isinstance(extra, Mapping) else None,
            decision=extra if isinstance(extra, Decision) else None,
        )
        for offset, transition in enumerate(new.history[len(state.history) :]):
            transition_row(dossier, len(state.history) + offset, transition, actor.pk).save()
        state = new
        dossier.moved_at = at
        at += datetime.timedelta(days=days)
    dossier.status = state.status
    dossier.next_step = state.next_step
    dossier.unlocked_criteria = sorted(state.unlocked_criteria, key=int)
    dossier.decision_number = state.decision.number if state.decision else ""
    dossier.decision_date = state.decision.date if state.decision else None
    submitted = [t for t in state.effective if t.action == Action.SUBMIT]
    dossier.submitted_at = submitted[0].at if submitted else None
    dossier.save()
    return dossier


def watched(
    review: Review,
    *,
    outcome: str,
    margin: int | None,
    unmet: Sequence[int] = (),
    year: int = 2023,
    number: str = "100/QĐ-UBND",
) -> Recognition:
    """A recognition of the review's commune (level "advanced", ``year``) and its watch."""
    recognition = Recognition.objects.create(
        commune=review.commune,
        level="advanced",
        year=year,
        criteria_set=review.criteria_set,
        decision_number=number,
        decision_date=datetime.date(year, 12, 20),
        source="test",
    )
    RevocationWatch.objects.create(
        recognition=recognition,
        review=review,
        outcome=outcome,
        unmet=list(unmet),
        named_unmet=[],
        total=19,
        margin=margin,
        checked_at=datetime.datetime(2025, 9, 1, tzinfo=VN),
    )
    return recognition
