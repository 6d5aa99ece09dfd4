"""The public pages of the projects financed (decision 54), in French and English, kept whole under the
public version and answered conditionally (accord.core.public): the list of the published projects, by
region, niche and year of the grant, and each one's page. A project that is not published (or no longer
granted) is a 404, whoever asks and whatever its number."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.core.htmx import render_page
from accord.core.public import public_page
from accord.registry.models import Region

from .. import selectors, workflow
from ..filters import PublicProjectFilterSet
from ..models import DEFAULT_ENVELOPE, RESOURCE_REGION_ENVELOPE, ProjectStatus

PAGE_SIZE = 20


@require_GET
@public_page
def project_list(request: HttpRequest) -> HttpResponse:
    """The published projects, latest first, by region, niche and year of the grant (an unknown niche or
    region narrows to nothing: a shared address keeps working when its niche is gone)."""
    data = request.GET.copy()
    filterset = PublicProjectFilterSet(data)
    unknown = False
    if not filterset.is_valid():
        # A niche or region that does not exist narrows to nothing; a year that is not one is left aside.
        unknown = any(name in filterset.form.errors for name in ("region", "creneau"))
        for name in filterset.form.errors:
            data.pop(name, None)
        filterset = PublicProjectFilterSet(data)
        filterset.is_valid()
    found = selectors.public_projects()
    projects = found.none() if unknown else filterset.filter_queryset(found)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    cleaned = filterset.form.cleaned_data
    context = {
        "page": page,
        "regions": Region.objects.only("pk", "code", "name").order_by("code"),
        "years": selectors.public_years(),
        "niches": selectors.public_niches(),
        "region": cleaned.get("region"),
        "creneau": cleaned.get("creneau"),
        "year": cleaned.get("year"),
    }
    return render_page(request, "funding/public/project_list.html", context, partial="results")


@require_GET
@public_page
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published project: what was financed, the aid, the cost and leverage, the results reported."""
    sheet = selectors.public_sheet(pk)
    if sheet is None:
        raise Http404
    return render(request, "funding/public/project_detail.html", {"sheet": sheet, "project": sheet.project})


@require_GET
@public_page
def how_it_works(request: HttpRequest) -> HttpResponse:
    """How ACCORD works, in plain language: who does what, the fund and its envelopes, the path of a
    project (the fund's own workflow, workflow.PATH), and where to read the rest."""
    path = [{"status": ProjectStatus(status).label, "text": text} for status, _action, text in workflow.PATH]
    context = {"path": path, "envelope": DEFAULT_ENVELOPE, "resource_envelope": RESOURCE_REGION_ENVELOPE}
    return render(request, "funding/public/how_it_works.html", context)
