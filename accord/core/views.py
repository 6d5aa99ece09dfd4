"""Views that belong to no domain: health check and the benchmark's reference page."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database readiness, for load balancers and `make run` checks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def trivial(request: HttpRequest) -> HttpResponse:
    """The base template and nothing else: the yardstick `make bench` divides by."""
    return render(request, "base.html", {})
