"""The back-office list page: filter, sort, paginate, export, in one place for every app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django_tables2 import RequestConfig

from .exports import export_response
from .htmx import render_page


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
) -> HttpResponse:
    """Render a filtered, sorted, paginated table; ?_export=csv|xlsx returns every filtered row.

    An invalid filter shows its message and no rows, rather than silently ignoring it.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    if filterset.is_bound and not filterset.is_valid():
        rows = queryset.none()
    table = table_class(rows, request=request)
    exported = export_response(request, table, export_name)
    if exported is not None:
        return exported
    RequestConfig(request, paginate={"per_page": settings.ACCORD_PAGE_SIZE}).configure(table)
    context = {"title": title, "filter": filterset, "table": table, **(extra or {})}
    return render_page(request, template, context, partial="results")
