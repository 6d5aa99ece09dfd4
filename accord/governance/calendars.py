"""iCalendar (RFC 5545) for meetings: invitations attached to notices, and calendar feeds.

Pure functions of the meetings given (read with their committee): the notice task and the
pages both use them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from accord.core.links import site_url

from .models import Meeting, MeetingStatus

PRODID = "-//Accord//Governance//FR"


def _uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@accord"


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", _uid(meeting))
    event.add("summary", f"{meeting.committee.name} – {meeting.title}")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=2))
    event.add("dtstamp", timezone.now())
    # The sequence grows with each notice, so calendars replace the previous invitation.
    event.add("sequence", int((meeting.notice_sent_at or meeting.created_at).timestamp()))
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    if meeting.location:
        event["location"] = vText(meeting.location)
    description = [meeting.title]
    if meeting.online_url:
        description.append(meeting.online_url)
        event.add("url", meeting.online_url)
    description.append(site_url(meeting.get_absolute_url()))
    event.add("description", "\n".join(description))
    organizer = vCalAddress(f"MAILTO:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText(meeting.committee.name)
    event["organizer"] = organizer
    return event


def calendar(meetings: Iterable[Meeting], *, name: str, method: str | None = None) -> bytes:
    """An .ics file with one event per meeting."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    if method:
        cal.add("method", method)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    return bytes(cal.to_ical())


def invitation(meeting: Meeting) -> bytes:
    """The invitation attached to a notice (or its cancellation)."""
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    return calendar([meeting], name=meeting.committee.name, method=method)
