"""The shipped catalog files and the schema's error messages."""

from decimal import Decimal

import pytest

from ntm.core import Catalog, CatalogError, IndicatorKind, Level, RegionScheme, parse_catalog_text

SHIPPED = Catalog.shipped()


@pytest.mark.parametrize(
    ("code", "level", "count", "decision", "annex", "scheme"),
    [
        ("xa-ntm-2021-2025", Level.BASIC, 19, "QĐ 318/QĐ-TTg", "Phụ lục I", RegionScheme.REGIONS),
        (
            "xa-ntm-nang-cao-2021-2025",
            Level.ADVANCED,
            19,
            "QĐ 318/QĐ-TTg",
            "Phụ lục II",
            RegionScheme.REGIONS,
        ),
        ("xa-ntm-kieu-mau-2021-2025", Level.MODEL, 3, "QĐ 319/QĐ-TTg", None, RegionScheme.REGIONS),
        (
            "xa-ntm-2026-2030",
            Level.BASIC,
            10,
            "QĐ 51/2025/QĐ-TTg",
            "Phụ lục I",
            RegionScheme.COMMUNE_GROUPS,
        ),
    ],
)
def test_every_shipped_set_loads_with_its_decision_and_criteria_count(
    code: str, level: Level, count: int, decision: str, annex: str | None, scheme: RegionScheme
) -> None:
    criteria_set = SHIPPED.criteria_set(code)
    assert criteria_set.level is level
    assert criteria_set.criteria_count == count
    assert criteria_set.legal_basis.decision == decision
    assert criteria_set.legal_basis.annex == annex
    assert criteria_set.region_scheme is scheme


def test_advanced_set_names_its_nineteen_criteria_as_the_seed_plan_lists_them() -> None:
    names = {c.number: c.name for c in SHIPPED.criteria_set("xa-ntm-nang-cao-2021-2025").criteria}
    assert names[5] == "Giáo dục"
    assert names[14] == "Y tế"
    assert names[15] == "Hành chính công"
    assert names[17] == "Môi trường"
    assert names[18] == "Chất lượng môi trường sống"


def test_basic_and_advanced_sets_number_their_criteria_differently() -> None:
    basic = SHIPPED.criteria_set("xa-ntm-2021-2025")
    advanced = SHIPPED.criteria_set("xa-ntm-nang-cao-2021-2025")
    assert basic.criterion(14).name == "Giáo dục và Đào tạo"
    assert advanced.criterion(14).name == "Y tế"


def test_no_threshold_is_invented_every_unverified_value_carries_a_source() -> None:
    for criteria_set in SHIPPED.sets():
        for indicator in criteria_set.indicators():
            for threshold in indicator.thresholds:
                assert threshold.source.strip(), (criteria_set.code, indicator.code)
                if threshold.value is not None and threshold.value != 0:
                    # the only numbers the reference states are [M]/[?]: none is verified
                    assert threshold.verified is False, (criteria_set.code, indicator.code)


def test_model_conditions_derive_income_from_the_advanced_set() -> None:
    model = SHIPPED.criteria_set("xa-ntm-kieu-mau-2021-2025")
    km2 = model.indicator("KM2")
    relative = km2.thresholds[0].relative_to
    assert relative is not None
    assert (relative.criteria_set, relative.indicator, relative.factor) == (
        "xa-ntm-nang-cao-2021-2025",
        "10",
        Decimal("1.10"),
    )
    assert model.builds_on == "xa-ntm-nang-cao-2021-2025"
    assert SHIPPED.model_set_for(SHIPPED.criteria_set("xa-ntm-nang-cao-2021-2025")) == model


def test_thai_nguyen_overlay_replaces_income_thresholds_by_year_with_unknown_values() -> None:
    national = SHIPPED.criteria_set("xa-ntm-nang-cao-2021-2025")
    provincial = SHIPPED.criteria_set("xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022")
    income = provincial.indicator("10")
    assert [(t.year_from, t.year_to, t.value) for t in income.thresholds] == [
        (2022, 2022, None),
        (2023, 2023, None),
        (2024, 2024, None),
        (2025, 2025, None),
    ]
    assert provincial.indicator("14.1") == national.indicator("14.1")
    assert [b.decision for b in provincial.legal_bases] == ["QĐ 318/QĐ-TTg", "QĐ 2194/QĐ-UBND"]
    assert income.kind is IndicatorKind.QUANTITY


def test_unknown_set_code_lists_the_known_ones() -> None:
    with pytest.raises(CatalogError, match="unknown criteria set 'xa-ntm-2019'; known sets: "):
        SHIPPED.criteria_set("xa-ntm-2019")


def test_unknown_overlay_is_refused() -> None:
    with pytest.raises(CatalogError, match="unknown overlay 'ha-noi'"):
        SHIPPED.criteria_set("xa-ntm-2021-2025+ha-noi")


def test_overlay_for_another_set_is_refused() -> None:
    with pytest.raises(CatalogError, match="applies to .*not xa-ntm-2026-2030"):
        SHIPPED.criteria_set("xa-ntm-2026-2030+thai-nguyen-qd-2194-2022")


_GOOD = """
schema: ntm-criteria-set/1
code: bad-set
name: Bộ thử
level: basic
period: {start: 2021, end: 2025}
legal_basis: {decision: "1/TEST", issuer: test, verified: false}
region_scheme: none
criteria:
  - number: 9
    name: Nhà ở dân cư
    source: test
    verified: false
    indicators:
      - code: "9.1"
        name: Tỷ lệ hộ có nhà ở kiên cố
        kind: ratio
        unit: "%"
        numerator: hộ
        denominator: hộ
        comparator: ">="
        source: test
        verified: false
        thresholds:
          - {value: "95", source: test, verified: false}
"""


def test_a_valid_file_parses() -> None:
    criteria_set = parse_catalog_text(_GOOD, file="good.yaml")
    assert criteria_set.indicator("9.1").thresholds[0].value == Decimal(95)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('comparator: ">="', 'comparator: "=>"'),
            "good.yaml, criterion 9, indicator 9.1, field 'comparator': '=>' is not one of",
        ),
        (
            ('value: "95"', 'value: "95,5"'),
            "criterion 9, indicator 9.1, field 'value': '95,5' is not a decimal number",
        ),
        (
            ("        kind: ratio\n", "        kind: ratio\n        colour: red\n"),
            "indicator 9.1: unknown field: 'colour' was unexpected",
        ),
        (("    name: Nhà ở dân cư\n", ""), "criterion 9: 'name' is missing"),
        (("level: basic", "level: nâng cao"), "field 'level': 'nâng cao' is not one of"),
        (("        numerator: hộ\n", ""), "indicator 9.1: 'numerator' is missing"),
    ],
)
def test_schema_errors_name_the_file_criterion_indicator_and_field(
    change: tuple[str, str], message: str
) -> None:
    text = _GOOD.replace(*change)
    assert text != _GOOD
    with pytest.raises(CatalogError) as raised:
        parse_catalog_text(text, file="good.yaml")
    assert message in str(raised.value)


def test_duplicated_indicator_code_is_refused() -> None:
    text = _GOOD + _GOOD[_GOOD.index("      - code") :]
    with pytest.raises(
        CatalogError,
        match=r"criterion 9, indicator 9.1, field 'code': indicator code appears twice",
    ):
        parse_catalog_text(text, file="dup.yaml")


def test_a_file_that_is_not_yaml_is_refused() -> None:
    with pytest.raises(CatalogError, match="broken.yaml, row 2: not valid YAML"):
        parse_catalog_text("a: [1,\nb: {", file="broken.yaml")


def test_a_file_without_a_known_schema_is_refused() -> None:
    with pytest.raises(CatalogError, match="unknown schema"):
        parse_catalog_text("schema: something/1\n", file="x.yaml")
