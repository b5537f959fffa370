"""The province's desk, under ``/tinh/`` (``config/urls.py``)."""

from django.urls import path

from ntm.recognition import desk_views

app_name = "recognition_desk"

urlpatterns = [
    path("<str:code>/ho-so/", desk_views.desk_page, name="desk"),
]
