"""A créneau's events: the list of a year, creating and editing an event, marking it held, cancelling it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.forms import apply_service_errors, form_page
from accord.core.steps import form_step
from accord.registry.models import Creneau

from .. import policies, selectors, services, workflow
from ..forms import CancelForm, EventForm, HeldForm
from ..models import Event
from . import GET_OR_POST, events_required, require_manager


def _creneau(request: HttpRequest, pk: int) -> Creneau:
    return get_object_or_404(policies.visible_creneaux(request.user), pk=pk)  # type: ignore[no-any-return]


def _event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_events(request.user).select_related("creneau"), pk=pk
    )


def _year(request: HttpRequest) -> int:
    """The year asked for (?year=), this year when none or nonsense."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@require_GET
@events_required
def creneau_events(request: HttpRequest, pk: int) -> HttpResponse:
    """A niche's events of a year, in date order; who manages them may add, edit, close them."""
    creneau = _creneau(request, pk)
    year = _year(request)
    can_manage = policies.can_manage_events(request.user, creneau)
    events = selectors.creneau_events(creneau, year)
    today = timezone.localdate()
    for event in events:  # the steps the page offers (the services check them again)
        event.steps = {  # type: ignore[attr-defined]
            "edit": can_manage and workflow.allowed(event.status, workflow.EDIT),
            "hold": can_manage
            and workflow.allowed(event.status, workflow.HOLD)
            and workflow.has_started(event.starts_on, today),
            "cancel": can_manage and workflow.allowed(event.status, workflow.CANCEL),
            "registrations": can_manage,
        }
    context: dict[str, Any] = {
        "creneau": creneau,
        "year": year,
        "years": selectors.event_years(creneau, also=year),
        "events": events,
        "can_manage": can_manage,
    }
    return render(request, "events/creneau_events.html", context)


@GET_OR_POST
@events_required
def event_create(request: HttpRequest, pk: int) -> HttpResponse:
    creneau = _creneau(request, pk)
    require_manager(request, creneau)
    form = EventForm(request.POST or None, creneau=creneau)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                creneau, actor=request.user, data=form.data_for_service(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The event was added."))
            return redirect(event)
    title = _("New event of %(niche)s") % {"niche": creneau.name}
    cancel = reverse("events:creneau_events", args=[creneau.pk])
    return form_page(request, form, title=title, cancel_url=cancel, status=400 if form.is_bound else 200)


@GET_OR_POST
@events_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    require_manager(request, event.creneau)
    back = event.get_absolute_url()
    form = EventForm(request.POST or None, instance=event, creneau=event.creneau)

    def run(data: dict[str, Any]) -> str:
        changed = services.update_event(event, actor=request.user, data=form.data_for_service(), reason=data["reason"])
        return _("Your changes were saved.") if changed else _("Nothing changed.")

    context = {"title": _("Edit “%(event)s”") % {"event": event}, "cancel_url": back}
    return form_step(request, form, run, template="core/object_form.html", context=context, back=back)


@GET_OR_POST
@events_required
def event_held(request: HttpRequest, pk: int) -> HttpResponse:
    """The event took place: how many attended (again, to correct the figure)."""
    event = _event(request, pk)
    require_manager(request, event.creneau)
    back = event.get_absolute_url()
    form = HeldForm(request.POST or None, initial={"attendance": event.attendance})

    def run(data: dict[str, Any]) -> str:
        services.mark_held(event, actor=request.user, attendance=data["attendance"], reason=data["reason"])
        return _("The event is recorded as held.")

    context = {"title": _("“%(event)s” was held") % {"event": event}, "cancel_url": back}
    return form_step(request, form, run, template="core/object_form.html", context=context, back=back)


@GET_OR_POST
@events_required
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a planned event: a page says what follows and asks why, then the step."""
    event = _event(request, pk)
    require_manager(request, event.creneau)
    back = event.get_absolute_url()
    form = CancelForm(request.POST or None)

    def run(data: dict[str, Any]) -> str:
        services.cancel_event(event, actor=request.user, reason=data["reason"])
        return _("The event is cancelled.")

    return form_step(
        request, form, run, template="events/event_cancel.html", context={"event": event, "back": back}, back=back
    )
