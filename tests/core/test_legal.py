"""The registry of legal bases and the citation check (ntm.core.legal).

The citations come from the seed plan (xã Phúc Chu, Thái Nguyên, 2024) and the Hà Nam
reference cases 22 (Kế hoạch 01-KH/BCĐ of xã Nhân Khang, 2016) and 23 (Tờ trình
28/TTr-UBND of xã Công Lý, 2015).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from ntm.core.catalog import LegalBasis
from ntm.core.exceptions import CatalogError, Location
from ntm.core.legal import (
    Citation,
    CitationWarningKind,
    LegalDocument,
    LegalRegistry,
    LegalScope,
)
from ntm.core.registry import Catalog

TN_2194_TITLE = (
    "về việc ban hành Bộ tiêu chí về xã Nông thôn mới, Bộ tiêu chí về xã nông thôn mới nâng cao"
    " tỉnh Thái Nguyên và phân công các sở, ngành phụ trách hướng dẫn thực hiện các chỉ tiêu, tiêu chí"
)
#: The seed's first "Căn cứ" line, without "Căn cứ " and the closing ";".
SEED_LINE = "Quyết định số 2194/QĐ-UBND ngày 15/9/2022 của UBND tỉnh Thái Nguyên " + TN_2194_TITLE
SEED_CITATION = Citation(
    kind="Quyết định",
    number="2194/QĐ-UBND",
    date=date(2022, 9, 15),
    issuer="UBND tỉnh Thái Nguyên",
    title=TN_2194_TITLE,
)


@pytest.fixture(scope="module")
def registry() -> LegalRegistry:
    return LegalRegistry.shipped()


# --- the shipped data --------------------------------------------------------------------


def _shipped_bases() -> list[tuple[str, LegalBasis]]:
    catalog = Catalog.shipped()
    bases = [(s.code, basis) for s in catalog.sets() for basis in s.legal_bases]
    bases += [(o.code, o.legal_basis) for o in catalog.overlays()]
    return bases


@pytest.mark.parametrize(("code", "basis"), _shipped_bases(), ids=lambda value: str(value))
def test_every_catalog_decision_resolves_to_a_registry_entry_with_its_date_and_issuer(
    registry: LegalRegistry, code: str, basis: LegalBasis
) -> None:
    document = registry.find(basis.decision)
    assert document is not None, f"{code}: {basis.decision} is not registered"
    assert document.issuer == basis.issuer
    assert basis.date is None or document.date == date.fromisoformat(basis.date)
    assert code in document.criteria_sets


def test_every_set_code_in_the_registry_is_a_shipped_set_or_overlay(
    registry: LegalRegistry,
) -> None:
    catalog = Catalog.shipped()
    known = {s.code for s in catalog.sets()} | {o.code for o in catalog.overlays()}
    named = {code for d in registry.documents for code in (*d.criteria_sets, *d.applies_to)}
    assert named <= known, named - known


@pytest.mark.parametrize(
    ("number", "verified"),
    [
        ("25/2021/QH15", True),
        ("263/QĐ-TTg", True),
        ("318/QĐ-TTg", True),
        ("319/QĐ-TTg", True),
        ("320/QĐ-TTg", True),
        ("321/QĐ-TTg", True),
        ("18/2022/QĐ-TTg", False),  # the date 02/8/2022 is [M]
        ("211/QĐ-TTg", True),
        ("07/2021/NĐ-CP", True),
        ("30/2020/NĐ-CP", True),
        ("2194/QĐ-UBND", True),
        ("51/2025/QĐ-TTg", True),
        ("257/2025/QH15", True),
        ("2251/BTNMT-KSONMT", True),
        ("05/2022/TT-BNNPTNT", True),
        ("2373/QĐ-BYT", False),  # [M]
        ("491/QĐ-TTg", True),
        ("342/QĐ-TTg", True),
        ("126/QĐ-UBND", True),
        ("44/HD-SNN", False),  # only in case 22's prose
    ],
)
def test_the_required_documents_are_registered_with_their_verified_flag(
    registry: LegalRegistry, number: str, verified: bool
) -> None:
    document = registry.find(number)
    assert (None if document is None else (document.number, document.verified)) == (
        number,
        verified,
    )


def test_unknown_dates_and_titles_stay_empty(registry: LegalRegistry) -> None:
    assert registry.get("cv-2155-2022-btnmt").date is None
    assert registry.get("qd-318-2022-ttg").title is None
    assert registry.get("qd-2194-2022-thai-nguyen").province == "Thái Nguyên"
    assert registry.get("qd-2194-2022-thai-nguyen").scope is LegalScope.PROVINCE


# --- citation text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id", "text"),
    [
        ("qd-318-2022-ttg", "Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ"),
        ("qd-2194-2022-thai-nguyen", SEED_LINE),
        ("qd-126-2015-ha-nam", "Quyết định số 126/QĐ-UBND ngày 23/01/2015 của UBND tỉnh Hà Nam"),
        ("qd-263-2022-ttg", "Quyết định số 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ"),
        (
            "nd-30-2020-cp",
            "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư",
        ),
        ("nq-25-2021-qh15", "Nghị quyết số 25/2021/QH15 ngày 28/7/2021 của Quốc hội"),
        ("cv-2155-2022-btnmt", "Công văn số 2155/BTNMT-TCMT của Bộ Tài nguyên và Môi trường"),
        (
            "cv-2251-2024-btnmt",
            "Công văn số 2251/BTNMT-KSONMT ngày 09/4/2024 của Bộ Tài nguyên và Môi trường",
        ),
        ("nq-257-2025-qh15", "Nghị quyết số 257/2025/QH15 ngày 11/12/2025 của Quốc hội"),
    ],
)
def test_cite_gives_the_standard_citation_without_the_unknown_parts(
    registry: LegalRegistry, id: str, text: str
) -> None:
    assert registry.get(id).cite() == text


def test_a_citation_renders_like_the_seed_line() -> None:
    assert SEED_CITATION.text() == SEED_LINE


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2022, 9, 15), "15/9/2022"),
        (date(2022, 3, 8), "08/3/2022"),
        (date(2015, 1, 23), "23/01/2015"),
        (date(2013, 2, 20), "20/02/2013"),
        (date(2023, 10, 16), "16/10/2023"),
        (date(2022, 12, 1), "01/12/2022"),
    ],
)
def test_citation_dates_pad_the_day_and_only_months_1_and_2(day: date, text: str) -> None:
    assert Citation(kind="Quyết định", number="1/QĐ-UBND", date=day).text() == (
        f"Quyết định số 1/QĐ-UBND ngày {text}"
    )


def test_a_citation_leaves_out_what_it_does_not_give() -> None:
    assert Citation(kind="", number="242/QĐ-TTg").text() == "242/QĐ-TTg"
    assert Citation(kind="Quyết định", number="242/QĐ-TTg").text() == "Quyết định số 242/QĐ-TTg"


# --- lookups -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "318/QĐ-TTg",
        "318/qđ-ttg",
        "318/QD-TTg",
        "318 / QĐ - TTg",
        "318/QĐ–TTg",  # an en dash
        "QĐ 318/QĐ-TTg",  # as the catalogs write it
        "Quyết định số 318/QĐ-TTg",
        unicodedata.normalize("NFD", "số 318/QĐ-TTg"),
    ],
)
def test_find_matches_numbers_however_they_are_written(
    registry: LegalRegistry, written: str
) -> None:
    assert registry.find(written) == registry.get("qd-318-2022-ttg")


def test_find_tells_nd_and_qd_apart_from_other_letters(registry: LegalRegistry) -> None:
    assert registry.find("07/2021/ND-CP") == registry.get("nd-07-2021-cp")
    assert registry.find("999/QĐ-TTg") is None
    assert registry.find("QĐ-TTg") is None


def test_get_refuses_an_unknown_id(registry: LegalRegistry) -> None:
    with pytest.raises(CatalogError, match="unknown legal document 'qd-0-ttg'"):
        registry.get("qd-0-ttg")


def test_for_criteria_set_gives_the_documents_issuing_a_set_and_its_overlays(
    registry: LegalRegistry,
) -> None:
    code = "xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022"
    assert [d.id for d in registry.for_criteria_set(code)] == [
        "qd-318-2022-ttg",
        "qd-2194-2022-thai-nguyen",
    ]
    assert [d.id for d in registry.for_criteria_set("xa-ntm-2026-2030")] == ["qd-51-2025-ttg"]
    assert registry.for_criteria_set("xa-ntm-2019") == ()


def test_suggest_orders_national_then_ministry_then_provincial_by_date(
    registry: LegalRegistry,
) -> None:
    suggested = registry.suggest("xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022")
    assert [d.cite() for d in suggested] == [
        "Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ",
        "Quyết định số 18/2022/QĐ-TTg ngày 02/8/2022 của Thủ tướng Chính phủ",
        "Quyết định số 211/QĐ-TTg ngày 01/3/2024 của Thủ tướng Chính phủ",
        "Công văn số 2251/BTNMT-KSONMT ngày 09/4/2024 của Bộ Tài nguyên và Môi trường",
        SEED_LINE,
    ]
    assert [d.scope for d in suggested] == [
        LegalScope.NATIONAL,
        LegalScope.NATIONAL,
        LegalScope.NATIONAL,
        LegalScope.MINISTRY,
        LegalScope.PROVINCE,
    ]


def test_suggest_for_the_model_level_and_the_2026_set(registry: LegalRegistry) -> None:
    assert [d.id for d in registry.suggest("xa-ntm-kieu-mau-2021-2025")] == [
        "qd-319-2022-ttg",
        "qd-18-2022-ttg",
    ]
    assert [d.id for d in registry.suggest("xa-ntm-2026-2030")] == ["qd-51-2025-ttg"]


def test_suggest_puts_documents_without_a_date_last_in_their_scope() -> None:
    def document(id: str, day: date | None) -> LegalDocument:
        return LegalDocument(
            id=id,
            kind="Công văn",
            number=f"{id}/BTNMT-TCMT",
            date=day,
            issuer="Bộ Tài nguyên và Môi trường",
            title=None,
            scope=LegalScope.MINISTRY,
            verified=False,
            source="test",
            applies_to=("test-set",),
        )

    registry = LegalRegistry(
        documents=(document("1", None), document("2", date(2024, 1, 2)), document("3", None))
    )
    assert [d.id for d in registry.suggest("test-set")] == ["2", "1", "3"]


# --- checking citations --------------------------------------------------------------------


def test_the_seed_citation_is_registered_and_gives_no_warning(registry: LegalRegistry) -> None:
    assert registry.is_registered(SEED_CITATION)
    assert registry.check(SEED_CITATION) == ()


def test_a_wrong_year_gives_a_date_mismatch_naming_both_dates(registry: LegalRegistry) -> None:
    citation = Citation(
        kind="Quyết định",
        number="2194/QĐ-UBND",
        date=date(2021, 9, 15),
        issuer="UBND tỉnh Thái Nguyên",
    )
    (warning,) = registry.check(citation)
    assert warning.kind is CitationWarningKind.DATE_MISMATCH
    assert warning.registered.id == "qd-2194-2022-thai-nguyen"
    assert warning.citation == citation
    assert warning.message == (
        "Quyết định số 2194/QĐ-UBND: cited date 15/9/2021 differs from the registry's 15/9/2022"
    )


def test_a_warning_names_the_citations_location(registry: LegalRegistry) -> None:
    citation = Citation(
        kind="Quyết định",
        number="2194/QĐ-UBND",
        date=date(2021, 9, 15),
        location=Location(file="ke-hoach-2024.docx", row=4),
    )
    (warning,) = registry.check(citation)
    assert warning.message == (
        "ke-hoach-2024.docx, row 4: Quyết định số 2194/QĐ-UBND:"
        " cited date 15/9/2021 differs from the registry's 15/9/2022"
    )


def test_an_unverified_registry_value_is_marked_in_the_message(registry: LegalRegistry) -> None:
    citation = Citation(kind="Quyết định", number="18/2022/QĐ-TTg", date=date(2022, 8, 4))
    (warning,) = registry.check(citation)
    assert warning.message == (
        "Quyết định số 18/2022/QĐ-TTg: cited date 04/8/2022 differs from the registry's"
        " 02/8/2022 (not yet verified)"
    )


def test_case_22_242_qd_ttg_suggests_342_qd_ttg(registry: LegalRegistry) -> None:
    citation = Citation(kind="Quyết định", number="242/QĐ-TTg")
    assert not registry.is_registered(citation)
    (warning,) = registry.check(citation)
    assert warning.kind is CitationWarningKind.NUMBER_SUSPECT
    assert warning.registered.number == "342/QĐ-TTg"
    assert warning.message == (
        "Quyết định số 242/QĐ-TTg: the number is not in the registry; did you mean"
        " Quyết định số 342/QĐ-TTg ngày 20/02/2013 của Thủ tướng Chính phủ?"
    )


def test_case_22_126_qgg_ubnd_is_a_number_suspect_showing_the_registered_date(
    registry: LegalRegistry,
) -> None:
    # Decision: the number is not registered, so the registry cannot know the document is
    # 126/QĐ-UBND; one NUMBER_SUSPECT shows the registered number and date, no DATE_MISMATCH.
    citation = Citation(
        kind="quyết định",
        number="126/QGG-UBND",
        date=date(2015, 2, 23),
        issuer="UBND tỉnh Hà Nam",
    )
    (warning,) = registry.check(citation)
    assert warning.kind is CitationWarningKind.NUMBER_SUSPECT
    assert warning.registered.id == "qd-126-2015-ha-nam"
    assert warning.message == (
        "quyết định số 126/QGG-UBND: the number is not in the registry; did you mean"
        " Quyết định số 126/QĐ-UBND ngày 23/01/2015 của UBND tỉnh Hà Nam?"
    )


@pytest.mark.parametrize(
    "citation",
    [
        Citation("Quyết định", "491/QĐ-TTg", date(2009, 4, 16)),
        Citation("Quyết định", "342/QĐ-TTg", date(2013, 2, 20)),
        Citation("Thông tư", "41/2013/TT-BNNPTNT", date(2013, 10, 4)),
        Citation("Quyết định", "126/QĐ-UBND", date(2015, 1, 23), "UBND tỉnh Hà Nam"),
        Citation("Thông tư", "40/2014/TT-BNNPTNT", date(2014, 11, 13)),
        Citation("Hướng dẫn", "34/HD-SNN", date(2015, 1, 27)),
    ],
    ids=lambda citation: citation.number,
)
def test_case_23_cites_its_bases_correctly(registry: LegalRegistry, citation: Citation) -> None:
    assert registry.check(citation) == ()


def test_a_party_resolution_is_not_registered_and_gives_no_warning(
    registry: LegalRegistry,
) -> None:
    # the seed's second "Căn cứ": Nghị quyết số 01-NQ/ĐU ngày 18/6/2020 (Đại hội Đảng bộ xã)
    citation = Citation(kind="Nghị quyết", number="01-NQ/ĐU", date=date(2020, 6, 18))
    assert not registry.is_registered(citation)
    assert registry.check(citation) == ()


def test_another_issuer_gives_an_issuer_mismatch(registry: LegalRegistry) -> None:
    citation = Citation(kind="Quyết định", number="2194/QĐ-UBND", issuer="UBND tỉnh Bắc Kạn")
    (warning,) = registry.check(citation)
    assert warning.kind is CitationWarningKind.ISSUER_MISMATCH
    assert warning.message == (
        "Quyết định số 2194/QĐ-UBND: cited issuer 'UBND tỉnh Bắc Kạn' differs from the"
        " registry's 'UBND tỉnh Thái Nguyên'"
    )


@pytest.mark.parametrize(
    ("number", "issuer"),
    [
        ("2194/QĐ-UBND", "Ủy ban nhân dân tỉnh Thái Nguyên"),
        ("2194/QĐ-UBND", unicodedata.normalize("NFD", "UBND TỈNH THÁI NGUYÊN")),
        ("2552/QĐ-UBND", "Uỷ ban nhân dân tỉnh Khánh Hoà"),  # old tone placement
    ],
)
def test_issuers_written_differently_are_the_same(
    registry: LegalRegistry, number: str, issuer: str
) -> None:
    assert registry.check(Citation(kind="Quyết định", number=number, issuer=issuer)) == ()


def test_another_kind_gives_a_kind_mismatch(registry: LegalRegistry) -> None:
    (warning,) = registry.check(Citation(kind="Nghị định", number="318/QĐ-TTg"))
    assert warning.kind is CitationWarningKind.KIND_MISMATCH
    assert warning.message == (
        "Nghị định số 318/QĐ-TTg: cited type 'Nghị định' differs from the registry's 'Quyết định'"
    )


def test_an_abbreviated_kind_is_the_same_kind(registry: LegalRegistry) -> None:
    assert registry.check(Citation(kind="QĐ", number="318/QĐ-TTg")) == ()


def test_no_date_warning_without_both_dates(registry: LegalRegistry) -> None:
    assert registry.check(Citation(kind="Quyết định", number="318/QĐ-TTg")) == ()
    undated = Citation(kind="Công văn", number="2155/BTNMT-TCMT", date=date(2022, 6, 1))
    assert registry.check(undated) == ()


def test_every_mismatch_is_reported_in_citation_order(registry: LegalRegistry) -> None:
    citation = Citation(
        kind="Nghị quyết", number="318/QĐ-TTg", date=date(2022, 3, 9), issuer="Chính phủ"
    )
    assert [w.kind for w in registry.check(citation)] == [
        CitationWarningKind.KIND_MISMATCH,
        CitationWarningKind.DATE_MISMATCH,
        CitationWarningKind.ISSUER_MISMATCH,
    ]


def test_a_wrong_year_in_the_number_is_a_number_suspect(registry: LegalRegistry) -> None:
    (warning,) = registry.check(Citation(kind="Quyết định", number="18/2021/QĐ-TTg"))
    assert warning.registered.id == "qd-18-2022-ttg"
    assert warning.message.endswith(
        "did you mean Quyết định số 18/2022/QĐ-TTg ngày 02/8/2022 của Thủ tướng Chính phủ"
        " (not yet verified)?"
    )


def test_the_same_issuer_and_date_make_a_number_suspect(registry: LegalRegistry) -> None:
    citation = Citation(
        kind="Quyết định",
        number="999/QĐ-UBND",
        date=date(2022, 9, 15),
        issuer="UBND tỉnh Thái Nguyên",
    )
    assert [w.registered.id for w in registry.check(citation)] == ["qd-2194-2022-thai-nguyen"]


def test_the_same_issuer_and_title_make_a_number_suspect(registry: LegalRegistry) -> None:
    citation = Citation(
        kind="Quyết định",
        number="2914/QĐ-UBND",  # two digits swapped: two edits, not one slip
        issuer="UBND tỉnh Thái Nguyên",
        title=TN_2194_TITLE.upper() + ";",
    )
    assert [w.registered.id for w in registry.check(citation)] == ["qd-2194-2022-thai-nguyen"]


def test_a_number_slip_outranks_a_shared_date(registry: LegalRegistry) -> None:
    # 318, 319, 320 and 321 share the date; only 318 and 319 are one slip from 317
    citation = Citation(
        kind="Quyết định",
        number="317/QĐ-TTg",
        date=date(2022, 3, 8),
        issuer="Thủ tướng Chính phủ",
    )
    assert [w.registered.id for w in registry.check(citation)] == [
        "qd-318-2022-ttg",
        "qd-319-2022-ttg",
    ]


def test_equally_likely_documents_are_all_suggested(registry: LegalRegistry) -> None:
    citation = Citation(
        kind="Quyết định",
        number="999/QĐ-TTg",
        date=date(2022, 3, 8),
        issuer="Thủ tướng Chính phủ",
    )
    assert [w.registered.number for w in registry.check(citation)] == [
        "318/QĐ-TTg",
        "319/QĐ-TTg",
        "320/QĐ-TTg",
        "321/QĐ-TTg",
    ]


@pytest.mark.parametrize(
    "citation",
    [
        # a district decision of the same date as QĐ 318: another issuer, so no suspicion
        Citation("Quyết định", "1234/QĐ-UBND", date(2022, 3, 8), "UBND huyện Định Hóa"),
        # same number, another type of document of the same body: not a slip
        Citation("Kế hoạch", "126/KH-UBND", None, "UBND tỉnh Hà Nam"),
        # nothing in common
        Citation("", "7/TB-UBND"),
    ],
    ids=lambda citation: citation.number,
)
def test_unrelated_unregistered_citations_give_no_warning(
    registry: LegalRegistry, citation: Citation
) -> None:
    assert registry.check(citation) == ()


def test_a_citation_without_kind_or_issuer_is_compared_with_every_document(
    registry: LegalRegistry,
) -> None:
    (warning,) = registry.check(Citation(kind="", number="2195/QĐ-UBND"))
    assert warning.registered.id == "qd-2194-2022-thai-nguyen"
    assert warning.message.startswith("2195/QĐ-UBND: the number is not in the registry")


# --- reading a registry file ---------------------------------------------------------------

GOOD_ENTRY = """\
  - id: qd-318-2022-ttg
    kind: Quyết định
    number: 318/QĐ-TTg
    date: "2022-03-08"
    issuer: Thủ tướng Chính phủ
    title: null
    scope: national
    verified: true
    source: test
    criteria_sets: [xa-ntm-2021-2025]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "legal-bases.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_from_file_reads_a_registry(tmp_path: Path) -> None:
    path = _write(tmp_path, "schema: ntm-legal-bases/1\ndocuments:\n" + GOOD_ENTRY)
    registry = LegalRegistry.from_file(path)
    assert registry.documents == (
        LegalDocument(
            id="qd-318-2022-ttg",
            kind="Quyết định",
            number="318/QĐ-TTg",
            date=date(2022, 3, 8),
            issuer="Thủ tướng Chính phủ",
            title=None,
            scope=LegalScope.NATIONAL,
            verified=True,
            source="test",
            criteria_sets=("xa-ntm-2021-2025",),
        ),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("documents: [", "not valid YAML"),
        ("- a\n", "a catalog file must hold a mapping"),
        ("schema: ntm-legal-bases/1\n", ": 'documents' is missing"),
        (
            "schema: ntm-legal-bases/1\ndocuments:\n"
            + GOOD_ENTRY.replace("    source: test\n", ""),
            "field 'qd-318-2022-ttg': 'source' is missing",
        ),
        (
            "schema: ntm-legal-bases/1\ndocuments:\n" + GOOD_ENTRY + "    signed_by: x\n",
            "field 'qd-318-2022-ttg': unknown field: 'signed_by' was unexpected",
        ),
        (
            "schema: ntm-legal-bases/1\ndocuments:\n" + GOOD_ENTRY.replace("national", "province"),
            "field 'qd-318-2022-ttg': 'province' is missing",
        ),
        (
            "schema: ntm-legal-bases/1\ndocuments:\n"
            + GOOD_ENTRY.replace("2022-03-08", "2022-02-30"),
            "field 'qd-318-2022-ttg.date': '2022-02-30' is not a date (YYYY-MM-DD)",
        ),
        (
            "schema: ntm-legal-bases/1\ndocuments:\n  - kind: Quyết định\n",
            "field 'documents[0]': 'id' is missing",
        ),
        (
            "schema: ntm-legal-bases/1\ndocuments:\n" + GOOD_ENTRY + GOOD_ENTRY,
            "field 'qd-318-2022-ttg.id': legal document qd-318-2022-ttg appears twice",
        ),
        (
            "schema: ntm-legal-bases/1\ndocuments:\n"
            + GOOD_ENTRY
            + GOOD_ENTRY.replace("id: qd-318-2022-ttg", "id: other").replace("QĐ", "QD"),
            "field 'other.number': number 318/QD-TTg is also used by legal document qd-318-2022-ttg",
        ),
    ],
    ids=[
        "yaml",
        "mapping",
        "documents",
        "required",
        "unknown-field",
        "province",
        "date",
        "no-id",
        "same-id",
        "same-number",
    ],
)
def test_a_malformed_registry_file_raises_catalog_error_naming_file_and_entry(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(CatalogError) as raised:
        LegalRegistry.from_file(path)
    assert raised.value.location.file == str(path)
    assert str(raised.value).startswith(str(path))
    assert message in str(raised.value)


def test_a_registry_built_in_code_refuses_a_repeated_number() -> None:
    document = LegalRegistry.shipped().get("qd-318-2022-ttg")
    twin = LegalDocument(**{**document.__dict__, "id": "twin"})
    with pytest.raises(CatalogError, match="number 318/QĐ-TTg is also used by legal document"):
        LegalRegistry(documents=(document, twin))
