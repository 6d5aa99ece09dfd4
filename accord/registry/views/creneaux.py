"""Créneaux in the back office: the list and its export, naming one, editing, history.

A créneau's page is its public fiche, which shows staff a link to edit it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.views import backoffice_required
from accord.core.forms import apply_service_errors, form_page, show_conflict
from accord.core.listing import list_page
from accord.core.services import EditConflict

from .. import policies, selectors, services
from ..filters import CreneauFilterSet
from ..forms import CreneauForm, model_data
from ..tables import CreneauTable


@require_GET
@backoffice_required
def creneau_list(request: HttpRequest) -> HttpResponse:
    extra = {}
    if policies.can_create_creneau(request.user):
        extra["create_url"] = reverse("registry_bo:creneau_create")
    return list_page(
        request,
        queryset=policies.manageable_creneaux(request.user)
        .select_related("coordinator")
        .prefetch_related(selectors.REGIONS),
        filterset_class=CreneauFilterSet,
        table_class=CreneauTable,
        title=_("Niches"),
        export_name="creneaux",
        extra=extra,
    )


@require_http_methods(["GET", "POST"])
@backoffice_required
def creneau_create(request: HttpRequest) -> HttpResponse:
    if not policies.can_create_creneau(request.user):
        raise PermissionDenied(_("Only ministry staff may add a niche."))
    form = CreneauForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            creneau = services.create_creneau(
                actor=request.user,
                data=model_data(form),
                regions=form.cleaned_data["regions"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The niche “%(name)s” was added.") % {"name": creneau})
            return redirect(creneau.get_absolute_url())
    status = 400 if form.is_bound else 200
    return form_page(request, form, title=_("New niche"), cancel_url=reverse("registry_bo:creneau_list"), status=status)


@require_http_methods(["GET", "POST"])
@backoffice_required
def creneau_edit(request: HttpRequest, pk: int) -> HttpResponse:
    creneau = get_object_or_404(policies.manageable_creneaux(request.user), pk=pk)
    if not policies.can_edit_creneau(request.user, creneau):
        raise PermissionDenied
    # Read before the form binds: validation writes the posted values (an emptied slug) onto the instance.
    cancel_url, title = creneau.get_absolute_url(), _("Edit %(name)s") % {"name": creneau}
    form = CreneauForm(request.POST or None, instance=creneau, user=request.user)
    if request.method == "POST" and form.is_valid():
        regions = form.cleaned_data["regions"] if not form.fields["regions"].disabled else None
        try:
            changed = services.update_creneau(
                creneau,
                actor=request.user,
                data=model_data(form),
                regions=regions,
                reason=form.cleaned_data["reason"],
                revision=form.revision,
            )
        except EditConflict as conflict:
            show_conflict(form, conflict)
            return form_page(request, form, title=title, cancel_url=cancel_url, status=409)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved.") if changed else _("Nothing changed."))
            return redirect(creneau.get_absolute_url())
    status = 400 if form.is_bound else 200
    return form_page(request, form, title=title, cancel_url=cancel_url, status=status)


@require_GET
@backoffice_required
def creneau_history(request: HttpRequest, pk: int) -> HttpResponse:
    creneau = get_object_or_404(policies.manageable_creneaux(request.user), pk=pk)
    context = {
        "object": creneau,
        "entries": selectors.creneau_history(creneau),
        "back_url": creneau.get_absolute_url(),
    }
    return render(request, "core/object_history.html", context)
