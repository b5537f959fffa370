"""Write a criteria set back to the YAML form of ``ntm/catalogs/`` (``schema: ntm-criteria-set/1``).

:func:`dump_criteria_set` is the inverse of :func:`~ntm.core.catalog.parse_criteria_set`:
``parse_criteria_set(load_yaml(dump_criteria_set(s), file=...), file=...) == s`` for every
plain set. A set with provincial overlays applied (code ``<base>+<overlay>``) is written
as a plain set, see :func:`flatten_criteria_set`.

:func:`criteria_set_data` gives the same content as plain Python data (the dict the YAML
file holds), for other writers.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import yaml

from ntm.core.catalog import (
    REGIONS,
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorKind,
    LegalBasis,
    Threshold,
)
from ntm.core.i18n import _

__all__ = [
    "SCHEMA_ID",
    "criteria_set_data",
    "decimal_text",
    "dump_criteria_set",
    "flat_code",
    "flatten_criteria_set",
    "sorted_regions",
]

#: The ``schema`` key of a criteria-set file.
SCHEMA_ID = "ntm-criteria-set/1"


def decimal_text(number: Decimal) -> str:
    """Write an exact decimal as the schema wants it: ``"95"``, ``"1.10"``, ``"-0.5"``.

    Plain positional notation with a decimal point, never an exponent (``Decimal("1E+2")``
    is written ``"100"``) and never rounded: trailing zeros that the value carries stay.
    """
    text = format(number, "f")
    return "0" if text == "-0" else text


def flat_code(code: str) -> str:
    """The plain-set code of a composite code: ``"a+b"`` → ``"a-b"`` (the schema's code pattern)."""
    return code.replace("+", "-")


def flatten_criteria_set(criteria_set: CriteriaSet) -> CriteriaSet:
    """A plain set with the same content as ``criteria_set``.

    A plain set (no overlays) is returned unchanged. For a set with overlays applied
    (``xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022``):

    - ``code`` becomes :func:`flat_code` of it
      (``xa-ntm-nang-cao-2021-2025-thai-nguyen-qd-2194-2022``);
    - ``overlays`` becomes empty and each overlay's legal basis is appended to
      ``other_legal_bases``, so :attr:`~ntm.core.catalog.CriteriaSet.legal_bases` is unchanged;
    - ``name`` stays as :func:`~ntm.core.catalog.apply_overlay` made it (it already cites
      the provincial decision); criteria, indicators and thresholds are unchanged.
    """
    if not criteria_set.overlays:
        return criteria_set
    return replace(
        criteria_set,
        code=flat_code(criteria_set.code),
        overlays=(),
        other_legal_bases=(
            *criteria_set.other_legal_bases,
            *(overlay.legal_basis for overlay in criteria_set.overlays),
        ),
    )


def criteria_set_data(criteria_set: CriteriaSet) -> dict[str, Any]:
    """The set as the dict a criteria-set YAML file holds (after :func:`flatten_criteria_set`).

    Keys come in the order of the shipped files: ``schema, code, name, level, period,
    legal_basis, other_legal_bases, effective_from, region_scheme, requires, builds_on, note,
    criteria``. Decimals are strings (:func:`decimal_text`), dates stay ``YYYY-MM-DD``
    strings; optional fields that are empty (``""``, ``None``, ``()``) are left out, except
    the ones the schema requires for the indicator's kind (``unit``, ``comparator`` and
    ``thresholds`` for ratio and quantity, ``numerator`` and ``denominator`` for ratio).
    """
    flat = flatten_criteria_set(criteria_set)
    data: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "code": flat.code,
        "name": flat.name,
        "level": flat.level.value,
        "period": {"start": flat.period_start, "end": flat.period_end},
        "legal_basis": _legal_basis_data(flat.legal_basis),
    }
    if flat.other_legal_bases:
        data["other_legal_bases"] = [_legal_basis_data(item) for item in flat.other_legal_bases]
    if flat.effective_from is not None:
        data["effective_from"] = flat.effective_from
    data["region_scheme"] = flat.region_scheme.value
    if flat.requires:
        data["requires"] = [level.value for level in flat.requires]
    if flat.builds_on is not None:
        data["builds_on"] = flat.builds_on
    if flat.note:
        data["note"] = flat.note
    data["criteria"] = [_criterion_data(criterion) for criterion in flat.criteria]
    return data


def dump_criteria_set(criteria_set: CriteriaSet) -> str:
    """Render a criteria set as the YAML text of a catalog file (UTF-8 Vietnamese, not escaped).

    The content is :func:`criteria_set_data`; a composite set is flattened first (see
    :func:`flatten_criteria_set`) and the text starts with a comment naming the composite
    code, in the active language. Multi-line texts are written as ``|`` blocks; lists of
    plain values (regions, ``requires``) in flow style. Raises nothing for a set built by
    the parser.
    """
    text = yaml.dump(
        criteria_set_data(criteria_set),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    if criteria_set.overlays:
        overlays = ", ".join(overlay.code for overlay in criteria_set.overlays)
        # a comment for the reader, in the active language; the data itself is never translated
        header = (
            "# "
            + _(
                "{code}: national set with provincial overlay(s) {overlays} applied, written as "
                "a plain set."
            ).format(code=criteria_set.code, overlays=overlays)
            + "\n"
        )
        text = header + text
    return text


def _legal_basis_data(basis: LegalBasis) -> dict[str, Any]:
    data: dict[str, Any] = {"decision": basis.decision}
    if basis.date is not None:
        data["date"] = basis.date
    if basis.annex is not None:
        data["annex"] = basis.annex
    data["issuer"] = basis.issuer
    if basis.title is not None:
        data["title"] = basis.title
    if basis.source is not None:
        data["source"] = basis.source
    data["verified"] = basis.verified
    return data


def _criterion_data(criterion: Criterion) -> dict[str, Any]:
    data: dict[str, Any] = {"number": criterion.number, "name": criterion.name}
    if criterion.group:
        data["group"] = criterion.group
    if criterion.responsible:
        data["responsible"] = criterion.responsible
    data["source"] = criterion.source
    data["verified"] = criterion.verified
    if criterion.note:
        data["note"] = criterion.note
    if criterion.indicators:
        data["indicators"] = [_indicator_data(indicator) for indicator in criterion.indicators]
    return data


def _indicator_data(indicator: Indicator) -> dict[str, Any]:
    measured = indicator.kind is not IndicatorKind.YES_NO
    ratio = indicator.kind is IndicatorKind.RATIO
    data: dict[str, Any] = {
        "code": indicator.code,
        "name": indicator.name,
        "kind": indicator.kind.value,
    }
    if measured or indicator.unit:
        data["unit"] = indicator.unit
    if ratio or indicator.numerator:
        data["numerator"] = indicator.numerator
    if ratio or indicator.denominator:
        data["denominator"] = indicator.denominator
    if indicator.comparator is not None:
        data["comparator"] = indicator.comparator.value
    if indicator.responsible:
        data["responsible"] = indicator.responsible
    data["source"] = indicator.source
    data["verified"] = indicator.verified
    if indicator.note:
        data["note"] = indicator.note
    if measured or indicator.thresholds:
        data["thresholds"] = [_threshold_data(threshold) for threshold in indicator.thresholds]
    return data


def _threshold_data(threshold: Threshold) -> dict[str, Any]:
    data: dict[str, Any] = {
        "value": None if threshold.value is None else decimal_text(threshold.value)
    }
    if threshold.relative_to is not None:
        data["relative_to"] = {
            "criteria_set": threshold.relative_to.criteria_set,
            "indicator": threshold.relative_to.indicator,
            "factor": decimal_text(threshold.relative_to.factor),
        }
    if threshold.regions:
        data["regions"] = sorted_regions(threshold.regions)
    if threshold.commune_groups:
        data["commune_groups"] = sorted(threshold.commune_groups)
    years: dict[str, int] = {}
    if threshold.year_from is not None:
        years["from"] = threshold.year_from
    if threshold.year_to is not None:
        years["to"] = threshold.year_to
    if years:
        data["years"] = years
    data["source"] = threshold.source
    data["verified"] = threshold.verified
    if threshold.note:
        data["note"] = threshold.note
    return data


def sorted_regions(regions: frozenset[str]) -> list[str]:
    """Region codes in the order of :data:`~ntm.core.catalog.REGIONS` (unknown codes last)."""
    order = {code: index for index, code in enumerate(REGIONS)}
    return sorted(regions, key=lambda code: (order.get(code, len(order)), code))


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents lists under their key, like the shipped files."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    plain = bool(items) and all(
        isinstance(item, int | str) and "\n" not in str(item) for item in items
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=plain)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
