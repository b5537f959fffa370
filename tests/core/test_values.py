import unicodedata
from decimal import Decimal

import pytest

from ntm.core import (
    InputError,
    NumberFormatError,
    Qualifier,
    ValueStatus,
    Verdict,
    format_decimal,
    parse_decimal,
    parse_value,
    parse_verdict,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12"),
        ("12,5", "12.5"),
        ("1.234", "1234"),
        ("1.234,5", "1234.5"),
        ("1.234.567,25", "1234567.25"),
        ("12.5", "12.5"),
        ("1 234", "1234"),
        ("-0,75", "-0.75"),
        (" 60,66 ", "60.66"),
    ],
)
def test_parse_decimal_reads_vietnamese_and_plain_writing(text: str, expected: str) -> None:
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "12,5,3", "1.23.4", "", "12%", "1,234.5"])
def test_parse_decimal_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(NumberFormatError, match="is not a number"):
        parse_decimal(text)


def test_parse_decimal_refuses_a_float_because_values_are_exact() -> None:
    with pytest.raises(NumberFormatError, match="float"):
        parse_decimal(0.1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "number", "qualifier", "status", "percent"),
    [
        ("95%", "95", Qualifier.EXACT, ValueStatus.ACTUAL, True),
        ("> 97%", "97", Qualifier.OVER, ValueStatus.ACTUAL, True),
        ("trên 95%", "95", Qualifier.OVER, ValueStatus.ACTUAL, True),
        ("Trên 70", "70", Qualifier.OVER, ValueStatus.ACTUAL, False),
        ("hơn 100", "100", Qualifier.OVER, ValueStatus.ACTUAL, False),
        ("≥ 95", "95", Qualifier.AT_LEAST, ValueStatus.ACTUAL, False),
        (">= 95", "95", Qualifier.AT_LEAST, ValueStatus.ACTUAL, False),
        ("dưới 1%", "1", Qualifier.UNDER, ValueStatus.ACTUAL, True),
        ("< 1", "1", Qualifier.UNDER, ValueStatus.ACTUAL, False),
        ("không quá 2", "2", Qualifier.AT_MOST, ValueStatus.ACTUAL, False),
        ("gần 98%", "98", Qualifier.NEARLY, ValueStatus.ACTUAL, True),
        ("khoảng 70", "70", Qualifier.ABOUT, ValueStatus.ACTUAL, False),
        ("ước 60,3", "60.3", Qualifier.EXACT, ValueStatus.ESTIMATED, False),
        ("ước đạt trên 60,3", "60.3", Qualifier.OVER, ValueStatus.ESTIMATED, False),
        ("kế hoạch 80%", "80", Qualifier.EXACT, ValueStatus.PLANNED, True),
    ],
)
def test_parse_value_keeps_qualifier_and_status_apart_from_the_number(
    text: str, number: str, qualifier: Qualifier, status: ValueStatus, percent: bool
) -> None:
    value = parse_value(text)
    assert (value.number, value.qualifier, value.status, value.percent) == (
        Decimal(number),
        qualifier,
        status,
        percent,
    )
    assert value.raw == text.strip()


def test_gan_98_is_not_stored_as_98_exact() -> None:
    value = parse_value("gần 98%")
    assert value.qualifier is not Qualifier.EXACT


def test_parse_value_refuses_two_qualifiers() -> None:
    with pytest.raises(NumberFormatError, match="two qualifiers"):
        parse_value("trên gần 95")


def test_parse_value_refuses_text_where_a_number_belongs() -> None:
    with pytest.raises(NumberFormatError, match="'chưa có' is not a number"):
        parse_value("chưa có")


def test_parse_value_reads_decomposed_diacritics_like_composed_ones() -> None:
    decomposed = unicodedata.normalize("NFD", "gần 98%")
    assert decomposed != "gần 98%"
    assert parse_value(decomposed).qualifier is Qualifier.NEARLY


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Đạt", Verdict.MET),
        ("đạt", Verdict.MET),
        ("ĐẠT.", Verdict.MET),
        ("Chưa đạt", Verdict.NOT_MET),
        ("Không đạt", Verdict.NOT_MET),
        ("Cơ bản đạt", Verdict.BASICALLY_MET),
        ("cơ bản hoàn thành", Verdict.BASICALLY_MET),
    ],
)
def test_parse_verdict(text: str, verdict: Verdict) -> None:
    assert parse_verdict(text) is verdict


def test_co_ban_dat_is_not_dat() -> None:
    assert parse_verdict("Cơ bản đạt") is not Verdict.MET


def test_parse_verdict_refuses_other_words() -> None:
    with pytest.raises(InputError, match="'tốt' is not a verdict"):
        parse_verdict("tốt")


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("97.125", "97,13"),
        ("97.124", "97,12"),
        ("0.005", "0,01"),
        ("1234.5", "1.234,5"),
        ("95", "95"),
        ("95.00", "95"),
        ("-1.005", "-1,01"),
        ("1234567", "1.234.567"),
    ],
)
def test_format_decimal_rounds_half_up_to_two_places_for_display(number: str, text: str) -> None:
    assert format_decimal(Decimal(number)) == text
