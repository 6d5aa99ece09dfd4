"""Who may see and manage a créneau's events (from today's roles and mandates, decision 13).

- Read: whoever reads the créneau's plans (planning.policies.visible_creneaux): the ministry, a
  regional office for the créneaux of its regions, the members of the créneau's niche committee.
- Manage (create, edit, mark held, cancel): whoever writes the créneau's plans
  (planning.policies.can_edit_plans): the ministry, the regional office of one of its regions, the
  coordinator of its niche committee. Events serve the plan's actions: the same people keep both.
- The public site (decision 48): everyone sees the events open to the public; a members-only event
  is seen, and registered to, only by the créneau's members (people affiliated with a member
  organisation) and by those who read its plans (its committee, staff in scope); a 404 for others.
- Registrations (the list, its export, attendance): whoever manages the event.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.core.access import Area
from accord.planning import policies as planning
from accord.registry.models import Creneau

from .models import Event, EventAudience, Registration


def can_access_events(user: Any) -> bool:
    """The events area is the plans area's people: staff, and the members of a niche committee."""
    return planning.can_access_planning(user)


#: The events area's gate, for its pages.
EVENTS = Area(
    can_access_events,
    _("Events are for the members of niche committees and for ministry and regional-office staff."),
)


def visible_creneaux(user: Any) -> QuerySet[Creneau]:
    """The créneaux whose events the user may read: those whose plans they read."""
    return planning.visible_creneaux(user)


def visible_events(user: Any) -> QuerySet[Event]:
    """Events of the créneaux the user may read (404 for the others)."""
    if scope_for(user).program_wide:
        return Event.objects.all()
    return Event.objects.filter(creneau__in=visible_creneaux(user))


def can_manage_events(user: Any, creneau: Creneau) -> bool:
    """Create and change a créneau's events: whoever writes its plans."""
    return planning.can_edit_plans(user, creneau)


def can_manage_event(user: Any, event: Event) -> bool:
    """Change this event (edit, mark held, cancel): whoever manages its créneau's events."""
    return can_manage_events(user, event.creneau)


def can_manage_registrations(user: Any, event: Event) -> bool:
    """See who registered, export the list, record who came: whoever manages the event."""
    return can_manage_event(user, event)


def registrations_of(user: Any, event: Event) -> QuerySet[Registration]:
    """The event's registrations, for those who manage it (none for others)."""
    if not can_manage_registrations(user, event):
        return Registration.objects.none()
    return Registration.objects.filter(event=event)


def site_events(user: Any) -> QuerySet[Event]:
    """The events the public site shows the user: every public one, and the members-only events
    of the user's créneaux (planning.policies.member_creneaux, which communication's
    members-only information reads too); the others are a 404."""
    if scope_for(user).program_wide:
        return Event.objects.all()
    condition = Q(audience=EventAudience.PUBLIC)
    if user is not None and user.is_authenticated:
        condition |= Q(audience=EventAudience.MEMBERS, creneau_id__in=list(planning.member_creneaux(user)))
    return Event.objects.filter(condition)


def is_member_of(user: Any, event: Event) -> bool:
    """Whether the user counts as a member of the event's créneau (members-only events)."""
    return scope_for(user).program_wide or event.creneau_id in planning.member_creneaux(user)
