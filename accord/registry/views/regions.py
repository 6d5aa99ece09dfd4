"""Regions in the back office: the list, renaming, resource-region periods, history."""

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

from .. import policies, selectors, services
from ..filters import RegionFilterSet
from ..forms import EndResourceStatusForm, RegionForm, ResourceStatusForm, model_data
from ..models import Region
from ..tables import RegionTable


@require_GET
@backoffice_required
def region_list(request: HttpRequest) -> HttpResponse:
    return list_page(
        request,
        queryset=selectors.regions_with_creneau_counts(policies.manageable_regions(request.user)),
        filterset_class=RegionFilterSet,
        table_class=RegionTable,
        title=_("Regions"),
        export_name="regions",
    )


def _region(request: HttpRequest, code: str) -> Region:
    return get_object_or_404(policies.manageable_regions(request.user).with_resource_status(), code=code)


def _region_page(
    request: HttpRequest, region: Region, status_form: ResourceStatusForm, status: int = 200
) -> HttpResponse:
    context = {
        "region": region,
        "statuses": region.resource_statuses.order_by("-valid_from"),
        "can_edit": policies.can_edit_region(request.user, region),
        "status_form": status_form,
        "end_form": EndResourceStatusForm(),
    }
    return render(request, "registry/bo/region_detail.html", context, status=status)


@require_GET
@backoffice_required
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _region_page(request, _region(request, code), ResourceStatusForm())


def _require_region_editor(request: HttpRequest, region: Region, refusal: str) -> None:
    if not policies.can_edit_region(request.user, region):
        raise PermissionDenied(refusal)


@require_http_methods(["GET", "POST"])
@backoffice_required
def region_edit(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    _require_region_editor(request, region, _("Only ministry staff may change a region."))
    form = RegionForm(request.POST or None, instance=region)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_region(
                region,
                actor=request.user,
                data=model_data(form),
                reason=form.cleaned_data["reason"],
                revision=form.revision,
            )
        except EditConflict as conflict:
            show_conflict(form, conflict)
            status = 409
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("registry_bo:region_detail", code=region.code)
    back = reverse("registry_bo:region_detail", args=[region.code])
    return form_page(request, form, title=str(region), cancel_url=back, status=status)


@require_POST
@backoffice_required
def resource_status_add(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    _require_region_editor(request, region, _("Only ministry staff may change a region's status."))
    form = ResourceStatusForm(request.POST)
    if form.is_valid():
        try:
            services.add_resource_status(region, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The resource-region period was added."))
            return redirect("registry_bo:region_detail", code=region.code)
    return _region_page(request, region, form, status=400)


@require_POST
@backoffice_required
def resource_status_end(request: HttpRequest, code: str, status_pk: int) -> HttpResponse:
    region = _region(request, code)
    status = get_object_or_404(region.resource_statuses.all(), pk=status_pk)
    _require_region_editor(request, region, _("Only ministry staff may change a region's status."))
    form = EndResourceStatusForm(request.POST)
    if form.is_valid():
        try:
            services.end_resource_status(status, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The resource-region period was closed."))
    else:
        messages.error(request, _("Give the last day of the period."))
    return redirect("registry_bo:region_detail", code=region.code)


@require_GET
@backoffice_required
def region_history(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code)
    context = {
        "object": region,
        "entries": selectors.region_history(region),
        "back_url": reverse("registry_bo:region_detail", args=[region.code]),
    }
    return render(request, "core/object_history.html", context)
