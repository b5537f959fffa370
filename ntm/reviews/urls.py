from django.urls import path

from ntm.reviews import views

app_name = "reviews"

urlpatterns = [
    path("<str:code>/", views.dashboard, name="dashboard"),
    path("<str:code>/<int:year>/tieu-chi/<int:number>/", views.criterion_page, name="criterion"),
    path(
        "<str:code>/<int:year>/tieu-chi/<int:number>/ghi/",
        views.reading_save,
        name="reading_save",
    ),
    path(
        "<str:code>/<int:year>/tieu-chi/<int:number>/xem-truoc/",
        views.reading_preview_view,
        name="reading_preview",
    ),
    path("<str:code>/<int:year>/nop/", views.review_submit_view, name="submit"),
    path("<str:code>/<int:year>/mo-lai/", views.review_reopen_view, name="reopen"),
    path("<str:code>/<int:year>/nam-sau/", views.review_carry_forward_view, name="carry_forward"),
]
