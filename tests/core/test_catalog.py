"""The shipped catalog files and the schema's error messages."""

from decimal import Decimal

import pytest

from ntm.core import Catalog, CatalogError, IndicatorKind, Level, RegionScheme, parse_catalog_text
from ntm.core.catalog import Overlay, RelativeThreshold

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
    assert km2.thresholds[0].relative_to == RelativeThreshold(
        criteria_set="xa-ntm-nang-cao-2021-2025", indicator="10", factor=Decimal("1.10")
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


# --- rules the schema cannot state: every one names the criterion, indicator and field

_THRESHOLD_95 = '          - {value: "95", source: test, verified: false}\n'


def _with_thresholds(*lines: str) -> str:
    """_GOOD with indicator 9.1's thresholds replaced by these flow mappings."""
    assert _THRESHOLD_95 in _GOOD
    body = "".join(f"          - {{{line}, source: test, verified: false}}\n" for line in lines)
    return _GOOD.replace(_THRESHOLD_95, body)


def _refused(text: str) -> CatalogError:
    with pytest.raises(CatalogError) as raised:
        parse_catalog_text(text, file="bad.yaml")
    return raised.value


@pytest.mark.parametrize(
    ("thresholds", "message"),
    [
        (
            ('value: "95", regions: [ĐBSH, TN]', 'value: "90", regions: [TN, ĐNB]'),
            "thresholds 1 and 2 of indicator 9.1 both apply to region TN and are equally specific",
        ),
        (
            ('value: "95"', 'value: "90"'),
            "thresholds 1 and 2 of indicator 9.1 both apply to every commune in every year",
        ),
        (
            ('value: "95", years: {from: 2023}', 'value: "90", years: {to: 2024}'),
            "thresholds 1 and 2 of indicator 9.1 both apply to the years 2023-2024",
        ),
        (
            ('value: "95", regions: [ĐBSH]', 'value: "90", years: {from: 2024}'),
            "both apply to region ĐBSH, the years from 2024 and are equally specific",
        ),
        (
            (
                'value: "80"',
                'value: "95", commune_groups: [1, 2]',
                'value: "90", commune_groups: [2]',
            ),
            "thresholds 2 and 3 of indicator 9.1 both apply to commune group 2",
        ),
        (
            (
                'value: "95", years: {from: 2022, to: 2025}',
                'value: "90", years: {from: 2025, to: 2026}',
            ),
            "both apply to the year 2025",
        ),
    ],
)
def test_two_thresholds_that_compete_for_the_same_commune_and_year_are_refused(
    thresholds: tuple[str, ...], message: str
) -> None:
    error = _refused(_with_thresholds(*thresholds))
    assert message in error.message
    assert "a review could not tell which one to use" in error.message
    assert (error.location.file, error.location.criterion, error.location.indicator) == (
        "bad.yaml",
        "9",
        "9.1",
    )
    assert error.location.field == "thresholds"


@pytest.mark.parametrize(
    "thresholds",
    [
        # a more specific threshold overrides a general one: that is the point of specificity
        ('value: "95"', 'value: "90", regions: [TDMNPB]'),
        ('value: "95", regions: [ĐBSH, ĐNB]', 'value: "90", regions: [TDMNPB, TN]'),
        ('value: "95", years: {to: 2023}', 'value: "90", years: {from: 2024}'),
        ('value: "95", commune_groups: [1]', 'value: "90", commune_groups: [2, 3]'),
        (
            'value: "95", years: {from: 2022, to: 2022}',
            'value: "96", years: {from: 2023, to: 2023}',
        ),
    ],
)
def test_thresholds_that_never_compete_are_accepted(thresholds: tuple[str, ...]) -> None:
    criteria_set = parse_catalog_text(_with_thresholds(*thresholds), file="good.yaml")
    assert len(criteria_set.indicator("9.1").thresholds) == len(thresholds)


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        (
            ("period: {start: 2021, end: 2025}", "period: {start: 2025, end: 2021}"),
            "the period starts in 2025, after it ends in 2021",
            "period.start",
        ),
        (
            ("period: {start: 2021, end: 2025}", "period: {start: 1021, end: 2025}"),
            "the year 1021 is outside 1900-2100",
            "period.start",
        ),
        (
            ("period: {start: 2021, end: 2025}", "period: {start: 2021, end: 20250}"),
            "the year 20250 is outside 1900-2100",
            "period.end",
        ),
        (
            (
                "verified: false}\nregion_scheme",
                'verified: false, date: "2022-02-30"}\nregion_scheme',
            ),
            "'2022-02-30' is not a date (YYYY-MM-DD)",
            "legal_basis.date",
        ),
        (
            ("region_scheme: none\n", 'region_scheme: none\neffective_from: "0202-01-01"\n'),
            "the year 202 is outside 1900-2100",
            "effective_from",
        ),
    ],
)
def test_impossible_periods_years_and_dates_of_the_set_are_refused(
    change: tuple[str, str], message: str, field: str
) -> None:
    text = _GOOD.replace(*change)
    assert text != _GOOD
    error = _refused(text)
    assert error.message == message
    assert (error.location.file, error.location.field) == ("bad.yaml", field)
    assert error.location.criterion is None


@pytest.mark.parametrize(
    ("threshold", "message", "field"),
    [
        (
            'value: "95", years: {from: 2025, to: 2022}',
            "threshold 1: years.from 2025 is after years.to 2022",
            "years.from",
        ),
        (
            'value: "95", years: {from: 1899}',
            "threshold 1: the year 1899 is outside 1900-2100",
            "years.from",
        ),
        (
            'value: "95", years: {to: 2101}',
            "threshold 1: the year 2101 is outside 1900-2100",
            "years.to",
        ),
        (
            'value: "95", relative_to: {criteria_set: other-set, indicator: "9.1", factor: "1.10"}',
            "threshold 1: it has both a value (95) and relative_to; a relative threshold is "
            "computed from the other set's, so leave the value empty (null)",
            "value",
        ),
        (
            'value: null, relative_to: {criteria_set: other-set, indicator: "9.1", factor: "0"}',
            "threshold 1: the relative_to factor 0 must be above 0",
            "relative_to.factor",
        ),
        (
            'value: null, relative_to: {criteria_set: other-set, indicator: "9.1", factor: "-1.5"}',
            "threshold 1: the relative_to factor -1.5 must be above 0",
            "relative_to.factor",
        ),
        ('value: "-5"', "threshold 1: the value -5 is negative", "value"),
        (
            'value: "100.5"',
            "threshold 1: the value 100.5% is above 100%, which a ratio cannot reach",
            "value",
        ),
    ],
)
def test_impossible_thresholds_are_refused(threshold: str, message: str, field: str) -> None:
    error = _refused(_with_thresholds(threshold))
    assert error.message == message
    assert (error.location.criterion, error.location.indicator, error.location.field) == (
        "9",
        "9.1",
        field,
    )


def test_a_ratio_may_require_exactly_100_percent_and_a_relative_threshold_has_no_value() -> None:
    hundred = parse_catalog_text(_with_thresholds('value: "100"'), file="good.yaml")
    assert hundred.indicator("9.1").thresholds[0].value == Decimal(100)
    relative = _with_thresholds(
        'value: null, relative_to: {criteria_set: other-set, indicator: "9.1", factor: "1.10"}'
    )
    parsed = parse_catalog_text(relative, file="good.yaml").indicator("9.1").thresholds[0]
    assert parsed.relative_to is not None
    assert parsed.relative_to.factor == Decimal("1.10")


_YES_NO = """      - code: "9.2"
        name: Có nhà văn hoá
        kind: yes_no
        source: test
        verified: false
"""


@pytest.mark.parametrize(
    ("text", "message", "indicator", "field"),
    [
        (
            _GOOD.replace('unit: "%"', "unit: hộ"),
            "a ratio indicator is a percentage: its unit must be '%', not 'hộ'",
            "9.1",
            "unit",
        ),
        (
            _GOOD + _YES_NO + "        unit: cái\n",
            "a yes_no indicator (Đạt / Chưa đạt) has no unit; remove 'cái'",
            "9.2",
            "unit",
        ),
        (
            _GOOD + _YES_NO + "        numerator: hộ\n",
            "a yes_no indicator (Đạt / Chưa đạt) has no numerator; remove 'hộ'",
            "9.2",
            "numerator",
        ),
        (
            _GOOD + _YES_NO + "        denominator: hộ\n",
            "a yes_no indicator (Đạt / Chưa đạt) has no denominator; remove 'hộ'",
            "9.2",
            "denominator",
        ),
    ],
)
def test_units_that_do_not_fit_the_kind_are_refused(
    text: str, message: str, indicator: str, field: str
) -> None:
    error = _refused(text)
    assert error.message == message
    assert (error.location.criterion, error.location.indicator, error.location.field) == (
        "9",
        indicator,
        field,
    )


def test_a_quantity_may_exceed_100_and_a_yes_no_indicator_may_have_an_empty_unit() -> None:
    text = _GOOD.replace('unit: "%"', "unit: km").replace("        numerator: hộ\n", "")
    text = text.replace("        denominator: hộ\n", "").replace("kind: ratio", "kind: quantity")
    text = text.replace('value: "95"', 'value: "250"') + _YES_NO + '        unit: ""\n'
    criteria_set = parse_catalog_text(text, file="good.yaml")
    assert criteria_set.indicator("9.1").thresholds[0].value == Decimal(250)


_OVERLAY = """
schema: ntm-criteria-overlay/1
code: tinh-thu
name: Bộ tiêu chí tỉnh Thử
province: Thử
legal_basis: {decision: "QĐ 1/QĐ-UBND", date: "2022-09-15", issuer: UBND tỉnh Thử, verified: false}
applies_to: [xa-ntm-2021-2025]
changes:
  - set: xa-ntm-2021-2025
    action: replace_thresholds
    indicator: "10"
    source: test
    verified: false
    thresholds:
      - {value: "50", years: {from: 2022, to: 2023}, source: test, verified: false}
      - {value: "55", years: {from: 2024, to: 2025}, source: test, verified: false}
"""


def test_a_valid_overlay_parses() -> None:
    overlay = parse_catalog_text(_OVERLAY, file="tinh.yaml")
    assert isinstance(overlay, Overlay)
    assert [t.value for t in overlay.changes[0].thresholds] == [Decimal(50), Decimal(55)]


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        (
            ("from: 2024, to: 2025", "from: 2023, to: 2025"),
            "thresholds 1 and 2 of indicator 10 both apply to the year 2023",
            "changes[0].thresholds",
        ),
        (
            ('value: "55"', 'value: "-55"'),
            "threshold 2: the value -55 is negative",
            "changes[0].value",
        ),
        (
            ("from: 2024, to: 2025", "from: 2025, to: 2024"),
            "threshold 2: years.from 2025 is after years.to 2024",
            "changes[0].years.from",
        ),
        (
            ('date: "2022-09-15"', 'date: "2022-19-15"'),
            "'2022-19-15' is not a date",
            "legal_basis.date",
        ),
    ],
)
def test_an_overlay_s_thresholds_follow_the_same_rules(
    change: tuple[str, str], message: str, field: str
) -> None:
    text = _OVERLAY.replace(*change)
    assert text != _OVERLAY
    with pytest.raises(CatalogError) as raised:
        parse_catalog_text(text, file="tinh.yaml")
    assert message in raised.value.message
    assert (raised.value.location.file, raised.value.location.field) == ("tinh.yaml", field)
    if field.startswith("changes"):
        assert raised.value.location.indicator == "10"
