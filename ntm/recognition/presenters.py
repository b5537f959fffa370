"""What the dossier pages show: the workflow's steps with their state, the history in
words, the actions the user may take now."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ntm.core.recognition.workflow import Action, DossierState, Workflow

__all__ = [
    "ACTION_LABELS",
    "STATUS_LABELS",
    "Available",
    "StepRow",
    "available_actions",
    "step_rows",
]

#: The actions as buttons and in the history.
ACTION_LABELS = {
    "submit": _("Submit the dossier"),
    "verify": _("Verified: forward"),
    "appraise": _("Appraised: forward"),
    "recognise": _("Record the recognition decision"),
    "return": _("Return to the commune"),
    "resubmit": _("Resubmit"),
    "refuse": _("Refuse recognition"),
    "undo": _("Undo the last action"),
}

#: The dossier's states.
STATUS_LABELS = {
    "draft": _("draft"),
    "submitted": _("submitted"),
    "verified": _("verified"),
    "appraised": _("appraised"),
    "recognised": _("recognised"),
    "returned": _("returned to the commune"),
    "refused": _("refused"),
}


@dataclass(frozen=True)
class StepRow:
    """A step of the workflow: its label, who does it, done / next / later."""

    id: str
    label: str
    role: str
    state: str  # "done", "next", "later"


@dataclass(frozen=True)
class Available:
    """The actions the user may take now, as the workflow sees their memberships."""

    actions: list[str] = field(default_factory=list)
    may_return: bool = False
    needs_decision: bool = False
    step_label: str = ""


def step_rows(workflow: Workflow, state: DossierState) -> list[StepRow]:
    rows = []
    for index, step in enumerate(workflow.steps):
        if index < state.next_step:
            where = "done"
        elif index == state.next_step and not state.closed:
            where = "next"
        else:
            where = "later"
        rows.append(StepRow(step.id, step.label, step.role, where))
    return rows


def available_actions(
    workflow: Workflow, state: DossierState, identities: list[tuple[str, str, str]]
) -> Available:
    """The actions whose role, level and unit one of the user's identities matches (the
    service checks again; this only decides which buttons to show)."""
    held = {(role, level, unit) for role, level, unit in identities}
    actions: list[str] = []
    may_return = needs_decision = False
    step_label = ""
    first = workflow.steps[0]
    commune_actor = (first.role, str(first.level), state.units.get(first.level))
    if not state.closed:
        if state.status == "returned":
            if commune_actor in held:
                actions.append(Action.RESUBMIT)
        else:
            step = state.next(workflow)
            if (
                step is not None
                and (step.role, str(step.level), state.units.get(step.level)) in held
            ):
                actions.append(step.id)
                step_label = step.label
                if step.may_return:
                    actions.append(Action.RETURN)
                    may_return = True
                if step.decision:
                    actions.append(Action.REFUSE)
                    needs_decision = True
    last = state.last
    if last is not None and (last.actor.role, str(last.actor.level), last.actor.unit) in held:
        actions.append(Action.UNDO)
    return Available(actions, may_return, needs_decision, step_label)
