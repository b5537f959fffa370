"""A user's roles: each a role in one administrative unit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.common.models import BaseModel


class Role(models.TextChoices):
    """What a user may do, in the unit of the membership."""

    PROVINCE_COORDINATOR = "province_coordinator", _("province coordinator")
    PROVINCE_APPRAISER = "province_appraiser", _("province appraiser")
    DISTRICT_VERIFIER = "district_verifier", _("district verifier")
    COMMUNE_OFFICER = "commune_officer", _("commune NTM officer")
    COMMUNE_OFFICIAL = "commune_official", _("commune official")
    HAMLET_HEAD = "hamlet_head", _("hamlet head")
    VIEWER = "viewer", _("viewer")


class Membership(BaseModel):
    """A role of a user in a unit.

    - province coordinator: a province; reads every commune of it, verifies dossiers (from
      1/7/2025), records recognition decisions and reopens;
    - province appraiser: a province; reads its communes, appraises dossiers (the council);
    - district verifier: a district (until 30/6/2025); reads its communes, verifies dossiers;
    - commune NTM officer: a commune; everything on that commune;
    - commune official: a commune; reads it, and changes the criteria in ``criteria`` and
      the tasks of ``position`` (a plan position code, e.g. "cong-chuc-van-hoa-xa-hoi");
    - hamlet head: a hamlet; reads its commune, changes the hamlet's data;
    - viewer: a commune or a province; reads only.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    unit = models.ForeignKey("territories.Unit", on_delete=models.PROTECT, related_name="members")
    position = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=200, blank=True)
    criteria = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.unit}"
