from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "ntm.recognition"
    label = "recognition"

    def ready(self) -> None:
        # The revocation watch listens to every change of a review.
        from ntm.recognition import watch  # noqa: F401
