"""Deployment checks (``manage.py check --deploy``): the demo's secret key must not serve
real data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

DEMO_SECRET_KEY = "ntm-insecure-development-key-change-me"


@register(Tags.security, deploy=True)
def secret_key_is_not_the_demos(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Warn when ``DJANGO_SECRET_KEY`` was left unset (the demo's key is public)."""
    if settings.SECRET_KEY == DEMO_SECRET_KEY:
        return [
            Warning(
                "DJANGO_SECRET_KEY is not set: the demo's public key signs sessions.",
                hint="Set DJANGO_SECRET_KEY (see .env.example).",
                id="ntm.W001",
            )
        ]
    return []
