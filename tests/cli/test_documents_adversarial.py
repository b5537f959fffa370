"""Bad input for ``ntm plan``, ``ntm report`` and ``ntm targets``: what a user can get wrong.

The contract (README, "Bad input"): one line on standard error starting "lỗi: " ("error: "
with ``--lang en``) that names the file and the field and says what is wrong, exit status
2, no traceback, no output file written or left half-written, and nothing the user had
destroyed. Warnings ("cảnh báo: ") and the draft notice ("bản dự thảo: ") may come before
it; a suspicious but not wrong input may get a warning instead of an error.
"""

from __future__ import annotations

import copy
import io
import os
import shutil
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from tests.cli.test_cli import REPO, ntm

EXAMPLE = REPO / "examples" / "phuc-chu-2024"
PLAN = yaml.safe_load((EXAMPLE / "plan.yaml").read_text("utf-8"))

#: A review under the 2026-2030 set (10 criteria, no indicators known yet).
REVIEW_2026 = """\
schema: ntm-review/1
commune: {name: Phúc Chu, commune_group: 3}
year: 2026
criteria_set: xa-ntm-2026-2030
readings:
  - {criterion: 1, verdict: Đạt}
  - {criterion: 2, verdict: Chưa đạt}
"""

#: A review in CSV, one reading a row, which names neither its set nor its year.
REVIEW_CSV = "Chỉ tiêu,Kết quả thực hiện,Tự đánh giá\n14.1,95%,Đạt\n"

_NOTICES = ("cảnh báo: ", "bản dự thảo: ", "warning: ", "draft: ")


# --- helpers -------------------------------------------------------------------------------


def _run(*args: str, cwd: Path) -> Any:
    """``ntm`` in-process; an exception that escapes the command fails the test as a traceback."""
    try:
        return ntm(*args, cwd=cwd)
    except Exception as error:  # a traceback reached the user
        pytest.fail(f"traceback instead of one line: {type(error).__name__}: {error}")


def _set(data: dict[str, Any], dotted: str, value: object) -> None:
    target: Any = data
    *parents, last = dotted.split(".")
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value


def _write_plan(folder: Path, changes: dict[str, object] | None = None) -> Path:
    data = copy.deepcopy(PLAN)
    for dotted, value in (changes or {}).items():
        _set(data, dotted, value)
    path = folder / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _text(path: Path) -> str:
    """Every paragraph of a DOCX, the tables' included, one a line."""
    document = docx.Document(io.BytesIO(path.read_bytes()))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def _assert_refused(run: Any, *needles: str, out: Path | None = None, lang: str = "vi") -> str:
    """Exit 2, one error line (after any warnings) holding every needle, no output file."""
    prefix = "lỗi: " if lang == "vi" else "error: "
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    errors = [line for line in lines if line.startswith(prefix)]
    assert len(errors) == 1, f"expected one line starting {prefix!r}, got:\n{run.stderr}"
    others = [line for line in lines if not line.startswith(prefix)]
    assert all(line.startswith(_NOTICES) for line in others), run.stderr
    for needle in needles:
        assert needle in errors[0], f"{needle!r} not in {errors[0]!r}"
    if out is not None:
        assert not out.exists(), f"{out} was written although the command failed"
    return errors[0]


def _warned_or_refused(run: Any, field: str) -> bool:
    """Whether a suspicious field got a warning or an error naming it."""
    return any(
        line.startswith(("cảnh báo: ", "lỗi: ")) and field in line
        for line in run.stderr.splitlines()
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with the Phúc Chu review; the plan is written by each test."""
    shutil.copy(EXAMPLE / "review.yaml", tmp_path / "review.yaml")
    return tmp_path


def _plan(folder: Path, changes: dict[str, object] | None = None, *extra: str) -> Any:
    _write_plan(folder, changes)
    return _run("plan", "plan.yaml", "-o", str(folder / "ke-hoach.docx"), *extra, cwd=folder)


def _docx_template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


# --- what already behaves as the contract says (kept concise) ------------------------------


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"subject": 5}, "'subject'", "phải là văn bản"),
        ({"subject": None}, "'subject'", "để trống"),
        ({"subject": ""}, "'subject'", "đang để trống"),
        ({"subject": ["a"]}, "'subject'", "phải là văn bản"),
        ({"purposes": "một mục đích"}, "'purposes'", "phải là danh sách"),
        ({"purposes": [1]}, "'purposes[0]'", "phải là văn bản"),
        ({"purposes": [""]}, "'purposes[0]'", "đang để trống"),
        ({"targets": "9"}, "'targets'", "phải là danh sách"),
        ({"targets": None}, "'targets'", "để trống"),
        ({"targets.0.criterion": "9"}, "'targets[0].criterion'", "phải là số nguyên"),
        ({"targets.0.criterion": 9.5}, "'targets[0].criterion'", "phải là số nguyên"),
        ({"targets.0.criterion": True}, "'targets[0].criterion'", "phải là số nguyên"),
        ({"targets.0.criterion": 0}, "'targets[0].criterion'", "nhỏ hơn giá trị tối thiểu 1"),
        ({"targets.0.criterion": -3}, "'targets[0].criterion'", "nhỏ hơn giá trị tối thiểu 1"),
        ({"targets.0.criterion": 20}, "'targets[0].criterion'", "không có tiêu chí 20"),
        ({"targets.0.criterion": 10**30}, "'targets[0].criterion'", "không có tiêu chí"),
        ({"targets.2.criterion": 9}, "'targets[2].criterion'", "hai lần"),
        ({"targets.0.measures": "x"}, "'targets[0].measures'", "phải là danh sách"),
        ({"review": 5}, "'review'", "phải là văn bản"),
        ({"review": None}, "'review'", "để trống"),
        ({"review": ""}, "'review'", "đang để trống"),
        ({"document.date": None}, "'document.date'", "để trống"),
        ({"document.date": True}, "'document.date'", "phải là văn bản hoặc số nguyên"),
        ({"document.place": 5}, "'document.place'", "phải là văn bản"),
        ({"recipients": "TT Đảng ủy"}, "'recipients'", "phải là danh sách"),
        ({"recipients": None}, "'recipients'", "để trống"),
        ({"signature": None}, "'signature'", "để trống"),
        ({"signature.title": None}, "'signature.title'", "KT."),
        ({"signature.title": ""}, "'signature.title'", "đang để trống"),
        ({"assignments.3.criteria": [99]}, "'assignments[3].criteria[0]'", "không có tiêu chí 99"),
        ({"assignments.3.criteria": [0]}, "'assignments[3].criteria[0]'", "tối thiểu 1"),
        ({"assignments.3.criteria": "9"}, "'assignments[3].criteria'", "phải là danh sách"),
        ({"positions.1.code": "ban-quan-ly-ntm"}, "'positions[1].code'", "hai lần"),
        ({"legal_bases.0.date": "31/02/2022"}, "'legal_bases[0].date'", "không có thật"),
        ({"legal_bases.0.date": "9/2022"}, "'legal_bases[0].date'", "đủ ngày, tháng, năm"),
        ({"legal_bases.0.date": 2022}, "'legal_bases[0].date'", "đủ ngày, tháng, năm"),
        ({"legal_bases.0.number": ""}, "'legal_bases[0].number'", "đang để trống"),
        ({"schema": "ntm-plan/2"}, "'schema'", "ntm-plan/1"),
    ],
)
def test_a_field_of_the_wrong_type_or_value_is_refused(
    folder: Path, change: dict[str, object], field: str, words: str
) -> None:
    run = _plan(folder, change)
    _assert_refused(run, "plan.yaml", field, words, out=folder / "ke-hoach.docx")


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("document.date", "00/01/2024", "không có thật"),
        ("document.date", "1/1/1800", "năm 1800"),
        ("document.date", "29/2/2023", "không có thật"),
        ("document.date", "2024-01-05", "không phải là ngày"),
        ("document.date", "", "không phải là ngày"),
        ("document.date", "2025", "năm 2025"),
        ("assignments.3.deadline", "31/02/2024", "không có thật"),
        ("assignments.3.deadline", "13/2024", "không có tháng 13"),
        ("assignments.3.deadline", "0/2024", "không có tháng 0"),
        ("assignments.3.deadline", "2024-12", "không phải là ngày"),
        ("assignments.3.deadline", "tháng 12 năm 2024", "không phải là ngày"),
        ("assignments.3.deadline", "", "không phải là ngày"),
        ("assignments.3.deadline", "2023", "trước ngày của kế hoạch"),
    ],
)
def test_a_date_that_is_not_a_date_is_refused(
    folder: Path, field: str, value: object, words: str
) -> None:
    run = _plan(folder, {field: value})
    name = field.replace(".3.", "[3].")
    _assert_refused(run, "plan.yaml", f"'{name}'", words, out=folder / "ke-hoach.docx")


@pytest.mark.parametrize("deadline", [2024, "12/2024", "31/12/2024", "2024"])
def test_a_deadline_as_a_year_month_or_day_is_taken(folder: Path, deadline: object) -> None:
    run = _plan(folder, {"assignments.3.deadline": deadline})
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize(
    ("task", "field"),
    [
        ("Phụ trách { tiêu chí.", "'assignments[3].tasks[0]'"),
        ("Phụ trách } tiêu chí.", "'assignments[3].tasks[0]'"),
        ("Phụ trách {0}.", "'assignments[3].tasks[0]'"),
        ("Phụ trách {}.", "'assignments[3].tasks[0]'"),
        ("Phụ trách {criteria.name}.", "'assignments[3].tasks[0]'"),
        ("Phụ trách {criteria[0]}.", "'assignments[3].tasks[0]'"),
    ],
)
def test_a_brace_that_is_not_a_placeholder_is_refused(folder: Path, task: str, field: str) -> None:
    run = _plan(folder, {"assignments.3.tasks": [task]})
    _assert_refused(run, "plan.yaml", field, out=folder / "ke-hoach.docx")


@pytest.mark.parametrize("name", ["criteria", "deadline"])
def test_a_placeholder_without_a_value_in_its_assignment_is_refused(
    folder: Path, name: str
) -> None:
    run = _plan(folder, {"assignments.0.tasks": [f"Phụ trách {{{name}}}."]})
    _assert_refused(
        run,
        "'assignments[0].tasks[0]'",
        f"{{{name}}} không có giá trị",
        out=folder / "ke-hoach.docx",
    )


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("schema: ntm-plan/1\nreview: [unclosed\n", "không phải YAML hợp lệ"),
        ("- một\n- hai\n", "mapping"),
        ("", "mapping"),
        ((EXAMPLE / "plan.yaml").read_text("utf-8") + "\nsubject: lần hai\n", "hai lần"),
        ("a: " + "[" * 3000 + "]" * 3000 + "\n", "lồng nhau quá sâu"),
    ],
)
def test_a_plan_that_is_not_a_plan_mapping_is_refused(
    folder: Path, content: str, words: str
) -> None:
    (folder / "plan.yaml").write_text(content, "utf-8")
    run = _run("plan", "plan.yaml", "-o", str(folder / "ke-hoach.docx"), cwd=folder)
    _assert_refused(run, "plan.yaml", words, out=folder / "ke-hoach.docx")


def test_a_plan_in_utf16_is_refused(folder: Path) -> None:
    (folder / "plan.yaml").write_bytes((EXAMPLE / "plan.yaml").read_text("utf-8").encode("utf-16"))
    run = _run("plan", "plan.yaml", "-o", str(folder / "ke-hoach.docx"), cwd=folder)
    _assert_refused(run, "plan.yaml", "UTF-8", out=folder / "ke-hoach.docx")


@pytest.mark.parametrize(
    ("review", "changes", "field", "words"),
    [
        ("r2023.yaml", {}, "'document.date'", "2023"),
        ("r2026.yaml", {"document.date": "2026"}, "'targets[1].criterion'", "không có tiêu chí 12"),
    ],
)
def test_a_review_of_another_year_or_set_is_refused(
    folder: Path, review: str, changes: dict[str, object], field: str, words: str
) -> None:
    (folder / "r2023.yaml").write_text(
        (EXAMPLE / "review.yaml").read_text("utf-8").replace("year: 2024", "year: 2023"), "utf-8"
    )
    (folder / "r2026.yaml").write_text(REVIEW_2026, "utf-8")
    run = _plan(folder, {"review": review, **changes})
    _assert_refused(run, "plan.yaml", field, words, out=folder / "ke-hoach.docx")


def test_a_plan_on_a_2026_review_with_criteria_without_indicators_is_written(
    folder: Path,
) -> None:
    (folder / "r2026.yaml").write_text(REVIEW_2026, "utf-8")
    data = copy.deepcopy(PLAN)
    data["review"] = "r2026.yaml"
    data["document"]["date"] = "2026"
    data["targets"] = [{"criterion": 2, "measures": ["Làm đường."]}, {"criterion": 3}]
    for assignment in data["assignments"]:
        if "criteria" in assignment:
            assignment["criteria"], assignment["deadline"] = [2], "12/2026"
    (folder / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    out = folder / "ke-hoach.docx"
    run = _run("plan", "plan.yaml", "-o", str(out), cwd=folder)
    assert run.returncode == 0, run.stderr
    assert "cảnh báo: plan.yaml, trường 'targets[1].criterion'" in run.stderr  # undecided
    assert "Tiêu chí số 2 - Hạ tầng kinh tế - xã hội" in _text(out)


def test_text_with_markup_characters_and_emoji_appears_as_itself(folder: Path) -> None:
    text = "Xã A & B <thôn> \"Đông\" 'Tây' ]]> &amp; 😀"
    run = _plan(
        folder,
        {
            "subject": text,
            "purposes": [text],
            "targets.0.measures": [text],
            "assignments.3.tasks": [text + " {criteria}"],
            "recipients": [text],
            "signature.name": text,
            "issuing_body.unit": text,
        },
    )
    assert run.returncode == 0, run.stderr
    out = folder / "ke-hoach.docx"
    body = _text(out)
    assert body.count(text) >= 6
    assert "&amp;amp;" not in body and "&lt;" not in body
    with zipfile.ZipFile(out) as archive:  # the XML itself is escaped once, so Word opens it
        assert "&lt;thôn&gt;" in archive.read("word/document.xml").decode("utf-8")


def test_a_100_kb_paragraph_and_500_assignments_are_written(folder: Path) -> None:
    positions = [
        {"code": f"p{i}", "label": f"Chức danh {i}", "role": "official"} for i in range(500)
    ]
    assignments = [
        {"position": f"p{i}", "criteria": [9, 12, 17], "deadline": "12/2024", "tasks": ["Làm."]}
        for i in range(500)
    ]
    run = _plan(
        folder,
        {"preamble": "Rất dài. " * 12_000, "positions": positions, "assignments": assignments},
    )
    assert run.returncode == 0, run.stderr
    assert "500. Chức danh 499" in _text(folder / "ke-hoach.docx")


def test_a_failed_plan_leaves_an_existing_output_alone(folder: Path) -> None:
    out = folder / "ke-hoach.docx"
    out.write_bytes(b"the officer's own edited copy")
    run = _plan(folder, {"targets.0.criterion": 99})
    _assert_refused(run, "'targets[0].criterion'")
    assert out.read_bytes() == b"the officer's own edited copy"


def test_a_plan_given_from_elsewhere_finds_its_review_beside_it(folder: Path) -> None:
    sub = folder / "xa"
    sub.mkdir()
    shutil.copy(EXAMPLE / "review.yaml", sub / "review.yaml")
    _write_plan(sub)
    run = _run("plan", os.path.join("xa", "plan.yaml"), "-o", "ke-hoach.docx", cwd=folder)
    assert run.returncode == 0, run.stderr


def test_an_output_in_a_new_folder_is_created(folder: Path) -> None:
    _write_plan(folder)
    run = _run("plan", "plan.yaml", "-o", "mới/2024/ke-hoach.docx", cwd=folder)
    assert run.returncode == 0, run.stderr
    assert [p.name for p in (folder / "mới" / "2024").iterdir()] == ["ke-hoach.docx"]


@pytest.mark.parametrize(
    ("paragraphs", "words"),
    [
        (("{{ unclosed",), "các thẻ trong mẫu văn bản bị sai"),
        (("{{ nosuch.attr }}",), "các thẻ trong mẫu văn bản bị sai"),
        (("{{ subject | nosuchfilter }}",), "các thẻ trong mẫu văn bản bị sai"),
    ],
)
@pytest.mark.parametrize("command", ["plan", "report"])
def test_a_template_with_broken_tags_is_refused(
    folder: Path, command: str, paragraphs: tuple[str, ...], words: str
) -> None:
    _write_plan(folder)
    template = _docx_template(folder / "mau.docx", *paragraphs)
    out = folder / "out.docx"
    source = "plan.yaml" if command == "plan" else "review.yaml"
    run = _run(command, source, "-o", str(out), "--template", str(template), cwd=folder)
    _assert_refused(run, "mau.docx", words, out=out)


@pytest.mark.parametrize("kind", ["text", "xlsx", "empty", "truncated", "zip-without-word"])
def test_a_template_that_is_not_a_docx_is_refused(folder: Path, kind: str) -> None:
    _write_plan(folder)
    template = folder / "mau.docx"
    if kind == "text":
        template.write_text("không phải văn bản", "utf-8")
    elif kind == "xlsx":
        run = _run("review", "review.yaml", "--format", "xlsx", "-o", "r.xlsx", cwd=folder)
        assert run.returncode == 0, run.stderr
        template.write_bytes((folder / "r.xlsx").read_bytes())
    elif kind == "empty":
        template.write_bytes(b"")
    elif kind == "truncated":
        _docx_template(template, "x")
        template.write_bytes(template.read_bytes()[:3000])
    else:
        with zipfile.ZipFile(template, "w") as archive:
            archive.writestr("a.txt", "x")
    out = folder / "ke-hoach.docx"
    run = _run("plan", "plan.yaml", "-o", str(out), "--template", str(template), cwd=folder)
    _assert_refused(run, "mau.docx", "không phải văn bản Word", out=out)


@pytest.mark.parametrize(
    ("review", "words"),
    [
        ("r.xlsx", None),
        ("review.yaml", None),
        ("bad.csv", "không nhận ra cột 'a'"),
        ("x.txt", "không rõ loại tệp"),
        ("missing.yaml", "không đọc được tệp"),
    ],
)
@pytest.mark.parametrize("command", ["report", "targets"])
def test_report_and_targets_on_each_kind_of_review(
    folder: Path, command: str, review: str, words: str | None
) -> None:
    assert (
        _run("review", "review.yaml", "--format", "xlsx", "-o", "r.xlsx", cwd=folder).returncode
        == 0
    )
    (folder / "bad.csv").write_text("a,b\n1,2\n", "utf-8")
    (folder / "x.txt").write_text("x", "utf-8")
    out = folder / "bao-cao.docx"
    args = ("-o", str(out)) if command == "report" else ("--limit", "3")
    run = _run(command, review, *args, cwd=folder)
    if words is None:
        assert run.returncode == 0, run.stderr
        if command == "targets":
            assert run.stdout.splitlines()[0] == "1. tiêu chí 1 - Quy hoạch"
    else:
        _assert_refused(run, review, words, out=out)


def test_report_on_a_2026_review_lists_the_undecided_criteria(folder: Path) -> None:
    (folder / "r2026.yaml").write_text(REVIEW_2026, "utf-8")
    out = folder / "bao-cao.docx"
    run = _run("report", "r2026.yaml", "-o", str(out), cwd=folder)
    assert run.returncode == 0, run.stderr
    assert "- Các tiêu chí chưa xác định được gồm 08 tiêu chí:" in _text(out)
    run = _run("targets", "r2026.yaml", cwd=folder)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("1. tiêu chí 2 - Hạ tầng kinh tế - xã hội")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("plan", "plan.yaml", "-o", "k.docx"), "error: plan.yaml, field 'targets[0].criterion'"),
        (("report", "x.txt", "-o", "k.docx"), "error: x.txt: unknown file type"),
        (("targets", "x.txt"), "error: x.txt: unknown file type"),
    ],
)
def test_lang_en_says_error_in_english(folder: Path, args: tuple[str, ...], expected: str) -> None:
    _write_plan(folder, {"targets.0.criterion": 0})
    (folder / "x.txt").write_text("x", "utf-8")
    run = _run("--lang", "en", *args, cwd=folder)
    line = _assert_refused(run, lang="en", out=folder / "k.docx")
    assert line.startswith(expected)


# --- what breaks the contract now -----------------------------------------------------------
# Most serious first: tracebacks and lost files, then wrong documents, then messages.


@pytest.mark.parametrize(
    "paragraph",
    [
        "{{ 1/0 }}",  # ZeroDivisionError escapes
        "{% include 'khac.docx' %}",  # TypeError: no loader for this environment
    ],
)
@pytest.mark.parametrize("command", ["plan", "report"])
def test_a_template_whose_tags_fail_when_rendered_gets_one_line_not_a_traceback(
    folder: Path, command: str, paragraph: str
) -> None:
    _write_plan(folder)
    template = _docx_template(folder / "mau.docx", paragraph)
    out = folder / "out.docx"
    source = "plan.yaml" if command == "plan" else "review.yaml"
    run = _run(command, source, "-o", str(out), "--template", str(template), cwd=folder)
    _assert_refused(run, "mau.docx", out=out)


@pytest.mark.parametrize("command", ["plan", "report"])
def test_a_template_with_a_damaged_document_xml_gets_one_line_not_a_traceback(
    folder: Path, command: str
) -> None:
    # A DOCX whose word/document.xml is cut in half (a damaged download or a bad save):
    # lxml's XMLSyntaxError escapes render_template today.
    _write_plan(folder)
    good = _docx_template(folder / "tot.docx", "Không có thẻ nào")
    template = folder / "mau.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(template, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    out = folder / "out.docx"
    source_file = "plan.yaml" if command == "plan" else "review.yaml"
    run = _run(command, source_file, "-o", str(out), "--template", str(template), cwd=folder)
    _assert_refused(run, "mau.docx", "không phải văn bản Word", out=out)


def test_a_template_cannot_run_python_code(folder: Path) -> None:
    # Templates are shared between communes as DOCX files; Jinja2 is not sandboxed, so a tag
    # reaches the os module (here only os.getcwd, but os.system works the same way).
    template = _docx_template(folder / "mau.docx", "{{ cycler.__init__.__globals__.os.getcwd() }}")
    out = folder / "bao-cao.docx"
    run = _run("report", "review.yaml", "-o", str(out), "--template", str(template), cwd=folder)
    if run.returncode == 0:
        assert str(folder) not in _text(out), "the template ran os.getcwd()"
    else:
        _assert_refused(run, "mau.docx", out=out)


@pytest.mark.parametrize("command", ["plan", "report"])
def test_a_failed_pdf_leaves_an_existing_docx_untouched(
    folder: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The DOCX is written before LibreOffice is looked for: the officer's edited copy
    # is replaced although the command reports an error.
    _write_plan(folder)
    empty = folder / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = folder / "out.docx"
    out.write_bytes(b"the officer's own edited copy")
    source = "plan.yaml" if command == "plan" else "review.yaml"
    run = _run(command, source, "-o", str(out), "--pdf", cwd=folder)
    _assert_refused(run, "LibreOffice")
    assert out.read_bytes() == b"the officer's own edited copy"
    assert not out.with_suffix(".pdf").exists()


def test_a_failing_libreoffice_leaves_an_existing_docx_untouched(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_plan(folder)
    tools = folder / "bin"
    tools.mkdir()
    soffice = tools / "soffice"
    soffice.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    soffice.chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    out = folder / "ke-hoach.docx"
    out.write_bytes(b"the officer's own edited copy")
    run = _run("plan", "plan.yaml", "-o", str(out), "--pdf", cwd=folder)
    _assert_refused(run, "LibreOffice")
    assert out.read_bytes() == b"the officer's own edited copy"


def test_a_failed_pdf_writes_no_docx_either(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The contract: exit 2 means no output file. NB: tests/cli/test_documents.py
    # (test_pdf_without_libreoffice_says_so_plainly_and_keeps_the_docx) asserts the
    # opposite; one of the two has to change.
    _write_plan(folder)
    monkeypatch.setenv("PATH", str(folder / "empty"))
    out = folder / "ke-hoach.docx"
    run = _run("plan", "plan.yaml", "-o", str(out), "--pdf", cwd=folder)
    _assert_refused(run, "LibreOffice", out=out)
    assert "đã ghi" not in run.stdout


@pytest.mark.parametrize("command", ["plan", "report"])
def test_the_output_cannot_overwrite_the_template(folder: Path, command: str) -> None:
    _write_plan(folder)
    template = folder / "mau.docx"
    name = "ke-hoach.docx" if command == "plan" else "bao-cao.docx"
    shutil.copy(REPO / "ntm" / "documents" / "templates" / name, template)
    before = template.read_bytes()
    source = "plan.yaml" if command == "plan" else "review.yaml"
    run = _run(command, source, "-o", str(template), "--template", str(template), cwd=folder)
    _assert_refused(run, "mau.docx")
    assert template.read_bytes() == before


def test_an_output_that_is_a_folder_leaves_no_temporary_file_behind(folder: Path) -> None:
    _write_plan(folder)
    (folder / "ke-hoach.docx").mkdir()
    run = _run("plan", "plan.yaml", "-o", "ke-hoach.docx", cwd=folder)
    _assert_refused(run, "ke-hoach.docx")
    leftovers = sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
    assert leftovers == [], f"half-written files left behind: {leftovers}"


def test_a_report_does_not_take_the_plans_number_and_date(folder: Path) -> None:
    # `--plan` gives the header (issuing body) and the signature; the plan's own number
    # (05/KH-UBND) and date are not the report's: today it prints "Số: 05/BC-UBND" and
    # "Phúc Chu, ngày 05 tháng 02 năm 2024".
    _write_plan(folder, {"document.number": "05", "document.date": "05/02/2024"})
    out = folder / "bao-cao.docx"
    run = _run("report", "review.yaml", "--plan", "plan.yaml", "-o", str(out), cwd=folder)
    assert run.returncode == 0, run.stderr
    text = _text(out)
    assert "Số: 05/BC-UBND" not in text
    assert "ngày 05 tháng 02 năm 2024" not in text


def test_a_report_with_the_plan_of_another_review_is_refused(folder: Path) -> None:
    # The plan names the 2026 review; the report is of the 2024 review. Today the 2024
    # report is written dated "năm 2026" with the other plan's header.
    (folder / "r2026.yaml").write_text(REVIEW_2026, "utf-8")
    data = copy.deepcopy(PLAN)
    data["review"], data["document"]["date"] = "r2026.yaml", "2026"
    data["targets"] = [{"criterion": 2}]
    for assignment in data["assignments"]:
        if "criteria" in assignment:
            assignment["criteria"], assignment["deadline"] = [2], "12/2026"
    (folder / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    out = folder / "bao-cao.docx"
    run = _run("report", "review.yaml", "--plan", "plan.yaml", "-o", str(out), cwd=folder)
    _assert_refused(run, "plan.yaml", out=out)


@pytest.mark.parametrize(
    "args",
    [
        ("targets", "review.yaml", "--limit", "0"),
        ("targets", "review.yaml", "--limit", "-1"),
        ("targets", "review.yaml", "--limit", "nhiều"),
        ("plan", "plan.yaml", "-o", "ke-hoach.pdf"),
        ("plan", "plan.yaml", "-o", ""),
        ("plan", "plan.yaml", "-o", "ke-hoach.docx", "--template", "khong-co.docx"),
        ("plan", "khong-co-thu-muc", "-o", "ke-hoach.docx"),
        ("report", "review.yaml", "-o", "bao-cao.docx", "--plan", "khong-co-thu-muc"),
        ("report", "khong-co-thu-muc", "-o", "bao-cao.docx"),
        ("plan", "plan.yaml", "-o", "ke-hoach.docx", "--catalog", "khong-co.yaml"),
    ],
    ids=[
        "limit-0",
        "limit-negative",
        "limit-text",
        "output-pdf",
        "output-empty",
        "template-missing",
        "plan-a-folder",
        "plan-option-a-folder",
        "review-a-folder",
        "catalog-missing",
    ],
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_bad_option_gets_one_line_not_click_usage(
    folder: Path, args: tuple[str, ...], lang: str
) -> None:
    # Today: "Usage: … Try '… --help' for help.\n\nError: Invalid value for '--limit': 0 is
    # not in the range x>=1." — four lines, in English, and no "lỗi: ".
    _write_plan(folder)
    (folder / "khong-co-thu-muc").mkdir()
    run = _run("--lang", lang, *args, cwd=folder)
    _assert_refused(run, lang=lang)
    assert "Usage:" not in run.stderr


def test_nfd_text_comes_out_nfc(folder: Path) -> None:
    # Text pasted from a Mac or a web page is often NFD; Word then shows split diacritics
    # and searching for "Phúc Chu" does not find it.
    nfd = unicodedata.normalize("NFD", "Tiếng Việt ở xã Phúc Chu, Đảng ủy")
    nfc = unicodedata.normalize("NFC", nfd)
    assert nfd != nfc
    run = _plan(
        folder,
        {
            "subject": nfd,
            "purposes": [nfd],
            "document.place": nfd,
            "positions.0.label": nfd,
            "assignments.3.tasks": [nfd + " {criteria}"],
            "recipients": [nfd],
            "signature.name": nfd,
        },
    )
    assert run.returncode == 0, run.stderr
    text = _text(folder / "ke-hoach.docx")
    assert nfd not in text
    assert text.count(nfc) >= 6
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("number", ["5/KH-UBND", "05/KH-UBND", "00", 0, -5, "abc"], ids=str)
def test_a_document_number_that_is_not_a_number_is_refused(folder: Path, number: object) -> None:
    # "5/KH-UBND" prints "Số: 5/KH-UBND/KH-UBND"; 0 prints "Số: 00/KH-UBND"; -5 "Số: -5/…".
    run = _plan(folder, {"document.number": number})
    _assert_refused(run, "plan.yaml", "'document.number'", out=folder / "ke-hoach.docx")


@pytest.mark.parametrize(
    ("field", "value", "name"),
    [
        ("subject", "   ", "subject"),  # "Trên đây là Kế hoạch    ./."
        ("purposes", ["  "], "purposes[0]"),  # "- ."
        ("targets.0.measures", [" "], "targets[0].measures[0]"),
        ("assignments.0.tasks", [" "], "assignments[0].tasks[0]"),
        ("recipients", [" "], "recipients[0]"),
        ("document.place", " ", "document.place"),
        ("issuing_body.name", " ", "issuing_body.name"),
        ("issuing_body.unit", " ", "issuing_body.unit"),
        ("positions.0.label", " ", "positions[0].label"),
        ("signature.head_title", " ", "signature.head_title"),
        ("signature.title", "  ", "signature.title"),  # KT. with a blank title
        ("signature.on_behalf_of", "", "signature.on_behalf_of"),  # prints "TM. "
        ("legal_bases.0.kind", " ", "legal_bases[0].kind"),
        ("legal_bases.0.number", " ", "legal_bases[0].number"),
    ],
)
def test_a_blank_text_is_refused_like_an_empty_one(
    folder: Path, field: str, value: object, name: str
) -> None:
    run = _plan(folder, {field: value})
    _assert_refused(run, "plan.yaml", f"'{name}'", out=folder / "ke-hoach.docx")


@pytest.mark.parametrize(
    "review",
    ["khong-co.yaml", ".", "thu-muc", " "],
    ids=["missing", "the-plans-folder", "a-folder", "blank"],
)
def test_a_review_that_cannot_be_read_names_the_plan_and_its_field(
    folder: Path, review: str
) -> None:
    # Today: "lỗi: khong-co.yaml: không đọc được tệp: No such file or directory", which
    # does not say that the plan's 'review' is the culprit.
    (folder / "thu-muc").mkdir()
    run = _plan(folder, {"review": review})
    _assert_refused(run, "plan.yaml", "'review'", out=folder / "ke-hoach.docx")


@pytest.mark.parametrize(
    ("args", "review"),
    [
        (("plan", "plan.yaml", "-o", "ke-hoach.docx"), "khong-co.yaml"),
        (("report", "khong-co.yaml", "-o", "bao-cao.docx"), "review.yaml"),
        (("plan", "plan.yaml", "-o", "thu-muc.docx"), "review.yaml"),
    ],
    ids=["plan-review-missing", "report-review-missing", "output-a-folder"],
)
def test_a_vietnamese_error_has_no_english_system_message(
    folder: Path, args: tuple[str, ...], review: str
) -> None:
    # "không đọc được tệp: No such file or directory", "không ghi được tệp: Is a directory".
    _write_plan(folder, {"review": review})
    (folder / "thu-muc.docx").mkdir()
    run = _run(*args, cwd=folder)
    line = _assert_refused(run)
    for english in ("No such file or directory", "Is a directory", "File exists"):
        assert english not in line


def test_a_plan_on_a_csv_review_does_not_advise_an_option_plan_lacks(folder: Path) -> None:
    # Once: "lỗi: r.csv: tệp không ghi bộ tiêu chí áp dụng: hãy dùng --set kèm mã bộ tiêu chí",
    # but `ntm plan` has no --set: the officer could not follow the advice. Now the advice
    # is a command the officer can run: `ntm review` (which has --set) into an XLSX review.
    (folder / "r.csv").write_text(REVIEW_CSV, "utf-8")
    run = _plan(folder, {"review": "r.csv"})
    line = _assert_refused(run, "plan.yaml", "'review'", out=folder / "ke-hoach.docx")
    assert "ntm review r.csv --set" in line
    assert "--format xlsx" in line


@pytest.mark.parametrize("command", ["report", "targets"])
def test_report_and_targets_read_a_csv_review_as_review_does(folder: Path, command: str) -> None:
    # README: "FILE is a review in YAML, CSV or XLSX, as for `ntm review`"; a CSV names no
    # set, and report/targets have no --set, so no CSV review can be used at all.
    (folder / "r.csv").write_text(REVIEW_CSV, "utf-8")
    out = folder / "bao-cao.docx"
    extra = ("-o", str(out)) if command == "report" else ()
    run = _run(
        command,
        "r.csv",
        "--set",
        "xa-ntm-nang-cao-2021-2025",
        "--year",
        "2024",
        "--commune",
        "Xã thử",
        "--region",
        "TDMNPB",
        *extra,
        cwd=folder,
    )
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_single_brace_message_shows_the_braces_to_write(folder: Path, lang: str) -> None:
    # Today: "… thì viết {{{{ hoặc }}}}": four braces, where the user must write two.
    _write_plan(folder, {"assignments.3.tasks": ["Phụ trách { tiêu chí."]})
    run = _run("--lang", lang, "plan", "plan.yaml", "-o", "k.docx", cwd=folder)
    line = _assert_refused(run, "'assignments[3].tasks[0]'", lang=lang)
    assert "{{{{" not in line and "}}}}" not in line
    assert "{{" in line and "}}" in line


@pytest.mark.parametrize("placeholder", ["{criteria!r}", "{criteria:>10}", "{year!s}"])
def test_a_placeholder_with_a_conversion_is_named_as_written(
    folder: Path, placeholder: str
) -> None:
    # Today: "không có chỗ điền {criteria}; các chỗ điền có: {criteria}, …": it says the
    # known placeholder is unknown.
    run = _plan(folder, {"assignments.3.tasks": [f"Phụ trách {placeholder}."]})
    line = _assert_refused(run, "'assignments[3].tasks[0]'", out=folder / "ke-hoach.docx")
    assert placeholder in line


def test_a_legal_basis_dated_after_the_plan_is_refused(folder: Path) -> None:
    # "Căn cứ Nghị quyết số 01-NQ/ĐU ngày 01/01/2099" in a plan of 2024: the cited text
    # cannot exist yet. (This citation is not in the registry, so nothing warns today.)
    run = _plan(folder, {"legal_bases.1.date": "1/1/2099"})
    _assert_refused(run, "plan.yaml", "'legal_bases[1].date'", out=folder / "ke-hoach.docx")


def test_a_criterion_listed_twice_in_one_assignment_is_refused(folder: Path) -> None:
    # Today: "Phụ trách tiêu chí số 9 - Nhà ở dân cư và tiêu chí số 9 - Nhà ở dân cư".
    run = _plan(folder, {"assignments.3.criteria": [9, 9]})
    _assert_refused(run, "plan.yaml", "'assignments[3].criteria[1]'", out=folder / "ke-hoach.docx")


@pytest.mark.parametrize("command", ["plan", "report"])
def test_a_template_without_the_tags_is_not_taken_silently(folder: Path, command: str) -> None:
    # A DOCX with none of the {{ … }} tags renders as itself: exit 0, a document with none
    # of the plan in it, and no word about it.
    _write_plan(folder)
    template = _docx_template(folder / "mau.docx", "Không có thẻ nào")
    out = folder / "out.docx"
    source = "plan.yaml" if command == "plan" else "review.yaml"
    run = _run(command, source, "-o", str(out), "--template", str(template), cwd=folder)
    assert _warned_or_refused(run, "mau.docx"), run.stderr


def test_an_empty_recipient_list_is_not_taken_silently(folder: Path) -> None:
    # Prints "Nơi nhận:" with nothing under it, not even "Lưu: VT" (NĐ 30/2020, II.10).
    run = _plan(folder, {"recipients": []})
    assert _warned_or_refused(run, "'recipients'"), run.stderr


@pytest.mark.parametrize("deadline", ["12/2030", "12/2100"])
def test_a_deadline_years_after_the_plan_is_not_taken_silently(folder: Path, deadline: str) -> None:
    run = _plan(folder, {"assignments.3.deadline": deadline})
    assert _warned_or_refused(run, "'assignments[3].deadline'"), run.stderr


def test_a_level_the_document_ignores_is_not_taken_silently(folder: Path) -> None:
    # `level: modern` on a nâng cao review: the plan still says "đạt nâng cao" throughout.
    run = _plan(folder, {"level": "modern"})
    if run.returncode == 0 and "hiện đại" not in _text(folder / "ke-hoach.docx"):
        assert _warned_or_refused(run, "'level'"), run.stderr


@pytest.mark.parametrize(
    ("field", "value", "name"),
    [
        ("subject", "Thực hiện kế hoạch năm {year}", "subject"),
        ("preamble", "UBND xã xây dựng Kế hoạch năm {year}:", "preamble"),
        ("purposes", ["Hoàn thành {target_count} tiêu chí."], "purposes[0]"),
        ("targets.0.measures", ["Hoàn thành vào {deadline}."], "targets[0].measures[0]"),
    ],
)
def test_a_placeholder_outside_the_tasks_is_not_printed_raw(
    folder: Path, field: str, value: object, name: str
) -> None:
    # Only a task's text is filled in; elsewhere "{year}" is printed as is, silently.
    run = _plan(folder, {field: value})
    if run.returncode == 0:
        text = _text(folder / "ke-hoach.docx")
        raw = any(f"{{{key}}}" in text for key in ("year", "target_count", "deadline"))
        assert not raw or _warned_or_refused(run, f"'{name}'"), run.stderr
    else:
        _assert_refused(run, "plan.yaml", f"'{name}'")
