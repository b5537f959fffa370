"""Criteria sets as data: the model, the file parser, provincial overlays.

A criteria set (bộ tiêu chí) is issued by a decision (QĐ 318/QĐ-TTg Phụ lục I and II,
QĐ 319/QĐ-TTg, QĐ 51/2025/QĐ-TTg Phụ lục I, …) and lists criteria (tiêu chí), each with
indicators (chỉ tiêu) and their thresholds (ngưỡng). A province may change thresholds or
indicators of a national set (Thái Nguyên: QĐ 2194/QĐ-UBND); such an :class:`Overlay`
is applied to the national set by :func:`apply_overlay` instead of copying it.

The files live in ``ntm/catalogs/`` and follow the JSON Schemas in
``ntm/core/schemas/``. Every threshold records its ``source`` and whether it is
``verified`` against the official text; a threshold whose value is not known is stored
with ``value: null`` and the evaluation reports "threshold unknown" instead of guessing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from itertools import combinations
from typing import Any

import jsonschema
import referencing
import referencing.jsonschema

from ntm.core.exceptions import CatalogError, InputError, Location
from ntm.core.i18n import _, ngettext
from ntm.core.io.schema_errors import schema_message
from ntm.core.values import format_decimal
from ntm.core.yamlio import load_yaml

__all__ = [
    "REGIONS",
    "Comparator",
    "CriteriaSet",
    "Criterion",
    "Indicator",
    "IndicatorKind",
    "LegalBasis",
    "Level",
    "Overlay",
    "OverlayChange",
    "RegionScheme",
    "RelativeThreshold",
    "Threshold",
    "apply_overlay",
    "parse_catalog_text",
    "parse_criteria_set",
    "parse_overlay",
]

#: The 7 socio-economic regions of QĐ 318/QĐ-TTg Phụ lục I (2021-2025), by code.
REGIONS: Mapping[str, str] = {
    "TDMNPB": "Trung du và miền núi phía Bắc",
    "ĐBSH": "Đồng bằng sông Hồng",
    "BTB": "Bắc Trung Bộ",
    "DHNTB": "Duyên hải Nam Trung Bộ",
    "TN": "Tây Nguyên",
    "ĐNB": "Đông Nam Bộ",
    "ĐBSCL": "Đồng bằng sông Cửu Long",
}


class Level(StrEnum):
    """Recognition levels: xã NTM, nâng cao, kiểu mẫu (2021-2025); NTM hiện đại (2026-2030)."""

    BASIC = "basic"
    ADVANCED = "advanced"
    MODEL = "model"
    MODERN = "modern"

    @property
    def label_vi(self) -> str:
        """The Vietnamese name of the level."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    Level.BASIC: "xã NTM",
    Level.ADVANCED: "xã NTM nâng cao",
    Level.MODEL: "xã NTM kiểu mẫu",
    Level.MODERN: "xã NTM hiện đại",
}


class Comparator(StrEnum):
    """How a value is compared with its threshold."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"

    @property
    def symbol(self) -> str:
        """The mathematical sign: ≥, >, ≤, <."""
        return {">=": "≥", ">": ">", "<=": "≤", "<": "<"}[self.value]

    @property
    def higher_is_better(self) -> bool:
        """True for ≥ and >: the value must reach the threshold from below."""
        return self in (Comparator.GE, Comparator.GT)

    def holds(self, value: Decimal, threshold: Decimal) -> bool:
        """Compare exact values: ``value <comparator> threshold``."""
        if self is Comparator.GE:
            return value >= threshold
        if self is Comparator.GT:
            return value > threshold
        if self is Comparator.LE:
            return value <= threshold
        return value < threshold


class IndicatorKind(StrEnum):
    """ratio: numerator / denominator in %; quantity: a number in a unit; yes_no: Đạt / Chưa đạt."""

    RATIO = "ratio"
    QUANTITY = "quantity"
    YES_NO = "yes_no"


class RegionScheme(StrEnum):
    """What thresholds vary by: 7 regions (2021-2025), 3 commune groups (2026-2030), nothing."""

    REGIONS = "regions"
    COMMUNE_GROUPS = "commune_groups"
    NONE = "none"


@dataclass(frozen=True)
class LegalBasis:
    """A decision issuing a set or a change: "QĐ 318/QĐ-TTg", 2022-03-08, Phụ lục II, issuer."""

    decision: str
    issuer: str
    verified: bool
    date: str | None = None
    annex: str | None = None
    title: str | None = None
    source: str | None = None

    def cite(self) -> str:
        """Render as "QĐ 318/QĐ-TTg ngày 08/03/2022, Phụ lục II"."""
        text = self.decision if self.decision[:2].isalpha() else f"QĐ {self.decision}"
        if self.date:
            year, month, day = self.date.split("-")
            text += f" ngày {day}/{month}/{year}"
        if self.annex:
            text += f", {self.annex}"
        return text


@dataclass(frozen=True)
class RelativeThreshold:
    """A threshold defined from another set's: ``factor`` × that indicator's threshold.

    QĐ 319/QĐ-TTg: a model commune's per-capita income is at least 10% above the
    advanced-level requirement at the same time, i.e. factor 1.10 on indicator 10 of
    ``xa-ntm-nang-cao-2021-2025``.
    """

    criteria_set: str
    indicator: str
    factor: Decimal


@dataclass(frozen=True)
class Threshold:
    """One threshold value and where it applies.

    Attributes:
        value: the exact threshold in the indicator's unit, or ``None`` when unknown (VERIFY).
        regions: region codes it applies to (empty: every region).
        commune_groups: commune groups 1-3 it applies to (empty: every group).
        year_from, year_to: the review years it applies to (``None``: open).
        verified: checked against the official text.
        source: the decision and article, or the reference section it was taken from.
        relative_to: set when the value derives from another set's threshold.
    """

    value: Decimal | None
    verified: bool
    source: str
    regions: frozenset[str] = frozenset()
    commune_groups: frozenset[int] = frozenset()
    year_from: int | None = None
    year_to: int | None = None
    note: str = ""
    relative_to: RelativeThreshold | None = None

    def applies(self, *, region: str | None, commune_group: int | None, year: int) -> bool:
        """Whether this threshold covers a commune of that region or group in that year."""
        if self.regions and region not in self.regions:
            return False
        if self.commune_groups and commune_group not in self.commune_groups:
            return False
        if self.year_from is not None and year < self.year_from:
            return False
        return self.year_to is None or year <= self.year_to

    @property
    def specificity(self) -> int:
        """How many conditions restrict it: the most specific matching threshold wins."""
        return (
            bool(self.regions)
            + bool(self.commune_groups)
            + (self.year_from is not None)
            + (self.year_to is not None)
        )


@dataclass(frozen=True)
class Indicator:
    """An indicator (chỉ tiêu) of a criterion, e.g. 9.1 "Tỷ lệ hộ có nhà ở kiên cố, bán kiên cố".

    ``unit`` is "%" for ratios, e.g. "triệu đồng/người/năm" for income; ``numerator`` and
    ``denominator`` name what a ratio counts ("hộ", "người"). Yes/no indicators have no
    comparator and no thresholds: they are met when the reading says "Đạt".
    """

    code: str
    name: str
    kind: IndicatorKind
    source: str
    verified: bool
    criterion: int
    unit: str = ""
    comparator: Comparator | None = None
    thresholds: tuple[Threshold, ...] = ()
    numerator: str = ""
    denominator: str = ""
    responsible: str = ""
    note: str = ""

    def threshold_for(
        self, *, region: str | None, commune_group: int | None, year: int
    ) -> Threshold | None:
        """The most specific threshold that applies, or ``None`` when none does."""
        matching = [
            threshold
            for threshold in self.thresholds
            if threshold.applies(region=region, commune_group=commune_group, year=year)
        ]
        if not matching:
            return None
        return max(matching, key=lambda threshold: threshold.specificity)

    def describe_threshold(self, threshold: Threshold | None) -> str:
        """Render the standard as in a summary table: "≥ 95%", "Đạt", "chưa rõ" ("unknown")."""
        if self.kind is IndicatorKind.YES_NO:
            return "Đạt"
        if threshold is None or threshold.value is None or self.comparator is None:
            return _("unknown")
        unit = self.unit if self.unit == "%" else f" {self.unit}" if self.unit else ""
        return f"{self.comparator.symbol} {format_decimal(threshold.value)}{unit}"


@dataclass(frozen=True)
class Criterion:
    """A criterion (tiêu chí) of a set: met when every one of its indicators is met."""

    number: int
    name: str
    source: str
    verified: bool
    indicators: tuple[Indicator, ...] = ()
    group: str = ""
    responsible: str = ""
    note: str = ""


@dataclass(frozen=True)
class CriteriaSet:
    """A versioned criteria set, possibly with provincial overlays applied.

    Attributes:
        code: e.g. ``xa-ntm-nang-cao-2021-2025``, or with overlays
            ``xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022``.
        level: the recognition level the set is for.
        requires: levels a commune must hold before this one (advanced requires basic).
        builds_on: for the model level (QĐ 319), the set whose full pass it presupposes.
        legal_bases: the national decision first, then each overlay's.
    """

    code: str
    name: str
    level: Level
    period_start: int
    period_end: int
    legal_basis: LegalBasis
    region_scheme: RegionScheme
    criteria: tuple[Criterion, ...]
    effective_from: str | None = None
    requires: tuple[Level, ...] = ()
    builds_on: str | None = None
    note: str = ""
    overlays: tuple[Overlay, ...] = ()
    other_legal_bases: tuple[LegalBasis, ...] = ()
    _by_code: dict[str, Indicator] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )
    _numbers: frozenset[int] = field(init=False, repr=False, compare=False, default=frozenset())
    #: A cache for the evaluation (resolved thresholds); never part of the set's value.
    _memo: dict[object, object] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for criterion in self.criteria:
            for indicator in criterion.indicators:
                self._by_code[indicator.code] = indicator
        object.__setattr__(self, "_numbers", frozenset(c.number for c in self.criteria))

    def has_criterion(self, number: int) -> bool:
        """Whether the set has a criterion with that number."""
        return number in self._numbers

    @property
    def criteria_count(self) -> int:
        """How many criteria the set has (19 for the 2021-2025 sets, 10 for 2026-2030)."""
        return len(self.criteria)

    @property
    def legal_bases(self) -> tuple[LegalBasis, ...]:
        """The set's decision, the other decisions it records, then each overlay's."""
        return (
            self.legal_basis,
            *self.other_legal_bases,
            *(overlay.legal_basis for overlay in self.overlays),
        )

    def criterion(self, number: int) -> Criterion:
        """The criterion with that number.

        Raises:
            CatalogError: the set has no such criterion.
        """
        for criterion in self.criteria:
            if criterion.number == number:
                return criterion
        raise CatalogError(
            _("criteria set {code} has no criterion {number} (it has {count}: 1-{last})").format(
                code=self.code,
                number=number,
                count=self.criteria_count,
                last=self.criteria[-1].number,
            )
        )

    def indicator(self, code: str) -> Indicator:
        """The indicator with that code.

        Raises:
            CatalogError: the set has no such indicator.
        """
        found = self._by_code.get(code)
        if found is None:
            raise CatalogError(
                _("criteria set {set} has no indicator {code}").format(set=self.code, code=code)
            )
        return found

    def has_indicator(self, code: str) -> bool:
        """Whether the set has an indicator with that code."""
        return code in self._by_code

    def indicators(self) -> Iterable[Indicator]:
        """Every indicator, in criterion order."""
        for criterion in self.criteria:
            yield from criterion.indicators


class ChangeAction(StrEnum):
    """What an overlay change does to a national set."""

    REPLACE_THRESHOLDS = "replace_thresholds"
    RENAME_CRITERION = "rename_criterion"
    ADD_INDICATOR = "add_indicator"
    REMOVE_INDICATOR = "remove_indicator"
    SET_RESPONSIBLE = "set_responsible"


@dataclass(frozen=True)
class OverlayChange:
    """One provincial change to one national set."""

    set_code: str
    action: ChangeAction
    source: str
    verified: bool
    criterion: int | None = None
    indicator: str | None = None
    name: str | None = None
    responsible: str | None = None
    thresholds: tuple[Threshold, ...] = ()
    new_indicator: Indicator | None = None
    note: str = ""


@dataclass(frozen=True)
class Overlay:
    """A provincial decision that changes national sets (e.g. Thái Nguyên QĐ 2194/QĐ-UBND)."""

    code: str
    name: str
    province: str
    legal_basis: LegalBasis
    applies_to: tuple[str, ...]
    changes: tuple[OverlayChange, ...] = field(default_factory=tuple)
    effective_from: str | None = None
    note: str = ""


# --- parsing -----------------------------------------------------------------------------

_SCHEMA_IDS = {"set": "ntm-criteria-set/1", "overlay": "ntm-criteria-overlay/1"}


@cache
def _validators() -> dict[str, jsonschema.protocols.Validator]:
    schemas = resources.files("ntm.core").joinpath("schemas")
    loaded = {
        name: json.loads(schemas.joinpath(f"criteria-{name}.json").read_text("utf-8"))
        for name in ("set", "overlay")
    }
    resource_set = referencing.Resource.from_contents(loaded["set"])
    resource_overlay = referencing.Resource.from_contents(loaded["overlay"])
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        [
            ("ntm-criteria-set/1", resource_set),
            ("criteria-set.json", resource_set),
            ("ntm-criteria-overlay/criteria-set.json", resource_set),
            ("ntm-criteria-overlay/1", resource_overlay),
        ]
    )
    return {
        name: jsonschema.Draft202012Validator(schema, registry=registry)
        for name, schema in loaded.items()
    }


def parse_catalog_text(text: str, *, file: str) -> CriteriaSet | Overlay:
    """Parse a catalog file's YAML text: a criteria set or an overlay, told by its ``schema`` key.

    Raises:
        CatalogError: the YAML is invalid, or the data breaks the schema (the message names
            the file, the criterion and indicator, and the field), or codes repeat.
    """
    try:
        data = load_yaml(text, file=file)
    except InputError as error:
        raise CatalogError(error.message, error.location) from None
    if not isinstance(data, dict):
        raise CatalogError(_("a catalog file must hold a mapping"), Location(file=file))
    kind = data.get("schema")
    if kind == _SCHEMA_IDS["overlay"]:
        return parse_overlay(data, file=file)
    if kind == _SCHEMA_IDS["set"]:
        return parse_criteria_set(data, file=file)
    raise CatalogError(
        _("unknown schema {schema}; expected {set} or {overlay}").format(
            schema=repr(kind), set=repr(_SCHEMA_IDS["set"]), overlay=repr(_SCHEMA_IDS["overlay"])
        ),
        Location(file=file, field="schema"),
    )


def _validate(data: Mapping[str, Any], *, kind: str, file: str) -> None:
    validator = _validators()[kind]
    errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    assert error is not None
    raise CatalogError(_schema_message(error), _locate(data, list(error.absolute_path), file))


def _schema_message(error: jsonschema.ValidationError) -> str:
    """The schema error in the user's words: a threshold's decimal written wrongly gets its
    own message; the rest is :func:`ntm.core.io.schema_errors.schema_message`."""
    if (
        error.absolute_path
        and error.absolute_path[-1] in ("value", "factor")
        and error.validator in ("oneOf", "anyOf", "pattern", "type")
    ):
        return _(
            '{value} is not a decimal number written as text with a dot (e.g. "95" or "1.10")'
        ).format(value=repr(error.instance))
    return schema_message(error)


def _locate(data: Mapping[str, Any], path: Sequence[Any], file: str) -> Location:
    """Translate a JSON path such as criteria/8/indicators/1/thresholds into a readable place."""
    location = Location(file=file)
    node: Any = data
    last_key: str | None = None
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):  # pragma: no cover - paths come from the data
            break
        if isinstance(node, dict) and last_key in ("criteria",):
            location = location.with_(criterion=str(node.get("number", f"#{int(step) + 1}")))
        elif isinstance(node, dict) and last_key in ("indicators",):
            location = location.with_(indicator=str(node.get("code", f"#{int(step) + 1}")))
        elif isinstance(node, dict) and last_key == "changes":
            location = location.with_(field=f"changes[{step}]")
        if isinstance(step, str):
            last_key = step
    fields = [str(step) for step in path if isinstance(step, str)]
    if fields and fields[-1] not in ("criteria", "indicators", "changes"):
        location = location.with_(field=fields[-1])
    return location


def _legal_basis(data: Mapping[str, Any]) -> LegalBasis:
    return LegalBasis(
        decision=data["decision"],
        issuer=data["issuer"],
        verified=data["verified"],
        date=data.get("date"),
        annex=data.get("annex"),
        title=data.get("title"),
        source=data.get("source"),
    )


def _threshold(data: Mapping[str, Any]) -> Threshold:
    relative = data.get("relative_to")
    years = data.get("years", {})
    value = data["value"]
    return Threshold(
        value=None if value is None else Decimal(str(value)),
        verified=data["verified"],
        source=data["source"],
        regions=frozenset(data.get("regions", ())),
        commune_groups=frozenset(data.get("commune_groups", ())),
        year_from=years.get("from"),
        year_to=years.get("to"),
        note=data.get("note", ""),
        relative_to=None
        if relative is None
        else RelativeThreshold(
            criteria_set=relative["criteria_set"],
            indicator=relative["indicator"],
            factor=Decimal(str(relative["factor"])),
        ),
    )


def _indicator(data: Mapping[str, Any], *, criterion: int) -> Indicator:
    comparator = data.get("comparator")
    return Indicator(
        code=data["code"],
        name=data["name"],
        kind=IndicatorKind(data["kind"]),
        source=data["source"],
        verified=data["verified"],
        criterion=criterion,
        unit=data.get("unit", ""),
        comparator=None if comparator is None else Comparator(comparator),
        thresholds=tuple(_threshold(item) for item in data.get("thresholds", ())),
        numerator=data.get("numerator", ""),
        denominator=data.get("denominator", ""),
        responsible=data.get("responsible", ""),
        note=data.get("note", ""),
    )


def parse_criteria_set(data: Mapping[str, Any], *, file: str) -> CriteriaSet:
    """Build a :class:`CriteriaSet` from parsed YAML data, after checking it against the schema.

    Besides the schema, the data must make sense (see :func:`_check_set_fields`,
    :func:`_check_indicator`): years within 1900-2100 and the period in order; real dates;
    a ratio measured in "%" and a yes_no indicator without unit, numerator or denominator;
    threshold values not negative and at most 100 for "%"; a threshold with ``relative_to``
    has no value of its own and a factor above 0; no two thresholds of an indicator that
    apply to the same commune and year with the same specificity.

    Raises:
        CatalogError: the data breaks the schema or one of the rules above; two criteria
            share a number; two indicators share a code. The location names the criterion,
            indicator and field; for the rules above, ``details["path"]`` is the JSON path of
            the wrong value (e.g. ``("criteria", 0, "indicators", 1, "thresholds", 2,
            "value")``), which the XLSX importer turns into a sheet, row and column.
    """
    _validate(data, kind="set", file=file)
    _check_set_fields(data, file=file)
    criteria: list[Criterion] = []
    seen_numbers: set[int] = set()
    seen_codes: set[str] = set()
    for criterion_index, item in enumerate(data["criteria"]):
        number = item["number"]
        where = Location(file=file, criterion=str(number))
        if number in seen_numbers:
            raise CatalogError(_("criterion number appears twice"), where.with_(field="number"))
        seen_numbers.add(number)
        indicators = []
        for indicator_index, indicator_data in enumerate(item.get("indicators", ())):
            indicator = _indicator(indicator_data, criterion=number)
            at = where.with_(indicator=indicator.code, field="code")
            if indicator.code in seen_codes:
                raise CatalogError(_("indicator code appears twice in the set"), at)
            seen_codes.add(indicator.code)
            _check_indicator(
                indicator,
                where=where.with_(indicator=indicator.code),
                path=("criteria", criterion_index, "indicators", indicator_index),
            )
            indicators.append(indicator)
        criteria.append(
            Criterion(
                number=number,
                name=item["name"],
                source=item["source"],
                verified=item["verified"],
                indicators=tuple(indicators),
                group=item.get("group", ""),
                responsible=item.get("responsible", ""),
                note=item.get("note", ""),
            )
        )
    return CriteriaSet(
        code=data["code"],
        name=data["name"],
        level=Level(data["level"]),
        period_start=data["period"]["start"],
        period_end=data["period"]["end"],
        legal_basis=_legal_basis(data["legal_basis"]),
        region_scheme=RegionScheme(data["region_scheme"]),
        criteria=tuple(sorted(criteria, key=lambda criterion: criterion.number)),
        effective_from=data.get("effective_from"),
        requires=tuple(Level(level) for level in data.get("requires", ())),
        builds_on=data.get("builds_on"),
        note=data.get("note", ""),
        other_legal_bases=tuple(_legal_basis(item) for item in data.get("other_legal_bases", ())),
    )


def parse_overlay(data: Mapping[str, Any], *, file: str) -> Overlay:
    """Build an :class:`Overlay` from parsed YAML data, after checking it against the schema.

    The thresholds a change brings follow the rules of :func:`parse_criteria_set` (an added
    indicator all of them; replacement thresholds all but the "%" ceiling, since the unit is
    the national set's).

    Raises:
        CatalogError: the data breaks the schema or those rules, or a change names a set the
            overlay does not apply to.
    """
    _validate(data, kind="overlay", file=file)
    _check_dates(data, file=file)
    changes = []
    for index, item in enumerate(data["changes"]):
        if item["set"] not in data["applies_to"]:
            raise CatalogError(
                _("change names set {set}, which is not in applies_to").format(
                    set=repr(item["set"])
                ),
                Location(file=file, field=f"changes[{index}].set"),
            )
        change = OverlayChange(
            set_code=item["set"],
            action=ChangeAction(item["action"]),
            source=item["source"],
            verified=item["verified"],
            criterion=item.get("criterion"),
            indicator=item.get("indicator"),
            name=item.get("name"),
            responsible=item.get("responsible"),
            thresholds=tuple(_threshold(t) for t in item.get("thresholds", ())),
            new_indicator=None
            if item.get("new_indicator") is None
            else _indicator(item["new_indicator"], criterion=item["criterion"]),
            note=item.get("note", ""),
        )
        _check_change(change, index=index, file=file)
        changes.append(change)
    return Overlay(
        code=data["code"],
        name=data["name"],
        province=data["province"],
        legal_basis=_legal_basis(data["legal_basis"]),
        applies_to=tuple(data["applies_to"]),
        changes=tuple(changes),
        effective_from=data.get("effective_from"),
        note=data.get("note", ""),
    )


# --- rules the schema cannot state -------------------------------------------------------

#: The years a criteria set, a threshold or a decision date may name.
_FIRST_YEAR, _LAST_YEAR = 1900, 2100

_Path = tuple[str | int, ...]


def _refusal(message: str, location: Location, path: _Path) -> CatalogError:
    """A :class:`CatalogError` carrying the JSON path of the wrong value in ``details``."""
    return CatalogError(message, location, details={"path": path})


def _year_outside(year: int) -> str:
    return _("the year {year} is outside {first}-{last}").format(
        year=year, first=_FIRST_YEAR, last=_LAST_YEAR
    )


def _check_year(year: int, location: Location, path: _Path, *, prefix: str = "") -> None:
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise _refusal(prefix + _year_outside(year), location, path)


def _check_set_fields(data: Mapping[str, Any], *, file: str) -> None:
    """The period's years are plausible and in order; the decisions' dates are real dates."""
    period = data["period"]
    for key in ("start", "end"):
        _check_year(period[key], Location(file=file, field=f"period.{key}"), ("period", key))
    if period["start"] > period["end"]:
        raise _refusal(
            _("the period starts in {start}, after it ends in {end}").format(
                start=period["start"], end=period["end"]
            ),
            Location(file=file, field="period.start"),
            ("period", "start"),
        )
    _check_dates(data, file=file)


def _check_dates(data: Mapping[str, Any], *, file: str) -> None:
    """``legal_basis.date``, ``effective_from``, ``other_legal_bases[i].date``: real dates."""
    found: list[tuple[str, _Path, Any]] = [
        ("legal_basis.date", ("legal_basis", "date"), data["legal_basis"].get("date")),
        ("effective_from", ("effective_from",), data.get("effective_from")),
    ]
    for index, basis in enumerate(data.get("other_legal_bases", ())):
        found.append(
            (
                f"other_legal_bases[{index}].date",
                ("other_legal_bases", index, "date"),
                basis.get("date"),
            )
        )
    for name, path, text in found:
        if text is None:
            continue
        location = Location(file=file, field=name)
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise _refusal(
                _("{text} is not a date (YYYY-MM-DD)").format(text=repr(text)), location, path
            ) from None
        _check_year(day.year, location, path)


def _check_change(change: OverlayChange, *, index: int, file: str) -> None:
    """The thresholds or the new indicator of one overlay change follow the set's rules."""
    where = Location(
        file=file,
        criterion=None if change.criterion is None else str(change.criterion),
        indicator=change.indicator,
    )
    prefix = f"changes[{index}]."
    if change.new_indicator is not None:
        _check_indicator(
            change.new_indicator,
            where=where.with_(indicator=change.new_indicator.code),
            path=("changes", index, "new_indicator"),
            prefix=f"{prefix}new_indicator.",
        )
    _check_thresholds(
        change.thresholds,
        code=change.indicator or "?",
        unit=None,
        where=where,
        path=("changes", index, "thresholds"),
        prefix=prefix,
    )


def _check_indicator(
    indicator: Indicator, *, where: Location, path: _Path, prefix: str = ""
) -> None:
    """A ratio is in "%"; a yes_no indicator has no unit, numerator, denominator; thresholds."""
    if indicator.kind is IndicatorKind.RATIO and indicator.unit != "%":
        raise _refusal(
            _("a ratio indicator is a percentage: its unit must be '%', not {unit}").format(
                unit=repr(indicator.unit)
            ),
            where.with_(field=f"{prefix}unit"),
            (*path, "unit"),
        )
    if indicator.kind is IndicatorKind.YES_NO:
        for name in ("unit", "numerator", "denominator"):
            text = getattr(indicator, name)
            if text.strip():
                raise _refusal(
                    # "Đạt / Chưa đạt" are the verdict words of the review files: not translated
                    _("a yes_no indicator (Đạt / Chưa đạt) has no {field}; remove {text}").format(
                        field=name, text=repr(text)
                    ),
                    where.with_(field=f"{prefix}{name}"),
                    (*path, name),
                )
    _check_thresholds(
        indicator.thresholds,
        code=indicator.code,
        unit=indicator.unit,
        where=where,
        path=(*path, "thresholds"),
        prefix=prefix,
    )


def _check_thresholds(
    thresholds: Sequence[Threshold],
    *,
    code: str,
    unit: str | None,
    where: Location,
    path: _Path,
    prefix: str = "",
) -> None:
    """Each threshold makes sense, and no two of them compete for the same commune and year.

    :meth:`Indicator.threshold_for` takes the most specific matching threshold; two that
    match the same commune in the same year with the same specificity would leave the choice
    to their order in the file, so they are refused. ``unit`` is ``None`` when not known (an
    overlay's replacement thresholds): the "%" ceiling is then not checked.
    """
    for index, threshold in enumerate(thresholds):
        _check_threshold(
            threshold,
            number=index + 1,
            unit=unit,
            where=where,
            path=(*path, index),
            prefix=prefix,
        )
    for first, second in combinations(range(len(thresholds)), 2):
        one, other = thresholds[first], thresholds[second]
        if one.specificity == other.specificity and _overlap(one, other):
            raise _refusal(
                _(
                    "thresholds {first} and {second} of indicator {code} both apply to {scope} "
                    "and are equally specific, so a review could not tell which one to use; "
                    "narrow one of them (regions, commune groups, years) or remove one"
                ).format(
                    first=first + 1, second=second + 1, code=code, scope=_common_scope(one, other)
                ),
                where.with_(field=f"{prefix}thresholds"),
                (*path, second),
            )


def _check_threshold(
    threshold: Threshold,
    *,
    number: int,
    unit: str | None,
    where: Location,
    path: _Path,
    prefix: str,
) -> None:
    def refuse(message: str, *steps: str) -> CatalogError:
        return _refusal(
            _("threshold {number}: {message}").format(number=number, message=message),
            where.with_(field=prefix + ".".join(steps)),
            (*path, *steps),
        )

    for key, year in (("from", threshold.year_from), ("to", threshold.year_to)):
        if year is not None and not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise refuse(_year_outside(year), "years", key)
    if (
        threshold.year_from is not None
        and threshold.year_to is not None
        and threshold.year_from > threshold.year_to
    ):
        raise refuse(
            _("years.from {year_from} is after years.to {year_to}").format(
                year_from=threshold.year_from, year_to=threshold.year_to
            ),
            "years",
            "from",
        )
    value = threshold.value
    if threshold.relative_to is not None:
        if value is not None:
            raise refuse(
                _(
                    "it has both a value ({value}) and relative_to; a relative threshold is "
                    "computed from the other set's, so leave the value empty (null)"
                ).format(value=value),
                "value",
            )
        factor = threshold.relative_to.factor
        if factor <= 0:
            raise refuse(
                _("the relative_to factor {factor} must be above 0").format(factor=factor),
                "relative_to",
                "factor",
            )
    if value is not None and value < 0:
        raise refuse(_("the value {value} is negative").format(value=value), "value")
    if value is not None and unit == "%" and value > 100:
        raise refuse(
            # "{value}" rather than "{value}%": "% i" would read as a printf placeholder
            _("the value {value} is above 100%, which a ratio cannot reach").format(
                value=f"{value}%"
            ),
            "value",
        )


def _overlap(one: Threshold, other: Threshold) -> bool:
    """Whether some commune, in some year, falls under both thresholds."""
    if one.regions and other.regions and not one.regions & other.regions:
        return False
    if (
        one.commune_groups
        and other.commune_groups
        and not one.commune_groups & other.commune_groups
    ):
        return False
    first, last = _common_years(one, other)
    return first is None or last is None or first <= last


def _common_years(one: Threshold, other: Threshold) -> tuple[int | None, int | None]:
    starts = [year for year in (one.year_from, other.year_from) if year is not None]
    ends = [year for year in (one.year_to, other.year_to) if year is not None]
    return max(starts, default=None), min(ends, default=None)


def _common_scope(one: Threshold, other: Threshold) -> str:
    """Where both apply: "region ĐBSH, the years 2024-2025"; "every commune in every year"."""
    parts: list[str] = []
    if one.regions or other.regions:
        regions = (
            one.regions & other.regions
            if one.regions and other.regions
            else one.regions or other.regions
        )
        codes = [code for code in REGIONS if code in regions]
        parts.append(
            ngettext("region {codes}", "regions {codes}", len(codes)).format(codes=", ".join(codes))
        )
    if one.commune_groups or other.commune_groups:
        groups = (
            one.commune_groups & other.commune_groups
            if one.commune_groups and other.commune_groups
            else one.commune_groups or other.commune_groups
        )
        parts.append(
            ngettext("commune group {groups}", "commune groups {groups}", len(groups)).format(
                groups=", ".join(str(group) for group in sorted(groups))
            )
        )
    first, last = _common_years(one, other)
    if first is not None and first == last:
        parts.append(_("the year {year}").format(year=first))
    elif first is not None and last is not None:
        parts.append(_("the years {first}-{last}").format(first=first, last=last))
    elif first is not None:
        parts.append(_("the years from {first}").format(first=first))
    elif last is not None:
        parts.append(_("the years up to {last}").format(last=last))
    return ", ".join(parts) if parts else _("every commune in every year")


# --- overlays ----------------------------------------------------------------------------


def apply_overlay(base: CriteriaSet, overlay: Overlay) -> CriteriaSet:
    """Return ``base`` with the overlay's changes for it applied; ``base`` is left unchanged.

    The result's code is ``"<base>+<overlay>"`` and its legal bases list the overlay's
    decision after the national one.

    Raises:
        CatalogError: the overlay does not apply to ``base``, or a change names a criterion
            or indicator the set does not have.
    """
    if base.code not in overlay.applies_to:
        raise CatalogError(
            _("overlay {overlay} applies to {sets}, not {set}").format(
                overlay=overlay.code, sets=", ".join(overlay.applies_to), set=base.code
            )
        )
    criteria = {criterion.number: criterion for criterion in base.criteria}
    for change in overlay.changes:
        if change.set_code != base.code:
            continue
        criteria = _apply_change(base, criteria, change, overlay)
    return replace(
        base,
        code=f"{base.code}+{overlay.code}",
        # the composite set's name is data (it is exported and cited), not a message
        name=f"{base.name} (áp dụng {overlay.legal_basis.cite()}, {overlay.province})",
        criteria=tuple(criteria[number] for number in sorted(criteria)),
        overlays=(*base.overlays, overlay),
    )


def _apply_change(
    base: CriteriaSet,
    criteria: dict[int, Criterion],
    change: OverlayChange,
    overlay: Overlay,
) -> dict[int, Criterion]:
    where = _("overlay {overlay}, {action}").format(
        overlay=overlay.code, action=change.action.value
    )
    if change.action is ChangeAction.RENAME_CRITERION:
        number = _require_criterion(criteria, change.criterion, where)
        criteria[number] = replace(criteria[number], name=change.name or criteria[number].name)
        return criteria
    if change.action is ChangeAction.ADD_INDICATOR:
        number = _require_criterion(criteria, change.criterion, where)
        assert change.new_indicator is not None
        if base.has_indicator(change.new_indicator.code):
            raise CatalogError(
                _("{where}: indicator {code} already exists").format(
                    where=where, code=change.new_indicator.code
                )
            )
        criteria[number] = replace(
            criteria[number], indicators=(*criteria[number].indicators, change.new_indicator)
        )
        return criteria
    if change.action is ChangeAction.SET_RESPONSIBLE and change.indicator is None:
        number = _require_criterion(criteria, change.criterion, where)
        criteria[number] = replace(criteria[number], responsible=change.responsible or "")
        return criteria
    code = change.indicator
    holder = next((c for c in criteria.values() if any(i.code == code for i in c.indicators)), None)
    if holder is None:
        raise CatalogError(
            _("{where}: set {set} has no indicator {code}").format(
                where=where, set=base.code, code=code
            )
        )
    indicators: list[Indicator] = []
    for indicator in holder.indicators:
        if indicator.code != code:
            indicators.append(indicator)
        elif change.action is ChangeAction.REPLACE_THRESHOLDS:
            indicators.append(replace(indicator, thresholds=change.thresholds))
        elif change.action is ChangeAction.SET_RESPONSIBLE:
            indicators.append(replace(indicator, responsible=change.responsible or ""))
        # REMOVE_INDICATOR: leave it out
    criteria[holder.number] = replace(holder, indicators=tuple(indicators))
    return criteria


def _require_criterion(criteria: Mapping[int, Criterion], number: int | None, where: str) -> int:
    if number is None or number not in criteria:
        raise CatalogError(_("{where}: no criterion {number}").format(where=where, number=number))
    return number
