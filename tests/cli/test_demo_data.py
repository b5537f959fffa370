"""``ntm demo-data registers -o``: a synthetic register written in the import format, read
back as synthetic; a bad output folder is one line and status 2."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ntm.cli.main import main
from ntm.core.households.files import read_register_files
from ntm.core.households.synthetic import synthetic_register


def test_the_written_register_reads_back_as_synthetic(tmp_path: Path) -> None:
    out = tmp_path / "so-ho.xlsx"
    result = CliRunner().invoke(
        main, ["demo-data", "registers", "--commune", "05560", "--households", "40", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    expected = synthetic_register("05560", households=40, seed=1, hamlets=12)
    assert f"40 hộ giả lập, {len(expected.persons)} nhân khẩu" in result.output
    register_file = read_register_files([out])
    assert register_file.synthetic
    assert len(register_file.households.rows) == 40
    assert not list(tmp_path.glob(".*partial"))


def test_a_missing_folder_is_one_line_and_status_2(tmp_path: Path) -> None:
    out = tmp_path / "no" / "so-ho.xlsx"
    result = CliRunner().invoke(
        main, ["demo-data", "registers", "--commune", "05560", "--households", "4", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"lỗi: không có thư mục {out.parent}"]
    assert not out.parent.exists()
