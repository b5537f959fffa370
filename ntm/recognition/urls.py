from django.urls import path

from ntm.recognition import views

app_name = "recognition"

urlpatterns = [
    path("<str:code>/cong-nhan/", views.commune_page, name="commune"),
    path("<str:code>/cong-nhan/mo-ho-so/", views.dossier_open, name="open"),
    path("<str:code>/cong-nhan/cong-khai/", views.publication_view, name="publication"),
    path("<str:code>/cong-nhan/<int:dossier_id>/", views.dossier_page, name="dossier"),
    path("<str:code>/cong-nhan/<int:dossier_id>/thao-tac/", views.dossier_action, name="action"),
    path("<str:code>/cong-nhan/<int:dossier_id>/thong-tin/", views.dossier_facts, name="facts"),
    path("<str:code>/cong-nhan/<int:dossier_id>/hai-long/", views.dossier_survey, name="survey"),
]
