"""Plans: the lists, a plan's page, creating, editing and adopting a plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.forms import apply_service_errors, form_page
from accord.core.steps import form_step

from .. import policies, selectors, services
from ..forms import AdoptForm, PlanForm, model_data
from ..models import Plan, PlanStatus
from . import GET_OR_POST, planning_required, require_editor


def _plan(request: HttpRequest, pk: int) -> Plan:
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_plans(request.user).select_related("creneau", "resolution", "rejected_by"), pk=pk
    )


@require_GET
@planning_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Every plan the user may read, by niche, with each plan's progress."""
    plans = selectors.plan_list(policies.visible_plans(request.user))
    return render(request, "planning/plan_list.html", {"plans": plans})


@require_GET
@planning_required
def creneau_plans(request: HttpRequest, pk: int) -> HttpResponse:
    """A niche's plans, latest first; who writes them may start a new one."""
    creneau = get_object_or_404(policies.visible_creneaux(request.user), pk=pk)
    context = {
        "creneau": creneau,
        "plans": selectors.creneau_plans(creneau, policies.visible_plans(request.user)),
        "can_edit": policies.can_edit_plans(request.user, creneau),
    }
    return render(request, "planning/creneau_plans.html", context)


@GET_OR_POST
@planning_required
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    creneau = get_object_or_404(policies.visible_creneaux(request.user), pk=pk)
    if not policies.can_edit_plans(request.user, creneau):
        raise PermissionDenied(_("You may not change this niche's plans."))
    year = timezone.localdate().year
    form = PlanForm(request.POST or None, initial={"first_year": year, "last_year": year + 2})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                creneau, actor=request.user, data=model_data(form), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The plan was created."))
            return redirect(plan)
    title = _("New plan for %(niche)s") % {"niche": creneau.name}
    cancel = reverse("planning:creneau_plans", args=[creneau.pk])
    return form_page(request, form, title=title, cancel_url=cancel, status=400 if form.is_bound else 200)


@require_GET
@planning_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan: its strategy, then its axes, objectives and actions, each level with its progress
    (a bar, and the figure in text) and each axis with its budget."""
    plan = _plan(request, pk)
    page = selectors.plan_page(plan)
    can_edit = policies.can_edit_plan(request.user, plan)
    is_draft = plan.status == PlanStatus.DRAFT
    selectors.attach_serving(page, request.user)
    context = {
        "plan": plan,
        "page": page,
        "can_edit": can_edit,
        "is_draft": is_draft,
        "can_submit": can_edit and is_draft and plan.submitted_at is None,
        "can_record": is_draft and plan.submitted_at is None and policies.can_record_adoption(request.user, plan),
        "can_add_programme": can_edit and len(page.programmes) < plan.last_year - plan.first_year + 1,
    }
    return render(request, "planning/plan_detail.html", context)


@GET_OR_POST
@planning_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    require_editor(request, plan)
    title, back = _("Edit %(plan)s") % {"plan": plan}, plan.get_absolute_url()
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_plan(
                plan, actor=request.user, data=model_data(form), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved.") if changed else _("Nothing changed."))
            return redirect(back)
    return form_page(request, form, title=title, cancel_url=back, status=400 if form.is_bound else 200)


@GET_OR_POST
@planning_required
def plan_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an adoption decided outside Accord (ministry and regional offices): the day, and the
    committee's resolution when it is in Accord. A coordinator submits the plan to the committee."""
    plan = _plan(request, pk)
    require_editor(request, plan)
    if not policies.can_record_adoption(request.user, plan):
        raise PermissionDenied(
            _("The ministry or the regional office records an adoption; submit the plan to the committee instead.")
        )
    form = AdoptForm(request.POST or None, plan=plan, initial={"adopted_on": timezone.localdate()})

    def run(data: dict) -> str:  # type: ignore[type-arg]
        services.adopt_plan(
            plan,
            actor=request.user,
            adopted_on=data["adopted_on"],
            resolution=data["resolution"],
            reason=data["reason"],
        )
        return _("The plan is adopted.")

    context = {"title": _("Adopt %(plan)s") % {"plan": plan}, "cancel_url": plan.get_absolute_url()}
    return form_step(
        request, form, run, template="core/object_form.html", context=context, back=plan.get_absolute_url()
    )
