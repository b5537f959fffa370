"""The residents' satisfaction survey (lấy ý kiến sự hài lòng của người dân): its questions,
its XLSForm for phones, the answers read back, and the tally checked against the
recognition condition.

The survey result is document 6 of a commune's recognition dossier
(``reference/recognition-procedure.md`` §3 [M]), and the share satisfied is a condition of
recognition: ≥ 90% for xã NTM, ≥ 95% for nâng cao and kiểu mẫu (§4 [?], unverified until
the conditions article of QĐ 18/2022/QĐ-TTg is checked; the shares are in
``ntm/registers/recognition-rules.yaml``, compared by
:func:`~ntm.core.recognition.satisfaction.satisfaction_check`).

- :class:`SurveyForm`: the questions, from ``ntm/registers/khao-sat-hai-long.yaml``
  (schema ``ntm/core/schemas/satisfaction-survey.json``). The questions are ntm's proposal,
  not an official form (``verified: false``). One of them, the overall question, decides
  whether a respondent is satisfied; whether its "Không ý kiến" answer counts as an answer
  is a setting of the same file (default: answered, not satisfied; VERIFY).
- :func:`build_survey_xlsform`: the XLSForm for KoboToolbox or ODK Collect (form id
  ``ntm_hai_long``); the shipped copy is ``ntm/registers/khao-sat-hai-long-xlsform.xlsx``.
- :class:`SurveyTally`: per hamlet, the households asked, those who answered and those
  satisfied, and their totals; built from counts entered from paper
  (:meth:`SurveyTally.from_counts`, or a file of them: :func:`read_survey_counts`) or from
  the export of the XLSForm (:func:`read_survey_answers`). Impossible counts are refused
  with an :class:`~ntm.core.exceptions.InputError` naming the file, sheet, row and column:
  nothing is built.

Files are XLSX (read with python-calamine, after the same checks as the household
register's: a workbook, not a renamed document, and not one whose cells reach past a
plausible size) or CSV (UTF-8, ``,`` ``;`` or tab). Headers are compared as
:func:`~ntm.core.households.fields.header_key` compares them: without case, diacritics or
punctuation, so "Số hộ được hỏi", "so ho duoc hoi" and "SO_HO_DUOC_HOI" are one header.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook, SheetTypeEnum

from ntm.core.catalog import Level
from ntm.core.exceptions import CatalogError, InputError, Location
from ntm.core.households.fields import Cell, CellError, header_key, read_int, read_text

# The register reader's checks of an uploaded workbook, shared rather than copied.
from ntm.core.households.workbooks import (
    XLSX_READ_ERRORS,
    ZIP_MAGIC,
    check_extent,
    check_spreadsheet,
    check_text_head,
    damaged_xlsx,
    sheet_rows,
)
from ntm.core.i18n import _
from ntm.core.io.register_files import load_checked, shipped_text
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.recognition.satisfaction import SatisfactionResult, satisfaction_check

__all__ = [
    "FORM_ID",
    "SURVEY_COLUMNS",
    "Answer",
    "CountRow",
    "HamletCount",
    "SurveyChoice",
    "SurveyForm",
    "SurveyQuestion",
    "SurveyTally",
    "build_survey_xlsform",
    "read_survey_answers",
    "read_survey_counts",
]

_SHIPPED_FILE = "khao-sat-hai-long.yaml"

#: The form's id on the server; the file format, not translated.
FORM_ID = "ntm_hai_long"
_VI, _EN = "Vietnamese (vi)", "English (en)"
#: The columns of the XLSForm's survey sheet.
SURVEY_COLUMNS = (
    "type",
    "name",
    f"label::{_VI}",
    f"label::{_EN}",
    f"hint::{_VI}",
    f"hint::{_EN}",
    "required",
    "calculation",
)
_CHOICE_COLUMNS = ("list_name", "name", f"label::{_VI}", f"label::{_EN}")
_SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language")

#: The form's own fields before the questions: (name, label vi, label en, hint vi, hint en,
#: required). Their names are the columns :func:`read_survey_answers` reads.
_COMMUNE, _HAMLET, _HOUSEHOLD, _RESPONDENT = "ma_xa", "xom", "ma_ho", "nguoi_tra_loi"
_FIXED_FIELDS: tuple[tuple[str, str, str, str, str, bool], ...] = (
    (
        _HAMLET,
        "Mã xóm (thôn)",
        "Hamlet code",
        "Mã xóm, thôn như trong sổ hộ của xã.",
        "The hamlet's code, as in the commune's household register.",
        True,
    ),
    (
        _HOUSEHOLD,
        "Mã hộ",
        "Household code",
        "Mã hộ như trong sổ hộ của xã; mỗi hộ trả lời một lần.",
        "The household's code, as in the register; one answer per household.",
        True,
    ),
    (_RESPONDENT, "Họ tên người trả lời", "Respondent's name", "", "", False),
)
_RESERVED = frozenset({_COMMUNE, _HAMLET, _HOUSEHOLD, _RESPONDENT, "start", "end"})
_COMMUNE_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")


# --- The form ----------------------------------------------------------------------------


class Answer(StrEnum):
    """What a choice of a survey question means for the tally."""

    SATISFIED = "satisfied"
    NOT_SATISFIED = "not_satisfied"
    NO_OPINION = "no_opinion"


@dataclass(frozen=True)
class SurveyChoice:
    """One answer a question offers: its XLSForm name (``hai_long``), what it means, and its
    labels ("Hài lòng", "Satisfied")."""

    name: str
    meaning: Answer
    label_vi: str
    label_en: str

    def matches(self, text: str) -> bool:
        """Whether a cell of an export holds this choice: its name or either label, without
        case or diacritics ("hai_long", "Hài lòng", "satisfied")."""
        key = header_key(text)
        return key in (header_key(self.name), header_key(self.label_vi), header_key(self.label_en))


@dataclass(frozen=True)
class SurveyQuestion:
    """One question of the survey.

    Attributes:
        id: its XLSForm name, the column of the export (``hai_long_chung``).
        label_vi: the question in Vietnamese, as asked.
        label_en: the question in English.
        list_name: the XLSForm list of its choices (``muc_do_hai_long``).
        choices: the answers offered, in order.
        required: the form refuses a submission without an answer.
        hint_vi: a hint under the question ("" for none).
        hint_en: the same in English.
    """

    id: str
    label_vi: str
    label_en: str
    list_name: str
    choices: tuple[SurveyChoice, ...]
    required: bool
    hint_vi: str = ""
    hint_en: str = ""

    def choice(self, text: str) -> SurveyChoice | None:
        """The choice a cell of an export holds (see :meth:`SurveyChoice.matches`), or None."""
        return next((choice for choice in self.choices if choice.matches(text)), None)


@dataclass(frozen=True)
class SurveyForm:
    """The satisfaction survey as ``ntm/registers/khao-sat-hai-long.yaml`` states it.

    Attributes:
        title_vi: the survey's title (the XLSForm's form title).
        title_en: the same in English.
        version: the form's version on the server ("2025.1").
        questions: every question, the overall one first or not, in form order.
        overall_id: the id of the question that decides "satisfied".
        no_opinion_answered: a "no opinion" answer counts as an answer (in the denominator,
            not satisfied); else as no answer. A setting, VERIFY.
        no_opinion_source: where that setting comes from.
        no_opinion_verified: the setting is confirmed in an official text (it is not).
        source: where the questions come from: ntm's proposal, not an official form.
        verified: the questions are an official form (they are not).
    """

    title_vi: str
    title_en: str
    version: str
    questions: tuple[SurveyQuestion, ...]
    overall_id: str
    no_opinion_answered: bool
    no_opinion_source: str
    no_opinion_verified: bool
    source: str
    verified: bool

    @property
    def overall(self) -> SurveyQuestion:
        """The question that decides whether a respondent is satisfied."""
        return next(q for q in self.questions if q.id == self.overall_id)

    def counts_as_answered(self, answer: Answer) -> bool:
        """Whether an answer to the overall question is counted as an answer (satisfied
        and not satisfied always are; "no opinion" as :attr:`no_opinion_answered` says)."""
        return answer is not Answer.NO_OPINION or self.no_opinion_answered

    @staticmethod
    def shipped() -> SurveyForm:
        """The survey shipped with ntm, read once per process.

        Raises:
            CatalogError: the shipped file is wrong (a bug: the tests load it).
        """
        return _shipped()

    @staticmethod
    def from_file(path: Path) -> SurveyForm:
        """Read a survey file (YAML, ``schema: ntm-satisfaction-survey/1``), e.g. a
        province's own questions.

        Raises:
            OSError: the file cannot be read.
            CatalogError: the YAML is invalid or breaks the schema; the overall question or
                a question's list of choices does not exist; two questions share an id or a
                list two choice names; a question takes a name the form uses for itself
                (``ma_xa``, ``xom``, ``ma_ho``, ``nguoi_tra_loi``, ``start``, ``end``); the
                overall question is optional or has no "satisfied" choice. The location
                names the file and the field.
        """
        return _parse(path.read_text("utf-8"), file=str(path))


def _parse(text: str, *, file: str) -> SurveyForm:
    data = load_checked(text, file=file, schema="satisfaction-survey.json")
    lists: dict[str, tuple[SurveyChoice, ...]] = {}
    for list_name, items in data["choice_lists"].items():
        names = [item["name"] for item in items]
        if len(set(names)) != len(names):
            raise CatalogError(
                _("two choices of list {name} have the same name").format(name=list_name),
                Location(file=file, field=f"choice_lists.{list_name}"),
            )
        lists[list_name] = tuple(
            SurveyChoice(
                name=item["name"],
                meaning=Answer(item["meaning"]),
                label_vi=_nfc(item["label"]["vi"]),
                label_en=item["label"]["en"],
            )
            for item in items
        )
    questions: list[SurveyQuestion] = []
    for index, item in enumerate(data["questions"]):
        where = Location(file=file, field=f"questions.{index}")
        if item["id"] in _RESERVED:
            raise CatalogError(
                _("question id {id} is a name the form uses for itself").format(id=item["id"]),
                where,
            )
        if any(question.id == item["id"] for question in questions):
            raise CatalogError(_("question id {id} appears twice").format(id=item["id"]), where)
        if item["choices"] not in lists:
            raise CatalogError(
                _("no list of choices is named {name}").format(name=item["choices"]), where
            )
        hint = item.get("hint", {"vi": "", "en": ""})
        questions.append(
            SurveyQuestion(
                id=item["id"],
                label_vi=_nfc(item["label"]["vi"]),
                label_en=item["label"]["en"],
                list_name=item["choices"],
                choices=lists[item["choices"]],
                required=item["required"],
                hint_vi=_nfc(hint["vi"]),
                hint_en=hint["en"],
            )
        )
    overall = next((q for q in questions if q.id == data["overall"]), None)
    where = Location(file=file, field="overall")
    if overall is None:
        raise CatalogError(_("no question has the id {id}").format(id=data["overall"]), where)
    if not overall.required:
        raise CatalogError(_("the overall question must be required"), where)
    if not any(choice.meaning is Answer.SATISFIED for choice in overall.choices):
        raise CatalogError(_("the overall question has no 'satisfied' choice"), where)
    no_opinion: dict[str, Any] = data["no_opinion"]
    return SurveyForm(
        title_vi=_nfc(data["title"]["vi"]),
        title_en=data["title"]["en"],
        version=data["version"],
        questions=tuple(questions),
        overall_id=overall.id,
        no_opinion_answered=no_opinion["answered"],
        no_opinion_source=no_opinion["source"],
        no_opinion_verified=no_opinion["verified"],
        source=data["source"],
        verified=data["verified"],
    )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@cache
def _shipped() -> SurveyForm:
    return _parse(shipped_text(_SHIPPED_FILE), file=_SHIPPED_FILE)


# --- The XLSForm -------------------------------------------------------------------------


def _survey_rows(form: SurveyForm, commune_code: str | None) -> list[list[str]]:
    blank = [""] * (len(SURVEY_COLUMNS) - 2)
    rows: list[list[str]] = [["start", "start", *blank], ["end", "end", *blank]]
    if commune_code is None:
        rows.append(
            ["text", _COMMUNE, "Mã xã", "Commune code",
             "Mã xã theo danh mục đơn vị hành chính.", "The commune's official code.", "yes", ""]
        )  # fmt: skip
    else:
        rows.append(["calculate", _COMMUNE, "", "", "", "", "", f"'{commune_code}'"])
    for name, label_vi, label_en, hint_vi, hint_en, required in _FIXED_FIELDS:
        rows.append(["text", name, label_vi, label_en, hint_vi, hint_en, _yes(required), ""])
    for question in form.questions:
        rows.append(
            [
                f"select_one {question.list_name}",
                question.id,
                question.label_vi,
                question.label_en,
                question.hint_vi,
                question.hint_en,
                _yes(question.required),
                "",
            ]
        )
    return rows


def _yes(required: bool) -> str:
    return "yes" if required else ""


def _choice_rows(form: SurveyForm) -> list[list[str]]:
    rows: list[list[str]] = []
    written: set[str] = set()
    for question in form.questions:
        if question.list_name in written:
            continue
        written.add(question.list_name)
        rows.extend(
            [question.list_name, choice.name, choice.label_vi, choice.label_en]
            for choice in question.choices
        )
    return rows


def build_survey_xlsform(form: SurveyForm, *, commune_code: str | None = None) -> bytes:
    """The survey as an XLSForm (https://xlsform.org) for KoboToolbox or ODK Collect: an
    .xlsx with the sheets survey, choices and settings, labels in Vietnamese and English,
    form id ``ntm_hai_long``.

    The form asks, for each household: the commune's code (``ma_xa``), the hamlet's code
    (``xom``), the household's code (``ma_ho``), the respondent's name (``nguoi_tra_loi``,
    optional), then the form's questions (``select_one`` of their lists; the overall one
    required). Its export reads back with :func:`read_survey_answers`.

    Args:
        form: the questions (:meth:`SurveyForm.shipped`, or a province's own file).
        commune_code: the commune's official code; when given it is written into every
            submission (a ``calculate`` field) and into the form's title, and the
            enumerator is not asked for it.

    Returns:
        The workbook's bytes.

    Raises:
        InputError: a commune code that is not letters, digits, ".", "_" or "-" (up to 32):
            it is written into an XPath expression (field ``commune_code``).
    """
    if commune_code is not None and not _COMMUNE_CODE.match(commune_code):
        raise InputError(
            _("not a commune code: {code}").format(code=repr(commune_code)),
            Location(field="commune_code"),
        )
    title = form.title_vi if commune_code is None else f"{form.title_vi} (xã {commune_code})"
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    sheets = (
        ("survey", SURVEY_COLUMNS, _survey_rows(form, commune_code), (18, 18, 50, 50, 40, 40, 9)),
        ("choices", _CHOICE_COLUMNS, _choice_rows(form), (18, 18, 24, 24)),
        ("settings", _SETTINGS_COLUMNS, [[title, FORM_ID, form.version, _VI]], (50, 16, 10, 18)),
    )
    for name, columns, rows, widths in sheets:
        sheet = workbook.create_sheet(name)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([value or None for value in row])
        sheet.freeze_panes = "A2"
        for letter, width in zip("ABCDEFGH", widths, strict=False):
            sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The tally ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HamletCount:
    """One hamlet's survey counts (households, or persons when the commune asked persons).

    Attributes:
        hamlet: the hamlet's code or name, as written.
        asked: households asked.
        answered: those who answered (at most ``asked``).
        satisfied: those satisfied (at most ``answered``).
    """

    hamlet: str
    asked: int
    answered: int
    satisfied: int


class CountRow(NamedTuple):
    """One row of counts as entered (from paper, a web form, or a file): the cells as
    given, read by :meth:`SurveyTally.from_counts`.

    ``row`` is the row's number in its file (``None``: its position in the list, from 1).
    """

    hamlet: Cell
    asked: Cell
    answered: Cell
    satisfied: Cell
    row: int | None = None


#: The fields of a count row, in order; also the ``field`` of an error's location.
_COUNT_FIELDS = ("hamlet", "asked", "answered", "satisfied")
#: A hamlet cell that marks the total row of a table, not a hamlet.
_TOTAL_WORDS = frozenset(
    header_key(word) for word in ("Tổng", "Tổng cộng", "Tổng số", "Cộng", "Toàn xã", "Total")
)
#: A whole number with Vietnamese thousands points ("1.200").
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


@dataclass(frozen=True)
class SurveyTally:
    """The survey's counts per hamlet, in the order given, and their totals.

    Build it with :meth:`from_counts`, :func:`read_survey_counts` or
    :func:`read_survey_answers`: every count is then a whole number, not negative, with
    ``satisfied ≤ answered ≤ asked`` in each hamlet, and each hamlet once.
    """

    hamlets: tuple[HamletCount, ...]

    @property
    def asked(self) -> int:
        """Households asked in the commune (the hamlets' sum)."""
        return sum(hamlet.asked for hamlet in self.hamlets)

    @property
    def answered(self) -> int:
        """Households that answered (the hamlets' sum)."""
        return sum(hamlet.answered for hamlet in self.hamlets)

    @property
    def satisfied(self) -> int:
        """Households satisfied (the hamlets' sum)."""
        return sum(hamlet.satisfied for hamlet in self.hamlets)

    @property
    def by_hamlet(self) -> dict[str, HamletCount]:
        """The hamlets by their code or name as written."""
        return {hamlet.hamlet: hamlet for hamlet in self.hamlets}

    def check(self, rules: RecognitionRules, level: Level) -> SatisfactionResult:
        """The commune's share satisfied against the level's condition (≥ 90% for xã NTM,
        ≥ 95% for nâng cao and kiểu mẫu, of those who answered: recognition-procedure.md §4
        [?], unverified), exactly, by
        :func:`~ntm.core.recognition.satisfaction.satisfaction_check`.

        Raises:
            InputError: the rules give no share for ``level``.
        """
        return satisfaction_check(
            rules, level, asked=self.asked, answered=self.answered, satisfied=self.satisfied
        )

    @staticmethod
    def from_counts(
        rows: Iterable[CountRow | Sequence[Cell]],
        *,
        file: str | None = None,
        sheet: str | None = None,
        headers: Sequence[str] | None = None,
    ) -> SurveyTally:
        """The tally of counts entered from paper: one row per hamlet, (hamlet, asked,
        answered, satisfied). Counts may be given as numbers or as text ("38", "1.200").
        A row whose hamlet is "Tổng", "Tổng cộng", "Cộng", "Toàn xã" or "Total" is the
        table's total: it is not a hamlet, and its counts must be the hamlets' sums.

        Example: hamlets 40/38/37, 30/30/29, 25/20/19 make 95 asked, 88 answered, 85
        satisfied.

        Args:
            rows: :class:`CountRow` values, or sequences of the four cells.
            file: the file the rows come from (in errors), if any.
            sheet: its sheet, if any.
            headers: the four columns' headers as the file writes them (in errors).

        Raises:
            InputError: a blank hamlet or count (a missing count is never 0), a count that
                is not a whole number ("12,5") or is negative, more answers than households
                asked or more satisfied than answers, a hamlet twice (both rows named), a
                total row that differs from the sums, or no hamlet at all. The location
                names the file, sheet, row, column (the header) and field.
        """
        counts: list[HamletCount] = []
        seen: dict[str, int] = {}
        total: tuple[int, tuple[int, int, int]] | None = None
        for position, raw in enumerate(rows, start=1):
            if isinstance(raw, CountRow):
                entry = raw
            else:
                hamlet_cell, asked_cell, answered_cell, satisfied_cell = raw
                entry = CountRow(hamlet_cell, asked_cell, answered_cell, satisfied_cell)
            number = entry.row if entry.row is not None else position

            def where(index: int, number: int = number) -> Location:
                column = headers[index] if headers is not None else None
                return Location(
                    file=file, sheet=sheet, row=number, column=column, field=_COUNT_FIELDS[index]
                )

            hamlet = _nfc(read_text(entry.hamlet))
            if not hamlet:
                raise InputError(_("the hamlet is missing"), where(0))
            asked, answered, satisfied = (
                _count(cell, where(index)) for index, cell in enumerate(entry[1:4], start=1)
            )
            if answered > asked:
                raise InputError(
                    _(
                        "hamlet {hamlet}: {answered} households answered but only {asked} "
                        "were asked"
                    ).format(hamlet=hamlet, answered=answered, asked=asked),
                    where(2),
                )
            if satisfied > answered:
                raise InputError(
                    _(
                        "hamlet {hamlet}: {satisfied} households satisfied but only "
                        "{answered} answered"
                    ).format(hamlet=hamlet, satisfied=satisfied, answered=answered),
                    where(3),
                )
            key = header_key(hamlet)
            if key in _TOTAL_WORDS:
                if total is not None:
                    raise InputError(_("the table has two total rows"), where(0))
                total = (number, (asked, answered, satisfied))
                continue
            if key in seen:
                raise InputError(
                    _("hamlet {hamlet} is listed twice: rows {first} and {second}").format(
                        hamlet=hamlet, first=seen[key], second=number
                    ),
                    where(0),
                )
            seen[key] = number
            counts.append(HamletCount(hamlet, asked, answered, satisfied))
        if not counts:
            raise InputError(_("no hamlet is listed"), Location(file=file, sheet=sheet))
        tally = SurveyTally(tuple(counts))
        if total is not None:
            number, stated = total
            sums = (tally.asked, tally.answered, tally.satisfied)
            for index, (given, computed) in enumerate(zip(stated, sums, strict=True), start=1):
                if given != computed:
                    column = headers[index] if headers is not None else None
                    raise InputError(
                        _(
                            "the total row says {stated}, but the hamlets add up to {computed}"
                        ).format(stated=given, computed=computed),
                        Location(
                            file=file,
                            sheet=sheet,
                            row=number,
                            column=column,
                            field=_COUNT_FIELDS[index],
                        ),
                    )
        return tally


def _count(raw: Cell, where: Location) -> int:
    """A count: a whole number, not negative; text with Vietnamese thousands points too."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise InputError(_("the count is missing (a blank is not 0)"), where)
    try:
        value = read_int(raw)
    except CellError:
        text = raw.strip() if isinstance(raw, str) else ""
        if not _THOUSANDS.match(text):
            raise InputError(
                _("{value} is not a whole number of households").format(value=repr(read_text(raw))),
                where,
            ) from None
        value = int(text.replace(".", ""))
    if value < 0:
        raise InputError(_("a count cannot be negative: {value}").format(value=value), where)
    return value


# --- Files -------------------------------------------------------------------------------


_HEADER_SCAN = 10  # non-blank rows searched for the header row
_SKIPPED_SHEETS = frozenset(
    header_key(name) for name in ("Hướng dẫn", "guide", "survey", "choices", "settings")
)

_HAMLET_ALIASES = ("xóm", "thôn", "xóm thôn", "thôn xóm", "tên xóm", "mã xóm", "tên thôn",
                   "mã thôn", "tên xóm thôn", "tên thôn xóm", "ấp", "bản", "tổ dân phố", "hamlet",
                   "hamlet code")  # fmt: skip
#: Each column's headers; the first is the one messages name.
_COUNT_ALIASES: dict[str, tuple[str, ...]] = {
    "hamlet": ("Xóm", *_HAMLET_ALIASES),
    "asked": (
        "Số hộ được hỏi",
        "số hộ được lấy ý kiến",
        "số hộ hỏi",
        "số người được hỏi",
        "số người được lấy ý kiến",
        "số phiếu phát ra",
        "được hỏi",
        "asked",
        "households asked",
    ),
    "answered": (
        "Số hộ trả lời",
        "số người trả lời",
        "số phiếu thu về",
        "số phiếu trả lời",
        "số phiếu hợp lệ",
        "trả lời",
        "answered",
        "households answered",
    ),
    "satisfied": (
        "Số hộ hài lòng",
        "số người hài lòng",
        "số phiếu hài lòng",
        "hài lòng",
        "satisfied",
        "households satisfied",
    ),
}
_ANSWER_ALIASES: dict[str, tuple[str, ...]] = {
    "household": (_HOUSEHOLD, "mã hộ", "mã hộ gia đình", "mã số hộ", "household code"),
    "hamlet": (_HAMLET, *_HAMLET_ALIASES),
}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass(frozen=True)
class _Grid:
    """A worksheet (or a whole CSV file): its rows that are not blank, numbered from 1."""

    sheet: str | None
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]


def _header_keys(text: str) -> set[str]:
    """The forms a header is compared by: whole, without bracketed units ("Số hộ (hộ)"),
    and its last part after an export's group path (``nhom/ma_ho``; ``nhom-ma_ho`` when
    the part has no space)."""
    text = text.strip()
    keys = {header_key(text), header_key(_BRACKETS.sub(" ", text))}
    last = text.rsplit("/", 1)[-1]  # Kobo: "nhom/ma_ho", "Hộ gia đình/Mã hộ"
    if " " not in last:
        last = last.rsplit("-", 1)[-1]  # ODK Central: "nhom-ma_ho"
    keys |= {header_key(last), header_key(_BRACKETS.sub(" ", last))}
    keys.discard("")
    return keys


def _find_columns(
    grids: Sequence[_Grid], aliases: Mapping[str, Sequence[str]], file: str
) -> tuple[_Grid, int, dict[str, int], tuple[str, ...]]:
    """The first sheet whose header row (among its first ten non-blank rows, the first that
    names two of the columns) names every column of ``aliases``.

    Returns:
        The sheet, the header's row number, each column's index, the header texts.

    Raises:
        InputError: no sheet has such a row, or it lacks a column (the error names them).
    """
    wanted = {name: {header_key(alias) for alias in names} for name, names in aliases.items()}

    def columns_of(cells: Sequence[Cell]) -> dict[str, int]:
        found: dict[str, int] = {}
        for index, cell in enumerate(cells):
            keys = _header_keys(read_text(cell))
            for name, known in wanted.items():
                if name not in found and keys & known:
                    found[name] = index
                    break
        return found

    for grid in grids:
        for number, cells in grid.rows[:_HEADER_SCAN]:
            found = columns_of(cells)
            if len(found) < 2:
                continue
            missing = [aliases[name][0] for name in wanted if name not in found]
            if missing:
                raise InputError(
                    _("the header row has no column {columns}").format(
                        columns=", ".join(f"'{name}'" for name in missing)
                    ),
                    Location(file=file, sheet=grid.sheet, row=number),
                )
            headers = tuple(_nfc(read_text(cell)) for cell in cells)
            return grid, number, found, headers
    raise InputError(
        _("no header row names the columns {columns}").format(
            columns=", ".join(f"'{names[0]}'" for names in aliases.values())
        ),
        Location(file=file),
    )


def _grids(data: bytes, file: str) -> list[_Grid]:
    """The tables of an XLSX workbook (its worksheets, guidance and XLSForm sheets skipped)
    or of a CSV file, told apart by content and the name's extension.

    Raises:
        InputError: empty, not XLSX or CSV (a PDF, an old .xls), damaged, too large, not
            UTF-8 text.
    """
    where = Location(file=file)
    suffix = Path(file).suffix.lower()
    if not data.strip():
        raise InputError(_("the file is empty"), where)
    if data.startswith(ZIP_MAGIC):
        if suffix not in (".xlsx", ".xlsm", ""):
            raise InputError(
                _("this is a spreadsheet (XLSX) but its name ends in {suffix}").format(
                    suffix=suffix
                ),
                where,
            )
        return _xlsx_grids(data, file)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise InputError(
            _(
                "not a spreadsheet: an .xlsx file is a ZIP archive and this one is not "
                "(an old .xls or a renamed file? save it again as .xlsx)"
            ),
            where,
        )
    if suffix not in (".csv", ".txt", ""):
        raise InputError(
            _("unknown file type ({suffix}): give an .xlsx or a .csv file").format(suffix=suffix),
            where,
        )
    return [_csv_grid(data, file)]


def _xlsx_grids(data: bytes, file: str) -> list[_Grid]:
    where = Location(file=file)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_spreadsheet(archive.namelist(), where)
            check_extent(archive, where)
        strings: dict[str, str] = {}
        grids: list[_Grid] = []
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            for meta in book.sheets_metadata:
                if meta.typ != SheetTypeEnum.WorkSheet or header_key(meta.name) in _SKIPPED_SHEETS:
                    continue
                sheet = book.get_sheet_by_name(meta.name)
                if sheet.start is None:  # no cell at all
                    continue
                rows = tuple(
                    (number, tuple(cells))
                    for number, cells in sheet_rows(sheet, strings)
                    if any(read_text(cell) for cell in cells)
                )
                grids.append(_Grid(meta.name, rows))
    except XLSX_READ_ERRORS as error:
        raise damaged_xlsx(error, where) from None
    return grids


def _csv_grid(data: bytes, file: str) -> _Grid:
    where = Location(file=file)
    check_text_head(data[:4096], where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            _(
                "not UTF-8 text (line {line}): save the file as 'CSV UTF-8' "
                "(Excel: Save As, 'CSV UTF-8 (Comma delimited)')"
            ).format(line=line),
            where,
        ) from None
    # The separator used most in the first lines (a title line above the header may have none).
    sample = "\n".join(text.split("\n", 20)[:20])
    counts = {mark: sample.count(mark) for mark in (",", ";", "\t")}
    delimiter = max(counts, key=lambda mark: counts[mark]) if any(counts.values()) else ","
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append((reader.line_num, tuple(record)))
    except csv.Error as error:
        raise InputError(
            _("not a readable CSV file: {reason}").format(reason=error),
            where.with_(row=reader.line_num),
        ) from None
    return _Grid(None, tuple(rows))


def _cells(cells: Sequence[Cell], index: int) -> Cell:
    return cells[index] if index < len(cells) else None


def read_survey_counts(data: bytes, *, file: str) -> SurveyTally:
    """The tally of a table of counts entered from paper: an XLSX or CSV file with the
    columns Xóm | Số hộ được hỏi | Số hộ trả lời | Số hộ hài lòng (one row per hamlet; an
    optional total row, see :meth:`SurveyTally.from_counts`; other columns ignored).

    Headers are found among the first ten non-blank rows of the first sheet that has
    them, without case or diacritics; also accepted: Thôn, Thôn/Xóm, Tên xóm, Mã xóm, Ấp,
    Bản, Tổ dân phố; Số hộ được lấy ý kiến, Số phiếu phát ra; Số phiếu thu về, Số phiếu
    trả lời, Số phiếu hợp lệ; Số phiếu hài lòng; "Số người …" for each; the English
    hamlet, asked, answered, satisfied. A bracketed unit ("Số hộ được hỏi (hộ)") is ignored.

    Args:
        data: the file's bytes.
        file: its name, as shown in errors (its extension tells CSV from XLSX).

    Raises:
        InputError: the file cannot be read (see the module's notes), has no header row
            with the four columns, or a row is wrong (as :meth:`SurveyTally.from_counts`,
            located at its file, sheet, row and column).
    """
    grid, header, columns, headers = _find_columns(_grids(data, file), _COUNT_ALIASES, file)
    indexes = [columns[name] for name in _COUNT_FIELDS]
    hamlet, asked, answered, satisfied = indexes
    rows = [
        CountRow(
            _cells(cells, hamlet),
            _cells(cells, asked),
            _cells(cells, answered),
            _cells(cells, satisfied),
            row=number,
        )
        for number, cells in grid.rows
        if number > header and any(read_text(_cells(cells, index)) for index in indexes)
    ]
    return SurveyTally.from_counts(
        rows, file=file, sheet=grid.sheet, headers=[headers[index] for index in indexes]
    )


def read_survey_answers(
    data: bytes,
    *,
    file: str,
    asked: Mapping[str, int],
    form: SurveyForm | None = None,
) -> SurveyTally:
    """The tally of the survey's answers collected with the XLSForm
    (:func:`build_survey_xlsform`): the KoboToolbox XLSX or CSV export, or the ODK Central
    submissions CSV, one row per household that answered.

    The columns read: ``xom`` (the hamlet), ``ma_ho`` (the household) and the overall
    question (``hai_long_chung``); group paths (``nhom/ma_ho``, ``nhom-ma_ho``) are cut, the
    headers "Xóm", "Mã hộ" and the question's labels accepted (an export with labels), and
    every other column ignored. An answer is a choice's name or label ("hai_long",
    "Hài lòng"). "Satisfied" counts as answered and satisfied, "not satisfied" as answered,
    "no opinion" as the form's setting says (:attr:`SurveyForm.no_opinion_answered`).

    Args:
        data: the export's bytes.
        file: its name, as shown in errors.
        asked: households asked per hamlet code (the hamlets of the tally, in this order;
            a hamlet without answers has 0 answered). Matched to the export's hamlet
            without case or diacritics.
        form: the survey (default :meth:`SurveyForm.shipped`).

    Raises:
        InputError: the file cannot be read or lacks a column; a row without a hamlet, a
            household code or an overall answer, or with an answer the question does not
            offer; the same household code twice (both rows named); a hamlet not in
            ``asked``; more households answering in a hamlet than it had asked (at the
            row that goes beyond). ``asked`` itself: empty, a hamlet twice, a negative
            count (field ``asked``).
    """
    form = form or SurveyForm.shipped()
    question = form.overall
    hamlets: dict[str, str] = {}
    for code, count in asked.items():
        key = header_key(code)
        place = Location(field="asked")
        if not key:
            raise InputError(_("the hamlet is missing"), place)
        if key in hamlets:
            raise InputError(_("hamlet {hamlet} is listed twice").format(hamlet=code), place)
        if count < 0:
            raise InputError(_("a count cannot be negative: {value}").format(value=count), place)
        hamlets[key] = code
    if not hamlets:
        raise InputError(_("no hamlet is listed"), Location(field="asked"))
    aliases = {
        **_ANSWER_ALIASES,
        "answer": (question.id, question.label_vi, question.label_en),
    }
    grid, header, columns, headers = _find_columns(_grids(data, file), aliases, file)
    submitted = dict.fromkeys(hamlets.values(), 0)
    answered = dict.fromkeys(hamlets.values(), 0)
    satisfied = dict.fromkeys(hamlets.values(), 0)
    households: dict[str, int] = {}
    for number, cells in grid.rows:
        if number <= header:
            continue

        def where(name: str, number: int = number) -> Location:
            return Location(file=file, sheet=grid.sheet, row=number, column=headers[columns[name]])

        hamlet_text = read_text(_cells(cells, columns["hamlet"]))
        household = _nfc(read_text(_cells(cells, columns["household"])))
        answer_text = read_text(_cells(cells, columns["answer"]))
        if not household:
            raise InputError(_("the household code is missing"), where("household"))
        if not hamlet_text:
            raise InputError(_("the hamlet is missing"), where("hamlet"))
        key = household.casefold()
        if key in households:
            raise InputError(
                _("household {code} answered twice: rows {first} and {second}").format(
                    code=household, first=households[key], second=number
                ),
                where("household"),
            )
        households[key] = number
        hamlet = hamlets.get(header_key(hamlet_text))
        if hamlet is None:
            raise InputError(
                _("hamlet {hamlet} is not among the hamlets asked ({hamlets})").format(
                    hamlet=hamlet_text, hamlets=", ".join(hamlets.values())
                ),
                where("hamlet"),
            )
        if not answer_text:
            raise InputError(_("the overall question has no answer"), where("answer"))
        choice = question.choice(answer_text)
        if choice is None:
            raise InputError(
                _("{value} is not an answer to the question (expected {choices})").format(
                    value=repr(answer_text),
                    choices=", ".join(choice.label_vi for choice in question.choices),
                ),
                where("answer"),
            )
        submitted[hamlet] += 1
        if submitted[hamlet] > asked[hamlet]:
            raise InputError(
                _(
                    "hamlet {hamlet}: {answered} households answered but only {asked} were asked"
                ).format(hamlet=hamlet, answered=submitted[hamlet], asked=asked[hamlet]),
                where("hamlet"),
            )
        if form.counts_as_answered(choice.meaning):
            answered[hamlet] += 1
        if choice.meaning is Answer.SATISFIED:
            satisfied[hamlet] += 1
    return SurveyTally.from_counts(
        CountRow(code, asked[code], answered[code], satisfied[code]) for code in hamlets.values()
    )
