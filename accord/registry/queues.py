"""The contract of work queues: what waits for this person, on their home page, in the
notification centre and in the daily digest.

The pages belong to the registry, which cannot import the apps above it. Each app with work
to hand out (governance: agendas, mandates, compliance, reports; the fund: analyses,
signatures, claims, returned projects) registers a provider once, at start-up (its
AppConfig.ready()): a function of the user and the day that returns the user's `Queue`s.

A queue is read when it is shown, never stored. Its count and the date of its oldest item
come from one aggregate query; its items are read only when asked (`items(offset, limit)`),
so a home page showing the first few of each queue costs a fixed number of queries whatever
the number of rows, and the notification centre pages through one queue at a time.

A queue over a queryset counts its rows up to `COUNT_CAP` and then says "more" (a home page reads
"1,000+"): counting 75,000 values waiting for approval cost every sign-in 64 ms at the international
scale, for a figure no one reads past the thousands. The notification centre counts the queue it
pages through in full (`exact`).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Item:
    """One thing waiting: which record (and the page where to act on it), a detail, since when."""

    subject: str
    url: str
    since: datetime.date | None = None
    detail: str = ""


@dataclass(frozen=True)
class Queue:
    """One kind of work waiting for the user: how many, since when, where to act, and its items.

    `items(offset, limit)` reads a slice of the items, the oldest first; `action` is the page
    where the whole queue is worked on (a filtered list), else the notification centre.
    """

    key: str
    title: str
    count: int
    oldest: datetime.date | None
    items: Callable[[int, int], list[Item]] = field(compare=False, repr=False)
    action: str = ""
    order: int = 100
    #: True when `count` is COUNT_CAP and more items wait; `exact()` then counts them all.
    more: bool = False
    exact: Callable[[], int] | None = field(default=None, compare=False, repr=False)

    def in_full(self) -> Queue:
        """The same queue with every item counted (one query when the count was capped)."""
        if not self.more or self.exact is None:
            return self
        return dataclasses.replace(self, count=self.exact(), more=False)

    def first(self, limit: int = 3) -> list[Item]:
        """The oldest few items (the home page's preview)."""
        return self.items(0, limit) if self.count else []


#: How far a queue over a queryset counts before it says "more".
COUNT_CAP = 1000

Provider = Callable[[Any, datetime.date], list[Queue]]

_PROVIDERS: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    """Declare a provider of queues (called from an AppConfig.ready())."""
    _PROVIDERS[key] = provider


def for_user(user: Any, on: datetime.date | None = None, *, empty: bool = False) -> list[Queue]:
    """The user's queues in a fixed order; without `empty`, only those with something waiting."""
    on = on or timezone.localdate()
    found = [queue for key in sorted(_PROVIDERS) for queue in _PROVIDERS[key](user, on)]
    return sorted((q for q in found if empty or q.count), key=lambda q: (q.order, q.key))


def as_date(value: datetime.date | datetime.datetime | None) -> datetime.date | None:
    """A day, from a date or an aware date and time (in the program's time zone)."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def from_queryset(
    key: str,
    title: str,
    rows: QuerySet[Any],
    *,
    since: str,
    item: Callable[[Any], Item],
    action: str = "",
    order: int = 100,
    ordering: Iterable[str] = (),
) -> Queue:
    """A queue over a queryset: its count (up to COUNT_CAP) and oldest `since` in one aggregate query;
    items on demand.

    `since` names the (possibly annotated) field dating each row; items come oldest first. The count
    reads the first COUNT_CAP + 1 rows in `since` order, whose earliest is the oldest of all: an index
    on the queue's filter and `since` answers it without reading the rest.
    """
    first = rows.order_by(since).values(since)[: COUNT_CAP + 1]
    totals = first.aggregate(count=Count("*"), oldest=Min(since))
    order_by = [since, *ordering, "pk"]

    def items(offset: int, limit: int) -> list[Item]:
        return [item(row) for row in rows.order_by(*order_by)[offset : offset + limit]]

    more = totals["count"] > COUNT_CAP
    return Queue(
        key,
        title,
        COUNT_CAP if more else totals["count"],
        as_date(totals["oldest"]),
        items,
        action,
        order,
        more=more,
        exact=rows.order_by().count,
    )


def from_list(key: str, title: str, found: list[Item], *, action: str = "", order: int = 100) -> Queue:
    """A queue over items already read (a rule computed in Python over a fixed number of queries)."""
    found = sorted(found, key=lambda i: (i.since is None, i.since or datetime.date.min, i.subject))
    dates = [i.since for i in found if i.since is not None]
    return Queue(
        key,
        title,
        len(found),
        min(dates) if dates else None,
        lambda offset, limit: found[offset : offset + limit],
        action,
        order,
    )


class Listing:
    """A queue's items as a Paginator reads them: its known count, and slices read on demand."""

    def __init__(self, queue: Queue) -> None:
        self.queue = queue

    def count(self) -> int:
        return self.queue.count

    def __len__(self) -> int:
        return self.queue.count

    def __getitem__(self, index: slice) -> list[Item]:
        start = index.start or 0
        stop = self.queue.count if index.stop is None else index.stop
        return self.queue.items(start, max(stop - start, 0))
