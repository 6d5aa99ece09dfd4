"""The API's ?search= parameter, accent- and case-insensitive like the HTML pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request


class AccentInsensitiveSearchFilter(BaseFilterBackend):
    """Filters querysets that have a `.search()` method (rows with a `search_text` column)."""

    search_param = "search"

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        query = request.query_params.get(self.search_param, "")
        if query and hasattr(queryset, "search"):
            return queryset.search(query)
        return queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        if not hasattr(getattr(view, "queryset", None), "search") and not getattr(view, "searchable", False):
            return []
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": str(_("Words to find, ignoring accents and case.")),
                "schema": {"type": "string"},
            }
        ]
