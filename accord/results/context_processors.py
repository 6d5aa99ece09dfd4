"""What the navigation needs to know about the user's part in the results."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from accord.accounts.policies import scope_for


def _dashboard_url(user: Any) -> str:
    """The results dashboard of the user's scope: the program's for the ministry, a regional office's
    region's (the first, if it has several: the page links to the others); none for the others, who
    reach their niche's dashboard from the indicators."""
    scope = scope_for(user)  # computed once per request, already read by the menu
    if scope.program_wide:
        return reverse("results:dashboard")
    if scope.region_ids:
        return reverse("results:region_dashboard", args=[min(scope.region_ids)])
    return ""


def results(request: HttpRequest) -> dict[str, Any]:
    """Lazy: nothing computed unless a template asks."""
    user = getattr(request, "user", None)
    return {"results_dashboard_url": SimpleLazyObject(lambda: _dashboard_url(user))}
