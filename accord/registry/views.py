"""Public pages: home, regions, créneau fact sheets, organisations, search.

Visible to everyone, in French and English, without personal or contact details (staff
in scope see an organisation's contacts and a link to manage it).
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.htmx import render_page
from accord.core.listing import filtered
from accord.core.public import public_page
from accord.core.text import search_terms

from . import policies, selectors
from .filters import CreneauFilterSet, PublicOrganisationFilterSet
from .models import Creneau, Region

PUBLIC_PAGE_SIZE = 30


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """Landing page: what ACCORD is, search, regions with their number of créneaux."""
    creneaux = policies.visible_creneaux(request.user).active()
    context = {
        "regions": selectors.regions_with_creneau_counts(policies.visible_regions(request.user)),
        "creneau_count": creneaux.count(),
        "categories": selectors.category_counts(creneaux),
    }
    return render(request, "registry/home.html", context)


@require_GET
@public_page
def region_list(request: HttpRequest) -> HttpResponse:
    """Every region with its resource-region status and its active créneaux."""
    active = Creneau.objects.active().only("pk", "slug", "name_fr", "name_en", "category")
    regions = (
        policies.visible_regions(request.user)
        .with_resource_status()
        .prefetch_related(Prefetch("creneaux", queryset=active, to_attr="active_creneaux"))
    )
    return render(request, "registry/region_list.html", {"regions": regions})


@require_GET
@public_page
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A region's page: status, créneaux (interregional ones show their other regions)."""
    region = get_object_or_404(policies.visible_regions(request.user).with_resource_status(), code=code)
    creneaux = (
        region.creneaux.all()  # type: ignore[attr-defined]
        .only("pk", "slug", "name_fr", "name_en", "category", "recognition_stage", "ended_on")
        .prefetch_related(
            Prefetch("regions", queryset=Region.objects.only("pk", "code", "name"), to_attr="region_list")
        )
        .order_by("ended_on", "name_fr")
    )
    context = {"region": region, "creneaux": creneaux}
    return render(request, "registry/region_detail.html", context)


@require_GET
@public_page
def creneau_list(request: HttpRequest) -> HttpResponse:
    """All créneaux, filtered by region, category, stage, and searchable."""
    queryset = (
        policies.visible_creneaux(request.user)
        .only(
            "pk",
            "slug",
            "name_fr",
            "name_en",
            "category",
            "recognition_stage",
            "ended_on",
            "industry_fr",
            "industry_en",
        )
        .prefetch_related(
            Prefetch("regions", queryset=Region.objects.only("pk", "code", "name"), to_attr="region_list")
        )
        .order_by("ended_on", "name_fr")
    )
    filterset = CreneauFilterSet(request.GET or None, queryset=queryset)
    page = Paginator(filtered(filterset, queryset), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "registry/creneau_list.html", {"filter": filterset, "page": page}, partial="results")


def _creneau_for_fiche(request: HttpRequest, slug: str) -> Creneau:
    queryset = policies.visible_creneaux(request.user).select_related("management_organisation", "coordinator")
    return get_object_or_404(queryset, slug=slug)


@require_GET
@public_page
def creneau_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The fiche créneau: definition, industry, regions, category, stage, structure, members."""
    creneau = _creneau_for_fiche(request, slug)
    members = selectors.creneau_members(creneau)
    context = {
        "creneau": creneau,
        "regions": creneau.regions.only("pk", "code", "name"),
        "predecessors": creneau.predecessors.only("pk", "slug", "name_fr", "name_en"),
        "successors": creneau.successors.only("pk", "slug", "name_fr", "name_en"),
        "page": Paginator(members, settings.ACCORD_PAGE_SIZE * 2).get_page(request.GET.get("page")),
        "can_edit": policies.can_edit_creneau(request.user, creneau),
    }
    return render_page(request, "registry/creneau_detail.html", context, partial="members")


@require_GET
@public_page
def creneau_fiche_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The fiche créneau as a printable PDF (WeasyPrint), with every member."""
    from weasyprint import HTML  # noqa: PLC0415  heavy import, only when a PDF is asked for

    creneau = _creneau_for_fiche(request, slug)
    html = render_to_string(
        "registry/creneau_fiche_pdf.html",
        {"creneau": creneau, "regions": creneau.regions.all(), "members": selectors.creneau_members(creneau)},
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="fiche-{creneau.slug}.pdf"'
    return response


@require_GET
@public_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The public directory of organisations."""
    queryset = (
        policies.visible_organisations(request.user)
        .prefetch_related(selectors.REGION)
        .only("pk", "slug", "name", "kind", "city", "is_demo", "is_leader", "region__code", "region__name")
        .order_by("name", "pk")
    )
    filterset = PublicOrganisationFilterSet(request.GET or None, queryset=queryset)
    page = Paginator(filtered(filterset, queryset), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    creneau = filterset.form.cleaned_data.get("creneau") if filterset.is_bound and filterset.is_valid() else None
    context = {"filter": filterset, "page": page, "creneau": creneau}
    return render_page(request, "registry/organisation_list.html", context, partial="results")


@require_GET
@public_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's public page; contact details only for staff in scope."""
    organisation = get_object_or_404(
        policies.visible_organisations(request.user)
        .select_related("region")
        .prefetch_related(
            Prefetch(
                "creneaux", queryset=Creneau.objects.only("pk", "slug", "name_fr", "name_en"), to_attr="creneau_list"
            )
        ),
        slug=slug,
    )
    context = {
        "organisation": organisation,
        "show_contacts": policies.can_view_contact_details(request.user, organisation),
    }
    return render(request, "registry/organisation_detail.html", context)


@require_GET
@public_page
def search(request: HttpRequest) -> HttpResponse:
    """One search across créneaux, regions and organisations, ignoring accents and case."""
    query = request.GET.get("q", "").strip()[:200]
    context: dict[str, object] = {"query": query}
    if search_terms(query):
        context["creneaux"] = list(
            policies.visible_creneaux(request.user)
            .search(query)
            .only("pk", "slug", "name_fr", "name_en", "category", "ended_on")
            .order_by("ended_on", "name_fr")[:20]
        )
        context["regions"] = list(policies.visible_regions(request.user).search(query)[:17])
        organisations = (
            policies.visible_organisations(request.user)
            .search(query)
            .prefetch_related(selectors.REGION)
            .only("pk", "slug", "name", "kind", "city", "is_demo", "region__code", "region__name")
            .order_by("name", "pk")
        )
        context["page"] = Paginator(organisations, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    elif "q" in request.GET:
        context["message"] = _("Type at least one letter or digit.")
    return render_page(request, "registry/search.html", context, partial="results")
