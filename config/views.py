"""Wiring views that look across contexts (config sits above every app)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
from rest_framework.exceptions import NotFound

from accord.accounts.policies import can_access_backoffice
from accord.communication.views import sitemaps as communication_sitemaps
from accord.core.links import site_url
from accord.core.public import public_page
from accord.events.views import sitemaps as events_sitemaps
from accord.funding.policies import can_access_funding
from accord.funding.views import sitemaps as funding_sitemaps
from accord.governance.policies import can_access_governance
from accord.registry.policies import can_see_work
from accord.registry.views import sitemaps as registry_sitemaps
from accord.results.views import sitemaps as results_sitemaps


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Where signing in leads: the back office for staff, else the user's committees, else their projects,
    else the notification centre for anyone else the registry knows (a workshop's note-taker finds
    their notes there), else the home page."""
    user = request.user
    if can_access_backoffice(user):
        return redirect("registry_bo:dashboard")
    if can_access_governance(user):
        return redirect("governance:my_committees")
    if can_access_funding(user):
        return redirect("funding:project_list")
    if can_see_work(user):
        return redirect("registry_bo:work_centre")
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


#: sitemap.xml's sections: each context lists its own public pages (its views/sitemaps.py).
SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    **registry_sitemaps.SITEMAPS,
    **communication_sitemaps.SITEMAPS,
    **events_sitemaps.SITEMAPS,
    **funding_sitemaps.SITEMAPS,
    **results_sitemaps.SITEMAPS,
}


@require_GET
@public_page
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """sitemap.xml: the index of the sections' pages, kept whole under the public version as the pages
    it lists (rendered here: a kept page is its bytes)."""
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section").render()


@require_GET
@public_page
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """A page of one section of sitemap.xml (`?p=` for the next pages of a long one)."""
    return sitemap_views.sitemap(request, SITEMAPS, section=section).render()


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    """robots.txt: the public site may be indexed, not the back office, the API or the accounts'
    pages; and where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED), ""]
    lines.append(f"Sitemap: {site_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


ROBOTS_DISALLOWED = ("/gestion/", "/en/gestion/", "/api/", "/admin/", "/compte/", "/en/compte/")
