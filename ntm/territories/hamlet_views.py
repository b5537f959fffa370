"""The commune's hamlets: the list, and the form the officer enters them with."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ntm.territories.hamlets import HAMLET_KINDS, HamletRefused, hamlet_create, hamlet_list
from ntm.users.permissions import is_commune_officer, require_commune_officer
from ntm.web.access import commune_for


@login_required
def hamlet_page(request: HttpRequest, code: str) -> HttpResponse:
    commune = commune_for(request, code)
    error: HamletRefused | None = None
    if request.method == "POST":
        require_commune_officer(request.user, commune)
        try:
            hamlet = hamlet_create(
                actor=request.user,  # type: ignore[arg-type]
                commune=commune,
                code=request.POST.get("code", ""),
                name=request.POST.get("name", ""),
                type_name=request.POST.get("type_name", HAMLET_KINDS[0]),
            )
        except HamletRefused as refused:
            error = refused
        else:
            messages.success(request, _("%(name)s is entered.") % {"name": hamlet.full_name})
            return redirect("hamlets:list", code=code)
    return render(
        request,
        "territories/hamlets.html",
        {
            "commune": commune,
            "hamlets": hamlet_list(commune),
            "can_edit": is_commune_officer(request.user, commune),
            "error": error,
            "posted": request.POST,
            "kinds": HAMLET_KINDS,
        },
        status=422 if error else 200,
    )
