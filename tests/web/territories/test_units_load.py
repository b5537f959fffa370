"""`ntm units load`: Thái Nguyên before and after the 1 July 2025 merger, keyed by code."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ntm.cli.main import main
from ntm.territories.models import MERGER_DATE, Unit, UnitKind


@pytest.mark.django_db
def test_thai_nguyen_is_loaded_with_its_merger_once() -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["units", "load", "--province", "Thái Nguyên"])
    assert first.exit_code == 0, first.output
    # 92 communes since 1 July 2025, made of old Thái Nguyên and old Bắc Kạn.
    assert "92" in first.output and "280" in first.output and "283" in first.output
    counts = (Unit.objects.count(), Unit.successors.through.objects.count())
    second = runner.invoke(main, ["units", "load", "--province", "Thái Nguyên"])
    assert second.exit_code == 0
    assert (Unit.objects.count(), Unit.successors.through.objects.count()) == counts

    phuc_chu = Unit.objects.get(kind=UnitKind.COMMUNE, code="05560")
    assert (phuc_chu.full_name, phuc_chu.valid_to) == ("Xã Phúc Chu", MERGER_DATE)
    assert phuc_chu.parent is not None and phuc_chu.parent.full_name == "Huyện Định Hóa"
    assert [u.full_name for u in phuc_chu.successors.all()] == ["Xã Định Hóa"]
    dinh_hoa = Unit.objects.get(kind=UnitKind.COMMUNE, code="05569", valid_to__isnull=True)
    assert sorted(u.name for u in dinh_hoa.predecessors.all()) == [
        "Bảo Linh",
        "Chợ Chu",
        "Phúc Chu",
        "Đồng Thịnh",
    ]
    # The code 05569 was thị trấn Chợ Chu's before the merger: both are kept.
    assert Unit.objects.filter(kind=UnitKind.COMMUNE, code="05569").count() == 2
    # Two old communes share the name Phượng Tiến: told apart by their codes.
    assert sorted(Unit.objects.filter(name="Phượng Tiến").values_list("code", flat=True)) == [
        "05563",
        "05566",
    ]


@pytest.mark.django_db
def test_an_unknown_province_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(main, ["units", "load", "--province", "Atlantis"])
    assert result.exit_code == 2
    assert "Atlantis" in result.output
