"""The recognition dossier's ZIP and its index (ntm.documents.dossier_zip): the layout, every
document read back with python-docx, every evidence file's bytes against its SHA-256, the
names made safe, the compression per type, determinism, and a changed file refused."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest

from ntm.core.exceptions import InputError
from ntm.core.i18n import language
from ntm.core.recognition.dossier import DossierContent, EvidenceItem
from ntm.documents.dossier_zip import (
    ascii_slug,
    criterion_folder,
    evidence_paths,
    render_index,
    safe_file_name,
    write_dossier_zip,
)
from tests.documents.test_dossier import build, cells, lines

#: The evidence of ``build``: 19 PDFs on the criteria (0-18), a JPEG on 19.1 (19), a CSV on
#: criterion 9 (20), and two PDFs of criterion 9 whose safe names clash, without case, with
#: the first PDF of criterion 9 (21, 22): numbered -2 and -3.
EXPECTED_PATHS = (
    *(
        f"{folder}/{n}-Bao-cao-tieu-chi-{n}.pdf"
        for n, folder in enumerate(
            [
                "TC01-Quy-hoach",
                "TC02-Giao-thong",
                "TC03-Thuy-loi-va-phong-chong-thien-tai",
                "TC04-Dien",
                "TC05-Giao-duc",
                "TC06-Van-hoa",
                "TC07-Co-so-ha-tang-thuong-mai-nong-thon",
                "TC08-Thong-tin-va-truyen-thong",
                "TC09-Nha-o-dan-cu",
                "TC10-Thu-nhap",
                "TC11-Ngheo-da-chieu",
                "TC12-Lao-dong",
                "TC13-To-chuc-san-xuat-va-phat-trien-kinh-te-nong-thon",
                "TC14-Y-te",
                "TC15-Hanh-chinh-cong",
                "TC16-Tiep-can-phap-luat",
                "TC17-Moi-truong",
                "TC18-Chat-luong-moi-truong-song",
                "TC19-Quoc-phong-va-an-ninh",
            ],
            start=1,
        )
    ),
    "TC19-Quoc-phong-va-an-ninh/19.1-Anh-dien-tap.jpg",
    "TC09-Nha-o-dan-cu/9-Danh-sach-ho-nha-o.csv",
    "TC09-Nha-o-dan-cu/9-bao-cao-tieu-chi-9-2.pdf",
    "TC09-Nha-o-dan-cu/9-BAO-CAO-TIEU-CHI-9-3.pdf",
)


@pytest.fixture
def content(tmp_path: Path) -> DossierContent:
    return build(tmp_path)


@pytest.fixture
def archive(content: DossierContent) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    write_dossier_zip(content, buffer)
    return zipfile.ZipFile(buffer)


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Nhà ở dân cư", "Nha-o-dan-cu"),
        ("Đường trục xã, liên xã", "Duong-truc-xa-lien-xa"),
        ("Quốc phòng và An ninh", "Quoc-phong-va-An-ninh"),
        ("  --  ", ""),
    ],
)
def test_ascii_slug(text: str, slug: str) -> None:
    assert ascii_slug(text) == slug


def test_a_long_slug_is_cut_at_a_word() -> None:
    slug = ascii_slug("Tổ chức sản xuất và phát triển kinh tế nông thôn " * 3)
    assert len(slug) <= 60 and not slug.endswith("-")
    assert slug.startswith("To-chuc-san-xuat-va-phat-trien-kinh-te-nong-thon-To-chuc")


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Biên bản rà soát nhà ở.PDF", "Bien-ban-ra-soat-nha-o.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Cán bộ\\Ảnh chụp.JPG", "Anh-chup.jpg"),
        ("tên\x00có\x1fký tự\x7fđiều khiển.docx", "ten-co-ky-tu-dieu-khien.docx"),
        (".htaccess", "htaccess"),
        ("Ảnh", "Anh"),
        ("???.pdf", "tep.pdf"),
    ],
)
def test_safe_file_names(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_criterion_folders() -> None:
    assert criterion_folder(9, "Nhà ở dân cư") == "TC09-Nha-o-dan-cu"
    assert criterion_folder(19, "") == "TC19"


def test_evidence_paths_in_the_order_of_the_evidence(content: DossierContent) -> None:
    assert evidence_paths(content) == EXPECTED_PATHS


# --- the ZIP ------------------------------------------------------------------------------


def test_the_layout(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    assert names[:7] == [
        "00-Van-ban/01-To-trinh.docx",
        "00-Van-ban/02-Bao-cao-ket-qua.docx",
        "00-Van-ban/03-Tong-hop-y-kien.docx",
        "00-Van-ban/04-Bien-ban-hop.docx",
        "00-Van-ban/05-No-dong-XDCB.docx",
        "00-Van-ban/06-Hai-long.docx",
        "Muc-luc.docx",
    ]
    folders = [name for name in names if name.endswith("/")]
    assert len(folders) == 19 and folders[8] == "TC09-Nha-o-dan-cu/"
    files = names[7 + 19 :]
    assert sorted(files) == sorted(EXPECTED_PATHS)
    # By criterion, then in the given order: criterion 9's four files together.
    assert files[8:12] == [
        "TC09-Nha-o-dan-cu/9-Bao-cao-tieu-chi-9.pdf",
        "TC09-Nha-o-dan-cu/9-Danh-sach-ho-nha-o.csv",
        "TC09-Nha-o-dan-cu/9-bao-cao-tieu-chi-9-2.pdf",
        "TC09-Nha-o-dan-cu/9-BAO-CAO-TIEU-CHI-9-3.pdf",
    ]
    assert archive.testzip() is None


def test_every_evidence_file_hashes_to_its_sha256(
    archive: zipfile.ZipFile, content: DossierContent
) -> None:
    for item, path in zip(content.evidence, EXPECTED_PATHS, strict=True):
        data = archive.read(path)
        assert len(data) == item.size
        assert hashlib.sha256(data).hexdigest() == item.sha256
        assert data == item.path.read_bytes()


def test_compressed_types_are_stored_the_others_deflated(archive: zipfile.ZipFile) -> None:
    methods = {info.filename: info.compress_type for info in archive.infolist()}
    assert methods["TC09-Nha-o-dan-cu/9-Danh-sach-ho-nha-o.csv"] == zipfile.ZIP_DEFLATED
    assert methods["TC19-Quoc-phong-va-an-ninh/19.1-Anh-dien-tap.jpg"] == zipfile.ZIP_STORED
    assert methods["TC01-Quy-hoach/1-Bao-cao-tieu-chi-1.pdf"] == zipfile.ZIP_STORED
    assert methods["00-Van-ban/01-To-trinh.docx"] == zipfile.ZIP_STORED


def test_every_document_reads_back(archive: zipfile.ZipFile) -> None:
    texts = {}
    for name in archive.namelist():
        if name.endswith(".docx"):
            document = docx.Document(io.BytesIO(archive.read(name)))
            texts[name] = "\n".join(lines(document))
            assert "XÃ PHÚC CHU" in document.tables[0].cell(0, 0).text
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên." in texts["00-Van-ban/01-To-trinh.docx"]
    assert "Tổng số tiêu chí đạt: 19/19 tiêu chí." in texts["00-Van-ban/02-Bao-cao-ket-qua.docx"]
    assert "02 ý kiến tham gia" in texts["00-Van-ban/03-Tong-hop-y-kien.docx"]
    assert "đồng ý: 29 (96,66%)" in texts["00-Van-ban/04-Bien-ban-hop.docx"]
    assert "không còn nợ đọng" in texts["00-Van-ban/05-No-dong-XDCB.docx"]
    assert "96,59%" in texts["00-Van-ban/06-Hai-long.docx"]
    assert "MỤC LỤC" in texts["Muc-luc.docx"]


def test_the_index_lists_the_documents_and_the_files_by_criterion(
    archive: zipfile.ZipFile,
) -> None:
    document = docx.Document(io.BytesIO(archive.read("Muc-luc.docx")))
    text = lines(document)
    assert (
        "Hồ sơ đề nghị xét công nhận xã Phúc Chu đạt chuẩn nông thôn mới nâng cao năm 2025" in text
    )
    assert "1. Tờ trình đề nghị thẩm tra, xét công nhận (00-Van-ban/01-To-trinh.docx);" in text
    assert (
        "6. Báo cáo kết quả lấy ý kiến sự hài lòng của người dân (00-Van-ban/06-Hai-long.docx)."
        in text
    )
    # 19 PDFs of 9 + 13 × n bytes (n = 1…19) and 9 + 50·n·len("tieu chi n\n") …: only the
    # count is worked here; sizes are checked row by row below.
    assert any(line.startswith("Gồm 23 tệp, mỗi tiêu chí một thư mục") for line in text)
    table = cells(document, 1)
    assert table[0] == ["TT", "Tiêu chí", "Chỉ tiêu", "Tên tệp", "Loại", "Dung lượng", "Mô tả"]
    heads = [row for row in table[1:] if row[1]]
    assert len(heads) == 19
    assert heads[8] == ["", "9. Nhà ở dân cư", "", "TC09-Nha-o-dan-cu/", "", "", ""]
    start = table.index(heads[8])
    # Criterion 9's files, numbered on from criterion 8's (8 files before): 9, 10, 11, 12.
    # The PDF of criterion 9: 9 + 50 × 9 × 12 = 5,409 bytes = 5.28 KB, shown "5 KB".
    assert table[start + 1] == [
        "9",
        "",
        "Cả tiêu chí",
        "Báo cáo tiêu chí 9.pdf TC09-Nha-o-dan-cu/9-Bao-cao-tieu-chi-9.pdf",
        "PDF",
        "5 KB",
        "Báo cáo TC 9",
    ]
    assert table[start + 2][3] == (
        "Danh sách hộ nhà ở.csv TC09-Nha-o-dan-cu/9-Danh-sach-ho-nha-o.csv"
    )
    assert table[start + 4][3:] == [
        "BAO-CAO TIEU CHI 9.PDF TC09-Nha-o-dan-cu/9-BAO-CAO-TIEU-CHI-9-3.pdf",
        "PDF",
        "10 B",
        "Bản 2",
    ]
    jpeg = next(row for row in table if row[2] == "19.1")
    # 4 + 256 × 40 = 10,244 bytes = 10.0039 KB, shown "10 KB".
    assert jpeg[3:6] == [
        "Ảnh diễn tập.JPG TC19-Quoc-phong-va-an-ninh/19.1-Anh-dien-tap.jpg",
        "JPEG",
        "10 KB",
    ]


def test_a_criterion_without_files_is_marked_in_the_index(content: DossierContent) -> None:
    kept = tuple(item for item in content.evidence if item.criterion != 4)
    document = docx.Document(io.BytesIO(render_index(dataclasses.replace(content, evidence=kept))))
    table = cells(document, 1)
    start = table.index(["", "4. Điện", "", "TC04-Dien/", "", "", ""])
    assert table[start + 1][3] == "(Chưa có tệp minh chứng)"


def test_the_summary(content: DossierContent) -> None:
    summary = write_dossier_zip(content, io.BytesIO())
    assert summary.complete and summary.missing == ()
    assert summary.evidence_count == 23
    assert summary.evidence_bytes == sum(item.size for item in content.evidence)
    assert [entry.kind for entry in summary.entries[:7]] == ["document"] * 6 + ["index"]
    assert [entry.path for entry in summary.entries[7:]] == [
        EXPECTED_PATHS[i] for i in (0, 1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 22, 9, 10)
    ] + [EXPECTED_PATHS[i] for i in (11, 12, 13, 14, 15, 16, 17, 18, 19)]


def test_an_incomplete_dossier_is_written_as_a_draft(content: DossierContent) -> None:
    summary = write_dossier_zip(dataclasses.replace(content, meeting=None), io.BytesIO())
    assert not summary.complete
    assert [m.code for m in summary.missing] == ["meeting_missing"]


def test_the_same_dossier_gives_the_same_bytes(content: DossierContent) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    write_dossier_zip(content, first)
    write_dossier_zip(content, second)
    assert first.getvalue() == second.getvalue()
    stamps = {info.date_time for info in zipfile.ZipFile(first).infolist()}
    assert stamps == {(2025, 11, 20, 0, 0, 0)}  # the submission's date


class _Pipe:
    """A stream that can only be written to, like a socket or a streamed response."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def test_a_stream_that_cannot_seek(content: DossierContent) -> None:
    pipe = _Pipe()
    write_dossier_zip(content, pipe)  # type: ignore[arg-type]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pipe.chunks)))
    assert archive.testzip() is None
    item = content.evidence[20]
    assert hashlib.sha256(archive.read(EXPECTED_PATHS[20])).hexdigest() == item.sha256


def test_a_file_changed_since_it_was_recorded_is_refused(content: DossierContent) -> None:
    changed = content.evidence[5]
    changed.path.write_bytes(changed.path.read_bytes() + b"x")
    with language("en"), pytest.raises(InputError, match="has changed since") as error:
        write_dossier_zip(content, io.BytesIO())
    assert error.value.location.file == str(changed.path)
    assert error.value.location.criterion == "6"


def test_a_missing_file_is_refused(content: DossierContent) -> None:
    gone = dataclasses.replace(content.evidence[0], path=content.evidence[0].path.with_name("x"))
    broken = dataclasses.replace(content, evidence=(gone, *content.evidence[1:]))
    with language("en"), pytest.raises(InputError, match="cannot read the file"):
        write_dossier_zip(broken, io.BytesIO())


def test_evidence_outside_the_set_gets_its_own_folder(content: DossierContent) -> None:
    item = content.evidence[0]
    stray = EvidenceItem(20, "", "Khác.pdf", item.path, "PDF", item.size, item.sha256, "")
    extended = dataclasses.replace(content, evidence=(*content.evidence, stray))
    assert evidence_paths(extended)[-1] == "TC20/20-Khac.pdf"
    buffer = io.BytesIO()
    summary = write_dossier_zip(extended, buffer)
    assert [m.code for m in summary.missing] == ["evidence_unknown"]
    assert "TC20/20-Khac.pdf" in zipfile.ZipFile(buffer).namelist()
