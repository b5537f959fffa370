"""The recognition chain through the pages, as the commune officer, the province's
coordinator and its appraiser: every step, a return that unlocks exactly the criteria
returned, the refusals that change nothing (incomplete dossier, wrong role, a decision
dated before the appraisal, a second dossier for the same level and year)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from ntm.recognition.models import Dossier, DossierTransition, Recognition, RevocationWatch
from ntm.reviews.models import Review
from ntm.reviews.services import ReadingRefused, reading_record
from tests.web.conftest import client_for
from tests.web.recognition.conftest import verdicts

pytestmark = pytest.mark.django_db


def url(dossier: Dossier, suffix: str = "") -> str:
    return f"/xa/{dossier.commune.url_key}/cong-nhan/{dossier.pk}/{suffix}"


def act(user: User, dossier: Dossier, action: str, **data: str) -> str:
    """Post an action; return the page's text after the redirect."""
    response = client_for(user).post(
        url(dossier, "thao-tac/"), {"action": action, **data}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_whole_chain_with_a_return(
    officer: User,
    coordinator: User,
    appraiser: User,
    complete_dossier: Dossier,
    phuc_chu_review: Review,
) -> None:
    dossier = complete_dossier
    page = client_for(officer).get(url(dossier)).content.decode()
    assert page.count('<td class="status-met">') == 19
    assert 'id="missing"' not in page  # complete: nothing missing
    # One file on each criterion, counted once even where the indicator is coded like its
    # criterion (10, 11 and 16 of the nâng cao set).
    for number in (1, 10, 11, 16):
        row = page.split(f'<tr id="criterion-{number}">')[1].split("</tr>")[0]
        assert row.rstrip().endswith("<td>1</td>"), row

    # Submitted on the province chain (the district ended on 1/7/2025).
    act(officer, dossier, "submit")
    dossier.refresh_from_db()
    phuc_chu_review.refresh_from_db()
    assert dossier.status == "submitted"
    assert dossier.workflow == "qd-18-2022-province"
    assert (phuc_chu_review.status, phuc_chu_review.lock_holder) == ("submitted", "dossier")
    with pytest.raises(ReadingRefused):
        verdicts(officer, phuc_chu_review, "Chưa đạt", [17])

    # The appraiser cannot verify: the province chain's verification is the coordinator's.
    page = act(appraiser, dossier, "verify")
    assert "province_coordinator" in page.split('<li class="error">')[1].split("</li>")[0]
    dossier.refresh_from_db()
    assert dossier.status == "submitted"

    # Returned for criterion 17 only, with its reason.
    page = act(
        coordinator, dossier, "return", **{"reason-17": "Thiếu biên bản kiểm tra môi trường"}
    )
    dossier.refresh_from_db()
    phuc_chu_review.refresh_from_db()
    assert dossier.status == "returned"
    assert dossier.unlocked_criteria == ["17"]
    assert phuc_chu_review.unlocked_criteria == [17]
    # Criterion 17 may be corrected; criterion 5 stays locked.
    verdicts(officer, phuc_chu_review, "Chưa đạt", [17])
    verdicts(officer, phuc_chu_review, "Đạt", [17])
    with pytest.raises(ReadingRefused):
        verdicts(officer, phuc_chu_review, "Chưa đạt", [5])

    act(officer, dossier, "resubmit")
    dossier.refresh_from_db()
    phuc_chu_review.refresh_from_db()
    assert (dossier.status, dossier.unlocked_criteria, phuc_chu_review.unlocked_criteria) == (
        "submitted",
        [],
        [],
    )
    act(coordinator, dossier, "verify")
    act(appraiser, dossier, "appraise")
    dossier.refresh_from_db()
    assert dossier.status == "appraised"
    appraised_on = timezone.localtime(dossier.moved_at).date()

    # A decision dated the day before the appraisal is refused; nothing changes.
    day_before = (appraised_on - datetime.timedelta(days=1)).isoformat()
    page = act(
        coordinator, dossier, "recognise", decision_number="99/QĐ-UBND", decision_date=day_before
    )
    dossier.refresh_from_db()
    assert dossier.status == "appraised"
    assert not Recognition.objects.exists()

    act(
        coordinator,
        dossier,
        "recognise",
        decision_number="1763/QĐ-UBND",
        decision_date=appraised_on.isoformat(),
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.decision_number) == ("recognised", "1763/QĐ-UBND")
    recognition = Recognition.objects.get()
    assert (recognition.level, recognition.year) == ("advanced", 2024)
    # 19 criteria all met: rule (b) needs 10 unmet, rule (a) 6 with a named one
    # (30% of 19 = 5.7 → 6): 5 more may fail.
    watch = RevocationWatch.objects.get()
    assert (watch.outcome, watch.unmet, watch.margin) == ("kept", [], 5)

    actions = list(
        DossierTransition.objects.filter(dossier=dossier).values_list("action", flat=True)
    )
    assert actions == ["submit", "return", "resubmit", "verify", "appraise", "recognise"]

    # The appraiser cannot undo the coordinator's decision; the coordinator can.
    act(appraiser, dossier, "undo")
    assert Recognition.objects.count() == 1
    act(coordinator, dossier, "undo")
    dossier.refresh_from_db()
    assert dossier.status == "appraised"
    assert not Recognition.objects.exists()


def test_an_incomplete_dossier_is_refused_and_nothing_changes(
    officer: User, phuc_chu_review: Review, hamlets: list
) -> None:
    client = client_for(officer)
    client.post("/xa/05560~20250701/cong-nhan/mo-ho-so/", {"review": phuc_chu_review.pk})
    dossier = Dossier.objects.get()
    page = act(officer, dossier, "submit")
    # The refusal names what is missing: the criteria not met (all 19 are stated "Chưa
    # đạt" or lack a verdict in the seed, except those it says are met) and the survey.
    assert '<li class="error">' in page
    assert page.count('<td class="status-met">') < 19
    dossier.refresh_from_db()
    phuc_chu_review.refresh_from_db()
    assert dossier.status == "draft"
    assert not DossierTransition.objects.exists()
    assert (phuc_chu_review.status, phuc_chu_review.lock_holder) == ("draft", "")


def test_a_second_dossier_for_the_same_level_and_year_is_refused(
    officer: User, complete_dossier: Dossier, phuc_chu_review: Review
) -> None:
    client = client_for(officer)
    response = client.post(
        "/xa/05560~20250701/cong-nhan/mo-ho-so/", {"review": phuc_chu_review.pk}, follow=True
    )
    assert Dossier.objects.count() == 1
    assert '<li class="error">' in response.content.decode()


def test_a_survey_with_more_answers_than_households_asked_is_refused(
    officer: User, complete_dossier: Dossier
) -> None:
    response = client_for(officer).post(
        url(complete_dossier, "hai-long/"),
        {"asked-05560-01": "40", "answered-05560-01": "41", "satisfied-05560-01": "41"},
        follow=True,
    )
    page = response.content.decode()
    error = page.split('<li class="error">')[1].split("</li>")[0]
    assert "41" in error and "40" in error
    assert "Bản Pấu (05560-01)" in error  # the hamlet by its name and its code
    survey = complete_dossier.survey
    survey.refresh_from_db()
    assert (survey.asked, survey.answered, survey.satisfied) == (70, 68, 66)


def test_users_outside_the_province_see_nothing(
    far_coordinator: User, complete_dossier: Dossier
) -> None:
    client = client_for(far_coordinator)
    assert client.get(url(complete_dossier)).status_code == 403
    assert client.post(url(complete_dossier, "thao-tac/"), {"action": "verify"}).status_code == 403
    assert complete_dossier.transitions.count() == 0


def _post_survey_file(user: User, dossier: Dossier, kind: str, name: str, text: str) -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(user).post(
        url(dossier, "hai-long/tep/"),
        {"kind": kind, "file": SimpleUploadedFile(name, text.encode())},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_survey_is_read_from_a_table_of_counts_per_hamlet(
    officer: User, complete_dossier: Dossier
) -> None:
    # Hamlets named as the commune writes them, matched without case or diacritics.
    _post_survey_file(
        officer,
        complete_dossier,
        "counts",
        "tong-hop.csv",
        "Xóm,Số hộ được hỏi,Số hộ trả lời,Số hộ hài lòng\nban pau,50,48,47\nNà Mò,30,29,29\n",
    )
    survey = complete_dossier.survey
    survey.refresh_from_db()
    # 47 + 29 = 76 satisfied of 48 + 29 = 77 answered; 80 asked.
    assert survey.counts == {"05560-01": [50, 48, 47], "05560-02": [30, 29, 29]}
    assert (survey.asked, survey.answered, survey.satisfied) == (80, 77, 76)


def test_a_bad_survey_file_names_its_row_and_column_and_nothing_changes(
    officer: User, complete_dossier: Dossier
) -> None:
    page = _post_survey_file(
        officer,
        complete_dossier,
        "counts",
        "tong-hop.csv",
        'Xóm,Số hộ được hỏi,Số hộ trả lời,Số hộ hài lòng\nBản Pấu,40,38,37\nNà Mò,"12,5",10,9\n',
    )
    error = page.split('<li class="error">')[1].split("</li>")[0]
    assert "tong-hop.csv" in error and "3" in error and "12,5" in error
    page = _post_survey_file(
        officer,
        complete_dossier,
        "counts",
        "tong-hop.csv",
        "Xóm,Số hộ được hỏi,Số hộ trả lời,Số hộ hài lòng\nXóm Lạ,40,38,37\n",
    )
    assert "Xóm Lạ" in page.split('<li class="error">')[1].split("</li>")[0]
    survey = complete_dossier.survey
    survey.refresh_from_db()
    assert (survey.asked, survey.answered, survey.satisfied) == (70, 68, 66)


def test_the_survey_is_read_from_the_answers_collected_on_phones(
    officer: User, complete_dossier: Dossier
) -> None:
    # Three households of Bản Pấu answered (two satisfied), one of Nà Mò (satisfied);
    # the households asked stay those entered (40 and 30).
    _post_survey_file(
        officer,
        complete_dossier,
        "answers",
        "ntm_hai_long.csv",
        "xom,ma_ho,hai_long_chung\n"
        "05560-01,H1,hai_long\n05560-01,H2,khong_hai_long\n05560-01,H3,hai_long\n"
        "05560-02,H9,hai_long\n",
    )
    survey = complete_dossier.survey
    survey.refresh_from_db()
    assert survey.counts == {"05560-01": [40, 3, 2], "05560-02": [30, 1, 1]}


def test_the_survey_form_for_phones_downloads(officer: User, complete_dossier: Dossier) -> None:
    response = client_for(officer).get("/xa/05560~20250701/cong-nhan/khao-sat-hai-long.xlsx")
    assert response.status_code == 200
    assert 'filename="khao-sat-hai-long-05560.xlsx"' in response["Content-Disposition"]
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["survey", "choices"]


def test_the_dossier_downloads_as_a_zip_with_its_documents_and_evidence(
    officer: User, coordinator: User, complete_dossier: Dossier
) -> None:
    import hashlib
    import io
    import zipfile

    import docx

    from ntm.evidence.models import EvidenceFile

    response = client_for(coordinator).get(url(complete_dossier, "ho-so.zip"))
    assert response.status_code == 200
    assert (
        'filename="ho-so-cong-nhan-ntm-nang-cao-05560-2024.zip"' in response["Content-Disposition"]
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "00-Van-ban/01-To-trinh.docx" in names and "Muc-luc.docx" in names
    submission = docx.Document(io.BytesIO(archive.read("00-Van-ban/01-To-trinh.docx")))
    text = "\n".join(paragraph.text for paragraph in submission.paragraphs)
    header = "\n".join(cell.text for table in submission.tables for cell in table._cells)
    assert "45/TTr-UBND" in header
    # Dated today, after the districts ended: addressed to the province.
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên" in text
    assert "xét công nhận xã Phúc Chu đạt chuẩn nông thôn mới nâng cao năm\xa02024" in text
    # Every stored evidence file is in the ZIP, byte for byte, in its criterion's folder.
    stored = {
        row.sha256: row for row in EvidenceFile.objects.filter(review=complete_dossier.review)
    }
    found = [
        name
        for name in names
        if name.startswith("TC")
        and not name.endswith("/")
        and hashlib.sha256(archive.read(name)).hexdigest() in stored
    ]
    assert len(stored) == 1  # the 19 uploads are the same tiny PDF: one content
    assert len(found) == 19
    assert {name.split("/")[0][:4] for name in found} == {f"TC{n:02d}" for n in range(1, 20)}


def test_the_dashboard_says_how_many_readings_are_illustrative(
    officer: User, phuc_chu_review: Review
) -> None:
    dashboard = f"/xa/{phuc_chu_review.commune.url_key}/"
    assert 'id="illustrative"' not in client_for(officer).get(dashboard).content.decode()
    for number in (9, 12):
        reading_record(
            actor=officer,
            review=phuc_chu_review,
            criterion=number,
            indicator="",
            cells={"verdict": "Đạt", "source": "Minh họa (demo): mục tiêu kế hoạch đạt"},
            base_id=phuc_chu_review.readings.get(criterion=number, indicator="", current=True).pk,
        )
    page = client_for(officer).get(dashboard).content.decode()
    banner = page.split('id="illustrative">')[1].split("</p>")[0]
    assert " 2 " in banner


def test_a_full_submission_number_is_printed_once(officer: User, complete_dossier: Dossier) -> None:
    """The officer types "86/TTr-UBND" where the form asks for the number: the tờ trình
    still reads "Số: 86/TTr-UBND" (the template adds the type and the body)."""
    from ntm.documents.dossier import render_submission
    from ntm.recognition.content import dossier_content
    from tests.web.recognition.conftest import FACTS

    client_for(officer).post(
        url(complete_dossier, "thong-tin/"), {**_form(FACTS), "submission_number": "86/TTr-UBND"}
    )
    complete_dossier.refresh_from_db()
    assert complete_dossier.facts["submission_number"] == "86"
    import io

    import docx

    document = docx.Document(io.BytesIO(render_submission(dossier_content(complete_dossier))))
    header = "\n".join(cell.text for table in document.tables for cell in table._cells)
    assert "Số: 86/TTr-UBND" in header and "TTr-UBND/TTr" not in header


def _form(facts: dict) -> dict[str, str]:
    """The facts as the form posts them."""
    data = {}
    for key, value in facts.items():
        if key == "comments":
            data[key] = "\n".join(f"{c['source']} | {c['content']}" for c in value)
        elif key == "debt_items":
            data[key] = ""
        elif key == "debt_declared":
            data[key] = "on"
        else:
            data[key] = str(value)
    return data


@pytest.mark.parametrize(
    ("dated", "words"),
    [
        # Before the districts ended, submitted today: the tờ trình would go to the district
        # while the dossier goes to the province.
        ("2025-06-30", "1/7/2025"),
        # After the day it is submitted.
        ("2099-01-01", "01/01/2099"),
    ],
)
def test_a_submission_date_that_does_not_fit_the_day_is_refused(
    officer: User, complete_dossier: Dossier, phuc_chu_review: Review, dated: str, words: str
) -> None:
    Dossier.objects.filter(pk=complete_dossier.pk).update(
        facts={**complete_dossier.facts, "submission_date": dated}
    )
    page = act(officer, complete_dossier, "submit")
    complete_dossier.refresh_from_db()
    assert complete_dossier.status == "draft"
    assert not DossierTransition.objects.exists()
    error = page.split('<li class="error">')[1].split("</li>")[0]
    assert "tờ trình" in error and words in error
