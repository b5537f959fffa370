"""The QĐ 18/2022/QĐ-TTg revocation rule at its boundaries, for the 19 criteria of the
nâng cao set (recognition-procedure.md §5: 30% of 19 = 5.7, 50% of 19 = 9.5, so 5 unmet
never revoke, 6 to 9 revoke with a named criterion among them, 10 or more always)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ntm.core import Catalog
from ntm.core.catalog import Level
from ntm.core.exceptions import CatalogError, InputError
from ntm.core.recognition.revocation import (
    RecognitionRules,
    RevocationOutcome,
    revocation_check,
)

RULES = RecognitionRules.shipped()
RULE = RULES.revocation
ADVANCED = Catalog.shipped().criteria_set("xa-ntm-nang-cao-2021-2025")
BASIC = Catalog.shipped().criteria_set("xa-ntm-2021-2025")

#: Not named in rule (a): 1-9 and 11-16. Named in the nâng cao set: 10 Thu nhập, 17 Môi
#: trường, 18 Chất lượng môi trường sống, 19 Quốc phòng và an ninh.
PLAIN = (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16)


def test_the_shipped_rule_is_the_decisions() -> None:
    assert (RULE.named_share_from, RULE.share_from) == (Decimal(30), Decimal(50))
    assert RULE.verified and not RULE.rounding_verified
    assert "QĐ 18/2022/QĐ-TTg" in RULE.source
    assert RULES.satisfaction[Level.BASIC] == Decimal(90)
    assert RULES.satisfaction[Level.ADVANCED] == Decimal(95)
    assert not RULES.satisfaction_verified


@pytest.mark.parametrize(
    ("unmet", "outcome", "margin"),
    [
        (PLAIN[:5], RevocationOutcome.KEPT, 0),  # 5/19 = 26,3%: one more named would revoke
        ((*PLAIN[:4], 10), RevocationOutcome.KEPT, 0),  # 5 with Thu nhập: a 6th revokes
        (PLAIN[:6], RevocationOutcome.KEPT, 0),  # 6 without a named one: kept
        ((*PLAIN[:5], 17), RevocationOutcome.REVOKED_WITH_NAMED, None),  # 6 with Môi trường
        (PLAIN[:9], RevocationOutcome.KEPT, 0),  # 9 = 47,4% without a named one: kept
        ((*PLAIN[:8], 19), RevocationOutcome.REVOKED_WITH_NAMED, None),  # 9 with QP-AN
        (PLAIN[:10], RevocationOutcome.REVOKED_BY_SHARE, None),  # 10 = 52,6%: always
        ((*PLAIN[:9], 18), RevocationOutcome.REVOKED_BY_SHARE, None),
        ((), RevocationOutcome.KEPT, 5),  # all met: 5 may fail, a 6th (named) revokes
    ],
)
def test_the_boundaries_for_19_criteria(
    unmet: tuple[int, ...], outcome: RevocationOutcome, margin: int | None
) -> None:
    check = revocation_check(RULE, ADVANCED, unmet)
    assert (check.outcome, check.margin) == (outcome, margin)
    assert check.total == 19 and check.unmet == tuple(sorted(unmet))
    assert check.share == Decimal(len(unmet)) * 100 / 19


def test_the_named_criteria_are_found_by_their_names_in_each_set() -> None:
    check = revocation_check(RULE, ADVANCED, (*PLAIN[:2], 10, 17, 18, 19))
    assert check.named_unmet == (
        "Thu nhập",
        "Môi trường",
        "Chất lượng môi trường sống",
        "Quốc phòng và an ninh",
    )
    # The basic set names 17 "Môi trường và an toàn thực phẩm"; 18 there is not named.
    basic = revocation_check(RULE, BASIC, (1, 2, 3, 4, 5, 18))
    assert basic.outcome is RevocationOutcome.KEPT and basic.named_unmet == ()
    basic = revocation_check(RULE, BASIC, (1, 2, 3, 4, 5, 17))
    assert basic.outcome is RevocationOutcome.REVOKED_WITH_NAMED
    assert basic.named_unmet == ("Môi trường và an toàn thực phẩm",)


def test_an_unknown_criterion_is_refused() -> None:
    with pytest.raises(InputError, match="20"):
        revocation_check(RULE, ADVANCED, (1, 20))


def test_a_rules_file_with_the_shares_the_wrong_way_round_is_refused(tmp_path: Path) -> None:
    text = (
        Path(__file__).resolve().parents[3] / "ntm" / "registers" / "recognition-rules.yaml"
    ).read_text("utf-8")
    bad = tmp_path / "rules.yaml"
    bad.write_text(text.replace("named_share_from: 30", "named_share_from: 60"), "utf-8")
    with pytest.raises(CatalogError) as error:
        RecognitionRules.from_file(bad)
    assert error.value.location.field == "revocation.commune.named_share_from"
    bad.write_text(text.replace("share_from: 50", "share_from: 150"), "utf-8")
    with pytest.raises(CatalogError) as error:
        RecognitionRules.from_file(bad)
    assert error.value.location.field == "revocation.commune.share_from"


@pytest.mark.parametrize(
    ("unmet", "margin", "margin_unnamed"),
    [
        # 19 criteria of the nâng cao set; 10 Thu nhập and 17-19 named.
        ((), 5, 9),  # a sixth failure revokes if named (rule a), a tenth whatever (rule b)
        ((1, 2, 3, 4), 1, 5),
        ((1, 2, 3, 4, 5), 0, 4),
        ((1, 2, 3, 4, 5, 6, 7, 8, 9), 0, 0),
        ((10,), 4, 4),  # a named criterion unmet: any five more failures make 6 with it
    ],
)
def test_the_margin_with_and_without_a_named_criterion(
    unmet: tuple[int, ...], margin: int, margin_unnamed: int
) -> None:
    check = revocation_check(RULE, ADVANCED, unmet)
    assert (check.outcome, check.margin, check.margin_unnamed) == (
        RevocationOutcome.KEPT,
        margin,
        margin_unnamed,
    )
    assert ("Thu nhập" in check.named_met) is (10 not in unmet)
