"""The recognition workflow: the chain of levels a commune's dossier passes, as data.

Under QĐ 18/2022/QĐ-TTg the commune self-assesses and submits its dossier (tờ trình), the
level above verifies it (thẩm tra), the provincial council appraises it (thẩm định) and the
chairman of the provincial People's Committee decides the recognition (công nhận)
(``reference/recognition-procedure.md`` §2, every step [M]). Until 30/6/2025 the district
verified; from 1/7/2025 there is no district and the province does everything. The chains are
data in ``ntm/registers/recognition-workflows.yaml`` (JSON Schema
``ntm/core/schemas/recognition-workflows.json``), each valid for a range of submission dates;
a province may add steps of its own (an overlay in the same file).

:func:`apply` is a pure state machine over a :class:`DossierState`: it checks who acts
(role, level and unit), what the dossier allows, and returns the new state with the
transition recorded. It reads no clock and writes nothing; the caller passes the time
(timezone-aware) and stores the result.

Actions (:class:`Action`): a step's id performs that step (``submit``, ``verify``,
``appraise``, ``recognise``, or a province's extra step); ``return`` sends the dossier back
to the commune with a reason per criterion; ``resubmit`` sends it back to the step that
returned it; ``refuse`` closes it at the decision step; ``undo`` cancels the last
transition, only by the role, level and unit that made it.

Locking: from submission on, the dossier's data is locked (:attr:`DossierState.locked`)
except the criteria of a pending return (:attr:`DossierState.unlocked_criteria`). Locking
only forbids editing; it never hides data from the commune.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from ntm.core.exceptions import CatalogError, CoreError, Location
from ntm.core.i18n import _
from ntm.core.io.register_files import load_checked, shipped_text

__all__ = [
    "DRAFT",
    "REFUSED",
    "RETURNED",
    "Action",
    "Actor",
    "Decision",
    "DossierState",
    "ExtraStep",
    "Level",
    "Step",
    "Transition",
    "Workflow",
    "WorkflowError",
    "WorkflowErrorCode",
    "WorkflowRegistry",
    "apply",
]

#: The shipped workflows, in ``ntm/registers/``.
_SHIPPED_FILE = "recognition-workflows.yaml"

#: The states that no step names: before submission, after a return, after a refusal.
DRAFT = "draft"
RETURNED = "returned"
REFUSED = "refused"


class Level(StrEnum):
    """The administrative level that performs a step."""

    COMMUNE = "commune"
    DISTRICT = "district"
    PROVINCE = "province"


class Action(StrEnum):
    """The actions of :func:`apply`: the shipped steps' ids and the four other actions.

    A province's extra step is performed by its own id, which :func:`apply` also accepts.
    """

    SUBMIT = "submit"
    VERIFY = "verify"
    APPRAISE = "appraise"
    RECOGNISE = "recognise"
    RETURN = "return"
    RESUBMIT = "resubmit"
    REFUSE = "refuse"
    UNDO = "undo"


#: The actions that are not a step's id (the schema reserves these names).
_OTHER_ACTIONS = frozenset({Action.RETURN, Action.RESUBMIT, Action.REFUSE, Action.UNDO})


class WorkflowErrorCode(StrEnum):
    """Why :func:`apply` refused a transition (stable, for interfaces and tests)."""

    WRONG_WORKFLOW = "wrong_workflow"
    WRONG_ACTOR = "wrong_actor"
    NOT_ALLOWED = "not_allowed"
    CLOSED = "closed"
    REASONS_REQUIRED = "reasons_required"
    UNKNOWN_CRITERION = "unknown_criterion"
    DECISION_REQUIRED = "decision_required"
    DECISION_DATE = "decision_date"
    NOTHING_TO_UNDO = "nothing_to_undo"
    UNDO_FORBIDDEN = "undo_forbidden"
    TIME_ORDER = "time_order"


@dataclass
class WorkflowError(CoreError):
    """A transition the workflow does not allow; nothing changes. ``code`` says why."""

    code: WorkflowErrorCode = WorkflowErrorCode.NOT_ALLOWED


# --- configuration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of a workflow.

    Attributes:
        id: the step and the action performing it: ``submit``, ``verify``, ``appraise``,
            ``recognise``, or a province's own.
        level: the level that performs it.
        role: the role that may perform it (``commune_officer``, ``district_verifier``,
            ``province_coordinator``, ``province_appraiser``); the
            application maps roles to memberships of a unit.
        state: the dossier's state once the step is done (``submitted``, ``verified`` …).
        may_return: the step's actor may return the dossier instead, with reasons per criterion.
        label: what the step is, in Vietnamese.
        decision: the step records the recognition decision (the last step only).
        province: the province code of a step a province added, else ``None``.
        source: where a province's step comes from (empty for a shipped chain's step:
            the workflow's ``source`` covers it).
        verified: for a province's step, whether it is confirmed; else the workflow's flag.
    """

    id: str
    level: Level
    role: str
    state: str
    may_return: bool
    label: str
    decision: bool = False
    province: str | None = None
    source: str = ""
    verified: bool = False


@dataclass(frozen=True)
class ExtraStep:
    """A step a province adds after a shipped step, in the workflows it names (all when empty)."""

    province: str
    after: str
    step: Step
    workflows: tuple[str, ...] = ()

    def applies_to(self, workflow: Workflow) -> bool:
        """Whether it goes into ``workflow``: named by it (or none named) and ``after`` in it."""
        if self.workflows and workflow.id not in self.workflows:
            return False
        return any(step.id == self.after for step in workflow.steps)


@dataclass(frozen=True)
class Workflow:
    """A chain of steps, valid for dossiers submitted from ``valid_from`` to ``valid_to``.

    Attributes:
        id: e.g. ``qd-18-2022-district`` (until 30/6/2025), ``qd-18-2022-province``.
        label: in Vietnamese.
        valid_from, valid_to: the submission dates it applies to, both inclusive;
            ``valid_to`` is ``None`` when open.
        source: the decision and reference section; ``verified`` is false while any step is [M].
        steps: in order; the first is the commune's submission, the last records the decision.
        province: the province whose extra steps are included, else ``None``.
    """

    id: str
    label: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    source: str
    verified: bool
    steps: tuple[Step, ...]
    note: str = ""
    province: str | None = None

    @property
    def key(self) -> str:
        """``id``, or ``id+province`` when a province's steps are included; a dossier keeps it."""
        return self.id if self.province is None else f"{self.id}+{self.province}"

    def covers(self, day: datetime.date) -> bool:
        """Whether a dossier submitted on ``day`` follows this workflow."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def step(self, id: str) -> Step:
        """The step with that id.

        Raises:
            CatalogError: no step has that id.
        """
        for step in self.steps:
            if step.id == id:
                return step
        raise CatalogError(
            _("workflow {workflow} has no step '{step}'").format(workflow=self.key, step=id)
        )

    def levels(self) -> frozenset[Level]:
        """The levels that perform a step (a dossier needs a unit for each)."""
        return frozenset(step.level for step in self.steps)

    def with_extra_steps(self, extras: Sequence[ExtraStep], province: str) -> Workflow:
        """The workflow with a province's extra steps, each after its ``after`` step.

        Several steps after the same step keep their order in the file. Extra steps that do
        not apply (see :meth:`ExtraStep.applies_to`) are left out; when none applies, the
        workflow itself is returned, without a province.
        """
        chosen = [extra for extra in extras if extra.applies_to(self)]
        if not chosen:
            return self
        steps: list[Step] = []
        for step in self.steps:
            steps.append(step)
            steps.extend(extra.step for extra in chosen if extra.after == step.id)
        return replace(self, steps=tuple(steps), province=province)


@dataclass(frozen=True)
class WorkflowRegistry:
    """The workflows and the provinces' extra steps.

    The constructor checks every workflow, with each province's steps: unique step ids
    and states, the commune submits first, only the last step records the decision, date
    ranges that do not overlap, and extra steps that apply somewhere.

    Raises:
        CatalogError: one of these checks fails.
    """

    workflows: tuple[Workflow, ...]
    extra_steps: Mapping[str, tuple[ExtraStep, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ids: set[str] = set()
        for workflow in self.workflows:
            if workflow.id in ids:
                raise CatalogError(
                    _("workflow {id} appears twice").format(id=workflow.id),
                    Location(field=f"workflows.{workflow.id}"),
                )
            ids.add(workflow.id)
            _check_workflow(workflow)
        _check_dates(self.workflows)
        for province, extras in self.extra_steps.items():
            for extra in extras:
                _check_extra_step(extra, self.workflows)
            for workflow in self.workflows:
                try:
                    _check_workflow(workflow.with_extra_steps(extras, province))
                except CatalogError as error:
                    raise CatalogError(
                        error.message, Location(field=f"provinces.{province}.extra_steps")
                    ) from None

    @staticmethod
    def shipped() -> WorkflowRegistry:
        """The workflows shipped with ntm (``ntm/registers/recognition-workflows.yaml``), read once.

        Raises:
            CatalogError: the shipped file is wrong (a bug: the tests load it).
        """
        return _shipped()

    @staticmethod
    def load(path: Path) -> WorkflowRegistry:
        """Read a workflows file (YAML, ``schema: ntm-recognition-workflows/1``).

        Raises:
            OSError: the file cannot be read.
            CatalogError: the YAML is invalid, breaks the schema (the location names the field,
                e.g. ``workflows.qd-18-2022-district.steps.verify.level``), holds an
                impossible date, or fails a check of the constructor.
        """
        return _parse(path.read_text("utf-8"), file=str(path))

    def get(self, id: str) -> Workflow:
        """The workflow with that id, without any province's steps.

        Raises:
            CatalogError: no workflow has that id.
        """
        for workflow in self.workflows:
            if workflow.id == id:
                return workflow
        raise CatalogError(_("unknown recognition workflow '{id}'").format(id=id))

    def for_date(self, day: datetime.date, province_code: str | None = None) -> Workflow:
        """The workflow for a dossier submitted on ``day``, with the province's extra steps.

        ``day`` is the submission date (a ``date``, not a ``datetime``): a dossier submitted
        on 30/6/2025 follows the district chain, one submitted on 1/7/2025 the provincial one.

        Raises:
            CatalogError: no workflow covers ``day``.
        """
        for workflow in self.workflows:
            if workflow.covers(day):
                if province_code is None:
                    return workflow
                return workflow.with_extra_steps(
                    self.extra_steps.get(province_code, ()), province_code
                )
        raise CatalogError(
            _("no recognition workflow applies to a dossier submitted on {day}").format(
                day=day.isoformat()
            )
        )


def _check_workflow(workflow: Workflow) -> None:
    where = Location(field=f"workflows.{workflow.id}")
    if workflow.valid_to is not None and workflow.valid_to < workflow.valid_from:
        raise CatalogError(
            _("valid_to {end} is before valid_from {start}").format(
                end=workflow.valid_to.isoformat(), start=workflow.valid_from.isoformat()
            ),
            where.with_(field=f"{where.field}.valid_to"),
        )
    seen_ids: set[str] = set()
    seen_states: set[str] = set()
    for step in workflow.steps:
        at = where.with_(field=f"{where.field}.steps.{step.id}")
        if step.id in seen_ids:
            raise CatalogError(_("step '{id}' appears twice").format(id=step.id), at)
        if step.state in seen_states:
            raise CatalogError(
                _("state '{state}' is reached by two steps").format(state=step.state), at
            )
        seen_ids.add(step.id)
        seen_states.add(step.state)
    first, last = workflow.steps[0], workflow.steps[-1]
    if first.level is not Level.COMMUNE or first.may_return:
        raise CatalogError(
            _("the first step is the commune's submission: level commune, may_return false"),
            where.with_(field=f"{where.field}.steps.{first.id}"),
        )
    if not last.decision:
        raise CatalogError(
            _("the last step records the decision: decision true"),
            where.with_(field=f"{where.field}.steps.{last.id}"),
        )
    for step in workflow.steps[:-1]:
        if step.decision:
            raise CatalogError(
                _("only the last step may record the decision"),
                where.with_(field=f"{where.field}.steps.{step.id}.decision"),
            )


def _check_extra_step(extra: ExtraStep, workflows: Sequence[Workflow]) -> None:
    where = f"provinces.{extra.province}.extra_steps.{extra.step.id}"
    known = {workflow.id: workflow for workflow in workflows}
    for id in extra.workflows:
        if id not in known:
            raise CatalogError(
                _("unknown workflow '{id}'").format(id=id), Location(field=f"{where}.workflows")
            )
    named = [known[id] for id in extra.workflows]
    lacking = [workflow.id for workflow in named if not extra.applies_to(workflow)]
    if lacking or not any(extra.applies_to(workflow) for workflow in workflows):
        raise CatalogError(
            _("no step '{after}' to follow in workflow {workflow}").format(
                after=extra.after, workflow=", ".join(lacking or known)
            ),
            Location(field=f"{where}.after"),
        )
    for workflow in workflows:
        if extra.applies_to(workflow) and workflow.steps[-1].id == extra.after:
            raise CatalogError(
                _("a step cannot follow the decision step '{after}'").format(after=extra.after),
                Location(field=f"{where}.after"),
            )


def _check_dates(workflows: Sequence[Workflow]) -> None:
    ordered = sorted(workflows, key=lambda workflow: workflow.valid_from)
    for before, after in pairwise(ordered):
        if before.valid_to is None or before.valid_to >= after.valid_from:
            raise CatalogError(
                _("workflows {first} and {second} both apply on {day}").format(
                    first=before.id, second=after.id, day=after.valid_from.isoformat()
                ),
                Location(field=f"workflows.{after.id}.valid_from"),
            )


# --- the dossier's state ----------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who made a transition: the user's id, the role and level they acted in, the unit's code."""

    user: str
    role: str
    level: Level
    unit: str


@dataclass(frozen=True)
class Decision:
    """The recognition decision (quyết định công nhận): its number and signing date.

    E.g. ``Decision("1763/QĐ-UBND", date(2024, 7, 25))``.
    """

    number: str
    date: datetime.date


@dataclass(frozen=True)
class Transition:
    """One entry of a dossier's history.

    Attributes:
        action: the step's id, or ``return``, ``resubmit``, ``refuse``, ``undo``.
        step: the step it concerns: the step performed, the one that returned or refused,
            the one resubmitted to; for an undo, the step of the transition undone.
        actor: who made it.
        at: when (timezone-aware).
        reasons: criterion code → reason, for a return or a refusal; else empty.
        decision: the decision recorded by the decision step (or given with a refusal).
        undoes: for an undo, the position in the history of the transition it cancels.
    """

    action: str
    step: str
    actor: Actor
    at: datetime.datetime
    reasons: Mapping[str, str] = field(default_factory=dict)
    decision: Decision | None = None
    undoes: int | None = None

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criteria returned (or named in a refusal), in the order given."""
        return tuple(self.reasons)


@dataclass(frozen=True)
class DossierState:
    """Where one commune's dossier (criteria set, level, year) stands in its workflow.

    Made by :meth:`start`, changed only by :func:`apply`.

    Attributes:
        workflow: the :attr:`Workflow.key` it follows (fixed at submission's date).
        units: the unit code acting at each level for this dossier (the commune, its
            district while there is one, its province).
        criteria: the criterion codes a return may name; empty for any.
        status: ``draft``, a step's state (``submitted`` … ``recognised``), ``returned``
            or ``refused``.
        next_step: index of the next step to perform (0 in draft; the number of steps
            once recognised).
        unlocked_criteria: the criteria the commune may correct after a return.
        decision: the recognition decision, once recognised.
        history: every transition, undos included, oldest first.
    """

    workflow: str
    units: Mapping[Level, str]
    criteria: frozenset[str] = frozenset()
    status: str = DRAFT
    next_step: int = 0
    unlocked_criteria: frozenset[str] = frozenset()
    decision: Decision | None = None
    history: tuple[Transition, ...] = ()

    @staticmethod
    def start(
        workflow: Workflow,
        *,
        commune: str,
        province: str,
        district: str | None = None,
        criteria: Sequence[str] = (),
    ) -> DossierState:
        """A draft dossier of ``commune`` following ``workflow``.

        Args:
            workflow: from :meth:`WorkflowRegistry.for_date`.
            commune, province, district: unit codes; ``district`` is needed only when a
                step is done at the district level.
            criteria: the criteria set's criterion codes, to check the ones a return names.

        Raises:
            WorkflowError: the workflow has a district step and no district is given.
        """
        if Level.DISTRICT in workflow.levels() and not district:
            raise WorkflowError(
                _("workflow {workflow} needs the commune's district").format(workflow=workflow.key),
                code=WorkflowErrorCode.WRONG_WORKFLOW,
            )
        units = {Level.COMMUNE: commune, Level.PROVINCE: province}
        if district:
            units[Level.DISTRICT] = district
        return DossierState(workflow=workflow.key, units=units, criteria=frozenset(criteria))

    @staticmethod
    def restore(
        workflow: Workflow, start: DossierState, history: Sequence[Transition]
    ) -> DossierState:
        """The state of a dossier made by :meth:`start` after ``history`` (stored
        transitions, oldest first, as :func:`apply` recorded them): the derived fields are
        folded again, without checking the transitions a second time.

        Raises:
            WorkflowError: ``start`` follows another workflow.
        """
        if workflow.key != start.workflow:
            raise WorkflowError(
                _("the dossier follows workflow {expected}, not {given}").format(
                    expected=start.workflow, given=workflow.key
                ),
                code=WorkflowErrorCode.WRONG_WORKFLOW,
            )
        return _fold(workflow, replace(start, history=tuple(history)))

    @property
    def locked(self) -> bool:
        """Whether the dossier's data is locked: from submission on (see :meth:`is_editable`)."""
        return self.status != DRAFT

    @property
    def closed(self) -> bool:
        """Recognised or refused: only an undo by the province may follow."""
        return self.status == REFUSED or self.decision is not None

    def is_editable(self, criterion: str) -> bool:
        """Whether the commune may change a criterion's data: in draft, or returned for it."""
        return not self.locked or criterion in self.unlocked_criteria

    @property
    def effective(self) -> tuple[Transition, ...]:
        """The transitions in force: the history without the undone ones and the undos."""
        return tuple(self.history[index] for index in _effective_indexes(self.history))

    @property
    def last(self) -> Transition | None:
        """The last transition in force (the one an undo would cancel), or ``None``."""
        indexes = _effective_indexes(self.history)
        return self.history[indexes[-1]] if indexes else None

    def next(self, workflow: Workflow) -> Step | None:
        """The step to perform next, ``None`` when closed."""
        if self.closed or self.next_step >= len(workflow.steps):
            return None
        return workflow.steps[self.next_step]


def _effective_indexes(history: Sequence[Transition]) -> list[int]:
    stack: list[int] = []
    for index, transition in enumerate(history):
        if transition.action == Action.UNDO:
            stack.pop()
        else:
            stack.append(index)
    return stack


# --- transitions ------------------------------------------------------------------------------


def apply(
    workflow: Workflow,
    state: DossierState,
    action: str,
    *,
    actor_id: str,
    actor_role: str,
    actor_level: Level | str,
    actor_unit: str,
    at: datetime.datetime,
    reasons: Mapping[str, str] | None = None,
    decision: Decision | None = None,
) -> DossierState:
    """Perform ``action`` on a dossier; return the new state with the transition recorded.

    Rules (recognition-procedure.md §2 [M]; QĐ 18/2022/QĐ-TTg):

    - a step's action (``submit``, ``verify``, ``appraise``, ``recognise`` …) performs the
      next step, only by the step's role at the step's level in the dossier's unit of that
      level; after a return only ``resubmit`` moves the dossier on;
    - ``return``: instead of the next step, by its actor, when the step ``may_return``;
      ``reasons`` names at least one criterion, each with a non-empty reason (criteria of
      the set, when the state lists them); the dossier goes back to the commune with
      exactly those criteria unlocked, the rest stays locked;
    - ``resubmit``: by the submitting step's actor, after a return; everything is locked
      again and the step that returned the dossier is the next one;
    - the decision step (``recognise``) needs ``decision`` with a non-blank number and a
      date not before the day of the last transition (the appraisal);
    - ``refuse``: at the decision step, by its actor, with ``reasons`` as for a return;
    - ``undo``: of the last transition in force only, by the same role, level and unit;
      after recognition or refusal, nothing else is allowed;
    - ``at`` is not before the last transition's time.

    Args:
        workflow: the workflow the dossier follows (same :attr:`Workflow.key`).
        state: the dossier's current state; not changed.
        action: an :class:`Action` or a province step's id.
        actor_id: the acting user's id, recorded.
        actor_role, actor_level, actor_unit: the role, level and unit code the user acts in.
        at: when, timezone-aware (no clock is read here).
        reasons: criterion code → reason, for ``return`` and ``refuse`` only.
        decision: for the decision step (optional for ``refuse``) only.

    Raises:
        ValueError: ``at`` is naive, or ``actor_level`` is not a level.
        WorkflowError: the transition is not allowed; ``code`` says why and the message
            names the step and the role expected. ``state`` is unchanged.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("at must be a timezone-aware datetime")
    if workflow.key != state.workflow:
        raise WorkflowError(
            _("the dossier follows workflow {expected}, not {given}").format(
                expected=state.workflow, given=workflow.key
            ),
            code=WorkflowErrorCode.WRONG_WORKFLOW,
        )
    actor = Actor(user=actor_id, role=actor_role, level=Level(actor_level), unit=actor_unit)
    if state.history and at < state.history[-1].at:
        raise WorkflowError(
            _("{action} at {at} is before the last transition, at {last}").format(
                action=action, at=at.isoformat(), last=state.history[-1].at.isoformat()
            ),
            code=WorkflowErrorCode.TIME_ORDER,
        )
    if action == Action.UNDO:
        return _undo(workflow, state, actor, at)
    if state.closed:
        raise WorkflowError(
            _("the dossier is {status}; only the province may undo that").format(
                status=state.status
            ),
            code=WorkflowErrorCode.CLOSED,
        )
    if action not in (Action.RETURN, Action.REFUSE) and reasons:
        raise WorkflowError(
            _("reasons are given only with a return or a refusal, not with {action}").format(
                action=action
            ),
            code=WorkflowErrorCode.NOT_ALLOWED,
        )
    if action == Action.RESUBMIT:
        transition = _resubmit(workflow, state, actor, at)
    else:
        transition = _step_action(workflow, state, action, actor, at, reasons, decision)
    history = (*state.history, transition)
    return _fold(workflow, replace(state, history=history))


def _step_action(
    workflow: Workflow,
    state: DossierState,
    action: str,
    actor: Actor,
    at: datetime.datetime,
    reasons: Mapping[str, str] | None,
    decision: Decision | None,
) -> Transition:
    """A forward step, a return or a refusal: all done by the next step's actor."""
    step = state.next(workflow)
    assert step is not None  # a state that is not closed has a next step
    if state.status == RETURNED:
        raise WorkflowError(
            _("the dossier was returned to the commune; it must be resubmitted first"),
            code=WorkflowErrorCode.NOT_ALLOWED,
        )
    if action == Action.RETURN:
        if not step.may_return:
            raise WorkflowError(
                _("step '{step}' ({label}) cannot return the dossier").format(
                    step=step.id, label=step.label
                ),
                code=WorkflowErrorCode.NOT_ALLOWED,
            )
    elif action == Action.REFUSE:
        if not step.decision:
            raise WorkflowError(
                _("only step '{step}' may refuse; the next step is '{next}'").format(
                    step=workflow.steps[-1].id, next=step.id
                ),
                code=WorkflowErrorCode.NOT_ALLOWED,
            )
    elif action != step.id:
        raise WorkflowError(
            _("{action} is not possible now: the next step is '{step}' ({label})").format(
                action=action, step=step.id, label=step.label
            ),
            code=WorkflowErrorCode.NOT_ALLOWED,
        )
    _check_actor(state, step, actor, action)
    given_reasons: dict[str, str] = {}
    if action in (Action.RETURN, Action.REFUSE):
        given_reasons = _checked_reasons(state, action, reasons)
    if step.decision and action != Action.RETURN:
        if decision is not None or action != Action.REFUSE:
            _check_decision(workflow, state, step, decision)
    elif decision is not None:
        raise WorkflowError(
            _("a decision is recorded only by step '{step}'").format(step=workflow.steps[-1].id),
            code=WorkflowErrorCode.NOT_ALLOWED,
        )
    return Transition(
        action=str(action),
        step=step.id,
        actor=actor,
        at=at,
        reasons=given_reasons,
        decision=decision,
    )


def _resubmit(
    workflow: Workflow, state: DossierState, actor: Actor, at: datetime.datetime
) -> Transition:
    submit = workflow.steps[0]
    if state.status != RETURNED:
        raise WorkflowError(
            _("only a returned dossier can be resubmitted; it is {status}").format(
                status=state.status
            ),
            code=WorkflowErrorCode.NOT_ALLOWED,
        )
    _check_actor(state, submit, actor, Action.RESUBMIT)
    return Transition(
        action=Action.RESUBMIT, step=workflow.steps[state.next_step].id, actor=actor, at=at
    )


def _undo(
    workflow: Workflow, state: DossierState, actor: Actor, at: datetime.datetime
) -> DossierState:
    indexes = _effective_indexes(state.history)
    if not indexes:
        raise WorkflowError(_("there is nothing to undo"), code=WorkflowErrorCode.NOTHING_TO_UNDO)
    last = state.history[indexes[-1]]
    done_by = last.actor
    if (actor.role, actor.level, actor.unit) != (done_by.role, done_by.level, done_by.unit):
        raise WorkflowError(
            _(
                "only {role} at the {level} level of unit {unit} may undo the last "
                "transition ({action} of step '{step}'); you act as {actor_role} at the "
                "{actor_level} level of unit {actor_unit}"
            ).format(
                role=done_by.role,
                level=done_by.level,
                unit=done_by.unit,
                action=last.action,
                step=last.step,
                actor_role=actor.role,
                actor_level=actor.level,
                actor_unit=actor.unit,
            ),
            code=WorkflowErrorCode.UNDO_FORBIDDEN,
        )
    undo = Transition(action=Action.UNDO, step=last.step, actor=actor, at=at, undoes=indexes[-1])
    return _fold(workflow, replace(state, history=(*state.history, undo)))


def _check_actor(state: DossierState, step: Step, actor: Actor, action: str) -> None:
    unit = state.units.get(step.level)
    if (actor.role, actor.level, actor.unit) != (step.role, step.level, unit):
        raise WorkflowError(
            _(
                "{action} at step '{step}' ({label}) is done by {role} at the {level} level "
                "of unit {unit}; you act as {actor_role} at the {actor_level} level of unit "
                "{actor_unit}"
            ).format(
                action=action,
                step=step.id,
                label=step.label,
                role=step.role,
                level=step.level,
                unit=unit,
                actor_role=actor.role,
                actor_level=actor.level,
                actor_unit=actor.unit,
            ),
            code=WorkflowErrorCode.WRONG_ACTOR,
        )


def _checked_reasons(
    state: DossierState, action: str, reasons: Mapping[str, str] | None
) -> dict[str, str]:
    given = dict(reasons or {})
    blank = [criterion for criterion, reason in given.items() if not reason.strip()]
    if not given or blank:
        raise WorkflowError(
            _("{action} needs at least one criterion and a reason for each").format(action=action),
            code=WorkflowErrorCode.REASONS_REQUIRED,
            details={"blank": tuple(blank)},
        )
    unknown = [
        criterion for criterion in given if state.criteria and criterion not in state.criteria
    ]
    if unknown:
        raise WorkflowError(
            _("criterion {criterion} is not in the dossier's criteria set").format(
                criterion=unknown[0]
            ),
            Location(criterion=unknown[0]),
            code=WorkflowErrorCode.UNKNOWN_CRITERION,
        )
    return given


def _check_decision(
    workflow: Workflow, state: DossierState, step: Step, decision: Decision | None
) -> None:
    if decision is None or not decision.number.strip():
        raise WorkflowError(
            _("step '{step}' ({label}) needs the decision's number and date").format(
                step=step.id, label=step.label
            ),
            code=WorkflowErrorCode.DECISION_REQUIRED,
        )
    last = state.last
    assert last is not None  # the decision step is never the first
    if decision.date < last.at.date():
        raise WorkflowError(
            _("the decision is dated {date}, before the last step ({label}) on {done}").format(
                date=f"{decision.date:%d/%m/%Y}",
                label=workflow.step(last.step).label,
                done=f"{last.at.date():%d/%m/%Y}",
            ),
            code=WorkflowErrorCode.DECISION_DATE,
        )


def _fold(workflow: Workflow, state: DossierState) -> DossierState:
    """Recompute the derived fields from the transitions in force (no checks)."""
    status, next_step = DRAFT, 0
    unlocked: frozenset[str] = frozenset()
    decision: Decision | None = None
    for transition in state.effective:
        if transition.action == Action.RETURN:
            status, unlocked = RETURNED, frozenset(transition.reasons)
        elif transition.action == Action.RESUBMIT:
            status, unlocked = workflow.steps[next_step - 1].state, frozenset()
        elif transition.action == Action.REFUSE:
            status = REFUSED
        else:
            status, next_step = workflow.steps[next_step].state, next_step + 1
            if workflow.steps[next_step - 1].decision:
                decision = transition.decision
    return replace(
        state, status=status, next_step=next_step, unlocked_criteria=unlocked, decision=decision
    )


# --- reading ----------------------------------------------------------------------------------


def _parse(text: str, *, file: str) -> WorkflowRegistry:
    data = load_checked(text, file=file, schema="recognition-workflows.json", locate=_locate)
    try:
        workflows = tuple(_workflow(id, entry) for id, entry in data["workflows"].items())
        extra_steps = {
            province: tuple(_extra_step(province, item) for item in overlay["extra_steps"])
            for province, overlay in data.get("provinces", {}).items()
        }
        return WorkflowRegistry(workflows=workflows, extra_steps=extra_steps)
    except CatalogError as error:
        raise CatalogError(error.message, error.location.with_(file=file)) from None


def _workflow(id: str, data: Mapping[str, Any]) -> Workflow:
    where = f"workflows.{id}"
    valid_to = data["valid_to"]
    return Workflow(
        id=id,
        label=data["label"],
        valid_from=_date(data["valid_from"], f"{where}.valid_from"),
        valid_to=None if valid_to is None else _date(valid_to, f"{where}.valid_to"),
        source=data["source"],
        verified=data["verified"],
        note=data.get("note", ""),
        steps=tuple(_step(item, verified=data["verified"]) for item in data["steps"]),
    )


def _step(data: Mapping[str, Any], *, verified: bool, province: str | None = None) -> Step:
    return Step(
        id=data["id"],
        level=Level(data["level"]),
        role=data["role"],
        state=data["state"],
        may_return=data["may_return"],
        label=data["label"],
        decision=data.get("decision", False),
        province=province,
        source=data.get("source", ""),
        verified=data.get("verified", verified),
    )


def _extra_step(province: str, data: Mapping[str, Any]) -> ExtraStep:
    return ExtraStep(
        province=province,
        after=data["after"],
        step=_step(data, verified=data["verified"], province=province),
        workflows=tuple(data.get("workflows", ())),
    )


def _date(text: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CatalogError(
            _("{text} is not a date (YYYY-MM-DD)").format(text=repr(text)), Location(field=field)
        ) from None


def _locate(data: Mapping[str, Any], path: Sequence[Any], file: str) -> Location:
    """workflows/<id>/steps/1/level → field "workflows.<id>.steps.verify.level".

    A step is named by its id when it has one, else by its position (``steps[1]``).
    """
    parts: list[str] = []
    node: Any = data
    for step in path:
        child = node[step] if isinstance(node, (dict, list)) else None
        if isinstance(step, int):
            name = child.get("id") if isinstance(child, dict) else None
            if isinstance(name, str) and name:
                parts.append(name)
            elif parts:
                parts[-1] = f"{parts[-1]}[{step}]"
            else:  # pragma: no cover - the top level is a mapping
                parts.append(f"[{step}]")
        else:
            parts.append(str(step))
        node = child
    return Location(file=file, field=".".join(parts) or None)


@cache
def _shipped() -> WorkflowRegistry:
    return _parse(shipped_text(_SHIPPED_FILE), file=_SHIPPED_FILE)
