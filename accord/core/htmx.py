"""Render a whole page, or only one of its named partials for an htmx request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, partial: str | None = None, status: int = 200
) -> HttpResponse:
    """One template per page; htmx requests (not boosted) get only the named partial."""
    htmx = getattr(request, "htmx", None)
    name = f"{template}#{partial}" if partial and htmx and not htmx.boosted else template
    response = render(request, name, context, status=status)
    # A cache must never serve the fragment for the page, or the reverse.
    patch_vary_headers(response, ("HX-Request",))
    return response
