"""Adversarial tests of the household register (issue 5): bad files through the web
import, access by every role, double confirmations, synthetic labels.

Each bad file must be refused with a clear message (422, in Vietnamese, naming the file,
the row and the column when it is about a cell), never a 500, and nothing may be written.
A test marked ``xfail(strict=True, reason="BUG: ...")`` shows a bug found here: fix it,
then remove the mark.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from ntm.audit.models import AuditEvent
from ntm.core.households.fields import HOUSEHOLD_FIELDS, PERSON_FIELDS
from ntm.core.households.files import SYNTHETIC_KEYWORD, write_register_xlsx
from ntm.households.models import Household, Person, RegisterImport, RegisterResult
from ntm.households.services import RegisterRefused, demo_register_store
from ntm.reviews.models import Reading, Review
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Role
from tests.web.households.conftest import hand_register

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"
REFERENCE = "2024-12-31"


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    """Each test keeps its pending imports in its own folder, so they can be looked at."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def client_500(user: User | None = None) -> Client:
    """A client that answers a server error with a 500 instead of raising it."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def household(**changes: str) -> list[str]:
    """One households row in the template's column order, good unless changed."""
    row = {
        "code": "H1",
        "hamlet": "Bản Pấu",
        "head_name": "Nguyễn Văn H1",
        "id_number": "",
        "members": "2",
        "structure": "kiên cố",
        "floor_area": "45,5",
        "poverty_class": "không",
        "poverty_year": "2024",
        "clean_water": "có",
        "sanitary_latrine": "có",
        "waste_sorted": "có",
    }
    row.update(changes)
    return [row[field.name] for field in HOUSEHOLD_FIELDS]


def person(**changes: str) -> list[str]:
    """One persons row in the template's column order, good unless changed."""
    row = {
        "household": "H1",
        "name": "Nguyễn Thị Lan",
        "id_number": "",
        "birth_year": "1985",
        "sex": "nữ",
        "working": "có",
        "trained": "có",
        "certificate": "sơ cấp",
        "health_insurance": "có",
    }
    row.update(changes)
    return [row[field.name] for field in PERSON_FIELDS]


H_HEADERS = [field.header for field in HOUSEHOLD_FIELDS]
P_HEADERS = [field.header for field in PERSON_FIELDS]


def good_households() -> list[list[str]]:
    return [
        household(code="H1", head_name="Nguyễn Văn H1"),
        household(code="H2", hamlet="Nà Mò", head_name="Nguyễn Văn H2", structure="đơn sơ"),
        household(code="H3", hamlet="Xóm Nà Mò", head_name="Nguyễn Văn H3", waste_sorted="không"),
    ]


def good_persons() -> list[list[str]]:
    return [
        person(household="H1", name="Nguyễn Thị Lan"),
        person(household="H1", name="Nguyễn Văn Hùng", sex="nam", birth_year="1980"),
        person(household="H2", name="Lò Văn Páo", sex="nam", health_insurance="không"),
        person(household="H3", name="Hoàng Thị Mai", trained="không", certificate="không"),
    ]


def csv_bytes(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def register_csvs(
    households: Sequence[Sequence[str]] | None = None,
    persons: Sequence[Sequence[str]] | None = None,
    *,
    h_headers: Sequence[str] = H_HEADERS,
    p_headers: Sequence[str] = P_HEADERS,
) -> list[tuple[str, bytes]]:
    return [
        ("ho.csv", csv_bytes(h_headers, good_households() if households is None else households)),
        ("nhan-khau.csv", csv_bytes(p_headers, good_persons() if persons is None else persons)),
    ]


def state() -> tuple[int, ...]:
    """What a refused import must leave as it was."""
    return (
        Household.objects.count(),
        Person.objects.count(),
        RegisterImport.objects.count(),
        RegisterResult.objects.count(),
        Reading.objects.count(),
        AuditEvent.objects.count(),
    )


def upload(
    client: Client,
    commune: Unit,
    files: Sequence[tuple[str, bytes]],
    *,
    reference_date: str = REFERENCE,
    replace: bool = False,
) -> Any:
    data: dict[str, Any] = {
        "upload": [SimpleUploadedFile(name, content) for name, content in files],
        "reference_date": reference_date,
        "source": "danh sách rà soát hộ",
    }
    if replace:
        data["replace"] = "on"
    return client.post(reverse("households:import", kwargs={"code": commune.url_key}), data)


def guessed_mapping(page: str) -> dict[str, str]:
    """The mapping form as a browser posts it: each select's selected option."""
    chosen = {}
    for name, body in re.findall(r'<select name="([hp]_\w+)">(.*?)</select>', page, re.S):
        match = re.search(r'<option value="([^"]*)" selected>', body)
        chosen[name] = match.group(1) if match else ""
    return chosen


def check(client: Client, mapping_url: str) -> Any:
    """Step 2 and 3: the guessed mapping, posted."""
    page = client.get(mapping_url)
    assert page.status_code == 200, page.status_code
    return client.post(mapping_url, guessed_mapping(page.content.decode()))


def token_of(mapping_url: str) -> str:
    return mapping_url.rstrip("/").rsplit("/", 1)[1]


def confirm(client: Client, commune: Unit, mapping_url: str) -> Any:
    url = reverse(
        "households:confirm", kwargs={"code": commune.url_key, "token": token_of(mapping_url)}
    )
    return client.post(url)


def errors_download(client: Client, commune: Unit, mapping_url: str) -> Any:
    url = reverse(
        "households:errors", kwargs={"code": commune.url_key, "token": token_of(mapping_url)}
    )
    return client.get(url)


def xlsx_rows(content: bytes) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]


def xlsx_text(content: bytes) -> str:
    return "\n".join(
        " ".join(str(value) for value in row if value is not None) for row in xlsx_rows(content)
    )


def refused_at_check(
    client: Client, commune: Unit, files: Sequence[tuple[str, bytes]]
) -> tuple[str, str]:
    """Upload (accepted), check (refused with 422): the page and the mapping URL."""
    uploaded = upload(client, commune, files)
    assert uploaded.status_code == 302, uploaded.content.decode()[:2000]
    mapping_url = uploaded["Location"]
    checked = check(client, mapping_url)
    assert checked.status_code == 422, (checked.status_code, checked.content.decode()[:3000])
    return checked.content.decode(), mapping_url


def page_errors(page: str) -> list[list[str]]:
    """The error table of the mapping page: sheet/file, row, column, value, reason."""
    section = re.search(r'<section class="card" id="import-errors">(.*?)</section>', page, re.S)
    assert section, "no error list on the page"
    rows = re.findall(r"<tr>(.*?)</tr>", section.group(1), re.S)
    return [
        [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in rows
        if "<td>" in row
    ]


@pytest.fixture
def officer_client(officer: User, hamlets: list[Unit]) -> Client:
    return client_500(officer)


# --- bad cells through the web import ------------------------------------------------------

_VIETNAMESE = re.compile(
    r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I
)


def _drop_column(rows: list[list[str]], index: int) -> list[list[str]]:
    return [row[:index] + row[index + 1 :] for row in rows]


_STRUCTURE = H_HEADERS.index("Loại nhà")

#: (households, persons, [(file, row, column, value)] every error the page must list)
BAD_CELLS: dict[str, tuple[Any, Any, list[tuple[str, int | None, str, str]]]] = {
    "unknown hamlet": (
        [household(code="H1"), household(code="H2", hamlet="Xóm Không Có")],
        [person(household="H1")],
        [("ho.csv", 3, "Xóm/Thôn", "Xóm Không Có")],
    ),
    "household code twice": (
        [household(code="H1"), household(code="H2"), household(code="H1")],
        [person(household="H1")],
        [("ho.csv", 2, "Mã hộ", "H1"), ("ho.csv", 4, "Mã hộ", "H1")],
    ),
    "person whose household is missing": (
        [household(code="H1")],
        [person(household="H1"), person(household="H9")],
        [("nhan-khau.csv", 3, "Mã hộ", "H9")],
    ),
    "birth year in the future": (
        [household(code="H1")],
        [person(household="H1", birth_year="2030")],
        [("nhan-khau.csv", 2, "Năm sinh", "2030")],
    ),
    "birth date in the future": (
        [household(code="H1")],
        [person(household="H1", birth_year="15/03/2025")],
        [("nhan-khau.csv", 2, "Năm sinh", "15/03/2025")],
    ),
    "certificate outside the list": (
        [household(code="H1")],
        [person(household="H1", certificate="bằng lái xe")],
        [("nhan-khau.csv", 2, "Bằng cấp cao nhất", "bằng lái xe")],
    ),
    "blank booleans": (
        [household(code="H1", clean_water="", waste_sorted=" ")],
        [person(household="H1", health_insurance="")],
        [
            ("ho.csv", 2, "Dùng nước sạch", ""),
            ("ho.csv", 2, "Phân loại rác tại nguồn", ""),
            ("nhan-khau.csv", 2, "Có thẻ BHYT", ""),
        ],
    ),
    "identity numbers with letters": (
        [household(code="H1", id_number="00108500A123")],
        [person(household="H1", id_number="O01085001234")],
        [
            ("ho.csv", 2, "Số định danh chủ hộ", "00108500A123"),
            ("nhan-khau.csv", 2, "Số định danh", "O01085001234"),
        ],
    ),
    "no members, negative area, poverty year 1999": (
        [household(code="H1", members="0", floor_area="-3", poverty_year="1999")],
        [person(household="H1")],
        [
            ("ho.csv", 2, "Số nhân khẩu", "0"),
            ("ho.csv", 2, "Diện tích nhà (m²)", "-3"),
            ("ho.csv", 2, "Năm rà soát nghèo", "1999"),
        ],
    ),
    "missing required column": (
        _drop_column(good_households(), _STRUCTURE),
        None,
        [("ho.csv", None, "Loại nhà", "")],
    ),
}


@pytest.mark.parametrize("case", list(BAD_CELLS))
def test_a_bad_cell_is_refused_naming_its_row_and_column_and_nothing_is_written(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review, case: str
) -> None:
    households, persons, expected = BAD_CELLS[case]
    h_headers = (
        H_HEADERS if case != "missing required column" else _drop_column([H_HEADERS], _STRUCTURE)[0]
    )
    files = register_csvs(households, persons, h_headers=h_headers)
    before = state()
    page, mapping_url = refused_at_check(officer_client, phuc_chu, files)
    listed = page_errors(page)
    for file, row, column, value in expected:
        found = [
            cells
            for cells in listed
            if cells[0] == file
            and cells[1] == ("" if row is None else str(row))
            and cells[2] == column
            and cells[3] == value
        ]
        assert found, (case, file, row, column, value, listed)
        assert _VIETNAMESE.search(found[0][4]), found  # the reason is in Vietnamese
    assert len(listed) == len(expected), listed
    # The download lists the same errors.
    download = errors_download(officer_client, phuc_chu, mapping_url)
    assert download.status_code == 200
    rows = xlsx_rows(download.content)
    for file, row, column, _value in expected:
        assert any(r[0] == file and r[2] == row and r[3] == column for r in rows), (file, row, rows)
    # Confirming anyway writes nothing.
    forced = confirm(officer_client, phuc_chu, mapping_url)
    assert forced.status_code == 302 and forced["Location"].endswith(token_of(mapping_url) + "/")
    assert state() == before


# --- values the database cannot hold -------------------------------------------------------

#: (households, persons, the file, row and column the refusal must name)
TOO_BIG: dict[str, tuple[Any, Any, tuple[str, int, str]]] = {
    "70000 members (PositiveSmallIntegerField)": (
        [household(code="H1", members="70000")],
        [person(household="H1")],
        ("ho.csv", 2, "Số nhân khẩu"),
    ),
    "floor area of 10^12 m² (DecimalField max_digits=9)": (
        [household(code="H1", floor_area="1000000000000")],
        [person(household="H1")],
        ("ho.csv", 2, "Diện tích nhà (m²)"),
    ),
    "household code of 300 characters (CharField 64)": (
        [household(code="H" * 300)],
        [person(household="H" * 300)],
        ("ho.csv", 2, "Mã hộ"),
    ),
    "head name of 1000 characters (CharField 200)": (
        [household(code="H1", head_name="Nguyễn " * 143)],
        [person(household="H1")],
        ("ho.csv", 2, "Họ tên chủ hộ"),
    ),
    "person name of 1000 characters (CharField 200)": (
        [household(code="H1")],
        [person(household="H1", name="Lò " * 334)],
        ("nhan-khau.csv", 2, "Họ tên"),
    ),
}


def _full_import(
    client: Client, commune: Unit, files: Sequence[tuple[str, bytes]]
) -> list[int | str]:
    """Every step a user can take, the statuses they get (stops at the first refusal); a
    confirmation refused (sent back to the mapping step) ends with its messages."""
    uploaded = upload(client, commune, files)
    if uploaded.status_code != 302:
        return [uploaded.status_code]
    checked = check(client, uploaded["Location"])
    if checked.status_code != 200:
        return [302, checked.status_code]
    done = confirm(client, commune, uploaded["Location"])
    if done.status_code == 302 and done["Location"] == uploaded["Location"]:
        refusal = [m.message for m in done.wsgi_request._messages]
        return [302, 200, 302, f"refused: {refusal}"]
    return [302, 200, done.status_code]


@pytest.mark.parametrize("case", list(TOO_BIG))
def test_a_value_too_big_for_its_column_is_refused_at_the_check(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review, case: str
) -> None:
    households, persons, (file, row, column) = TOO_BIG[case]
    before = state()
    statuses = _full_import(officer_client, phuc_chu, register_csvs(households, persons))
    assert 500 not in statuses, statuses
    assert statuses == [302, 422], statuses
    assert state() == before
    page, _url = refused_at_check(officer_client, phuc_chu, register_csvs(households, persons))
    listed = page_errors(page)
    # The cell is refused where it is (a code too long is refused in the persons file too).
    assert (listed[0][0], listed[0][1], listed[0][2]) == (file, str(row), column), listed


# --- control characters, NUL bytes, formulas -----------------------------------------------


def _padding_households(count: int) -> list[list[str]]:
    """Good households H100…, enough to push a later row past the first 4 KB of the file."""
    return [household(code=f"H{100 + n}", head_name=f"Nguyễn Văn {n}") for n in range(count)]


@pytest.mark.parametrize(
    ("case", "head_name"),
    [
        ("bell character", "Nguyễn\x07Văn"),
        ("vertical tab", "Nguyễn\x0bVăn"),
        ("escape", "\x1b[31mA"),
    ],
)
def test_a_control_character_in_a_name_is_refused_at_the_check(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review, case: str, head_name: str
) -> None:
    before = state()
    files = register_csvs([household(code="H1", head_name=head_name)], [person(household="H1")])
    statuses = _full_import(officer_client, phuc_chu, files)
    assert statuses == [302, 422], statuses
    assert state() == before


def test_a_stored_control_character_does_not_break_the_visit_list_or_the_persons_download(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    files = register_csvs(
        [household(code="H1", head_name="Nguyễn\x0bVăn", clean_water="không")],
        [person(household="H1", name="Lò\x07Thị")],
    )
    statuses = _full_import(officer_client, phuc_chu, files)
    if statuses == [302, 422]:
        return  # refused at the check: nothing stored, nothing to break
    assert statuses == [302, 200, 302], statuses
    visit = officer_client.get(
        reverse(
            "households:visit_list", kwargs={"code": phuc_chu.url_key, "hamlet_code": "05560-01"}
        )
    )
    assert visit.status_code == 200
    named = officer_client.get(
        reverse("households:persons", kwargs={"code": phuc_chu.url_key}) + "?ten=1"
    )
    assert named.status_code == 200


def test_a_nul_byte_after_the_first_4_kb_is_refused_and_nothing_is_written(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    households = [*_padding_households(60), household(code="H1", head_name="Nguyễn\x00Văn")]
    files = register_csvs(households, [person(household="H1")])
    assert files[0][1].index(b"\x00") > 4096
    before = state()
    statuses = _full_import(officer_client, phuc_chu, files)
    assert 500 not in statuses, statuses
    assert statuses in ([422], [302, 422]), statuses
    assert state() == before


def test_the_errors_download_survives_a_control_character_in_a_bad_cell(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    files = register_csvs(
        [household(code="H1", hamlet="Xóm\x01Lạ"), household(code="H2", structure="nhà\x01gỗ")],
        [person(household="H1")],
    )
    before = state()
    uploaded = upload(officer_client, phuc_chu, files)
    assert uploaded.status_code == 302
    checked = check(officer_client, uploaded["Location"])
    assert checked.status_code == 422
    download = errors_download(officer_client, phuc_chu, uploaded["Location"])
    assert download.status_code == 200, download.status_code
    rows = xlsx_rows(download.content)
    assert sorted(r[2] for r in rows if r[2] in (2, 3)) == [2, 3]
    assert state() == before


FORMULA = '=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")'


def test_a_name_that_starts_with_an_equals_sign_is_not_a_formula_in_the_visit_list(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    """CSV/formula injection (CWE-1236): a head name typed as "=…" must reach the hamlet head
    as text, never as a live formula of the workbook the officer hands out."""
    files = register_csvs(
        [household(code="H1", head_name=FORMULA, clean_water="không")],
        [person(household="H1", name="=1+2")],
    )
    statuses = _full_import(officer_client, phuc_chu, files)
    if statuses == [302, 422]:
        return  # refused at the check
    assert statuses == [302, 200, 302], statuses
    visit = officer_client.get(
        reverse(
            "households:visit_list", kwargs={"code": phuc_chu.url_key, "hamlet_code": "05560-01"}
        )
    )
    named = officer_client.get(
        reverse("households:persons", kwargs={"code": phuc_chu.url_key}) + "?ten=1"
    )
    for response in (visit, named):
        assert response.status_code == 200
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        formulas = [
            cell.value
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
        assert formulas == [], formulas


def test_a_bad_cell_that_starts_with_an_equals_sign_is_not_a_formula_in_the_errors_download(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    files = register_csvs([household(code="H1", hamlet=FORMULA)], [person(household="H1")])
    _page, mapping_url = refused_at_check(officer_client, phuc_chu, files)
    download = errors_download(officer_client, phuc_chu, mapping_url)
    assert download.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(download.content))
    formulas = [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == [], formulas


# --- numbers written the Vietnamese way ----------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_decimal_commas_and_dot_thousands_are_accepted(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review, delimiter: str
) -> None:
    households = [
        household(code="H1", floor_area="12,5"),
        household(code="H2", floor_area="1.234,5"),
        household(code="H3", floor_area="45.5"),
    ]
    persons = [person(household=code) for code in ("H1", "H2", "H3")]
    files = [
        ("ho.csv", csv_bytes(H_HEADERS, households, delimiter=delimiter)),
        ("nhan-khau.csv", csv_bytes(P_HEADERS, persons, delimiter=delimiter)),
    ]
    assert _full_import(officer_client, phuc_chu, files) == [302, 200, 302]
    areas = dict(Household.objects.values_list("code", "floor_area"))
    assert areas == {"H1": Decimal("12.5"), "H2": Decimal("1234.5"), "H3": Decimal("45.5")}


def test_an_unquoted_decimal_comma_in_a_comma_separated_file_is_refused_naming_the_row(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    text = ",".join(H_HEADERS) + "\r\n" + ",".join(household(code="H1", floor_area="12,5")) + "\r\n"
    files = [("ho.csv", text.encode()), register_csvs()[1]]
    before = state()
    page, _url = refused_at_check(officer_client, phuc_chu, files)
    listed = page_errors(page)
    assert any(cells[0] == "ho.csv" and cells[1] == "2" for cells in listed), listed
    assert "12,5" in page  # the hint: quote the value
    assert state() == before


# --- the files themselves ------------------------------------------------------------------


def test_a_csv_pair_given_in_either_order_is_read(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    files = list(reversed(register_csvs()))
    assert _full_import(officer_client, phuc_chu, files) == [302, 200, 302]
    assert Household.objects.count() == 3 and Person.objects.count() == 4


@pytest.mark.parametrize(
    ("case", "files", "named"),
    [
        (
            "two households files",
            [
                ("ho-1.csv", csv_bytes(H_HEADERS, good_households())),
                ("ho-2.csv", csv_bytes(H_HEADERS, good_households())),
            ],
            ["ho-1.csv", "ho-2.csv"],
        ),
        (
            "two persons files",
            [
                ("nk-1.csv", csv_bytes(P_HEADERS, good_persons())),
                ("nk-2.csv", csv_bytes(P_HEADERS, good_persons())),
            ],
            ["nk-1.csv"],
        ),
        (
            "the persons file alone",
            [("nhan-khau.csv", csv_bytes(P_HEADERS, good_persons()))],
            ["nhan-khau.csv"],
        ),
        ("three files", [*register_csvs(), ("them.csv", csv_bytes(H_HEADERS, []))], ["them.csv"]),
        (
            "an XLSX and a CSV",
            [("so-ho.xlsx", b"PK\x03\x04" + b"\x00" * 64), register_csvs()[1]],
            ["so-ho.xlsx"],
        ),
        (
            "UTF-16 (Excel's Unicode text)",
            [("ho.csv", "\ufeff".encode("utf-16-le") + "\t".join(H_HEADERS).encode("utf-16-le"))],
            ["ho.csv", "UTF-8"],
        ),
        (
            "UTF-16 without a byte-order mark",
            [("ho.csv", ",".join(H_HEADERS).encode("utf-16-le") * 3)],
            ["ho.csv", "UTF-8"],
        ),
        (
            "cp1258 (Windows Vietnamese)",
            [("ho.csv", "Xóm,Loại nhà\r\nNà Mò,kiên cố\r\n".encode("cp1258", errors="replace"))],
            ["ho.csv", "UTF-8"],
        ),
        (
            "a file with no extension",
            [("so-ho", csv_bytes(H_HEADERS, good_households()))],
            ["so-ho"],
        ),
        ("a header line only, blank", [("ho.csv", b"\r\n\r\n  \r\n")], ["ho.csv"]),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_on_the_upload_form(
    officer_client: Client,
    phuc_chu: Unit,
    phuc_chu_review: Review,
    media_root: Path,
    case: str,
    files: list[tuple[str, bytes]],
    named: list[str],
) -> None:
    before = state()
    response = upload(officer_client, phuc_chu, files)
    assert response.status_code == 422, (case, response.status_code)
    body = response.content.decode()
    message = re.search(r'<ul class="errorlist" id="error-upload">(.*?)</ul>', body, re.S)
    assert message, body[:3000]
    for word in named:
        assert word in message.group(1), (case, word, message.group(1))
    assert _VIETNAMESE.search(message.group(1)), message.group(1)
    assert state() == before
    # The refused files are not kept on the server.
    assert (
        not any((media_root / "imports").glob("*/*.csv"))
        if (media_root / "imports").exists()
        else True
    )


def test_a_csv_with_a_byte_order_mark_is_read(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    households, persons = register_csvs()
    files = [
        (households[0], b"\xef\xbb\xbf" + households[1]),
        (persons[0], b"\xef\xbb\xbf" + persons[1]),
    ]
    assert _full_import(officer_client, phuc_chu, files) == [302, 200, 302]
    assert sorted(Household.objects.values_list("code", flat=True)) == ["H1", "H2", "H3"]


def test_an_xlsx_with_formulas_is_refused_or_read_but_never_500(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review, tmp_path: Path
) -> None:
    """openpyxl writes formulas without a cached value: the cells read as blank."""
    path = tmp_path / "so-ho.xlsx"
    write_register_xlsx(
        hand_register(), path, hamlet_names={"05560-01": "Bản Pấu", "05560-02": "Nà Mò"}
    )
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    members = H_HEADERS.index("Số nhân khẩu") + 1
    sheet.cell(row=2, column=members, value="=1+2")
    sheet.cell(row=3, column=members, value="=SUM(1,1)")
    workbook.save(path)
    before = state()
    page, _url = refused_at_check(officer_client, phuc_chu, [("so-ho.xlsx", path.read_bytes())])
    listed = page_errors(page)
    assert [(c[1], c[2]) for c in listed] == [("2", "Số nhân khẩu"), ("3", "Số nhân khẩu")], listed
    assert state() == before


def test_an_upload_over_the_size_limit_is_refused_naming_it(
    officer_client: Client,
    phuc_chu: Unit,
    phuc_chu_review: Review,
    settings: Settings,
    media_root: Path,
) -> None:
    settings.NTM_REGISTER_MAX_BYTES = 2 * 2**20
    households, persons = register_csvs()
    padding = b"\r\n" * (2**20 + 10)  # blank lines: a valid file, just too big
    before = state()
    response = upload(officer_client, phuc_chu, [households, (persons[0], persons[1] + padding)])
    assert response.status_code == 422
    body = response.content.decode()
    assert "nhan-khau.csv" in body and "2 MB" in body and "lớn hơn" in body
    assert state() == before
    assert not (media_root / "imports").exists() or not any((media_root / "imports").iterdir())


def test_the_size_message_of_a_limit_under_1_mb_does_not_say_0_mb(
    officer_client: Client, phuc_chu: Unit, settings: Settings
) -> None:
    settings.NTM_REGISTER_MAX_BYTES = 500_000
    households, persons = register_csvs()
    response = upload(
        officer_client, phuc_chu, [households, (persons[0], persons[1] + b"\r\n" * 300_000)]
    )
    assert response.status_code == 422
    assert " 0 MB" not in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["../../x.csv", "..\\..\\x.csv", "/etc/passwd.csv", "....//....//x.csv", "x.csv\x00.xlsx"],
)
def test_a_file_name_with_a_path_stays_in_the_import_folder(
    officer_client: Client,
    phuc_chu: Unit,
    phuc_chu_review: Review,
    media_root: Path,
    tmp_path: Path,
    name: str,
) -> None:
    households, persons = register_csvs()
    before = set(tmp_path.rglob("*"))
    response = upload(officer_client, phuc_chu, [(name, households[1]), persons])
    assert response.status_code in (302, 422), response.status_code
    created = set(tmp_path.rglob("*")) - before
    imports = media_root / "imports"
    assert all(path == imports or imports in path.parents for path in created), created
    if response.status_code == 302:
        stored = [p for p in created if p.is_file() and p.name != "import.json"]
        assert sorted(p.name for p in stored) == ["1.csv", "2.csv"] or len(stored) == 2, stored
        assert check(officer_client, response["Location"]).status_code == 200
        assert confirm(officer_client, phuc_chu, response["Location"]).status_code == 302
        file_name = RegisterImport.objects.get().file_name
        assert ".." not in file_name and "/" not in file_name and "\\" not in file_name, file_name


def test_a_file_name_of_255_characters_with_its_persons_file_is_written(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    households, persons = register_csvs()
    long_name = "sổ-hộ-" + "x" * 245 + ".csv"
    assert _full_import(officer_client, phuc_chu, [(long_name, households[1]), persons]) == [
        302,
        200,
        302,
    ]
    record = RegisterImport.objects.get()
    assert len(record.file_name) <= 255


def test_two_files_with_long_names_are_refused_or_written_but_never_500(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    """Each name fits an upload (255 characters), but the import's label joins both:
    RegisterImport.file_name holds 255, a reading's source 500."""
    households, persons = register_csvs()
    files = [("h" * 250 + ".csv", households[1]), ("p" * 250 + ".csv", persons[1])]
    before = state()
    statuses = _full_import(officer_client, phuc_chu, files)
    assert 500 not in statuses, statuses
    if statuses[-1] == 302 and len(statuses) == 3:
        record = RegisterImport.objects.filter().first()
        assert record is not None and len(record.file_name) <= 255
    else:
        assert state() == before


@pytest.mark.parametrize(("when", "message"), [("1999-12-31", "2000"), ("2999-01-01", "tương lai")])
def test_a_reference_date_before_2000_or_in_the_future_is_refused(
    officer_client: Client, phuc_chu: Unit, media_root: Path, when: str, message: str
) -> None:
    before = state()
    response = upload(officer_client, phuc_chu, register_csvs(), reference_date=when)
    assert response.status_code == 422
    body = response.content.decode()
    errors = re.search(r'id="error-reference_date">(.*?)</ul>', body, re.S)
    assert errors and message in errors.group(1), body[:2000]
    assert state() == before
    assert not (media_root / "imports").exists()


def test_a_birth_year_after_a_past_reference_date_is_refused(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    """The reference date, not today, bounds the years of birth."""
    files = register_csvs([household(code="H1")], [person(household="H1", birth_year="2024")])
    uploaded = upload(officer_client, phuc_chu, files, reference_date="2020-12-31")
    checked = check(officer_client, uploaded["Location"])
    assert checked.status_code == 422
    assert "2024" in checked.content.decode()


def _xlsx_with(tmp_path: Path, **members: bytes) -> bytes:
    """Our template's workbook with some of its parts replaced."""
    path = tmp_path / "base.xlsx"
    write_register_xlsx(
        hand_register(), path, hamlet_names={"05560-01": "Bản Pấu", "05560-02": "Nà Mò"}
    )
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = members.pop(item.filename, None)
            target.writestr(item, data if data is not None else source.read(item))
        for name, data in members.items():
            target.writestr(name, data)
    return out.getvalue()


def test_an_xlsx_with_an_entity_declaration_is_refused(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review, tmp_path: Path
) -> None:
    core = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
        b"<cp:keywords>&b;</cp:keywords></cp:coreProperties>"
    )
    content = _xlsx_with(tmp_path, **{"docProps/core.xml": core})
    before = state()
    response = upload(officer_client, phuc_chu, [("so-ho.xlsx", content)])
    assert response.status_code == 422, response.status_code
    assert "so-ho.xlsx" in response.content.decode()
    assert state() == before


def test_an_xlsx_with_an_entity_declaration_in_a_sheet_is_refused_or_read_without_expansion(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review, tmp_path: Path
) -> None:
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "' + b"A" * 1000 + b'">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>'
    )
    content = _xlsx_with(tmp_path, **{"xl/worksheets/sheet1.xml": sheet})
    response = upload(officer_client, phuc_chu, [("so-ho.xlsx", content)])
    assert response.status_code in (302, 422), response.status_code


#: A worksheet with two cells, A1 and XFD1048576 (the last cell of a sheet): 8 KB zipped.
_SPARSE_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã hộ</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Xóm/Thôn</t></is></c></row>'
    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    "</sheetData></worksheet>"
).encode()

_READ_IN_A_BOX = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
from pathlib import Path
from ntm.core.exceptions import InputError
from ntm.core.households.files import read_register_files
try:
    read_register_files([Path(sys.argv[1])], display_names=["so-ho.xlsx"])
except InputError as error:
    print("refused:", error.message)
else:
    print("read")
"""


def test_a_tiny_xlsx_whose_cells_span_the_whole_sheet_does_not_kill_the_reader(
    tmp_path: Path,
) -> None:
    """What the upload view does with the file (``read_register_files``), in a child process
    limited to 2 GB of address space, so that the abort does not take pytest with it."""
    path = tmp_path / "so-ho.xlsx"
    path.write_bytes(_xlsx_with(tmp_path, **{"xl/worksheets/sheet1.xml": _SPARSE_SHEET}))
    assert path.stat().st_size < 20_000
    done = subprocess.run(
        [sys.executable, "-c", _READ_IN_A_BOX, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    assert done.stdout.startswith(("refused:", "read"))


# --- a large file with one bad row ---------------------------------------------------------

#: Rows of the large-file test; NTM_ADVERSARIAL_ROWS=300000 runs the issue's size (~1 min).
LARGE_ROWS = int(__import__("os").environ.get("NTM_ADVERSARIAL_ROWS", "50000"))


def _large_csv(rows: int, bad_row: int) -> bytes:
    """``rows`` households over the two hamlets; the data row ``bad_row`` (1-based, the
    file's row ``bad_row + 1``) has a house class outside the list."""
    template = household(code="{code}", hamlet="{hamlet}", head_name="Hộ {code}", floor_area="45.5")
    line = ",".join(template) + "\r\n"
    parts = [",".join(H_HEADERS) + "\r\n"]
    hamlets = ("Bản Pấu", "Nà Mò")
    for number in range(1, rows + 1):
        text = line.format(code=f"H{number:06d}", hamlet=hamlets[number % 2])
        if number == bad_row:
            text = text.replace("kiên cố", "nhà sàn gỗ")
        parts.append(text)
    return "".join(parts).encode()


def test_a_large_file_with_one_bad_row_lists_it_on_the_first_screen_and_in_the_download(
    officer_client: Client,
    phuc_chu: Unit,
    phuc_chu_review: Review,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = LARGE_ROWS - 7
    content = _large_csv(LARGE_ROWS, bad)
    before = state()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    uploaded = upload(officer_client, phuc_chu, [("so-ho-lon.csv", content)])
    timings["upload"] = time.perf_counter() - start
    assert uploaded.status_code == 302
    mapping_url = uploaded["Location"]
    start = time.perf_counter()
    page = officer_client.get(mapping_url)
    timings["mapping page"] = time.perf_counter() - start
    start = time.perf_counter()
    checked = officer_client.post(mapping_url, guessed_mapping(page.content.decode()))
    timings["check"] = time.perf_counter() - start
    assert checked.status_code == 422
    listed = page_errors(checked.content.decode())
    assert listed == [["so-ho-lon.csv", str(bad + 1), "Loại nhà", "nhà sàn gỗ", listed[0][4]]], (
        listed
    )
    start = time.perf_counter()
    download = errors_download(officer_client, phuc_chu, mapping_url)
    timings["errors download"] = time.perf_counter() - start
    rows = [row for row in xlsx_rows(download.content) if row[2] == bad + 1]
    assert len(rows) == 1 and rows[0][4] == "nhà sàn gỗ"
    assert state() == before
    with capsys.disabled():
        print(
            f"\n{LARGE_ROWS} rows, {len(content) / 2**20:.1f} MB: "
            + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in timings.items())
        )


# --- access --------------------------------------------------------------------------------

#: Names of the good CSV pair: no one but the commune's officers may see them.
NAMES = ("Nguyễn Văn H1", "Nguyễn Văn H2", "Nguyễn Thị Lan", "Lò Văn Páo", "Hoàng Thị Mai")


@pytest.fixture
def imported(officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review) -> str:
    """The good CSV pair written through the web import; a second upload waits at its
    mapping step (its mapping URL is returned)."""
    assert _full_import(officer_client, phuc_chu, register_csvs()) == [302, 200, 302]
    pending = upload(officer_client, phuc_chu, register_csvs())
    assert pending.status_code == 302
    return str(pending["Location"])


def _urls(commune: Unit, token: str, hamlet_code: str = "05560-01") -> dict[str, str]:
    key = commune.url_key
    return {
        "register": reverse("households:register", kwargs={"code": key}),
        "import": reverse("households:import", kwargs={"code": key}),
        "mapping": reverse("households:mapping", kwargs={"code": key, "token": token}),
        "errors": reverse("households:errors", kwargs={"code": key, "token": token}),
        "confirm": reverse("households:confirm", kwargs={"code": key, "token": token}),
        "summary": reverse("households:summary", kwargs={"code": key}),
        "persons": reverse("households:persons", kwargs={"code": key}),
        "persons named": reverse("households:persons", kwargs={"code": key}) + "?ten=1",
        "template": reverse("households:template", kwargs={"code": key}),
        "xlsform": reverse("households:xlsform", kwargs={"code": key}),
        "visit list": reverse(
            "households:visit_list", kwargs={"code": key, "hamlet_code": hamlet_code}
        ),
    }


#: What a user of the commune who is not its officer gets, GET then POST.
_NOT_OFFICER = {
    "register": (200, 405),
    "import": (403, 403),
    "mapping": (403, 403),
    "errors": (403, 405),
    "confirm": (405, 403),
    "summary": (200, 405),
    "persons": (403, 405),
    "persons named": (403, 405),
    "template": (200, 405),
    "xlsform": (200, 405),
    "visit list": (403, 405),
}


def _body_text(response: Any) -> str:
    content: bytes = response.content
    if content.startswith(b"PK"):
        return xlsx_text(content)
    return content.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "who", ["official", "hamlet_head", "coordinator", "commune viewer", "province viewer"]
)
def test_users_of_the_commune_who_are_not_its_officer_get_counts_never_names(
    imported: str,
    phuc_chu: Unit,
    province: Unit,
    make_user: Callable[..., User],
    who: str,
    request: pytest.FixtureRequest,
    media_root: Path,
) -> None:
    if who == "commune viewer":
        user = make_user("phucchu.xem", Role.VIEWER, phuc_chu)
    elif who == "province viewer":
        user = make_user("thainguyen.xem", Role.VIEWER, province)
    else:
        user = request.getfixturevalue(who)
    client = client_500(user)
    before = state()
    urls = _urls(phuc_chu, token_of(imported))
    for name, expected in _NOT_OFFICER.items():
        for method, status in zip(("get", "post"), expected, strict=True):
            response = getattr(client, method)(urls[name], {"h_code": "Mã hộ"})
            assert response.status_code == status, (who, name, method, response.status_code)
            text = _body_text(response)
            for secret in NAMES:
                assert secret not in text, (who, name, method, secret)
    assert state() == before
    assert (media_root / "imports" / token_of(imported) / "import.json").exists()


def test_anonymous_users_get_the_login_for_every_register_url(
    imported: str, phuc_chu: Unit
) -> None:
    client = client_500()
    before = state()
    for name, url in _urls(phuc_chu, token_of(imported)).items():
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            login = response.status_code == 302 and "/dang-nhap/" in response["Location"]
            assert login or response.status_code == 405, (name, method, response.status_code)
    assert state() == before


def test_the_officer_of_another_commune_gets_nothing_of_a_pending_import(
    imported: str, phuc_chu: Unit, bao_linh: Unit, make_user: Callable[..., User]
) -> None:
    stranger = client_500(make_user("baolinh.ntm", Role.COMMUNE_OFFICER, bao_linh))
    token = token_of(imported)
    before = state()
    # Through Phúc Chu's URLs: 403; through Bảo Linh's own: the token is not theirs, 404.
    for name, url in _urls(phuc_chu, token).items():
        for method in ("get", "post"):
            response = getattr(stranger, method)(url)
            assert response.status_code in (403, 405), (name, method, response.status_code)
    own = _urls(bao_linh, token, hamlet_code="05560-01")
    for name in ("mapping", "errors", "confirm", "visit list"):
        for method in ("get", "post"):
            response = getattr(stranger, method)(own[name])
            assert response.status_code in (404, 405), (name, method, response.status_code)
            assert not any(secret in _body_text(response) for secret in NAMES)
    assert state() == before


def test_a_second_officer_of_the_commune_cannot_use_the_first_ones_pending_import(
    imported: str, phuc_chu: Unit, make_user: Callable[..., User]
) -> None:
    second = client_500(make_user("phucchu.ntm2", Role.COMMUNE_OFFICER, phuc_chu))
    urls = _urls(phuc_chu, token_of(imported))
    before = state()
    assert second.get(urls["mapping"]).status_code == 404
    assert second.post(urls["mapping"], {"h_code": "Mã hộ"}).status_code == 404
    assert second.get(urls["errors"]).status_code == 404
    assert second.post(urls["confirm"]).status_code == 404
    assert state() == before


@pytest.mark.parametrize(
    "token",
    [
        "..%2F..%2F..%2Fetc",
        "..%2F" * 5 + "x",
        "%2E%2E%2F%2E%2E%2F",
        "." * 22,
        "a" * 300,
        "a" * 21,
        "１" * 22,  # full-width digits: str.isalnum() says yes
        "%00" * 22,
        "imports",
    ],
)
def test_a_forged_token_is_404(
    imported: str, officer: User, phuc_chu: Unit, token: str, media_root: Path
) -> None:
    client = client_500(officer)
    key = phuc_chu.url_key
    base = f"/xa/{key}/so-ho/nhap/{token}/"
    assert reverse("households:import", kwargs={"code": key}) == f"/xa/{key}/so-ho/nhap/"
    before = state()
    for url, method in (
        (base, "get"),
        (base, "post"),
        (base + "loi.xlsx", "get"),
        (base + "ghi/", "post"),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (url, method, response.status_code)
    assert state() == before


def test_the_visit_list_of_a_hamlet_of_another_commune_is_404(
    imported: str, officer: User, phuc_chu: Unit, bao_linh: Unit
) -> None:
    Unit.objects.create(
        kind=UnitKind.HAMLET,
        code="05554-01",
        name="Xóm Một",
        type_name="Xóm",
        parent=bao_linh,
        province=bao_linh.province,
    )
    client = client_500(officer)
    for hamlet_code in ("05554-01", "05560", "..", "05560-01%2F..", "%00"):
        url = f"/xa/{phuc_chu.url_key}/so-ho/xom/{hamlet_code}/can-tham.xlsx"
        assert client.get(url).status_code == 404, hamlet_code


# --- confirming twice ----------------------------------------------------------------------


def _current_readings() -> list[tuple[int, str, str, str]]:
    return sorted(
        Reading.objects.filter(current=True).values_list(
            "criterion", "indicator", "numerator", "denominator"
        )
    )


def test_a_second_click_on_confirm_neither_duplicates_nor_fails(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    uploaded = upload(officer_client, phuc_chu, register_csvs())
    assert check(officer_client, uploaded["Location"]).status_code == 200
    first = confirm(officer_client, phuc_chu, uploaded["Location"])
    assert first.status_code == 302
    after_first = state()
    readings = _current_readings()
    second = confirm(officer_client, phuc_chu, uploaded["Location"])
    assert second.status_code == 404
    assert state() == after_first and _current_readings() == readings
    assert Household.objects.count() == 3 and RegisterImport.objects.count() == 1


def test_two_confirmations_that_both_read_the_pending_import_update_by_code(
    officer_client: Client,
    phuc_chu: Unit,
    phuc_chu_review: Review,
    media_root: Path,
    tmp_path: Path,
) -> None:
    """Two requests racing: the second read the pending import before the first removed it
    (played here by putting the files back between the two)."""
    uploaded = upload(officer_client, phuc_chu, register_csvs())
    assert check(officer_client, uploaded["Location"]).status_code == 200
    folder = media_root / "imports" / token_of(uploaded["Location"])
    shutil.copytree(folder, tmp_path / "copy")
    assert confirm(officer_client, phuc_chu, uploaded["Location"]).status_code == 302
    readings = _current_readings()
    shutil.copytree(tmp_path / "copy", folder)
    second = confirm(officer_client, phuc_chu, uploaded["Location"])
    assert second.status_code == 302
    assert Household.objects.count() == 3 and Person.objects.count() == 4
    assert _current_readings() == readings
    keys = [(criterion, indicator) for criterion, indicator, _n, _d in readings]
    assert len(keys) == len(set(keys))  # one current reading per indicator


def test_a_confirmation_without_a_check_writes_nothing(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    """An attacker (or a stale tab) posts the confirmation right after the upload: the rows are
    checked again, with no mapping chosen, and refused."""
    uploaded = upload(officer_client, phuc_chu, register_csvs())
    before = state()
    response = confirm(officer_client, phuc_chu, uploaded["Location"])
    assert response.status_code == 302 and response["Location"] == uploaded["Location"]
    assert state() == before


# --- synthetic registers -------------------------------------------------------------------

SYNTHETIC = "DỮ LIỆU GIẢ LẬP"


def _store_demo(phuc_chu: Unit) -> None:
    demo_register_store(
        commune_code=phuc_chu.code,
        households=40,
        seed=5,
        hamlets=2,
        reference_date=date(2024, 12, 31),
    )


def test_a_demo_register_is_labelled_on_the_page_and_in_every_export_and_gives_no_readings(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review, hamlet_head: User
) -> None:
    readings = Reading.objects.count()
    _store_demo(phuc_chu)
    assert Household.objects.filter(commune=phuc_chu).count() == 40
    assert Reading.objects.count() == readings
    urls = _urls(phuc_chu, "x" * 22)
    for client in (officer_client, client_500(hamlet_head)):
        page = client.get(urls["register"]).content.decode()
        assert 'id="synthetic"' in page and SYNTHETIC in page
        assert SYNTHETIC in xlsx_text(client.get(urls["summary"]).content)
    for name in ("persons", "persons named", "visit list"):
        response = officer_client.get(urls[name])
        assert response.status_code == 200, name
        assert SYNTHETIC in xlsx_text(response.content), name
    visit = officer_client.get(_urls(phuc_chu, "x" * 22, hamlet_code="05560-02")["visit list"])
    assert SYNTHETIC in xlsx_text(visit.content)


def test_a_workbook_marked_synthetic_uploaded_on_the_web_is_labelled_and_gives_no_readings(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review, tmp_path: Path
) -> None:
    path = tmp_path / "gia-lap.xlsx"
    register = hand_register(synthetic=True)
    write_register_xlsx(register, path, hamlet_names={"05560-01": "Bản Pấu", "05560-02": "Nà Mò"})
    readings = Reading.objects.count()
    uploaded = upload(officer_client, phuc_chu, [("gia-lap.xlsx", path.read_bytes())])
    checked = check(officer_client, uploaded["Location"])
    assert checked.status_code == 200 and "synthetic" in checked.content.decode()
    assert confirm(officer_client, phuc_chu, uploaded["Location"]).status_code == 302
    assert RegisterImport.objects.get().synthetic
    assert Reading.objects.count() == readings
    urls = _urls(phuc_chu, "x" * 22)
    assert 'id="synthetic"' in officer_client.get(urls["register"]).content.decode()
    assert SYNTHETIC in xlsx_text(officer_client.get(urls["summary"]).content)
    assert SYNTHETIC_KEYWORD  # the mark the reader found


def test_a_real_import_over_a_demo_register_must_replace_it(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    """Made-up and real households never mix: updating the demo register by code is
    refused; replacing it gives a real register, no longer labelled, with readings."""
    _store_demo(phuc_chu)
    before = state()
    # Refused at the check, before any confirmation; a confirmation forced anyway is too.
    assert _full_import(officer_client, phuc_chu, register_csvs()) == [302, 422]
    forced = upload(officer_client, phuc_chu, register_csvs())
    done = confirm(officer_client, phuc_chu, forced["Location"])
    assert done.status_code == 302 and done["Location"] == forced["Location"]
    assert state() == before
    uploaded = upload(officer_client, phuc_chu, register_csvs(), replace=True)
    assert check(officer_client, uploaded["Location"]).status_code == 200
    done = confirm(officer_client, phuc_chu, uploaded["Location"])
    assert done.status_code == 302 and done["Location"] != uploaded["Location"]
    assert sorted(Household.objects.values_list("code", flat=True)) == ["H1", "H2", "H3"]
    urls = _urls(phuc_chu, "x" * 22)
    assert 'id="synthetic"' not in officer_client.get(urls["register"]).content.decode()
    assert SYNTHETIC not in xlsx_text(officer_client.get(urls["summary"]).content)
    assert Reading.objects.count() > before[4]


def test_a_synthetic_workbook_is_never_mixed_into_a_real_register(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review, tmp_path: Path
) -> None:
    assert _full_import(officer_client, phuc_chu, register_csvs()) == [302, 200, 302]
    path = tmp_path / "gia-lap.xlsx"
    write_register_xlsx(
        hand_register(synthetic=True),
        path,
        hamlet_names={"05560-01": "Bản Pấu", "05560-02": "Nà Mò"},
    )
    before = state()
    for replace in (False, True):
        uploaded = upload(
            officer_client, phuc_chu, [("gia-lap.xlsx", path.read_bytes())], replace=replace
        )
        assert check(officer_client, uploaded["Location"]).status_code == 422
        done = confirm(officer_client, phuc_chu, uploaded["Location"])
        assert done.status_code == 302 and done["Location"] == uploaded["Location"], replace
    assert state() == before


def test_a_demo_register_does_not_replace_a_real_one(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    assert _full_import(officer_client, phuc_chu, register_csvs()) == [302, 200, 302]
    with pytest.raises(RegisterRefused):
        _store_demo(phuc_chu)
    assert set(Household.objects.values_list("code", flat=True)) >= {"H1", "H2", "H3"}


# --- odd but plausible files ---------------------------------------------------------------


def test_a_file_with_headers_and_no_rows_is_refused_or_written_but_never_500(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    files = register_csvs([], [])
    statuses = _full_import(officer_client, phuc_chu, files)
    assert 500 not in statuses, statuses


def test_markup_in_a_cell_is_shown_as_text(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    files = register_csvs([household(code="H1", hamlet='<script>alert("x")</script>')], [person()])
    page, _url = refused_at_check(officer_client, phuc_chu, files)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_a_forged_mapping_is_refused_naming_the_column(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    uploaded = upload(officer_client, phuc_chu, register_csvs())
    mapping = guessed_mapping(officer_client.get(uploaded["Location"]).content.decode())
    before = state()
    for forged in (
        {"h_code": "Không có cột này"},
        {"h_structure": "Mã hộ"},  # one column for two fields
        {"h_members": "Mã hộ\x00"},
        {"h_code": ""},
    ):
        response = officer_client.post(uploaded["Location"], {**mapping, **forged})
        assert response.status_code == 422, forged
        assert page_errors(response.content.decode()), forged
    assert state() == before


def test_a_household_with_more_than_32767_members_listed_is_refused_or_written_but_never_500(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    """Person.position is a PositiveSmallIntegerField (32767 on PostgreSQL)."""
    persons = [person(household="H1", name="")] * 32_800
    files = register_csvs([household(code="H1", members="3")], persons)
    statuses = _full_import(officer_client, phuc_chu, files)
    assert 500 not in statuses, statuses


def test_a_cell_larger_than_the_csv_field_limit_is_refused_naming_the_file_and_row(
    officer_client: Client, phuc_chu: Unit, phuc_chu_review: Review
) -> None:
    files = register_csvs([household(code="H1", head_name="x" * 200_000)], [person()])
    before = state()
    response = upload(officer_client, phuc_chu, files)
    assert response.status_code == 422
    message = re.search(r'id="error-upload">(.*?)</ul>', response.content.decode(), re.S)
    assert message and "ho.csv" in message.group(1) and "dòng 2" in message.group(1)
    assert state() == before
