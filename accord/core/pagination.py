"""Pagination with capped counts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    """A Paginator that stops counting at a cap.

    Counting three hundred thousand organisations costs several times the page itself,
    and nobody pages past the first thousand rows of a list: they refine it. Past the cap
    the list says "more than N results" (`capped`) and offers the pages up to the cap; the
    export still has every row.
    """

    def __init__(self, object_list: Any, per_page: int, *args: Any, cap: int | None = None, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = cap or settings.ACCORD_COUNT_CAP
        self.capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        # django-tables2 hands its BoundRows; the queryset behind them is counted.
        queryset = getattr(getattr(rows, "data", None), "data", rows)
        # COUNT(*) over a LIMITed subquery: the scan ends at the cap.
        found = queryset.order_by()[: self.cap + 1].count() if isinstance(queryset, QuerySet) else len(rows)
        self.capped = found > self.cap
        return min(found, self.cap)
