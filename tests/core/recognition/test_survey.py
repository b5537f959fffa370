"""The residents' satisfaction survey: the questions as data, the XLSForm (the shipped copy is
what the builder writes), the tally from paper counts and from the form's export, and the
share against the recognition condition, worked out by hand."""

from __future__ import annotations

import io
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from ntm.core.catalog import Level
from ntm.core.exceptions import CatalogError, InputError
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.recognition.survey import (
    FORM_ID,
    SURVEY_COLUMNS,
    Answer,
    CountRow,
    HamletCount,
    SurveyForm,
    SurveyTally,
    build_survey_xlsform,
    read_survey_answers,
    read_survey_counts,
)
from ntm.core.yamlio import load_yaml

RULES = RecognitionRules.shipped()
FORM = SurveyForm.shipped()
REGISTERS = resources.files("ntm").joinpath("registers")
SHIPPED_XLSFORM = REGISTERS.joinpath("khao-sat-hai-long-xlsform.xlsx").read_bytes()
SHIPPED_YAML = REGISTERS.joinpath("khao-sat-hai-long.yaml").read_text("utf-8")
COUNTS_HEADER = ("Xóm", "Số hộ được hỏi", "Số hộ trả lời", "Số hộ hài lòng")
#: 3 hamlets: 40 asked, 38 answered, 37 satisfied; 30/30/29; 25/20/19.
THREE_HAMLETS = [("Xóm 1", 40, 38, 37), ("Xóm 2", 30, 30, 29), ("Xóm 3", 25, 20, 19)]


def sheets(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.values) for sheet in workbook.worksheets}


def survey_rows(data: bytes) -> list[dict[str, object]]:
    header, *rows = sheets(data)["survey"]
    return [dict(zip(map(str, header), row, strict=True)) for row in rows]


def xlsx(rows: list[list[Any]], *, title: str = "Sheet1") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], *, delimiter: str = ",") -> bytes:
    return "\n".join(delimiter.join(map(str, row)) for row in rows).encode("utf-8")


# --- The form ----------------------------------------------------------------------------


def test_the_shipped_questions_are_a_proposal_with_an_overall_question() -> None:
    assert not FORM.verified and "not an official form" in FORM.source
    assert [q.id for q in FORM.questions] == [
        "hai_long_chung", "giao_thong", "moi_truong", "y_te", "giao_duc", "van_hoa"
    ]  # fmt: skip
    overall = FORM.overall
    assert overall.id == "hai_long_chung" and overall.required
    assert [(c.name, c.meaning, c.label_vi) for c in overall.choices] == [
        ("hai_long", Answer.SATISFIED, "Hài lòng"),
        ("khong_hai_long", Answer.NOT_SATISFIED, "Không hài lòng"),
        ("khong_y_kien", Answer.NO_OPINION, "Không ý kiến"),
    ]
    assert not any(q.required for q in FORM.questions[1:])
    # "No opinion" is an answer, not satisfied, by default; a setting, not verified.
    assert FORM.no_opinion_answered and not FORM.no_opinion_verified
    assert FORM.counts_as_answered(Answer.NO_OPINION)


def test_the_choices_read_by_name_and_label_without_diacritics() -> None:
    overall = FORM.overall
    for text in ("hai_long", "Hài lòng", "HAI LONG", "Satisfied"):
        choice = overall.choice(text)
        assert choice is not None and choice.meaning is Answer.SATISFIED, text
    assert overall.choice("rất hài lòng") is None


def _edited(tmp_path: Path, edit: Any) -> Path:
    data = load_yaml(SHIPPED_YAML, file="survey.yaml")
    edit(data)
    path = tmp_path / "survey.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "match", "field"),
    [
        (lambda d: d.update(overall="khong_co"), "khong_co", "overall"),
        (lambda d: d["questions"][0].update(required=False), "required", "overall"),
        (lambda d: d["questions"][1].update(id="ma_ho"), "ma_ho", "questions.1"),
        (lambda d: d["questions"][2].update(id="giao_thong"), "giao_thong", "questions.2"),
        (lambda d: d["questions"][1].update(choices="co_khong"), "co_khong", "questions.1"),
        (
            lambda d: [
                c.update(meaning="not_satisfied") for c in d["choice_lists"]["muc_do_hai_long"]
            ],
            "satisfied",
            "overall",
        ),
        (
            lambda d: d["choice_lists"]["muc_do_hai_long"][1].update(name="hai_long"),
            "muc_do_hai_long",
            "choice_lists.muc_do_hai_long",
        ),
        (lambda d: d["no_opinion"].pop("verified"), "verified", "no_opinion"),
    ],
)
def test_a_wrong_survey_file_is_refused_naming_the_field(
    tmp_path: Path, edit: Any, match: str, field: str
) -> None:
    with pytest.raises(CatalogError, match=match) as error:
        SurveyForm.from_file(_edited(tmp_path, edit))
    assert error.value.location.field == field
    assert error.value.location.file is not None and error.value.location.file.endswith(
        "survey.yaml"
    )


def test_the_no_opinion_setting_comes_from_the_file(tmp_path: Path) -> None:
    form = SurveyForm.from_file(_edited(tmp_path, lambda d: d["no_opinion"].update(answered=False)))
    assert not form.counts_as_answered(Answer.NO_OPINION)
    assert form.counts_as_answered(Answer.NOT_SATISFIED)


# --- The XLSForm -------------------------------------------------------------------------


def test_the_shipped_xlsform_is_what_the_builder_writes() -> None:
    built = build_survey_xlsform(FORM)
    assert sheets(SHIPPED_XLSFORM) == sheets(built)
    assert list(sheets(built)) == ["survey", "choices", "settings"]
    assert sheets(built)["settings"][1] == (FORM.title_vi, FORM_ID, "2025.1", "Vietnamese (vi)")
    assert FORM_ID == "ntm_hai_long"


def test_the_form_asks_the_household_then_the_questions() -> None:
    rows = survey_rows(SHIPPED_XLSFORM)
    assert set(rows[0]) == set(SURVEY_COLUMNS)
    assert [(row["type"], row["name"], row["required"]) for row in rows] == [
        ("start", "start", None),
        ("end", "end", None),
        ("text", "ma_xa", "yes"),
        ("text", "xom", "yes"),
        ("text", "ma_ho", "yes"),
        ("text", "nguoi_tra_loi", None),
        ("select_one muc_do_hai_long", "hai_long_chung", "yes"),
        ("select_one muc_do_hai_long", "giao_thong", None),
        ("select_one muc_do_hai_long", "moi_truong", None),
        ("select_one muc_do_hai_long", "y_te", None),
        ("select_one muc_do_hai_long", "giao_duc", None),
        ("select_one muc_do_hai_long", "van_hoa", None),
    ]
    overall = rows[6]
    assert overall["label::Vietnamese (vi)"] == FORM.overall.label_vi
    assert overall["label::English (en)"] == FORM.overall.label_en
    # One list, written once, with both labels.
    assert sheets(SHIPPED_XLSFORM)["choices"][1:] == [
        ("muc_do_hai_long", "hai_long", "Hài lòng", "Satisfied"),
        ("muc_do_hai_long", "khong_hai_long", "Không hài lòng", "Not satisfied"),
        ("muc_do_hai_long", "khong_y_kien", "Không ý kiến", "No opinion"),
    ]


def test_a_form_for_one_commune_writes_its_code_into_every_submission() -> None:
    data = build_survey_xlsform(FORM, commune_code="01234")
    rows = {row["name"]: row for row in survey_rows(data)}
    assert (rows["ma_xa"]["type"], rows["ma_xa"]["calculation"]) == ("calculate", "'01234'")
    assert sheets(data)["settings"][1][0] == f"{FORM.title_vi} (xã 01234)"


@pytest.mark.parametrize("code", ["", "01'or'1", "xã 1", "a" * 33])
def test_a_commune_code_that_would_break_the_form_is_refused(code: str) -> None:
    with pytest.raises(InputError) as error:
        build_survey_xlsform(FORM, commune_code=code)
    assert error.value.location.field == "commune_code"


# --- The tally from counts ---------------------------------------------------------------


def test_three_hamlets_by_hand_meet_the_advanced_share() -> None:
    tally = SurveyTally.from_counts(THREE_HAMLETS)
    # asked 40 + 30 + 25 = 95; answered 38 + 30 + 20 = 88; satisfied 37 + 29 + 19 = 85.
    assert (tally.asked, tally.answered, tally.satisfied) == (95, 88, 85)
    assert tally.by_hamlet["Xóm 2"] == HamletCount("Xóm 2", 30, 30, 29)
    result = tally.check(RULES, Level.ADVANCED)
    # 85 / 88 = 96.5909…% ≥ 95%: 8,500 ≥ 95 × 88 = 8,360.
    assert result.share == Decimal(85) * 100 / Decimal(88)
    assert str(result.share)[:7] == "96.5909"
    assert (result.met, result.missing, result.verified) == (True, 0, False)


def test_two_fewer_satisfied_is_below_the_advanced_share() -> None:
    rows = [("Xóm 1", 40, 38, 36), ("Xóm 2", 30, 30, 28), ("Xóm 3", 25, 20, 19)]
    result = SurveyTally.from_counts(rows).check(RULES, Level.ADVANCED)
    # 83 / 88 = 94.318…% < 95%: 8,300 < 8,360; 95% of 88 = 83.6, so 84 needed: 1 more.
    assert result.share is not None and str(result.share)[:6] == "94.318"
    assert (result.met, result.missing) == (False, 1)
    # The basic share (90%) is met: 8,300 ≥ 90 × 88 = 7,920.
    assert SurveyTally.from_counts(rows).check(RULES, Level.BASIC).met is True


@pytest.mark.parametrize(
    ("satisfied", "level", "met"),
    [
        (19, Level.ADVANCED, True),  # 19 of 20 = exactly 95%: met (≥)
        (18, Level.ADVANCED, False),  # 90% < 95%
        (18, Level.BASIC, True),  # exactly 90%
        (17, Level.BASIC, False),  # 85%
    ],
)
def test_the_boundary_is_inclusive(satisfied: int, level: Level, met: bool) -> None:
    tally = SurveyTally.from_counts([CountRow("Xóm 1", 22, 20, satisfied)])
    assert tally.check(RULES, level).met is met


def test_counts_are_read_from_text_and_numbers() -> None:
    tally = SurveyTally.from_counts(
        [
            CountRow("Xóm 1", "1.200", " 1100 ", Decimal("1000")),  # Vietnamese thousands
            ("Xóm 2", 30, "30", 29),
        ]
    )
    assert (tally.asked, tally.answered, tally.satisfied) == (1230, 1130, 1029)


def test_a_total_row_is_checked_not_counted() -> None:
    tally = SurveyTally.from_counts([*THREE_HAMLETS, ("Tổng cộng", 95, 88, 85)])
    assert len(tally.hamlets) == 3 and tally.asked == 95
    with pytest.raises(InputError, match="86") as error:
        SurveyTally.from_counts([*THREE_HAMLETS, ("Tổng", 95, 88, 86)])
    assert (error.value.location.row, error.value.location.field) == (4, "satisfied")


@pytest.mark.parametrize(
    ("row", "match", "field"),
    [
        (("Xóm 4", -1, 0, 0), "-1", "asked"),
        (("Xóm 4", 10, 11, 5), "11", "answered"),  # more answers than households asked
        (("Xóm 4", 10, 8, 9), "9", "satisfied"),
        (("Xóm 4", 10, "12,5", 9), "12,5", "answered"),
        (("Xóm 4", 10, Decimal("8.5"), 5), "8.5", "answered"),
        (("Xóm 4", 10, 8, True), "1", "satisfied"),
        (("Xóm 4", 10, None, 5), "blank", "answered"),  # a missing count is never 0
        (("Xóm 4", 10, "  ", 5), "blank", "answered"),
        (("", 10, 8, 5), "hamlet", "hamlet"),
        (("xom 1", 10, 8, 5), "rows 1 and 4", "hamlet"),  # Xóm 1 again
    ],
)
def test_impossible_counts_are_refused_at_their_row(
    row: tuple[Any, ...], match: str, field: str
) -> None:
    with pytest.raises(InputError, match=match) as error:
        SurveyTally.from_counts([*THREE_HAMLETS, row])
    assert (error.value.location.row, error.value.location.field) == (4, field)


def test_more_answers_than_households_asked_is_a_clear_message() -> None:
    with pytest.raises(InputError) as error:
        SurveyTally.from_counts([("Xóm 1", 40, 41, 37)])
    assert "Xóm 1" in error.value.message and "41" in error.value.message
    assert "40" in error.value.message


def test_no_hamlet_is_refused() -> None:
    with pytest.raises(InputError):
        SurveyTally.from_counts([])
    with pytest.raises(InputError, match="total"):
        SurveyTally.from_counts([("Tổng", 1, 1, 1), ("Cộng", 1, 1, 1)])


# --- Counts from a file ------------------------------------------------------------------


def test_a_csv_of_counts_with_headers_without_diacritics() -> None:
    data = csv_bytes(
        [
            ["Kết quả lấy ý kiến sự hài lòng"],
            ["TT", "Xom", "So ho duoc hoi (ho)", "So phieu thu ve", "So phieu hai long"],
            *[[n, *row] for n, row in enumerate(THREE_HAMLETS, start=1)],
        ],
        delimiter=";",
    )
    tally = read_survey_counts(data, file="hai-long.csv")
    assert (tally.asked, tally.answered, tally.satisfied) == (95, 88, 85)
    assert [h.hamlet for h in tally.hamlets] == ["Xóm 1", "Xóm 2", "Xóm 3"]


def test_an_xlsx_of_counts_and_its_errors_at_their_cell() -> None:
    rows: list[list[Any]] = [["Bảng tổng hợp"], [], list(COUNTS_HEADER), *map(list, THREE_HAMLETS)]
    tally = read_survey_counts(xlsx(rows, title="Tổng hợp"), file="hl.xlsx")
    assert (tally.asked, tally.answered, tally.satisfied) == (95, 88, 85)
    rows[4] = ["Xóm 2", 30, "12,5", 29]  # row 5 of the sheet
    with pytest.raises(InputError, match="12,5") as error:
        read_survey_counts(xlsx(rows, title="Tổng hợp"), file="hl.xlsx")
    where = error.value.location
    assert (where.file, where.sheet, where.row, where.column) == (
        "hl.xlsx", "Tổng hợp", 5, "Số hộ trả lời"
    )  # fmt: skip
    rows[4] = ["Xóm 2", 30, 31, 29]  # 31 answers, 30 asked
    with pytest.raises(InputError, match="31") as error:
        read_survey_counts(xlsx(rows, title="Tổng hợp"), file="hl.xlsx")
    assert (error.value.location.row, error.value.location.column) == (5, "Số hộ trả lời")
    rows[4] = ["Xóm 2", 30, 30, 29.0]  # a whole number stored as a float cell is fine
    assert read_survey_counts(xlsx(rows), file="hl.xlsx").satisfied == 85


@pytest.mark.parametrize(
    ("data", "file", "match"),
    [
        (b"", "a.csv", "empty"),
        (b"%PDF-1.4 ...", "a.xlsx", "ZIP"),
        (b"PK\x03\x04rubbish", "a.xlsx", "damaged"),
        ("Xóm,Số hộ".encode("utf-16"), "a.csv", "UTF-16"),
        ("Xóm,Số hộ được hỏi\nXóm 1,40\n".encode(), "a.csv", "Số hộ trả lời"),
        (b"a,b\n1,2\n", "a.csv", "Xóm"),
        (b"\xff\xfeabc", "a.docx", "unknown"),
        (b"Xom,So ho\n\xe0\n", "a.csv", "UTF-8"),
        (b"a,b", "a.pdf", "unknown"),
    ],
)
def test_a_file_that_is_not_a_table_of_counts_is_refused(
    data: bytes, file: str, match: str
) -> None:
    with pytest.raises(InputError, match=match) as error:
        read_survey_counts(data, file=file)
    assert error.value.location.file == file


def test_a_workbook_reaching_past_a_plausible_size_is_refused_before_reading() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.worksheets[0]
    for column, text in enumerate(COUNTS_HEADER, start=1):
        sheet.cell(row=1, column=column, value=text)
    sheet.cell(row=2, column=201, value="Xóm 1")  # column GS: past the 200 a table has
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(InputError, match="GS2"):
        read_survey_counts(buffer.getvalue(), file="big.xlsx")


# --- Answers from the XLSForm's export ---------------------------------------------------

ASKED = {"01": 5, "02": 4, "03": 3}
#: (hamlet, household, overall answer), one per submission.
ANSWERS = [
    ("01", "H01", "hai_long"),
    ("01", "H02", "hai_long"),
    ("01", "H03", "khong_hai_long"),
    ("01", "H04", "hai_long"),
    ("02", "H11", "hai_long"),
    ("02", "H12", "khong_y_kien"),
    ("02", "H13", "hai_long"),
]


def kobo_export(answers: list[tuple[str, str, str]]) -> bytes:
    """A KoboToolbox XLSX export of the shipped form: the form's fields by name (taken
    from the form itself), then Kobo's own columns."""
    names = [str(row["name"]) for row in survey_rows(SHIPPED_XLSFORM)]
    header = [*names, "_id", "_uuid", "_submission_time", "_index"]
    rows: list[list[Any]] = [header]
    for index, (hamlet, household, answer) in enumerate(answers, start=1):
        values = {"ma_xa": "01234", "xom": hamlet, "ma_ho": household, "hai_long_chung": answer}
        values["giao_thong"] = "hai_long"
        rows.append([values.get(name) for name in names] + [index, f"u{index}", None, index])
    return xlsx(rows, title="Lấy ý kiến sự hài lòng")


def test_a_kobo_export_by_hand() -> None:
    tally = read_survey_answers(kobo_export(ANSWERS), file="kobo.xlsx", asked=ASKED)
    # 01: 5 asked, 4 answered, 3 satisfied; 02: 4 asked, 3 answered (no opinion counts),
    # 2 satisfied; 03: 3 asked, none answered.
    assert tally.hamlets == (
        HamletCount("01", 5, 4, 3),
        HamletCount("02", 4, 3, 2),
        HamletCount("03", 3, 0, 0),
    )
    result = tally.check(RULES, Level.BASIC)
    # 5 of 7 answers = 71.42…% < 90%; 90% of 7 = 6.3, so 7 needed: 2 more.
    assert (result.asked, result.answered, result.satisfied) == (12, 7, 5)
    assert (result.met, result.missing) == (False, 2)


def test_no_opinion_as_no_answer_when_the_form_says_so(tmp_path: Path) -> None:
    form = SurveyForm.from_file(_edited(tmp_path, lambda d: d["no_opinion"].update(answered=False)))
    tally = read_survey_answers(kobo_export(ANSWERS), file="kobo.xlsx", asked=ASKED, form=form)
    # H12's "no opinion" is not an answer: 02 has 2 answered, both satisfied.
    assert tally.by_hamlet["02"] == HamletCount("02", 4, 2, 2)
    assert (tally.answered, tally.satisfied) == (6, 5)


def test_an_odk_central_csv_with_group_paths_and_labels() -> None:
    data = csv_bytes(
        [
            ["SubmissionDate", "ho-xom", "ho-ma_ho", "ho-hai_long_chung", "meta-instanceID", "KEY"],
            ["2025-03-01", "Xóm Bản Pấu", "H1", "Hài lòng", "uuid:1", "uuid:1"],
            ["2025-03-01", "xom ban pau", "H2", "Không hài lòng", "uuid:2", "uuid:2"],
            ["2025-03-02", "Xóm Nà Rì", "H3", "KHONG Y KIEN", "uuid:3", "uuid:3"],
        ]
    )
    tally = read_survey_answers(
        data, file="submissions.csv", asked={"Xóm Bản Pấu": 2, "Xóm Nà Rì": 1}
    )
    assert tally.hamlets == (HamletCount("Xóm Bản Pấu", 2, 2, 1), HamletCount("Xóm Nà Rì", 1, 1, 0))


def test_an_export_with_labels_as_headers() -> None:
    header = ["Mã xóm (thôn)", "Hộ gia đình/Mã hộ", FORM.overall.label_vi]
    data = xlsx([header, ["01", "H1", "Hài lòng"], ["01", "H2", "Hài lòng"]])
    tally = read_survey_answers(data, file="labels.xlsx", asked={"01": 2})
    assert (tally.asked, tally.answered, tally.satisfied) == (2, 2, 2)


@pytest.mark.parametrize(
    ("answers", "match", "row", "column"),
    [
        # H02 again, 5 rows further down: both rows named (the header is row 1).
        ([*ANSWERS, ("02", "h02", "hai_long")], "rows 3 and 9", 9, "ma_ho"),
        ([*ANSWERS, ("04", "H40", "hai_long")], "04", 9, "xom"),
        # The sixth household of hamlet 01, which asked 5.
        ([*ANSWERS, ("01", "H05", "hai_long"), ("01", "H06", "hai_long")], "6", 10, "xom"),
        ([*ANSWERS, ("01", "H05", "rất hài lòng")], "rất hài lòng", 9, "hai_long_chung"),
        ([*ANSWERS, ("01", "H05", "")], "answer", 9, "hai_long_chung"),
        ([*ANSWERS, ("01", "", "hai_long")], "household", 9, "ma_ho"),
        ([*ANSWERS, ("", "H05", "hai_long")], "hamlet", 9, "xom"),
    ],
)
def test_a_wrong_answer_row_is_refused_at_its_cell(
    answers: list[tuple[str, str, str]], match: str, row: int, column: str
) -> None:
    with pytest.raises(InputError, match=match) as error:
        read_survey_answers(kobo_export(answers), file="kobo.xlsx", asked=ASKED)
    where = error.value.location
    assert (where.file, where.sheet, where.row, where.column) == (
        "kobo.xlsx", "Lấy ý kiến sự hài lòng", row, column
    )  # fmt: skip


def test_an_export_without_the_overall_question_is_refused() -> None:
    data = csv_bytes([["xom", "ma_ho", "giao_thong"], ["01", "H1", "hai_long"]])
    with pytest.raises(InputError, match="hai_long_chung") as error:
        read_survey_answers(data, file="a.csv", asked=ASKED)
    assert error.value.location.row == 1


@pytest.mark.parametrize(
    ("asked", "match"),
    [({}, "no hamlet"), ({"01": 3, "01 ": 2}, "twice"), ({"01": -1}, "-1"), ({"": 1}, "hamlet")],
)
def test_wrong_households_asked_are_refused(asked: dict[str, int], match: str) -> None:
    with pytest.raises(InputError, match=match) as error:
        read_survey_answers(kobo_export(ANSWERS), file="kobo.xlsx", asked=asked)
    assert error.value.location.field == "asked"
