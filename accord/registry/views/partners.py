"""The partner search (decision 58): members look for organisations of other créneaux by capability,
need, sector, region or créneau; organisations declare theirs; contact goes through the coordinators.

Who searches: the members of a créneau, its coordinator, staff (policies.PARTNERS: sign in first, then
a 403 with the reason). What is out of the user's reach is a 404; what they see but may not do, a 403.
These pages are the reader's own: no shared cache keeps them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.htmx import render_page
from accord.core.listing import filtered

from .. import policies, selectors, services
from ..filters import OfferFilterSet
from ..forms import ContactRequestForm, EndOfferForm, HandleContactForm, OfferForm, model_data
from ..models import ContactStatus, Offer, Organisation

PAGE_SIZE = 20
private = cache_control(private=True)


def _reachable_organisation(request: HttpRequest, slug: str) -> Organisation:
    """A published organisation, or one the user may declare for; a 404 otherwise."""
    organisations = policies.visible_organisations(request.user) | policies.declarable_organisations(request.user)
    return get_object_or_404(organisations.select_related("region"), slug=slug)  # type: ignore[no-any-return]


def _reachable_offer(request: HttpRequest, pk: int) -> Offer:
    """An offer the user finds in the search or may declare for; a 404 otherwise."""
    visible = policies.visible_offers(request.user).filter(pk=pk)
    declarable = Offer.objects.filter(pk=pk, organisation__in=policies.declarable_organisations(request.user))
    offer = (visible | declarable).select_related("organisation__region").first()
    if offer is None:
        raise Http404(_("No such offer."))
    return offer


@require_GET
@private
@policies.PARTNERS.required
def partner_search(request: HttpRequest) -> HttpResponse:
    """The search: a question in plain words and filters, 20 results to a page, each with its
    organisation, region, créneaux and a way to ask its coordinator for an introduction."""
    queryset = selectors.partner_results(policies.visible_offers(request.user))
    filterset = OfferFilterSet(request.GET or None, queryset=queryset)
    page = Paginator(filtered(filterset, queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    # The user's own organisations' offers are listed without a contact to ask for.
    own = set(policies.requester_organisations(request.user).values_list("pk", flat=True))
    context: dict[str, Any] = {"filter": filterset, "page": page, "own": own}
    return render_page(request, "registry/partners/search.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@private
@login_required
def organisation_offers(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's capabilities and needs, ended ones included, their history, and a form to
    declare one (for those who may: its people, its créneaux' coordinators, its office, the ministry)."""
    organisation = _reachable_organisation(request, slug)
    if not policies.can_declare_offers(request.user, organisation):
        raise PermissionDenied(_("You may not declare the capabilities and needs of this organisation."))
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_offer(
                organisation, actor=request.user, data=model_data(form), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The offer is declared: members of other niches can find it."))
            return redirect("registry:organisation_offers", organisation.slug)
    context = {
        "organisation": organisation,
        "offers": selectors.organisation_offers(organisation, ended=True),
        "history": selectors.offer_history(organisation),
        "form": form,
        "end_form": EndOfferForm(),
    }
    return render(request, "registry/partners/organisation_offers.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@private
@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an active offer's words, kind or sector."""
    offer = _reachable_offer(request, pk)
    if not policies.can_declare_offers(request.user, offer.organisation):
        raise PermissionDenied(_("You may not declare the capabilities and needs of this organisation."))
    # The form is filled from the offer, never bound to it: the service saves what changes, with its history.
    form = OfferForm(request.POST) if request.method == "POST" else OfferForm(instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_offer(offer, actor=request.user, data=model_data(form), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The offer is saved."))
            return redirect("registry:organisation_offers", offer.organisation.slug)
    context = {"offer": offer, "organisation": offer.organisation, "form": form}
    return render(request, "registry/partners/offer_edit.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def offer_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End an offer that no longer holds, saying why (it stays in the history)."""
    offer = _reachable_offer(request, pk)
    if not policies.can_declare_offers(request.user, offer.organisation):
        raise PermissionDenied(_("You may not declare the capabilities and needs of this organisation."))
    form = EndOfferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the offer ends."))
    else:
        try:
            services.end_offer(offer, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The offer has ended: it no longer appears in the search."))
    return redirect("registry:organisation_offers", offer.organisation.slug)


@require_http_methods(["GET", "POST"])
@private
@policies.PARTNERS.required
def contact_request_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the coordinators of the offer's organisation's créneaux to put you in touch."""
    offer = get_object_or_404(policies.visible_offers(request.user).select_related("organisation"), pk=pk)
    if not policies.can_request_contact(request.user, offer):
        raise PermissionDenied(_("A contact request is written on behalf of an organisation you belong to."))
    organisations = policies.requester_organisations(request.user).exclude(pk=offer.organisation_id)
    form = ContactRequestForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_contact(
                offer,
                actor=request.user,
                requester_organisation=form.cleaned_data["requester_organisation"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request is sent to the coordinator, who will forward it."))
            return redirect("registry:partner_search")
    context = {"offer": offer, "form": form}
    return render(request, "registry/partners/contact_request.html", context, status=400 if form.errors else 200)


@require_GET
@private
@policies.CONTACTS.required
def contact_request_list(request: HttpRequest) -> HttpResponse:
    """The contact requests addressed to the coordinator (every one for the ministry), pending first."""
    requests = selectors.contact_requests(policies.visible_contact_requests(request.user))
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "form": HandleContactForm(), "pending": ContactStatus.PENDING}
    return render(request, "registry/partners/contact_request_list.html", context)


@require_POST
@policies.CONTACTS.required
def contact_request_handle(request: HttpRequest, pk: int) -> HttpResponse:
    """Forward a pending request or decline it, with a note."""
    contact = get_object_or_404(policies.visible_contact_requests(request.user), pk=pk)
    form = HandleContactForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to forward or to decline."))
    else:
        try:
            services.handle_contact_request(
                contact, actor=request.user, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The request is recorded: %(outcome)s.") % {"outcome": contact.get_status_display()}
            )
    return redirect("registry:contact_request_list")
