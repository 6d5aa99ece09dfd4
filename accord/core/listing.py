"""The back-office list page: filter, sort, paginate, export, in one place for every app."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django_tables2 import RequestConfig

from . import cache
from .exports import export_response, wants_export
from .htmx import render_page
from .pagination import CachedCountPaginator, CappedCountPaginator


def list_page(
    request: HttpRequest,
    *,
    queryset: QuerySet[Any],
    filterset_class: Any,
    table_class: Any,
    title: str,
    export_name: str,
    template: str = "core/object_list.html",
    extra: dict[str, Any] | None = None,
    prepare_rows: Callable[[list[Any]], None] | None = None,
    total_cache_key: str | None = None,
) -> HttpResponse:
    """Render a filtered, sorted, paginated table; ?_export=csv|xlsx returns every filtered row.

    An invalid filter shows its message and no rows, rather than silently ignoring it.
    `prepare_rows(records)` may attach what the rows show (in one query for all of them)
    to the records of the page, or of the whole export. `total_cache_key`, which must
    change whenever the rows do, lets an unfiltered list take its total from the cache,
    and a filtered one its count for these filters.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    if filterset.is_bound and not filterset.is_valid():
        rows = queryset.none()
    # No request here: django-tables2 would paginate at once, counting the rows a second time.
    table = table_class(rows)
    if prepare_rows is not None and wants_export(request):
        # Fills the queryset's cache: the export then reads these very instances.
        prepare_rows(list(table.data.data))
    exported = export_response(request, table, export_name)
    if exported is not None:
        return exported
    paginate: dict[str, Any] = {"per_page": settings.ACCORD_PAGE_SIZE}
    filters = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    filtered = any(value not in (None, "", []) for value in filters.values())
    if total_cache_key and not filtered:
        paginate.update(paginator_class=CachedCountPaginator, count_key=total_cache_key)
    elif filtered:
        paginate.update(paginator_class=CappedCountPaginator)
        if total_cache_key:
            # The same key, for these filters: paging or sorting a search counts it once.
            paginate["count_key"] = f"{total_cache_key}:{_digest(sorted(filters.items()))}"
    RequestConfig(request, paginate=paginate).configure(table)
    if prepare_rows is not None:
        prepare_rows([row.record for row in table.page.object_list])
    context = {
        "title": title,
        "filter": filterset,
        "table": table,
        "filter_key": filter_bar_key(request, filterset),
        **(extra or {}),
    }
    return render_page(request, template, context, partial="results")


def filter_bar_key(request: HttpRequest, filterset: Any) -> str:
    """The cache key of the drawn filter bar, or "" when it must be drawn afresh.

    A FilterSet opts in with `cache_families`: the cache families (accord.core.cache) whose
    changes alter its choices (regions, niches, periods). The bar is then drawn once per
    page, language, filter values and versions, and paging, sorting or coming back to the
    list reuse it: at international scale a bar offers 150 regions, and drawing it cost
    about a tenth of the list. A bar with errors is always drawn (it shows them).
    """
    families = getattr(filterset, "cache_families", None)
    if families is None or (filterset.is_bound and not filterset.is_valid()):
        return ""
    data = filterset.data if filterset.is_bound else {}
    values = {name: data.getlist(name) if hasattr(data, "getlist") else data.get(name) for name in filterset.filters}
    # Versions read after is_valid(): the choices just validated were read under these or older.
    return _digest([request.path, get_language(), values, cache.versions(list(families))])


def _digest(parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=_identity).encode()).hexdigest()


def _identity(value: Any) -> str:
    """A filter's value in a key: a record by its table and id (two niches may share a name)."""
    meta = getattr(value, "_meta", None)
    return f"{meta.label}:{value.pk}" if meta is not None else str(value)
