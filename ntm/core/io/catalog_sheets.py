"""The layout of a criteria set's editable XLSX template, shared by the exporter and the
importer: the sheet names, the columns of the table sheets and the keys of the set sheet,
each with its Vietnamese label and its meaning in the active language. The workbook has
the sheets ``Bộ tiêu chí`` (key/value rows for the set itself: code, name, level, period,
``legal_basis.decision`` …, effective date, region scheme, ``requires``, ``builds_on``,
note, ``other_legal_bases.1.decision`` …), ``Tiêu chí`` (one row per criterion),
``Chỉ tiêu`` (one row per indicator, naming its criterion by number), ``Ngưỡng`` (one row
per threshold, naming its indicator by code; an empty value means "chưa rõ / VERIFY", never
"no requirement") and ``Hướng dẫn`` (instructions, not read back). Headers read
"Vietnamese label (english_key)". Sheet names, headers, keys and the words "có"/"không" are
the file format: the same whatever the language, so that files round-trip; only the
explanations are translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ntm.core.catalog import Comparator, IndicatorKind, Level, RegionScheme
from ntm.core.i18n import _

__all__ = [
    "COMPARATOR_CHOICES",
    "CRITERIA_COLUMNS",
    "CRITERIA_SHEET",
    "GUIDE_SHEET",
    "INDICATORS_SHEET",
    "INDICATOR_COLUMNS",
    "LEGAL_FIELDS",
    "LEVEL_NAMES",
    "NO",
    "OTHER_KEY",
    "SET_COLUMNS",
    "SET_KEYS",
    "SET_SHEET",
    "THRESHOLDS_SHEET",
    "THRESHOLD_COLUMNS",
    "YES",
    "Column",
    "Key",
    "other_key",
    "scheme_names",
    "verified_meaning",
]

# The file format: the sheet names, the column headers (label and key), the keys of the set
# sheet and the words có/không are the same in every language, so that a workbook exported
# in one language imports in another. Never translate them; only the explanations (the
# "Giải thích" column, the guide sheet) and the messages follow the active language.
SET_SHEET = "Bộ tiêu chí"
CRITERIA_SHEET = "Tiêu chí"
INDICATORS_SHEET = "Chỉ tiêu"
THRESHOLDS_SHEET = "Ngưỡng"
GUIDE_SHEET = "Hướng dẫn"

YES = "có"
NO = "không"


#: A text in the active language, translated when it is written (never at import time).
_Text = Callable[[], str]


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: its key, Vietnamese label, width and what it may hold.

    ``key`` and ``label`` make the header the importer recognises: they are the file format
    and stay the same in every language. ``explain`` gives the column's meaning in the
    active language, for the guide sheet.
    """

    key: str
    label: str
    explain: _Text
    width: int = 14
    optional: bool = False  # the column may be deleted
    informative: bool = False  # written for the reader, ignored on import
    text: bool = False  # cells formatted as Text (codes, decimals)
    wrap: bool = False
    choices: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.label} ({self.key})"

    @property
    def meaning(self) -> str:
        """What the column holds, in the active language."""
        return self.explain()


def verified_meaning() -> str:
    return _(
        "“{yes}” only when the content has been checked against the official text; "
        "otherwise “{no}”."
    ).format(yes=YES, no=NO)


def _source_meaning() -> str:
    return _(
        "Source: the decision, article, annex (or document) the content is taken from. Required."
    )


def _note_meaning() -> str:
    return _("Free notes. May be left empty.")


_BOOL_CHOICES = (YES, NO)
_KIND_CHOICES = tuple(kind.value for kind in IndicatorKind)
COMPARATOR_CHOICES = tuple(comparator.value for comparator in Comparator)

#: Where a criterion's or indicator's data comes from, and whether it is checked.
_PROVENANCE_COLUMNS: tuple[Column, ...] = (
    Column("source", "Nguồn", _source_meaning, 40, wrap=True),
    Column("verified", "Đã đối chiếu", verified_meaning, 12, choices=_BOOL_CHOICES),
    Column("note", "Ghi chú", _note_meaning, 40, optional=True, wrap=True),
)

CRITERIA_COLUMNS: tuple[Column, ...] = (
    Column(
        "number",
        "Số tiêu chí",
        lambda: _("The criterion's number in the set (1, 2, …). Required, no repeats."),
        10,
    ),
    Column(
        "name",
        "Tên tiêu chí",
        lambda: _("The criterion's name, e.g. “Nhà ở dân cư”. Required."),
        40,
        wrap=True,
    ),
    Column(
        "group",
        "Nhóm",
        lambda: _("The criteria group, e.g. “Hạ tầng kinh tế - xã hội”. May be left empty."),
        20,
        optional=True,
    ),
    Column(
        "responsible",
        "Cơ quan phụ trách",
        lambda: _(
            "The ministry, department or sector in charge of the guidance. May be left empty."
        ),
        22,
        optional=True,
    ),
    *_PROVENANCE_COLUMNS,
)

INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column(
        "criterion",
        "Số tiêu chí",
        lambda: _(
            "The number of the criterion the indicator belongs to (it must be on the sheet "
            "“{sheet}”)."
        ).format(sheet=CRITERIA_SHEET),
        10,
    ),
    Column(
        "code",
        "Mã chỉ tiêu",
        lambda: _(
            "The indicator's code, e.g. 9.1, 10, KM2: letters and digits, parts separated by "
            "dots. Enter it as Text so that 17.10 does not become 17.1. No repeats."
        ),
        12,
        text=True,
    ),
    Column("name", "Tên chỉ tiêu", lambda: _("The indicator's text. Required."), 50, wrap=True),
    Column(
        "kind",
        "Loại",
        # ratio, quantity, yes_no and "Đạt / Chưa đạt" are values of the file: not translated
        lambda: _(
            "ratio = a ratio (%); quantity = a quantity with a unit; "
            "yes_no = Đạt / Chưa đạt (no threshold)."
        ),
        11,
        choices=_KIND_CHOICES,
    ),
    Column(
        "unit",
        "Đơn vị",
        lambda: _("“%” for a ratio; e.g. “triệu đồng/người/năm” for a quantity; empty for yes_no."),
        20,
    ),
    Column(
        "numerator",
        "Tử số",
        lambda: _("For a ratio: what the numerator counts (hộ, người, …)."),
        14,
    ),
    Column(
        "denominator",
        "Mẫu số",
        lambda: _("For a ratio: what the denominator counts (hộ, người, …)."),
        14,
    ),
    Column(
        "comparator",
        "So sánh",
        lambda: _(
            ">= (≥), > , <= (≤), < : how the result must compare with the threshold. "
            "Required for ratio and quantity; empty for yes_no."
        ),
        10,
        choices=COMPARATOR_CHOICES,
    ),
    Column(
        "responsible",
        "Cơ quan phụ trách",
        lambda: _("The ministry, department or sector in charge. May be left empty."),
        22,
        optional=True,
    ),
    *_PROVENANCE_COLUMNS,
)

THRESHOLD_COLUMNS: tuple[Column, ...] = (
    Column(
        "indicator",
        "Mã chỉ tiêu",
        lambda: _(
            "The indicator's code (it must be on the sheet “{sheet}”, of kind ratio or "
            "quantity). An indicator may have several rows: by region, commune group, year."
        ).format(sheet=INDICATORS_SHEET),
        12,
        text=True,
    ),
    Column(
        "indicator_name",
        "Tên chỉ tiêu, để tham khảo",
        lambda: _("For reference only; not read on import."),
        40,
        optional=True,
        informative=True,
        wrap=True,
    ),
    Column(
        "value",
        "Giá trị ngưỡng",
        lambda: _(
            "The threshold in the indicator's unit, e.g. 95 or 12,5 (a decimal point or a "
            "decimal comma; no thousands separator). EMPTY = unknown / VERIFY: the threshold "
            "is not known, not “no requirement”."
        ),
        14,
        text=True,
    ),
    Column(
        "regions",
        "Vùng",
        lambda: _("Region codes separated by commas, e.g. “TDMNPB, ĐBSH”. Empty = every region."),
        18,
    ),
    Column(
        "commune_groups",
        "Nhóm xã",
        lambda: _(
            "Commune groups 1, 2, 3 (2026-2030 period), separated by commas. Empty = every group."
        ),
        10,
    ),
    Column(
        "year_from",
        "Từ năm",
        lambda: _("The first recognition year it applies to. Empty = no limit."),
        9,
    ),
    Column(
        "year_to",
        "Đến năm",
        lambda: _("The last recognition year it applies to. Empty = no limit."),
        9,
    ),
    Column(
        "relative_to.criteria_set",
        "Theo bộ tiêu chí",
        # “theo …” names the labels of the three relative_to columns: not translated
        lambda: _(
            "When the threshold is computed from another set's threshold: that criteria "
            "set's code. Fill in all three “theo …” columns or leave all three empty."
        ),
        26,
    ),
    Column(
        "relative_to.indicator",
        "Theo chỉ tiêu",
        lambda: _("The indicator's code in that set."),
        10,
        text=True,
    ),
    Column(
        "relative_to.factor",
        "Hệ số",
        lambda: _("The factor that threshold is multiplied by, e.g. 1.10 = at least 10% above it."),
        9,
        text=True,
    ),
    Column("verified", "Đã đối chiếu", verified_meaning, 12, choices=_BOOL_CHOICES),
    Column("source", "Nguồn", _source_meaning, 40, wrap=True),
    Column("note", "Ghi chú", _note_meaning, 40, optional=True, wrap=True),
)

SET_COLUMNS: tuple[Column, ...] = (
    Column(
        "key",
        "Trường",
        lambda: _("The field's name; keep the part in brackets as it is."),
        44,
    ),
    Column("value", "Giá trị", lambda: _("The field's value."), 70, wrap=True),
    Column(
        "meaning",
        "Giải thích",
        lambda: _("For reference only."),
        60,
        optional=True,
        informative=True,
        wrap=True,
    ),
)


@dataclass(frozen=True)
class Key:
    """One key/value row of the sheet "Bộ tiêu chí".

    ``key`` and ``label`` are the file format (the same in every language); ``explain``
    gives the meaning in the active language, for the "Giải thích" column and the guide.
    """

    key: str
    label: str
    explain: _Text
    choices: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.label} ({self.key})"

    @property
    def meaning(self) -> str:
        """What the key holds, in the active language."""
        return self.explain()


#: The levels and their Vietnamese names: values and names of the file, not translated.
LEVEL_NAMES = ", ".join(f"{level.value} = {level.label_vi}" for level in Level)


def scheme_names() -> str:
    # regions, commune_groups and none are values of the file: not translated
    return _(
        "regions = by the 7 regions; commune_groups = by the 3 commune groups; "
        "none = one threshold for all"
    )


def _one_of(choices: str) -> str:
    return _("One of: {choices}.").format(choices=choices)


def _for_example(example: str) -> str:
    return _("For example {example}.").format(example=example)


SET_KEYS: tuple[Key, ...] = (
    Key(
        "code",
        "Mã bộ tiêu chí",
        lambda: _("Lower-case letters, digits and hyphens, e.g. xa-ntm-2021-2025."),
    ),
    Key("name", "Tên bộ tiêu chí", lambda: _("The criteria set's full name.")),
    Key("level", "Cấp độ", lambda: _one_of(LEVEL_NAMES), tuple(level.value for level in Level)),
    Key("period.start", "Năm bắt đầu giai đoạn", lambda: _for_example("2021")),
    Key("period.end", "Năm kết thúc giai đoạn", lambda: _for_example("2025")),
    Key("legal_basis.decision", "Số hiệu quyết định", lambda: _for_example("QĐ 318/QĐ-TTg")),
    Key("legal_basis.date", "Ngày ban hành", lambda: _("YYYY-MM-DD or dd/mm/yyyy.")),
    Key(
        "legal_basis.annex",
        "Phụ lục",
        lambda: _("For example {example}. May be left empty.").format(example="Phụ lục II"),
    ),
    Key(
        "legal_basis.issuer",
        "Cơ quan ban hành",
        lambda: _("The issuing authority, for example {example}").format(
            example="Thủ tướng Chính phủ, UBND tỉnh …"
        ),
    ),
    Key("legal_basis.title", "Trích yếu", lambda: _("May be left empty.")),
    Key(
        "legal_basis.source",
        "Nguồn",
        lambda: _("Where the text was obtained. May be left empty."),
    ),
    Key("legal_basis.verified", "Đã đối chiếu", verified_meaning, _BOOL_CHOICES),
    Key(
        "effective_from",
        "Ngày có hiệu lực",
        lambda: _("YYYY-MM-DD; leave empty when not known."),
    ),
    Key(
        "region_scheme",
        "Ngưỡng thay đổi theo",
        lambda: _one_of(scheme_names()),
        tuple(scheme.value for scheme in RegionScheme),
    ),
    Key(
        "requires",
        "Cấp độ phải đạt trước",
        lambda: _("Levels separated by commas, e.g. basic."),
    ),
    Key(
        "builds_on",
        "Dựa trên bộ tiêu chí",
        lambda: _("The code of the criteria set this one builds on (model level)."),
    ),
    Key("note", "Ghi chú", lambda: _("Free notes.")),
)

#: The fields of a legal basis and their labels in the keys "Căn cứ khác N: …": file format.
LEGAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("decision", "số hiệu quyết định"),
    ("date", "ngày ban hành"),
    ("annex", "phụ lục"),
    ("issuer", "cơ quan ban hành"),
    ("title", "trích yếu"),
    ("source", "nguồn"),
    ("verified", "đã đối chiếu"),
)
OTHER_KEY = re.compile(r"^other_legal_bases\.(\d+)\.([a-z_]+)$")


def _other_meaning() -> str:
    return _(
        "Another decision that shaped this set (e.g. a provincial decision); add a legal "
        "basis by copying the 7 rows and raising the number."
    )


def other_key(index: int, name: str, label: str) -> Key:
    return Key(
        f"other_legal_bases.{index}.{name}",
        f"Căn cứ khác {index}: {label}",
        _other_meaning,
        _BOOL_CHOICES if name == "verified" else (),
    )
