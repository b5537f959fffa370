"""Views of this app (being built)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


@login_required
def placeholder(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
