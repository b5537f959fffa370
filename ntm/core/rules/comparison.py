"""Exact comparison of a stated value with a threshold, and the size of a gap.

A qualified value stands for a range of possible true values: "> 97" is any value above
97, "gần 98" is a value a little under 98. The comparison is decided when every value of
the range gives the same answer; otherwise "gần" and "khoảng" fall back to their nominal
number and mark the outcome approximate, and ">"/"<" leave it undecided.

Ratios are compared by cross-multiplication (``numerator × 100 ≥ threshold × denominator``)
so that 1/3 is never rounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ntm.core.catalog import Comparator
from ntm.core.values import Qualifier

__all__ = ["Decision", "compare", "compare_ratio", "units_needed"]

_HUNDRED = Decimal(100)


class Decision(StrEnum):
    """The outcome of one comparison."""

    HOLDS = "holds"
    FAILS = "fails"
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class _Range:
    low: Decimal | None  # None: unbounded
    low_open: bool
    high: Decimal | None
    high_open: bool
    nominal: Decimal | None  # the number to fall back on ("gần", "khoảng")


def _range(number: Decimal, qualifier: Qualifier) -> _Range:
    if qualifier is Qualifier.EXACT:
        return _Range(number, False, number, False, number)
    if qualifier is Qualifier.OVER:
        return _Range(number, True, None, False, None)
    if qualifier is Qualifier.AT_LEAST:
        return _Range(number, False, None, False, None)
    if qualifier is Qualifier.UNDER:
        return _Range(None, False, number, True, None)
    if qualifier is Qualifier.AT_MOST:
        return _Range(None, False, number, False, None)
    if qualifier is Qualifier.NEARLY:
        return _Range(None, False, number, True, number)
    return _Range(None, False, None, False, number)  # ABOUT


def _all_hold(r: _Range, comparator: Comparator, t: Decimal) -> bool:
    if comparator is Comparator.GE:
        return r.low is not None and r.low >= t
    if comparator is Comparator.GT:
        return r.low is not None and (r.low > t or (r.low == t and r.low_open))
    if comparator is Comparator.LE:
        return r.high is not None and r.high <= t
    return r.high is not None and (r.high < t or (r.high == t and r.high_open))


def _none_hold(r: _Range, comparator: Comparator, t: Decimal) -> bool:
    if comparator is Comparator.GE:
        return r.high is not None and (r.high < t or (r.high == t and r.high_open))
    if comparator is Comparator.GT:
        return r.high is not None and r.high <= t
    if comparator is Comparator.LE:
        return r.low is not None and (r.low > t or (r.low == t and r.low_open))
    return r.low is not None and r.low >= t


def compare(
    number: Decimal, qualifier: Qualifier, comparator: Comparator, threshold: Decimal
) -> tuple[Decision, bool]:
    """Compare a stated value with a threshold.

    Args:
        number: the stated number, in the indicator's unit (95 for 95%).
        qualifier: the words around it.
        comparator: the indicator's comparator.
        threshold: the exact threshold, in the same unit.

    Returns:
        ``(decision, approximate)``: ``approximate`` is True when the decision rests on
        the nominal number of "gần"/"khoảng" rather than on every possible value.
    """
    value_range = _range(number, qualifier)
    if _all_hold(value_range, comparator, threshold):
        return Decision.HOLDS, False
    if _none_hold(value_range, comparator, threshold):
        return Decision.FAILS, False
    if value_range.nominal is not None:
        holds = comparator.holds(value_range.nominal, threshold)
        return (Decision.HOLDS if holds else Decision.FAILS), True
    return Decision.UNDECIDED, False


def compare_ratio(
    numerator: Decimal, denominator: Decimal, comparator: Comparator, threshold: Decimal
) -> Decision:
    """Compare ``numerator / denominator`` in percent with a threshold in percent, exactly.

    ``denominator`` must be positive (readers refuse a zero denominator).
    """
    scaled = numerator * _HUNDRED
    bound = threshold * denominator
    return Decision.HOLDS if comparator.holds(scaled, bound) else Decision.FAILS


def units_needed(
    numerator: Decimal, denominator: Decimal, comparator: Comparator, threshold: Decimal
) -> int:
    """How many units (households, persons) must change for a ratio to meet its threshold.

    For ≥ and >: how many more must join the numerator (e.g. households still to build a
    permanent house), the denominator staying the same. For ≤ and <: how many must leave
    it (e.g. poor households still to lift out of poverty). 0 when already met.

    Example: 812 of 860 households, ≥ 95%: 95 × 860 / 100 = 817, so 5 more households.
    """
    bound = threshold * denominator / _HUNDRED  # exact for the decimals used in thresholds
    if comparator is Comparator.GE:
        return max(0, math.ceil(bound - numerator))
    if comparator is Comparator.GT:
        return max(0, math.floor(bound - numerator) + 1)
    if comparator is Comparator.LE:
        return max(0, math.ceil(numerator - bound))
    return max(0, math.floor(numerator - bound) + 1)
