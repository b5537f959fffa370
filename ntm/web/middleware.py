"""The request's language: Vietnamese unless the user chose English, and the core's
messages in it too."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from ntm.core.i18n import LANGUAGES, language


def chosen_language(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Vietnamese first: the language is the one the user chose with the language menu
    (Django's language cookie), else Vietnamese, whatever the browser's language; a
    shared office PC often has an English browser."""
    available = {code for code, _name in settings.LANGUAGES}

    def middleware(request: HttpRequest) -> HttpResponse:
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        code = code if code in available else settings.LANGUAGE_CODE
        with translation.override(code):
            request.LANGUAGE_CODE = code
            response = get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response

    return middleware


def core_language(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """The core's messages (``ntm.core.i18n``) follow Django's active language."""

    def middleware(request: HttpRequest) -> HttpResponse:
        code = (translation.get_language() or "vi")[:2]
        with language(code if code in LANGUAGES else "vi"):
            return get_response(request)

    return middleware
