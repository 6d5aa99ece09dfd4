"""The privacy officer's pages (Law 25): the log of access to personal information."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.listing import list_page

from .. import policies
from ..filters import AccessLogFilterSet
from ..tables import AccessLogTable

privacy_required = policies.PRIVACY.required


@require_GET
@privacy_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Who viewed or exported personal information, when, what and how many rows; filtered, paginated."""
    return list_page(
        request,
        queryset=policies.visible_access_log(request.user).select_related("user"),
        filterset_class=AccessLogFilterSet,
        table_class=AccessLogTable,
        title=_("Access to personal information"),
        export_name="access-log",
    )
