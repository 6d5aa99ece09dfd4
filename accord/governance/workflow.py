"""Which status may follow which: pure data, no database."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

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
# Minutes are written about a meeting that took place.
MINUTES_ALLOWED: Final = frozenset({M.HELD, M.CLOSED})


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
