"""The URL map: each app's own urls module, under its prefix."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("ntm.web.urls")),
    path("xa/", include("ntm.reviews.urls")),
    path("xa/", include("ntm.plans.urls")),
    path("xa/", include("ntm.evidence.urls")),
    path("xa/", include("ntm.territories.commune_urls")),
    path("xa/", include("ntm.households.urls")),
    path("xa/", include("ntm.recognition.urls")),
    path("tinh/", include("ntm.territories.urls")),
    path("tinh/", include("ntm.recognition.desk_urls")),
    path("cong-khai/", include("ntm.recognition.public_urls")),
    path("nhat-ky/", include("ntm.audit.urls")),
]
