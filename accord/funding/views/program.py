"""The program's settings: periods, the versions of the fund guide, delegations to the regional
committees. The ministry writes; a regional office and the members of a regional committee read
their region's (policies.can_manage_program, visible_envelopes, visible_delegations)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from accord.core.exports import export_response
from accord.core.forms import apply_service_errors, form_page
from accord.core.money import format_money
from accord.core.steps import error_text
from accord.core.workflow import InvalidTransition
from accord.registry.models import OrganisationKind, Region

from .. import policies, selectors, services
from ..forms import DelegationForm, GuideForm, PeriodForm, RevokeForm, guide_initial
from ..models import DEFAULT_ENVELOPE, RESOURCE_REGION_ENVELOPE, CostCategory, FundGuide
from ..tables import DelegationTable, GuideTable, PeriodTable
from . import GET_OR_POST, program_required, require_manager

# --- Periods ---------------------------------------------------------------------------------


@require_GET
@program_required
def period_list(request: HttpRequest) -> HttpResponse:
    """The periods with the envelopes the user sees (the list exports to CSV or Excel)."""
    periods = selectors.periods()
    totals = selectors.envelope_totals_by_period(policies.visible_envelopes(request.user))
    current = selectors.default_period(periods)
    table = PeriodTable(
        [
            {"period": period, "current": period == current, **totals.get(period.pk, {"count": 0, "amount": None})}
            for period in periods
        ]
    )
    exported = export_response(request, table, "periods")
    if exported is not None:
        return exported
    context = {"table": table, "can_manage": policies.can_manage_program(request.user)}
    return render(request, "funding/program/period_list.html", context)


@GET_OR_POST
@program_required
def period_create(request: HttpRequest) -> HttpResponse:
    """A new period: each region gets its envelope at the default amount."""
    require_manager(request)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.create_period(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            count = period.envelopes.count()  # type: ignore[attr-defined]
            messages.success(
                request,
                _("The period %(name)s was created with %(count)s envelopes: here they are.")
                % {"name": period, "count": count},
            )
            return redirect(f"{reverse('funding:envelope_list')}?{urlencode({'period': period.code})}")
    context = {
        "form": form,
        "default_amount": DEFAULT_ENVELOPE,
        "resource_amount": RESOURCE_REGION_ENVELOPE,
        "regions": Region.objects.count(),
    }
    return render(request, "funding/program/period_form.html", context, status=400 if form.is_bound else 200)


# --- The fund guide --------------------------------------------------------------------------


@require_GET
@program_required
def guide_list(request: HttpRequest) -> HttpResponse:
    """The versions of the fund guide, the latest first (the list exports to CSV or Excel)."""
    guides = FundGuide.objects.select_related("adopted_by").order_by("-version")
    table = GuideTable(guides, current=selectors.current_guide())
    exported = export_response(request, table, "fund-guide")
    if exported is not None:
        return exported
    context = {"table": table, "can_manage": policies.can_manage_program(request.user)}
    return render(request, "funding/program/guide_list.html", context)


def _labels(values: list[str], choices: Any) -> list[str]:
    names = dict(choices)
    return [str(names.get(value, value)) for value in values]


@require_GET
@program_required
def guide_detail(request: HttpRequest, version: int) -> HttpResponse:
    """Every rule of a version, in plain words, and how many projects were checked against it."""
    guide = get_object_or_404(FundGuide.objects.select_related("adopted_by"), version=version)
    context = {
        "guide": guide,
        "current": selectors.current_guide(),
        "carrier_kinds": _labels(guide.eligible_carrier_kinds, OrganisationKind.choices),
        "cost_categories": _labels(guide.eligible_cost_categories, CostCategory.choices),
        "ineligible_categories": [
            str(label) for value, label in CostCategory.choices if value not in guide.eligible_cost_categories
        ],
        "projects": policies.visible_projects(request.user).filter(guide=guide).count(),
        "can_manage": policies.can_manage_program(request.user),
    }
    return render(request, "funding/program/guide_detail.html", context)


@GET_OR_POST
@program_required
def guide_create(request: HttpRequest) -> HttpResponse:
    """A new version of the guide, starting from the rules in force."""
    require_manager(request)
    current = selectors.current_guide()
    latest = FundGuide.objects.order_by("-in_force_from", "-version").first()
    initial = guide_initial(current or latest)
    today = timezone.localdate()
    initial["in_force_from"] = max(today, latest.in_force_from) if latest is not None else today
    form = GuideForm(request.POST or None, initial=initial, latest=latest)
    if request.method == "POST" and form.is_valid():
        try:
            guide = services.publish_guide(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Version %(version)s of the fund guide was published.") % {"version": guide.version}
            )
            return redirect("funding:guide_detail", version=guide.version)
    return form_page(
        request,
        form,
        title=_("New version of the fund guide"),
        cancel_url=reverse("funding:guide_list"),
        status=400 if form.is_bound else 200,
    )


# --- Delegations -----------------------------------------------------------------------------


@require_GET
@program_required
def delegation_list(request: HttpRequest) -> HttpResponse:
    """Active and revoked delegations, each with the projects it let a regional committee grant.

    ?_export=csv|xlsx gives both in one file, the active first, with a status column.
    """
    delegations = selectors.delegations(request.user)
    active = [d for d in delegations if d.is_active]
    revoked = [d for d in delegations if not d.is_active]
    exported = export_response(request, DelegationTable(active + revoked), "delegations")
    if exported is not None:
        return exported
    can_manage = policies.can_manage_program(request.user)
    # Each section says which delegations it holds: the page leaves out what the heading says.
    active_table = DelegationTable(
        active, exclude=("status", "revoked_at", "revoked_by", *(() if can_manage else ("actions",)))
    )
    RequestConfig(request, paginate=False).configure(active_table)  # the revoke forms' CSRF token
    context = {
        "active": active,
        "revoked": revoked,
        "active_table": active_table,
        "revoked_table": DelegationTable(revoked, exclude=("status", "actions")),
        "can_manage": can_manage,
    }
    return render(request, "funding/program/delegation_list.html", context)


@GET_OR_POST
@program_required
def delegation_create(request: HttpRequest) -> HttpResponse:
    """The ministry delegates the final approval of a region's smaller projects to its committee."""
    require_manager(request)
    form = DelegationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delegation = services.delegate(
                actor=request.user,
                region=data["region"],
                period=data["period"],
                up_to=data["up_to"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The final approval is delegated to %(region)s up to %(amount)s.")
                % {"region": delegation.region, "amount": format_money(delegation.up_to)},
            )
            return redirect("funding:delegation_list")
    return form_page(
        request,
        form,
        title=_("Delegate the final approval to a regional committee"),
        cancel_url=reverse("funding:delegation_list"),
        status=400 if form.is_bound else 200,
    )


@require_POST
@program_required
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """The ministry revokes a delegation, with the reason."""
    delegation = get_object_or_404(policies.visible_delegations(request.user), pk=pk)
    require_manager(request)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("The delegation was not revoked: %(error)s") % {"error": error})
        return redirect("funding:delegation_list")
    try:
        services.revoke_delegation(delegation, actor=request.user, reason=form.cleaned_data["reason"])
    except (ValidationError, InvalidTransition) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The delegation to %(region)s was revoked.") % {"region": delegation.region})
    return redirect("funding:delegation_list")
