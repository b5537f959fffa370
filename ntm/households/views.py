"""The commune's household register: the indicators per hamlet and where the gap sits,
and the downloads (the import is in :mod:`ntm.households.import_views`). Every view
checks the user's scope on the server before it reads anything of the commune; names
and identity numbers only ever reach the commune's officers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

import ntm
from ntm.audit.services import audit_event_record
from ntm.common.http import XLSX, download
from ntm.households import exports
from ntm.households.models import RegisterImport
from ntm.households.presenters import hamlet_rows, register_tallies
from ntm.households.selectors import (
    hamlet_of,
    register_hamlets,
    register_import_latest,
    register_load,
)
from ntm.users.permissions import (
    is_commune_officer,
    require_household_names,
)
from ntm.web.access import commune_for

#: The household survey form as shipped (built by ``ntm.core.households.xlsform``).
XLSFORM = Path(ntm.__file__).parent / "registers" / "so-ho-ntm-xlsform.xlsx"


def _xlsx(content: bytes, name: str) -> HttpResponse:
    return download(content, name, XLSX)


@login_required
@require_safe
def register_page(request: HttpRequest, code: str) -> HttpResponse:
    """The latest import's indicators for the commune and each hamlet, with the threshold
    each is compared with, and for a failing one the hamlets holding most of the gap."""
    commune = commune_for(request, code)
    latest = register_import_latest(commune)
    context: dict[str, Any] = {
        "commune": commune,
        "latest": latest,
        "is_officer": is_commune_officer(request.user, commune),
        "hamlets": register_hamlets(commune),
    }
    if latest is not None:
        review, columns = register_tallies(latest)
        context |= {
            "review": review,
            "columns": columns,
            "hamlet_rows": hamlet_rows(columns, context["hamlets"]),
        }
    return render(request, "households/register.html", context)


def _log_personal_data(
    request: HttpRequest, latest: RegisterImport, action: str, summary: str
) -> None:
    """Who took names and identity numbers out of the product, and when."""
    audit_event_record(
        actor=request.user,  # type: ignore[arg-type]
        action=action,
        unit=latest.commune,
        target_type="register_import",
        target_id=latest.pk,
        summary=summary,
    )


@login_required
@require_safe
def visit_list(request: HttpRequest, code: str, hamlet_code: str) -> HttpResponse:
    """The households of one hamlet still to visit for the failing tallies, with names:
    for the commune's officers only (they hand it to the hamlet head)."""
    commune = commune_for(request, code)
    require_household_names(request.user, commune)
    hamlet = hamlet_of(commune, hamlet_code)
    if hamlet is None:
        raise Http404
    latest = register_import_latest(commune)
    if latest is None:
        raise Http404
    register = register_load(latest, hamlet=hamlet, identities=True)
    tallies = exports.visit_tallies(register_tallies(latest)[1])
    content = exports.visit_list_xlsx(commune, hamlet, latest, register, tallies)
    _log_personal_data(request, latest, "register.visit_list", hamlet.full_name)
    return _xlsx(content, f"danh-sach-ho-can-tham-{hamlet.code}.xlsx")


@login_required
@require_safe
def summary_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The counts per hamlet, no names: what may go to the province."""
    commune = commune_for(request, code)
    latest = register_import_latest(commune)
    if latest is None:
        raise Http404
    content = exports.summary_xlsx(commune, latest, register_tallies(latest)[1])
    return _xlsx(content, f"so-ho-tong-hop-{commune.code}.xlsx")


@login_required
@require_safe
def persons_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The person rows, pseudonymised unless the officer asks for names (``?ten=1``)."""
    commune = commune_for(request, code)
    require_household_names(request.user, commune)
    names = request.GET.get("ten") == "1"
    latest = register_import_latest(commune)
    if latest is None:
        raise Http404
    content = exports.persons_xlsx(commune, register_load(latest, identities=names), names=names)
    if names:
        _log_personal_data(request, latest, "register.persons_named", commune.full_name)
    return _xlsx(content, f"nhan-khau-{commune.code}{'-co-ho-ten' if names else '-an-danh'}.xlsx")


@login_required
@require_safe
def template_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The blank register template, with the commune's hamlets listed."""
    commune = commune_for(request, code)
    content = exports.template_xlsx([hamlet.name for hamlet in register_hamlets(commune)])
    return _xlsx(content, "mau-so-ho.xlsx")


@login_required
@require_safe
def xlsform(request: HttpRequest, code: str) -> HttpResponse:
    """The household survey form (XLSForm) for KoboToolbox or ODK, as shipped."""
    commune_for(request, code)
    return _xlsx(XLSFORM.read_bytes(), "so-ho-ntm-xlsform.xlsx")
