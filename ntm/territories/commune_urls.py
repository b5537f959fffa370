"""The commune's own units (its hamlets), under /xa/<code>/."""

from django.urls import path

from ntm.territories import hamlet_views

app_name = "hamlets"

urlpatterns = [
    path("<str:code>/xom/", hamlet_views.hamlet_page, name="list"),
]
