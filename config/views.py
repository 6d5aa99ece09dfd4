"""Wiring views that look across contexts (config sits above every app)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
from rest_framework.exceptions import NotFound

from accord.accounts.policies import can_access_backoffice
from accord.funding.policies import can_access_funding
from accord.governance.policies import can_access_governance


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Where signing in leads: the back office for staff, else the user's committees, else their projects."""
    user = request.user
    if can_access_backoffice(user):
        return redirect("registry_bo:dashboard")
    if can_access_governance(user):
        return redirect("governance:my_committees")
    if can_access_funding(user):
        return redirect("funding:project_list")
    return redirect("registry:home")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page declares: send them to the icon.

    The icon's address is read when asked (a hashed name in production), not at start-up."""
    return redirect(static("img/favicon.svg"), permanent=True)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: under /api/, a JSON answer as the API gives for its own missing objects; elsewhere, the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return page_not_found(request, exception)
