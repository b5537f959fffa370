"""The recognition dossier's documents (ntm.documents.dossier), read back from the DOCX: the
tờ trình, the results report and its table, the summary of comments, the minutes, the debt
report and the satisfaction report; blanks where the dossier holds nothing yet."""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.document import Document

from ntm.core import Catalog
from ntm.core.catalog import Level
from ntm.core.io.review_files import read_review_bytes
from ntm.core.plan import PartialDate
from ntm.core.recognition.dossier import (
    Comment,
    ConstructionDebt,
    Consultation,
    DebtItem,
    DossierCommune,
    DossierContent,
    EvidenceItem,
    HamletSatisfaction,
    Meeting,
    SatisfactionSurvey,
    default_submission,
)
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.rules.evaluation import evaluate_review
from ntm.core.rules.results import ReviewResult
from ntm.documents.dossier import (
    DOCUMENTS,
    format_amount,
    format_share,
    render_comments_summary,
    render_debt_report,
    render_minutes,
    render_results_report,
    render_satisfaction_report,
    render_submission,
)

RULES = RecognitionRules.shipped()
SET = "xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022"
COMMUNE = DossierCommune("Phúc Chu", "05560")
HAMLETS = (
    HamletSatisfaction("Bản Pấu", 40, 38, 37),
    HamletSatisfaction("Nà Chú", 30, 30, 29),
    HamletSatisfaction("Khảu Lấu", 25, 20, 19),
)


def review(year: int = 2025) -> ReviewResult:
    """Phúc Chu against the nâng cao set: every criterion stated "Đạt", indicator 19.1 read
    "Đạt" (met by the rule), basic level held since 2018."""
    lines = [
        "schema: ntm-review/1",
        "commune: {name: Phúc Chu, code: '05560', province: Thái Nguyên, region: TDMNPB}",
        f"year: {year}",
        f"criteria_set: {SET}",
        "recognitions:",
        "  - {level: basic, year: 2018}",
        "readings:",
        *(f"  - {{criterion: {n}, verdict: Đạt}}" for n in range(1, 20)),
        '  - {indicator: "19.1", result: Đạt}',
    ]
    catalog = Catalog.shipped()
    text = "\n".join(lines).encode()
    read, criteria_set = read_review_bytes(text, name="review.yaml", catalog=catalog)
    return evaluate_review(read, criteria_set, model_set=catalog.model_set_for(criteria_set))


RESULT = review()


def write_evidence(folder: Path) -> tuple[EvidenceItem, ...]:
    """Real files: one PDF per criterion on the criterion as a whole, a JPEG on 19.1, a
    CSV on criterion 9 with a Vietnamese name, and two files whose names clash."""
    items: list[EvidenceItem] = []

    def add(criterion: int, indicator: str, name: str, kind: str, data: bytes, text: str) -> None:
        path = folder / f"{len(items):03d}.bin"
        path.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        items.append(EvidenceItem(criterion, indicator, name, path, kind, len(data), digest, text))

    for number in range(1, 20):
        data = b"%PDF-1.4\n" + f"tieu chi {number}\n".encode() * (50 * number)
        add(number, "", f"Báo cáo tiêu chí {number}.pdf", "PDF", data, f"Báo cáo TC {number}")
    add(19, "19.1", "Ảnh diễn tập.JPG", "JPEG", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40, "")
    add(9, "", "Danh sách hộ\tnhà ở.csv", "CSV", "Xóm;Số hộ\nBản Pấu;40\n".encode() * 200, "")
    add(9, "", "../../bao-cao tieu chi 9.pdf", "PDF", b"%PDF-1.4 a", "Bản 1")
    add(9, "", "BAO-CAO TIEU CHI 9.PDF", "PDF", b"%PDF-1.4 b", "Bản 2")
    return tuple(items)


def build(folder: Path | None = None, **changes: object) -> DossierContent:
    """A complete dossier for 2025 (after the districts: it goes to the province)."""
    content = DossierContent(
        commune=COMMUNE,
        province="Thái Nguyên",
        district=None,
        level=Level.ADVANCED,
        year=2025,
        result=RESULT,
        submission=default_submission(
            COMMUNE,
            province="Thái Nguyên",
            district=None,
            date=PartialDate(2025, 11, 20),
            signer="Hoàng Văn Thành",
        ),
        consultation=Consultation(
            datetime.date(2025, 10, 1),
            datetime.date(2025, 10, 15),
            "trụ sở UBND xã, nhà văn hóa các xóm",
        ),
        comments=(
            Comment("Ủy ban MTTQ Việt Nam xã", "Nhất trí với báo cáo.", "Tiếp thu."),
            Comment("Nhân dân xóm Bản Pấu", "Đề nghị sửa  đường\nnội đồng.", ""),
        ),
        meeting=Meeting(
            datetime.date(2025, 11, 5),
            "Hội trường UBND xã Phúc Chu",
            "Hoàng Văn Thành",
            "Ma Thị Hoa",
            30,
            32,
            29,
            30,
            "Thống nhất đề nghị xét công nhận",
            "Ban Chỉ đạo xây dựng nông thôn mới xã",
        ),
        debt=ConstructionDebt((), datetime.date(2025, 10, 31)),
        satisfaction=SatisfactionSurvey.of(
            RULES, Level.ADVANCED, asked=95, answered=88, satisfied=85, hamlets=HAMLETS
        ),
        evidence=write_evidence(folder) if folder is not None else (),
    )
    return replace(content, **changes)  # type: ignore[arg-type]


def read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def lines(document: Document) -> list[str]:
    """The body's paragraphs, spaces (and no-break spaces) collapsed."""
    return [
        " ".join(p.text.replace("\u00a0", " ").split())
        for p in document.paragraphs
        if p.text.strip()
    ]


def cells(document: Document, table: int) -> list[list[str]]:
    return [
        [" ".join(cell.text.replace("\u00a0", " ").split()) for cell in row.cells]
        for row in document.tables[table].rows
    ]


def header(document: Document) -> tuple[list[str], str, str]:
    """The header table: the left column's lines, the number cell, the date cell."""
    table = document.tables[0]
    left = [p.text for p in table.cell(0, 0).paragraphs if p.text.strip()]
    number = " ".join(table.cell(1, 0).text.replace("\u00a0", " ").split())
    return left, number, " ".join(table.cell(1, 1).text.split())


# --- formatting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("0"), "0"),
        (Decimal("0.001"), "0,001"),  # never rounded to nothing
        (Decimal("150.50"), "150,5"),
        (Decimal("1234567.25"), "1.234.567,25"),
    ],
)
def test_amounts_keep_every_digit(amount: Decimal, text: str) -> None:
    assert format_amount(amount) == text


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (Decimal(1899) * 100 / Decimal(1999), "94,99"),  # 94.997…: cut, never 95,00
        (Decimal(85) * 100 / Decimal(88), "96,59"),  # 96.5909…
        (Decimal(95), "95,00"),
        (None, "…"),
    ],
)
def test_shares_are_cut_to_two_decimals(share: Decimal | None, text: str) -> None:
    assert format_share(share) == text


# --- 1. the tờ trình ----------------------------------------------------------------------


def test_the_submission_after_the_districts(tmp_path: Path) -> None:
    document = read(render_submission(build(tmp_path)))
    left, number, dated = header(document)
    assert left == ["ỦY BAN NHÂN DÂN", "XÃ PHÚC CHU"]
    assert number == "Số: /TTr-UBND"
    assert dated == "Phúc Chu, ngày 20 tháng 11 năm 2025"
    text = lines(document)
    assert text[:3] == [
        "TỜ TRÌNH",
        "Đề nghị thẩm tra, xét công nhận xã Phúc Chu đạt chuẩn nông thôn mới nâng cao năm 2025",
        "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên.",
    ]
    assert "Căn cứ Quyết định số 18/2022/QĐ-TTg ngày 02/8/2022 của Thủ tướng Chính phủ;" in text
    assert (
        "Căn cứ Biên bản cuộc họp ngày 05/11/2025 đề nghị xét công nhận xã Phúc Chu đạt chuẩn "
        "nông thôn mới nâng cao năm 2025;" in text
    )
    assert "1. Tổng số tiêu chí đạt chuẩn: 19/19 tiêu chí." in text
    assert (
        "2. Báo cáo kết quả đã được công khai để lấy ý kiến từ ngày 01/10/2025 đến ngày "
        "15/10/2025 (15 ngày) tại trụ sở UBND xã, nhà văn hóa các xóm." in text
    )
    assert "3. Tính đến ngày 31/10/2025, xã không còn nợ đọng xây dựng cơ bản." in text
    # 85 / 88 = 96.5909…%
    assert (
        "4. Tỷ lệ người dân hài lòng với kết quả xây dựng nông thôn mới: 96,59% (85/88 hộ); "
        "điều kiện từ 95% số hộ trả lời trở lên (chưa xác nhận)." in text
    )
    # 19 PDFs + 1 JPEG + 1 CSV + 2 clashing PDFs = 23 files.
    assert "6. Hồ sơ minh chứng các tiêu chí (23 tệp, theo Mục lục kèm theo)." in text
    assert text[-1].endswith("đạt chuẩn nông thôn mới nâng cao năm 2025./.")
    signature = [p.text for p in document.tables[-1].cell(0, 1).paragraphs if p.text.strip()]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hoàng Văn Thành"]
    recipients = [p.text for p in document.tables[-1].cell(0, 0).paragraphs if p.text.strip()]
    assert recipients == ["Nơi nhận:", "- Ủy ban nhân dân tỉnh Thái Nguyên;", "- Lưu: VT."]


def test_the_submission_before_july_2025_goes_to_the_district() -> None:
    submission = default_submission(
        COMMUNE,
        province="Thái Nguyên",
        district="Định Hóa",
        date=PartialDate(2024, 11, 20),
        number="45",
    )
    content = build(result=review(2024), year=2024, district="Định Hóa", submission=submission)
    document = read(render_submission(content))
    left, number, dated = header(document)
    assert left == ["UBND HUYỆN ĐỊNH HÓA", "ỦY BAN NHÂN DÂN", "XÃ PHÚC CHU"]
    assert number == "Số: 45/TTr-UBND"
    assert dated == "Phúc Chu, ngày 20 tháng 11 năm 2024"
    assert "Kính gửi: Ủy ban nhân dân huyện Định Hóa." in lines(document)
    assert "6. Hồ sơ minh chứng các tiêu chí (0 tệp, theo Mục lục kèm theo)." in lines(document)


# --- 2. the results report ----------------------------------------------------------------


def test_the_results_report_and_its_summary_table() -> None:
    document = read(render_results_report(build()))
    text = lines(document)
    assert "Kết quả xây dựng nông thôn mới nâng cao năm 2025 của xã Phúc Chu" in text
    assert "Tổng số tiêu chí đạt: 19/19 tiêu chí." in text
    assert "- Xã NTM nâng cao: đạt chuẩn theo kết quả rà soát." in text
    assert "II. MỨC ĐẠT CHUẨN" in text and "III. CÁC ĐIỀU KIỆN KHÁC" in text
    assert text.index("III. CÁC ĐIỀU KIỆN KHÁC") < text.index(
        "Chi tiết tại Bảng tổng hợp kèm theo."
    )
    assert text[-3:] == [
        "BẢNG TỔNG HỢP KẾT QUẢ RÀ SOÁT CÁC TIÊU CHÍ XÃ NÔNG THÔN MỚI NÂNG CAO XÃ PHÚC CHU NĂM 2025",
        "(Kèm theo Báo cáo số /BC-UBND ngày tháng năm 2025 của UBND xã Phúc Chu)",
        "Tiêu chí ghi “xã tự đánh giá”: kết quả theo xã tự đánh giá, chưa có số liệu chỉ tiêu.",
    ]
    table = cells(document, -1)
    assert table[0] == [
        "TT",
        "Tiêu chí",
        "Chỉ tiêu",
        "Chỉ tiêu theo quy định",
        "Kết quả",
        "Tự đánh giá",
    ]
    criteria = [row for row in table[1:] if row[1]]
    assert len(criteria) == 19
    assert criteria[8][:2] == ["9", "Nhà ở dân cư"]
    assert criteria[8][5] == "Đạt (xã tự đánh giá)"
    # 19.2 has no reading, so criterion 19 rests on the stated verdict too.
    assert criteria[18][5] == "Đạt (xã tự đánh giá)"
    row = next(r for r in table if r[0] == "19.1")
    assert row[4:] == ["Đạt", "Đạt"]


# --- 3. the summary of comments -----------------------------------------------------------


def test_the_comments_in_a_table() -> None:
    document = read(render_comments_summary(build()))
    text = lines(document)
    assert "Ủy ban nhân dân xã nhận được 02 ý kiến tham gia, tổng hợp tại bảng dưới đây:" in text
    assert cells(document, 1) == [
        ["TT", "Cơ quan, tổ chức, cá nhân góp ý", "Nội dung ý kiến", "Tiếp thu, giải trình"],
        ["1", "Ủy ban MTTQ Việt Nam xã", "Nhất trí với báo cáo.", "Tiếp thu."],
        ["2", "Nhân dân xóm Bản Pấu", "Đề nghị sửa đường nội đồng.", "…"],
    ]
    assert "Còn 01 ý kiến chưa được tiếp thu, giải trình (…)." in text
    assert text.index("III. TIẾP THU, GIẢI TRÌNH") > text.index("II. KẾT QUẢ LẤY Ý KIẾN")


def test_no_comment_received_is_said_only_after_a_publication() -> None:
    published = lines(read(render_comments_summary(build(comments=()))))
    assert (
        "Hết thời gian công khai (ngày 15/10/2025), Ủy ban nhân dân xã không nhận được ý kiến "
        "tham gia nào." in published
    )
    unpublished = lines(read(render_comments_summary(build(comments=(), consultation=None))))
    assert not any("không nhận được" in line for line in unpublished)
    assert "Số ý kiến tham gia nhận được: …." in unpublished
    assert (
        "Báo cáo kết quả đã được công khai để lấy ý kiến từ ngày … đến ngày … tại …." in unpublished
    )


# --- 4. the minutes -----------------------------------------------------------------------


def test_the_minutes() -> None:
    document = read(render_minutes(build()))
    _left, number, dated = header(document)
    assert (number, dated) == ("Số: /BB-UBND", "Phúc Chu, ngày 05 tháng 11 năm 2025")
    text = lines(document)
    assert text[0] == "BIÊN BẢN"
    assert (
        "Hôm nay, ngày 05 tháng 11 năm 2025, tại Hội trường UBND xã Phúc Chu, Ban Chỉ đạo xây "
        "dựng nông thôn mới xã tổ chức cuộc họp đề nghị xét công nhận xã Phúc Chu đạt chuẩn "
        "nông thôn mới nâng cao năm 2025." in text
    )
    assert "- Số đại biểu được mời: 32 người; có mặt: 30 người." in text
    # 29 of 30 in favour = 96.66…%, cut to 96,66; 30 - 29 = 1 against.
    assert "Số đại biểu biểu quyết: 30; đồng ý: 29 (96,66%); không đồng ý: 1." in text
    assert "Thống nhất đề nghị xét công nhận." in text
    signatures = cells(document, 1)
    assert signatures == [["THƯ KÝ Ma Thị Hoa", "CHỦ TỌA Hoàng Văn Thành"]]


def test_minutes_without_a_meeting_are_blanks() -> None:
    document = read(render_minutes(build(meeting=None)))
    _left, _number, dated = header(document)
    assert dated == "Phúc Chu, ngày tháng năm 2025"
    text = lines(document)
    assert "Hôm nay, ngày … tháng … năm …, tại …, … tổ chức cuộc họp" in text[2]
    assert "Số đại biểu biểu quyết: …; đồng ý: … (…%); không đồng ý: …." in text
    assert cells(document, 1) == [["THƯ KÝ", "CHỦ TỌA"]]


# --- 5. the construction debt -------------------------------------------------------------


def test_no_debt() -> None:
    text = lines(read(render_debt_report(build())))
    assert "Tính đến ngày 31/10/2025, xã không còn nợ đọng xây dựng cơ bản." in text


def test_the_debt_in_a_table_with_its_exact_total() -> None:
    debt = ConstructionDebt(
        (
            DebtItem("Nhà văn hóa xóm Nà Chú", Decimal("120.5")),
            DebtItem("Kênh mương", Decimal("0.001")),
        ),
        datetime.date(2025, 10, 31),
    )
    document = read(render_debt_report(build(debt=debt)))
    # 120.5 + 0.001 = 120.501 triệu đồng.
    assert (
        "Tính đến ngày 31/10/2025, xã còn nợ đọng xây dựng cơ bản 120,501 triệu đồng tại 02 "
        "công trình, chi tiết như sau:" in lines(document)
    )
    assert cells(document, 1) == [
        ["TT", "Tên công trình", "Số nợ đọng (triệu đồng)"],
        ["1", "Nhà văn hóa xóm Nà Chú", "120,5"],
        ["2", "Kênh mương", "0,001"],
        ["", "Tổng cộng", "120,501"],
    ]


def test_an_undeclared_debt_is_blanks() -> None:
    text = lines(read(render_debt_report(build(debt=None))))
    assert "Nợ đọng xây dựng cơ bản tính đến ngày …: …." in text
    assert not any("không còn nợ" in line for line in text)


# --- 6. the satisfaction survey -----------------------------------------------------------


def test_the_satisfaction_report_with_its_hamlets() -> None:
    document = read(render_satisfaction_report(build()))
    text = lines(document)
    assert "- Số hộ được hỏi: 95 hộ." in text
    assert "- Số hộ trả lời: 88 hộ." in text
    assert "- Số hộ hài lòng: 85 hộ." in text
    assert "- Tỷ lệ hài lòng (trên số hộ trả lời): 96,59%." in text
    assert (
        "Điều kiện công nhận xã Phúc Chu đạt chuẩn nông thôn mới nâng cao năm 2025: tỷ lệ hài "
        "lòng từ 95% số hộ trả lời trở lên (chưa xác nhận)." in text
    )
    assert "Kết quả: Đạt." in text
    # 37/38 = 97.368…, 29/30 = 96.666…, 19/20 = 95, 85/88 = 96.590…
    assert cells(document, 1) == [
        ["TT", "Xóm", "Số hộ được hỏi", "Số hộ trả lời", "Số hộ hài lòng", "Tỷ lệ hài lòng (%)"],
        ["1", "Bản Pấu", "40", "38", "37", "97,36"],
        ["2", "Nà Chú", "30", "30", "29", "96,66"],
        ["3", "Khảu Lấu", "25", "20", "19", "95,00"],
        ["", "Tổng cộng", "95", "88", "85", "96,59"],
    ]


def test_a_share_just_below_the_condition_is_not_shown_as_reaching_it() -> None:
    # 1,899 of 1,999 = 94.997…%: shown 94,99; 95 × 1,999 / 100 = 1,899.05, so 1,900 are
    # needed: 1 more.
    survey = SatisfactionSurvey.of(RULES, Level.ADVANCED, asked=2000, answered=1999, satisfied=1899)
    text = lines(read(render_satisfaction_report(build(satisfaction=survey))))
    assert "- Tỷ lệ hài lòng (trên số hộ trả lời): 94,99%." in text
    assert "Kết quả: Chưa đạt (cần thêm 1 hộ hài lòng)." in text


def test_no_survey_is_blanks() -> None:
    text = lines(read(render_satisfaction_report(build(satisfaction=None))))
    assert "- Số hộ được hỏi: … hộ." in text
    assert "- Tỷ lệ hài lòng: …%." in text
    assert "Kết quả so với điều kiện công nhận: …." in text


# --- all of them --------------------------------------------------------------------------

RENDERERS: list[Callable[[DossierContent], bytes]] = [render for _n, _t, render in DOCUMENTS]


@pytest.mark.parametrize("render", RENDERERS)
def test_each_document_is_deterministic_and_free_of_tags(
    render: Callable[[DossierContent], bytes],
) -> None:
    content = build()
    first, second = render(content), render(content)
    assert first == second
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {
        (2026, 1, 1, 0, 0, 0)
    }
    document = read(first)
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert not any("{{" in t or "{%" in t for t in texts)
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in t for t in texts)


@pytest.mark.parametrize("render", RENDERERS)
def test_an_empty_dossier_renders_with_blanks(render: Callable[[DossierContent], bytes]) -> None:
    content = build(consultation=None, comments=(), meeting=None, debt=None, satisfaction=None)
    text = "\n".join(lines(read(render(content))))
    assert "Phúc Chu" in text
    assert "…" in text
