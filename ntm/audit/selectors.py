"""Reads on the audit trail: a commune's events, newest first, and what they can be
filtered by."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from ntm.audit.models import AuditEvent
from ntm.territories.models import Unit, UnitKind


def _of_commune(commune: Unit) -> Q:
    """The commune's own events and its hamlets'."""
    return Q(unit=commune) | Q(unit__parent=commune, unit__kind=UnitKind.HAMLET)


def audit_event_list(
    commune: Unit, *, action: str | None = None, actor_id: int | None = None
) -> QuerySet[AuditEvent]:
    """The commune's events (and its hamlets'), newest first, with who made them."""
    events = AuditEvent.objects.filter(_of_commune(commune))
    if action:
        events = events.filter(action=action)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    return events.select_related("actor", "unit").order_by("-at", "-id")


def audit_actions(commune: Unit) -> list[str]:
    """The actions recorded on the commune, sorted (one query)."""
    return sorted(
        set(
            AuditEvent.objects.filter(_of_commune(commune))
            .values_list("action", flat=True)
            .distinct()
        )
    )


def audit_actors(commune: Unit) -> list[User]:
    """The users who changed something of the commune, by name (one query)."""
    return list(
        User.objects.filter(
            pk__in=AuditEvent.objects.filter(_of_commune(commune)).values("actor_id")
        ).order_by("first_name", "last_name", "username")
    )
