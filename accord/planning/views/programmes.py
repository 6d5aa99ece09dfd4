"""Annual programmes: a plan's programme for a year, its priorities, and submitting a plan or a
programme to the niche committee, which decides on it (decision 36)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.core.steps import button_step, form_step

from .. import policies, selectors, services
from ..forms import PriorityForm, ProgrammeForm, model_data
from ..models import Programme, ProgrammeStatus
from . import GET_OR_POST, planning_required, require_editor


def _programme(request: HttpRequest, pk: int) -> Programme:
    queryset = policies.visible_programmes(request.user).select_related("plan__creneau", "resolution", "rejected_by")
    return get_object_or_404(queryset, pk=pk)  # type: ignore[no-any-return]


@require_POST
@planning_required
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the draft plan on its niche committee's next agenda."""
    plan = get_object_or_404(policies.visible_plans(request.user).select_related("creneau"), pk=pk)
    require_editor(request, plan)

    def run() -> str:
        services.submit_plan(plan, actor=request.user)
        return _("The plan is on the niche committee's next agenda.")

    return button_step(request, run, back=plan.get_absolute_url())


@GET_OR_POST
@planning_required
def programme_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the programme of one of the plan's years that has none."""
    plan = get_object_or_404(policies.visible_plans(request.user).select_related("creneau"), pk=pk)
    require_editor(request, plan)
    form = ProgrammeForm(request.POST or None, plan=plan)
    created: dict[str, Programme] = {}

    def run(data: dict[str, Any]) -> str:
        created["programme"] = services.create_programme(
            plan, actor=request.user, year=data["year"], reason=data["reason"]
        )
        return _("The programme was created: choose its priorities among the plan's actions.")

    context = {"title": _("New annual programme of %(plan)s") % {"plan": plan}, "cancel_url": plan.get_absolute_url()}
    response = form_step(
        request, form, run, template="core/object_form.html", context=context, back=plan.get_absolute_url()
    )
    if "programme" in created:
        return redirect(created["programme"])
    return response


@require_GET
@planning_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme: its status, its priorities with the year's targets; its writers compose it while a draft."""
    programme = _programme(request, pk)
    can_edit = policies.can_edit_plan(request.user, programme.plan)
    is_draft = programme.status == ProgrammeStatus.DRAFT
    context = {
        "programme": programme,
        "plan": programme.plan,
        "priorities": selectors.programme_page(programme),
        "can_compose": can_edit and is_draft,
        "can_submit": can_edit and is_draft and programme.submitted_at is None,
    }
    return render(request, "planning/programme_detail.html", context)


@require_POST
@planning_required
def programme_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the draft programme on the niche committee's next agenda."""
    programme = _programme(request, pk)
    require_editor(request, programme.plan)

    def run() -> str:
        services.submit_programme(programme, actor=request.user)
        return _("The programme is on the niche committee's next agenda.")

    return button_step(request, run, back=programme.get_absolute_url())


def _compose(request: HttpRequest, programme: Programme, form: Any, save: Any, *, title: str) -> HttpResponse:
    back = programme.get_absolute_url()

    def run(data: dict[str, Any]) -> str:
        save(data)
        return _("The programme was saved.")

    context = {"title": title, "cancel_url": back}
    return form_step(request, form, run, template="core/object_form.html", context=context, back=back)


@GET_OR_POST
@planning_required
def priority_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Make one of the plan's actions a priority of the year, with its target."""
    programme = _programme(request, pk)
    require_editor(request, programme.plan)
    form = PriorityForm(
        request.POST or None, programme=programme, initial={"position": programme.priorities.count() + 1}
    )

    def save(data: dict[str, Any]) -> None:
        action = data["action"]
        services.add_priority(
            programme, actor=request.user, action=action, data=model_data(form), reason=data["reason"]
        )

    return _compose(request, programme, form, save, title=_("New priority of %(programme)s") % {"programme": programme})


@GET_OR_POST
@planning_required
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a priority's target for the year."""
    queryset = policies.visible_priorities(request.user).select_related("programme__plan__creneau", "action")
    priority = get_object_or_404(queryset, pk=pk)
    programme = priority.programme
    require_editor(request, programme.plan)
    form = PriorityForm(request.POST or None, programme=programme, instance=priority)

    def save(data: dict[str, Any]) -> None:
        services.update_priority(priority, actor=request.user, data=model_data(form), reason=data["reason"])

    title = _("Edit the priority “%(action)s”") % {"action": priority.action}
    return _compose(request, programme, form, save, title=title)


@require_POST
@planning_required
def priority_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an action off the draft programme."""
    queryset = policies.visible_priorities(request.user).select_related("programme__plan__creneau")
    priority = get_object_or_404(queryset, pk=pk)
    programme = priority.programme
    require_editor(request, programme.plan)

    def run() -> str:
        services.remove_priority(priority, actor=request.user)
        return _("The priority was removed from the programme.")

    return button_step(request, run, back=programme.get_absolute_url())
