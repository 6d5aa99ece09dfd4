"""iCalendar (RFC 5545) for events: the file attached to a registration's email, an event's own
file and the public feeds. Pure functions of the events given (read with their créneau), in the
active language; the same approach as governance's meetings (`accord/governance/calendars.py`).

Events have dates, not times: each is an all-day event (DTSTART and DTEND as dates, DTEND the day
after the last, as RFC 5545 wants). The UID is stable per event, so a calendar that imported the
file or subscribed to a feed updates the event rather than adding a copy.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as Vevent

from accord.core.links import site_url

from .models import Event, EventStatus

PRODID = "-//Accord//Events//FR"


def uid(event: Event) -> str:
    """The event's identifier in every calendar: the same in the email, its file and the feeds."""
    return f"event-{event.pk}@accord"


def _vevent(event: Event) -> Vevent:
    item = Vevent()
    item.add("uid", uid(event))
    item.add("summary", f"{event.title} – {event.creneau.name}")
    item.add("dtstart", event.starts_on)
    item.add("dtend", (event.ends_on or event.starts_on) + datetime.timedelta(days=1))
    item.add("dtstamp", timezone.now())
    # The last change orders the versions: a calendar keeps the latest one it is given.
    item.add("sequence", int(event.updated_at.timestamp()) if event.updated_at else 0)
    item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    if event.place:
        item.add("location", event.place)
    url = site_url(event.get_public_url())
    item.add("url", url)
    item.add("description", "\n\n".join(text for text in (event.shown_summary, url) if text))
    return item


def calendar(events: Iterable[Event], *, name: str, method: str = "PUBLISH") -> bytes:
    """An .ics file with one event per event given."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event))
    return bytes(cal.to_ical())


def event_file(event: Event) -> bytes:
    """One event's file: what a registrant adds to their calendar."""
    return calendar([event], name=event.title)
