"""Reads on a province: its communes × the criteria of one set, each cell the outcome of the
commune's latest review, evaluated by the core.

The matrix is read in a constant number of queries whatever the number of communes: the
communes, the reviews and the current readings are each one query, and every review is
evaluated in memory with one shipped catalog.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F, Max

from ntm.core import Catalog, CoreError, CriteriaSet, Criterion, Level
from ntm.core.rules.evaluation import evaluate_review
from ntm.core.rules.results import Outcome, ReviewResult
from ntm.core.text import vietnamese_sort_key
from ntm.reviews.mappers import review_to_core
from ntm.reviews.models import Reading, Review
from ntm.territories.models import Unit, UnitKind

#: How many criteria "the hardest criteria" lists.
HARDEST_COUNT = 5


@dataclass(frozen=True)
class MatrixOptions:
    """What the filters of a province's page can choose from (two queries)."""

    years: list[int]
    criteria_sets: list[tuple[str, str, Level | None]]  # (code, name, level), by code
    districts: list[Unit]


@dataclass(frozen=True)
class MatrixRow:
    """One commune: its latest review of the set (if any) and each criterion's outcome.

    ``outcomes`` follows the matrix's criteria; ``None`` when there is no review or the
    review cannot be evaluated (``error`` then says why).
    """

    commune: Unit
    review: Review | None
    outcomes: tuple[Outcome | None, ...]
    met_count: int | None
    error: str = ""


@dataclass(frozen=True)
class CriterionCount:
    """How many of the reviewed communes meet, fail, or cannot decide one criterion."""

    criterion: Criterion
    met: int
    not_met: int
    undecided: int


@dataclass(frozen=True)
class ProvinceMatrix:
    """The province's communes × the criteria of ``criteria_set`` (``None`` when no
    commune has a review matching the filters)."""

    province: Unit
    criteria_set: CriteriaSet | None
    rows: list[MatrixRow]
    counts: list[CriterionCount]
    year: int | None = None
    level: Level | None = None
    district: Unit | None = None
    reviewed_only: bool = False

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return () if self.criteria_set is None else self.criteria_set.criteria

    @property
    def reviewed(self) -> int:
        """How many communes have a review in the matrix."""
        return sum(1 for row in self.rows if row.review is not None and not row.error)

    @property
    def hardest(self) -> list[CriterionCount]:
        """The criteria the fewest reviewed communes meet, at most :data:`HARDEST_COUNT`;
        among equals, the one more communes fail first (an undecided criterion may yet be
        met), then by number. Empty when no commune has a review."""
        if not self.reviewed:
            return []
        ranked = sorted(self.counts, key=lambda c: (c.met, -c.not_met, c.criterion.number))
        return ranked[:HARDEST_COUNT]


def _set_info(catalog: Catalog, code: str) -> tuple[str, Level | None]:
    try:
        criteria_set = catalog.criteria_set(code)
    except CoreError:
        return code, None
    return criteria_set.name, criteria_set.level


def province_matrix_options(province: Unit, *, catalog: Catalog | None = None) -> MatrixOptions:
    """The years and criteria sets of the province's reviews, and its old districts."""
    catalog = catalog or Catalog.shipped()
    pairs = (
        Review.objects.filter(commune__kind=UnitKind.COMMUNE, commune__province=province)
        .values_list("year", "criteria_set")
        .distinct()
    )
    years: set[int] = set()
    codes: set[str] = set()
    for year, code in pairs:
        years.add(year)
        codes.add(code)
    return MatrixOptions(
        years=sorted(years, reverse=True),
        criteria_sets=[(code, *_set_info(catalog, code)) for code in sorted(codes)],
        districts=sorted(
            Unit.objects.filter(kind=UnitKind.DISTRICT, province=province),
            key=lambda unit: (vietnamese_sort_key(unit.name), unit.code),
        ),
    )


def _evaluate(review: Review, readings: list[Reading], catalog: Catalog) -> ReviewResult:
    review_input, criteria_set = review_to_core(review, readings, catalog=catalog)
    return evaluate_review(
        review_input, criteria_set, model_set=catalog.model_set_for(criteria_set)
    )


#: A review's outcomes: criterion number → outcome, and the count met; or the error text.
_Evaluated = tuple[dict[int, Outcome], int] | str


def _outcomes(reviews: list[Review], catalog: Catalog) -> dict[int, _Evaluated]:
    """Each review's outcomes, from the cache when its readings have not changed since.

    The cache key holds the review's last change and its newest current reading, so a new
    reading (which supersedes the current one with a newer row) or an edited review makes
    a new key. One query for the keys; the readings of the reviews not cached in one more.
    """
    if not reviews:
        return {}
    newest = dict(
        Reading.objects.filter(review__in=[r.pk for r in reviews], current=True)
        .values("review")
        .annotate(last=Max("id"))
        .values_list("review", "last")
    )
    keys = {
        review.pk: (
            f"ntm:outcomes:{review.pk}:{review.criteria_set}:{review.region}:"
            f"{review.updated_at.isoformat()}:{newest.get(review.pk)}"
        )
        for review in reviews
    }
    cached = cache.get_many(list(keys.values()))
    found: dict[int, _Evaluated] = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [review for review in reviews if review.pk not in found]
    if missing:
        readings: dict[int, list[Reading]] = defaultdict(list)
        for reading in Reading.objects.filter(
            review__in=[r.pk for r in missing], current=True
        ).order_by("criterion", "indicator"):
            readings[reading.review_id].append(reading)
        fresh: dict[str, _Evaluated] = {}
        for review in missing:
            try:
                result = _evaluate(review, readings[review.pk], catalog)
            except CoreError as error:
                found[review.pk] = str(error)
                continue
            evaluated = ({c.number: c.outcome for c in result.criteria}, result.met_count)
            found[review.pk] = evaluated
            fresh[keys[review.pk]] = evaluated
        cache.set_many(fresh, timeout=24 * 3600)
    return found


def _chosen_set(reviews: list[Review]) -> str | None:
    """The set most communes were reviewed against (ties: the latest year, then the code)."""
    communes: dict[str, set[int]] = defaultdict(set)
    latest: Counter[str] = Counter()
    for review in reviews:
        communes[review.criteria_set].add(review.commune_id)
        latest[review.criteria_set] = max(latest[review.criteria_set], review.year)
    if not communes:
        return None
    return min(communes, key=lambda code: (-len(communes[code]), -latest[code], code))


def province_matrix(
    province: Unit,
    *,
    year: int | None = None,
    criteria_set: str | None = None,
    district: Unit | None = None,
    level: Level | None = None,
    reviewed_only: bool = False,
    catalog: Catalog | None = None,
) -> ProvinceMatrix:
    """The province's communes (old and current) × the criteria of one set.

    Filters: ``year`` (else each commune's latest review of any year), ``criteria_set`` (a
    set code; else the set most communes were reviewed against, among the sets of
    ``level`` if given), ``district`` (an old district: its communes only),
    ``level`` (only reviews against a set of that level), ``reviewed_only`` (drop the
    communes without a review in the matrix).

    Each commune's cells are the outcomes of its latest review (highest year, then the
    latest entered) of the chosen set. Three queries: communes, reviews, current readings.
    """
    catalog = catalog or Catalog.shipped()
    communes_qs = Unit.objects.filter(kind=UnitKind.COMMUNE, province=province)
    if district is not None:
        communes_qs = communes_qs.filter(parent=district)
    # Today's communes first, then the old ones by old district; names in the order of
    # the Vietnamese alphabet (the database's collation does not know it).
    communes = sorted(
        communes_qs.select_related("parent", "province"),
        key=lambda unit: (
            unit.valid_to is not None,
            vietnamese_sort_key(unit.parent.name if unit.parent else ""),
            vietnamese_sort_key(unit.name),
            unit.code,
        ),
    )
    reviews_qs = Review.objects.filter(commune__kind=UnitKind.COMMUNE, commune__province=province)
    if district is not None:
        reviews_qs = reviews_qs.filter(commune__parent=district)
    if year is not None:
        reviews_qs = reviews_qs.filter(year=year)
    if criteria_set:
        reviews_qs = reviews_qs.filter(criteria_set=criteria_set)
    reviews = list(reviews_qs.order_by("-year", "-id"))
    if level is not None:
        reviews = [r for r in reviews if _set_info(catalog, r.criteria_set)[1] is level]
    chosen = criteria_set or _chosen_set(reviews)
    if chosen and level is not None and _set_info(catalog, chosen)[1] is not level:
        chosen = None
    by_id = {c.pk: c for c in communes}
    latest: dict[int, Review] = {}
    for review in reviews:  # newest first: the first of each commune is its latest
        if (
            review.criteria_set == chosen
            and review.commune_id in by_id
            and review.commune_id not in latest
        ):
            review.commune = by_id[review.commune_id]  # its province is loaded with it
            latest[review.commune_id] = review
    outcomes_of = _outcomes(list(latest.values()), catalog)
    the_set: CriteriaSet | None = None
    if chosen:
        try:
            the_set = catalog.criteria_set(chosen)
        except CoreError:
            the_set = None
    numbers = [c.number for c in the_set.criteria] if the_set else []
    rows: list[MatrixRow] = []
    for commune in communes:
        found = latest.get(commune.pk)
        if found is None:
            if not reviewed_only:
                rows.append(MatrixRow(commune, None, (None,) * len(numbers), None))
            continue
        evaluated = outcomes_of[found.pk]
        if isinstance(evaluated, str):
            rows.append(MatrixRow(commune, found, (None,) * len(numbers), None, error=evaluated))
            continue
        outcomes, met_count = evaluated
        rows.append(
            MatrixRow(
                commune,
                found,
                tuple(outcomes.get(n, Outcome.UNDECIDED) for n in numbers),
                met_count,
            )
        )
    counts = []
    for index, criterion in enumerate(the_set.criteria if the_set else ()):
        column = Counter(row.outcomes[index] for row in rows if row.met_count is not None)
        counts.append(
            CriterionCount(
                criterion,
                column[Outcome.MET],
                column[Outcome.NOT_MET],
                column[Outcome.UNDECIDED],
            )
        )
    return ProvinceMatrix(
        province=province,
        criteria_set=the_set,
        rows=rows,
        counts=counts,
        year=year,
        level=level,
        district=district,
        reviewed_only=reviewed_only,
    )


def commune_by_url_key(key: str) -> Unit | None:
    """The commune a URL key names, or ``None``.

    The key is the official code ("05560"), or the code and the day a commune ended
    ("05569~20250701", :attr:`Unit.url_key`): the 2025 merger gave some old codes to new
    communes. A bare code names today's commune first, then the most recent that ended.
    """
    if "\x00" in key:  # PostgreSQL refuses a NUL in a query; no code holds one
        return None
    code, _tilde, ended = key.partition("~")
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE, code=code).select_related("province")
    if not ended:
        return communes.order_by(F("valid_to").desc(nulls_first=True)).first()
    try:
        until = datetime.datetime.strptime(ended, "%Y%m%d").date()
    except ValueError:
        return None
    return communes.filter(valid_to=until).first()
