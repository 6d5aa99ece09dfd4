"""A créneau's indicators: its table of values and targets, reporting a value, its page and steps
(edit, submit, approve, return), the plan's targets, and the approval queue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.core.pagination import CappedCountPaginator
from accord.core.steps import button_step, form_step, refused

from .. import deadlines, policies, selectors, services, workflow
from ..forms import EditValueForm, ReportForm, ReturnForm, TargetForm
from ..models import IndicatorValue
from . import GET_OR_POST, results_required

FORM = "core/object_form.html"


def _creneau(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(policies.visible_creneaux(request.user), pk=pk)


def _value(request: HttpRequest, pk: int) -> IndicatorValue:
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_values(request.user).select_related("indicator", "creneau", "submitted_by"), pk=pk
    )


def _table_url(creneau_id: int) -> str:
    return reverse("results:creneau_indicators", args=[creneau_id])


@require_GET
@results_required
def creneau_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    """The niche's indicators by year: the target, the approved figure and its verdict, the value under way."""
    creneau = _creneau(request, pk)
    table = selectors.indicator_table(creneau)
    context = {
        "creneau": creneau,
        "table": table,
        "can_report": policies.can_report(request.user, creneau),
        "can_set_targets": table.plan is not None and policies.can_set_targets(request.user, table.plan),
        # The rule, said on the page: the due day (any year's) and the days of warning.
        "due_example": deadlines.due_on(timezone.localdate().year),
        "reminder_days": deadlines.reminder_days().days,
    }
    return render(request, "results/creneau_indicators.html", context)


@GET_OR_POST
@results_required
def value_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a value of the niche (a draft, submitted from its page)."""
    creneau = _creneau(request, pk)
    if not policies.can_report(request.user, creneau):
        raise PermissionDenied(_("You may not report this niche's values."))
    form = ReportForm(request.POST or None, creneau=creneau)
    done: dict[str, IndicatorValue] = {}

    def run(data: dict[str, Any]) -> str:
        done["value"] = services.report_value(
            creneau,
            data["indicator"],
            actor=request.user,
            year=data["year"],
            value=data["value"],
            comment=data["comment"],
        )
        return _("The value is saved as a draft: submit it for approval when it is ready.")

    back = _table_url(creneau.pk)
    context = {"title": _("Report a value of %(niche)s") % {"niche": creneau.name}, "cancel_url": back}
    return form_step(
        request, form, run, template=FORM, context=context, back=back, done_url=lambda: done["value"].get_absolute_url()
    )


@GET_OR_POST
@results_required
def target_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a target of the niche's current plan for an indicator and a year."""
    creneau = _creneau(request, pk)
    back = _table_url(creneau.pk)
    plan = selectors.current_plan(creneau)
    if plan is None:
        return refused(request, ValueError(_("This niche has no plan: targets are set in a plan.")), back)
    if not policies.can_set_targets(request.user, plan):
        raise PermissionDenied(_("You may not change this niche's plans."))
    form = TargetForm(request.POST or None, plan=plan)

    def run(data: dict[str, Any]) -> str:
        services.set_target(
            plan,
            data["indicator"],
            actor=request.user,
            year=data["year"],
            value=data["value"],
            reason=data["reason"],
        )
        return _("The target is saved.") if data["value"] is not None else _("The target is removed.")

    context = {"title": _("Set a target of %(plan)s") % {"plan": plan}, "cancel_url": back}
    return form_step(request, form, run, template=FORM, context=context, back=back)


@require_GET
@results_required
def value_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A value: its figure and status, what may be done with it, and its audit trail."""
    value = _value(request, pk)
    steps = workflow.allowed_steps(value.status)
    reviewer = policies.can_review_creneau(request.user, value.creneau)
    context = {
        "value": value,
        "events": selectors.value_page(value),
        "can_edit": value.status in workflow.EDITABLE and policies.can_report(request.user, value.creneau),
        "can_submit": workflow.Step.SUBMIT in steps and policies.can_report(request.user, value.creneau),
        "can_review": workflow.Step.APPROVE in steps and reviewer and not policies.submitted_it(request.user, value),
        "own_submission": workflow.Step.APPROVE in steps and reviewer and policies.submitted_it(request.user, value),
    }
    return render(request, "results/value_detail.html", context)


def _reporter(request: HttpRequest, value: IndicatorValue) -> None:
    if not policies.can_report(request.user, value.creneau):
        raise PermissionDenied(_("You may not report this niche's values."))


def _reviewer(request: HttpRequest, value: IndicatorValue) -> None:
    if not policies.can_review(request.user, value):
        if policies.submitted_it(request.user, value):
            raise PermissionDenied(_("You submitted this value: someone else must approve or return it."))
        raise PermissionDenied(_("Only the ministry or the niche's regional office approves its values."))


@GET_OR_POST
@results_required
def value_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a draft or returned value (an approved one is locked: the page says so)."""
    value = _value(request, pk)
    _reporter(request, value)
    back = value.get_absolute_url()
    try:
        workflow.check_editable(value.status)
    except workflow.InvalidTransition as exc:
        return refused(request, exc, back)
    form = EditValueForm(request.POST or None, initial={"value": value.value, "comment": value.comment})

    def run(data: dict[str, Any]) -> str:
        changed = services.edit_value(
            value, actor=request.user, value=data["value"], comment=data["comment"], reason=data["reason"]
        )
        return _("Your changes were saved.") if changed else _("Nothing changed.")

    context = {"title": _("Edit the value %(value)s") % {"value": value}, "cancel_url": back}
    return form_step(request, form, run, template=FORM, context=context, back=back)


@require_POST
@results_required
def value_submit(request: HttpRequest, pk: int) -> HttpResponse:
    value = _value(request, pk)
    _reporter(request, value)

    def run() -> str:
        services.submit_value(value, actor=request.user)
        return _("The value is submitted for approval.")

    return button_step(request, run, back=value.get_absolute_url())


@require_POST
@results_required
def value_approve(request: HttpRequest, pk: int) -> HttpResponse:
    value = _value(request, pk)
    _reviewer(request, value)

    def run() -> str:
        services.approve_value(value, actor=request.user)
        return _("The value is approved: it counts now, and it is locked.")

    return button_step(request, run, back=value.get_absolute_url())


@GET_OR_POST
@results_required
def value_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Return a submitted value for changes: the reason is asked first (the confirmation)."""
    value = _value(request, pk)
    _reviewer(request, value)
    back = value.get_absolute_url()
    form = ReturnForm(request.POST or None)

    def run(data: dict[str, Any]) -> str:
        services.return_value(value, actor=request.user, reason=data["reason"])
        return _("The value is returned to the niche with your reason.")

    context = {"title": _("Return the value %(value)s") % {"value": value}, "cancel_url": back}
    return form_step(request, form, run, template=FORM, context=context, back=back)


@require_GET
@results_required
def approval_queue(request: HttpRequest) -> HttpResponse:
    """The submitted values the user may approve or return, the oldest first, a page at a time (the
    count stops at the program's cap)."""
    paginator = CappedCountPaginator(selectors.approval_queue(request.user), settings.ACCORD_PAGE_SIZE)
    return render(request, "results/approval_queue.html", {"page": paginator.get_page(request.GET.get("page"))})
