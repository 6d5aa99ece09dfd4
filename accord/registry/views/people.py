"""People in the back office: the list and its export, adding, editing, history, ties to organisations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.views import backoffice_required
from accord.core.forms import apply_service_errors, form_page
from accord.core.listing import list_page

from .. import policies, selectors, services
from ..filters import PersonFilterSet
from ..forms import AffiliationForm, PersonForm, model_data
from ..models import Person
from ..tables import PersonTable


@require_GET
@backoffice_required
def person_list(request: HttpRequest) -> HttpResponse:
    return list_page(
        request,
        queryset=selectors.people_with_organisations(policies.manageable_people(request.user)),
        filterset_class=PersonFilterSet,
        table_class=PersonTable,
        title=_("People"),
        export_name="people",
        extra={"create_url": reverse("registry_bo:person_create"), "import_url": reverse("registry_bo:import_new")},
    )


@require_http_methods(["GET", "POST"])
@backoffice_required
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(
                actor=request.user, data=model_data(form), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person})
            return redirect("registry_bo:person_detail", pk=person.pk)
    status = 400 if form.is_bound else 200
    return form_page(request, form, title=_("New person"), cancel_url=reverse("registry_bo:person_list"), status=status)


def _person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(policies.manageable_people(request.user).select_related("region"), pk=pk)


@require_GET
@backoffice_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    query = request.GET.get("organisation_q", "").strip()
    affiliations = list(person.affiliations.select_related("organisation").order_by("organisation__name"))
    for affiliation in affiliations:
        affiliation.removable = policies.can_edit_organisation(request.user, affiliation.organisation)  # type: ignore[attr-defined]
    context = {
        "person": person,
        "affiliations": affiliations,
        "organisation_query": query,
        "candidates": selectors.affiliation_candidates(request.user, query),
        "affiliation_form": AffiliationForm(),
    }
    return render(request, "registry/bo/person_detail.html", context)


@require_http_methods(["GET", "POST"])
@backoffice_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_person(
                person, actor=request.user, data=model_data(form), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved.") if changed else _("Nothing changed."))
            return redirect("registry_bo:person_detail", pk=person.pk)
    status = 400 if form.is_bound else 200
    detail_url = reverse("registry_bo:person_detail", args=[person.pk])
    return form_page(request, form, title=_("Edit %(name)s") % {"name": person}, cancel_url=detail_url, status=status)


@require_GET
@backoffice_required
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    context = {
        "object": person,
        "entries": selectors.person_history(person),
        "back_url": reverse("registry_bo:person_detail", args=[person.pk]),
    }
    return render(request, "core/object_history.html", context)


@require_POST
@backoffice_required
def affiliation_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = AffiliationForm(request.POST)
    if form.is_valid():
        organisation = get_object_or_404(
            policies.manageable_organisations(request.user), pk=form.cleaned_data["organisation"]
        )
        services.add_affiliation(
            person,
            organisation,
            actor=request.user,
            job_title=form.cleaned_data["job_title"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("%(person)s is now linked to %(org)s.") % {"person": person, "org": organisation})
    else:
        messages.error(request, _("Choose an organisation in the list."))
    return redirect("registry_bo:person_detail", pk=person.pk)


@require_POST
@backoffice_required
def affiliation_remove(request: HttpRequest, pk: int, affiliation_pk: int) -> HttpResponse:
    person = _person(request, pk)
    affiliation = get_object_or_404(person.affiliations.select_related("organisation"), pk=affiliation_pk)
    services.remove_affiliation(affiliation, actor=request.user, reason=request.POST.get("reason", "")[:100])
    messages.success(request, _("The link with %(org)s was removed.") % {"org": affiliation.organisation})
    return redirect("registry_bo:person_detail", pk=person.pk)
