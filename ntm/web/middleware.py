"""Run each request in the request's language for the core's messages too."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from ntm.core.i18n import LANGUAGES, language


def core_language(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """The core's messages (``ntm.core.i18n``) follow Django's active language."""

    def middleware(request: HttpRequest) -> HttpResponse:
        code = (translation.get_language() or "vi")[:2]
        with language(code if code in LANGUAGES else "vi"):
            return get_response(request)

    return middleware
