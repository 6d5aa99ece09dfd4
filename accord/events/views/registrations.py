"""An event's registrations, for those who manage it: the list (confirmed, the waiting list in its
order, cancelled) with its CSV and Excel export, and who came. The list is personal information:
each view and each export is written in the access log (Law 25)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from accord.core.access_log import AccessAction, record_access
from accord.core.exports import wants_export
from accord.core.listing import list_page
from accord.core.steps import form_step

from .. import policies, selectors, services
from ..filters import RegistrationFilterSet
from ..forms import AttendanceForm
from ..models import Event, RegistrationStatus
from ..tables import RegistrationTable
from . import GET_OR_POST, events_required


def _managed_event(request: HttpRequest, pk: int) -> Event:
    """An event the user sees (404 otherwise) and manages (403 otherwise)."""
    event = get_object_or_404(policies.visible_events(request.user).select_related("creneau"), pk=pk)
    if not policies.can_manage_registrations(request.user, event):
        raise PermissionDenied(_("You may not manage this niche's events."))
    return event  # type: ignore[no-any-return]


@require_GET
@events_required
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    """Who registered, with the waiting list's order, and the export (CSV, Excel)."""
    event = _managed_event(request, pk)
    waiting = {registration_id: place for place, registration_id in enumerate(selectors.waiting_ids(event), 1)}

    def places(records: list[Any]) -> None:
        for record in records:
            record.place = waiting.get(record.pk)

    if not wants_export(request):  # the export is logged by list_page, with its rows
        record_access(request, AccessAction.VIEW, subject=event)
    return list_page(
        request,
        queryset=selectors.order_registrations(policies.registrations_of(request.user, event)),
        filterset_class=RegistrationFilterSet,
        table_class=RegistrationTable,
        title=_("Registrations to “%(event)s”") % {"event": event.title},
        export_name=f"inscriptions-{event.pk}",
        template="events/bo/registrations.html",
        extra={"event": event, "counts": selectors.registration_counts(event)},
        prepare_rows=places,
        personal_data=True,
    )


@GET_OR_POST
@events_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick who of the confirmed registrants came: the event is then held, its attendance counted."""
    event = _managed_event(request, pk)
    back = reverse("events:registrations", args=[event.pk])
    confirmed = list(selectors.order_registrations(event.registrations.filter(status=RegistrationStatus.CONFIRMED)))
    form = AttendanceForm(request.POST or None, registrations=confirmed)

    def run(data: dict[str, Any]) -> str:
        came = services.mark_attendance(event, data["attended"], actor=request.user, reason=data["reason"])
        return ngettext(
            "Attendance recorded: %(count)s person came.", "Attendance recorded: %(count)s people came.", came
        ) % {"count": came}

    context = {"event": event, "back": back, "confirmed": confirmed}
    return form_step(request, form, run, template="events/bo/attendance.html", context=context, back=back)
