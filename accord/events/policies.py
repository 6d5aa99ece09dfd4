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
- A gathering's workshops (decision 53): their notes are written by each workshop's note-taker (the
  signed-in user's person today) or by whoever manages the event, who alone sets the themes and
  workshops, writes the synthesis and publishes it; the chairs, facilitators and note-takers read them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.core.access import Area
from accord.planning import policies as planning
from accord.registry.models import Creneau

from .models import Event, EventAudience, Registration, Workshop


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


# --- A gathering's workshops and their synthesis (decision 53) ----------------------------------


def can_access_workshops(user: Any) -> bool:
    """The workshops' pages are for the events area's people and for anyone the registry knows (a
    workshop's chair, facilitator or note-taker need not sit on a committee); what each may open is
    then `workshop_events` and `visible_workshops` (404 outside)."""
    return bool(user.is_authenticated and (can_access_events(user) or getattr(user, "person_id", None)))


#: The gate of the workshops' pages.
WORKSHOPS = Area(
    can_access_workshops,
    _("Workshops are for the people who take part in them and for those who manage events."),
)


def _roles(person_id: int, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}chair_id": person_id})
        | Q(**{f"{prefix}facilitator_id": person_id})
        | Q(**{f"{prefix}note_taker_id": person_id})
    )


def workshop_events(user: Any) -> QuerySet[Event]:
    """The events whose workshops and synthesis the user may read in the back office: those whose
    events they read (visible_events), and those where their person chairs, leads or takes the notes
    of a workshop (they review the synthesis)."""
    person_id = getattr(user, "person_id", None)
    readable = Q(pk__in=visible_events(user).values("pk")) if can_access_events(user) else Q(pk__in=[])
    if person_id is not None:
        readable |= Q(pk__in=Workshop.objects.filter(_roles(person_id)).values("event_id"))
    return Event.objects.filter(readable)


def visible_workshops(user: Any) -> QuerySet[Workshop]:
    """The workshops whose notes the user may read: those of `workshop_events`."""
    return Workshop.objects.filter(event__in=workshop_events(user))


def can_write_notes(user: Any, workshop: Workshop) -> bool:
    """Write a workshop's notes: its note-taker (the user's person today), or whoever manages the event.
    The note-taker of another workshop of the same gathering may not."""
    person_id = getattr(user, "person_id", None)
    if person_id is not None and workshop.note_taker_id == person_id:
        return True
    return can_manage_event(user, workshop.event)


def can_edit_synthesis(user: Any, event: Event) -> bool:
    """Set the themes and workshops, write the synthesis and take its steps (review, publish, return,
    withdraw): whoever manages the event. Only they publish."""
    return can_manage_event(user, event)
