"""``{% revocation_warnings commune %}``: the warning of the revocation watch, for the
commune's dashboard (a recognition the commune would lose, or is one criterion from
losing, under QĐ 18/2022/QĐ-TTg)."""

from __future__ import annotations

from typing import Any

from django import template

from ntm.recognition.models import RevocationWatch
from ntm.recognition.presenters import watch_message
from ntm.territories.models import Unit

register = template.Library()


@register.inclusion_tag("recognition/_revocation_warnings.html")
def revocation_warnings(commune: Unit) -> dict[str, Any]:
    """The commune's recognitions whose watch is revoked or at a margin of
    :data:`~ntm.recognition.models.WARN_MARGIN` or less (one query)."""
    watches = [
        watch
        for watch in RevocationWatch.objects.filter(recognition__commune=commune).select_related(
            "recognition"
        )
        if watch.at_risk
    ]
    return {
        "commune": commune,
        "warnings": [(watch, watch_message(watch)) for watch in watches],
    }
