"""Indicators: the list (common and plans' own), defining, changing and retiring one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.core.forms import apply_service_errors, form_page
from accord.planning import policies as planning
from accord.planning.models import Plan

from .. import policies, services
from ..forms import IndicatorForm
from ..models import Indicator
from . import GET_OR_POST, results_required


def _data(form: IndicatorForm) -> dict:  # type: ignore[type-arg]
    return {name: value for name, value in form.cleaned_data.items() if name != "reason"}


@require_GET
@results_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    """The common indicators, the plans' own, the niches whose tables the user may open, and the dashboards."""
    indicators = list(
        policies.visible_indicators(request.user)
        .select_related("plan__creneau")
        .order_by("plan__creneau__name_fr", "plan__first_year", "position", "code", "pk")
    )
    program = policies.can_see_program_bilan(request.user)
    context = {
        "common": [i for i in indicators if i.plan_id is None],
        "own": [i for i in indicators if i.plan_id is not None],
        "creneaux": policies.visible_creneaux(request.user).order_by("name_fr"),
        "can_define": policies.can_define_common_indicators(request.user),
        # The dashboards of the user's scope (decision 38): the program's (it links to every region's),
        # else their regions'.
        "program": program,
        "regions": [] if program else policies.overview_regions(request.user).order_by("code"),
    }
    return render(request, "results/indicator_list.html", context)


def _define(request: HttpRequest, *, plan: Plan | None = None, back: str) -> HttpResponse:
    # The plan on the form's instance: its uniqueness check is the right one (per plan, or among common ones).
    form = IndicatorForm(request.POST or None, instance=Indicator(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.define_indicator(
                actor=request.user, plan=plan, data=_data(form), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The indicator was defined."))
            return redirect(back)
    title = _("New common indicator") if plan is None else _("New indicator of %(plan)s") % {"plan": plan}
    return form_page(request, form, title=title, cancel_url=back, status=400 if form.is_bound else 200)


@GET_OR_POST
@results_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    """Define an indicator common to every niche: the ministry."""
    if not policies.can_define_common_indicators(request.user):
        raise PermissionDenied(_("Only the ministry defines the indicators common to every niche."))
    return _define(request, back=reverse("results:indicator_list"))


@GET_OR_POST
@results_required
def plan_indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Define one of a plan's own indicators: whoever writes the plan."""
    plan = get_object_or_404(planning.visible_plans(request.user).select_related("creneau"), pk=pk)
    if not policies.can_set_targets(request.user, plan):
        raise PermissionDenied(_("You may not change this niche's plans."))
    return _define(request, plan=plan, back=reverse("results:creneau_indicators", args=[plan.creneau_id]))


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    indicator = get_object_or_404(policies.visible_indicators(request.user).select_related("plan__creneau"), pk=pk)
    if not policies.can_edit_indicator(request.user, indicator):
        raise PermissionDenied(_("You may not change this indicator."))
    return indicator  # type: ignore[no-any-return]


@GET_OR_POST
@results_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    back = reverse("results:indicator_list")
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_indicator(
                indicator, actor=request.user, data=_data(form), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved.") if changed else _("Nothing changed."))
            return redirect(back)
    title = _("Edit the indicator “%(indicator)s”") % {"indicator": indicator.name}
    return form_page(request, form, title=title, cancel_url=back, status=400 if form.is_bound else 200)


@require_POST
@results_required
def indicator_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Retire an indicator (it takes no new value; those reported stay) or bring it back."""
    indicator = _indicator(request, pk)
    active = not indicator.active
    services.set_indicator_active(indicator, actor=request.user, active=active)
    messages.success(request, _("The indicator is back in use.") if active else _("The indicator is retired."))
    return redirect("results:indicator_list")
