"""Who may see and change what. Every view, download and export calls one of these on the
server before it touches a commune's data; a refusal raises ``PermissionDenied`` (403)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from ntm.core.text import vietnamese_sort_key
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Membership, Role

AnyUser = User | AnonymousUser

#: The roles a membership of a province gives over its communes.
_PROVINCE_ROLES = (Role.PROVINCE_COORDINATOR, Role.PROVINCE_APPRAISER, Role.VIEWER)

#: The roles a membership of a district gives over its communes (until 30/6/2025).
_DISTRICT_ROLES = (Role.DISTRICT_VERIFIER,)


def _memberships(user: AnyUser) -> list[Membership]:
    if not user.is_authenticated:
        return []
    # Cached on the request's user object: one query per request, however many checks.
    cached: list[Membership] | None = getattr(user, "_ntm_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit", "unit__parent"))
        setattr(user, "_ntm_memberships", cached)  # noqa: B010
    return cached


def _commune_of(unit: Unit) -> Unit | None:
    if unit.kind == UnitKind.COMMUNE:
        return unit
    if unit.kind == UnitKind.HAMLET:
        return unit.parent
    return None


def roles_in(user: AnyUser, commune: Unit) -> set[str]:
    """The roles the user holds over a commune: directly, through its hamlet, through its
    province (coordinators, appraisers and province viewers) or through its district
    (district verifiers, for the communes of the old map)."""
    roles: set[str] = set()
    for membership in _memberships(user):
        unit = membership.unit
        if unit.kind == UnitKind.PROVINCE:
            # At a province, only the province's roles count: a commune role held there
            # by mistake gives nothing in the communes.
            if commune.province_id == unit.id and membership.role in _PROVINCE_ROLES:
                roles.add(membership.role)
        elif unit.kind == UnitKind.DISTRICT:
            if commune.parent_id == unit.id and membership.role in _DISTRICT_ROLES:
                roles.add(membership.role)
        elif _commune_of(unit) is not None and _commune_of(unit).id == commune.id:  # type: ignore[union-attr]
            roles.add(membership.role)
    return roles


def can_view_commune(user: AnyUser, commune: Unit) -> bool:
    """Anyone with a role in the commune, its hamlets or its province."""
    return bool(roles_in(user, commune))


def require_view_commune(user: AnyUser, commune: Unit) -> None:
    """Raise ``PermissionDenied`` unless :func:`can_view_commune`."""
    if not can_view_commune(user, commune):
        raise PermissionDenied


def is_commune_officer(user: AnyUser, commune: Unit) -> bool:
    """The commune's NTM officer: may change everything of the commune."""
    return Role.COMMUNE_OFFICER in roles_in(user, commune)


def criteria_user_may_edit(user: AnyUser, commune: Unit) -> set[int] | None:
    """The criteria whose readings the user may change: ``None`` for all (the officer),
    the assigned ones for an official, none for everyone else."""
    if is_commune_officer(user, commune):
        return None
    allowed: set[int] = set()
    for membership in _memberships(user):
        if membership.role == Role.COMMUNE_OFFICIAL and membership.unit_id == commune.id:
            allowed.update(int(number) for number in membership.criteria)
    return allowed


def can_edit_criterion(user: AnyUser, commune: Unit, criterion: int) -> bool:
    """Whether the user may enter readings for that criterion of the commune."""
    allowed = criteria_user_may_edit(user, commune)
    return allowed is None or criterion in allowed


def require_edit_criterion(user: AnyUser, commune: Unit, criterion: int) -> None:
    if not can_edit_criterion(user, commune, criterion):
        raise PermissionDenied


def can_reopen_review(user: AnyUser, commune: Unit) -> bool:
    """A submitted review is reopened by the level above: the province's coordinator."""
    return Role.PROVINCE_COORDINATOR in roles_in(user, commune)


def can_record_recognition(user: AnyUser, commune: Unit) -> bool:
    """A recognition from before the product is recorded by the province's coordinator."""
    return Role.PROVINCE_COORDINATOR in roles_in(user, commune)


def can_update_task(user: AnyUser, commune: Unit, position: str) -> bool:
    """The commune's NTM officer updates every task of its plans; a commune official
    updates the tasks of the plan position they hold ("cong-chuc-van-hoa-xa-hoi")."""
    if is_commune_officer(user, commune):
        return True
    return Role.COMMUNE_OFFICIAL in roles_in(user, commune) and position in positions_of(
        user, commune
    )


def can_see_household_names(user: AnyUser, commune: Unit) -> bool:
    """Names and identity numbers of the household register are personal data (NĐ
    13/2023/NĐ-CP on personal data protection [M]): only the commune's NTM officer sees
    them (the visit lists they hand to hamlet heads, the person rows with names). Everyone
    else who may see the commune sees counts."""
    return is_commune_officer(user, commune)


def require_household_names(user: AnyUser, commune: Unit) -> None:
    """Raise ``PermissionDenied`` unless :func:`can_see_household_names`."""
    if not can_see_household_names(user, commune):
        raise PermissionDenied


def require_commune_officer(user: AnyUser, commune: Unit) -> None:
    if not is_commune_officer(user, commune):
        raise PermissionDenied


def positions_of(user: AnyUser, commune: Unit) -> set[str]:
    """The plan positions the user holds in the commune (for "my tasks")."""
    return {
        m.position
        for m in _memberships(user)
        if m.position and _commune_of(m.unit) is not None and _commune_of(m.unit).id == commune.id  # type: ignore[union-attr]
    }


def province_coordinated(user: AnyUser, province: Unit) -> bool:
    """Province coordinators, appraisers and province viewers see the province's pages."""
    return any(m.unit_id == province.id and m.role in _PROVINCE_ROLES for m in _memberships(user))


def acting_roles(user: AnyUser, commune: Unit) -> list[tuple[str, str, str]]:
    """The ways the user may act on a commune's recognition dossier: (role, level, unit
    code) for each membership that concerns it, e.g. ``("commune_officer", "commune",
    "05560")``, ``("province_appraiser", "province", "19")``, ``("district_verifier",
    "district", "167")``. Which of them a step accepts is the workflow's business
    (:func:`ntm.core.recognition.workflow.apply`)."""
    acting: list[tuple[str, str, str]] = []
    for membership in _memberships(user):
        unit = membership.unit
        if unit.kind == UnitKind.PROVINCE:
            if commune.province_id == unit.id and membership.role in _PROVINCE_ROLES:
                acting.append((membership.role, "province", unit.code))
        elif unit.kind == UnitKind.DISTRICT:
            if commune.parent_id == unit.id and membership.role in _DISTRICT_ROLES:
                acting.append((membership.role, "district", unit.code))
        elif unit.kind == UnitKind.COMMUNE and unit.id == commune.id:
            acting.append((membership.role, "commune", unit.code))
    return acting


def require_province(user: AnyUser, province: Unit) -> None:
    if not province_coordinated(user, province):
        raise PermissionDenied


def communes_visible(user: AnyUser) -> QuerySet[Unit]:
    """Every commune the user may see (the home page lists them)."""
    ids: set[int] = set()
    provinces: list[int] = []
    districts: list[int] = []
    for membership in _memberships(user):
        unit = membership.unit
        if unit.kind == UnitKind.PROVINCE:
            if membership.role in _PROVINCE_ROLES:
                provinces.append(unit.id)
        elif unit.kind == UnitKind.DISTRICT:
            if membership.role in _DISTRICT_ROLES:
                districts.append(unit.id)
        else:
            commune = _commune_of(unit)
            if commune is not None:
                ids.add(commune.id)
    # A province's communes are today's and those that ended in the 2025 merger: the
    # history (the 2024 reviews) belongs to the communes that held it.
    return (
        Unit.objects.filter(kind=UnitKind.COMMUNE).filter(pk__in=ids)
        | Unit.objects.filter(kind=UnitKind.COMMUNE, province_id__in=provinces)
        | Unit.objects.filter(kind=UnitKind.COMMUNE, parent_id__in=districts)
    )


def communes_of_memberships(user: AnyUser) -> list[Unit]:
    """The communes the user holds a role in directly (or through a hamlet): the menu's."""
    communes = {c.pk: c for m in _memberships(user) if (c := _commune_of(m.unit)) is not None}
    return sorted(communes.values(), key=lambda unit: vietnamese_sort_key(unit.name))


def provinces_visible(user: AnyUser) -> Iterable[Unit]:
    return [
        m.unit
        for m in _memberships(user)
        if m.unit.kind == UnitKind.PROVINCE and m.role in _PROVINCE_ROLES
    ]
