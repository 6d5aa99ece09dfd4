"""Meeting pages: the record, planning, the agenda and its documents, the steps, the attendance sheet."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accord.core import confirm
from accord.core.files import download_response
from accord.core.forms import apply_service_errors, show_conflict
from accord.core.services import EditConflict
from accord.core.steps import button_step, create_once, form_step, refused
from accord.core.workflow import InvalidTransition

from .. import policies, selectors, services, workflow
from ..forms import AgendaItemForm, AttendanceForm, CancelForm, DocumentForm, MeetingDetailsForm, MeetingForm
from ..models import AgendaDocument, Meeting, MeetingStatus, MinutesStatus
from . import GET_OR_POST, governance_required, meeting_url, visible_meeting


def _may_go(meeting: Meeting, target: str) -> bool:
    return target in workflow.MEETING_TRANSITIONS[meeting.status]


# --- The meeting page ------------------------------------------------------------------------


@require_GET
@governance_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting: agenda, attendance and quorum, resolutions with their tallies, minutes, actions."""
    meeting = visible_meeting(request, pk)
    record = selectors.meeting_record(meeting)
    user = request.user
    latest = record.minutes[0] if record.minutes else None
    can_convene = policies.can_convene(user, meeting.committee)
    can_run = policies.can_run_meeting(user, meeting)
    in_session = meeting.status in workflow.IN_SESSION
    # Only a meeting in session offers its members to declare an interest.
    own = record.sitting.own_mandate(user) if in_session else None
    members = record.sitting.member_rows()
    signatures = policies.minutes_signatures(user, latest) if latest is not None and latest.is_locked else set()
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "items": record.items,
        "members": members,
        # The chair among the members read for the sheet: no query of its own.
        "chair": next((r["mandate"] for r in members if r["mandate"].pk == meeting.chaired_by_id), None),
        "quorum": record.sitting.quorum(),
        "bylaws": record.sitting.bylaws,
        "rules": record.sitting.rules,
        "resolutions": record.resolutions,
        "minutes": latest,
        "earlier_minutes": record.minutes[1:],
        "own_mandate": own,
        "can": {
            "edit_agenda": can_convene and meeting.status in workflow.AGENDA_EDITABLE,
            "convene": can_convene and _may_go(meeting, MeetingStatus.CONVENED),
            "open": can_run and _may_go(meeting, MeetingStatus.HELD),
            # Before its day, a meeting opens only with a reason (services.open_meeting).
            "open_early": timezone.localdate() < meeting.meeting_date,
            "close": can_run and _may_go(meeting, MeetingStatus.CLOSED),
            "cancel": can_convene and _may_go(meeting, MeetingStatus.CANCELLED),
            "attendance": can_run and meeting.status in workflow.ATTENDANCE_OPEN,
            "propose": can_run and in_session,
            "run": can_run and in_session,
            "declare": own is not None and in_session,
            "minutes": can_run and meeting.status in workflow.MINUTES_ALLOWED,
            "name_chair": can_run and meeting.status in workflow.CHAIR_NAMEABLE,
            "sign_minutes": bool(
                ("chair" in signatures and latest is not None and latest.chair_signed_at is None)
                or ("secretary" in signatures and latest is not None and latest.secretary_signed_at is None)
            ),
            "answer": meeting.status == MeetingStatus.CONVENED and record.sitting.own_mandate(user) is not None,
            "circulate": can_run
            and latest is not None
            and MinutesStatus.CIRCULATED in workflow.MINUTES_TRANSITIONS[latest.status],
        },
    }
    return render(request, "governance/meeting_detail.html", context)


# --- Planning and preparing ------------------------------------------------------------------


@GET_OR_POST
@governance_required
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(policies.visible_committees(request.user), slug=slug)
    if not policies.can_convene(request.user, committee):
        raise PermissionDenied(_("You may not plan this committee's meetings."))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = create_once(
                request,
                form,
                lambda: services.plan_meeting(
                    committee,
                    actor=request.user,
                    title=data["title"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    location=data["location"],
                    online_url=data["online_url"],
                    items=[{"title": title} for title in data["agenda"]],
                ),
                scope="governance.meeting",
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            meeting = result.obj
            if result.created:
                messages.success(request, _("The meeting “%(title)s” is planned.") % {"title": meeting.title})
            return redirect(meeting.get_absolute_url())
    context = {"form": form, "committee": committee}
    return render(request, "governance/meeting_form.html", context, status=400 if form.is_bound else 200)


@GET_OR_POST
@governance_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Prepare the meeting: its title, time and place, its items and their documents.

    Rescheduling a meeting the members were convened to sends them the new notice.
    """
    meeting = get_object_or_404(selectors.meetings_with_agenda(policies.visible_meetings(request.user)), pk=pk)
    if not policies.can_convene(request.user, meeting.committee):
        raise PermissionDenied(_("You may not change this agenda."))
    if meeting.status not in workflow.AGENDA_EDITABLE:
        messages.error(request, _("The agenda of a meeting that has started cannot change."))
        return redirect(meeting.get_absolute_url())
    details = MeetingDetailsForm(request.POST or None, meeting=meeting)
    status = 400 if details.is_bound else 200
    if request.method == "POST" and details.is_valid():
        data = {name: details.cleaned_data[name] for name in services.MEETING_DETAILS}
        try:
            changed = services.update_meeting(
                meeting, actor=request.user, data=data, reason=details.cleaned_data["reason"], revision=details.revision
            )
        except EditConflict as conflict:
            show_conflict(details, conflict)
            status = 409
        except ValidationError as exc:
            apply_service_errors(details, exc)
        else:
            if not changed:
                messages.info(request, _("Nothing changed."))
            elif meeting.status == MeetingStatus.CONVENED:
                messages.success(request, _("The meeting was changed and the members received the new notice."))
            else:
                messages.success(request, _("The meeting was changed."))
            return redirect(reverse("governance:meeting_edit", args=[meeting.pk]))
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "items": meeting.items.all(),  # type: ignore[attr-defined]
        "details": details,
        "form": AgendaItemForm(meeting=meeting),
        "can_cancel": _may_go(meeting, MeetingStatus.CANCELLED),
    }
    return render(request, "governance/meeting_edit.html", context, status=status)


@GET_OR_POST
@governance_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    if not policies.can_convene(request.user, meeting.committee):
        raise PermissionDenied(_("You may not change this agenda."))

    def run(data: dict[str, Any]) -> str:
        item = services.add_agenda_item(
            meeting,
            actor=request.user,
            title=data["title"],
            description=data["description"],
            kind=data["kind"],
            subject=data["minutes"] or data["bylaws"],
        )
        return _("Item %(item)s was added to the agenda.") % {"item": item}

    return form_step(
        request,
        AgendaItemForm(request.POST or None, meeting=meeting),
        run,
        template="governance/meeting_item_form.html",
        context={"meeting": meeting, "committee": meeting.committee},
        back=meeting.get_absolute_url(),
        done_url=reverse("governance:meeting_edit", args=[meeting.pk]),
    )


@GET_OR_POST
@governance_required
def document_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    item = get_object_or_404(meeting.items.all(), pk=item_pk)  # type: ignore[attr-defined]
    if not policies.can_convene(request.user, meeting.committee):
        raise PermissionDenied(_("You may not change this agenda."))

    def run(data: dict[str, Any]) -> str:
        document = services.attach_document(item, actor=request.user, title=data["title"], file=data["file"])
        return _("“%(document)s” is attached to item %(item)s.") % {"document": document, "item": item}

    return form_step(
        request,
        DocumentForm(request.POST or None, request.FILES or None),
        run,
        template="governance/meeting_document_form.html",
        context={"meeting": meeting, "committee": meeting.committee, "item": item},
        back=meeting.get_absolute_url(),
        done_url=meeting_url(meeting, f"item-{item.pk}"),
    )


@require_GET
@governance_required
def document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An agenda document, for those who may see the meeting (files are never served publicly)."""
    document = get_object_or_404(
        AgendaDocument.objects.filter(item__meeting__in=policies.visible_meetings(request.user)), pk=pk
    )
    return download_response(document.file)


# --- Steps -----------------------------------------------------------------------------------


@require_POST
@governance_required
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the notice (again): an email with the agenda and a calendar invitation."""
    meeting = visible_meeting(request, pk)
    if not policies.can_convene(request.user, meeting.committee):
        raise PermissionDenied(_("You may not convene this committee."))
    again = meeting.status == MeetingStatus.CONVENED
    if not confirm.is_confirmed(request):
        count = len(selectors.recipients(meeting))
        return confirm.confirmation(
            request,
            title=_("Convene “%(title)s”?") % {"title": meeting.title},
            consequences=[
                ngettext(
                    "The notice, the agenda and a calendar invitation will be emailed to %(count)d member.",
                    "The notice, the agenda and a calendar invitation will be emailed to %(count)d members.",
                    count,
                )
                % {"count": count},
                _("An email cannot be called back once sent.")
                if again
                else _("The meeting will be convened: an email cannot be called back once sent."),
            ],
            submit_label=_("Send the notice again") if again else _("Convene the members"),
            back=meeting.get_absolute_url(),
        )

    def run() -> str:
        services.convene_meeting(meeting, actor=request.user)
        if again:
            return _("The notice was sent to the members again.")
        return _("The members are convened: the notice is on its way.")

    return button_step(request, run, back=meeting.get_absolute_url())


@require_POST
@governance_required
def meeting_open(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))

    def run() -> str:
        # A reason is asked only before the meeting's day (the page shows the field then).
        services.open_meeting(meeting, actor=request.user, reason=request.POST.get("reason", ""))
        return _("The meeting is in session. Record the attendance first.")

    return button_step(request, run, back=meeting.get_absolute_url())


@require_POST
@governance_required
def meeting_chair(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the member who chairs: each decision names them, and confirms what others record."""
    meeting = visible_meeting(request, pk)
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    wanted = request.POST.get("mandate", "")
    mandate = (
        meeting.committee.mandates.filter(pk=wanted).select_related("person").first() if wanted.isdigit() else None
    )  # type: ignore[attr-defined]

    def run() -> str:
        if mandate is None:
            raise ValidationError({"chair": _("Choose the member who chairs.")})
        services.name_chair(meeting, actor=request.user, mandate=mandate)
        return _("%(name)s chairs the meeting.") % {"name": mandate.person}

    return button_step(request, run, back=meeting.get_absolute_url())


@require_POST
@governance_required
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    if not confirm.is_confirmed(request):
        return confirm.confirmation(
            request,
            title=_("Close “%(title)s”?") % {"title": meeting.title},
            consequences=[
                _("No attendance, vote or resolution can be recorded in this meeting afterwards."),
                _("The minutes can then be written and circulated to the members."),
            ],
            submit_label=_("Close the meeting"),
            back=meeting.get_absolute_url(),
        )

    def run() -> str:
        services.close_meeting(meeting, actor=request.user)
        return _("The meeting is closed. The minutes can now be written.")

    return button_step(request, run, back=meeting.get_absolute_url())


@GET_OR_POST
@governance_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    if not policies.can_convene(request.user, meeting.committee):
        raise PermissionDenied(_("You may not cancel this meeting."))
    if not _may_go(meeting, MeetingStatus.CANCELLED):
        messages.error(request, _("This meeting can no longer be cancelled."))
        return redirect(meeting.get_absolute_url())

    def run(data: dict[str, Any]) -> str:
        services.cancel_meeting(meeting, actor=request.user, reason=data["cancellation_reason"])
        return _("The meeting is cancelled.")

    return form_step(
        request,
        CancelForm(request.POST or None),
        run,
        template="governance/meeting_cancel.html",
        context={"meeting": meeting, "committee": meeting.committee},
        back=meeting.get_absolute_url(),
    )


# --- Attendance ----------------------------------------------------------------------------


@GET_OR_POST
@governance_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet: every member on the day, present, excused, absent or by proxy; all lines or none."""
    meeting = visible_meeting(request, pk)
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    if meeting.status not in workflow.ATTENDANCE_OPEN:
        messages.error(request, _("Attendance is recorded for a convened meeting or one in session."))
        return redirect(meeting.get_absolute_url())
    sitting = selectors.sitting(meeting)
    form = AttendanceForm(
        request.POST or None,
        mandates=sitting.mandates,
        attendances=sitting.attendances,
        proxies_allowed=sitting.rules.proxies_allowed,
        answers=selectors.notice_answers(meeting),
    )
    if request.method == "POST" and form.is_valid():
        lines = form.changes()
        try:
            services.record_attendance_sheet(meeting, lines, actor=request.user)
        except InvalidTransition as exc:
            return refused(request, exc, meeting.get_absolute_url())
        except services.SheetRefused as exc:
            form.show_refusals(exc.lines)
        else:
            if lines:
                messages.success(request, _("The attendance was recorded."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(meeting_url(meeting, "attendance"))
    context = {"form": form, "meeting": meeting, "committee": meeting.committee, "rules": sitting.rules}
    return render(request, "governance/attendance_form.html", context, status=400 if form.is_bound else 200)
