"""An event's life as a pure table: planned, then held (with its attendance) or cancelled. No database.

A held event may have its attendance corrected (held again) and its details edited; a cancelled
one is closed: it stays in the records as it was, and nothing changes it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.workflow import InvalidTransition

from .models import EventStatus

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
