from django.urls import path

from ntm.evidence import views

app_name = "evidence"

urlpatterns = [
    path("<str:code>/<int:year>/minh-chung/", views.placeholder, name="list"),
]
