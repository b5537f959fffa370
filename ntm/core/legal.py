"""The registry of legal bases (sổ đăng ký văn bản căn cứ), and checks of what a document cites.

A commune plan, report or tờ trình opens with "Căn cứ …" lines citing decisions, e.g.
"Căn cứ Quyết định số 2194/QĐ-UBND ngày 15/9/2022 của UBND tỉnh Thái Nguyên về việc ban
hành Bộ tiêu chí …;". Real documents carry citation errors: "242/QĐ-TTg" for 342/QĐ-TTg,
"126/QGG-UBND ngày 23/2/2015" for 126/QĐ-UBND ngày 23/01/2015 (reference cases 22 and 23).
:meth:`LegalRegistry.check` compares a :class:`Citation` with the registered
:class:`LegalDocument` and returns :class:`CitationWarning` values; it never raises for a
wrong citation.

The registry ships as ``ntm/registers/legal-bases.yaml`` and follows the JSON Schema
``ntm/core/schemas/legal-bases.json``. Like the criteria data, every entry records its
``source`` and whether it is ``verified``; an unknown date or title is ``None``, never guessed.
Each entry may name the criteria sets it issues (``criteria_sets``) and those it amends,
guides or whose recognition it governs (``applies_to``), so a plan generator can suggest
the bases for a set with :meth:`LegalRegistry.suggest`.

Dates in citations are written day/month/year, the day with two digits and the month
without a leading zero except January and February ("15/9/2022", "08/3/2022",
"23/01/2015"), the NĐ 30/2020/NĐ-CP rule as the reference gives it (document-format.md §2, [M]).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from ntm.core.exceptions import CatalogError, Location
from ntm.core.i18n import _
from ntm.core.io.register_files import load_checked, shipped_text

__all__ = [
    "Citation",
    "CitationWarning",
    "CitationWarningKind",
    "LegalDocument",
    "LegalRegistry",
    "LegalScope",
]

#: The shipped registry, in ``ntm/registers/`` (apart from the criteria catalogs).
_SHIPPED_FILE = "legal-bases.yaml"


class LegalScope(StrEnum):
    """Who issued a document: the State (Quốc hội, Chính phủ, Thủ tướng), a ministry, a province."""

    NATIONAL = "national"
    MINISTRY = "ministry"
    PROVINCE = "province"


#: The order of the "Căn cứ" lines: national before ministry before provincial (case 23).
_SCOPE_ORDER = {LegalScope.NATIONAL: 0, LegalScope.MINISTRY: 1, LegalScope.PROVINCE: 2}


@dataclass(frozen=True)
class LegalDocument:
    """One registered document.

    Attributes:
        id: a slug, e.g. ``qd-318-2022-ttg``.
        kind: the type as printed before "số": "Quyết định", "Nghị định", "Nghị quyết",
            "Thông tư", "Công văn", "Hướng dẫn".
        number: as printed after "số": "318/QĐ-TTg", "18/2022/QĐ-TTg", "2194/QĐ-UBND".
        date: the signing date, or ``None`` when the reference does not give it.
        issuer: as printed after "của": "Thủ tướng Chính phủ", "UBND tỉnh Thái Nguyên".
        title: the trích yếu ("về việc …", "ban hành …"), or ``None`` when not known word for word.
        scope: national, ministry or province.
        verified: every fact of the entry is confirmed ([C]) in the cited source.
        source: the URL or reference section the facts come from.
        province: the province of a provincial document.
        criteria_sets: the criteria-set or overlay codes the document issues.
        applies_to: the set codes it amends, guides, or whose recognition it governs.
    """

    id: str
    kind: str
    number: str
    date: datetime.date | None
    issuer: str
    title: str | None
    scope: LegalScope
    verified: bool
    source: str
    province: str | None = None
    note: str = ""
    criteria_sets: tuple[str, ...] = ()
    applies_to: tuple[str, ...] = ()

    def cite(self) -> str:
        """The standard citation text; the date and the title are left out when unknown.

        E.g. "Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ".
        """
        return _citation_text(self.kind, self.number, self.date, self.issuer, self.title or "")


@dataclass(frozen=True)
class Citation:
    """What a document cites: "Quyết định số 2194/QĐ-UBND ngày 15/9/2022 của UBND tỉnh …".

    Empty strings and a ``None`` date stand for parts the document leaves out; ``location``
    says where the citation sits (file, row, field) for the warnings' messages.
    """

    kind: str
    number: str
    date: datetime.date | None = None
    issuer: str = ""
    title: str = ""
    location: Location = field(default_factory=Location)

    def text(self) -> str:
        """The citation in the standard form of :meth:`LegalDocument.cite`."""
        return _citation_text(self.kind, self.number, self.date, self.issuer, self.title)


class CitationWarningKind(StrEnum):
    """What is wrong with a citation."""

    DATE_MISMATCH = "date_mismatch"
    ISSUER_MISMATCH = "issuer_mismatch"
    NUMBER_SUSPECT = "number_suspect"
    KIND_MISMATCH = "kind_mismatch"


@dataclass(frozen=True)
class CitationWarning:
    """A citation that disagrees with the registry, and the registered document it points at.

    ``message`` is in the active language and names the citation's location when known,
    the cited value and the registry's (marked "not yet verified" when the entry is not).
    """

    kind: CitationWarningKind
    citation: Citation
    registered: LegalDocument
    message: str


@dataclass(frozen=True)
class LegalRegistry:
    """The registered documents, found by id, by number, or by the criteria set they serve.

    Ids and numbers are unique (numbers compared as :meth:`find` does); the constructor
    raises :class:`CatalogError` otherwise.
    """

    documents: tuple[LegalDocument, ...]
    _by_id: dict[str, LegalDocument] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )
    _by_number: dict[str, LegalDocument] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for document in self.documents:
            if document.id in self._by_id:
                raise CatalogError(
                    _("legal document {id} appears twice").format(id=document.id),
                    Location(field=f"{document.id}.id"),
                )
            key = _number_key(document.number)
            other = self._by_number.get(key)
            if other is not None:
                raise CatalogError(
                    _("number {number} is also used by legal document {other}").format(
                        number=document.number, other=other.id
                    ),
                    Location(field=f"{document.id}.number"),
                )
            self._by_id[document.id] = document
            self._by_number[key] = document

    @staticmethod
    def shipped() -> LegalRegistry:
        """The registry shipped with ntm (``ntm/catalogs/legal-bases.yml``), read once per process.

        Raises:
            CatalogError: the shipped file is wrong (a bug: the tests load it).
        """
        return _shipped()

    @staticmethod
    def from_file(path: Path) -> LegalRegistry:
        """Read a registry file (YAML, ``schema: ntm-legal-bases/1``).

        Raises:
            OSError: the file cannot be read.
            CatalogError: the YAML is invalid, breaks the schema, holds an impossible date, or
                repeats an id or a number; the location names the file and the entry.
        """
        return _parse(path.read_text("utf-8"), file=str(path))

    def get(self, id: str) -> LegalDocument:
        """The document with that id.

        Raises:
            CatalogError: no document has that id.
        """
        found = self._by_id.get(id)
        if found is None:
            raise CatalogError(_("unknown legal document '{id}'").format(id=id))
        return found

    def find(self, number: str) -> LegalDocument | None:
        """The document with that number, or ``None``.

        Numbers match case-insensitively, without spaces, in Unicode NFC, with "Đ" and "D"
        alike ("QD" = "QĐ", "ND" = "NĐ") and any dash as "-". Text before the first digit is
        ignored, so "QĐ 318/QĐ-TTg" and "số 318/QĐ - TTg" find 318/QĐ-TTg.
        """
        return self._by_number.get(_number_key(number))

    def for_criteria_set(self, code: str) -> tuple[LegalDocument, ...]:
        """The documents issuing a set code, for "set+overlay" codes the set's then each overlay's.

        ``xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022`` gives QĐ 318/QĐ-TTg, then
        QĐ 2194/QĐ-UBND. An unknown code gives nothing.
        """
        found: dict[str, LegalDocument] = {}
        for part in code.split("+"):
            for document in self.documents:
                if part in document.criteria_sets:
                    found.setdefault(document.id, document)
        return tuple(found.values())

    def suggest(self, criteria_set_code: str) -> tuple[LegalDocument, ...]:
        """The documents to cite for a set: those issuing it and those applying to it.

        Ordered national, then ministry, then provincial (the order of case 23's tờ trình),
        and by date inside each (unknown dates last, then registry order). Unverified entries
        are included: check ``verified`` before printing one as law.
        """
        parts = set(criteria_set_code.split("+"))
        chosen = [
            document
            for document in self.documents
            if parts & {*document.criteria_sets, *document.applies_to}
        ]
        return tuple(sorted(chosen, key=_suggestion_order))

    def is_registered(self, citation: Citation) -> bool:
        """Whether the citation's number is registered (a Party resolution, "01-NQ/ĐU", is not)."""
        return self.find(citation.number) is not None

    def check(self, citation: Citation) -> tuple[CitationWarning, ...]:
        """Compare a citation with the registry.

        A registered number gives a warning for each part that differs: KIND_MISMATCH,
        DATE_MISMATCH (dates compared exactly; none when either date is unknown),
        ISSUER_MISMATCH (issuers compared ignoring case, "UBND" = "Ủy ban nhân dân", old and
        new tone placement "Hoà" = "Hòa").

        A number not in the registry gives NUMBER_SUSPECT for the registered documents it
        most likely means, chosen among those of the same issuer (of the same kind when the
        citation names no issuer) that have, in order of strength: a number one slip away
        (numbers differing by one character with the same symbol, "242/QĐ-TTg" for
        "342/QĐ-TTg"; or the same number and issuing body with another type abbreviation,
        "126/QGG-UBND" for "126/QĐ-UBND"), the same title, or the same date. The message
        shows the registered citation with its date, so "126/QGG-UBND ngày 23/2/2015" gives
        one NUMBER_SUSPECT naming "126/QĐ-UBND ngày 23/01/2015" and no DATE_MISMATCH: the
        registry cannot know that an unregistered number means that document. A number that
        resembles nothing gives no warning.
        """
        registered = self.find(citation.number)
        if registered is not None:
            return tuple(_mismatches(citation, registered))
        return tuple(self._suspects(citation))

    def _suspects(self, citation: Citation) -> Iterator[CitationWarning]:
        if citation.issuer:
            issuer = _issuer_key(citation.issuer)
            pool = [d for d in self.documents if _issuer_key(d.issuer) == issuer]
        elif citation.kind:
            kind = _kind_key(citation.kind)
            pool = [d for d in self.documents if _kind_key(d.kind) == kind]
        else:
            pool = list(self.documents)
        scored = [(_resemblance(citation, document), document) for document in pool]
        best = max((score for score, _document in scored), default=(False, False, False))
        if not any(best):
            return
        label = _label(citation)
        for score, document in scored:
            if score == best:
                yield _warning(
                    CitationWarningKind.NUMBER_SUSPECT,
                    citation,
                    document,
                    _(
                        "{citation}: the number is not in the registry; did you mean {registered}?"
                    ).format(
                        citation=label, registered=_registered(document, _short_cite(document))
                    ),
                )


# --- comparing -------------------------------------------------------------------------


def _mismatches(citation: Citation, document: LegalDocument) -> Iterator[CitationWarning]:
    label = _label(citation)
    if citation.kind and _kind_key(citation.kind) != _kind_key(document.kind):
        yield _warning(
            CitationWarningKind.KIND_MISMATCH,
            citation,
            document,
            _("{citation}: cited type '{cited}' differs from the registry's '{registered}'").format(
                citation=label, cited=citation.kind, registered=_registered(document, document.kind)
            ),
        )
    if citation.date is not None and document.date is not None and citation.date != document.date:
        yield _warning(
            CitationWarningKind.DATE_MISMATCH,
            citation,
            document,
            _("{citation}: cited date {cited} differs from the registry's {registered}").format(
                citation=label,
                cited=_cite_date(citation.date),
                registered=_registered(document, _cite_date(document.date)),
            ),
        )
    if citation.issuer and _issuer_key(citation.issuer) != _issuer_key(document.issuer):
        yield _warning(
            CitationWarningKind.ISSUER_MISMATCH,
            citation,
            document,
            _(
                "{citation}: cited issuer '{cited}' differs from the registry's '{registered}'"
            ).format(
                citation=label,
                cited=citation.issuer,
                registered=_registered(document, document.issuer),
            ),
        )


def _resemblance(citation: Citation, document: LegalDocument) -> tuple[bool, bool, bool]:
    """(one slip in the number, same title, same date): compared as tuples, strongest first."""
    same_kind = not citation.kind or _kind_key(citation.kind) == _kind_key(document.kind)
    slip = _one_slip(_number_key(citation.number), _number_key(document.number), same_kind)
    same_title = bool(citation.title) and _title_key(citation.title) == _title_key(
        document.title or ""
    )
    same_date = citation.date is not None and citation.date == document.date
    return slip, same_title, same_date


def _one_slip(cited: str, registered: str, same_kind: bool) -> bool:
    """Whether two normalised numbers differ by one slip of the pen.

    Either the symbols (after the last "/") agree and the rest is one edit apart
    ("242/qd-ttg", "342/qd-ttg"; "18/2021/qd-ttg", "18/2022/qd-ttg"), or, for documents of
    the same kind, the rest and the issuing body (after the first "-") agree and only the
    type abbreviation differs ("126/qgg-ubnd", "126/qd-ubnd").
    """
    cited_rest, _slash, cited_symbol = cited.rpartition("/")
    registered_rest, _slash, registered_symbol = registered.rpartition("/")
    if cited_symbol == registered_symbol:
        return _one_edit_apart(cited_rest, registered_rest)
    if not same_kind or cited_rest != registered_rest:
        return False
    cited_type, _dash, cited_body = cited_symbol.partition("-")
    registered_type, _dash, registered_body = registered_symbol.partition("-")
    return bool(cited_body) and cited_body == registered_body and cited_type != registered_type


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether exactly one substitution, insertion or deletion turns ``a`` into ``b``."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


# --- normalising -----------------------------------------------------------------------

_DASHES = re.compile(r"[‐‑‒–—−]")
_SPACES = re.compile(r"\s+")
_FIRST_DIGIT = re.compile(r"\d")

# Old and new tone placement ("hoà" / "hòa", "thuỷ" / "thủy"): the old form at a word's end
# is rewritten to the new one before comparing (in casefolded text).
_OLD_TONES = re.compile(r"(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?!\w)")
_TONE_MOVES = {
    "à": ("ò", "a"), "á": ("ó", "a"), "ả": ("ỏ", "a"), "ã": ("õ", "a"), "ạ": ("ọ", "a"),
    "è": ("ò", "e"), "é": ("ó", "e"), "ẻ": ("ỏ", "e"), "ẽ": ("õ", "e"), "ẹ": ("ọ", "e"),
    "ỳ": ("ù", "y"), "ý": ("ú", "y"), "ỷ": ("ủ", "y"), "ỹ": ("ũ", "y"), "ỵ": ("ụ", "y"),
}  # fmt: skip

_KIND_ABBREVIATIONS = {
    "qđ": "quyết định",
    "nđ": "nghị định",
    "nq": "nghị quyết",
    "tt": "thông tư",
    "cv": "công văn",
    "hd": "hướng dẫn",
}
_ISSUER_ABBREVIATIONS = (
    (re.compile(r"\bubnd\b"), "ủy ban nhân dân"),
    (re.compile(r"\bhđnd\b"), "hội đồng nhân dân"),
)


def _number_key(number: str) -> str:
    text = unicodedata.normalize("NFC", number)
    first_digit = _FIRST_DIGIT.search(text)
    if first_digit is not None:
        text = text[first_digit.start() :]
    text = _SPACES.sub("", _DASHES.sub("-", text)).casefold()
    return text.replace("đ", "d")


def _move_tone(match: re.Match[str]) -> str:
    moved, plain = _TONE_MOVES[match[0][1]]
    return f"{moved}{plain}"


def _text_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return _SPACES.sub(" ", _OLD_TONES.sub(_move_tone, text)).strip()


def _kind_key(kind: str) -> str:
    key = _text_key(kind)
    return _KIND_ABBREVIATIONS.get(key, key)


def _issuer_key(issuer: str) -> str:
    key = _text_key(issuer)
    for pattern, expansion in _ISSUER_ABBREVIATIONS:
        key = pattern.sub(expansion, key)
    return key


def _title_key(title: str) -> str:
    return _text_key(title).rstrip(" ;.,")


# --- writing -----------------------------------------------------------------------------


def _cite_date(day: datetime.date) -> str:
    """ "15/9/2022", "08/3/2022", "23/01/2015": months 1 and 2 keep a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def _citation_text(
    kind: str, number: str, date: datetime.date | None, issuer: str, title: str
) -> str:
    parts = [f"{kind} số {number}" if kind else number]
    if date is not None:
        parts.append(f"ngày {_cite_date(date)}")
    if issuer:
        parts.append(f"của {issuer}")
    if title:
        parts.append(title)
    return " ".join(parts)


def _label(citation: Citation) -> str:
    """The cited document as the warning names it: "Quyết định số 2194/QĐ-UBND"."""
    return _citation_text(citation.kind, citation.number, None, "", "")


def _short_cite(document: LegalDocument) -> str:
    """The registered citation without its title, to suggest in a message."""
    return _citation_text(document.kind, document.number, document.date, document.issuer, "")


def _registered(document: LegalDocument, value: str) -> str:
    """A registry value for a message, marked when the entry is not verified."""
    if document.verified:
        return value
    return _("{value} (not yet verified)").format(value=value)


def _warning(
    kind: CitationWarningKind, citation: Citation, document: LegalDocument, text: str
) -> CitationWarning:
    where = citation.location.describe()
    message = f"{where}: {text}" if where else text
    return CitationWarning(kind=kind, citation=citation, registered=document, message=message)


def _suggestion_order(document: LegalDocument) -> tuple[int, bool, datetime.date]:
    return (
        _SCOPE_ORDER[document.scope],
        document.date is None,
        document.date or datetime.date.min,
    )


# --- reading -------------------------------------------------------------------------------


def _parse(text: str, *, file: str) -> LegalRegistry:
    data = load_checked(text, file=file, schema="legal-bases.json", locate=_locate)
    documents = tuple(_document(item, Location(file=file)) for item in data["documents"])
    try:
        return LegalRegistry(documents=documents)
    except CatalogError as error:
        raise CatalogError(error.message, error.location.with_(file=file)) from None


def _document(data: Mapping[str, Any], where: Location) -> LegalDocument:
    return LegalDocument(
        id=data["id"],
        kind=data["kind"],
        number=data["number"],
        date=_date(data["date"], where.with_(field=f"{data['id']}.date")),
        issuer=data["issuer"],
        title=data["title"],
        scope=LegalScope(data["scope"]),
        verified=data["verified"],
        source=data["source"],
        province=data.get("province"),
        note=data.get("note", ""),
        criteria_sets=tuple(data.get("criteria_sets", ())),
        applies_to=tuple(data.get("applies_to", ())),
    )


def _date(text: str | None, where: Location) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CatalogError(
            _("{text} is not a date (YYYY-MM-DD)").format(text=repr(text)), where
        ) from None


def _locate(data: Mapping[str, Any], path: Sequence[Any], file: str) -> Location:
    """documents/3/date → field "qd-318-2022-ttg.date" (the entry's id, or its position)."""
    if len(path) < 2 or path[0] != "documents":
        return Location(file=file, field=".".join(str(step) for step in path) or None)
    entry = data["documents"][path[1]]
    name = entry.get("id") if isinstance(entry, dict) else None
    if not isinstance(name, str):
        name = f"documents[{path[1]}]"
    return Location(file=file, field=".".join([name, *(str(step) for step in path[2:])]))


@cache
def _shipped() -> LegalRegistry:
    return _parse(shipped_text(_SHIPPED_FILE), file=_SHIPPED_FILE)
