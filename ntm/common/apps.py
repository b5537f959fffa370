from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "ntm.common"
    label = "common"
