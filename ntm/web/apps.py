from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ntm.web"
    label = "web"

    def ready(self) -> None:
        from ntm.web import checks  # noqa: F401  (registers the deployment checks)
