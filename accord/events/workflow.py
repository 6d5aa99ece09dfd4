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

from .models import EventStatus, RegistrationStatus, SynthesisStatus

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


# --- A gathering's workshops and their synthesis (decision 53) -----------------------------------

SR = SynthesisStatus

SUBMIT = "submit"  # the draft goes to review
RETURN = "return"  # back to the editor, with why
PUBLISH = "publish"  # on the event's public page
WITHDRAW = "withdraw"  # a published synthesis back to draft, with why

#: Which step takes a synthesis from which status to which.
SYNTHESIS_TRANSITIONS: Final[Mapping[tuple[str, str], str]] = {
    (SR.DRAFT, EDIT): SR.DRAFT,
    (SR.DRAFT, SUBMIT): SR.REVIEW,
    (SR.REVIEW, RETURN): SR.DRAFT,
    (SR.REVIEW, PUBLISH): SR.PUBLISHED,
    (SR.PUBLISHED, WITHDRAW): SR.DRAFT,
}

_SYNTHESIS_REFUSALS: Final[Mapping[tuple[str, str], Any]] = {
    (SR.REVIEW, EDIT): gettext_lazy("The synthesis is in review: return it to draft to change it."),
    (SR.PUBLISHED, EDIT): gettext_lazy("The synthesis is published: withdraw it to change it."),
    (SR.DRAFT, PUBLISH): gettext_lazy("The synthesis is published once reviewed: send it to review first."),
    (SR.PUBLISHED, PUBLISH): gettext_lazy("The synthesis is already published."),
    (SR.REVIEW, SUBMIT): gettext_lazy("The synthesis is already in review."),
    (SR.PUBLISHED, SUBMIT): gettext_lazy("The synthesis is already published."),
    (SR.DRAFT, RETURN): gettext_lazy("The synthesis is a draft already."),
    (SR.PUBLISHED, RETURN): gettext_lazy("The synthesis is published: withdraw it to return it to draft."),
    (SR.DRAFT, WITHDRAW): gettext_lazy("The synthesis is not published: there is nothing to withdraw."),
    (SR.REVIEW, WITHDRAW): gettext_lazy("The synthesis is not published: return it to draft instead."),
}

#: The steps that need a reason (kept in the history): sending the editor's work back.
REASON_REQUIRED: Final = frozenset({RETURN, WITHDRAW})


def synthesis_target(status: str, step: str) -> str:
    """The status the step leads the synthesis to, or InvalidTransition with the plain-language reason."""
    try:
        return SYNTHESIS_TRANSITIONS[(status, step)]
    except KeyError:
        refusal = _SYNTHESIS_REFUSALS.get((status, step)) or _("This step is not possible now.")
        raise InvalidTransition(str(refusal)) from None


def synthesis_allowed(status: str, step: str) -> bool:
    """Whether the page offers the step (the service checks it again)."""
    return (status, step) in SYNTHESIS_TRANSITIONS


def check_gathering_open(event_status: str) -> None:
    """A cancelled event has no workshops to prepare, notes to take nor synthesis to write."""
    if event_status == S.CANCELLED:
        raise InvalidTransition(_("This event is cancelled: its workshops and synthesis are kept as they were."))


def notes_refusal(synthesis_status: str) -> str | None:
    """Why a workshop's notes (or the themes and workshops) can no longer change, or None: the notes are
    what the synthesis was drawn from, so they stay as they were once it goes to review."""
    if synthesis_status == SR.REVIEW:
        return _("The synthesis is in review: the notes and workshops are closed until it is returned to draft.")
    if synthesis_status == SR.PUBLISHED:
        return _("The synthesis is published: the notes and workshops are closed.")
    return None


def check_notes_open(synthesis_status: str) -> None:
    """Refuse (InvalidTransition, with the reason) a change notes_refusal refuses."""
    refusal = notes_refusal(synthesis_status)
    if refusal:
        raise InvalidTransition(refusal)


def publish_refusal(theme_titles: Sequence[str], empty: Sequence[str]) -> str | None:
    """What the synthesis lacks before the public reads it, or None: themes, and each theme's synthesis
    (`empty`: the titles of those without one)."""
    if not theme_titles:
        return _("Add the gathering's themes and write their synthesis before sending it.")
    if empty:
        return _("Write the synthesis of every theme first; missing: %(themes)s.") % {"themes": "; ".join(empty)}
    return None
