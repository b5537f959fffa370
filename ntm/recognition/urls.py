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
    path(
        "<str:code>/cong-nhan/<int:dossier_id>/hai-long/tep/",
        views.dossier_survey_file,
        name="survey_file",
    ),
    path("<str:code>/cong-nhan/<int:dossier_id>/ho-so.zip", views.dossier_zip, name="zip"),
    path("<str:code>/cong-nhan/khao-sat-hai-long.xlsx", views.survey_xlsform, name="xlsform"),
]
