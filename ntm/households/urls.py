from django.urls import path

from ntm.households import import_views, views

app_name = "households"

urlpatterns = [
    path("<str:code>/so-ho/", views.register_page, name="register"),
    path("<str:code>/so-ho/nhap/", import_views.import_start, name="import"),
    path("<str:code>/so-ho/nhap/<str:token>/", import_views.import_mapping, name="mapping"),
    path("<str:code>/so-ho/nhap/<str:token>/loi.xlsx", import_views.import_errors, name="errors"),
    path("<str:code>/so-ho/nhap/<str:token>/ghi/", import_views.import_confirm, name="confirm"),
    path("<str:code>/so-ho/tong-hop.xlsx", views.summary_xlsx, name="summary"),
    path("<str:code>/so-ho/nhan-khau.xlsx", views.persons_xlsx, name="persons"),
    path("<str:code>/so-ho/mau.xlsx", views.template_xlsx, name="template"),
    path("<str:code>/so-ho/xlsform.xlsx", views.xlsform, name="xlsform"),
    path(
        "<str:code>/so-ho/xom/<str:hamlet_code>/can-tham.xlsx",
        views.visit_list,
        name="visit_list",
    ),
]
