"""Every message the product shows has a Vietnamese translation, and the compiled catalog
is the one the .po file says: domain "ntm" (the core, the CLI, the documents; Babel) and
domain "django" (the web apps and their templates; Django's makemessages)."""

from __future__ import annotations

import gettext
import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[1]
LOCALE = REPO / "ntm" / "locale"
PLACEHOLDER = re.compile(r"\{(\w+)\}|%\((\w+)\)[sd]")
#: The packages whose messages are in domain "ntm"; every other package of ntm is Django's.
NTM_DOMAIN = ("core", "cli", "documents")
#: {% translate "…" %} and {% trans "…" %} in a template.
TEMPLATE_TAG = re.compile(
    r"""{%\s*(?:translate|trans)\s+"([^"]+)"|{%\s*(?:translate|trans)\s+'([^']+)'"""
)
#: {% blocktranslate … %}…{% endblocktranslate %}, singular part only; its {{ name }}
#: variables are %(name)s in the message id (as makemessages writes them).
BLOCK_TAG = re.compile(
    r"{%\s*(?:blocktranslate|blocktrans)\b[^%]*%}(.*?)(?:{%\s*plural\s*%}.*?)?"
    r"{%\s*(?:endblocktranslate|endblocktrans)\s*%}",
    re.DOTALL,
)
BLOCK_VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")
DOMAINS = ("ntm", "django")


def _source_messages(domain: str = "ntm") -> set[str]:
    """Every message marked in the code of a domain, by its (singular) id."""
    found = set()
    packages = [p for p in (REPO / "ntm").iterdir() if p.is_dir() and p.name != "locale"]
    for package in packages:
        if (package.name in NTM_DOMAIN) != (domain == "ntm"):
            continue
        keywords = {"_": None, "ngettext": (1, 2), "gettext": None, "gettext_lazy": None}
        for _, _, message, _, _ in extract_from_dir(str(package), keywords=keywords):
            found.add(message if isinstance(message, str) else message[0])
        if domain == "django":
            for template in package.rglob("templates/**/*.html"):
                for match in TEMPLATE_TAG.finditer(template.read_text("utf-8")):
                    found.add(match.group(1) or match.group(2))
                for match in BLOCK_TAG.finditer(template.read_text("utf-8")):
                    found.add(BLOCK_VARIABLE.sub(r"%(\1)s", match.group(1)))
    return found


def _catalog(domain: str = "ntm"):
    with (LOCALE / "vi" / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        return read_po(handle, locale="vi")


def _strings(message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def _ids(message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_in_the_code_has_a_vietnamese_translation(domain: str) -> None:
    catalog = _catalog(domain)
    missing = sorted(
        key
        for key in _source_messages(domain)
        if catalog.get(key) is None or not all(_strings(catalog.get(key))) or catalog.get(key).fuzzy
    )
    assert missing == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_the_placeholders_of_their_message(domain: str) -> None:
    wrong = [
        (message.id, message.string)
        for message in _catalog(domain)
        if message.id
        for string in _strings(message)
        if set(PLACEHOLDER.findall(string))
        != set().union(*(set(PLACEHOLDER.findall(text)) for text in _ids(message)))
    ]
    assert wrong == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_are_nfc_vietnamese(domain: str) -> None:
    assert [
        string
        for message in _catalog(domain)
        if message.id
        for string in _strings(message)
        if unicodedata.normalize("NFC", string) != string
    ] == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalog_is_up_to_date_with_the_po_file(domain: str) -> None:
    with (LOCALE / "vi" / "LC_MESSAGES" / f"{domain}.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        message.id
        for message in _catalog(domain)
        if message.id
        and (
            compiled.gettext(message.id) != message.string
            if isinstance(message.id, str)
            else compiled.ngettext(message.id[0], message.id[1], 1) != message.string[0]
        )
    ]
    assert stale == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_translation_is_left_over_from_removed_messages(domain: str) -> None:
    source = _source_messages(domain)
    assert sorted(_ids(m)[0] for m in _catalog(domain) if m.id and _ids(m)[0] not in source) == []


def test_vietnamese_is_the_default_and_english_is_on_request() -> None:
    from ntm.core.i18n import _, language

    message = "the denominator is 0: a ratio cannot be computed"
    assert _(message) == "mẫu số bằng 0: không tính được tỷ lệ"
    with language("en"):
        assert _(message) == message
