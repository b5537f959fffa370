from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "ntm.users"
    label = "users"
