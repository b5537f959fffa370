"""Residents' satisfaction (sự hài lòng của người dân) with a commune's result, against the
share a recognition asks for.

The commune asks residents (households or people) whether they are satisfied; the share
satisfied is computed exactly and compared with the level's condition from
``ntm/registers/recognition-rules.yaml`` (≥ 90% for xã NTM, ≥ 95% for nâng cao and kiểu
mẫu: recognition-procedure.md §4 [?], unverified until the conditions article of QĐ
18/2022/QĐ-TTg is checked). Whether the share is of those who answered or of all those
asked is a setting of the same file (``denominator``, VERIFY).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from ntm.core.catalog import Level
from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _
from ntm.core.recognition.revocation import RecognitionRules

__all__ = ["SatisfactionResult", "satisfaction_check"]

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class SatisfactionResult:
    """A survey's result against the condition.

    Attributes:
        asked: households or people asked.
        answered: those who answered (at most ``asked``).
        satisfied: those satisfied (at most ``answered``).
        denominator: ``answered`` or ``asked``, as the rules say.
        share: ``satisfied × 100 / denominator`` in %, exact; ``None`` with no one in the
            denominator (no value, never 0).
        required: the share the level asks for (%).
        verified: the condition is confirmed in the official text.
        met: ``satisfied × 100 ≥ required × denominator``; ``None`` without a share.
        missing: how many more satisfied answers the condition needs (0 when met).
    """

    asked: int
    answered: int
    satisfied: int
    denominator: str
    share: Decimal | None
    required: Decimal
    verified: bool
    met: bool | None
    missing: int | None


def satisfaction_check(
    rules: RecognitionRules, level: Level, *, asked: int, answered: int, satisfied: int
) -> SatisfactionResult:
    """The survey's share satisfied, exactly, against the level's condition.

    Example: 1,000 households asked, 980 answered, 925 satisfied, nâng cao (≥ 95%, of those
    who answered): 925 × 100 = 92,500 < 95 × 980 = 93,100, not met; 6 more satisfied
    answers are needed (931 × 100 ≥ 93,100).

    Raises:
        InputError: a negative count, more answers than people asked, more satisfied than
            answers, or a level the rules give no share for (the field names the count).
    """
    for name, value in (("asked", asked), ("answered", answered), ("satisfied", satisfied)):
        if value < 0:
            raise InputError(
                _("{name} cannot be negative: {value}").format(name=name, value=value),
                Location(field=name),
            )
    if answered > asked:
        raise InputError(
            _("{answered} answers but only {asked} asked").format(answered=answered, asked=asked),
            Location(field="answered"),
        )
    if satisfied > answered:
        raise InputError(
            _("{satisfied} satisfied but only {answered} answers").format(
                satisfied=satisfied, answered=answered
            ),
            Location(field="satisfied"),
        )
    required = rules.satisfaction.get(level)
    if required is None:
        raise InputError(
            _("no satisfaction share is set for level {level}").format(level=level.value),
            Location(field="level"),
        )
    denominator = answered if rules.satisfaction_denominator == "answered" else asked
    if denominator == 0:
        share, met, missing = None, None, None
    else:
        share = Decimal(satisfied) * _HUNDRED / Decimal(denominator)
        met = satisfied * _HUNDRED >= required * denominator
        missing = max(0, math.ceil(required * denominator / _HUNDRED) - satisfied)
    return SatisfactionResult(
        asked=asked,
        answered=answered,
        satisfied=satisfied,
        denominator=rules.satisfaction_denominator,
        share=share,
        required=required,
        verified=rules.satisfaction_verified,
        met=met,
        missing=missing,
    )
