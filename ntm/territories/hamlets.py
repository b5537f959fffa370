"""Hamlets (thôn, xóm): the commune enters them, as no national list has them.

A hamlet's code is its commune's code, a hyphen and its own number ("05560-07"), so a code
says which commune the hamlet belongs to.
"""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ntm.audit.services import audit_event_record
from ntm.common.errors import Refused
from ntm.territories.models import Unit, UnitKind
from ntm.users.permissions import require_commune_officer

#: The kinds of hamlet a commune enters (the form's list).
HAMLET_KINDS = ("Xóm", "Thôn", "Bản", "Tổ dân phố")

_CODE = re.compile(r"^(?P<commune>\d{5})-(?P<number>\d{1,3})$")


class HamletRefused(Refused):
    """A hamlet that cannot be entered."""


def hamlet_list(commune: Unit) -> list[Unit]:
    return list(Unit.objects.filter(kind=UnitKind.HAMLET, parent=commune).order_by("code"))


@transaction.atomic
def hamlet_create(*, actor: User, commune: Unit, code: str, name: str, type_name: str) -> Unit:
    """Enter a hamlet of ``commune`` (the commune's NTM officer only).

    Raises:
        PermissionDenied: not the commune's officer.
        HamletRefused: a code not of the form "<commune code>-<number>", a code of another
            commune, a code already used, an empty name.
    """
    require_commune_officer(actor, commune)
    code = code.strip()
    name = " ".join(name.split())
    if type_name not in HAMLET_KINDS:
        raise HamletRefused(_("Choose the kind of hamlet from the list."), "type_name")
    if any(ord(character) < 32 for character in code + name):
        raise HamletRefused(_("The text holds a control character; type it again."), "name")
    if len(name) > Unit._meta.get_field("name").max_length:  # type: ignore[operator]
        raise HamletRefused(
            _("Too long: at most %(count)d characters.")
            % {"count": Unit._meta.get_field("name").max_length},
            "name",
        )
    match = _CODE.match(code)
    if match is None:
        raise HamletRefused(
            _("A hamlet's code is the commune's code, a hyphen and a number, e.g. %(example)s.")
            % {"example": f"{commune.code}-07"},
            "code",
        )
    if match["commune"] != commune.code:
        raise HamletRefused(
            _("The code %(code)s belongs to commune %(other)s, not to this commune (%(this)s).")
            % {"code": code, "other": match["commune"], "this": commune.code},
            "code",
        )
    code = f"{commune.code}-{int(match['number']):02d}"
    if Unit.objects.filter(kind=UnitKind.HAMLET, code=code, valid_to__isnull=True).exists():
        raise HamletRefused(_("The code %(code)s is already used.") % {"code": code}, "code")
    if not name:
        raise HamletRefused(_("Write the hamlet's name."), "name")
    try:
        with transaction.atomic():
            hamlet = Unit.objects.create(
                kind=UnitKind.HAMLET,
                code=code,
                name=name,
                type_name=type_name,
                parent=commune,
                province=commune.province,
                source="entered by the commune",
            )
    except IntegrityError:  # entered by someone else at the same moment
        raise HamletRefused(
            _("The code %(code)s is already used.") % {"code": code}, "code"
        ) from None
    audit_event_record(
        actor=actor,
        action="hamlet.create",
        unit=commune,
        target_type="unit",
        target_id=hamlet.pk,
        summary=hamlet.full_name,
        after={"code": code, "name": name},
    )
    return hamlet
