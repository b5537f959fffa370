"""Writes on recognition: create a dossier, enter its facts and its satisfaction survey,
move it along its workflow, record a recognition from before the product, publish the
public page. Each runs in one transaction, checks the actor's rights, and writes an audit
event; a refusal (:class:`DossierRefused`) changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ntm.audit.services import audit_event_record
from ntm.common.errors import Refused
from ntm.common.text import control_character_problem
from ntm.core import Catalog, CatalogError, InputError
from ntm.core.catalog import Level
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.recognition.survey import SurveyTally
from ntm.core.recognition.workflow import (
    REFUSED,
    Action,
    Decision,
    DossierState,
    Workflow,
    WorkflowError,
    WorkflowRegistry,
    apply,
)
from ntm.core.recognition.workflow import Level as StepLevel
from ntm.recognition.completeness import dossier_missing_messages
from ntm.recognition.models import (
    CommunePublicPage,
    Dossier,
    Recognition,
    RecognitionLevel,
    SatisfactionSurvey,
)
from ntm.recognition.state import dossier_state, dossier_workflow, transition_row
from ntm.recognition.watch import watch_recognition
from ntm.reviews.models import Review, ReviewStatus
from ntm.territories.hamlets import hamlet_list
from ntm.territories.models import Unit, UnitKind
from ntm.users.permissions import (
    acting_roles,
    can_record_recognition,
    require_commune_officer,
    require_view_commune,
)

__all__ = [
    "DossierRefused",
    "dossier_act",
    "dossier_create",
    "dossier_facts_update",
    "public_page_set",
    "recognition_record",
    "survey_record",
]


class DossierRefused(Refused):
    """A dossier write that cannot be made; nothing changed."""


#: The most households a survey's totals may count: the columns' range on every database
#: (``PositiveIntegerField``, 2^31 - 1). A storage limit, not a plausibility check.
SURVEY_COUNT_LIMIT = 2_147_483_647


def _units(commune: Unit, needs_district: bool) -> dict[str, str]:
    if commune.province is None:
        raise DossierRefused(_("This commune has no province on record."))
    units = {"commune": commune.code, "province": commune.province.code}
    parent = commune.parent
    if parent is not None and parent.kind == UnitKind.DISTRICT:
        units["district"] = parent.code
    elif needs_district:
        raise DossierRefused(_("This commune has no district on record."))
    return units


def dossier_create(*, actor: User, review: Review, at: datetime.datetime | None = None) -> Dossier:
    """Open the recognition dossier (hồ sơ đề nghị công nhận; QĐ 18/2022/QĐ-TTg,
    recognition-procedure.md §2-§3 [M]) of the review's commune at the level of the review's
    criteria set, for the review's year, on the chain in force today (chosen again on the
    day it is submitted).

    Raises:
        PermissionDenied: only the commune's NTM officer opens a dossier.
        DossierRefused: a dossier or a recognition of that commune, level and year exists;
            the commune already holds that level; the set's level has no recognition
            procedure in the data (2026-2030: VERIFY).
    """
    commune = review.commune
    require_commune_officer(actor, commune)
    criteria_set = Catalog.shipped().criteria_set(review.criteria_set)
    level = str(criteria_set.level)
    if level not in RecognitionLevel.values:
        raise DossierRefused(
            _("The recognition procedure for this level is not yet known (to be verified).")
        )
    label = RecognitionLevel(level).label
    held = Recognition.objects.filter(commune=commune, level=level).order_by("-year").first()
    if held is not None:
        if held.decision_number:
            raise DossierRefused(
                _(
                    "The commune was already recognised as %(level)s in %(year)d "
                    "(decision %(number)s)."
                )
                % {"level": label, "year": held.year, "number": held.decision_number}
            )
        raise DossierRefused(
            _("The commune was already recognised as %(level)s in %(year)d.")
            % {"level": label, "year": held.year}
        )
    exists = DossierRefused(
        _("A dossier for %(level)s in %(year)d already exists for this commune.")
        % {"level": label, "year": review.year}
    )
    if Dossier.objects.filter(commune=commune, level=level, year=review.year).exists():
        raise exists
    day = timezone.localdate(at) if at else timezone.localdate()
    workflow = _workflow_for(day, commune.province.code if commune.province else None)
    units = _units(commune, StepLevel.DISTRICT in workflow.levels())
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                commune=commune,
                review=review,
                level=level,
                year=review.year,
                workflow=workflow.key,
                units=units,
                created_by=actor,
            )
            audit_event_record(
                actor=actor,
                action="dossier.create",
                unit=commune,
                target_type="dossier",
                target_id=dossier.pk,
                summary=f"{level} {review.year}",
                after={"workflow": workflow.key, "review": review.pk},
            )
    except IntegrityError:  # a double click raced the check above
        raise exists from None
    return dossier


def _workflow_for(day: datetime.date, province: str | None) -> Workflow:
    """The chain in force for a dossier submitted on ``day``.

    Raises:
        DossierRefused: no chain covers that day (before QĐ 18/2022/QĐ-TTg, 2/8/2022).
    """
    try:
        return WorkflowRegistry.shipped().for_date(day, province)
    except CatalogError as error:
        raise DossierRefused(error.message) from None


def editable_by_commune(dossier: Dossier) -> bool:
    """Whether the commune may change the dossier's facts and survey: a draft, or returned."""
    return dossier.status in ("draft", "returned")


def dossier_facts_update(*, actor: User, dossier: Dossier, facts: Mapping[str, Any]) -> Dossier:
    """Replace the facts the documents need (checked before, in the view, by
    :class:`ntm.recognition.forms.FactsForm`) while the dossier is a draft or returned.

    Raises:
        PermissionDenied: not the commune's NTM officer.
        DossierRefused: the dossier is with the levels above.
    """
    require_commune_officer(actor, dossier.commune)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if not editable_by_commune(locked):
            raise DossierRefused(_("The dossier has been submitted: its documents are locked."))
        before = locked.facts
        locked.facts = dict(facts)
        locked.save(update_fields=["facts", "updated_at"])
        audit_event_record(
            actor=actor,
            action="dossier.facts",
            unit=locked.commune,
            target_type="dossier",
            target_id=locked.pk,
            summary=f"{locked.level} {locked.year}",
            before=before,
            after=locked.facts,
        )
    return locked


def survey_record(
    *,
    actor: User,
    dossier: Dossier,
    counts: Mapping[str, tuple[int, int, int]],
    source: str,
) -> SatisfactionSurvey:
    """Store the residents' satisfaction survey (recognition-procedure.md §3-§4 [M], the
    share [?]): its counts per hamlet code (asked, answered, satisfied households),
    replacing an earlier entry, while the dossier is a draft or returned. The counts are
    checked by the core (:meth:`ntm.core.recognition.survey.SurveyTally.from_counts`).

    Raises:
        PermissionDenied: not the commune's NTM officer.
        DossierRefused: the dossier is with the levels above; a count is negative, more
            answered than asked, more satisfied than answered, more asked in all than
            :data:`SURVEY_COUNT_LIMIT`, no one asked, or the rules give no share for the
            dossier's level.
    """
    require_commune_officer(actor, dossier.commune)
    # The hamlets as the officer knows them in the messages ("xóm Bản Pấu (05560-01)").
    names = {h.code: f"{h.name} ({h.code})" for h in hamlet_list(dossier.commune)}
    try:
        tally = SurveyTally.from_counts(
            [(names.get(code, code), *values) for code, values in counts.items()]
        )
    except InputError as error:
        raise DossierRefused(error.message) from None  # the hamlet is in the message
    asked, answered, satisfied = tally.asked, tally.answered, tally.satisfied
    if asked > SURVEY_COUNT_LIMIT:  # answered ≤ asked and satisfied ≤ answered: all fit
        raise DossierRefused(
            _("%(hamlet)s: %(asked)d households asked in all is more than can be stored.")
            % {"hamlet": tally.hamlets[-1].hamlet, "asked": asked}
        )
    if asked == 0:
        raise DossierRefused(_("No household was asked."))
    try:
        tally.check(RecognitionRules.shipped(), Level(dossier.level))
    except InputError as error:
        raise DossierRefused(error.message) from None
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if not editable_by_commune(locked):
            raise DossierRefused(_("The dossier has been submitted: its documents are locked."))
        previous = SatisfactionSurvey.objects.filter(dossier=locked).first()
        survey, _created = SatisfactionSurvey.objects.update_or_create(
            dossier=locked,
            defaults={
                "counts": {hamlet: list(values) for hamlet, values in counts.items()},
                "asked": asked,
                "answered": answered,
                "satisfied": satisfied,
                "source": source[:255],
                "entered_by": actor,
            },
        )
        audit_event_record(
            actor=actor,
            action="dossier.survey",
            unit=locked.commune,
            target_type="dossier",
            target_id=locked.pk,
            summary=f"{satisfied}/{answered}/{asked} ({source[:100]})",
            before=None
            if previous is None
            else {
                "asked": previous.asked,
                "answered": previous.answered,
                "satisfied": previous.satisfied,
            },
            after={"asked": asked, "answered": answered, "satisfied": satisfied},
        )
    return survey


def _expected(workflow: Workflow, state: DossierState, action: str) -> tuple[str, str] | None:
    """The role and level the action needs, or ``None`` when the core will refuse anyway."""
    if action == Action.UNDO:
        last = state.last
        return None if last is None else (last.actor.role, str(last.actor.level))
    if action in (Action.RESUBMIT, Action.SUBMIT):
        first = workflow.steps[0]
        return first.role, str(first.level)
    step = state.next(workflow)
    return None if step is None else (step.role, str(step.level))


def _identity(
    actor: User, dossier: Dossier, workflow: Workflow, state: DossierState, action: str
) -> tuple[str, str, str]:
    identities = acting_roles(actor, dossier.commune)
    expected = _expected(workflow, state, action)
    for role, level, unit in identities:
        if expected is not None and (role, level) == expected:
            return role, level, unit
    # No membership fits: the core refuses with the step's role in its message.
    return identities[0] if identities else ("", "commune", "")


def dossier_act(
    *,
    actor: User,
    dossier: Dossier,
    action: str,
    reasons: Mapping[str, str] | None = None,
    decision: Decision | None = None,
    at: datetime.datetime | None = None,
) -> Dossier:
    """Perform a workflow action on the dossier (submit, verify, return, resubmit,
    appraise, recognise, refuse, undo) as the actor, by the rules of its workflow
    (:func:`ntm.core.recognition.workflow.apply`; QĐ 18/2022/QĐ-TTg, recognition-procedure.md
    §2 [M]).

    The review the dossier stands on is locked from submission (the commune still sees
    everything); a return unlocks exactly the criteria returned; a recognition creates the
    commune's :class:`Recognition` and starts its revocation watch; undoing it removes them.
    ``at`` is for the demo's dated history only; views never pass it.

    Raises:
        PermissionDenied: the actor may not see the commune.
        DossierRefused: the workflow does not allow it (wrong role or unit, a return
            without reasons, a decision dated before the appraisal…), the dossier is
            incomplete at submission, or the commune already holds that recognition.
    """
    require_view_commune(actor, dossier.commune)
    _check_reasons(reasons)
    at = at or timezone.now()
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update()
            .select_related("commune", "review")
            .get(pk=dossier.pk)
        )
        rows = list(locked.transitions.order_by("position"))
        workflow = dossier_workflow(locked)
        state = dossier_state(locked, rows, workflow=workflow)
        if action == Action.SUBMIT and not state.effective:
            # The chain is the one in force on the day of submission (also after a
            # submission was undone: it may have been before 1/7/2025).
            chosen = _workflow_for(timezone.localdate(at), locked.units["province"])
            if chosen.key != locked.workflow:
                workflow = chosen
                locked.workflow = workflow.key
                locked.units = _units(locked.commune, StepLevel.DISTRICT in workflow.levels())
                state = dossier_state(locked, rows, workflow=workflow)
        # Locked once here (the dossier's lock is taken first, always in this order): no
        # reading or evidence changes between the completeness check and the submission.
        review = Review.objects.select_for_update().get(pk=locked.review_id)
        if action in (Action.SUBMIT, Action.RESUBMIT):
            missing = dossier_missing_messages(locked, on=timezone.localdate(at))
            if missing:
                raise DossierRefused(
                    _("The dossier is not complete: %(missing)s") % {"missing": "; ".join(missing)}
                )
        role, level, unit = _identity(actor, locked, workflow, state, action)
        try:
            new_state = apply(
                workflow,
                state,
                action,
                actor_id=str(actor.pk),
                actor_role=role,
                actor_level=level,
                actor_unit=unit,
                at=at,
                reasons=reasons,
                decision=decision,
            )
        except WorkflowError as error:
            raise DossierRefused(capfirst(error.message)) from None
        added = new_state.history[len(state.history) :]
        for offset, transition in enumerate(added):
            transition_row(locked, len(rows) + offset, transition, actor.pk).save()
        before = {"status": locked.status, "unlocked": locked.unlocked_criteria}
        _store_state(locked, new_state, at)
        _lock_review(locked, review, new_state)
        _recognition_follow(locked, state, new_state, actor)
        audit_event_record(
            actor=actor,
            action=f"dossier.{action}",
            unit=locked.commune,
            target_type="dossier",
            target_id=locked.pk,
            summary=f"{locked.level} {locked.year}: {new_state.status}",
            before=before,
            after={
                "status": new_state.status,
                "unlocked": sorted(new_state.unlocked_criteria, key=int),
                "reasons": dict(reasons or {}),
                "decision": None
                if decision is None
                else {"number": decision.number, "date": decision.date.isoformat()},
                "as": f"{role}@{level}:{unit}",
            },
        )
    return locked


#: The longest reason a return or a refusal may give for one criterion (characters).
REASON_LIMIT = 500


def _check_reasons(reasons: Mapping[str, str] | None) -> None:
    """Refuse a reason the documents and the audit trail cannot hold: a control character
    (line breaks allowed) or more than :data:`REASON_LIMIT` characters."""
    for criterion, text in (reasons or {}).items():
        problem = control_character_problem(f"{criterion}{text}", multiline=True)
        if problem:
            raise DossierRefused(problem)
        if len(text) > REASON_LIMIT:
            raise DossierRefused(
                _("Criterion %(criterion)s: a reason has at most %(count)d characters.")
                % {"criterion": criterion[:10], "count": REASON_LIMIT}
            )


def _store_state(dossier: Dossier, state: DossierState, at: datetime.datetime) -> None:
    dossier.status = state.status
    dossier.next_step = state.next_step
    dossier.unlocked_criteria = sorted(state.unlocked_criteria, key=int)
    dossier.decision_number = state.decision.number if state.decision else ""
    dossier.decision_date = state.decision.date if state.decision else None
    submitted = [t for t in state.effective if t.action == Action.SUBMIT]
    dossier.submitted_at = submitted[0].at if submitted else None
    dossier.moved_at = at
    dossier.save()


def _lock_review(dossier: Dossier, review: Review, state: DossierState) -> None:
    """The review follows the dossier: locked while the dossier is with the levels above
    (except the criteria of a pending return); released, as it was before, when the
    dossier is back in draft (its submission undone) or refused. ``review`` is the
    dossier's review, locked by the caller."""
    if state.locked and state.status != REFUSED:
        if review.lock_holder != "dossier":
            dossier.review_was_submitted = review.status == ReviewStatus.SUBMITTED
            dossier.save(update_fields=["review_was_submitted", "updated_at"])
        review.status = ReviewStatus.SUBMITTED
        review.lock_holder = "dossier"
        review.unlocked_criteria = sorted(int(c) for c in state.unlocked_criteria)
        if review.submitted_at is None:
            review.submitted_at = dossier.submitted_at
    elif review.lock_holder == "dossier":
        review.status = (
            ReviewStatus.SUBMITTED if dossier.review_was_submitted else ReviewStatus.DRAFT
        )
        review.lock_holder = ""
        review.unlocked_criteria = []
    review.save(
        update_fields=["status", "lock_holder", "unlocked_criteria", "submitted_at", "updated_at"]
    )


def _recognition_follow(
    dossier: Dossier, before: DossierState, after: DossierState, actor: User
) -> None:
    if after.decision is not None and before.decision is None:
        if Recognition.objects.filter(
            commune=dossier.commune, level=dossier.level, year=dossier.year
        ).exists():
            raise DossierRefused(
                _("The commune already holds this recognition for %(year)d.")
                % {"year": dossier.year}
            )
        recognition = Recognition.objects.create(
            commune=dossier.commune,
            level=dossier.level,
            year=dossier.year,
            criteria_set=dossier.review.criteria_set,
            decision_number=after.decision.number,
            decision_date=after.decision.date,
            dossier=dossier,
            source=_("Recognition dossier"),
        )
        watch_recognition(recognition, actor=actor)
    elif before.decision is not None and after.decision is None:
        Recognition.objects.filter(dossier=dossier).delete()  # its watch with it (cascade)


def recognition_record(
    *,
    actor: User,
    commune: Unit,
    level: str,
    year: int,
    criteria_set: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    source: str,
) -> Recognition:
    """Record a recognition the commune received before the product, so that the
    revocation watch covers it. ``source`` says where it is known from (the decision, a
    report); the set (a catalog code), the decision's number and its date stay blank when
    the source does not give them.

    Raises:
        PermissionDenied: only the province's coordinator records it.
        DossierRefused: an unknown level or set, no source, a decision dated before the
            year it recognises, or a recognition of that commune, level and year exists.
    """
    if not can_record_recognition(actor, commune):
        raise PermissionDenied
    if level not in RecognitionLevel.values:
        raise DossierRefused(_("Unknown recognition level."), "level")
    if criteria_set:
        try:
            Catalog.shipped().criteria_set(criteria_set)
        except CatalogError:
            raise DossierRefused(_("Unknown criteria set."), "criteria_set") from None
    if not source.strip():
        raise DossierRefused(_("Say where the recognition is known from."), "source")
    if decision_date is not None and decision_date.year < year:
        raise DossierRefused(
            _("The decision is dated before the year it recognises."), "decision_date"
        )
    held = DossierRefused(
        _("The commune already holds this recognition for %(year)d.") % {"year": year}
    )
    try:
        with transaction.atomic():
            if Recognition.objects.filter(commune=commune, level=level, year=year).exists():
                raise held
            recognition = Recognition.objects.create(
                commune=commune,
                level=level,
                year=year,
                criteria_set=criteria_set,
                decision_number=decision_number.strip(),
                decision_date=decision_date,
                source=source[:500],
            )
            audit_event_record(
                actor=actor,
                action="recognition.record",
                unit=commune,
                target_type="recognition",
                target_id=recognition.pk,
                summary=f"{level} {year} {decision_number}",
                after={
                    "decision": decision_number,
                    "date": decision_date.isoformat() if decision_date else None,
                    "source": source[:500],
                },
            )
            watch_recognition(recognition, actor=actor)
    except IntegrityError:  # a double click raced the check
        raise held from None
    return recognition


def public_page_set(*, actor: User, commune: Unit, published: bool) -> CommunePublicPage:
    """Publish (or withdraw) the commune's public page (công khai: issue 6, item 5): its
    status per criterion, plan and recognition decisions, readable without login.

    Raises:
        PermissionDenied: only the commune's NTM officer decides it.
    """
    require_commune_officer(actor, commune)
    try:
        with transaction.atomic():
            previous = CommunePublicPage.objects.filter(commune=commune).first()
            publication, _created = CommunePublicPage.objects.update_or_create(
                commune=commune, defaults={"published": published, "changed_by": actor}
            )
            audit_event_record(
                actor=actor,
                action="publication.set",
                unit=commune,
                target_type="commune",
                target_id=commune.pk,
                summary="published" if published else "withdrawn",
                before=None if previous is None else {"published": previous.published},
                after={"published": published},
            )
    except IntegrityError:  # a double click made the row first: now it is an update
        return public_page_set(actor=actor, commune=commune, published=published)
    return publication
