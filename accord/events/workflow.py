"""An event's life as a pure table: planned, then held (with its attendance) or cancelled. No database.

A held event may have its attendance corrected (held again) and its details edited; a cancelled
one is closed: it stays in the records as it was, and nothing changes it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.workflow import InvalidTransition

from .models import EventStatus, RegistrationStatus

S = EventStatus

HOLD = "hold"
CANCEL = "cancel"
EDIT = "edit"

#: Which step takes an event from which status to which.
TRANSITIONS: Final[Mapping[tuple[str, str], str]] = {
    (S.PLANNED, HOLD): S.HELD,
    (S.HELD, HOLD): S.HELD,  # the attendance corrected
    (S.PLANNED, CANCEL): S.CANCELLED,
    (S.PLANNED, EDIT): S.PLANNED,
    (S.HELD, EDIT): S.HELD,
}

_REFUSALS: Final[Mapping[tuple[str, str], Any]] = {
    (S.CANCELLED, HOLD): gettext_lazy("A cancelled event cannot be marked as held."),
    (S.HELD, CANCEL): gettext_lazy("A held event cannot be cancelled."),
    (S.CANCELLED, CANCEL): gettext_lazy("This event is already cancelled."),
    (S.CANCELLED, EDIT): gettext_lazy("A cancelled event is kept as it was: it cannot be changed."),
}


def target(status: str, step: str) -> str:
    """The status the step leads to, or InvalidTransition with the plain-language reason."""
    try:
        return TRANSITIONS[(status, step)]
    except KeyError:
        refusal = _REFUSALS.get((status, step)) or _("This step is not possible now.")
        raise InvalidTransition(str(refusal)) from None


def allowed(status: str, step: str) -> bool:
    """Whether the page offers the step (the service checks it again)."""
    return (status, step) in TRANSITIONS


def has_started(starts_on: datetime.date, today: datetime.date) -> bool:
    """An event is held once it has started: attendance of an event still to come is a guess."""
    return starts_on <= today


def check_held_date(starts_on: datetime.date, today: datetime.date) -> None:
    """Refuse to mark held an event that has not started (has_started)."""
    if not has_started(starts_on, today):
        raise InvalidTransition(_("The event has not started yet: mark it held once it has taken place."))


# --- Registration (decision 48) ---------------------------------------------------------------


@dataclass(frozen=True)
class Opening:
    """What decides whether someone may register to an event today."""

    status: str
    registration_open: bool
    starts_on: datetime.date
    closes_on: datetime.date | None
    members_only: bool
    is_member: bool


def last_day_to_register(starts_on: datetime.date, closes_on: datetime.date | None) -> datetime.date:
    """The registration's last day: the one set, else the day before the event (never later)."""
    eve = starts_on - datetime.timedelta(days=1)
    return min(closes_on, eve) if closes_on else eve


def registration_refusal(opening: Opening, today: datetime.date) -> str | None:
    """Why nobody (or not this person) may register now, in plain language; None when they may."""
    if opening.status == S.CANCELLED:
        return _("This event is cancelled.")
    if opening.status == S.HELD or opening.starts_on <= today:
        return _("This event has already taken place or started: registration is closed.")
    if not opening.registration_open:
        return _("Registration to this event is not open.")
    if today > last_day_to_register(opening.starts_on, opening.closes_on):
        return _("The registration period is over.")
    if opening.members_only and not opening.is_member:
        return _("This event is for the members of its niche: sign in with the account of a member.")
    return None


def check_registration(opening: Opening, today: datetime.date) -> None:
    """Refuse (InvalidTransition, with the reason) a registration registration_refusal refuses."""
    refusal = registration_refusal(opening, today)
    if refusal:
        raise InvalidTransition(refusal)


def seat_or_waiting_list(capacity: int | None, confirmed: int) -> str:
    """A new registration's status: a seat while seats remain (no capacity: always), else the list."""
    if capacity is None or confirmed < capacity:
        return RegistrationStatus.CONFIRMED
    return RegistrationStatus.WAITLISTED


def is_full(capacity: int | None, confirmed: int) -> bool:
    """No seat left: whoever registers now goes on the waiting list."""
    return capacity is not None and confirmed >= capacity


def promotions(capacity: int | None, confirmed: int, waiting: Sequence[int]) -> list[int]:
    """Who of the waiting list (ids in order of registration: first come, first served) takes
    the seats free now; every one of them when there is no limit."""
    free = len(waiting) if capacity is None else max(capacity - confirmed, 0)
    return list(waiting[:free])


def cancellation_refusal(status: str, event_status: str, starts_on: datetime.date, today: datetime.date) -> str | None:
    """Why a registration can no longer be cancelled, or None: a cancelled one is done, and once
    the event has started the list is the record of who was expected."""
    if status == RegistrationStatus.CANCELLED:
        return _("This registration is already cancelled.")
    if event_status != S.PLANNED or starts_on <= today:
        return _("The event has started or is over: the registration can no longer be cancelled.")
    return None
