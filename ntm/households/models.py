"""A commune's household register as stored: the households, their members, each import
that wrote them, and the indicators computed from them per hamlet.

The register is one per commune: an import updates households by their code (mã hộ) and
replaces the members of each household it lists; :class:`RegisterImport` records what
each import did, with its reference date, its source and whether its rows are synthetic.
Names and identity numbers are personal data: only the commune's officers see them
(:func:`ntm.users.permissions.can_see_household_names`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ntm.common.models import BaseModel
from ntm.core.households.register import Certificate, HouseStructure, PovertyClass, Sex

__all__ = ["Household", "Person", "RegisterImport", "RegisterResult"]


def _choices(enum: type) -> list[tuple[str, str]]:
    return [(item.value, item.value) for item in enum]  # type: ignore[attr-defined]


class RegisterImport(BaseModel):
    """One import of a commune's register (or one synthetic register stored by
    ``ntm demo-data registers``).

    ``reference_date`` is the date the rows describe; ``source`` says where they come from
    (the commune's review list, a survey…); ``synthetic`` marks made-up rows, which the
    product always labels as such. The counts say what the import did.
    """

    commune = models.ForeignKey(
        "territories.Unit", on_delete=models.PROTECT, related_name="register_imports"
    )
    reference_date = models.DateField()
    source = models.CharField(max_length=500)
    file_name = models.CharField(max_length=255, blank=True)
    synthetic = models.BooleanField(default=False)
    replace = models.BooleanField(default=False)
    households_created = models.PositiveIntegerField(default=0)
    households_updated = models.PositiveIntegerField(default=0)
    households_unchanged = models.PositiveIntegerField(default=0)
    households_removed = models.PositiveIntegerField(default=0)
    persons = models.PositiveIntegerField(default=0)
    review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    readings = models.PositiveSmallIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.commune.code} {self.reference_date.isoformat()}"


class Household(BaseModel):
    """A household (hộ gia đình) of a commune's register, unique by ``code`` in the commune."""

    commune = models.ForeignKey("territories.Unit", on_delete=models.PROTECT, related_name="+")
    hamlet = models.ForeignKey("territories.Unit", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=64)
    head_name = models.CharField(max_length=200)
    id_number = models.CharField(max_length=32, blank=True)
    members = models.PositiveSmallIntegerField()
    structure = models.CharField(max_length=16, choices=_choices(HouseStructure))
    floor_area = models.DecimalField(max_digits=9, decimal_places=2)
    poverty_class = models.CharField(max_length=16, choices=_choices(PovertyClass))
    poverty_year = models.PositiveSmallIntegerField()
    clean_water = models.BooleanField()
    sanitary_latrine = models.BooleanField()
    waste_sorted = models.BooleanField()
    written_by = models.ForeignKey(RegisterImport, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="household_code_unique")
        ]
        indexes = [models.Index(fields=["commune", "hamlet"])]

    def __str__(self) -> str:
        return self.code


class Person(models.Model):
    """A member (nhân khẩu) of a household, in the order the register lists them."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="persons")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200, blank=True)
    id_number = models.CharField(max_length=32, blank=True)
    birth_year = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=8, choices=_choices(Sex))
    working = models.BooleanField()
    trained = models.BooleanField()
    certificate = models.CharField(max_length=16, choices=_choices(Certificate))
    health_insurance = models.BooleanField()

    class Meta:
        ordering = ["household_id", "position"]
        indexes = [models.Index(fields=["household", "position"])]


class RegisterResult(models.Model):
    """One household-based tally computed for a hamlet (or the commune, ``hamlet`` null)
    from the register as an import left it: the counts, never a rounded share."""

    register_import = models.ForeignKey(
        RegisterImport, on_delete=models.CASCADE, related_name="results"
    )
    hamlet = models.ForeignKey(
        "territories.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    tally = models.CharField(max_length=32)
    indicator = models.CharField(max_length=16, blank=True)
    unit = models.CharField(max_length=16)
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField()
    excluded = models.PositiveIntegerField(default=0)
    verified = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
