"""Every message the product shows has a Vietnamese translation, and the compiled catalog
is the one the .po file says."""

from __future__ import annotations

import gettext
import re
import unicodedata
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[1]
LOCALE = REPO / "ntm" / "locale"
PO = LOCALE / "vi" / "LC_MESSAGES" / "ntm.po"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _source_messages() -> set[str]:
    """Every message marked in the code, by its (singular) id."""
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        str(REPO / "ntm"), keywords={"_": None, "ngettext": (1, 2)}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="vi")


def _strings(message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def _ids(message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def test_every_message_in_the_code_has_a_vietnamese_translation() -> None:
    catalog = _catalog()
    missing = sorted(
        key
        for key in _source_messages()
        if catalog.get(key) is None or not all(_strings(catalog.get(key))) or catalog.get(key).fuzzy
    )
    assert missing == []


def test_translations_keep_the_placeholders_of_their_message() -> None:
    wrong = [
        (message.id, message.string)
        for message in _catalog()
        if message.id
        for string in _strings(message)
        if set(PLACEHOLDER.findall(string))
        != set().union(*(PLACEHOLDER.findall(text) for text in _ids(message)))
    ]
    assert wrong == []


def test_translations_are_nfc_vietnamese() -> None:
    assert [
        string
        for message in _catalog()
        if message.id
        for string in _strings(message)
        if unicodedata.normalize("NFC", string) != string
    ] == []


def test_the_compiled_catalog_is_up_to_date_with_the_po_file() -> None:
    with (LOCALE / "vi" / "LC_MESSAGES" / "ntm.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        message.id
        for message in _catalog()
        if message.id
        and (
            compiled.gettext(message.id) != message.string
            if isinstance(message.id, str)
            else compiled.ngettext(message.id[0], message.id[1], 1) != message.string[0]
        )
    ]
    assert stale == []


def test_no_translation_is_left_over_from_removed_messages() -> None:
    source = _source_messages()
    assert sorted(_ids(m)[0] for m in _catalog() if m.id and _ids(m)[0] not in source) == []


def test_vietnamese_is_the_default_and_english_is_on_request() -> None:
    from ntm.core.i18n import _, language

    message = "the denominator is 0: a ratio cannot be computed"
    assert _(message) == "mẫu số bằng 0: không tính được tỷ lệ"
    with language("en"):
        assert _(message) == message
