"""The regions' communication plans (decision 51): the ministry reads every region's, an office keeps
its own (a plan a year, its budget and aims, its activities within that budget, the niches they serve)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.steps import form_step
from accord.registry.models import Region

from .. import policies, selectors, services
from ..forms import ActivityForm, CommunicationPlanForm
from ..models import CommunicationPlan, PlanActivity
from . import GET_OR_POST

plans_required = policies.COMMUNICATION_PLANS.required


def _plan(request: HttpRequest, pk: int) -> CommunicationPlan:
    found = policies.visible_communication_plans(request.user).select_related("region")
    return get_object_or_404(found, pk=pk)  # type: ignore[no-any-return]


def _require_keeper(request: HttpRequest, region: Region) -> None:
    if not policies.can_keep_communication_plan(request.user, region):
        raise PermissionDenied(_("Only the region's office keeps its communication plan."))


@require_GET
@plans_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans the user sees, the latest year first, each with its budget and what its activities
    cost and have done (one query); the regions whose plan the user may start."""
    plans = selectors.communication_plans(request.user)
    regions = policies.kept_regions(request.user).order_by("code")
    return render(request, "communication/bo/plan_list.html", {"plans": plans, "regions": regions})


@GET_OR_POST
@plans_required
def plan_create(request: HttpRequest, code: str) -> HttpResponse:
    """Start the region's plan for a year (its office only)."""
    region = get_object_or_404(Region, code=code)
    _require_keeper(request, region)
    form = CommunicationPlanForm(request.POST or None)
    created: dict[str, Any] = {}

    def run(data: dict[str, Any]) -> str:
        created["plan"] = services.create_communication_plan(
            region=region, actor=request.user, data=data, reason=data.get("reason", "")
        )
        return _("The communication plan is started: add its activities.")

    back = reverse("communication_bo:plan_list")
    return form_step(
        request,
        form,
        run,
        template="core/object_form.html",
        context={"title": _("Communication plan of %(region)s") % {"region": region.name}, "cancel_url": back},
        back=back,
        done_url=lambda: created["plan"].get_absolute_url(),
    )


@require_GET
@plans_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan: its aims, its budget against what its activities cost, its activities and their niches."""
    # The plan with what its activities cost, as the list reads it (one query, not a sum here).
    plan = get_object_or_404(selectors.communication_plans(request.user), pk=pk)
    activities = selectors.plan_activities(plan)
    planned = plan.planned or Decimal(0)  # type: ignore[attr-defined]
    context = {
        "plan": plan,
        "activities": activities,
        "planned": planned,
        "left": plan.budget - planned,
        "can_keep": policies.can_keep_communication_plan(request.user, plan.region),
    }
    return render(request, "communication/bo/plan_detail.html", context)


@GET_OR_POST
@plans_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _require_keeper(request, plan.region)
    form = CommunicationPlanForm(request.POST or None, instance=plan)

    def run(data: dict[str, Any]) -> str:
        services.update_communication_plan(plan, actor=request.user, data=data, reason=data.get("reason", ""))
        return _("The communication plan is saved.")

    return form_step(
        request,
        form,
        run,
        template="core/object_form.html",
        context={"title": str(plan), "cancel_url": plan.get_absolute_url()},
        back=plan.get_absolute_url(),
    )


@GET_OR_POST
@plans_required
def activity_edit(request: HttpRequest, pk: int, activity_pk: int | None = None) -> HttpResponse:
    """Add an activity to the plan, or change one."""
    plan = _plan(request, pk)
    _require_keeper(request, plan.region)
    activity = get_object_or_404(PlanActivity, plan=plan, pk=activity_pk) if activity_pk else None
    # Unbound, a ModelForm would save into the instance: the service does, from the cleaned data.
    form = ActivityForm(request.POST or None, instance=activity, plan=plan)

    def run(data: dict[str, Any]) -> str:
        services.save_activity(plan, actor=request.user, data=data, activity=activity, reason=data.get("reason", ""))
        return _("The activity is saved.")

    title = str(activity) if activity else _("New activity of %(plan)s") % {"plan": plan}
    return form_step(
        request,
        form,
        run,
        template="core/object_form.html",
        context={"title": title, "cancel_url": plan.get_absolute_url()},
        back=plan.get_absolute_url(),
    )


@require_GET
@plans_required
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed the plan and its activities, when, why and what: whoever sees the plan reads it."""
    plan = _plan(request, pk)
    context = {"object": str(plan), "entries": selectors.plan_history(plan), "back_url": plan.get_absolute_url()}
    return render(request, "core/object_history.html", context)
