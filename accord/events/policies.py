"""Who may see and manage a créneau's events (from today's roles and mandates, decision 13).

- Read: whoever reads the créneau's plans (planning.policies.visible_creneaux): the ministry, a
  regional office for the créneaux of its regions, the members of the créneau's niche committee.
- Manage (create, edit, mark held, cancel): whoever writes the créneau's plans
  (planning.policies.can_edit_plans): the ministry, the regional office of one of its regions, the
  coordinator of its niche committee. Events serve the plan's actions: the same people keep both.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.core.access import Area
from accord.planning import policies as planning
from accord.registry.models import Creneau

from .models import Event


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
