"""What every page's layout needs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ntm.users.permissions import communes_of_memberships, provinces_visible


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The communes the user has a role in and the provinces they coordinate, for the menu
    (a coordinator reaches the communes from the province page)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "nav_communes": communes_of_memberships(user)[:5],
        "nav_provinces": list(provinces_visible(user)),
    }
