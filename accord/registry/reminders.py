"""The contract of what other apps ask staff to follow up on, shown on the back office's home.

The back office's home belongs to the registry, which cannot import the apps above it. Each
app that has something overdue to show (governance: a coordinator's late report) registers a
source once, at start-up (its AppConfig.ready()): a function of the user and the day that
returns the `Reminder`s in that user's scope, read in a fixed number of queries and worded in
the language of the request (nothing is stored: a reminder is read when the page is shown).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Reminder:
    """One thing overdue: what, about which record (and its page), who owes it, since when."""

    what: str
    subject: str
    url: str
    person: str
    since: datetime.date


Source = Callable[[Any, datetime.date], list[Reminder]]

_SOURCES: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    """Declare a source of reminders (called from an AppConfig.ready())."""
    _SOURCES[key] = source


def for_user(user: Any, on: datetime.date | None = None) -> list[Reminder]:
    """Every reminder in the user's scope, the longest overdue first."""
    on = on or timezone.localdate()
    found = [reminder for key in sorted(_SOURCES) for reminder in _SOURCES[key](user, on)]
    return sorted(found, key=lambda r: (r.since, r.subject))
