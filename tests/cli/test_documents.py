"""``ntm plan``, ``ntm report`` and ``ntm targets`` as a user runs them, in Vietnamese."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import docx
import pytest
import yaml

from tests.cli.test_cli import REPO, ntm

EXAMPLE = REPO / "examples" / "phuc-chu-2024"


def _text(path: Path) -> str:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    return "\n".join(p.text for p in document.paragraphs)


@pytest.fixture
def plan_folder(tmp_path: Path) -> Path:
    """A copy of the Phúc Chu plan and its review, to spoil one field at a time."""
    shutil.copy(EXAMPLE / "plan.yaml", tmp_path / "plan.yaml")
    shutil.copy(EXAMPLE / "review.yaml", tmp_path / "review.yaml")
    return tmp_path


def _spoil(folder: Path, change: dict[str, object]) -> Path:
    path = folder / "plan.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    for dotted, value in change.items():
        target = data
        *parents, last = dotted.split(".")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_plan_writes_the_docx_and_says_what_is_left_blank(tmp_path: Path) -> None:
    out = tmp_path / "ke-hoach.docx"
    run = ntm("plan", str(EXAMPLE / "plan.yaml"), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert f"đã ghi {out}" in run.stdout
    assert "bản dự thảo: số và ngày, tháng để trống cho văn thư điền" in run.stderr
    text = _text(out)
    assert "- Rà soát các chỉ tiêu NTM đã đạt tiêu chí nâng cao gồm 08 tiêu chí:" in text
    assert "- Các tiêu chí chưa đạt gồm 11 tiêu chí:" in text


def test_report_writes_the_docx_with_the_plans_header(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    run = ntm(
        "report",
        str(EXAMPLE / "review.yaml"),
        "--plan",
        str(EXAMPLE / "plan.yaml"),
        "-o",
        str(out),
    )
    assert run.returncode == 0, run.stderr
    document = docx.Document(io.BytesIO(out.read_bytes()))
    bodies = [p.text for p in document.tables[0].cell(0, 0).paragraphs if p.text.strip()]
    assert bodies == ["UBND HUYỆN ĐỊNH HÓA", "ỦY BAN NHÂN DÂN", "XÃ PHÚC CHU"]
    text = _text(out)
    assert "Tổng số tiêu chí đạt: 08/19 tiêu chí; chưa đạt: 11 tiêu chí" in text


def test_report_without_a_plan_leaves_the_signer_blank(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    run = ntm("report", str(EXAMPLE / "review.yaml"), "-o", str(out))
    assert run.returncode == 0, run.stderr
    signature = docx.Document(io.BytesIO(out.read_bytes())).tables[1].cell(0, 1)
    assert [p.text for p in signature.paragraphs if p.text.strip()] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ]


def test_targets_lists_the_unmet_criteria_of_the_phuc_chu_review() -> None:
    run = ntm("targets", str(EXAMPLE / "review.yaml"), "--limit", "2")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "1. tiêu chí 1 - Quy hoạch"
    assert "2. tiêu chí 2 - Giao thông" in lines
    assert not any(line.startswith("3.") for line in lines)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"targets.0.criterion": 25},
            "plan.yaml, trường 'targets[0].criterion': bộ tiêu chí "
            "xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022 không có tiêu chí 25 "
            "(có từ 1 đến 19)",
        ),
        (
            {"targets.0.criterion": 3},
            "plan.yaml, trường 'targets[0].criterion': tiêu chí 3 đã đạt theo kết quả rà soát: "
            "mục tiêu phải là tiêu chí chưa đạt",
        ),
        (
            {"assignments.3.position": "cong-chuc-tu-phap"},
            "plan.yaml, trường 'assignments[3].position': chức danh 'cong-chuc-tu-phap' "
            "không có trong danh sách chức danh của kế hoạch",
        ),
        (
            {"assignments.3.deadline": "11/2023"},
            "plan.yaml, trường 'assignments[3].deadline': thời hạn tháng 11 năm 2023 "
            "trước ngày của kế hoạch (năm 2024)",
        ),
        (
            {"document.date": "30/02/2024"},
            "plan.yaml, trường 'document.date': ngày 30/02/2024 không có thật: "
            "tháng 2 năm 2024 có 29 ngày",
        ),
        (
            {"assignments.3.deadline": "31/4/2024"},
            "plan.yaml, trường 'assignments[3].deadline': ngày 31/4/2024 không có thật: "
            "tháng 4 năm 2024 có 30 ngày",
        ),
        (
            {"document.date": "05/13/2024"},
            "plan.yaml, trường 'document.date': ngày 05/13/2024 không có thật: không có tháng 13",
        ),
        (
            {"assignments.3.tasks": ["Phụ trách {tieu_chi}."]},
            "plan.yaml, trường 'assignments[3].tasks[0]': không có chỗ điền {tieu_chi}; "
            "các chỗ điền có: {criteria}, {deadline}, {year}, {target_count}",
        ),
        (
            {"targets.1.criterion": 9},
            "plan.yaml, trường 'targets[1].criterion': tiêu chí 9 được đặt làm mục tiêu hai lần",
        ),
        (
            {"signature.title": None},
            "plan.yaml, trường 'signature.title': người ký thay (KT.) phải ghi chức vụ của mình, "
            "ví dụ PHÓ CHỦ TỊCH",
        ),
        (
            {"document.date": "28/12/2022"},
            "plan.yaml, trường 'document.date': kế hoạch ghi năm 2022 nhưng kết quả rà soát là "
            "của năm 2024",
        ),
        (
            {"signature.mode": "KY"},
            "plan.yaml, trường 'signature.mode': 'KY' không thuộc",
        ),
    ],
)
def test_bad_plans_get_one_message_naming_the_field_and_exit_2(
    plan_folder: Path, change: dict[str, object], message: str
) -> None:
    path = _spoil(plan_folder, change)
    out = plan_folder / "ke-hoach.docx"
    run = ntm("plan", "plan.yaml", "-o", str(out), cwd=plan_folder)
    assert run.returncode == 2
    assert run.stderr.startswith("lỗi: ")
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()
    assert path.exists()


def test_a_plan_signed_at_the_end_of_the_year_before_with_its_number(plan_folder: Path) -> None:
    _spoil(plan_folder, {"document.date": "28/12/2023", "document.number": 5})
    out = plan_folder / "ke-hoach.docx"
    run = ntm("plan", "plan.yaml", "-o", str(out), cwd=plan_folder)
    assert run.returncode == 0, run.stderr
    assert "dự thảo" not in run.stderr
    header = docx.Document(io.BytesIO(out.read_bytes())).tables[0]
    # NĐ 30/2020: numbers below 10, days below 10 and months 1 and 2 take a leading zero.
    assert header.cell(1, 0).text == "Số: 05/KH-UBND"
    assert header.cell(1, 1).text == "Phúc Chu, ngày 28 tháng 12 năm 2023"


def test_a_citation_that_differs_from_the_registry_gets_a_warning(plan_folder: Path) -> None:
    _spoil(plan_folder, {"legal_bases.0.date": "15/9/2021"})
    out = plan_folder / "ke-hoach.docx"
    run = ntm("plan", "plan.yaml", "-o", str(out), cwd=plan_folder)
    assert run.returncode == 0
    assert "cảnh báo:" in run.stderr
    assert "15/9/2021" in run.stderr and "15/9/2022" in run.stderr
    assert out.exists()


def test_pdf_without_libreoffice_says_so_plainly_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "ke-hoach.docx"
    run = ntm("plan", str(EXAMPLE / "plan.yaml"), "-o", str(out), "--pdf")
    assert run.returncode == 2
    assert "chưa cài LibreOffice nên không tạo được PDF" in run.stderr
    # Exit status 2 means nothing was written: the DOCX and the PDF go together.
    assert list(tmp_path.iterdir()) == []


def test_the_output_must_be_a_docx(tmp_path: Path) -> None:
    run = ntm("plan", str(EXAMPLE / "plan.yaml"), "-o", str(tmp_path / "ke-hoach.pdf"))
    assert run.returncode == 2
    assert "tệp ghi ra phải là tệp .docx" in run.stderr


def test_a_template_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "mau.docx"
    fake.write_text("not a document", "utf-8")
    run = ntm(
        "plan",
        str(EXAMPLE / "plan.yaml"),
        "-o",
        str(tmp_path / "ke-hoach.docx"),
        "--template",
        str(fake),
    )
    assert run.returncode == 2
    assert f"lỗi: {fake}: không phải văn bản Word (.docx)" in run.stderr


@pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (CI installs it and runs this test)",
)
def test_pdf_with_libreoffice_opens_without_repair(tmp_path: Path) -> None:
    out = tmp_path / "ke-hoach.docx"
    run = ntm("plan", str(EXAMPLE / "plan.yaml"), "-o", str(out), "--pdf")
    assert run.returncode == 0, run.stderr
    pdf = out.with_suffix(".pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
