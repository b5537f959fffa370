"""Finding a commune's data from a URL, with the user's scope checked on the server:
every view of a commune starts here."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from ntm.reviews.models import Review
from ntm.reviews.selectors import review_of_year
from ntm.territories.models import Unit
from ntm.territories.selectors import commune_by_url_key
from ntm.users.permissions import require_view_commune

__all__ = ["commune_for", "review_for"]


def commune_for(request: HttpRequest, code: str) -> Unit:
    """The commune named by a URL key (:attr:`Unit.url_key`), if the user may see it:
    404 for an unknown key, 403 for a commune outside the user's scope."""
    commune = commune_by_url_key(code)
    if commune is None:
        raise Http404
    require_view_commune(request.user, commune)
    return commune


def review_for(commune: Unit, year: int, criterion: int | None = None) -> Review:
    """The commune's review of the year (see :func:`review_of_year`); 404 if none."""
    review = review_of_year(commune, year, criterion=criterion)
    if review is None:
        raise Http404
    return review
