"""Reads for the province's desk (``/tinh/<code>/ho-so/``): the recognition dossiers waiting
for the province, those returned to their commune, those waiting too long, the recognitions
whose revocation watch warns, and the criteria the province's communes fail most.

Everything is read in a constant number of queries, however many communes the province
has: the dossiers (with their communes and reviews), their transitions, the warning
watches, and the province matrix (:func:`ntm.territories.selectors.province_matrix`, three
or four queries). Each dossier's state is folded from its transitions by the core
(:func:`ntm.recognition.state.dossier_state`), in memory.

The desk offers no bulk action: each dossier is opened and acted on from its own page
(issue 6, item 6).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.utils import timezone

from ntm.core import Catalog, CoreError, CriteriaSet, Criterion
from ntm.core.recognition.revocation import RevocationOutcome
from ntm.core.recognition.workflow import DRAFT, REFUSED, RETURNED, Action, Level, Step
from ntm.recognition.models import WARN_MARGIN, Dossier, DossierTransition, RevocationWatch
from ntm.recognition.state import dossier_state, dossier_workflow
from ntm.territories.models import Unit
from ntm.territories.selectors import province_matrix
from ntm.users.permissions import AnyUser, acting_roles

__all__ = [
    "OVERDUE_DAYS",
    "Desk",
    "DeskError",
    "HardCriterion",
    "ReturnedCriterion",
    "ReturnedDossier",
    "WaitingDossier",
    "province_desk",
]

OVERDUE_DAYS = 30
"""A dossier waiting for the province more than this many days (calendar days, Vietnam
time, since its last transition) is shown as overdue.

This is ntm's default, not a legal limit: the time each level has to verify, appraise and
decide is VERIFY in recognition-procedure.md §2 [?] (QĐ 18/2022/QĐ-TTg's limits are not
confirmed there). Replace it with the limits per level once the reference confirms them."""


@dataclass(frozen=True)
class WaitingDossier:
    """A dossier whose next step is done at the province.

    Attributes:
        dossier: with ``commune`` and ``review`` loaded.
        step: the step awaited (its ``role`` and ``label`` say who does it).
        since: when the dossier reached that step (its last transition), or ``None``
            when it has none on record.
        days: calendar days waited since ``since`` (Vietnam time); ``None`` without ``since``.
        actionable: the desk's user holds the step's role in the dossier's province.
        overdue: ``days`` is more than :data:`OVERDUE_DAYS`.
    """

    dossier: Dossier
    step: Step
    since: datetime.datetime | None
    days: int | None
    actionable: bool
    overdue: bool


class ReturnedCriterion(NamedTuple):
    """A criterion returned to the commune: its code ("5"), its name ("" when the set does
    not have it) and the reason given."""

    code: str
    name: str
    reason: str


@dataclass(frozen=True)
class ReturnedDossier:
    """A dossier returned to its commune, with what the last return asked for.

    Attributes:
        dossier: with ``commune`` and ``review`` loaded.
        step: the step that returned it (the commune resubmits to it).
        at: when it was returned.
        days: calendar days since the return (Vietnam time).
        criteria: the criteria returned with their reasons, in the order given.
    """

    dossier: Dossier
    step: Step
    at: datetime.datetime
    days: int
    criteria: tuple[ReturnedCriterion, ...]


@dataclass(frozen=True)
class DeskError:
    """A dossier whose state cannot be read (an unknown workflow or criteria set): shown,
    never hidden, with the core's message."""

    dossier: Dossier
    message: str


@dataclass(frozen=True)
class HardCriterion:
    """A criterion of the province matrix's set and how many reviewed communes do not meet
    it (``not_met``), cannot decide it yet (``undecided``) and meet it (``met``)."""

    criterion: Criterion
    not_met: int
    undecided: int
    met: int


@dataclass(frozen=True)
class Desk:
    """The province's desk.

    Attributes:
        province: the province.
        waiting: dossiers whose next step is the province's, longest waiting first.
        returned: dossiers returned to their commune, longest returned first.
        watches: revocation watches of the province's communes' recognitions that are
            revoked or have a margin of at most :data:`ntm.recognition.models.WARN_MARGIN`;
            revoked first, then by margin, then by commune.
        hardest: the criteria of the matrix's set that at least one reviewed commune does
            not meet, by that number (most first), then by criterion number.
        criteria_set: the set of ``hardest`` (the one most of the province's communes were
            reviewed against), ``None`` when no commune has a review.
        reviewed: how many communes' latest reviews ``hardest`` counts.
        errors: dossiers whose state could not be read.
        overdue_days: :data:`OVERDUE_DAYS`, for the page.
    """

    province: Unit
    waiting: list[WaitingDossier]
    returned: list[ReturnedDossier]
    watches: list[RevocationWatch]
    hardest: list[HardCriterion]
    criteria_set: CriteriaSet | None
    reviewed: int
    errors: list[DeskError]
    overdue_days: int = OVERDUE_DAYS

    @property
    def overdue(self) -> list[WaitingDossier]:
        """The waiting dossiers that wait more than :data:`OVERDUE_DAYS`."""
        return [row for row in self.waiting if row.overdue]


def _days(since: datetime.datetime, now: datetime.datetime) -> int:
    return (timezone.localdate(now) - timezone.localdate(since)).days


def _criterion_name(catalog: Catalog, criteria_set: str, code: str) -> str:
    try:
        the_set = catalog.criteria_set(criteria_set)
        number = int(code)
    except (CoreError, ValueError):
        return ""
    return the_set.criterion(number).name if the_set.has_criterion(number) else ""


def _open_dossiers(province: Unit) -> QuerySet[Dossier]:
    """The province's dossiers still moving: neither draft, refused nor decided."""
    return (
        Dossier.objects.filter(commune__province=province)
        .exclude(status__in=(DRAFT, REFUSED))
        .filter(decision_number="")
    )


def _transitions(province: Unit) -> dict[int, list[DossierTransition]]:
    """The transitions of :func:`_open_dossiers`, oldest first, per dossier (one query)."""
    ids = _open_dossiers(province).values("pk")
    rows: dict[int, list[DossierTransition]] = {}
    for row in DossierTransition.objects.filter(dossier__in=ids).order_by("dossier", "position"):
        rows.setdefault(row.dossier_id, []).append(row)
    return rows


def _watches(province: Unit) -> list[RevocationWatch]:
    """The warning watches of the province's communes (one query)."""
    watches = list(
        RevocationWatch.objects.filter(recognition__commune__province=province)
        .filter(~Q(outcome=RevocationOutcome.KEPT) | Q(margin__lte=WARN_MARGIN))
        .select_related("recognition", "recognition__commune")
    )
    return sorted(
        watches,
        key=lambda watch: (
            not watch.revoked,
            watch.margin if watch.margin is not None else -1,
            watch.recognition.commune.name,
            watch.recognition.year,
        ),
    )


def province_desk(
    province: Unit,
    *,
    user: AnyUser,
    now: datetime.datetime | None = None,
    catalog: Catalog | None = None,
) -> Desk:
    """The desk of ``province`` as ``user`` sees it (``user`` only marks the dossiers they
    can act on; the caller has checked they may see the province,
    :func:`ntm.users.permissions.require_province`).

    A dossier waits for the province when its next step (``DossierState.next``) is done
    at the province level: submitted → verify (the coordination office, from 1/7/2025),
    verified → appraise (the provincial council), appraised → recognise (the decision
    recorded by the coordination office), and any step a province adds
    (recognition-procedure.md §2 [M]; QĐ 18/2022/QĐ-TTg). A dossier whose next step is
    the district's (before 1/7/2025) is not the province's yet and is not listed.
    ``now`` (timezone-aware) defaults to the clock, for the days waited.

    The hardest criteria are counted over the latest review of each commune against the
    set most of them were reviewed against (:func:`province_matrix`, each review
    evaluated once and cached).

    Queries: 3 + the matrix's (3, or 4 when a review's outcomes are not cached), whatever
    the number of communes and dossiers.
    """
    catalog = catalog or Catalog.shipped()
    now = now or timezone.now()
    dossiers = list(
        _open_dossiers(province)
        .select_related("commune", "commune__parent", "review")
        .order_by("moved_at", "pk")
    )
    transitions = _transitions(province) if dossiers else {}
    waiting: list[WaitingDossier] = []
    returned: list[ReturnedDossier] = []
    errors: list[DeskError] = []
    for dossier in dossiers:
        try:
            workflow = dossier_workflow(dossier)
            state = dossier_state(dossier, transitions.get(dossier.pk, []), workflow=workflow)
        except CoreError as error:
            errors.append(DeskError(dossier, error.message))
            continue
        last = state.last
        if state.status == RETURNED and last is not None and last.action == Action.RETURN:
            returned.append(
                ReturnedDossier(
                    dossier=dossier,
                    step=workflow.step(last.step),
                    at=last.at,
                    days=_days(last.at, now),
                    criteria=tuple(
                        ReturnedCriterion(
                            code, _criterion_name(catalog, dossier.review.criteria_set, code), why
                        )
                        for code, why in last.reasons.items()
                    ),
                )
            )
            continue
        step = state.next(workflow)
        if state.status == RETURNED or step is None or step.level is not Level.PROVINCE:
            continue
        since = dossier.moved_at or (last.at if last is not None else None)
        days = None if since is None else _days(since, now)
        acting = acting_roles(user, dossier.commune)
        waiting.append(
            WaitingDossier(
                dossier=dossier,
                step=step,
                since=since,
                days=days,
                actionable=(step.role, str(step.level), state.units.get(step.level)) in acting,
                overdue=days is not None and days > OVERDUE_DAYS,
            )
        )
    waiting.sort(key=lambda row: (row.since is None, row.since or now, row.dossier.pk))
    returned.sort(key=lambda row: (row.at, row.dossier.pk))
    matrix = province_matrix(province, catalog=catalog)
    hardest = sorted(
        (
            HardCriterion(count.criterion, count.not_met, count.undecided, count.met)
            for count in matrix.counts
            if count.not_met
        ),
        key=lambda hard: (-hard.not_met, hard.criterion.number),
    )
    return Desk(
        province=province,
        waiting=waiting,
        returned=returned,
        watches=_watches(province),
        hardest=hardest,
        criteria_set=matrix.criteria_set,
        reviewed=matrix.reviewed,
        errors=errors,
    )
