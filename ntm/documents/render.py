"""Render a docxtpl template with a context, and the body paragraphs the templates loop over.

The templates (``ntm/documents/templates/*.docx``, made by :mod:`ntm.documents.layout`)
take the header's facts, ``blocks`` (the body: a list of :class:`Block`, each with a kind
that picks its paragraph style) and the signature's. Text is escaped: an ampersand or an
angle bracket in a plan's text is written as itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _
from ntm.core.io.os_errors import os_reason

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
    """Render ``template`` (the bytes of a shipped template, or the path of a user's) with
    ``context``.

    A user's template is rendered in Jinja2's sandbox: its tags can use the context, not
    Python (no ``__globals__``, no file access), and no include or import.

    Returns:
        The DOCX as bytes.

    Raises:
        InputError: a user's template is not a DOCX, or its tags are broken or fail (the
            message names the file and says what Jinja2 or the DOCX reader reports).
    """
    if isinstance(template, bytes):
        return _render(DocxTemplate(io.BytesIO(template)), context)
    where = Location(file=template)
    try:
        document = DocxTemplate(Path(template))
        document.init_docx()
    except OSError as error:
        raise InputError(
            _("cannot read the file: {reason}").format(reason=os_reason(error)), where
        ) from None
    except Exception:  # python-docx raises many kinds on a file that is not a DOCX
        raise InputError(_("not a Word document (.docx)"), where) from None
    if not _has_tags(document):
        raise InputError(
            _(
                "the template has no tags ({{ … }}, {%p … %}), so the document would "
                "hold nothing of the plan; start from a copy of the shipped template"
            ),
            where,
        )
    try:
        return _render(document, context)
    except TemplateError as error:
        raise InputError(
            _("the template's tags are wrong: {reason}").format(reason=error), where
        ) from None
    except Exception as error:  # a user's template may fail in any way: report, never crash
        raise InputError(
            _("the template cannot be rendered: {reason}").format(
                reason=f"{type(error).__name__}: {error}"
            ),
            where,
        ) from None


def _has_tags(document: DocxTemplate) -> bool:
    """Whether the template's body holds a docxtpl tag (a tag may be split across runs,
    so the text of the whole XML is searched)."""
    text = "".join(document.docx.element.body.itertext())
    return "{{" in text or "{%" in text


def _render(document: DocxTemplate, context: dict[str, Any]) -> bytes:
    environment = SandboxedEnvironment(autoescape=True)
    document.render(context, jinja_env=environment, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
