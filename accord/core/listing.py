"""The back-office list page: filter, sort, paginate, export, in one place for every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django_tables2 import RequestConfig

from .access_log import AccessAction, record_access
from .exports import export_response, wants_export
from .htmx import render_page
from .pagination import CappedCountPaginator


def filtered(filterset: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The rows the filters select; an invalid filter selects none (its message is shown), never all."""
    if not filterset.is_bound:
        return queryset
    return filterset.qs if filterset.is_valid() else queryset.none()


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
    personal_data: bool = False,
) -> HttpResponse:
    """Render a filtered, sorted, paginated table; ?_export=csv|xlsx returns every filtered row.

    The same django-tables2 table draws the page and writes the export. `prepare_rows(records)`
    may attach what the rows show (in one query for all of them) to the records of the page,
    or of the whole export. Counts stop at ACCORD_COUNT_CAP. A list of people
    (`personal_data`) records each export in the access log (Law 25): who, when, which
    filters, how many rows.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    table = table_class(filtered(filterset, queryset))
    if prepare_rows is not None and wants_export(request):
        # Fills the queryset's cache: the export then reads these very instances.
        prepare_rows(list(table.data.data))
    exported = export_response(request, table, export_name)
    if exported is not None:
        if personal_data:
            record_access(request, AccessAction.LIST_EXPORT, rows=len(table.data))
        return exported
    RequestConfig(
        request, paginate={"per_page": settings.ACCORD_PAGE_SIZE, "paginator_class": CappedCountPaginator}
    ).configure(table)
    if prepare_rows is not None:
        prepare_rows([row.record for row in table.page.object_list])
    context = {"title": title, "filter": filterset, "table": table, **(extra or {})}
    return render_page(request, template, context, partial="results")
