"""The yearly plan (kế hoạch) of a commune: what the officer decides, apart from what the
review already knows.

A :class:`Plan` holds the document's own facts (issuing body, number, date and place,
subject, legal bases, signature, recipients), the officer's text (purposes, requirements,
general tasks, solutions) and the decisions of the year: the :class:`Target` criteria with
their measures, the :class:`Position` s of the commune and the :class:`Assignment` of each
(the criteria and tasks it leads, with a :class:`PartialDate` deadline). Which criteria are
met and which are not is never part of a plan: :func:`check_plan` takes it from the review.

The document layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I (Mẫu 1.4, a document with a
type name); see ``shared/reference/document-format.md``.
"""

from __future__ import annotations

import calendar
import datetime
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ntm.core.catalog import CriteriaSet, Level
from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _
from ntm.core.legal import Citation
from ntm.core.rules.results import Outcome, ReviewResult

__all__ = [
    "PLACEHOLDERS",
    "Assignment",
    "IssuingBody",
    "PartialDate",
    "Plan",
    "Position",
    "PositionRole",
    "Signature",
    "SigningMode",
    "Target",
    "assignment_values",
    "check_plan",
    "criterion_label",
    "expand_text",
]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date whose day, or day and month, may be left blank.

    A plan's date is often left blank for the clerk to fill in when the document is signed
    ("ngày … tháng … năm 2024"); a deadline is often a month ("tháng 12 năm 2024").

    Raises:
        InputError: (from :meth:`parse`) a text that is not "dd/mm/yyyy", "mm/yyyy" or
            "yyyy", or a date that does not exist ("30/02/2024").
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | int, *, location: Location | None = None) -> PartialDate:
        """Read "05/02/2024", "5/2/2024", "02/2024", "2024" (also with "-" or ".")."""
        where = location or Location()
        raw = str(text).strip()
        match = re.fullmatch(r"(?:(?:(\d{1,2})[/.-])?(\d{1,2})[/.-])?(\d{4})", raw)
        if match is None:
            raise InputError(
                _("'{text}' is not a date: write dd/mm/yyyy, mm/yyyy or yyyy").format(text=raw),
                where,
            )
        day_text, month_text, year_text = match.groups()
        year = int(year_text)
        if not 1945 <= year <= 2100:
            raise InputError(_("year {year} is out of range").format(year=year), where)
        month = None if month_text is None else int(month_text)
        if month is not None and not 1 <= month <= 12:
            raise InputError(
                _("the date {text} does not exist: there is no month {month}").format(
                    text=raw, month=month
                ),
                where,
            )
        day = None if day_text is None else int(day_text)
        if day == 0:
            raise InputError(
                _("the date {text} does not exist: there is no day 0").format(text=raw), where
            )
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise InputError(
                    _(
                        "the date {text} does not exist: month {month} of {year} has {days} days"
                    ).format(text=raw, month=month, year=year, days=last),
                    where,
                )
        return cls(year=year, month=month, day=day)

    @property
    def complete(self) -> bool:
        """Whether day, month and year are all known."""
        return self.day is not None and self.month is not None

    def earliest(self) -> datetime.date:
        """The first day the date can be (1 January when only the year is known)."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> datetime.date:
        """The last day the date can be (31 December when only the year is known)."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return datetime.date(self.year, month, day)

    def spelled(self) -> str:
        """As the body of a document writes it: "ngày 05 tháng 02 năm 2024",
        "tháng 12 năm 2024", "năm 2024" (NĐ 30/2020: days below 10 and months 1 and 2 take
        a leading zero)."""
        parts = []
        if self.day is not None:
            parts.append(f"ngày {self.day:02d}")
        if self.month is not None:
            parts.append(f"tháng {_month(self.month)}")
        parts.append(f"năm {self.year}")
        return " ".join(parts)

    def dated(self) -> str:
        """ "ngày 05 tháng 02 năm 2024"; blank parts stay blank for the clerk
        ("ngày    tháng    năm 2024")."""
        day = "    " if self.day is None else f"{self.day:02d}"
        month = "    " if self.month is None else _month(self.month)
        return f"ngày {day} tháng {month} năm {self.year}"

    def dated_line(self, place: str) -> str:
        """The place-and-date line of NĐ 30/2020 (Phụ lục I, mục II.6): "Phúc Chu, ngày 05
        tháng 02 năm 2024", blank parts left blank (see :meth:`dated`)."""
        return f"{place}, {self.dated()}"

    def __str__(self) -> str:
        parts = [] if self.day is None else [f"{self.day:02d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        parts.append(str(self.year))
        return "/".join(parts)


def _month(month: int) -> str:
    """NĐ 30/2020: months 1 and 2 take a leading zero ("tháng 01", "tháng 02", "tháng 12")."""
    return f"{month:02d}" if month < 3 else str(month)


@dataclass(frozen=True)
class IssuingBody:
    """The issuing body of the header (NĐ 30/2020, Phụ lục I, mục II.3).

    Attributes:
        name: the body, uppercase: "ỦY BAN NHÂN DÂN".
        unit: the administrative unit, uppercase: "XÃ PHÚC CHU".
        parent: the superior body line, or ``None`` (for 2024: "UBND HUYỆN ĐỊNH HÓA"; since
            1 July 2025 there is no district).
        abbreviation: in the number line ("Số: …/KH-UBND").
    """

    name: str
    unit: str
    abbreviation: str
    parent: str | None = None


class SigningMode(StrEnum):
    """How the signer signs (NĐ 30/2020, Phụ lục I, mục II.7): directly, or KT./Q./TL./TUQ."""

    DIRECT = "direct"
    KT = "KT"
    Q = "Q"
    TL = "TL"
    TUQ = "TUQ"


@dataclass(frozen=True)
class Signature:
    """The signature block: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Lộc Văn Dương".

    Attributes:
        head_title: the head's title: "CHỦ TỊCH".
        mode: DIRECT (the head signs), KT (a deputy signs for the head), Q (acting head),
            TL, TUQ (by order, by authorisation).
        title: the signer's own title when it differs from the head's ("PHÓ CHỦ TỊCH").
        on_behalf_of: the collective body signed for with "TM.", or ``None``.
        name: the signer's name, or ``""`` when not yet known.
    """

    head_title: str
    mode: SigningMode = SigningMode.DIRECT
    title: str | None = None
    on_behalf_of: str | None = None
    name: str = ""

    def lines(self) -> tuple[str, ...]:
        """The uppercase lines above the signature, e.g. ("TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")."""
        lines = [] if self.on_behalf_of is None else [f"TM. {self.on_behalf_of}"]
        if self.mode is SigningMode.DIRECT:
            lines.append(self.head_title)
        else:
            lines.append(f"{self.mode.value}. {self.head_title}")
        if self.title is not None:
            lines.append(self.title)
        return tuple(lines)


class PositionRole(StrEnum):
    """What a position is in the commune, for the product's roles."""

    COMMITTEE = "committee"  # Ban chỉ đạo, Ban quản lý
    OFFICER = "officer"  # cán bộ phụ trách NTM
    OFFICIAL = "official"  # công chức who owns criteria
    HAMLET_HEAD = "hamlet_head"  # trưởng thôn, trưởng xóm
    LEADER = "leader"  # Chủ tịch, Phó Chủ tịch


@dataclass(frozen=True)
class Position:
    """A position of the commune, by a stable code, with the label the document prints.

    ``code`` is canonical ("cong-chuc-van-hoa-xa-hoi") whatever way a document spells the
    label ("Công chức Văn hóa xã hội", "Công chức Văn hóa - Xã hội").
    """

    code: str
    label: str
    role: PositionRole
    holder: str = ""


@dataclass(frozen=True)
class Target:
    """A criterion to reach this year, at a level, with the measures (giải pháp) to get there."""

    criterion: int
    level: Level
    measures: tuple[str, ...] = ()
    location: Location = field(default_factory=Location)


@dataclass(frozen=True)
class Assignment:
    """A position's part in the plan (section III, Tổ chức thực hiện).

    Attributes:
        position: a :class:`Position` code of the plan.
        tasks: paragraphs; they may name ``{criteria}``, ``{deadline}``, ``{year}`` and
            ``{target_count}`` (see :data:`PLACEHOLDERS`).
        criteria: the criterion numbers the position leads.
        deadline: when the criteria's dossiers are due, or ``None``.
    """

    position: str
    tasks: tuple[str, ...] = ()
    criteria: tuple[int, ...] = ()
    deadline: PartialDate | None = None
    location: Location = field(default_factory=Location)


#: The names a plan's text may use in braces, and what each becomes.
PLACEHOLDERS: Mapping[str, str] = {
    "criteria": "the criteria the position leads: 'tiêu chí số 9 - Nhà ở dân cư'",
    "deadline": "the assignment's deadline: 'tháng 12 năm 2024'",
    "year": "the plan's year: '2024'",
    "target_count": "how many criteria the plan targets: '3'",
}


@dataclass(frozen=True)
class Plan:
    """A commune's yearly plan, as the officer writes it.

    ``review`` is where the review comes from (a file path, relative to the plan file);
    the met and unmet criteria are that review's, never the plan's.

    Attributes:
        year: the plan's year.
        date: the document date (day and month may stay blank); ``number`` the document
            number, or ``None`` to leave it blank for the clerk.
        subject: the trích yếu, "Thực hiện Chương trình xây dựng nông thôn mới nâng cao xã
            Phúc Chu năm 2024".
        legal_bases: the "Căn cứ" citations, in the document's order.
        preamble: the lead-in sentence after them.
        level: the level the plan works towards: its criteria set's.
    """

    commune: str
    year: int
    place: str
    date: PartialDate
    number: str | None
    issuing_body: IssuingBody
    subject: str
    level: Level
    signature: Signature
    legal_bases: tuple[Citation, ...] = ()
    preamble: str = ""
    purposes: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    general_tasks: tuple[str, ...] = ()
    solutions: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    positions: tuple[Position, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    recipients: tuple[str, ...] = ()
    review: str = ""
    file: str = ""

    def position(self, code: str) -> Position | None:
        """The position with that code, or ``None``."""
        return next((p for p in self.positions if p.code == code), None)

    def texts(self) -> list[tuple[str, str]]:
        """The officer's texts other than the assignments', with their field names:
        ``("purposes[0]", "Tiếp tục hoàn thiện …")``. They may use ``{year}`` and
        ``{target_count}``."""
        texts = [("subject", self.subject)]
        if self.preamble:
            texts.append(("preamble", self.preamble))
        for name in ("purposes", "requirements", "general_tasks", "solutions"):
            texts.extend((f"{name}[{i}]", text) for i, text in enumerate(getattr(self, name)))
        for index, target in enumerate(self.targets):
            texts.extend(
                (f"targets[{index}].measures[{i}]", text) for i, text in enumerate(target.measures)
            )
        return texts

    def values(self) -> dict[str, str]:
        """The placeholder values every text of the plan may use."""
        return {"year": str(self.year), "target_count": str(len(self.targets))}


def criterion_label(criteria_set: CriteriaSet, number: int, *, capital: bool = True) -> str:
    """ "Tiêu chí số 9 - Nhà ở dân cư" (or "tiêu chí số 9 - …" inside a sentence), with the
    criterion's name as the set gives it.

    Raises:
        CatalogError: the set has no such criterion.
    """
    word = "Tiêu chí" if capital else "tiêu chí"
    return f"{word} số {number} - {criteria_set.criterion(number).name}"


def expand_text(text: str, values: Mapping[str, str], *, location: Location) -> str:
    """Replace the ``{name}`` placeholders of a plan's text.

    ``{{`` and ``}}`` stand for literal braces.

    Raises:
        InputError: a placeholder that is not in :data:`PLACEHOLDERS`, or one that has no
            value here (``{deadline}`` in an assignment without a deadline), or a stray brace.
    """
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise InputError(
            _("a single brace in the text: write {{ or }} for a literal brace"), location
        ) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name in PLACEHOLDERS and (spec or conversion):
            written = "{" + name + (f"!{conversion}" if conversion else "")
            written += (f":{spec}" if spec else "") + "}"
            raise InputError(
                _(
                    "{written}: a placeholder takes no conversion or format: write {{{name}}}"
                ).format(written=written, name=name),
                location,
            )
        if name not in PLACEHOLDERS:
            raise InputError(
                _("unknown placeholder {{{name}}}; the known ones are: {known}").format(
                    name=name, known=", ".join("{" + key + "}" for key in PLACEHOLDERS)
                ),
                location,
            )
        if name not in values:
            raise InputError(
                _("the placeholder {{{name}}} has no value here").format(name=name), location
            )
    return text.format_map(dict(values))


def check_plan(plan: Plan, result: ReviewResult) -> tuple[str, ...]:
    """Check a plan against its review; return the warnings.

    Raises:
        InputError: a target or an assignment names a criterion the set does not have; a
            target is already met; the same criterion is targeted twice or named twice in
            an assignment; an assignment names a position the plan does not define; a
            deadline falls before the plan's date; a text uses an unknown placeholder.
    """
    criteria_set = result.criteria_set
    outcomes = {criterion.number: criterion.outcome for criterion in result.criteria}
    warnings: list[str] = []
    seen: dict[int, Location] = {}
    for target in plan.targets:
        where = target.location.with_(field=f"{target.location.field}.criterion")
        _check_criterion(criteria_set, target.criterion, where)
        if target.criterion in seen:
            raise InputError(
                _("criterion {number} is targeted twice").format(number=target.criterion), where
            )
        seen[target.criterion] = where
        if outcomes[target.criterion] is Outcome.MET:
            raise InputError(
                _(
                    "criterion {number} is already met according to the review: "
                    "a target must be a criterion not yet met"
                ).format(number=target.criterion),
                where,
            )
        if outcomes[target.criterion] is Outcome.UNDECIDED:
            warnings.append(
                _(
                    "{where}: the review cannot decide criterion {number}; "
                    "it is targeted all the same"
                ).format(where=where.describe(), number=target.criterion)
            )
    for assignment in plan.assignments:
        base = assignment.location
        if plan.position(assignment.position) is None:
            raise InputError(
                _("position '{code}' is not among the plan's positions: {known}").format(
                    code=assignment.position,
                    known=", ".join(p.code for p in plan.positions) or "-",
                ),
                base.with_(field=f"{base.field}.position"),
            )
        for index, number in enumerate(assignment.criteria):
            at = base.with_(field=f"{base.field}.criteria[{index}]")
            _check_criterion(criteria_set, number, at)
            if number in assignment.criteria[:index]:
                raise InputError(_("criterion {number} is named twice").format(number=number), at)
        deadline = assignment.deadline
        if deadline is not None and deadline.year > plan.year:
            warnings.append(
                _("{where}: the deadline {deadline} is after the plan's year {year}").format(
                    where=base.with_(field=f"{base.field}.deadline").describe(),
                    deadline=deadline.spelled(),
                    year=plan.year,
                )
            )
        if deadline is not None and deadline.latest() < plan.date.earliest():
            raise InputError(
                _("the deadline {deadline} falls before the plan's date {date}").format(
                    deadline=deadline.spelled(), date=plan.date.spelled()
                ),
                base.with_(field=f"{base.field}.deadline"),
            )
        for index, text in enumerate(assignment.tasks):
            expand_text(
                text,
                assignment_values(plan, assignment, criteria_set),
                location=base.with_(field=f"{base.field}.tasks[{index}]"),
            )
    for name, text in plan.texts():
        expand_text(text, plan.values(), location=Location(file=plan.file, field=name))
    targeted_without_owner = [
        target.criterion
        for target in plan.targets
        if not any(target.criterion in a.criteria for a in plan.assignments)
    ]
    if targeted_without_owner:
        warnings.append(
            _("no position leads the targeted criteria {numbers}").format(
                numbers=", ".join(map(str, targeted_without_owner))
            )
        )
    return tuple(warnings)


def assignment_values(
    plan: Plan, assignment: Assignment, criteria_set: CriteriaSet
) -> dict[str, str]:
    """The placeholder values for one assignment's text (see :data:`PLACEHOLDERS`)."""
    values = plan.values()
    if assignment.criteria:
        values["criteria"] = _join(
            criterion_label(criteria_set, number, capital=False) for number in assignment.criteria
        )
    if assignment.deadline is not None:
        values["deadline"] = assignment.deadline.spelled()
    return values


def _join(items: Iterable[str]) -> str:
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " và " + listed[-1]


def _check_criterion(criteria_set: CriteriaSet, number: int, where: Location) -> None:
    if not criteria_set.has_criterion(number):
        raise InputError(
            _("the criteria set {code} has no criterion {number} (it has 1 to {count})").format(
                code=criteria_set.code, number=number, count=criteria_set.criteria_count
            ),
            where,
        )
