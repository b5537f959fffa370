"""The import in the web application, step by step, with the Django test client: a good
file writes the register; a bad one writes nothing and lists every bad row."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ntm.core.households.files import write_register_xlsx
from ntm.households.models import Household, Person, RegisterImport
from ntm.reviews.models import Reading, Review
from ntm.territories.models import Unit
from ntm.users.models import Role
from tests.web.conftest import client_for
from tests.web.households.conftest import hand_register

pytestmark = pytest.mark.django_db


def _upload(client: Client, commune: Unit, name: str, content: bytes) -> object:
    return client.post(
        reverse("households:import", kwargs={"code": commune.url_key}),
        {
            "upload": SimpleUploadedFile(name, content),
            "reference_date": "2024-12-31",
            "source": "danh sách rà soát hộ",
        },
    )


def _workbook(tmp_path: Path, hamlets: list[Unit]) -> bytes:
    path = tmp_path / "so-ho.xlsx"
    write_register_xlsx(hand_register(), path, hamlet_names={h.code: h.full_name for h in hamlets})
    return path.read_bytes()


def _guessed_mapping(page: str) -> dict[str, str]:
    """The mapping form as the browser would post it: each select's selected option."""
    import re

    chosen = {}
    for name, body in re.findall(r'<select name="([hp]_\w+)">(.*?)</select>', page, re.S):
        match = re.search(r'<option value="([^"]*)" selected>', body)
        chosen[name] = match.group(1) if match else ""
    return chosen


def test_a_good_workbook_is_written_in_three_steps(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review, tmp_path: Path
) -> None:
    client = client_for(officer)
    response = _upload(client, phuc_chu, "so-ho.xlsx", _workbook(tmp_path, hamlets))
    assert response.status_code == 302  # type: ignore[attr-defined]
    mapping_url = response["Location"]  # type: ignore[index]
    page = client.get(mapping_url).content.decode()
    mapping = _guessed_mapping(page)
    assert mapping["h_code"] and mapping["p_household"]
    checked = client.post(mapping_url, mapping)
    assert checked.status_code == 200 and 'id="import-preview"' in checked.content.decode()
    assert not Household.objects.exists()  # nothing is written before the confirmation
    token = mapping_url.rstrip("/").rsplit("/", 1)[1]
    done = client.post(
        reverse("households:confirm", kwargs={"code": phuc_chu.url_key, "token": token})
    )
    assert done.status_code == 302
    assert Household.objects.filter(commune=phuc_chu).count() == 6
    assert Person.objects.count() == 15
    record = RegisterImport.objects.get()
    assert record.file_name == "so-ho.xlsx" and record.readings == 8
    assert (
        Reading.objects.get(review=phuc_chu_review, indicator="14.1", current=True).numerator
        == "12"
    )
    # The files are gone once written: the token no longer works.
    assert client.get(mapping_url).status_code == 404


def test_bad_rows_write_nothing_and_every_one_is_listed(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review, tmp_path: Path
) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_workbook(tmp_path, hamlets)))
    households = workbook.worksheets[0]
    headers = [cell.value for cell in households[1]]
    structure = headers.index("Loại nhà") + 1
    hamlet = next(i for i, h in enumerate(headers, start=1) if str(h).startswith("Xóm"))
    households.cell(row=3, column=structure, value="nhà gỗ")
    households.cell(row=5, column=hamlet, value="Xóm Không Có")
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = client_for(officer)
    mapping_url = _upload(client, phuc_chu, "so-ho-loi.xlsx", buffer.getvalue())["Location"]  # type: ignore[index]
    page = client.get(mapping_url).content.decode()
    refused = client.post(mapping_url, _guessed_mapping(page))
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "nhà gỗ" in body and "Xóm Không Có" in body
    token = mapping_url.rstrip("/").rsplit("/", 1)[1]
    listed = client.get(
        reverse("households:errors", kwargs={"code": phuc_chu.url_key, "token": token})
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(listed.content)).active.iter_rows(values_only=True)
    )
    bad = [row for row in rows if row[2] in (3, 5)]
    assert sorted(row[2] for row in bad) == [3, 5]
    assert not Household.objects.exists() and not RegisterImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("so-ho.xlsx", b"%PDF-1.4 not a workbook"),
        ("so-ho.xlsx", b""),
        ("so-ho.csv", "Mã hộ;Xóm\nH1;Bản Pấu\n".encode("cp1258", errors="replace") + b"\xff\xfe"),
        ("so-ho.docx", b"PK\x03\x04 a word document"),
    ],
)
def test_a_file_that_is_not_a_register_is_refused_on_the_form(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], name: str, content: bytes
) -> None:
    response = _upload(client_for(officer), phuc_chu, name, content)
    assert response.status_code == 422  # type: ignore[attr-defined]
    if content:  # an empty file is refused by the form field itself, before it is read
        assert name in response.content.decode()  # type: ignore[attr-defined]
    assert not RegisterImport.objects.exists()


def test_another_users_pending_import_is_404(
    officer: User,
    make_user: Callable[..., User],
    phuc_chu: Unit,
    hamlets: list[Unit],
    tmp_path: Path,
) -> None:
    second = make_user("phucchu.ntm2", Role.COMMUNE_OFFICER, phuc_chu)
    mapping_url = _upload(
        client_for(officer), phuc_chu, "so-ho.xlsx", _workbook(tmp_path, hamlets)
    )[
        "Location"  # type: ignore[index]
    ]
    assert client_for(second).get(mapping_url).status_code == 404
    token = mapping_url.rstrip("/").rsplit("/", 1)[1]
    confirm = reverse("households:confirm", kwargs={"code": phuc_chu.url_key, "token": token})
    assert client_for(second).post(confirm).status_code == 404
    assert not Household.objects.exists()


def test_the_reference_date_cannot_be_in_the_future(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], tmp_path: Path
) -> None:
    response = client_for(officer).post(
        reverse("households:import", kwargs={"code": phuc_chu.url_key}),
        {
            "upload": SimpleUploadedFile("so-ho.xlsx", _workbook(tmp_path, hamlets)),
            "reference_date": "2999-01-01",
            "source": "x",
        },
    )
    assert response.status_code == 422


def test_the_check_says_a_real_file_cannot_join_a_synthetic_register(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review, tmp_path: Path
) -> None:
    from ntm.households.services import demo_register_store

    demo_register_store(
        commune_code=phuc_chu.url_key,
        households=30,
        seed=1,
        hamlets=2,
        reference_date=hand_register().reference_date,
    )
    client = client_for(officer)
    mapping_url = _upload(client, phuc_chu, "so-ho.xlsx", _workbook(tmp_path, hamlets))[
        "Location"  # type: ignore[index]
    ]
    page = client.get(mapping_url).content.decode()
    checked = client.post(mapping_url, _guessed_mapping(page))
    assert checked.status_code == 422
    body = checked.content.decode()
    assert 'id="import-refused"' in body and "Tệp là toàn bộ sổ hộ" in body
    assert 'id="import-preview"' not in body
    assert Household.objects.count() == 30


def test_an_odk_central_zip_goes_through_the_web_import(
    officer: User, phuc_chu: Unit, hamlets: list[Unit], phuc_chu_review: Review, tmp_path: Path
) -> None:
    from tests.core.households import test_household_files as odk

    # The hand register in Phúc Chu's hamlets, exported as ODK Central lays it out.
    register = hand_register()
    names = {"05560-01": "Xóm Bản Pấu", "05560-02": "Xóm Nà Mò"}
    original = dict(odk.ODK_HAMLET_NAMES)
    odk.ODK_HAMLET_NAMES.update(names)
    try:
        main, members = odk.odk_tables(register)
    finally:
        odk.ODK_HAMLET_NAMES.clear()
        odk.ODK_HAMLET_NAMES.update(original)
    archive = odk.odk_zip(tmp_path / "ntm_so_ho.zip", main, members)
    client = client_for(officer)
    mapping_url = _upload(client, phuc_chu, "ntm_so_ho.zip", archive.read_bytes())["Location"]  # type: ignore[index]
    page = client.get(mapping_url).content.decode()
    checked = client.post(mapping_url, _guessed_mapping(page))
    assert checked.status_code == 200, checked.content.decode()[:2000]
    assert "6 hộ và 15 nhân khẩu ở 2 xóm" in checked.content.decode()
    token = mapping_url.rstrip("/").rsplit("/", 1)[1]
    client.post(reverse("households:confirm", kwargs={"code": phuc_chu.url_key, "token": token}))
    assert Household.objects.filter(commune=phuc_chu).count() == 6
    assert (
        Reading.objects.get(review=phuc_chu_review, indicator="14.1", current=True).numerator
        == "12"
    )
