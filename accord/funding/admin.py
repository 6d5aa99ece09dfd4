"""The technical admin shows the fund's projects read-only: a project's status and amounts
move only through the services, which check the policy, the workflow, the guide and the
envelope, and write the ledger, the timeline and the history."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accord.registry.admin import ReadOnlyAdmin

from .models import Project


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "carrier", "region", "status", "requested_amount", "granted_amount")
    list_filter = ("status", "region")
    list_select_related = ("carrier", "region")
    # Shown as the search box's scope; the search itself is the pipeline's (below).
    search_fields = ("number", "title")
    show_full_result_count = False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Project], search_term: str
    ) -> tuple[QuerySet[Project], bool]:
        """The pipeline's search: accents and case aside, on the indexed search text (number, title, summary).

        The stock search would compare UPPER(title) with LIKE, which no index serves.
        """
        return queryset.search(search_term), False  # type: ignore[attr-defined]
