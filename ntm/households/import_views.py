"""Importing a commune's household register, in steps: the files (upload), which column
holds what (mapping), the check of every row (nothing written; the bad rows listed, all of
them in a download), and the write. The commune's NTM officer only; the files wait
between the steps in :mod:`ntm.households.uploads`, for that officer and commune only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ntm.common.http import XLSX, download
from ntm.core.exceptions import InputError
from ntm.core.households import files as register_files
from ntm.core.households.fields import HOUSEHOLD_FIELDS, PERSON_FIELDS, Field
from ntm.core.households.register import Register
from ntm.core.rules.results import Outcome
from ntm.core.values import format_decimal
from ntm.households import exports
from ntm.households.forms import RegisterUploadForm
from ntm.households.selectors import hamlet_lookup, import_preview
from ntm.households.services import RegisterRefused, register_check, register_write
from ntm.households.uploads import (
    PendingImport,
    pending_create,
    pending_delete,
    pending_get,
    pending_save,
)
from ntm.reviews.presenters import outcome_label
from ntm.territories.models import Unit
from ntm.users.permissions import require_commune_officer
from ntm.web.access import commune_for

#: How many bad rows the check shows on the page; the full list is a download.
ERRORS_SHOWN = 50


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
                form.add_error("upload", str(error))
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
        messages.error(request, str(error))
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
            try:
                register_check(commune=commune, register=register, replace=pending.replace)
            except RegisterRefused as refused:
                status = 422
                context |= {"refused": refused.message}
            else:
                context |= {"preview": import_preview(commune, register, replace=pending.replace)}
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
    commune: Unit,
    *,
    max_errors: int | None,
) -> Register:
    return register_files.parse_register(
        register_file,
        household_mapping=pending.household_mapping,
        person_mapping=pending.person_mapping,
        hamlets=hamlet_lookup(commune),
        reference_date=pending.date,
        source=pending.source,
        max_errors=max_errors,
    )


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
        return download(content, "loi-nhap-so-ho.xlsx", XLSX)
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
        messages.error(request, str(error) if isinstance(error, InputError) else error.message)
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
