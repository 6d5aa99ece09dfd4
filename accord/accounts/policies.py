"""Who a user is in Accord: the scope their current roles give them.

Every app's policies start from `scope_for(user)`. The scope is computed once per
request (one query) and cached on the user object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accord.core.access import Area
from accord.core.models import PersonalDataAccess

from .models import AuthToken, Role, RoleAssignment, User

_CACHE_ATTR = "_accord_scope"


@dataclass(frozen=True)
class Scope:
    """What a user's current roles cover."""

    program_wide: bool = False
    region_ids: frozenset[int] = field(default_factory=frozenset)
    # The privacy officer reads every person's record and the access log, and changes nothing
    # else: the role opens the back office without the ministry's powers (decision 18).
    privacy_officer: bool = False

    @property
    def is_staff(self) -> bool:
        """Ministry or regional-office staff: may open the back office."""
        return self.program_wide or bool(self.region_ids)

    def covers_region(self, region_id: int | None) -> bool:
        return self.program_wide or (region_id is not None and region_id in self.region_ids)

    def covers_any_region(self, region_ids: set[int] | frozenset[int]) -> bool:
        return self.program_wide or bool(self.region_ids & set(region_ids))


NO_SCOPE = Scope()


def scope_for(user: Any) -> Scope:
    """The scope of the user's current role assignments; superusers cover the whole program."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    program_wide = bool(user.is_superuser)
    region_ids: set[int] = set()
    privacy_officer = False
    for role, region_id in RoleAssignment.objects.current().filter(user=user).values_list("role", "region_id"):
        if role == Role.MINISTRY:
            program_wide = True
        elif role == Role.PRIVACY_OFFICER:
            privacy_officer = True
        elif region_id is not None:
            region_ids.add(region_id)
    scope = Scope(program_wide=program_wide, region_ids=frozenset(region_ids), privacy_officer=privacy_officer)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the user's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def can_access_backoffice(user: Any) -> bool:
    """Staff with a current role (or a superuser) and the privacy officer may open the back office."""
    scope = scope_for(user)
    return scope.is_staff or scope.privacy_officer


#: The back office's gate (accounts and the registry), for its pages and its API.
BACKOFFICE = Area(can_access_backoffice, _("The back office is for ministry and regional-office staff."))


def can_oversee_privacy(user: Any) -> bool:
    """The privacy officer and the ministry read the access log, export and anonymise people (Law 25)."""
    scope = scope_for(user)
    return scope.privacy_officer or scope.program_wide


#: The privacy pages' gate (the access log), for the privacy officer and the ministry.
PRIVACY = Area(can_oversee_privacy, _("The access log is for the privacy officer and the ministry."))


def visible_access_log(user: Any) -> QuerySet[PersonalDataAccess]:
    """The log of access to personal information: all of it for the privacy officer and the ministry."""
    if can_oversee_privacy(user):
        return PersonalDataAccess.objects.all()
    return PersonalDataAccess.objects.none()


def can_manage_users(user: Any) -> bool:
    """Only ministry staff create accounts and grant roles."""
    return scope_for(user).program_wide


def can_invite_people(user: Any) -> bool:
    """Ministry and regional-office staff invite people of the registry (committee members, carriers' contacts).

    An invitation opens an account with no role: what it may see follows from the person's
    mandates and affiliations of the day, which staff already manage.
    """
    return scope_for(user).is_staff


def visible_users(user: Any) -> QuerySet[User]:
    """Accounts the user may see in the back office: all of them for ministry staff."""
    if can_manage_users(user):
        return User.objects.all()
    return User.objects.none()


def requires_second_factor(user: Any) -> bool:
    """Who holds powers over the program's money or its servers signs in with a second factor.

    Ministry and regional-office staff and the privacy officer, who reads everyone's personal
    information (today's roles: a role that ended no longer requires it), and technical
    administrators (`is_staff`, superusers), while the setting
    `ACCORD_REQUIRE_SECOND_FACTOR` is on (it is by default). Everyone else may add one.
    """
    if not settings.ACCORD_REQUIRE_SECOND_FACTOR:
        return False
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    scope = scope_for(user)
    return bool(user.is_staff or user.is_superuser or scope.is_staff or scope.privacy_officer)


def can_manage_second_factors(user: Any, owner: Any) -> bool:
    """A second factor is added and removed by the account's owner, signed in, and no one else."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.pk == owner.pk)


def is_technical_admin(user: Any) -> bool:
    """May open /admin/: `is_staff` or a superuser, an active account."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and (user.is_staff or user.is_superuser))


def can_reset_second_factors(user: Any) -> bool:
    """Whether the user may reset anyone's second factor at all: ministry staff and technical admins."""
    return is_technical_admin(user) or scope_for(user).program_wide


def can_reset_second_factor(actor: Any, owner: Any) -> bool:
    """Who may take every second factor off someone else's account (they lost their phone or key).

    The technical administrator may for anyone; ministry staff for regional-office staff and
    ministry colleagues, but not for a technical administrator (whose account opens
    /admin/). Nobody resets their own: they remove their devices on their account page.
    """
    if not can_reset_second_factors(actor) or actor.pk == owner.pk:
        return False
    if is_technical_admin(actor):
        return True
    if owner.is_staff or owner.is_superuser:
        return False
    return scope_for(owner).is_staff


def second_factor_resettable_users(actor: Any) -> QuerySet[User]:
    """The accounts whose second factor the actor may reset (`can_reset_second_factor`), as a queryset."""
    if not can_reset_second_factors(actor):
        return User.objects.none()
    others = User.objects.exclude(pk=actor.pk)
    if is_technical_admin(actor):
        return others
    staff = RoleAssignment.objects.current().values("user_id")
    return others.filter(is_staff=False, is_superuser=False, pk__in=staff)


def visible_api_tokens(user: Any) -> QuerySet[AuthToken]:
    """A user sees their own API tokens, and no one else's (not even ministry staff)."""
    if user is None or not user.is_authenticated:
        return AuthToken.objects.none()
    return AuthToken.objects.filter(user=user)


def can_manage_api_tokens(actor: Any, owner: Any) -> bool:
    """An API token is issued to and revoked by its owner only, an active account."""
    return bool(getattr(actor, "is_authenticated", False) and actor.is_active and actor.pk == owner.pk)
