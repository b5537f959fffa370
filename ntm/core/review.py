"""What a review (rà soát) is made of: the commune, the year, the set, and the readings.

A :class:`Reading` is one line of a commune's summary table: an indicator's value (or a
numerator and denominator, or "Đạt" for a yes/no indicator), with the qualifier and
status kept apart from the number, whether it was self-assessed or checked by the level
above, the verdict the commune itself stated, and where it came from. A reading with
``criterion`` set and no ``indicator`` carries only the commune's verdict on a whole
criterion, as plans such as the Phúc Chu 2024 plan state it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ntm.core.catalog import Level
from ntm.core.exceptions import Location
from ntm.core.values import ParsedValue, Verdict

__all__ = [
    "Assessment",
    "Claim",
    "Commune",
    "HeldRecognition",
    "Reading",
    "ReviewInput",
]


class Assessment(StrEnum):
    """Who vouches for a reading: the commune (tự đánh giá), thẩm tra or thẩm định."""

    SELF_ASSESSED = "self_assessed"
    VERIFIED = "verified"
    APPRAISED = "appraised"


@dataclass(frozen=True)
class Commune:
    """The commune under review, identified by its official code (mã đơn vị hành chính).

    ``region`` (one of the 7 region codes, 2021-2025) or ``commune_group`` (1-3,
    2026-2030) selects the thresholds. QĐ 318/QĐ-TTg: an especially disadvantaged or
    ATK commune uses the TDMNPB thresholds whatever its region; give ``TDMNPB`` then.
    """

    name: str
    code: str | None = None
    province: str = ""
    region: str | None = None
    commune_group: int | None = None


@dataclass(frozen=True)
class Reading:
    """One indicator reading, or the commune's verdict on a whole criterion.

    Attributes:
        indicator: the indicator code ("9.1"), or ``None`` for a criterion-level verdict.
        criterion: the criterion number (always set).
        value: a stated number with its qualifier and status; for ratios the percentage.
        numerator, denominator: for ratios, the counts (e.g. 812 hộ of 860 hộ).
        result: for yes/no indicators, the result column ("Đạt" → MET).
        verdict: the verdict the document states (tự đánh giá / kết quả thẩm tra).
        assessment: who vouches for the reading.
        source: where the value comes from (a document, a register and its date).
        location: where the reading sits in its file, for messages.
    """

    criterion: int
    indicator: str | None = None
    value: ParsedValue | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    result: Verdict | None = None
    verdict: Verdict | None = None
    assessment: Assessment = Assessment.SELF_ASSESSED
    source: str = ""
    note: str = ""
    location: Location = field(default_factory=Location)

    @property
    def has_measure(self) -> bool:
        """Whether the reading carries something the rule can evaluate."""
        return self.value is not None or self.numerator is not None or self.result is not None


@dataclass(frozen=True)
class HeldRecognition:
    """A level the commune already holds (e.g. xã NTM recognised in 2018), with its decision."""

    level: Level
    year: int | None = None
    decision: str = ""
    source: str = ""


@dataclass(frozen=True)
class Claim:
    """What the document claims overall: "đạt 19/19 tiêu chí", proposed for a level."""

    criteria_met: int | None = None
    level: Level | None = None
    source: str = ""


@dataclass(frozen=True)
class ReviewInput:
    """Everything a review is evaluated from.

    ``criteria_set`` is a set code, possibly with overlays ("xa-ntm-nang-cao-2021-2025+
    thai-nguyen-qd-2194-2022"). ``readings`` are in file order.
    """

    commune: Commune
    year: int
    criteria_set: str
    readings: tuple[Reading, ...]
    recognitions: tuple[HeldRecognition, ...] = ()
    claim: Claim | None = None
    title: str = ""
    source: str = ""
    file: str = ""
