"""The ntm command, run as a user runs it: a subprocess, its output and exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ntm.cli.main import main

REPO = Path(__file__).resolve().parents[2]
PHUC_CHU = REPO / "examples" / "phuc-chu-2024" / "review.yaml"


def ntm(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the command in-process (click's runner), from ``cwd``, as a user would type it."""
    runner = CliRunner()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(
        args=list(args), returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr
    )


def test_the_installed_entry_point_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "r.csv"
    bad.write_text("chỉ tiêu,kết quả\n14.1,nhiều\n", encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "ntm.cli.main",
            "review",
            "r.csv",
            "--year",
            "2024",
            "--set",
            "xa-ntm-nang-cao-2021-2025",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr == "lỗi: r.csv, dòng 2, cột 'kết quả': 'nhiều' không phải là số\n"
    assert run.stdout == ""


def test_phuc_chu_json_lists_the_seeds_met_and_unmet_criteria_exactly() -> None:
    run = ntm("review", str(PHUC_CHU), "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["summary"]["met"] == [3, 4, 7, 14, 15, 16, 18, 19]
    assert data["summary"]["not_met"] == [1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 17]
    assert data["summary"]["undecided"] == []
    assert data["summary"]["met_count"] == 8
    assert data["criteria_set"]["code"] == "xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022"
    assert data["criteria_set"]["legal_bases"] == [
        "QĐ 318/QĐ-TTg ngày 08/03/2022, Phụ lục II",
        "QĐ 2194/QĐ-UBND ngày 15/09/2022",
    ]
    # The seed gives no numbers: no indicator has a value, every outcome is the commune's own.
    assert {c["basis"] for c in data["criteria"]} == {"stated"}
    assert all(i["value"] is None for c in data["criteria"] for i in c["indicators"])
    levels = {level["level"]: level["status"] for level in data["levels"]}
    assert levels == {"basic": "held", "advanced": "not_reached", "model": "not_reached"}


def test_phuc_chu_table_prints_the_two_lists() -> None:
    run = ntm("review", str(PHUC_CHU))
    assert run.returncode == 0, run.stderr
    assert "Đạt (8/19): 3, 4, 7, 14, 15, 16, 18, 19\n" in run.stdout
    assert "Chưa đạt (11): 1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 17\n" in run.stdout
    assert (
        "xã NTM nâng cao: chưa đạt (còn tiêu chí 1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 17)"
        in run.stdout
    )


def test_xlsx_output_is_the_summary_table(tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.xlsx"
    run = ntm("review", str(PHUC_CHU), "--format", "xlsx", "-o", str(out))
    assert run.returncode == 0, run.stderr
    sheet = openpyxl.load_workbook(out)["Tổng hợp"]
    header = [cell.value for cell in sheet[3]]
    assert header[:5] == ["TT", "Tiêu chí", "Chỉ tiêu", "Chuẩn", "Kết quả thực hiện"]
    criterion_rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert [(row[0], row[7]) for row in criterion_rows][8] == (9, "Chưa đạt")
    assert len(criterion_rows) == 19
    # It prints as a table is handed over: A4 landscape, one page wide, header repeated.
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth) == ("landscape", 1)
    assert sheet.print_title_rows == "$3:$3"
    assert sheet["B4"].font.name == "Times New Roman"


def test_xlsx_output_reads_back_with_the_same_lists(tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.xlsx"
    assert ntm("review", str(PHUC_CHU), "--format", "xlsx", "-o", str(out)).returncode == 0
    run = ntm("review", str(out), "--format", "json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["summary"]["met"] == [3, 4, 7, 14, 15, 16, 18, 19]
    assert data["commune"]["code"] == "05560"


@pytest.mark.parametrize(
    ("args", "content", "name", "message"),
    [
        (
            ["--set", "xa-ntm-2019"],
            None,
            None,
            "lỗi: examples/phuc-chu-2024/review.yaml, trường 'criteria_set': không có bộ tiêu chí 'xa-ntm-2019'",
        ),
        (
            ["--year", "2024", "--set", "xa-ntm-nang-cao-2021-2025"],
            "chỉ tiêu,kết quả\n99.1,95\n",
            "r.csv",
            "r.csv, dòng 2, cột 'chỉ tiêu': mã chỉ tiêu '99.1' không có trong bộ tiêu chí xa-ntm-nang-cao-2021-2025",
        ),
        (
            ["--year", "2024", "--set", "xa-ntm-nang-cao-2021-2025"],
            "chỉ tiêu,kết quả\n14.1,nhiều\n",
            "r.csv",
            "r.csv, dòng 2, cột 'kết quả': 'nhiều' không phải là số",
        ),
        (
            ["--year", "2024", "--set", "xa-ntm-nang-cao-2021-2025"],
            "chỉ tiêu,tử số,mẫu số\n14.1,1,0\n",
            "r.csv",
            "r.csv, dòng 2, cột 'mẫu số': mẫu số bằng 0: không tính được tỷ lệ",
        ),
        (
            ["--year", "2024", "--set", "xa-ntm-nang-cao-2021-2025"],
            "chỉ tiêu,kết quả\n14.1,96\n14.1,97\n",
            "r.csv",
            "r.csv, dòng 3: chỉ tiêu 14.1 xuất hiện hai lần (lần thứ nhất tại r.csv, dòng 2)",
        ),
        (
            ["--year", "2024", "--set", "xa-ntm-nang-cao-2021-2025"],
            "chỉ tiêu,hạng\n14.1,A\n",
            "r.csv",
            "r.csv, dòng 1, cột 'hạng': không nhận ra cột 'hạng'",
        ),
        (
            ["--year", "2024", "--set", "xa-ntm-nang-cao-2021-2025"],
            "plain text, not a workbook",
            "r.xlsx",
            "r.xlsx: không phải bảng tính",
        ),
    ],
)
def test_bad_input_prints_one_message_and_exits_2_without_traceback(
    tmp_path: Path, args: list[str], content: str | None, name: str | None, message: str
) -> None:
    if content is None:
        target = "examples/phuc-chu-2024/review.yaml"
        cwd = REPO
    else:
        (tmp_path / name).write_text(content, encoding="utf-8")  # type: ignore[operator]
        target, cwd = name, tmp_path  # type: ignore[assignment]
    run = ntm("review", target, *args, cwd=cwd)
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_catalog_list_shows_every_shipped_set() -> None:
    run = ntm("catalog", "list")
    assert run.returncode == 0, run.stderr
    codes = [line.split()[0] for line in run.stdout.splitlines()]
    assert codes == [
        "xa-ntm-kieu-mau-2021-2025",
        "xa-ntm-nang-cao-2021-2025",
        "xa-ntm-2021-2025",
        "xa-ntm-2026-2030",
        "xa-ntm-2021-2025+thai-nguyen-qd-2194-2022",
        "xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022",
    ]


def test_catalog_export_then_import_writes_the_same_set(tmp_path: Path) -> None:
    sheet = tmp_path / "set.xlsx"
    run = ntm("catalog", "export", "xa-ntm-nang-cao-2021-2025", "-o", str(sheet))
    assert run.returncode == 0, run.stderr
    target = tmp_path / "set.yaml"
    run = ntm("catalog", "import", str(sheet), "-o", str(target))
    assert run.returncode == 0, run.stderr
    from ntm.core import Catalog, parse_catalog_text

    imported = parse_catalog_text(target.read_text("utf-8"), file=str(target))
    assert imported == Catalog.shipped().criteria_set("xa-ntm-nang-cao-2021-2025")


def test_catalog_import_of_a_non_spreadsheet_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "set.xlsx"
    bad.write_text("not a workbook")
    run = ntm("catalog", "import", str(bad), "-o", str(tmp_path / "out.yaml"))
    assert run.returncode == 2
    assert "set.xlsx" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_table_shows_values_as_written_with_their_standard_and_unconfirmed_marks() -> None:
    case = "examples/cases/05-haiduong-thanhha-thanhan-thanhlang-ntmnc-2023-thanh-an.yaml"
    run = ntm("review", case)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert (
        "       14.1: đạt; kết quả trên 95%; xã đánh giá Đạt; chuẩn ≥ 95% (ngưỡng chưa xác minh)"
        in lines
    )
    assert "       11: chưa rõ ngưỡng; kết quả 0,3%; chuẩn chưa rõ" in lines
    assert " 14  Y tế" in run.stdout and "chưa đủ số liệu *" in run.stdout


def test_table_names_gaps_in_households_for_a_ratio(tmp_path: Path) -> None:
    review = tmp_path / "r.csv"
    review.write_text("chỉ tiêu,tử số,mẫu số,tự đánh giá\n14.1,9120,9650,Đạt\n", encoding="utf-8")
    run = ntm(
        "review",
        "r.csv",
        "--set",
        "xa-ntm-nang-cao-2021-2025",
        "--year",
        "2024",
        "--commune",
        "Xã thử",
        "--region",
        "TDMNPB",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    # 9120/9650 = 94.5077…% < 95%; 95% of 9650 = 9167.5 → 48 more people insured.
    assert (
        "       14.1: chưa đạt; kết quả 9.120/9.650 = 94,51%; xã đánh giá Đạt; chuẩn ≥ 95%; "
        "còn thiếu 0,49% (48 người) (ngưỡng chưa xác minh)"
    ) in run.stdout.splitlines()
    assert "  - chỉ tiêu 14.1: đã ghi 'Đạt', kiểm tra cho 'Chưa đạt'" in run.stdout


def test_output_in_a_new_folder_is_created_whole(tmp_path: Path) -> None:
    out = tmp_path / "ra-soat" / "2024" / "phuc-chu.json"
    run = ntm("review", str(PHUC_CHU), "--format", "json", "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert json.loads(out.read_text("utf-8"))["summary"]["met_count"] == 8
    assert [p.name for p in out.parent.iterdir()] == ["phuc-chu.json"]  # no temporary left


def test_output_that_cannot_be_written_is_one_message_and_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    run = ntm("review", str(PHUC_CHU), "--format", "json", "-o", str(blocker / "out.json"))
    assert run.returncode == 2
    assert run.stderr.startswith(f"lỗi: {blocker / 'out.json'}: không ghi được tệp")


def test_unknown_region_is_refused() -> None:
    run = ntm("review", str(PHUC_CHU), "--region", "Miền Bắc")
    assert run.returncode == 2
    assert "'Miền Bắc' is not one of 'TDMNPB'" in run.stderr


def test_a_year_outside_the_sets_period_is_warned() -> None:
    run = ntm("review", str(PHUC_CHU), "--year", "2030", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["warnings"] == [
        "năm rà soát 2030 nằm ngoài giai đoạn 2021-2025 của bộ tiêu chí"
    ]


def test_an_imported_provincial_set_is_used_with_catalog(tmp_path: Path) -> None:
    sheet, data = tmp_path / "set.xlsx", tmp_path / "tinh.yaml"
    assert ntm("catalog", "export", "xa-ntm-nang-cao-2021-2025", "-o", str(sheet)).returncode == 0
    workbook = openpyxl.load_workbook(sheet)
    info = workbook["Bộ tiêu chí"]
    for row in info.iter_rows():
        if row[0].value and "(code)" in str(row[0].value):
            row[1].value = "tinh-thu-nang-cao-2024"
    workbook.save(sheet)
    run = ntm("catalog", "import", str(sheet), "-o", str(data))
    assert run.returncode == 0, run.stderr
    assert f"--catalog {data} --set tinh-thu-nang-cao-2024" in run.stdout
    review = tmp_path / "r.csv"
    review.write_text("chỉ tiêu,kết quả\n14.1,96%\n", encoding="utf-8")
    run = ntm(
        "review",
        "r.csv",
        "--catalog",
        str(data),
        "--set",
        "tinh-thu-nang-cao-2024",
        "--year",
        "2024",
        "--region",
        "TDMNPB",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["criteria_set"]["code"] == "tinh-thu-nang-cao-2024"
    assert result["criteria"][13]["indicators"][0]["status"] == "met"


def test_catalog_show_prints_thresholds_with_how_sure_each_is() -> None:
    run = ntm("catalog", "show", "xa-ntm-kieu-mau-2021-2025")
    assert run.returncode == 0, run.stderr
    assert "    KM2  Thu nhập bình quân đầu người của xã tại thời điểm xét công nhận" in run.stdout
    assert "          chuẩn: 1,1 × chuẩn chỉ tiêu 10 (đã xác minh; QĐ 319/QĐ-TTg" in run.stdout


def test_a_write_that_fails_midway_leaves_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "phuc-chu.json"
    command = (
        f"ulimit -f 4; exec {sys.executable} -m ntm.cli.main review {PHUC_CHU} "
        f"--format json -o {out}"
    )
    run = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert run.stderr == f"lỗi: {out}: không ghi được tệp: File too large\n"
    assert list(out.parent.iterdir()) == []


def test_absurd_options_are_refused() -> None:
    for args, message in [
        (["--year", "99999"], "'--year': 99999 is not in the range 2010<=x<=2100"),
        (["--commune-code", "abc"], "'abc' không phải là mã xã (gồm năm chữ số, ví dụ 05560)"),
        (["--recognised", "basic:3000"], "'basic:3000' không đúng dạng LEVEL:YEAR"),
        (["--set", ""], "lỗi: --set: không được để trống"),
    ]:
        run = ntm("review", str(PHUC_CHU), *args)
        assert run.returncode == 2, args
        assert message in run.stderr, (args, run.stderr)


def test_english_on_request() -> None:
    run = ntm("--lang", "en", "review", str(PHUC_CHU))
    assert run.returncode == 0, run.stderr
    assert "Met (8/19): 3, 4, 7, 14, 15, 16, 18, 19\n" in run.stdout
    assert "Not met (11): 1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 17\n" in run.stdout
