"""The home page: the communes and provinces the user may open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ntm.core.text import vietnamese_sort_key
from ntm.users.permissions import communes_visible, provinces_visible


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Straight to the dashboard when the user has one commune; otherwise a list."""
    communes = sorted(
        communes_visible(request.user).select_related("parent"),
        key=lambda unit: (unit.valid_to is not None, vietnamese_sort_key(unit.name), unit.code),
    )
    provinces = list(provinces_visible(request.user))
    if len(communes) == 1 and not provinces:
        return redirect("reviews:dashboard", code=communes[0].url_key)
    return render(request, "web/home.html", {"communes": communes, "provinces": provinces})
