"""The bilans' pages: a créneau's years, a bilan (generated figures and narrative), its narrative's form,
its submission to the niche committee, its PDF; the regional and program bilans; the public summary.

A bilan's page exists for every year that has begun, whether or not its narrative was started: the
figures are generated from the data until the committee adopts it, then shown as adopted.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.core.public import public_page
from accord.core.steps import button_step, form_step
from accord.registry import policies as registry_policies
from accord.registry.models import Creneau, Region

from .. import documents, policies, selectors, services
from ..forms import BilanForm
from ..models import BilanStatus
from . import GET_OR_POST, results_required

FORM = "core/object_form.html"
FIRST_YEAR = 2000


def _year(year: int) -> int:
    # A bilan is of a year that has begun: later ones do not exist (404).
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def _bilan_url(pk: int, year: int) -> str:
    return reverse("results:bilan_detail", args=[pk, year])


def _creneau(request: HttpRequest, pk: int) -> Creneau:
    return get_object_or_404(policies.visible_creneaux(request.user), pk=pk)  # type: ignore[no-any-return]


@require_GET
@results_required
def bilan_index(request: HttpRequest, pk: int) -> HttpResponse:
    """The niche's bilans: each year since its plan's first, with where its bilan stands."""
    creneau = _creneau(request, pk)
    today = timezone.localdate().year
    statuses = dict(policies.visible_bilans(request.user).filter(creneau=creneau).values_list("year", "status"))
    plan = selectors.current_plan(creneau)
    first = min([plan.first_year if plan else today, *statuses])
    years = [(year, statuses.get(year)) for year in range(today, first - 1, -1)]
    labels = dict(BilanStatus.choices)
    rows = [(year, labels.get(status) if status else None) for year, status in years]
    return render(request, "results/bilan_index.html", {"creneau": creneau, "rows": rows})


@require_GET
@results_required
def bilan_detail(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """A bilan: the figures (generated, or as adopted), the narrative, the steps and the audit trail."""
    creneau = _creneau(request, pk)
    year = _year(year)
    bilan = selectors.bilan_of(creneau, year)
    writer = policies.can_write_bilan(request.user, creneau)
    status = bilan.status if bilan else BilanStatus.DRAFT
    context = {
        "creneau": creneau,
        "year": year,
        "bilan": bilan,
        "report": selectors.shown_report(creneau, year, bilan),
        "events": selectors.bilan_events(bilan),
        "can_write": writer and status == BilanStatus.DRAFT,
        "can_submit": writer and bilan is not None and status == BilanStatus.DRAFT,
    }
    return render(request, "results/bilan_detail.html", context)


@GET_OR_POST
@results_required
def bilan_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Write the narrative (a draft only)."""
    creneau = _creneau(request, pk)
    year = _year(year)
    if not policies.can_write_bilan(request.user, creneau):
        raise PermissionDenied(_("You may not write this niche's annual report."))
    bilan = selectors.bilan_of(creneau, year)
    form = BilanForm(request.POST or None, instance=bilan)
    back = _bilan_url(creneau.pk, year)

    def run(data: dict[str, Any]) -> str:
        services.write_bilan(creneau, actor=request.user, year=year, data=data, reason=data["reason"])
        return _("The annual report is saved.")

    context = {
        "title": _("Annual report %(year)s of %(niche)s") % {"year": year, "niche": creneau.name},
        "cancel_url": back,
    }
    return form_step(request, form, run, template=FORM, context=context, back=back)


@require_POST
@results_required
def bilan_submit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Send the bilan to the niche committee's next agenda."""
    creneau = _creneau(request, pk)
    year = _year(year)
    if not policies.can_write_bilan(request.user, creneau):
        raise PermissionDenied(_("You may not write this niche's annual report."))
    bilan = selectors.bilan_of(creneau, year)
    if bilan is None:
        raise Http404

    def run() -> str:
        services.submit_bilan(bilan, actor=request.user)
        return _("The annual report is on the niche committee's next agenda.")

    return button_step(request, run, back=_bilan_url(creneau.pk, year))


@require_GET
@results_required
def bilan_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The bilan as PDF, in the reader's language ("Draft" until adopted)."""
    creneau = _creneau(request, pk)
    year = _year(year)
    bilan = selectors.bilan_of(creneau, year)
    result = selectors.shown_report(creneau, year, bilan)
    response = HttpResponse(documents.bilan_pdf(result, bilan, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.bilan_file_name(result)}"'
    return response


@require_GET
@results_required
def region_bilan(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """A region's bilan: each of its créneaux' key figures for the year, and the totals (staff of the region)."""
    year = _year(year)
    region = get_object_or_404(Region, pk=pk)
    if not policies.overview_regions(request.user).filter(pk=region.pk).exists():
        raise PermissionDenied(_("The regional annual report is for the ministry and the region's office."))
    regions = Region.objects.filter(pk=region.pk)
    overview = selectors.bilan_overview(Creneau.objects.all(), year, regions=regions)
    title = _("Annual report %(year)s of %(region)s") % {"year": year, "region": region}
    return render(request, "results/bilan_overview.html", {"overview": overview, "title": title, "year": year})


@require_GET
@results_required
def program_bilan(request: HttpRequest, year: int) -> HttpResponse:
    """The program's bilan: every créneau by region (the ministry)."""
    year = _year(year)
    if not policies.can_see_program_bilan(request.user):
        raise PermissionDenied(_("The program's annual report is for the ministry."))
    overview = selectors.bilan_overview(Creneau.objects.all(), year)
    title = _("Annual report %(year)s of the program") % {"year": year}
    return render(request, "results/bilan_overview.html", {"overview": overview, "title": title, "year": year})


# --- The public site -----------------------------------------------------------------------------


@require_GET
@public_page
def public_bilans(request: HttpRequest, slug: str) -> HttpResponse:
    """The niche's adopted bilans, on the public site."""
    creneau = get_object_or_404(registry_policies.visible_creneaux(request.user), slug=slug)
    bilans = list(selectors.adopted_bilans(creneau))
    return render(request, "results/public_bilans.html", {"creneau": creneau, "bilans": bilans})


@require_GET
@public_page
def public_bilan(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """An adopted bilan's summary: key figures and highlights (404 until the committee adopts it)."""
    creneau = get_object_or_404(registry_policies.visible_creneaux(request.user), slug=slug)
    bilan = get_object_or_404(selectors.adopted_bilans(creneau), year=year)
    result = selectors.shown_report(creneau, year, bilan)
    return render(request, "results/public_bilan.html", {"creneau": creneau, "bilan": bilan, "report": result})
