from django.urls import path

from ntm.audit import views

app_name = "audit"

urlpatterns = [
    path("<str:code>/", views.audit_list, name="list"),
]
