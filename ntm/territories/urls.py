from django.urls import path

from ntm.territories import views

app_name = "territories"

urlpatterns = [
    path("<str:code>/", views.placeholder, name="province"),
]
