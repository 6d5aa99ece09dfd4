"""Pagination helpers."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property


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
        total = cache.get(self.count_key)
        if total is None:
            # Paginator's own count: COUNT(*) for a queryset, never fetching the rows.
            total = Paginator.count.func(self)  # type: ignore[attr-defined]
            cache.set(self.count_key, total, timeout=24 * 3600)
        return int(total)
