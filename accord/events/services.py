"""Every write to the events: each service locks the row, checks the policy, then the workflow,
validates, and saves what changes with its history (who, when and why: `core.services`).

Nothing is sent: events have no side effects yet (invitations and registration come with issue 14).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.services import apply_changes, create_with_history, lock
from accord.core.workflow import InvalidTransition
from accord.registry.models import Creneau

from . import policies, selectors, workflow
from .models import Event, EventStatus

#: What the forms and the API may set; status and attendance move only through the steps below.
EVENT_FIELDS = ("title_fr", "title_en", "kind", "summary", "starts_on", "ends_on", "place", "action", "audience")


def _only(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


def _refuse(actor: Any, creneau: Creneau) -> None:
    if not policies.can_manage_events(actor, creneau):
        raise PermissionDenied(_("You may not manage this niche's events."))


def _check_action(creneau: Creneau, data: Mapping[str, Any]) -> None:
    """The action an event serves is one of its own créneau's plans (a crafted id is refused, not saved)."""
    action = data.get("action")
    if action is not None and not selectors.creneau_actions(creneau).filter(pk=action.pk).exists():
        raise ValidationError(
            {"action": _("Choose an action of this niche's plans: this one belongs to another niche.")},
            code="creneau",
        )


@transaction.atomic
def create_event(creneau: Creneau, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> Event:
    """A planned event of the créneau; the action it serves, if any, is one of the créneau's plans'."""
    _refuse(actor, creneau)
    _check_action(creneau, data)
    return create_with_history(Event(creneau=creneau, **_only(data, EVENT_FIELDS)), actor=actor, reason=reason)


@transaction.atomic
def update_event(event: Event, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change a planned or held event's details (a cancelled one is kept as it was). A held event
    keeps a start in the past: it took place."""
    lock(event)
    _refuse(actor, event.creneau)
    workflow.target(event.status, workflow.EDIT)
    changes = _only(data, EVENT_FIELDS)
    _check_action(event.creneau, changes)
    if event.status == EventStatus.HELD and "starts_on" in changes:
        try:
            workflow.check_held_date(changes["starts_on"], timezone.localdate())
        except InvalidTransition as exc:
            raise ValidationError({"starts_on": str(exc)}, code="held") from exc
    return apply_changes(event, changes, actor=actor, reason=reason)


@transaction.atomic
def mark_held(event: Event, *, actor: Any, attendance: int, reason: str = "") -> list[str]:
    """The event took place: held, with how many people attended (given again, it corrects the
    figure). Refused before the event starts, and for a cancelled event."""
    lock(event)
    _refuse(actor, event.creneau)
    workflow.target(event.status, workflow.HOLD)
    workflow.check_held_date(event.starts_on, timezone.localdate())
    if attendance is None or attendance < 0:
        raise ValidationError({"attendance": _("Give how many people attended (0 or more).")}, code="attendance")
    return apply_changes(event, {"status": EventStatus.HELD, "attendance": attendance}, actor=actor, reason=reason)


@transaction.atomic
def cancel_event(event: Event, *, actor: Any, reason: str = "") -> list[str]:
    """The planned event will not take place; it stays in the records, cancelled, with the reason."""
    lock(event)
    _refuse(actor, event.creneau)
    workflow.target(event.status, workflow.CANCEL)
    return apply_changes(event, {"status": EventStatus.CANCELLED}, actor=actor, reason=reason)
