from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ntm.plans"
    label = "plans"
