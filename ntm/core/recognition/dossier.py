"""The commune's recognition dossier (hồ sơ đề nghị công nhận): what it holds, and what is
still missing before the commune may submit it.

:class:`DossierContent` gathers what the product already holds for one commune, level and
year: the review's result, the submission's header facts, the publication of the results
report for comments and the comments received, the minutes of the meeting, the
construction-debt statement, the residents' satisfaction survey and the evidence files per
criterion and indicator. ``ntm.documents.dossier`` writes its documents (recognition-
procedure.md §3 [M]: TTr, BC with the summary table, the summary of comments, BB, the debt
report, the satisfaction result) and ``ntm.documents.dossier_zip`` the ZIP; this module is
pure Python and never reads the evidence files.

:func:`dossier_missing` lists what stands in the way of submitting, each item a
:class:`Missing` with a stable ``code`` (see :data:`MISSING_CODES`). Facts the reference
leaves unconfirmed (the consultation period, the satisfaction share) come from
``ntm/registers/recognition-rules.yaml`` with ``verified: false``, and the items that rest
on them say so (:attr:`Missing.unconfirmed`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ntm.core.catalog import Level
from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _
from ntm.core.plan import IssuingBody, PartialDate, Signature
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.recognition.satisfaction import SatisfactionResult, satisfaction_check
from ntm.core.rules.results import IndicatorStatus, LevelStatus, Outcome, ReviewResult

__all__ = [
    "DISTRICTS_ABOLISHED",
    "MISSING_CODES",
    "Comment",
    "ConstructionDebt",
    "Consultation",
    "DebtItem",
    "DossierCommune",
    "DossierContent",
    "EvidenceItem",
    "HamletSatisfaction",
    "Meeting",
    "Missing",
    "SatisfactionSurvey",
    "Submission",
    "default_submission",
    "dossier_missing",
]

#: The first day without districts (huyện): from 1 July 2025 the commune deals with the
#: province directly (recognition-procedure.md §2 [M]).
DISTRICTS_ABOLISHED = datetime.date(2025, 7, 1)

#: Every :attr:`Missing.code`, in the order :func:`dossier_missing` lists them.
MISSING_CODES = (
    "criterion_not_met",
    "criterion_undecided",
    "level_prerequisite_missing",
    "model_condition_not_met",
    "evidence_missing",
    "evidence_unknown",
    "publication_missing",
    "publication_too_short",
    "meeting_missing",
    "debt_not_declared",
    "debt_outstanding",
    "satisfaction_missing",
    "satisfaction_no_answers",
    "satisfaction_below",
)


def _require(condition: bool, message: str, field_name: str) -> None:
    if not condition:
        raise InputError(message, Location(field=field_name))


def _check_count(name: str, value: int) -> None:
    _require(
        value >= 0, _("{name} cannot be negative: {value}").format(name=name, value=value), name
    )


# --- the parts of the dossier -------------------------------------------------------------


@dataclass(frozen=True)
class DossierCommune:
    """The commune that submits: ``name`` ("Phúc Chu"), ``code`` (the official
    administrative code, "05560") and ``kind`` ("Xã"; "Phường", "Đặc khu" for the other
    commune-level units)."""

    name: str
    code: str
    kind: str = "Xã"


@dataclass(frozen=True)
class Submission:
    """The tờ trình's own facts (NĐ 30/2020/NĐ-CP, Phụ lục I; document-format.md §2).

    Attributes:
        issuing_body: the commune's UBND, with the district's line above it until 30/6/2025.
        place: the place of the place-and-date line ("Phúc Chu").
        date: the submission's date; day and month may stay blank for the clerk.
        number: the document number, or ``None`` to leave it blank.
        signature: the signature block (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / name).
        recipient: who the dossier goes to, as the "Kính gửi:" line writes it: "Ủy ban nhân
            dân tỉnh Thái Nguyên" after 1/7/2025, the district's UBND before
            (recognition-procedure.md §2 [M]).
        recipients: the "Nơi nhận" list; the last is "Lưu: VT".
    """

    issuing_body: IssuingBody
    place: str
    date: PartialDate
    number: str | None
    signature: Signature
    recipient: str
    recipients: tuple[str, ...] = ("Lưu: VT",)


@dataclass(frozen=True)
class Consultation:
    """The publication of the commune's results report for the comments of the Front, the
    socio-political organisations and the residents (recognition-procedure.md §2 [M]).

    Attributes:
        start, end: the first and the last day it was published (inclusive).
        places: where, as text ("trụ sở UBND xã, nhà văn hóa các xóm, loa truyền thanh").

    Raises:
        InputError: ``end`` before ``start``.
    """

    start: datetime.date
    end: datetime.date
    places: str

    def __post_init__(self) -> None:
        _require(
            self.end >= self.start,
            _("the publication ends on {end} before it starts on {start}").format(
                end=self.end.isoformat(), start=self.start.isoformat()
            ),
            "consultation.end",
        )

    @property
    def days(self) -> int:
        """Calendar days published, first and last included (1 to 15 March: 15). Counting
        both ends is ntm's reading, unconfirmed (recognition-procedure.md §2 [?])."""
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Comment:
    """A comment received while the report was published.

    Attributes:
        source: who commented ("Ủy ban MTTQ Việt Nam xã", "Nhân dân xóm Bản Pấu").
        content: what they said.
        response: how the commune took it into account ("" when not yet answered).
    """

    source: str
    content: str
    response: str = ""


@dataclass(frozen=True)
class Meeting:
    """The meeting that agreed to ask for recognition (the biên bản, BB;
    recognition-procedure.md §3 [M]).

    Attributes:
        date: the day of the meeting.
        place: where ("Hội trường UBND xã Phúc Chu").
        chair, secretary: the chair's and the secretary's names (and titles, as written).
        attended, invited: people present and people invited.
        agreed: votes in favour of asking for recognition, of ``votes_total`` cast.
        conclusion: the meeting's conclusion, as text.
        body: who met ("Ban Chỉ đạo xây dựng nông thôn mới xã"), or "" to leave it blank.

    Raises:
        InputError: a negative count, more present than invited, more votes than people
            present, more in favour than votes cast.
    """

    date: datetime.date
    place: str
    chair: str
    secretary: str
    attended: int
    invited: int
    agreed: int
    votes_total: int
    conclusion: str
    body: str = ""

    def __post_init__(self) -> None:
        for name in ("attended", "invited", "agreed", "votes_total"):
            _check_count(f"meeting.{name}", getattr(self, name))
        _require(
            self.attended <= self.invited,
            _("{attended} present but only {invited} invited").format(
                attended=self.attended, invited=self.invited
            ),
            "meeting.attended",
        )
        _require(
            self.votes_total <= self.attended,
            _("{votes} votes but only {attended} present").format(
                votes=self.votes_total, attended=self.attended
            ),
            "meeting.votes_total",
        )
        _require(
            self.agreed <= self.votes_total,
            _("{agreed} in favour but only {votes} votes").format(
                agreed=self.agreed, votes=self.votes_total
            ),
            "meeting.agreed",
        )


@dataclass(frozen=True)
class DebtItem:
    """A work with construction debt outstanding: its name and the amount (Decimal,
    triệu đồng).

    Raises:
        InputError: a negative amount.
    """

    work: str
    amount: Decimal

    def __post_init__(self) -> None:
        _require(
            self.amount >= 0,
            _("a debt cannot be negative: {amount}").format(amount=self.amount),
            "debt.amount",
        )


@dataclass(frozen=True)
class ConstructionDebt:
    """The construction-debt statement (nợ đọng xây dựng cơ bản): ``items`` outstanding on
    ``as_of``. No items means the commune declares no debt; recognition needs none
    (recognition-procedure.md §3, §4 [M])."""

    items: tuple[DebtItem, ...]
    as_of: datetime.date

    @property
    def total(self) -> Decimal:
        """The sum of the amounts, triệu đồng, exact (0 with no items)."""
        return sum((item.amount for item in self.items), Decimal(0))


@dataclass(frozen=True)
class HamletSatisfaction:
    """One hamlet's (xóm's) survey counts, households."""

    hamlet: str
    asked: int
    answered: int
    satisfied: int


@dataclass(frozen=True)
class SatisfactionSurvey:
    """The residents' satisfaction survey: ``result`` from
    :func:`~ntm.core.recognition.satisfaction.satisfaction_check` (asked, answered,
    satisfied households, the share and the level's condition, [?] unverified), and the
    optional rows per hamlet, whose sums must equal the result's counts.

    Raises:
        InputError: the hamlets' sums differ from the totals, or a hamlet appears twice.
    """

    result: SatisfactionResult
    hamlets: tuple[HamletSatisfaction, ...] = ()

    def __post_init__(self) -> None:
        if not self.hamlets:
            return
        names = [row.hamlet for row in self.hamlets]
        twice = sorted({name for name in names if names.count(name) > 1})
        _require(
            not twice,
            _("hamlet {hamlet} appears twice").format(hamlet=", ".join(twice)),
            "satisfaction.hamlets",
        )
        for name in ("asked", "answered", "satisfied"):
            total = sum(getattr(row, name) for row in self.hamlets)
            expected = getattr(self.result, name)
            _require(
                total == expected,
                _("the hamlets' {name} add up to {total}, the survey says {expected}").format(
                    name=name, total=total, expected=expected
                ),
                f"satisfaction.{name}",
            )

    @classmethod
    def of(
        cls,
        rules: RecognitionRules,
        level: Level,
        *,
        asked: int,
        answered: int,
        satisfied: int,
        hamlets: tuple[HamletSatisfaction, ...] = (),
    ) -> SatisfactionSurvey:
        """The survey checked against ``level``'s share.

        Raises:
            InputError: as :func:`satisfaction_check`, or as the class.
        """
        result = satisfaction_check(
            rules, level, asked=asked, answered=answered, satisfied=satisfied
        )
        return cls(result=result, hamlets=hamlets)


@dataclass(frozen=True)
class EvidenceItem:
    """An evidence file (hồ sơ minh chứng) of a criterion or one of its indicators.

    Attributes:
        criterion: the criterion number.
        indicator: the indicator code ("9.2"), or "" for the criterion as a whole.
        name: the file's original name ("Biên bản rà soát nhà ở.pdf").
        path: where the file is on disk (the ZIP reads it from there).
        content_type: a label of its type ("PDF", "JPEG", "DOCX").
        size: its size in bytes.
        sha256: the hex SHA-256 of its bytes (the ZIP checks it while copying).
        description: what it shows.
    """

    criterion: int
    indicator: str
    name: str
    path: Path
    content_type: str
    size: int
    sha256: str
    description: str = ""


@dataclass(frozen=True)
class DossierContent:
    """Everything the dossier's documents and its completeness check need.

    Attributes:
        commune: the commune that submits.
        province: the province's name ("Thái Nguyên").
        district: the district's name ("Định Hóa") for a dossier before 1/7/2025, else None.
        level: the level asked for (basic, advanced, model).
        year: the recognition year ("đạt chuẩn … năm 2024").
        result: the review's evaluation; its criteria set is the level's (the nâng cao set
            for the model level, with the QĐ 319 conditions).
        submission: the tờ trình's header facts and recipient.
        consultation: the period the results report was published for comments, or None.
        comments: the comments received (none is a valid answer only with a publication).
        meeting: the meeting that agreed to ask for recognition, or None.
        debt: the construction-debt statement, or None when not declared.
        satisfaction: the residents' survey, or None.
        evidence: the evidence files.

    Raises:
        InputError: the review does not assess ``level`` (another set's result).
    """

    commune: DossierCommune
    province: str
    district: str | None
    level: Level
    year: int
    result: ReviewResult
    submission: Submission
    consultation: Consultation | None = None
    comments: tuple[Comment, ...] = ()
    meeting: Meeting | None = None
    debt: ConstructionDebt | None = None
    satisfaction: SatisfactionSurvey | None = None
    evidence: tuple[EvidenceItem, ...] = ()

    def __post_init__(self) -> None:
        status = next(
            (lv.status for lv in self.result.levels if lv.level is self.level),
            LevelStatus.NOT_ASSESSED,
        )
        _require(
            status is not LevelStatus.NOT_ASSESSED,
            _("the review of criteria set {code} does not assess level {level}").format(
                code=self.result.criteria_set.code, level=self.level.value
            ),
            "level",
        )

    def evidence_for(
        self, criterion: int, indicator: str | None = None
    ) -> tuple[EvidenceItem, ...]:
        """The evidence of a criterion (every file of it when ``indicator`` is None), or of
        one indicator ("" for the files on the criterion as a whole), in the given order."""
        return tuple(
            item
            for item in self.evidence
            if item.criterion == criterion and (indicator is None or item.indicator == indicator)
        )


def default_submission(
    commune: DossierCommune,
    *,
    province: str,
    district: str | None,
    date: PartialDate,
    number: str | None = None,
    signer: str = "",
) -> Submission:
    """The usual tờ trình header of a commune's UBND: the district's UBND as superior body
    and recipient until 30/6/2025, the province's UBND from 1/7/2025 (no district; whether
    a superior line is printed then is VERIFY, document-format.md §5.1, so none is);
    "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" with ``signer`` ("" leaves the name blank).

    Raises:
        InputError: a date before 1/7/2025 without a district (or that could be either
            side of it: only the year known, 2025).
    """
    after = date.earliest() >= DISTRICTS_ABOLISHED
    before = date.latest() < DISTRICTS_ABOLISHED
    parent: str | None = None
    if after:
        recipient = f"Ủy ban nhân dân tỉnh {province}"
    else:
        _require(
            before and district is not None,
            _(
                "a dossier dated before 1/7/2025 goes to the district: "
                "give the district and the full date"
            ),
            "district",
        )
        assert district is not None
        recipient = f"Ủy ban nhân dân huyện {district}"
        parent = f"UBND HUYỆN {district.upper()}"
    kind = commune.kind.upper()
    return Submission(
        issuing_body=IssuingBody(
            name="ỦY BAN NHÂN DÂN",
            unit=f"{kind} {commune.name.upper()}",
            abbreviation="UBND",
            parent=parent,
        ),
        place=commune.name,
        date=date,
        number=number,
        signature=Signature(head_title="CHỦ TỊCH", on_behalf_of="ỦY BAN NHÂN DÂN", name=signer),
        recipient=recipient,
        recipients=(recipient, "Lưu: VT"),
    )


# --- the completeness check ---------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """One thing that stands in the way of submitting the dossier.

    Attributes:
        code: stable, one of :data:`MISSING_CODES`.
        message: in the active language.
        criterion: the criterion number it concerns, or None.
        indicator: the indicator code, or "" (the criterion as a whole, or none).
        unconfirmed: it rests on a setting the reference has not confirmed (the
            consultation period, the satisfaction share: [?]).
    """

    code: str
    message: str
    criterion: int | None = None
    indicator: str = ""
    unconfirmed: bool = False


def dossier_missing(
    content: DossierContent, *, rules: RecognitionRules | None = None
) -> tuple[Missing, ...]:
    """What is missing before the commune may submit the dossier, in the order of
    :data:`MISSING_CODES` (criteria and evidence in the set's order). Empty: complete.

    Missing when (recognition-procedure.md §3, §4 [M] unless said):

    - a criterion of the set is not met, or cannot be decided: recognition needs all;
      for the advanced and model levels, a required level neither held nor reached; for the
      model level, a QĐ 319 condition not met or undecided;
    - a met indicator without an evidence file on it, or a met criterion without any
      evidence file (on it or its indicators); an evidence file of a criterion or
      indicator the set does not have;
    - no publication for comments, or one shorter than ``rules.consultation_days``
      (15 days [?], first and last day included);
    - no minutes of the meeting;
    - no debt statement, or debt outstanding (total > 0 triệu đồng: there must be none);
    - no satisfaction survey, no answers, or a share below the level's (90% / 95% [?]),
      recomputed here with ``rules`` for ``content.level`` (exact).

    ``rules`` defaults to :meth:`RecognitionRules.shipped`.

    Raises:
        InputError: the survey's counts are impossible (as :func:`satisfaction_check`).
    """
    rules = rules or RecognitionRules.shipped()
    missing: list[Missing] = []
    missing.extend(_criteria(content))
    missing.extend(_evidence(content))
    missing.extend(_consultation(content, rules))
    if content.meeting is None:
        missing.append(
            Missing(
                "meeting_missing",
                _("the minutes of the meeting that asks for recognition are missing"),
            )
        )
    missing.extend(_debt(content))
    missing.extend(_satisfaction(content, rules))
    order = {code: index for index, code in enumerate(MISSING_CODES)}
    return tuple(sorted(missing, key=lambda item: order[item.code]))


def _criteria(content: DossierContent) -> list[Missing]:
    missing: list[Missing] = []
    for criterion in content.result.criteria:
        values = {"number": criterion.number, "name": criterion.criterion.name}
        if criterion.outcome is Outcome.NOT_MET:
            missing.append(
                Missing(
                    "criterion_not_met",
                    _("criterion {number} ({name}) is not met").format(**values),
                    criterion.number,
                )
            )
        elif criterion.outcome is Outcome.UNDECIDED:
            missing.append(
                Missing(
                    "criterion_undecided",
                    _("criterion {number} ({name}) cannot be decided: its data is missing").format(
                        **values
                    ),
                    criterion.number,
                )
            )
    level = next(lv for lv in content.result.levels if lv.level is content.level)
    for required in level.missing_levels:
        missing.append(
            Missing(
                "level_prerequisite_missing",
                _("level {level} is required first: it is neither held nor reached").format(
                    level=required.label_vi
                ),
            )
        )
    if content.level is Level.MODEL:
        for condition in level.blocking_conditions:
            missing.append(
                Missing(
                    "model_condition_not_met",
                    _("the model-level condition {condition} is not met").format(
                        condition=condition
                    ),
                )
            )
        for condition in level.undecided_conditions:
            missing.append(
                Missing(
                    "model_condition_not_met",
                    _("the model-level condition {condition} cannot be decided").format(
                        condition=condition
                    ),
                )
            )
    return missing


def _evidence(content: DossierContent) -> list[Missing]:
    missing: list[Missing] = []
    known: Mapping[int, set[str]] = {
        c.number: {i.indicator.code for i in c.indicators} for c in content.result.criteria
    }
    for criterion in content.result.criteria:
        if criterion.outcome is not Outcome.MET:
            continue
        files = content.evidence_for(criterion.number)
        for indicator in criterion.indicators:
            code = indicator.indicator.code
            if indicator.status is IndicatorStatus.MET and not content.evidence_for(
                criterion.number, code
            ):
                missing.append(
                    Missing(
                        "evidence_missing",
                        _("indicator {code} is met but has no evidence file").format(code=code),
                        criterion.number,
                        code,
                    )
                )
        if not files:
            missing.append(
                Missing(
                    "evidence_missing",
                    _("criterion {number} ({name}) is met but has no evidence file").format(
                        number=criterion.number, name=criterion.criterion.name
                    ),
                    criterion.number,
                )
            )
    for item in content.evidence:
        indicators = known.get(item.criterion)
        if indicators is None or (item.indicator and item.indicator not in indicators):
            where = item.indicator or str(item.criterion)
            missing.append(
                Missing(
                    "evidence_unknown",
                    _(
                        "the evidence file {name} is filed under {where}, "
                        "which the set does not have"
                    ).format(name=item.name, where=where),
                    item.criterion,
                    item.indicator,
                )
            )
    return missing


def _consultation(content: DossierContent, rules: RecognitionRules) -> list[Missing]:
    unconfirmed = not rules.consultation_verified
    publication = content.consultation
    if publication is None:
        return [
            Missing(
                "publication_missing",
                _("the results report has not been published for comments"),
                unconfirmed=False,
            )
        ]
    if publication.days < rules.consultation_days:
        return [
            Missing(
                "publication_too_short",
                _(
                    "the results report was published for comments for {days} days, "
                    "fewer than {required}"
                ).format(days=publication.days, required=rules.consultation_days),
                unconfirmed=unconfirmed,
            )
        ]
    return []


def _debt(content: DossierContent) -> list[Missing]:
    debt = content.debt
    if debt is None:
        return [Missing("debt_not_declared", _("the construction-debt statement is missing"))]
    if debt.total > 0:
        return [
            Missing(
                "debt_outstanding",
                _(
                    "construction debt of {amount} million dong is outstanding: there must be none"
                ).format(amount=f"{debt.total.normalize():f}"),
            )
        ]
    return []


def _satisfaction(content: DossierContent, rules: RecognitionRules) -> list[Missing]:
    survey = content.satisfaction
    if survey is None:
        return [Missing("satisfaction_missing", _("the residents' satisfaction survey is missing"))]
    stored = survey.result
    result = satisfaction_check(
        rules,
        content.level,
        asked=stored.asked,
        answered=stored.answered,
        satisfied=stored.satisfied,
    )
    unconfirmed = not result.verified
    if result.met is None:
        return [
            Missing(
                "satisfaction_no_answers",
                _("the satisfaction survey has no answers"),
                unconfirmed=unconfirmed,
            )
        ]
    if not result.met:
        return [
            Missing(
                "satisfaction_below",
                _(
                    "{satisfied} of {denominator} residents are satisfied, below {required}%: "
                    "{more} more satisfied answers are needed"
                ).format(
                    satisfied=result.satisfied,
                    denominator=result.answered
                    if result.denominator == "answered"
                    else result.asked,
                    required=f"{result.required.normalize():f}",
                    more=result.missing,
                ),
                unconfirmed=unconfirmed,
            )
        ]
    return []
