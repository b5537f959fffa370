"""Reads for a commune's public page (công khai, ``/cong-khai/<url key>/``): once the commune
publishes it, anyone may read the commune's status per criterion, its plan's targets and its
recognition decisions (issue 6, item 5).

The page is given only plain values made here, never a model row: the criterion's number,
name and outcome; the target's criterion and deadline; the recognition's level, year and
decision. Nothing of the household register, no reading's source or note, no user, no
evidence file and no hamlet's data can reach the template, because none is read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ntm.core import Catalog, CoreError, CriteriaSet, PartialDate
from ntm.core.rules.results import Basis, Outcome
from ntm.plans.models import Plan
from ntm.plans.selectors import plan_owners
from ntm.recognition.models import CommunePublicPage, Recognition, RecognitionLevel
from ntm.reviews.models import Review, ReviewStatus
from ntm.reviews.selectors import review_evaluate, review_illustrative_count
from ntm.territories.models import Unit, UnitKind
from ntm.territories.selectors import commune_by_url_key

__all__ = [
    "PublicCommune",
    "PublicCriterion",
    "PublicPage",
    "PublicRecognition",
    "PublicTarget",
    "is_published",
    "public_page",
]


@dataclass(frozen=True)
class PublicCommune:
    """The commune as the public page names it: "Xã Phúc Chu", "05560", "Tỉnh Thái Nguyên",
    the district's full name before 1/7/2025 (else "")."""

    full_name: str
    code: str
    province: str
    district: str


@dataclass(frozen=True)
class PublicCriterion:
    """A criterion of the latest submitted review: its number, its name, its outcome (met,
    not met, undecided) as the core evaluates the review, and whether that outcome rests
    only on the commune's own verdict (``stated``: "theo xã tự đánh giá")."""

    number: int
    name: str
    outcome: Outcome
    stated: bool = False


@dataclass(frozen=True)
class PublicTarget:
    """A criterion the plan aims to reach, and the deadline of the task that leads it
    (``None`` when no task of the plan names it)."""

    number: int
    name: str
    deadline: PartialDate | None


@dataclass(frozen=True)
class PublicRecognition:
    """A recognition decision the commune holds: the level's label ("xã nông thôn mới nâng
    cao" in the page's language), the year, the decision's number and date (blank and
    ``None`` for a recognition recorded from a source that does not give them)."""

    level: str
    level_label: str
    year: int
    decision_number: str
    decision_date: datetime.date | None


@dataclass(frozen=True)
class PublicPage:
    """What the public page shows.

    Attributes:
        commune: the commune's names.
        review_year: the year of the latest review, ``None`` without one.
        criteria_set: the name of the review's criteria set ("" without a review).
        criteria: each criterion of the latest review with its outcome, by number; empty
            without a review or when the review cannot be evaluated.
        met_count: how many criteria are met (``None`` without an evaluated review).
        illustrative: how many of the review's current readings a demo made up (their
            source starts "Minh họa (demo):"); 0 for a commune's own data.
        plan_year: the year of the latest plan, ``None`` without one.
        targets: the plan's targets, in the plan's order.
        recognitions: the recognition decisions, newest year first.
    """

    commune: PublicCommune
    review_year: int | None
    criteria_set: str
    criteria: tuple[PublicCriterion, ...]
    met_count: int | None
    plan_year: int | None
    targets: tuple[PublicTarget, ...]
    recognitions: tuple[PublicRecognition, ...]
    illustrative: int = 0


def is_published(commune: Unit) -> bool:
    """Whether the commune has published its public page (``PublicPage.published``)."""
    return CommunePublicPage.objects.filter(commune=commune, published=True).exists()


def _criteria_set(catalog: Catalog, code: str) -> CriteriaSet | None:
    try:
        return catalog.criteria_set(code)
    except CoreError:
        return None


def _targets(commune: Unit, plan: Plan, catalog: Catalog) -> tuple[PublicTarget, ...]:
    the_set = _criteria_set(catalog, plan.review.criteria_set)
    owners = plan_owners(commune, plan.year)
    targets: list[PublicTarget] = []
    for target in plan.data.get("targets", ()):
        number = int(target["criterion"])
        name = (
            the_set.criterion(number).name
            if the_set is not None and the_set.has_criterion(number)
            else ""
        )
        owner = owners.get(number)
        targets.append(PublicTarget(number, name, owner.deadline if owner else None))
    return tuple(targets)


def public_page(url_key: str, *, catalog: Catalog | None = None) -> PublicPage | None:
    """The public page of the commune named by ``url_key`` (:attr:`Unit.url_key`), or
    ``None`` when there is no such commune or it has not published its page (the view
    answers 404 for both: an unpublished commune is not revealed).

    Status per criterion: the core's evaluation of the commune's latest review
    (submitted to the level above; a draft is not public). Plan: the latest year's plan, its
    targets with the deadline of the task that leads each. Recognitions: every
    :class:`Recognition` the commune holds (QĐ 18/2022/QĐ-TTg decisions of the province's
    chairman, recognition-procedure.md §2 [M]).
    """
    catalog = catalog or Catalog.shipped()
    commune = commune_by_url_key(url_key)
    if commune is None or not is_published(commune):
        return None
    parent = commune.parent
    district = parent if parent is not None and parent.kind == UnitKind.DISTRICT else None
    names = PublicCommune(
        full_name=commune.full_name,
        code=commune.code,
        province=commune.province.full_name if commune.province else "",
        district=district.full_name if district is not None else "",
    )
    # The commune's published results: its latest review submitted to the level above (a
    # draft changes as the officer types and is not public).
    review = (
        Review.objects.filter(commune=commune, status=ReviewStatus.SUBMITTED)
        .order_by("-year", "-id")
        .first()
    )
    criteria: tuple[PublicCriterion, ...] = ()
    met_count: int | None = None
    set_name = ""
    if review is not None:
        the_set = _criteria_set(catalog, review.criteria_set)
        set_name = the_set.name if the_set is not None else ""
        try:
            result = review_evaluate(review, catalog=catalog)
        except CoreError:
            result = None
        if result is not None:
            criteria = tuple(
                PublicCriterion(
                    c.number, c.criterion.name, c.outcome, stated=c.basis is Basis.STATED
                )
                for c in result.criteria
            )
            met_count = result.met_count
    plan = Plan.objects.filter(commune=commune).select_related("review").order_by("-year").first()
    recognitions = tuple(
        PublicRecognition(
            level=row.level,
            level_label=str(RecognitionLevel(row.level).label)
            if row.level in RecognitionLevel.values
            else row.level,
            year=row.year,
            decision_number=row.decision_number,
            decision_date=row.decision_date,
        )
        for row in Recognition.objects.filter(commune=commune).order_by("-year", "level")
    )
    return PublicPage(
        commune=names,
        review_year=review.year if review is not None else None,
        criteria_set=set_name,
        criteria=criteria,
        met_count=met_count,
        plan_year=plan.year if plan is not None else None,
        targets=_targets(commune, plan, catalog) if plan is not None else (),
        recognitions=recognitions,
        illustrative=0 if review is None else review_illustrative_count(review),
    )
