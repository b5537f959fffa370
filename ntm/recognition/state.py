"""A stored dossier ⇄ the core's :class:`~ntm.core.recognition.workflow.DossierState`."""

from __future__ import annotations

from django.utils import timezone

from ntm.core import Catalog
from ntm.core.recognition.workflow import (
    Actor,
    Decision,
    DossierState,
    Level,
    Transition,
    Workflow,
    WorkflowRegistry,
)
from ntm.recognition.models import Dossier, DossierTransition

__all__ = ["dossier_state", "dossier_workflow", "transition_row"]


def dossier_workflow(dossier: Dossier) -> Workflow:
    """The workflow the dossier follows (its stored key; a province's own steps included).

    Raises:
        CatalogError: the key names no shipped workflow (the registry changed since).
    """
    registry = WorkflowRegistry.shipped()
    base, _, province = dossier.workflow.partition("+")
    workflow = registry.get(base)
    if province:
        return registry.for_date(workflow.valid_from, province)
    return workflow


def _transition(row: DossierTransition) -> Transition:
    decision = (
        Decision(row.decision_number, row.decision_date)
        if row.decision_number and row.decision_date
        else None
    )
    return Transition(
        action=row.action,
        step=row.step,
        actor=Actor(user=str(row.actor_id), role=row.role, level=Level(row.level), unit=row.unit),
        # In the project's time zone (Vietnam's), not the database's UTC: the core compares
        # a decision's date with the day of the appraisal (``at.date()``).
        at=timezone.localtime(row.at, timezone.get_default_timezone()),
        reasons=dict(row.reasons),
        decision=decision,
        undoes=row.undoes,
    )


def dossier_state(
    dossier: Dossier,
    rows: list[DossierTransition] | None = None,
    *,
    workflow: Workflow | None = None,
) -> DossierState:
    """The dossier's state, folded from its stored transitions (``rows`` when the caller
    has them, oldest first; ``workflow``, :func:`dossier_workflow`, when it has it)."""
    workflow = workflow or dossier_workflow(dossier)
    criteria_set = Catalog.shipped().criteria_set(dossier.review.criteria_set)
    start = DossierState.start(
        workflow,
        commune=dossier.units["commune"],
        province=dossier.units["province"],
        district=dossier.units.get("district"),
        criteria=[str(c.number) for c in criteria_set.criteria],
    )
    if rows is None:
        rows = list(dossier.transitions.order_by("position"))
    return DossierState.restore(workflow, start, tuple(_transition(row) for row in rows))


def transition_row(
    dossier: Dossier, position: int, transition: Transition, actor_id: int
) -> DossierTransition:
    """A new stored row for a transition the core made."""
    return DossierTransition(
        dossier=dossier,
        position=position,
        action=transition.action,
        step=transition.step,
        actor_id=actor_id,
        role=transition.actor.role,
        level=str(transition.actor.level),
        unit=transition.actor.unit,
        at=transition.at,
        reasons=dict(transition.reasons),
        decision_number=transition.decision.number if transition.decision else "",
        decision_date=transition.decision.date if transition.decision else None,
        undoes=transition.undoes,
    )
