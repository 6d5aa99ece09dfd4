"""The contract of what the apps above show on a créneau's public fiche and a region's page.

The registry draws those pages but cannot import the apps above it: each registers a provider once,
at start-up (its AppConfig.ready()), that returns the `Section`s it shows for a créneau or a region,
read in one query each, worded in the language of the request (communication: the published news and
success stories, decision 46); and, likewise, what matches a query of the site's search. Pages of
the public site are kept whole under the public version
(accord.core.public): what a provider shows must bump it when it changes, or change its key.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    """One line of a section: a title, its page, its date, a label (a theme, a kind), its language
    when it is shown in another than the page's ("fr" on an English page without a translation)."""

    title: str
    url: str
    on: datetime.date | None = None
    label: str = ""
    lang: str = ""


@dataclass(frozen=True)
class Section:
    """A heading, its entries, and where to read them all."""

    title: str
    entries: list[Entry] = field(default_factory=list)
    more_url: str = ""
    more_label: str = ""


@dataclass(frozen=True)
class Provider:
    for_creneau: Callable[[Any], list[Section]]
    for_region: Callable[[Any], list[Section]]
    #: What matches a query of the site's search (the words as typed): the search page shows it under
    #: the registry's own results.
    for_search: Callable[[str], list[Section]] | None = None


_PROVIDERS: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    """Declare a provider (called from an AppConfig.ready())."""
    _PROVIDERS[key] = provider


def for_creneau(creneau: Any) -> list[Section]:
    """What every provider shows on the créneau's fiche, provider by provider (in the order of their keys)."""
    return [section for key in sorted(_PROVIDERS) for section in _PROVIDERS[key].for_creneau(creneau)]


def for_region(region: Any) -> list[Section]:
    """What every provider shows on the region's page."""
    return [section for key in sorted(_PROVIDERS) for section in _PROVIDERS[key].for_region(region)]


def for_search(query: str) -> list[Section]:
    """What every provider finds for a query of the site's search."""
    return [
        section
        for key in sorted(_PROVIDERS)
        if (search := _PROVIDERS[key].for_search) is not None
        for section in search(query)
    ]
