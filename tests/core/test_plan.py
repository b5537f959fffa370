"""The plan model: dates that may be partly blank, signatures, placeholders, and the checks
against the review (NĐ 30/2020/NĐ-CP for the forms; the seed plan for the content)."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

import pytest

from ntm.core import Catalog, InputError, Location
from ntm.core.io.plan_yaml import read_plan
from ntm.core.plan import (
    PartialDate,
    Signature,
    SigningMode,
    check_plan,
    criterion_label,
    expand_text,
)

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "examples" / "phuc-chu-2024" / "plan.yaml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/02/2024", PartialDate(2024, 2, 5)),
        ("5/2/2024", PartialDate(2024, 2, 5)),
        ("29.02.2024", PartialDate(2024, 2, 29)),
        ("12/2024", PartialDate(2024, 12)),
        ("2024", PartialDate(2024)),
        (2024, PartialDate(2024)),
    ],
)
def test_partial_dates_are_read_in_vietnamese_order(text: str | int, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("29/02/2023", "the date 29/02/2023 does not exist: month 2 of 2023 has 28 days"),
        ("31/4/2024", "the date 31/4/2024 does not exist: month 4 of 2024 has 30 days"),
        ("00/01/2024", "the date 00/01/2024 does not exist: there is no day 0"),
        ("13/2024", "the date 13/2024 does not exist: there is no month 13"),
        ("2024-12", "'2024-12' is not a date: write dd/mm/yyyy, mm/yyyy or yyyy"),
        ("tháng 12 năm 2024", "is not a date"),
        ("1/1/1800", "year 1800 is out of range"),
    ],
)
def test_dates_that_do_not_exist_are_refused_by_name(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as raised:
        PartialDate.parse(text, location=Location(file="plan.yaml", field="document.date"))
    assert raised.value.location.field == "document.date"


def test_a_blank_day_and_month_stay_blank_on_the_date_line() -> None:
    # NĐ 30/2020: days below 10 and months 1 and 2 take a leading zero.
    assert PartialDate(2024, 2, 5).dated_line("Phúc Chu") == "Phúc Chu, ngày 05 tháng 02 năm 2024"
    assert PartialDate(2024, 12, 25).dated_line("Phúc Chu") == "Phúc Chu, ngày 25 tháng 12 năm 2024"
    blank = PartialDate(2024).dated_line("Phúc Chu")
    assert " ".join(blank.split()) == "Phúc Chu, ngày tháng năm 2024"
    assert PartialDate(2024, 12).spelled() == "tháng 12 năm 2024"
    assert PartialDate(2024, 1, 9).spelled() == "ngày 09 tháng 01 năm 2024"


def test_a_partial_date_spans_its_month_or_year() -> None:
    assert PartialDate(2024).earliest() == datetime.date(2024, 1, 1)
    assert PartialDate(2024).latest() == datetime.date(2024, 12, 31)
    assert PartialDate(2024, 2).latest() == datetime.date(2024, 2, 29)
    assert not PartialDate(2024, 2).complete
    assert PartialDate(2024, 2, 1).complete


@pytest.mark.parametrize(
    ("signature", "lines"),
    [
        (
            Signature("CHỦ TỊCH", SigningMode.KT, "PHÓ CHỦ TỊCH", "ỦY BAN NHÂN DÂN"),
            ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ),
        (
            Signature("CHỦ TỊCH", on_behalf_of="ỦY BAN NHÂN DÂN"),
            ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        ),
        (Signature("CHỦ TỊCH", SigningMode.Q), ("Q. CHỦ TỊCH",)),
        (
            Signature("CHỦ TỊCH", SigningMode.TL, "CHÁNH VĂN PHÒNG"),
            ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
        ),
    ],
)
def test_signature_lines_follow_the_signing_abbreviations(
    signature: Signature, lines: tuple[str, ...]
) -> None:
    assert signature.lines() == lines


def test_placeholders_are_filled_and_unknown_ones_refused() -> None:
    where = Location(file="plan.yaml", field="assignments[0].tasks[0]")
    values = {"criteria": "tiêu chí số 9 - Nhà ở dân cư", "year": "2024"}
    assert expand_text("Phụ trách {criteria} năm {year}; {{x}}", values, location=where) == (
        "Phụ trách tiêu chí số 9 - Nhà ở dân cư năm 2024; {x}"
    )
    with pytest.raises(InputError, match=r"unknown placeholder \{tieu_chi\}"):
        expand_text("{tieu_chi}", values, location=where)
    with pytest.raises(InputError, match=r"the placeholder \{deadline\} has no value here"):
        expand_text("vào {deadline}", values, location=where)
    with pytest.raises(InputError, match="a single brace"):
        expand_text("a { b", values, location=where)
    with pytest.raises(InputError, match=r"takes no conversion or format: write \{criteria\}"):
        expand_text("{criteria!r}", values, location=where)


def test_criterion_labels_take_the_sets_names() -> None:
    criteria_set = Catalog.shipped().criteria_set("xa-ntm-nang-cao-2021-2025")
    assert criterion_label(criteria_set, 17) == "Tiêu chí số 17 - Môi trường"
    assert criterion_label(criteria_set, 9, capital=False) == "tiêu chí số 9 - Nhà ở dân cư"


def test_the_phuc_chu_plan_checks_clean_and_a_target_without_owner_is_warned() -> None:
    loaded = read_plan(str(PLAN), catalog=Catalog.shipped())
    assert check_plan(loaded.plan, loaded.review) == ()
    orphan = replace(
        loaded.plan,
        assignments=tuple(a for a in loaded.plan.assignments if 12 not in a.criteria),
    )
    assert check_plan(orphan, loaded.review) == ("no position leads the targeted criteria 12",)
