"""Who may see and change the plans of a créneau (from today's roles and mandates, decision 13).

- Read: the ministry; a regional office for the créneaux of its regions; the members of the
  créneau's niche committee (current mandates).
- Write: the ministry; the regional office of one of the créneau's regions; the coordinator of
  the créneau's niche committee (the holder of its coordinator mandate, decision 23). The same
  people compose the annual programmes and submit a plan or a programme to the committee.
- Record an adoption decided outside Accord: the ministry and the regional offices only; the
  coordinator submits the plan to the committee, which decides (decision 36).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.core.access import Area
from accord.governance.models import MandateRole
from accord.governance.policies import niche_roles
from accord.registry.models import Creneau, CreneauRegion, Membership

from .models import Action, Axis, Objective, Plan, Priority, Programme


def can_access_planning(user: Any) -> bool:
    """Staff, and the members of a niche committee, have a plans area."""
    return scope_for(user).is_staff or bool(niche_roles(user))


#: The plans area's gate, for its pages and its API.
PLANNING = Area(
    can_access_planning,
    _("Plans are for the members of niche committees and for ministry and regional-office staff."),
)


def visible_creneaux(user: Any) -> QuerySet[Creneau]:
    """The créneaux whose plans the user may read."""
    scope = scope_for(user)
    if scope.program_wide:
        return Creneau.objects.all()
    condition = Q(pk__in=list(niche_roles(user)))
    if scope.region_ids:
        condition |= Q(pk__in=CreneauRegion.objects.filter(region_id__in=scope.region_ids).values("creneau_id"))
    return Creneau.objects.filter(condition)


_MEMBER_ATTR = "_accord_member_creneaux"


def member_creneaux(user: Any) -> frozenset[int]:
    """The créneaux the user counts as a member of: those of an organisation member of the créneau
    that the user's person is affiliated with, and those whose plans the user reads (its committee,
    staff in scope: visible_creneaux). Read once per request (kept on the user object).

    The events' members-only events and communication's members-only information both read it, so
    one créneau has one set of members. The ministry reads every créneau's without this list."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _MEMBER_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    person_id: int | None = getattr(user, "person_id", None)
    condition = Q(pk__in=visible_creneaux(user).values("pk"))
    if person_id is not None:
        memberships = Membership.objects.filter(organisation__affiliations__person_id=person_id)
        condition |= Q(pk__in=memberships.values("creneau_id"))
    found = frozenset(Creneau.objects.filter(condition).values_list("pk", flat=True))
    setattr(user, _MEMBER_ATTR, found)
    return found


def visible_plans(user: Any) -> QuerySet[Plan]:
    """Plans of the créneaux the user may read (404 for the others)."""
    if scope_for(user).program_wide:
        return Plan.objects.all()
    return Plan.objects.filter(creneau__in=visible_creneaux(user))


def visible_axes(user: Any) -> QuerySet[Axis]:
    """Axes of the plans the user may read."""
    return Axis.objects.filter(plan__in=visible_plans(user))


def visible_objectives(user: Any) -> QuerySet[Objective]:
    """Objectives of the plans the user may read."""
    return Objective.objects.filter(axis__plan__in=visible_plans(user))


def visible_actions(user: Any) -> QuerySet[Action]:
    """Actions of the plans the user may read."""
    return Action.objects.filter(objective__axis__plan__in=visible_plans(user))


def visible_programmes(user: Any) -> QuerySet[Programme]:
    """Annual programmes of the plans the user may read."""
    return Programme.objects.filter(plan__in=visible_plans(user))


def visible_priorities(user: Any) -> QuerySet[Priority]:
    """Priorities of the programmes the user may read."""
    return Priority.objects.filter(programme__plan__in=visible_plans(user))


def can_edit_plans(user: Any, creneau: Creneau) -> bool:
    """Write a créneau's plans (create, edit, adopt, their axes, objectives and actions): the ministry,
    the regional office of one of its regions, the coordinator of its niche committee."""
    scope = scope_for(user)
    if scope.program_wide:
        return True
    if MandateRole.COORDINATOR in niche_roles(user).get(creneau.pk, frozenset()):
        return True
    if not scope.region_ids:
        return False
    return CreneauRegion.objects.filter(creneau_id=creneau.pk, region_id__in=scope.region_ids).exists()


def can_edit_plan(user: Any, plan: Plan) -> bool:
    """Change the plan and what it holds: whoever may write its créneau's plans."""
    return can_edit_plans(user, plan.creneau)


def can_record_adoption(user: Any, plan: Plan) -> bool:
    """Record an adoption the committee decided outside Accord: ministry and regional-office staff who
    write the plan's créneau's plans; a coordinator submits the plan to the committee instead."""
    return scope_for(user).is_staff and can_edit_plan(user, plan)
