"""The program's results for the public (decision 54): the aid granted by region, by niche and by year,
the leverage, and what the closed projects reported (jobs, investment, sales), each chart drawn in its
data table. Kept whole under the public version (accord.core.public): every grant, withdrawal and closing
bumps it in its transaction."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.core.public import public_page
from accord.funding import selectors as fund
from accord.funding.filters import PublicProjectFilterSet
from accord.registry.models import Region


@require_GET
@public_page
def program_results(request: HttpRequest) -> HttpResponse:
    """The program's results, for a region or a year of the grant if asked (what is not valid is left aside).

    The address reads as the public list's (the same FilterSet): `?region=` (code) and `?year=`."""
    data = request.GET.copy()
    data.pop("creneau", None)  # the results are by niche already
    filterset = PublicProjectFilterSet(data)
    if not filterset.is_valid():
        for name in filterset.form.errors:
            data.pop(name, None)
        filterset = PublicProjectFilterSet(data)
        filterset.is_valid()
    region = filterset.form.cleaned_data.get("region")
    year = filterset.form.cleaned_data.get("year")
    context = {
        "results": fund.program_results(region=region, year=year),
        "regions": Region.objects.only("pk", "code", "name").order_by("code"),
        "years": fund.granted_years(),
        "region": region,
        "year": year,
    }
    return render(request, "results/program_results.html", context)
