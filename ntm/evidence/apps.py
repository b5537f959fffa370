from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "ntm.evidence"
    label = "evidence"
