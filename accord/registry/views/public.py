"""Public pages: home, regions, créneau fact sheets, organisations, search.

Visible to everyone, in French and English, without personal or contact details (staff
in scope see an organisation's contacts and a link to manage it).
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.htmx import render_page
from accord.core.listing import filtered
from accord.core.public import public_page
from accord.core.text import search_terms

from .. import documents, policies, selectors, showcase
from ..filters import CreneauFilterSet, PublicOrganisationFilterSet
from ..models import Creneau

PUBLIC_PAGE_SIZE = 30


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """Landing page: what ACCORD is, search, regions with their number of créneaux."""
    return render(request, "registry/home.html", selectors.home(request.user))


@require_GET
@public_page
def region_list(request: HttpRequest) -> HttpResponse:
    """Every region with its resource-region status and its active créneaux."""
    regions = selectors.regions_with_active_creneaux(policies.visible_regions(request.user))
    return render(request, "registry/region_list.html", {"regions": regions})


@require_GET
@public_page
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A region's page: status, créneaux (interregional ones show their other regions)."""
    region = get_object_or_404(policies.visible_regions(request.user).with_resource_status(), code=code)
    context = {"region": region, "creneaux": selectors.region_creneaux(region), "showcase": showcase.for_region(region)}
    return render(request, "registry/region_detail.html", context)


@require_GET
@public_page
def creneau_list(request: HttpRequest) -> HttpResponse:
    """All créneaux, filtered by region, category, stage, and searchable."""
    queryset = selectors.creneau_directory(policies.visible_creneaux(request.user))
    filterset = CreneauFilterSet(request.GET or None, queryset=queryset)
    page = Paginator(filtered(filterset, queryset), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "registry/creneau_list.html", {"filter": filterset, "page": page}, partial="results")


def _creneau(request: HttpRequest, slug: str) -> Creneau:
    queryset = policies.visible_creneaux(request.user).select_related("management_organisation", "coordinator")
    return get_object_or_404(queryset, slug=slug)


@require_GET
@public_page
def creneau_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The fiche créneau: definition, industry, regions, category, stage, structure, members."""
    creneau = _creneau(request, slug)
    sheet = selectors.creneau_sheet(creneau)
    members = sheet.pop("members")
    context = {
        "creneau": creneau,
        **sheet,
        "page": Paginator(members, settings.ACCORD_PAGE_SIZE * 2).get_page(request.GET.get("page")),
        "can_edit": policies.can_edit_creneau(request.user, creneau),
        "showcase": showcase.for_creneau(creneau),
    }
    return render_page(request, "registry/creneau_detail.html", context, partial="members")


@require_GET
@public_page
def creneau_fiche_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The fiche créneau as a printable PDF, with every member."""
    creneau = _creneau(request, slug)
    response = HttpResponse(documents.creneau_fiche_pdf(creneau, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="fiche-{creneau.slug}.pdf"'
    return response


@require_GET
@public_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The public directory of organisations."""
    queryset = selectors.organisation_directory(policies.visible_organisations(request.user))
    filterset = PublicOrganisationFilterSet(request.GET or None, queryset=queryset)
    page = Paginator(filtered(filterset, queryset), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    creneau = filterset.form.cleaned_data.get("creneau") if filterset.is_bound and filterset.is_valid() else None
    context = {"filter": filterset, "page": page, "creneau": creneau}
    return render_page(request, "registry/organisation_list.html", context, partial="results")


@require_GET
@public_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's public page; contact details only for staff in scope."""
    organisations = selectors.organisations_with_creneaux(policies.visible_organisations(request.user))
    organisation = get_object_or_404(organisations, slug=slug)
    context: dict[str, object] = {
        "organisation": organisation,
        "show_contacts": policies.can_view_contact_details(request.user, organisation),
    }
    if request.user.is_authenticated:
        # Its capabilities and needs (decision 58): for those who may search partners, and for
        # those who declare them; an anonymous visitor's page (the one kept whole) has neither.
        declare = policies.can_declare_offers(request.user, organisation)
        if declare or policies.can_search_partners(request.user):
            context.update(offers=selectors.organisation_offers(organisation), declare_offers=declare)
    return render(request, "registry/organisation_detail.html", context)


@require_GET
@public_page
def search(request: HttpRequest) -> HttpResponse:
    """One search across créneaux, regions and organisations, and what the apps above find (news and
    success stories), ignoring accents and case."""
    query = request.GET.get("q", "").strip()[:200]
    context: dict[str, object] = {"query": query}
    if search_terms(query):
        found = selectors.search(request.user, query)
        organisations = found.pop("organisations")
        context.update(found, page=Paginator(organisations, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page")))
        # What the apps above find (news and success stories): registry.showcase.
        context["sections"] = showcase.for_search(query)
    elif "q" in request.GET:
        context["message"] = _("Type at least one letter or digit.")
    return render_page(request, "registry/search.html", context, partial="results")


@require_GET
@public_page
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice (Law 25): what Accord keeps about people, why, how long, their rights,
    and how to reach the privacy officer (settings.ACCORD_PRIVACY_OFFICER)."""
    return render(request, "registry/privacy_notice.html", {"officer": settings.ACCORD_PRIVACY_OFFICER})
