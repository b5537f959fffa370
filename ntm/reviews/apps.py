from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "ntm.reviews"
    label = "reviews"
