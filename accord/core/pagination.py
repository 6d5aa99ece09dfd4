"""Pagination helpers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .cache import get_or_compute

# A count kept under a key that names the data's version is never stale; a day bounds the memory.
COUNT_TIMEOUT = 24 * 3600


class CachedCountPaginator(Paginator):
    """A Paginator whose total comes from the cache, for a whole unfiltered list.

    Counting every organisation of a national registry takes longer than showing the
    page; the caller's key carries the data's version, so the total is never stale.
    """

    def __init__(self, object_list: Any, per_page: int, *args: Any, count_key: str, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        def whole() -> int:
            # Paginator's own count: COUNT(*) for a queryset, never fetching the rows.
            return int(Paginator.count.func(self))  # type: ignore[attr-defined]

        return get_or_compute(self.count_key, whole, timeout=COUNT_TIMEOUT)


class CappedCountPaginator(Paginator):
    """A Paginator that stops counting at a cap, for searches that match a large share of a table.

    Counting ten thousand matches costs several times the page itself, and nobody pages
    past the first thousand results of a search: they refine it. Past the cap the list
    says "more than N results" (`capped`) and offers the pages up to the cap.
    """

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *args: Any,
        cap: int | None = None,
        count_key: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = cap or settings.ACCORD_COUNT_CAP
        self.capped = False
        # With a key that changes whenever the rows do, the count is kept for the next page
        # or order of the same search.
        self.count_key = count_key

    def _count_to_cap(self) -> int:
        rows = self.object_list
        # django-tables2 hands its BoundRows; the queryset behind them is counted.
        queryset = getattr(getattr(rows, "data", None), "data", rows)
        # COUNT(*) over a LIMITed subquery: the scan ends at the cap.
        return queryset.order_by()[: self.cap + 1].count() if isinstance(queryset, QuerySet) else len(rows)

    @cached_property
    def count(self) -> int:
        if self.count_key:
            found = get_or_compute(self.count_key, self._count_to_cap, timeout=COUNT_TIMEOUT)
        else:
            found = self._count_to_cap()
        self.capped = found > self.cap
        return min(found, self.cap)
