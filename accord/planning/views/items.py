"""What a plan holds: its axes, their objectives, their actions. Small forms, one per thing;
each goes back to the plan's page, at the changed row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.forms import apply_service_errors, form_page
from accord.core.steps import refused

from .. import policies, services
from ..forms import ActionForm, AxisForm, ObjectiveForm, model_data
from ..models import Plan
from . import GET_OR_POST, plan_of, planning_required, require_editor


def _back(plan: Plan, anchor: str = "") -> str:
    return f"{plan.get_absolute_url()}#{anchor}" if anchor else plan.get_absolute_url()


def _form_view(
    request: HttpRequest,
    form: Any,
    plan: Plan,
    save: Callable[[dict[str, Any], str], Any],
    *,
    title: str,
    done: str,
) -> HttpResponse:
    """Show the form; a valid POST calls `save(data, reason)` and goes back to the plan."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(model_data(form), form.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, done)
            anchor = f"{type(saved).__name__.lower()}-{saved.pk}" if isinstance(saved, Model) else ""
            return redirect(_back(plan, anchor))
    return form_page(request, form, title=title, cancel_url=_back(plan), status=400 if form.is_bound else 200)


def _visible(request: HttpRequest, queryset: Any, pk: int) -> Any:
    obj = get_object_or_404(queryset, pk=pk)
    plan = plan_of(obj)
    require_editor(request, plan)
    return obj, plan


# --- Axes ------------------------------------------------------------------------------------


@GET_OR_POST
@planning_required
def axis_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(policies.visible_plans(request.user).select_related("creneau"), pk=pk)
    require_editor(request, plan)
    form = AxisForm(request.POST or None, initial={"position": plan.axes.count() + 1})
    return _form_view(
        request,
        form,
        plan,
        lambda data, reason: services.add_axis(plan, actor=request.user, data=data, reason=reason),
        title=_("New axis"),
        done=_("The axis was added."),
    )


@GET_OR_POST
@planning_required
def axis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    axis, plan = _visible(request, policies.visible_axes(request.user).select_related("plan__creneau"), pk)
    form = AxisForm(request.POST or None, instance=axis)
    return _form_view(
        request,
        form,
        plan,
        lambda data, reason: (services.update_axis(axis, actor=request.user, data=data, reason=reason), axis)[1],
        title=_("Edit the axis “%(axis)s”") % {"axis": axis},
        done=_("The axis was saved."),
    )


@require_POST
@planning_required
def axis_delete(request: HttpRequest, pk: int) -> HttpResponse:
    axis, plan = _visible(request, policies.visible_axes(request.user).select_related("plan__creneau"), pk)
    try:
        services.remove_axis(axis, actor=request.user)
    except ValidationError as exc:
        return refused(request, exc, _back(plan))
    messages.success(request, _("The axis was removed, with its objectives and actions."))
    return redirect(_back(plan))


# --- Objectives --------------------------------------------------------------------------------


@GET_OR_POST
@planning_required
def objective_create(request: HttpRequest, pk: int) -> HttpResponse:
    axis, plan = _visible(request, policies.visible_axes(request.user).select_related("plan__creneau"), pk)
    form = ObjectiveForm(request.POST or None, initial={"position": axis.objectives.count() + 1})
    return _form_view(
        request,
        form,
        plan,
        lambda data, reason: services.add_objective(axis, actor=request.user, data=data, reason=reason),
        title=_("New objective under “%(axis)s”") % {"axis": axis},
        done=_("The objective was added."),
    )


@GET_OR_POST
@planning_required
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = policies.visible_objectives(request.user).select_related("axis__plan__creneau")
    objective, plan = _visible(request, queryset, pk)
    form = ObjectiveForm(request.POST or None, instance=objective)
    return _form_view(
        request,
        form,
        plan,
        lambda data, reason: (
            services.update_objective(objective, actor=request.user, data=data, reason=reason),
            objective,
        )[1],
        title=_("Edit the objective"),
        done=_("The objective was saved."),
    )


@require_POST
@planning_required
def objective_delete(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = policies.visible_objectives(request.user).select_related("axis__plan__creneau")
    objective, plan = _visible(request, queryset, pk)
    try:
        services.remove_objective(objective, actor=request.user)
    except ValidationError as exc:
        return refused(request, exc, _back(plan))
    messages.success(request, _("The objective was removed, with its actions."))
    return redirect(_back(plan))


# --- Actions ---------------------------------------------------------------------------------


@GET_OR_POST
@planning_required
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = policies.visible_objectives(request.user).select_related("axis__plan__creneau")
    objective, plan = _visible(request, queryset, pk)
    form = ActionForm(request.POST or None, plan=plan, initial={"position": objective.actions.count() + 1})

    def save(data: dict[str, Any], reason: str) -> Any:
        partners = data.pop("partners", [])
        return services.add_action(objective, actor=request.user, data=data, partners=partners, reason=reason)

    return _form_view(
        request,
        form,
        plan,
        save,
        title=_("New action for “%(objective)s”") % {"objective": objective},
        done=_("The action was added."),
    )


@GET_OR_POST
@planning_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = policies.visible_actions(request.user).select_related("objective__axis__plan__creneau")
    action, plan = _visible(request, queryset, pk)
    form = ActionForm(
        request.POST or None,
        plan=plan,
        instance=action,
        initial={"partners": list(action.partner_links.values_list("organisation_id", flat=True))},
    )

    def save(data: dict[str, Any], reason: str) -> Any:
        partners = data.pop("partners", [])
        services.update_action(action, actor=request.user, data=data, partners=partners, reason=reason)
        return action

    return _form_view(
        request,
        form,
        plan,
        save,
        title=_("Edit the action “%(action)s”") % {"action": action},
        done=_("The action was saved."),
    )


@require_POST
@planning_required
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = policies.visible_actions(request.user).select_related("objective__axis__plan__creneau")
    action, plan = _visible(request, queryset, pk)
    try:
        services.remove_action(action, actor=request.user)
    except ValidationError as exc:
        return refused(request, exc, _back(plan))
    messages.success(request, _("The action was removed."))
    return redirect(_back(plan))
