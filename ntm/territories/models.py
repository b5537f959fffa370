"""Administrative units, keyed by official code, never by name (two communes can share one)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.common.models import BaseModel

#: The day districts ended and communes merged (Nghị quyết 202/2025/QH15 and the
#: resolutions of the Standing Committee of the National Assembly on each province).
MERGER_DATE = datetime.date(2025, 7, 1)


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")
    HAMLET = "hamlet", _("hamlet")


class Unit(BaseModel):
    """An administrative unit.

    ``code`` is the official code (mã đơn vị hành chính: "19" Thái Nguyên, "167" huyện Định
    Hóa, "05560" xã Phúc Chu); a hamlet's code is its commune's followed by its own number
    ("05560-07"), as hamlets have no national code. A unit is valid from ``valid_from``
    (``None``: before records) until ``valid_to`` (exclusive; ``None``: still valid).
    ``successors`` are the units it merged into. ``province`` is the province responsible
    for the unit today: for a commune that ended on 1 July 2025, the merged province that
    took it over (its ``parent`` keeps the old district).
    """

    kind = models.CharField(max_length=16, choices=UnitKind.choices)
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    type_name = models.CharField(max_length=32, blank=True)  # "Xã", "Phường", "Huyện"…
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors"
    )
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        # The 2025 merger reused old codes for new communes (xã Định Hóa took 05569 of
        # thị trấn Chợ Chu): a code is unique among current units and within a period.
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"],
                condition=models.Q(valid_to__isnull=True),
                name="unit_current_code_unique",
            ),
            models.UniqueConstraint(
                fields=["kind", "code", "valid_to"], name="unit_code_period_unique"
            ),
        ]
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """ "Xã Phúc Chu" (the type and the name)."""
        return f"{self.type_name} {self.name}".strip()

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def url_key(self) -> str:
        """The unit in URLs: its code while it is current; for a unit that has ended, its
        code and end date ("05569~20250701"), because the 2025 merger gave some old codes
        to new communes (see :func:`ntm.territories.selectors.commune_by_url_key`)."""
        if self.valid_to is None:
            return self.code
        return f"{self.code}~{self.valid_to:%Y%m%d}"
