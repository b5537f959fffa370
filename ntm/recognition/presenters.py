"""What the dossier pages show: the workflow's steps with their state, the history in
words, the actions the user may take now."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ntm.core.recognition.revocation import RevocationOutcome
from ntm.core.recognition.workflow import Action, DossierState, Workflow
from ntm.recognition.models import RecognitionLevel, RevocationWatch
from ntm.users.models import Role

__all__ = [
    "ACTION_LABELS",
    "OUTCOME_LABELS",
    "STATUS_LABELS",
    "Available",
    "StepRow",
    "available_actions",
    "role_label",
    "status_label",
    "step_rows",
    "watch_message",
]

#: The actions as buttons and in the history.
ACTION_LABELS = {
    "submit": gettext_lazy("Submit the dossier"),
    "verify": gettext_lazy("Verified: forward"),
    "appraise": gettext_lazy("Appraised: forward"),
    "recognise": gettext_lazy("Record the recognition decision"),
    "return": gettext_lazy("Return to the commune"),
    "resubmit": gettext_lazy("Resubmit"),
    "refuse": gettext_lazy("Refuse recognition"),
    "undo": gettext_lazy("Undo the last action"),
}

#: A dossier's status (a workflow step's state, or one no step names), for people.
STATUS_LABELS: dict[str, Promise] = {
    "draft": gettext_lazy("draft"),
    "submitted": gettext_lazy("submitted"),
    "verified": gettext_lazy("verified"),
    "appraised": gettext_lazy("appraised"),
    "recognised": gettext_lazy("recognised"),
    "returned": gettext_lazy("returned to the commune"),
    "refused": gettext_lazy("refused"),
}

#: A revocation watch's outcome, for people (QĐ 18/2022/QĐ-TTg, recognition-procedure.md §5).
OUTCOME_LABELS: dict[str, Promise] = {
    RevocationOutcome.KEPT: gettext_lazy("kept"),
    RevocationOutcome.REVOKED_WITH_NAMED: gettext_lazy(
        "to be revoked: a named criterion is no longer met"
    ),
    RevocationOutcome.REVOKED_BY_SHARE: gettext_lazy(
        "to be revoked: too many criteria no longer met"
    ),
}


def status_label(status: str) -> str:
    """The status in the page's language; a province's own state as stored."""
    label = STATUS_LABELS.get(status)
    return status if label is None else str(label)


def role_label(role: str) -> str:
    """The role in the page's language (``Role``'s label); an unknown role as stored."""
    return str(Role(role).label) if role in Role.values else role


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
    """Each step of the workflow with where the dossier stands: done, next, later."""
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


def watch_message(watch: RevocationWatch) -> str:
    """What the revocation watch says of a recognition, in the page's language: revoked;
    or kept, and which further failures would revoke it (QĐ 18/2022/QĐ-TTg,
    recognition-procedure.md §5 [C]): with a named criterion among them (Thu nhập, Môi
    trường, …) the fewest, :attr:`RevocationWatch.margin` + 1; without one,
    :attr:`RevocationWatch.margin_unnamed` + 1."""
    recognition = watch.recognition
    level = str(RecognitionLevel(recognition.level).label)
    values: dict[str, object] = {
        "level": level,
        "year": recognition.year,
        "count": len(watch.unmet),
        "total": watch.total,
    }
    if watch.revoked:
        return (
            _(
                "The recognition as %(level)s (%(year)s) meets the revocation condition of "
                "Decision 18/2022/QĐ-TTg: %(count)s of %(total)s criteria are no longer met."
            )
            % values
        )
    more = (watch.margin or 0) + 1
    if watch.named_unmet:
        return ngettext(
            "The recognition as %(level)s (%(year)s) is kept; %(named)s is no longer met, "
            "so %(more)s more criterion not met, whatever it is, would revoke it.",
            "The recognition as %(level)s (%(year)s) is kept; %(named)s is no longer met, "
            "so %(more)s more criteria not met, whatever they are, would revoke it.",
            more,
        ) % {**values, "more": more, "named": ", ".join(watch.named_unmet)}
    unnamed = (watch.margin_unnamed if watch.margin_unnamed is not None else watch.margin or 0) + 1
    return ngettext(
        "The recognition as %(level)s (%(year)s) is kept; %(more)s more criterion not met "
        "would revoke it if it is one of: %(named)s; otherwise %(unnamed)s more.",
        "The recognition as %(level)s (%(year)s) is kept; %(more)s more criteria not met "
        "would revoke it if one of them is: %(named)s; otherwise %(unnamed)s more.",
        more,
    ) % {**values, "more": more, "unnamed": unnamed, "named": ", ".join(watch.named_met)}
