"""The commune's recognition pages: its recognitions and their revocation watch, its
dossiers, one dossier (steps, history, what is missing, the actions the user may take,
the facts of its documents, the satisfaction survey). Each view checks the user's scope on
the server first (``commune_for``), then calls one selector or service."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ntm.common.http import XLSX, attachment, download
from ntm.core import InputError
from ntm.core.catalog import Level
from ntm.core.households.fields import header_key
from ntm.core.recognition.dossier import DossierContent
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.recognition.satisfaction import satisfaction_check
from ntm.core.recognition.survey import (
    SurveyForm,
    build_survey_xlsform,
    read_survey_answers,
    read_survey_counts,
)
from ntm.core.recognition.workflow import Action, Decision
from ntm.documents.dossier_zip import write_dossier_zip
from ntm.evidence.models import EvidenceFile
from ntm.households.selectors import hamlet_lookup
from ntm.recognition.completeness import dossier_missing_messages
from ntm.recognition.content import dossier_content
from ntm.recognition.forms import (
    ActionForm,
    FactsForm,
    facts_initial,
)
from ntm.recognition.models import CommunePublicPage, Recognition, SatisfactionSurvey
from ntm.recognition.presenters import (
    ACTION_LABELS,
    STATUS_LABELS,
    available_actions,
    role_label,
    status_label,
    step_rows,
    watch_message,
)
from ntm.recognition.selectors import (
    LoadedDossier,
    commune_dossiers,
    commune_recognitions,
    dossier_load,
    dossier_of,
    reviews_open,
)
from ntm.recognition.services import (
    DossierRefused,
    dossier_act,
    dossier_create,
    dossier_facts_update,
    editable_by_commune,
    public_page_set,
    survey_record,
)
from ntm.reviews.models import Review
from ntm.reviews.presenters import outcome_label
from ntm.reviews.selectors import review_evaluate
from ntm.territories.hamlets import hamlet_list
from ntm.users.permissions import acting_roles, is_commune_officer, require_commune_officer
from ntm.web.access import commune_for


@login_required
@require_safe
def commune_page(request: HttpRequest, code: str) -> HttpResponse:
    """The commune's recognitions (with the revocation watch), dossiers, and the form to
    open a dossier on a review."""
    commune = commune_for(request, code)
    officer = is_commune_officer(request.user, commune)
    publication = CommunePublicPage.objects.filter(commune=commune).first()
    return render(
        request,
        "recognition/commune.html",
        {
            "commune": commune,
            "recognitions": _with_watch_messages(commune_recognitions(commune)),
            "dossiers": list(commune_dossiers(commune)),
            "reviews_open": reviews_open(commune) if officer else [],
            "is_officer": officer,
            "published": bool(publication and publication.published),
            "status_labels": STATUS_LABELS,
        },
    )


@login_required
@require_POST
def dossier_open(request: HttpRequest, code: str) -> HttpResponse:
    commune = commune_for(request, code)
    require_commune_officer(request.user, commune)
    review_id = _int(request.POST.get("review"))
    review = Review.objects.filter(commune=commune, pk=review_id).first() if review_id else None
    if review is None:
        messages.error(request, _("Choose one of the commune's reviews."))
        return redirect("recognition:commune", commune.url_key)
    try:
        dossier = dossier_create(actor=request.user, review=review)  # type: ignore[arg-type]
    except DossierRefused as refused:
        messages.error(request, refused.message)
        return redirect("recognition:commune", commune.url_key)
    return redirect("recognition:dossier", commune.url_key, dossier.pk)


@login_required
@require_POST
def publication_view(request: HttpRequest, code: str) -> HttpResponse:
    commune = commune_for(request, code)
    published = request.POST.get("published") == "1"
    public_page_set(actor=request.user, commune=commune, published=published)  # type: ignore[arg-type]
    messages.success(
        request,
        _("The public page is published.") if published else _("The public page is withdrawn."),
    )
    return redirect("recognition:commune", commune.url_key)


def _with_watch_messages(recognitions: Iterable[Recognition]) -> list[Recognition]:
    """The recognitions, each with ``watch_message`` (what its watch says) when watched."""
    rows = []
    for recognition in recognitions:
        watch = getattr(recognition, "watch", None)
        recognition.watch_message = watch_message(watch) if watch is not None else ""  # type: ignore[attr-defined]
        rows.append(recognition)
    return rows


def _int(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


def _dossier_context(
    request: HttpRequest, loaded: LoadedDossier, *, facts_form: FactsForm | None = None
) -> dict[str, Any]:
    dossier, state, workflow = loaded.dossier, loaded.state, loaded.workflow
    commune = dossier.commune
    # Read and evaluated once: the criteria, their evidence and what is missing.
    try:
        content: DossierContent | None = dossier_content(dossier)
    except InputError:  # stored facts the core refuses: the check says which
        content = None
    if content is not None:
        result = content.result
        # Per criterion, not per key: an indicator may be coded like its criterion ("5").
        counts = Counter(item.criterion for item in content.evidence)
    else:
        result = review_evaluate(dossier.review)
        counts = Counter(
            EvidenceFile.objects.filter(review=dossier.review).values_list("criterion", flat=True)
        )
    criteria = [
        {
            "number": c.criterion.number,
            "name": c.criterion.name,
            "outcome": c.outcome.value,
            "outcome_label": outcome_label(c.outcome),
            "evidence": counts.get(c.criterion.number, 0),
            "unlocked": str(c.criterion.number) in state.unlocked_criteria,
        }
        for c in result.criteria
    ]
    officer = is_commune_officer(request.user, commune)
    editable = editable_by_commune(dossier)
    survey = SatisfactionSurvey.objects.filter(dossier=dossier).first()
    satisfaction = None
    if survey is not None:
        satisfaction = satisfaction_check(
            RecognitionRules.shipped(),
            Level(dossier.level),
            asked=survey.asked,
            answered=survey.answered,
            satisfied=survey.satisfied,
        )
    hamlets = hamlet_list(commune)
    survey_counts = survey.counts if survey else {}
    # The units acting on the dossier, by the codes its transitions store.
    unit_names = {
        unit.code: unit.full_name
        for unit in (commune, commune.parent, commune.province)
        if unit is not None
    }
    history = []
    for row in loaded.rows:
        history.append(
            {
                "row": row,
                "label": ACTION_LABELS.get(row.action, row.action),
                "step": workflow.step(row.step).label if row.action != "undo" else "",
                "reasons": sorted(row.reasons.items(), key=lambda item: int(item[0])),
                "role": role_label(row.role),
                "unit": unit_names.get(row.unit, row.unit),
            }
        )
    if facts_form is None and officer and editable:
        facts_form = FactsForm(initial=facts_initial(dossier.facts))
    return {
        "commune": commune,
        "dossier": dossier,
        "workflow": workflow,
        "state": state,
        "status_label": status_label(state.status),
        "steps": step_rows(workflow, state),
        "history": history,
        "criteria": criteria,
        "met_count": sum(1 for c in criteria if c["outcome"] == "met"),
        "missing": dossier_missing_messages(dossier, content=content) if editable else [],
        "available": available_actions(workflow, state, acting_roles(request.user, commune)),
        "action_labels": ACTION_LABELS,
        "is_officer": officer,
        "editable": editable,
        "facts_form": facts_form,
        "survey": survey,
        "satisfaction": satisfaction,
        "survey_rows": [
            {"hamlet": hamlet, "values": survey_counts.get(hamlet.code, ["", "", ""])}
            for hamlet in hamlets
        ],
        "facts": dossier.facts,
    }


@login_required
@require_safe
def dossier_page(request: HttpRequest, code: str, dossier_id: int) -> HttpResponse:
    """One dossier: where it stands, its history, what is missing, the actions."""
    commune = commune_for(request, code)
    loaded = dossier_load(commune, dossier_id)
    return render(request, "recognition/dossier.html", _dossier_context(request, loaded))


@login_required
@require_POST
def dossier_action(request: HttpRequest, code: str, dossier_id: int) -> HttpResponse:
    """A workflow action; a refusal shows its message and changes nothing."""
    commune = commune_for(request, code)
    dossier = dossier_of(commune, dossier_id)
    form = ActionForm(request.POST)
    if not form.is_valid():
        if "decision_date" in form.errors:
            messages.error(request, _("The decision date is not a date."))
        else:  # the field's own message: too long, a control character, no action
            messages.error(request, form.errors_text())
        return redirect("recognition:dossier", commune.url_key, dossier_id)
    action = form.cleaned_data["action"]
    reasons = {
        key.removeprefix("reason-"): text.strip()
        for key in request.POST
        if key.startswith("reason-") and (text := request.POST.get(key, "")).strip()
    }
    decision = None
    if action == Action.RECOGNISE or form.cleaned_data.get("decision_number"):
        number = form.cleaned_data.get("decision_number", "")
        day = form.cleaned_data.get("decision_date")
        if day is None:
            messages.error(request, _("Enter the decision's date."))
            return redirect("recognition:dossier", commune.url_key, dossier_id)
        decision = Decision(number, day)
    try:
        dossier_act(
            actor=request.user,  # type: ignore[arg-type]
            dossier=dossier,
            action=action,
            reasons=reasons if action in (Action.RETURN, Action.REFUSE) else None,
            decision=decision,
        )
    except DossierRefused as refused:
        messages.error(request, refused.message)
        return redirect("recognition:dossier", commune.url_key, dossier_id)
    messages.success(
        request, _("Done: %(action)s.") % {"action": ACTION_LABELS.get(action, action)}
    )
    return redirect("recognition:dossier", commune.url_key, dossier_id)


@login_required
@require_POST
def dossier_facts(request: HttpRequest, code: str, dossier_id: int) -> HttpResponse:
    """Save the facts of the dossier's documents; errors are shown on the form (422)."""
    commune = commune_for(request, code)
    require_commune_officer(request.user, commune)
    dossier = dossier_of(commune, dossier_id)
    form = FactsForm(request.POST)
    if form.is_valid():
        try:
            dossier_facts_update(actor=request.user, dossier=dossier, facts=form.facts())  # type: ignore[arg-type]
        except DossierRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The dossier's details are saved."))
        return redirect("recognition:dossier", commune.url_key, dossier_id)
    context = _dossier_context(request, dossier_load(commune, dossier_id), facts_form=form)
    return render(request, "recognition/dossier.html", context, status=422)


@login_required
@require_POST
def dossier_survey(request: HttpRequest, code: str, dossier_id: int) -> HttpResponse:
    """Save the survey's counts per hamlet, entered from the paper forms."""
    commune = commune_for(request, code)
    require_commune_officer(request.user, commune)
    dossier = dossier_of(commune, dossier_id)
    counts: dict[str, tuple[int, int, int]] = {}
    columns = (
        ("asked", _("households asked")),
        ("answered", _("households that answered")),
        ("satisfied", _("households satisfied")),
    )
    for hamlet in hamlet_list(commune):
        texts = [request.POST.get(f"{key}-{hamlet.code}", "").strip() for key, _label in columns]
        if not any(texts):
            continue
        values = []
        for (_key, label), text in zip(columns, texts, strict=True):
            # ASCII digits only: str.isdigit() also takes "²" or "٣", which int() refuses
            # or reads as another number.
            if not (text.isascii() and text.isdigit()):
                messages.error(
                    request,
                    _("%(hamlet)s, %(column)s: '%(text)s' is not a whole number of households.")
                    % {"hamlet": hamlet.full_name, "column": label, "text": text},
                )
                return redirect("recognition:dossier", commune.url_key, dossier_id)
            values.append(int(text))
        counts[hamlet.code] = (values[0], values[1], values[2])
    try:
        survey_record(
            actor=request.user,  # type: ignore[arg-type]
            dossier=dossier,
            counts=counts,
            source=_("paper forms"),
        )
    except DossierRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The satisfaction survey is saved."))
    return redirect("recognition:dossier", commune.url_key, dossier_id)


#: The level in the ZIP's name, as Vietnamese files are named ("ho-so-cong-nhan-ntm-nang-cao-…").
ZIP_LEVELS = {"basic": "ntm", "advanced": "ntm-nang-cao", "model": "ntm-kieu-mau"}

#: The largest survey file accepted (a commune's answers fit in far less).
SURVEY_FILE_LIMIT = 20 * 1024 * 1024


@login_required
@require_POST
def dossier_survey_file(request: HttpRequest, code: str, dossier_id: int) -> HttpResponse:
    """Read the survey from a file: the table of counts per hamlet entered from the paper
    forms (``kind`` "counts"), or the KoboToolbox/ODK export of the survey's XLSForm, one
    row per household that answered (``kind`` "answers", with the households asked per
    hamlet already entered). A wrong file names its row and column; nothing is stored."""
    commune = commune_for(request, code)
    require_commune_officer(request.user, commune)
    dossier = dossier_of(commune, dossier_id)
    back = redirect("recognition:dossier", commune.url_key, dossier_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return back
    if upload.size is not None and upload.size > SURVEY_FILE_LIMIT:
        messages.error(request, _("%(file)s: the file is too large.") % {"file": upload.name})
        return back
    name = upload.name or "khao-sat"
    data = upload.read()
    # A hamlet by its code, name or full name, compared without case or diacritics.
    by_key = {header_key(text): code for text, code in hamlet_lookup(commune).items()}
    try:
        if request.POST.get("kind") == "answers":
            survey = SatisfactionSurvey.objects.filter(dossier=dossier).first()
            asked = {code: values[0] for code, values in (survey.counts if survey else {}).items()}
            if not asked:
                messages.error(
                    request, _("Enter the households asked in each hamlet before the answers.")
                )
                return back
            tally = read_survey_answers(data, file=name, asked=asked)
        else:
            tally = read_survey_counts(data, file=name)
    except InputError as error:
        messages.error(request, str(error))
        return back
    counts: dict[str, tuple[int, int, int]] = {}
    written: dict[str, str] = {}
    for row in tally.hamlets:
        code_of = by_key.get(header_key(row.hamlet))
        if code_of is not None and code_of in counts:
            # "Bản Pấu" and "Xóm Bản Pấu" (or a code and a name) are one hamlet.
            messages.error(
                request,
                _("%(file)s: '%(first)s' and '%(second)s' are the same hamlet.")
                % {"file": name, "first": written[code_of], "second": row.hamlet},
            )
            return back
        if code_of is None:
            messages.error(
                request,
                _("%(file)s: hamlet '%(hamlet)s' is not a hamlet of the commune.")
                % {"file": name, "hamlet": row.hamlet},
            )
            return back
        counts[code_of] = (row.asked, row.answered, row.satisfied)
        written[code_of] = row.hamlet
    try:
        survey_record(
            actor=request.user,  # type: ignore[arg-type]
            dossier=dossier,
            counts=counts,
            source=name,
        )
    except DossierRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The satisfaction survey is saved."))
    return back


@login_required
@require_safe
def survey_xlsform(request: HttpRequest, code: str) -> HttpResponse:
    """The survey's XLSForm for KoboToolbox or ODK, with the commune's code."""
    commune = commune_for(request, code)
    content = build_survey_xlsform(SurveyForm.shipped(), commune_code=commune.code)
    return download(content, f"khao-sat-hai-long-{commune.code}.xlsx", XLSX)


@login_required
@require_safe
def dossier_zip(request: HttpRequest, code: str, dossier_id: int) -> HttpResponse | FileResponse:
    """The whole dossier as a ZIP: the six documents in the NĐ 30/2020 format, the index,
    one folder per criterion with its evidence files (written to a temporary file, so
    memory does not grow with the files). Whoever may see the commune may download it."""
    commune = commune_for(request, code)
    dossier = dossier_of(commune, dossier_id)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes it
    content = None
    try:
        content = dossier_content(dossier)
        write_dossier_zip(content, handle)
    except InputError as error:
        handle.close()
        # An evidence file is named by its original name, never by its path on the server.
        evidence = content.evidence if content is not None else ()
        names = {str(item.path): item.name for item in evidence}
        where = error.location
        if where.file is not None:
            where = where.with_(file=names.get(where.file))
        messages.error(request, str(InputError(error.message, where)))
        return redirect("recognition:dossier", commune.url_key, dossier_id)
    handle.seek(0)
    name = (
        f"ho-so-cong-nhan-{ZIP_LEVELS.get(dossier.level, dossier.level)}"
        f"-{commune.code}-{dossier.year}.zip"
    )
    response = FileResponse(handle, content_type="application/zip")
    response["Content-Disposition"] = attachment(name)
    response["Cache-Control"] = "private, no-store"
    return response
