"""The revocation rule of QĐ 18/2022/QĐ-TTg: when a recognised commune loses its recognition.

A commune recognised against a criteria set loses its recognition (thu hồi) when either

- (a) from 30% to under 50% of the set's criteria are no longer met, and they include one
  of the named criteria (Thu nhập; Môi trường và an toàn thực phẩm; Môi trường; Chất lượng
  môi trường sống; Quốc phòng và An ninh); or
- (b) 50% or more of them are no longer met

(``reference/recognition-procedure.md`` §5 [C]). The shares and names are data
(``ntm/registers/recognition-rules.yaml``), never constants here. Shares are compared
exactly, ``unmet × 100 ≥ share × total``; whether the official computation rounds is
VERIFY (§8.5), so :attr:`RevocationRule.rounding_verified` is false. For 19 criteria:
5 unmet never revoke, 6 to 9 revoke with a named criterion among them, 10 or more always.

:func:`revocation_check` also says how many more criteria may fail before the
recognition is lost (:attr:`RevocationCheck.margin`), so the commune and the province are
warned before it is too late.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from ntm.core.catalog import CriteriaSet, Level
from ntm.core.exceptions import CatalogError, InputError, Location
from ntm.core.i18n import _
from ntm.core.io.register_files import load_checked, shipped_text
from ntm.core.rules.results import Outcome, ReviewResult
from ntm.core.values import normalize_text

__all__ = [
    "RecognitionRules",
    "RevocationCheck",
    "RevocationOutcome",
    "RevocationRule",
    "revocation_check",
    "revocation_from_review",
]

_SHIPPED_FILE = "recognition-rules.yaml"
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class RevocationRule:
    """The commune revocation rule as the data file states it.

    Attributes:
        named_share_from: the share of criteria no longer met (%, inclusive) from which the
            recognition is lost when a named criterion is among them (30).
        share_from: the share (%, inclusive) from which it is lost whatever they are (50).
        named_criteria: the criteria names of rule (a), as the sets write them.
        source: the decision and the reference section.
        verified: the rule is confirmed in the cited source.
        rounding_verified: whether comparing exact shares is confirmed (it is not yet).
    """

    named_share_from: Decimal
    share_from: Decimal
    named_criteria: tuple[str, ...]
    source: str
    verified: bool
    rounding_verified: bool

    def is_named(self, criterion_name: str) -> bool:
        """Whether a criterion, by its name in the set, is one of rule (a)'s (any case)."""
        return normalize_text(criterion_name) in {
            normalize_text(name) for name in self.named_criteria
        }

    def smallest_count(self, share: Decimal, total: int) -> int:
        """The fewest criteria of ``total`` whose share reaches ``share`` %: the smallest n
        with n × 100 ≥ share × total (6 of 19 for 30%, 10 of 19 for 50%)."""
        return math.ceil(share * total / _HUNDRED)


@dataclass(frozen=True)
class RecognitionRules:
    """The rules of ``ntm/registers/recognition-rules.yaml``: the revocation rule, and the
    residents' satisfaction a recognition asks for at each level (%; [?], unverified), of
    the residents who answered or of all those asked (``satisfaction_denominator``).

    ``consultation_days`` is how long the commune's results report is published for
    comments before the dossier is sent (calendar days, first and last day included;
    recognition-procedure.md §2 "15 ngày" [?], ``consultation_verified`` false), with its
    ``consultation_source``.
    """

    revocation: RevocationRule
    satisfaction: Mapping[Level, Decimal]
    satisfaction_source: str
    satisfaction_verified: bool
    satisfaction_denominator: str = "answered"
    consultation_days: int = field(kw_only=True)
    consultation_source: str = field(kw_only=True)
    consultation_verified: bool = field(kw_only=True)

    @staticmethod
    def shipped() -> RecognitionRules:
        """The rules shipped with ntm, read once per process.

        Raises:
            CatalogError: the shipped file is wrong (a bug: the tests load it).
        """
        return _shipped()

    @staticmethod
    def from_file(path: Path) -> RecognitionRules:
        """Read a rules file (YAML, ``schema: ntm-recognition-rules/1``).

        Raises:
            OSError: the file cannot be read.
            CatalogError: the YAML is invalid or breaks the schema (the location names the
                file and the field), or the named share is not below the other.
        """
        return _parse(path.read_text("utf-8"), file=str(path))


class RevocationOutcome(StrEnum):
    """What the rule says of a recognition."""

    KEPT = "kept"
    REVOKED_WITH_NAMED = "revoked_with_named"
    """Rule (a): from 30% to under 50% no longer met, a named criterion among them."""
    REVOKED_BY_SHARE = "revoked_by_share"
    """Rule (b): 50% or more no longer met."""


@dataclass(frozen=True)
class RevocationCheck:
    """The rule applied to one recognition.

    Attributes:
        outcome: kept, or revoked by rule (a) or (b).
        unmet: the numbers of the criteria no longer met, sorted.
        total: how many criteria the set has.
        share: ``len(unmet) × 100 / total`` in %, exact (for display; the rule compares
            counts).
        named_unmet: the names of rule (a)'s criteria among the unmet.
        margin: how many more criteria may stop being met while the recognition is kept
            (0 when one more would revoke it, ``None`` once revoked). The fewest failures
            that revoke it: rule (b)'s count, or rule (a)'s count when a named criterion is
            unmet or still met (one of the new failures can be named).
        margin_unnamed: the same when none of the new failures is a named criterion (rule
            (b) only, unless a named criterion is unmet already); ``None`` once revoked.
            For 19 criteria all met: ``margin`` 5 (a sixth failure, named, revokes),
            ``margin_unnamed`` 9 (a tenth revokes, whatever it is).
        named_met: the names of rule (a)'s criteria still met (the ones whose failure
            would bring rule (a) into play).
        rule: the rule applied (with its source and verification flags).
    """

    outcome: RevocationOutcome
    unmet: tuple[int, ...]
    total: int
    share: Decimal
    named_unmet: tuple[str, ...]
    margin: int | None
    rule: RevocationRule
    margin_unnamed: int | None = None
    named_met: tuple[str, ...] = ()

    @property
    def revoked(self) -> bool:
        return self.outcome is not RevocationOutcome.KEPT


def revocation_check(
    rule: RevocationRule, criteria_set: CriteriaSet, unmet: Collection[int]
) -> RevocationCheck:
    """Apply the revocation rule to a commune recognised against ``criteria_set`` whose
    criteria ``unmet`` (numbers) are no longer met.

    Source: QĐ 18/2022/QĐ-TTg (recognition-procedure.md §5 [C]); exact shares (§8.5 VERIFY).

    Raises:
        InputError: a number is not a criterion of the set.
    """
    numbers = {criterion.number: criterion for criterion in criteria_set.criteria}
    unknown = sorted(set(unmet) - set(numbers))
    if unknown:
        raise InputError(
            _("criteria set {code} has no criterion {numbers}").format(
                code=criteria_set.code, numbers=", ".join(map(str, unknown))
            ),
            Location(field="unmet"),
        )
    total = len(numbers)
    failing = tuple(sorted(set(unmet)))
    named_unmet = tuple(numbers[n].name for n in failing if rule.is_named(numbers[n].name))
    named_still_met = any(
        rule.is_named(criterion.name) for n, criterion in numbers.items() if n not in failing
    )
    count = len(failing)
    named_count = rule.smallest_count(rule.named_share_from, total)
    share_count = rule.smallest_count(rule.share_from, total)
    if count >= share_count:
        outcome = RevocationOutcome.REVOKED_BY_SHARE
    elif count >= named_count and named_unmet:
        outcome = RevocationOutcome.REVOKED_WITH_NAMED
    else:
        outcome = RevocationOutcome.KEPT
    margin: int | None = None
    margin_unnamed: int | None = None
    if outcome is RevocationOutcome.KEPT:
        revoking = [share_count - count]
        if named_unmet or named_still_met:
            # With a named criterion unmet, reaching the named share is enough; otherwise one
            # of the new failures must be a named criterion, so at least one more is needed.
            revoking.append(max(named_count - count, 0 if named_unmet else 1))
        margin = min(revoking) - 1
        margin_unnamed = margin if named_unmet else share_count - count - 1
    return RevocationCheck(
        outcome=outcome,
        unmet=failing,
        total=total,
        share=Decimal(count) * _HUNDRED / Decimal(total) if total else Decimal(0),
        named_unmet=named_unmet,
        margin=margin,
        rule=rule,
        margin_unnamed=margin_unnamed,
        named_met=tuple(
            criterion.name
            for n, criterion in sorted(numbers.items())
            if n not in failing and rule.is_named(criterion.name)
        ),
    )


def revocation_from_review(
    rule: RevocationRule, criteria_set: CriteriaSet, result: ReviewResult
) -> RevocationCheck:
    """:func:`revocation_check` with the criteria the review finds not met (its outcome
    :attr:`Outcome.NOT_MET`, by the rule or as stated). A criterion the review cannot decide
    is not counted as lost: the check is only as good as the review's data."""
    unmet = [c.number for c in result.criteria if c.outcome is Outcome.NOT_MET]
    return revocation_check(rule, criteria_set, unmet)


# --- the data file -----------------------------------------------------------------------


def _parse(text: str, *, file: str) -> RecognitionRules:
    data = load_checked(text, file=file, schema="recognition-rules.json")
    commune: dict[str, Any] = data["revocation"]["commune"]
    rule = RevocationRule(
        named_share_from=Decimal(str(commune["named_share_from"])),
        share_from=Decimal(str(commune["share_from"])),
        named_criteria=tuple(commune["named_criteria"]),
        source=commune["source"],
        verified=commune["verified"],
        rounding_verified=commune["rounding_verified"],
    )
    if rule.named_share_from >= rule.share_from:
        raise CatalogError(
            _("the share of rule (a) must be below the share of rule (b)"),
            Location(file=file, field="revocation.commune.named_share_from"),
        )
    satisfaction: dict[str, Any] = data["satisfaction"]
    return RecognitionRules(
        revocation=rule,
        satisfaction={
            Level(level): Decimal(str(share)) for level, share in satisfaction["share_from"].items()
        },
        satisfaction_source=satisfaction["source"],
        satisfaction_verified=satisfaction["verified"],
        satisfaction_denominator=satisfaction["denominator"],
        consultation_days=data["consultation"]["days"],
        consultation_source=data["consultation"]["source"],
        consultation_verified=data["consultation"]["verified"],
    )


@cache
def _shipped() -> RecognitionRules:
    return _parse(shipped_text(_SHIPPED_FILE), file=_SHIPPED_FILE)
