"""Benchmark: review 10,000 communes against the full nâng cao set.

Prints communes per second for ``evaluate_review`` and the ratio of its time to a bare
loop that only compares the same readings with the same thresholds (Decimal comparisons,
cross-multiplied for ratios), measured in the same run. Goal (issue 2): the whole
country's 10,000 legacy communes in under 2 s, within 5x of the bare loop.

The shipped nâng cao set has mostly unknown thresholds, which the engine would skip; the
benchmark therefore fills every numeric indicator with a synthetic threshold. These
values are benchmark data, not law.

Usage: python bench/review.py [--communes N] [--repeat R] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from decimal import Decimal

from ntm.core import (
    Catalog,
    Commune,
    Comparator,
    CriteriaSet,
    HeldRecognition,
    IndicatorKind,
    Level,
    ParsedValue,
    Reading,
    ReviewInput,
    Threshold,
    Verdict,
    evaluate_review,
)

SET_CODE = "xa-ntm-nang-cao-2021-2025"


def benchmark_set() -> CriteriaSet:
    """The shipped nâng cao set with a synthetic threshold on every numeric indicator."""
    base = Catalog.shipped().criteria_set(SET_CODE)
    criteria = []
    for criterion in base.criteria:
        indicators = []
        for indicator in criterion.indicators:
            if indicator.kind is IndicatorKind.YES_NO:
                indicators.append(indicator)
                continue
            value = Decimal("95") if indicator.kind is IndicatorKind.RATIO else Decimal("58")
            if indicator.comparator in (Comparator.LE, Comparator.LT):
                value = Decimal("1.5")
            synthetic = Threshold(value=value, verified=False, source="benchmark data")
            indicators.append(replace(indicator, thresholds=(synthetic,)))
        criteria.append(replace(criterion, indicators=tuple(indicators)))
    return replace(base, criteria=tuple(criteria))


def make_reviews(criteria_set: CriteriaSet, communes: int, seed: int) -> list[ReviewInput]:
    """One review per commune, a reading for every indicator, reproducible from ``seed``."""
    rng = random.Random(seed)
    reviews = []
    for number in range(communes):
        readings = []
        for indicator in criteria_set.indicators():
            if indicator.kind is IndicatorKind.YES_NO:
                result = Verdict.MET if rng.random() < 0.85 else Verdict.NOT_MET
                readings.append(
                    Reading(criterion=indicator.criterion, indicator=indicator.code, result=result)
                )
            elif indicator.kind is IndicatorKind.RATIO:
                denominator = rng.randint(300, 3000)
                numerator = rng.randint(int(denominator * 0.85), denominator)
                if indicator.comparator in (Comparator.LE, Comparator.LT):
                    numerator = rng.randint(0, denominator // 30)
                readings.append(
                    Reading(
                        criterion=indicator.criterion,
                        indicator=indicator.code,
                        numerator=Decimal(numerator),
                        denominator=Decimal(denominator),
                    )
                )
            else:
                value = Decimal(rng.randint(4000, 8000)) / 100
                readings.append(
                    Reading(
                        criterion=indicator.criterion,
                        indicator=indicator.code,
                        value=ParsedValue(number=value),
                    )
                )
        reviews.append(
            ReviewInput(
                commune=Commune(name=f"Xã {number}", code=f"{number:05d}", region="TDMNPB"),
                year=2024,
                criteria_set=criteria_set.code,
                readings=tuple(readings),
                recognitions=(HeldRecognition(level=Level.BASIC, year=2020),),
            )
        )
    return reviews


def bare_loop(criteria_set: CriteriaSet, reviews: list[ReviewInput]) -> int:
    """Only the comparisons: how many criteria are met, over all communes."""
    hundred = Decimal(100)
    thresholds = {
        i.code: (i.comparator, i.thresholds[0].value if i.thresholds else None)
        for i in criteria_set.indicators()
    }
    met_total = 0
    for review in reviews:
        failed: set[int] = set()
        for reading in review.readings:
            comparator, threshold = thresholds[reading.indicator or ""]
            if reading.result is not None:
                ok = reading.result is Verdict.MET
            elif reading.numerator is not None and reading.denominator is not None:
                assert comparator is not None and threshold is not None
                ok = comparator.holds(reading.numerator * hundred, threshold * reading.denominator)
            else:
                assert comparator is not None and threshold is not None
                assert reading.value is not None
                ok = comparator.holds(reading.value.number, threshold)
            if not ok:
                failed.add(reading.criterion)
        met_total += criteria_set.criteria_count - len(failed)
    return met_total


def engine(criteria_set: CriteriaSet, reviews: list[ReviewInput]) -> int:
    """The real thing: evaluate_review for every commune."""
    return sum(evaluate_review(review, criteria_set).met_count for review in reviews)


def best_of(function, repeat: int) -> tuple[float, int]:
    best = float("inf")
    result = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    criteria_set = benchmark_set()
    reviews = make_reviews(criteria_set, args.communes, args.seed)
    readings = sum(len(review.readings) for review in reviews)
    bare_time, bare_met = best_of(lambda: bare_loop(criteria_set, reviews), args.repeat)
    engine_time, engine_met = best_of(lambda: engine(criteria_set, reviews), args.repeat)
    assert bare_met == engine_met, (bare_met, engine_met)
    print(
        f"communes: {args.communes:,}  readings: {readings:,}  "
        f"set: {SET_CODE} (synthetic thresholds)"
    )
    print(f"criteria met in total (both agree): {engine_met:,}")
    print(f"bare Decimal loop : {bare_time:8.3f} s  {args.communes / bare_time:12,.0f} communes/s")
    print(
        f"evaluate_review   : {engine_time:8.3f} s  {args.communes / engine_time:12,.0f} communes/s"
    )
    print(f"ratio engine/bare : {engine_time / bare_time:8.2f}x   (goal: under 2 s and within 5x)")


if __name__ == "__main__":
    main()
