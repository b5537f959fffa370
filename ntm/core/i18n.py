"""Translation of user-facing text: Vietnamese first, English second.

Messages are written in English in the code, marked with :func:`_`, and translated from
the gettext catalog ``ntm/locale/<lang>/LC_MESSAGES/ntm.mo`` (compiled from ``ntm.po`` by
``make messages``). The language is a context variable, so a web request or a command
sets it for its own work only::

    with language("en"):
        ...

The default is Vietnamese. Placeholders are named and filled after translation, so a
translator can move them: ``_("indicator {code} appears twice").format(code=code)``.
Django's own translation machinery takes over for templates in the web application;
this module serves the Django-free core.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "_", "active_language", "language", "ngettext"]

#: The languages the product speaks, first the default.
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_active: ContextVar[str] = ContextVar("ntm_language", default=DEFAULT_LANGUAGE)


@cache
def _translations(code: str) -> gettext.NullTranslations:
    if code == "en":
        return gettext.NullTranslations()  # the messages are written in English
    localedir = resources.files("ntm").joinpath("locale")
    return gettext.translation("ntm", localedir=str(localedir), languages=[code])


def _(message: str) -> str:
    """Translate ``message`` into the active language.

    Raises:
        FileNotFoundError: the catalog of the active language is missing (a packaging bug).
    """
    return _translations(_active.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose form depends on ``count``."""
    return _translations(_active.get()).ngettext(singular, plural, count)


def active_language() -> str:
    """The language in force: "vi" or "en"."""
    return _active.get()


@contextmanager
def language(code: str) -> Iterator[None]:
    """Speak ``code`` ("vi" or "en") inside the block.

    Raises:
        ValueError: an unknown language code.
    """
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; ntm speaks {', '.join(LANGUAGES)}")
    token = _active.set(code)
    try:
        yield
    finally:
        _active.reset(token)
