"""The contract of where a person's powers come from, shown on their page in the back office.

A person's account sees and does what today's facts give it: staff roles (accounts, read by
the registry itself), seats on committees (governance) and ties to organisations that carry
projects (the fund). The registry cannot import the apps above it: each registers a source
once, at start-up (its AppConfig.ready()), a function of the person and the day returning
`Power`s worded in the language of the request, read in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Power:
    """One source of powers: where it comes from (a role, a seat, a carrier's tie), what it opens, until when."""

    source: str
    what: str
    opens: str
    url: str = ""
    until: datetime.date | None = None


Source = Callable[[Any, datetime.date], list[Power]]

_SOURCES: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    """Declare a source of powers (called from an AppConfig.ready())."""
    _SOURCES[key] = source


def for_person(person: Any, on: datetime.date | None = None) -> list[Power]:
    """Every power the person holds today, source by source (in the order of their keys)."""
    on = on or timezone.localdate()
    return [power for key in sorted(_SOURCES) for power in _SOURCES[key](person, on)]
