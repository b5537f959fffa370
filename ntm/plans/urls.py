from django.urls import path

from ntm.plans import views

app_name = "plans"

urlpatterns = [
    path("<str:code>/<int:year>/ke-hoach/", views.plan_page, name="plan"),
    path("<str:code>/<int:year>/ke-hoach/ke-hoach.docx", views.plan_docx_view, name="docx"),
    path(
        "<str:code>/<int:year>/ke-hoach/viec/<int:task_id>/",
        views.task_update_view,
        name="task_update",
    ),
    path("<str:code>/viec-cua-toi/", views.my_tasks, name="my_tasks"),
]
