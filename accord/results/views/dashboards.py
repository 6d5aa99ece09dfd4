"""The results' dashboards (decision 38): the program's (the ministry), a region's (the ministry and the
region's office), each with the benchmark of its créneaux on a common indicator; and a créneau's (whoever
reads its indicators: its committee's members, its regional office, the ministry).

Charts are inline SVG drawn on the server, hidden from assistive technology, inside or beside the table
that gives their figures (their text alternative). Every figure is computed by the database when the page
is shown, in a fixed number of queries (selectors.results_dashboard, benchmark, creneau_dashboard).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.registry.models import Creneau, Region

from .. import policies, selectors
from . import results_required

#: Créneaux on a page of the benchmark's table.
BENCHMARK_PAGE_SIZE = 50


def _dashboard(request: HttpRequest, creneaux: QuerySet[Creneau], *, title: str, region: Region | None) -> HttpResponse:
    data = selectors.results_dashboard(creneaux, request.GET.get("year"), program=region is None)
    indicator = selectors.pick_indicator(data.common, request.GET.get("indicator"))
    compared = None
    if indicator is not None and data.year is not None:
        compared = selectors.benchmark(creneaux, indicator, data.year, sort=request.GET.get("sort", "value"))
    context: dict[str, Any] = {
        "title": title,
        "data": data,
        "benchmark": compared,
        # Ranks and medians are of every créneau; the table shows them a page at a time.
        "benchmark_page": Paginator(compared.rows, BENCHMARK_PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type]
        if compared is not None
        else None,
        "region": region,
        "regions": policies.overview_regions(request.user).order_by("code"),
        "program": policies.can_see_program_bilan(request.user),
    }
    return render(request, "results/dashboard.html", context)


@require_GET
@results_required
def program_dashboard(request: HttpRequest) -> HttpResponse:
    """The program's dashboard: every créneau (the ministry)."""
    if not policies.can_see_program_bilan(request.user):
        raise PermissionDenied(_("The program's dashboard is for the ministry."))
    return _dashboard(request, Creneau.objects.all(), title=_("Results of the program"), region=None)


@require_GET
@results_required
def region_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """A region's dashboard: its créneaux (the ministry and the region's office)."""
    region = get_object_or_404(Region, pk=pk)
    if not policies.overview_regions(request.user).filter(pk=region.pk).exists():
        raise PermissionDenied(_("A region's dashboard is for the ministry and the region's office."))
    creneaux = Creneau.objects.filter(region_links__region=region)
    title = _("Results of %(region)s") % {"region": region}
    return _dashboard(request, creneaux, title=title, region=region)


@require_GET
@results_required
def creneau_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """A niche's dashboard: its indicators against their targets over the years, its plan's progress."""
    creneau = get_object_or_404(policies.visible_creneaux(request.user), pk=pk)
    return render(request, "results/creneau_dashboard.html", {"data": selectors.creneau_dashboard(creneau)})
