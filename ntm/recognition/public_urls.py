"""The communes' public pages, under ``/cong-khai/`` (``config/urls.py``); no login."""

from django.urls import path

from ntm.recognition import public_views

app_name = "recognition_public"

urlpatterns = [
    path("<str:code>/", public_views.public_commune, name="commune"),
]
