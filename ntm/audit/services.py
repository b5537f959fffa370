"""Writing the audit trail. Every service that changes state calls :func:`audit_event_record`
inside its own transaction, with the acting user passed explicitly."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from ntm.audit.models import AuditEvent
from ntm.territories.models import Unit


def audit_event_record(
    *,
    actor: User,
    action: str,
    unit: Unit,
    target_type: str,
    target_id: object,
    summary: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Record one change; call it inside the transaction that makes the change."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        unit=unit,
        target_type=target_type,
        target_id=str(target_id),
        summary=summary[:500],
        before=before,
        after=after,
    )
