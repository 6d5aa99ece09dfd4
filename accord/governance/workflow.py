"""Which status may follow which: pure data, no database."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Final

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accord.core.workflow import InvalidTransition

from .models import MeetingStatus, MinutesStatus

M = MeetingStatus

MEETING_TRANSITIONS: Final[Mapping[str, frozenset[str]]] = {
    M.PLANNED: frozenset({M.CONVENED, M.CANCELLED}),
    M.CONVENED: frozenset({M.HELD, M.CANCELLED, M.CONVENED}),  # convening again re-sends the notice
    M.HELD: frozenset({M.CLOSED}),
    M.CLOSED: frozenset(),
    M.CANCELLED: frozenset(),
}

N = MinutesStatus

MINUTES_TRANSITIONS: Final[Mapping[str, frozenset[str]]] = {
    N.DRAFT: frozenset({N.CIRCULATED, N.APPROVED}),
    N.CIRCULATED: frozenset({N.APPROVED}),
    N.APPROVED: frozenset(),
}

# While a meeting is being prepared its agenda may change; once opened, it is the record.
AGENDA_EDITABLE: Final = frozenset({M.PLANNED, M.CONVENED})
# Attendance is taken once the members are convened, and until the meeting closes.
ATTENDANCE_OPEN: Final = frozenset({M.CONVENED, M.HELD})
# Resolutions are proposed and voted on while the meeting is in session.
IN_SESSION: Final = frozenset({M.HELD})
# The member who chairs is named before the meeting or during it, never after it closed.
CHAIR_NAMEABLE: Final = frozenset({M.PLANNED, M.CONVENED, M.HELD})
# Minutes are written about a meeting that took place.
MINUTES_ALLOWED: Final = frozenset({M.HELD, M.CLOSED})
# A meeting that took place (or is taking place): what compliance counts as held.
TOOK_PLACE: Final = frozenset({M.HELD, M.CLOSED})


def check_meeting(current: str, target: str) -> None:
    """Refuse (InvalidTransition) a meeting step its status does not allow."""
    if target not in MEETING_TRANSITIONS[current]:
        raise InvalidTransition(
            _("A meeting cannot go from “%(current)s” to “%(target)s”.")
            % {"current": MeetingStatus(current).label, "target": MeetingStatus(target).label}
        )


def check_minutes(current: str, target: str) -> None:
    """Refuse (InvalidTransition) a step of the minutes their status does not allow."""
    if target not in MINUTES_TRANSITIONS[current]:
        raise InvalidTransition(
            _("Minutes cannot go from “%(current)s” to “%(target)s”.")
            % {"current": MinutesStatus(current).label, "target": MinutesStatus(target).label}
        )


def check_opening(scheduled_on: datetime.date, today: datetime.date, reason: str) -> None:
    """A meeting opens on its day (local date) or later; earlier only with a reason, kept in the timeline.

    Without this, a meeting dated 15 December could be opened, voted and closed on 5 December,
    and its record would contradict itself.
    """
    if today < scheduled_on and not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "This meeting is scheduled for %(date)s: it opens on that day. "
                    "To open it earlier, say why; the reason is kept in the committee's timeline."
                )
                % {"date": date_format(scheduled_on, "DATE_FORMAT")}
            }
        )


def check_decision_time(opened_at: datetime.datetime | None, decided_at: datetime.datetime) -> None:
    """A decision is dated within its meeting: on or after the moment the meeting opened."""
    if opened_at is None or decided_at < opened_at:
        raise ValidationError(_("A decision is taken during its meeting, after the meeting was opened."))


def check_minutes_approval(
    *, same_committee: bool, minutes_meeting_starts: datetime.datetime, approving_meeting_starts: datetime.datetime
) -> None:
    """Minutes are approved at a later meeting of the same committee, never at their own or an earlier one."""
    if not same_committee or approving_meeting_starts <= minutes_meeting_starts:
        raise ValidationError(_("Minutes are approved at a later meeting of the same committee."))
