"""Organisations in the back office: the list and its export, adding, editing, history; and the
suggestions of an organisation field (a créneau's managing organisation)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.views import backoffice_required
from accord.core.forms import apply_service_errors, form_page, show_conflict
from accord.core.listing import list_page
from accord.core.services import EditConflict
from accord.core.steps import create_once

from .. import policies, selectors, services
from ..filters import OrganisationFilterSet
from ..forms import OrganisationForm, model_data
from ..models import Organisation
from ..tables import OrganisationTable


@require_GET
@backoffice_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        policies.manageable_organisations(request.user)
        .only(*OrganisationTable.SELECTED_FIELDS)
        .prefetch_related(selectors.REGION)
    )
    return list_page(
        request,
        queryset=queryset,
        filterset_class=OrganisationFilterSet,
        table_class=OrganisationTable,
        prepare_rows=selectors.attach_creneaux,
        title=_("Organisations"),
        export_name="organisations",
        extra={
            "create_url": reverse("registry_bo:organisation_create"),
            "import_url": reverse("registry_bo:import_new"),
        },
    )


@require_http_methods(["GET", "POST"])
@backoffice_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            result = create_once(
                request,
                form,
                lambda: services.create_organisation(
                    actor=request.user,
                    data=model_data(form),
                    creneaux=form.cleaned_data["creneaux"],
                    reason=form.cleaned_data["reason"],
                ),
                scope="registry.organisation",
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            organisation = result.obj
            if result.created:
                messages.success(request, _("The organisation “%(name)s” was added.") % {"name": organisation})
            return redirect("registry_bo:organisation_detail", pk=organisation.pk)
    status = 400 if form.is_bound else 200
    return form_page(
        request, form, title=_("New organisation"), cancel_url=reverse("registry_bo:organisation_list"), status=status
    )


@require_GET
@backoffice_required
def organisation_options(request: HttpRequest) -> HttpResponse:
    """The registry's organisations matching what is typed in an organisation field of the back
    office's forms (an htmx listbox's options): those the user may name there."""
    if not policies.can_edit_creneaux(request.user):
        raise PermissionDenied
    field = request.GET.get("field", "")
    query = request.GET.get(field, "") if field.endswith("organisation") else ""
    context = {
        "suggestions": selectors.organisation_suggestions(policies.nameable_organisations(request.user), query),
        "listbox": f"id_{field}-options",
        # "Nothing matches" only once a search was made (two letters at least).
        "searched": len(query.strip()) >= 2,
    }
    return render(request, "registry/organisation_options.html", context)


def _organisation(request: HttpRequest, pk: int) -> Organisation:
    return get_object_or_404(policies.manageable_organisations(request.user).select_related("region"), pk=pk)


@require_GET
@backoffice_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    context = {"organisation": organisation, **selectors.organisation_links(organisation)}
    return render(request, "registry/bo/organisation_detail.html", context)


@require_POST
@backoffice_required
def organisation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Put an organisation an import created on the public site."""
    organisation = _organisation(request, pk)
    if not policies.can_publish_organisation(request.user, organisation):
        raise PermissionDenied
    services.publish_organisations([organisation], actor=request.user)
    messages.success(request, _("Published on the public site."))
    return redirect("registry_bo:organisation_detail", pk=organisation.pk)


@require_http_methods(["GET", "POST"])
@backoffice_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    if not policies.can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_organisation(
                organisation,
                actor=request.user,
                data=model_data(form),
                creneaux=form.cleaned_data["creneaux"],
                reason=form.cleaned_data["reason"],
                revision=form.revision,
            )
        except EditConflict as conflict:
            show_conflict(form, conflict)
            status = 409
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("Your changes were saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("registry_bo:organisation_detail", pk=organisation.pk)
    detail_url = reverse("registry_bo:organisation_detail", args=[organisation.pk])
    return form_page(
        request, form, title=_("Edit %(name)s") % {"name": organisation}, cancel_url=detail_url, status=status
    )


@require_GET
@backoffice_required
def organisation_history(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    context = {
        "object": organisation,
        "entries": selectors.organisation_history(organisation),
        "back_url": reverse("registry_bo:organisation_detail", args=[organisation.pk]),
    }
    return render(request, "core/object_history.html", context)
