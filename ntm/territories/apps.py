from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "ntm.territories"
    label = "territories"
