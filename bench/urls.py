"""The URL map of the web benchmark: the product's (``config.urls``) and a trivial view.

The trivial view goes through the same server and middleware as the product's pages and
returns "ok": the baseline that ``bench/web.py`` measures in the same run.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("config.urls")),
]
