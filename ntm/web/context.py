"""What every page's layout needs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ntm.users.permissions import communes_visible, provinces_visible


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The communes and provinces the user may open, for the menu."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "nav_communes": list(communes_visible(user).order_by("name")[:50]),
        "nav_provinces": list(provinces_visible(user)),
    }
