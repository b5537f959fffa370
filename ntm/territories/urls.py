from django.urls import path

from ntm.territories import views

app_name = "territories"

urlpatterns = [
    path("<str:code>/", views.province_page, name="province"),
    path("<str:code>/xuat.xlsx", views.province_xlsx, name="province_xlsx"),
]
