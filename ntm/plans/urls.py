from django.urls import path

from ntm.plans import views

app_name = "plans"

urlpatterns = [
    path("<str:code>/<int:year>/ke-hoach/", views.placeholder, name="plan"),
]
