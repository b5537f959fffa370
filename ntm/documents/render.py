"""Render a docxtpl template with a context, and the body paragraphs the templates loop over.

The templates (``ntm/documents/templates/*.docx``, made by :mod:`ntm.documents.layout`)
take the header's facts, ``blocks`` (the body: a list of :class:`Block`, each with a kind
that picks its paragraph style) and the signature's. Text is escaped: an ampersand or an
angle bracket in a plan's text is written as itself.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _

__all__ = ["Block", "end_sentence", "render_template", "shipped_template"]

#: What ends a body paragraph of an administrative document; others get a full stop.
_ENDINGS = (".", ";", ":", "!", "?", "./.")


@dataclass(frozen=True)
class Block:
    """One body paragraph: ``kind`` is h1 (I., II.), h2 (1., 2.), h3 (a lead line such as
    "- Các tiêu chí chưa đạt gồm 11 tiêu chí:"), body, item (a list entry), criterion (the
    italic "* Tiêu chí số 9 - …" line); ``text`` is its text."""

    kind: str
    text: str


def end_sentence(text: str) -> str:
    """The paragraph with a full stop added when it ends without punctuation.

    A body paragraph ends with ".", ";" or ":" (NĐ 30/2020, Phụ lục I: the content is
    written in sentences); the seed's "… hoàn thiện hồ sơ tiêu chí vào tháng 12 năm 2024"
    gets its full stop.
    """
    stripped = " ".join(text.split())
    return stripped if stripped.endswith(_ENDINGS) else stripped + "."


def shipped_template(name: str) -> bytes:
    """The bytes of a shipped template: "ke-hoach.docx" or "bao-cao.docx"."""
    return resources.files("ntm.documents").joinpath(f"templates/{name}").read_bytes()


def render_template(template: bytes | str, context: dict[str, Any]) -> bytes:
    """Render ``template`` (bytes, or the path of a user's template) with ``context``.

    Returns:
        The DOCX as bytes.

    Raises:
        InputError: the template is not a DOCX, or its tags are broken (the message says
            which file and what Jinja2 reports).
    """
    name = "<template>" if isinstance(template, bytes) else template
    try:
        source = io.BytesIO(template) if isinstance(template, bytes) else Path(template)
        document = DocxTemplate(source)
        document.render(context, autoescape=True)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InputError(
            _("not a Word document (.docx): {reason}").format(reason=error), Location(file=name)
        ) from None
    except OSError as error:
        raise InputError(
            _("cannot read the file: {reason}").format(reason=error.strerror), Location(file=name)
        ) from None
    except TemplateError as error:
        raise InputError(
            _("the template's tags are wrong: {reason}").format(reason=error), Location(file=name)
        ) from None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
