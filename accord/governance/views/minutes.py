"""Minutes: writing, amending, correcting with a new version, circulating to the members."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.steps import button_step, form_step

from .. import policies, services, workflow
from ..forms import MinutesForm
from . import GET_OR_POST, governance_required, meeting_url, visible_meeting, visible_minutes


@GET_OR_POST
@governance_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the minutes, amend the draft, or correct approved minutes with a new version."""
    meeting = visible_meeting(request, pk)
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not write these minutes."))
    if meeting.status not in workflow.MINUTES_ALLOWED:
        messages.error(request, _("Minutes are written once the meeting has been held."))
        return redirect(meeting.get_absolute_url())
    latest = meeting.minutes.select_related("drafted_by", "approved_by").order_by("-version").first()  # type: ignore[attr-defined]
    draft = latest if latest is not None and not latest.is_locked else None

    def run(data: dict[str, Any]) -> str:
        if draft is not None:
            minutes = services.amend_minutes(
                draft, actor=request.user, text=data["text"], reason=data["reason"], revision=data["revision"]
            )
        else:
            minutes = services.draft_minutes(meeting, actor=request.user, text=data["text"])
        return _("The minutes were saved (version %(v)s).") % {"v": minutes.version}

    return form_step(
        request,
        MinutesForm(
            request.POST or None,
            amending=draft is not None,
            initial={"text": latest.text, "revision": latest.revision} if latest is not None else {},
        ),
        run,
        template="governance/minutes_form.html",
        context={"meeting": meeting, "committee": meeting.committee, "latest": latest, "amending": draft is not None},
        back=meeting.get_absolute_url(),
        done_url=meeting_url(meeting, "minutes"),
    )


@require_POST
@governance_required
def minutes_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the draft to the members for their comments."""
    minutes = visible_minutes(request, pk)
    if not policies.can_run_meeting(request.user, minutes.meeting):
        raise PermissionDenied(_("You may not write these minutes."))

    def run() -> str:
        services.circulate_minutes(minutes, actor=request.user)
        return _("The draft minutes were sent to the members for their comments.")

    return button_step(request, run, back=meeting_url(minutes.meeting, "minutes"))


@require_POST
@governance_required
def minutes_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The member who chaired the meeting, or the committee's secretary, signs the approved minutes."""
    minutes = visible_minutes(request, pk)
    if not policies.minutes_signatures(request.user, minutes):
        raise PermissionDenied(
            _("Approved minutes are signed by the member who chaired the meeting and by the committee's secretary.")
        )

    def run() -> str:
        services.sign_minutes(minutes, actor=request.user)
        return _("You signed the approved minutes.")

    return button_step(request, run, back=meeting_url(minutes.meeting, "minutes"))
