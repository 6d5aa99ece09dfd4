"""The back office's home: what the user manages, at a glance."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.accounts.views import backoffice_required

from .. import selectors


@require_GET
@backoffice_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What the user manages, at a glance, with the latest imports."""
    return render(request, "registry/bo/dashboard.html", selectors.dashboard(request.user))
