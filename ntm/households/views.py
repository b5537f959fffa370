"""The commune's household register: the indicators per hamlet and where the gap sits,
the import (upload → column mapping → check → write), and the downloads. Every view
checks the user's scope on the server before it reads anything of the commune; names
and identity numbers only ever reach the commune's officers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import ntm
from ntm.audit.services import audit_event_record
from ntm.common.http import XLSX, download
from ntm.core.exceptions import InputError
from ntm.core.households import files as register_files
from ntm.core.households.fields import HOUSEHOLD_FIELDS, PERSON_FIELDS, Field
from ntm.core.rules.results import Outcome
from ntm.core.values import format_decimal
from ntm.households import exports
from ntm.households.forms import RegisterUploadForm
from ntm.households.models import Household, RegisterImport
from ntm.households.presenters import TallyColumn, hamlet_rows, tally_columns
from ntm.households.selectors import register_hamlets, register_import_latest, register_load
from ntm.households.services import DEFAULT_SET, RegisterRefused, register_write
from ntm.households.uploads import (
    PendingImport,
    pending_create,
    pending_delete,
    pending_get,
    pending_save,
)
from ntm.reviews.models import Review
from ntm.reviews.presenters import outcome_label
from ntm.reviews.selectors import review_evaluate, review_of_year
from ntm.users.permissions import (
    is_commune_officer,
    require_commune_officer,
    require_household_names,
)
from ntm.web.access import commune_for

#: The household survey form as shipped (built by ``ntm.core.households.xlsform``).
XLSFORM = Path(ntm.__file__).parent / "registers" / "so-ho-ntm-xlsform.xlsx"
#: How many bad rows the check shows on the page; the full list is a download.
ERRORS_SHOWN = 50


def _xlsx(content: bytes, name: str) -> HttpResponse:
    return download(content, name, XLSX)


def _columns(latest: RegisterImport) -> tuple[Review | None, list[TallyColumn]]:
    """The review the import's readings went to (or the year's review) and the tallies
    against its thresholds."""
    review = latest.review or review_of_year(latest.commune, latest.reference_date.year)
    result = review_evaluate(review) if review is not None else None
    criteria_set = review.criteria_set if review is not None else DEFAULT_SET
    return review, tally_columns(latest, criteria_set, review, result)


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
        review, columns = _columns(latest)
        context |= {
            "review": review,
            "columns": columns,
            "hamlet_rows": hamlet_rows(columns, context["hamlets"]),
        }
    return render(request, "households/register.html", context)


@login_required
def import_start(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1: the files and their options (the commune's officer only)."""
    commune = commune_for(request, code)
    require_commune_officer(request.user, commune)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["upload"]
        too_big = [f.name for f in uploads if f.size > settings.NTM_REGISTER_MAX_BYTES]
        if too_big:
            form.add_error(
                "upload",
                _("%(name)s is larger than %(size)s.")
                % {"name": too_big[0], "size": _megabytes(settings.NTM_REGISTER_MAX_BYTES)},
            )
        else:
            pending = pending_create(
                user_id=request.user.pk,  # type: ignore[arg-type]
                commune=commune,
                uploads=uploads,
                reference_date=form.cleaned_data["reference_date"],
                source=form.cleaned_data["source"],
                replace=form.cleaned_data["replace"],
            )
            try:
                _read(pending)
            except InputError as error:
                pending_delete(pending)
                form.add_error("upload", _message(error))
            else:
                return redirect("households:mapping", code=commune.url_key, token=pending.token)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "households/import.html", {"commune": commune, "form": form}, status=status
    )


def _megabytes(size: int) -> str:
    """ "2 MB", "0,5 MB": the size as the officer reads it."""
    return f"{format_decimal(Decimal(size) / 2**20)} MB"


def _read(pending: PendingImport) -> register_files.RegisterFile:
    return register_files.read_register_files(
        pending.paths, display_names=list(pending.files.values())
    )


def _message(error: InputError) -> str:
    where = error.location.describe()
    return f"{where}: {error.message}" if where else error.message


def _hamlet_names(commune: Any) -> dict[str, str]:
    names: dict[str, str] = {}
    for hamlet in register_hamlets(commune):
        names[hamlet.code] = hamlet.code
        names[hamlet.name] = hamlet.code
        if hamlet.type_name:
            names[f"{hamlet.type_name} {hamlet.name}"] = hamlet.code
    return names


def _mapping_rows(
    table: register_files.Table | None,
    fields: tuple[Field, ...],
    chosen: dict[str, str | None],
    prefix: str,
) -> list[dict[str, Any]]:
    if table is None:
        return []
    guessed = register_files.guess_mapping(table, fields)
    return [
        {
            "field": field,
            "name": f"{prefix}{field.name}",
            "chosen": chosen.get(field.name, guessed.get(field.name)),
        }
        for field in fields
    ]


def _chosen(request: HttpRequest, fields: tuple[Field, ...], prefix: str) -> dict[str, str | None]:
    return {field.name: request.POST.get(f"{prefix}{field.name}") or None for field in fields}


@login_required
def import_mapping(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """Step 2 and 3: which column holds which field (guessed from the headers), then the
    check of every row. Nothing is written: bad rows are listed (the first ones here, all
    of them in a download); a clean file shows what the import will do."""
    commune = commune_for(request, code)
    require_commune_officer(request.user, commune)
    pending = pending_get(token=token, user_id=request.user.pk, commune=commune)  # type: ignore[arg-type]
    try:
        register_file = _read(pending)
    except InputError as error:
        pending_delete(pending)
        messages.error(request, _message(error))
        return redirect("households:import", code=commune.url_key)
    context: dict[str, Any] = {"commune": commune, "pending": pending, "file": register_file}
    status = 200
    if request.method == "POST":
        pending.household_mapping = _chosen(request, HOUSEHOLD_FIELDS, "h_")
        pending.person_mapping = _chosen(request, PERSON_FIELDS, "p_")
        pending_save(pending)
        try:
            register = _parse(pending, register_file, commune, max_errors=ERRORS_SHOWN)
        except register_files.RegisterInvalid as invalid:
            status = 422
            context |= {"errors": invalid.errors, "errors_total": invalid.total}
        else:
            context |= {"preview": _preview(commune, register, pending)}
    context |= {
        "household_rows": _mapping_rows(
            register_file.households, HOUSEHOLD_FIELDS, pending.household_mapping, "h_"
        ),
        "person_rows": _mapping_rows(
            register_file.persons, PERSON_FIELDS, pending.person_mapping, "p_"
        ),
    }
    return render(request, "households/mapping.html", context, status=status)


def _parse(
    pending: PendingImport,
    register_file: register_files.RegisterFile,
    commune: Any,
    *,
    max_errors: int | None,
) -> Any:
    return register_files.parse_register(
        register_file,
        household_mapping=pending.household_mapping,
        person_mapping=pending.person_mapping,
        hamlets=_hamlet_names(commune),
        reference_date=pending.date,
        source=pending.source,
        max_errors=max_errors,
    )


def _preview(commune: Any, register: Any, pending: PendingImport) -> dict[str, Any]:
    stored = set(Household.objects.filter(commune=commune).values_list("code", flat=True))
    codes = {household.code for household in register.households}
    return {
        "households": len(register.households),
        "persons": len(register.persons),
        "hamlets": len(register.hamlets),
        "new": len(codes - stored),
        "updated": len(codes & stored),
        "kept": 0 if pending.replace else len(stored - codes),
        "removed": len(stored - codes) if pending.replace else 0,
        "synthetic": register.synthetic,
    }


@login_required
@require_safe
def import_errors(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """Every bad row of the pending import, as an XLSX (row, column, value, reason)."""
    commune = commune_for(request, code)
    require_commune_officer(request.user, commune)
    pending = pending_get(token=token, user_id=request.user.pk, commune=commune)  # type: ignore[arg-type]
    try:
        _parse(pending, _read(pending), commune, max_errors=exports.ERRORS_LISTED)
    except register_files.RegisterInvalid as invalid:
        content = exports.errors_xlsx(invalid.errors, pending.file_label, total=invalid.total)
        return _xlsx(content, "loi-nhap-so-ho.xlsx")
    except InputError:
        raise Http404 from None
    raise Http404


@login_required
@require_POST
def import_confirm(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """Step 4: write the checked register (all or nothing), compute its indicators and
    record them in the review; then show the register page."""
    commune = commune_for(request, code)
    require_commune_officer(request.user, commune)
    pending = pending_get(token=token, user_id=request.user.pk, commune=commune)  # type: ignore[arg-type]
    try:
        register = _parse(pending, _read(pending), commune, max_errors=ERRORS_SHOWN)
        written = register_write(
            actor=request.user,  # type: ignore[arg-type]
            commune=commune,
            register=register,
            file_name=pending.file_label,
            replace=pending.replace,
        )
    except (InputError, RegisterRefused) as error:
        messages.error(request, _message(error) if isinstance(error, InputError) else error.message)
        return redirect("households:mapping", code=commune.url_key, token=pending.token)
    pending_delete(pending)
    record = written.register_import
    messages.success(
        request,
        _(
            "The register is stored: %(created)d households added, %(updated)d updated, "
            "%(unchanged)d unchanged, %(removed)d removed; %(readings)d readings recorded in "
            "the review."
        )
        % {
            "created": record.households_created,
            "updated": record.households_updated,
            "unchanged": record.households_unchanged,
            "removed": record.households_removed,
            "readings": record.readings,
        },
    )
    if written.review_skipped:
        messages.warning(request, written.review_skipped)
    for number, (before, after) in sorted(written.changed.items()):
        tell = messages.warning if after == Outcome.NOT_MET.value else messages.info
        tell(
            request,
            _("Criterion %(number)d: %(before)s → %(after)s")
            % {"number": number, "before": _outcome(before), "after": _outcome(after)},
        )
    return redirect("households:register", code=commune.url_key)


def _outcome(value: str) -> str:
    return str(outcome_label(Outcome(value))) if value else "—"


def _hamlet_of(commune: Any, hamlet_code: str) -> Any:
    for hamlet in register_hamlets(commune):
        if hamlet.code == hamlet_code:
            return hamlet
    raise Http404


def _log_personal_data(request: HttpRequest, commune: Any, action: str, summary: str) -> None:
    """Who took names and identity numbers out of the product, and when."""
    audit_event_record(
        actor=request.user,  # type: ignore[arg-type]
        action=action,
        unit=commune,
        target_type="register_import",
        target_id=getattr(register_import_latest(commune), "pk", ""),
        summary=summary,
    )


@login_required
@require_safe
def visit_list(request: HttpRequest, code: str, hamlet_code: str) -> HttpResponse:
    """The households of one hamlet still to visit for the failing tallies, with names:
    for the commune's officers only (they hand it to the hamlet head)."""
    commune = commune_for(request, code)
    require_household_names(request.user, commune)
    hamlet = _hamlet_of(commune, hamlet_code)
    latest = register_import_latest(commune)
    if latest is None:
        raise Http404
    register = register_load(commune, hamlet=hamlet, identities=True)
    assert register is not None
    tallies = exports.visit_tallies(_columns(latest)[1])
    content = exports.visit_list_xlsx(commune, hamlet, latest, register, tallies)
    _log_personal_data(request, commune, "register.visit_list", hamlet.full_name)
    return _xlsx(content, f"danh-sach-ho-can-tham-{hamlet.code}.xlsx")


@login_required
@require_safe
def summary_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The counts per hamlet, no names: what may go to the province."""
    commune = commune_for(request, code)
    latest = register_import_latest(commune)
    if latest is None:
        raise Http404
    content = exports.summary_xlsx(commune, latest, _columns(latest)[1])
    return _xlsx(content, f"so-ho-tong-hop-{commune.code}.xlsx")


@login_required
@require_safe
def persons_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The person rows, pseudonymised unless the officer asks for names (``?ten=1``)."""
    commune = commune_for(request, code)
    require_household_names(request.user, commune)
    names = request.GET.get("ten") == "1"
    register = register_load(commune, identities=names)
    if register is None:
        raise Http404
    content = exports.persons_xlsx(commune, register, names=names)
    if names:
        _log_personal_data(request, commune, "register.persons_named", commune.full_name)
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
