"""The base model of every table: creation and change times, timezone-aware."""

from django.db import models


class BaseModel(models.Model):
    """Adds ``created_at`` and ``updated_at``."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
