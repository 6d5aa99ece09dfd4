"""The program's network of créneaux, each créneau's links, and the links its people declare."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.steps import form_step
from accord.planning.models import AxisKind
from accord.registry.models import Creneau, CreneauCategory

from .. import policies, selectors, services
from ..forms import SUPPLIED, EndLinkForm, LinkForm, NetworkFilterForm
from ..models import CreneauLink, LinkKind
from . import GET_OR_POST, collaboration_required


def _links_url(creneau: Creneau) -> str:
    return reverse("collaboration:creneau_links", args=[creneau.slug])


@require_GET
@collaboration_required
def network(request: HttpRequest) -> HttpResponse:
    """The créneaux and their links: a map drawn by the browser and, always, the same data as a table,
    both narrowed by the same filters (region, theme of the plans, kinds of link)."""
    form = NetworkFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "region": form.cleaned_data["region"],
            "theme": form.cleaned_data["theme"],
            "kinds": form.cleaned_data["kind"],
        }
    found = selectors.network(**filters)
    context = {
        "form": form,
        "network": found,
        "graph": found.as_data(_links_url),
        "categories": CreneauCategory.choices,
        "kinds": LinkKind.choices,
    }
    return render(
        request, "collaboration/network.html", context, status=200 if form.is_valid() or not form.is_bound else 400
    )


@require_GET
@collaboration_required
def creneau_links(request: HttpRequest, slug: str) -> HttpResponse:
    """One créneau's links with the others, each with its reasons (only the names the reader may see)."""
    creneau = get_object_or_404(Creneau, slug=slug)
    edges = selectors.creneau_links(creneau, request.user)
    # No query: the powers come from the request's roles, read once.
    endable = {
        reason.link.pk
        for edge in edges
        for reason in edge.reasons
        if reason.link is not None and policies.can_end_link(request.user, reason.link)
    }
    context = {
        "creneau": creneau,
        "edges": edges,
        "endable": endable,
        "can_declare": policies.may_declare(request.user),
        "themes": dict(AxisKind.choices),
    }
    return render(request, "collaboration/creneau_links.html", context)


@GET_OR_POST
@collaboration_required
def link_declare(request: HttpRequest, slug: str) -> HttpResponse:
    """Declare a link of this créneau with another: whoever speaks for one of the two."""
    creneau = get_object_or_404(Creneau, slug=slug)
    if not policies.may_declare(request.user):
        raise PermissionDenied(_("You may declare links only for a niche whose committee you coordinate or preside."))
    back = _links_url(creneau)
    form = LinkForm(request.POST or None, creneau=creneau)

    def run(data: dict[str, Any]) -> str:
        source, target = creneau, data["target"]
        if data["kind"] == LinkKind.SUPPLIER_CUSTOMER and data["direction"] == SUPPLIED:
            source, target = target, source
        if not policies.can_declare_link(request.user, source, target):
            raise PermissionDenied(
                _("You may declare links only for a niche whose committee you coordinate or preside.")
            )
        services.declare_link(
            source,
            target,
            actor=request.user,
            kind=data["kind"],
            description_fr=data["description_fr"],
            description_en=data["description_en"],
        )
        return _("The link is declared.")

    context = {"title": _("Declare a link of %(niche)s") % {"niche": creneau.name}, "cancel_url": back}
    return form_step(request, form, run, template="core/object_form.html", context=context, back=back)


def _link(request: HttpRequest, pk: int) -> CreneauLink:
    return get_object_or_404(policies.visible_links().select_related("source", "target"), pk=pk)  # type: ignore[no-any-return]


@GET_OR_POST
@collaboration_required
def link_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a declared link, saying why: the link stays in its history."""
    link = _link(request, pk)
    if not policies.can_end_link(request.user, link):
        raise PermissionDenied(_("You may end links only for a niche whose committee you coordinate or preside."))
    back = _links_url(link.source)
    form = EndLinkForm(request.POST or None)

    def run(data: dict[str, Any]) -> str:
        services.end_link(link, actor=request.user, reason=data["reason"])
        return _("The link has ended; its history keeps it.")

    context = {"title": _("End the link: %(link)s") % {"link": link}, "cancel_url": back}
    return form_step(request, form, run, template="core/object_form.html", context=context, back=back)


@require_GET
@collaboration_required
def link_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who declared the link, who ended it, when and why."""
    link = _link(request, pk)
    context = {"object": str(link), "entries": selectors.link_history(link), "back_url": _links_url(link.source)}
    return render(request, "core/object_history.html", context)
