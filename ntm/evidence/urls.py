from django.urls import path

from ntm.evidence import views

app_name = "evidence"

urlpatterns = [
    path("<str:code>/<int:year>/minh-chung/", views.dossier, name="list"),
    path("<str:code>/<int:year>/minh-chung/<int:pk>/tai-ve/", views.download, name="download"),
    path("<str:code>/<int:year>/tieu-chi/<int:number>/minh-chung/", views.panel, name="panel"),
    path(
        "<str:code>/<int:year>/tieu-chi/<int:number>/minh-chung/tai-len/",
        views.upload,
        name="upload",
    ),
]
