"""Meeting pages: planning, agenda, attendance, resolutions, votes, minutes, PDFs.

Thin views: the meetings and resolutions the user may see first (out of scope is a
404), then the policy for the action (403), then a service. A service that refuses an
input (ValidationError) shows it on the form with status 400 and saves nothing; a
status that does not allow the action (InvalidTransition) is an error message on the
page the user came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.forms import apply_service_errors

from . import calendars, decisions, documents, policies, selectors, services, subjects, workflow
from .decorators import governance_required
from .meeting_forms import (
    AgendaItemForm,
    AttendanceForm,
    CancelForm,
    DecideForm,
    DeferForm,
    DocumentForm,
    InterestForm,
    MeetingDetailsForm,
    MeetingForm,
    MinutesForm,
    ResolutionForm,
    VotesForm,
)
from .models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Bylaws,
    Mandate,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Recusal,
    Resolution,
    ResolutionOutcome,
    Vote,
)

GET_OR_POST = require_http_methods(["GET", "POST"])

# services.record_attendance accepts these statuses; the workflow has no name for them.


# --- Loading -------------------------------------------------------------------------------


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(policies.visible_meetings(request.user).select_related("committee"), pk=pk)  # type: ignore[no-any-return]


def _resolution(request: HttpRequest, pk: int) -> Resolution:
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_resolutions(request.user).select_related("committee", "meeting__committee", "item"), pk=pk
    )


def _recusals() -> Prefetch[Any]:
    return Prefetch(
        "recusals",
        queryset=Recusal.objects.select_related("mandate__person", "mandate__organisation").order_by(
            "mandate__person__last_name", "mandate__person__first_name", "pk"
        ),
    )


def _subject() -> GenericPrefetch:
    # Minutes name their meeting; other subjects (organisations, projects…) are fetched as they are.
    return GenericPrefetch("subject", [Minutes.objects.select_related("meeting")])


def _record_lookups() -> list[Any]:
    """The prefetches of a meeting's record: agenda, resolutions with recusals and votes, attendance."""
    return [
        Prefetch(
            "items",
            queryset=AgendaItem.objects.order_by("position")
            .select_related("forwarded_from")
            .prefetch_related(
                Prefetch("documents", queryset=AgendaDocument.objects.order_by("uploaded_at", "pk")), _subject()
            ),
        ),
        Prefetch(
            "resolutions",
            queryset=Resolution.objects.order_by("sequence", "pk")
            .select_related("item", "forward_to")
            .prefetch_related(
                _recusals(),
                Prefetch("votes", queryset=Vote.objects.only("pk", "resolution_id", "mandate_id", "choice")),
            ),
        ),
        Prefetch("attendances", queryset=Attendance.objects.select_related("proxy_holder__person")),
    ]


def _meeting_with_everything(visible: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What the minutes show, in a fixed number of queries."""
    return visible.select_related("committee").prefetch_related(
        *_record_lookups(),
        Prefetch(
            "minutes",
            queryset=Minutes.objects.order_by("-version").select_related("drafted_by", "approved_by__meeting"),
        ),
    )


# --- Who sits, who came, what counts ----------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """A resolution's tally as the page shows it: live before the decision, as recorded after."""

    live: bool
    voting_members: int
    recused: int
    present: int
    quorum: int
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None

    @property
    def quorum_met(self) -> bool:
        return self.present >= self.quorum

    @property
    def consensus(self) -> bool:
        return not self.live and self.votes_for is None


@dataclass
class Sitting:
    """The members on the day of the meeting, their attendance and the bylaws in force, read once.

    The live tallies use the same arithmetic as services.tally (decisions.count), on the
    records the page already loaded: services.tally reads them again for each resolution.
    """

    meeting: Meeting
    mandates: list[Mandate]
    attendances: dict[int, Attendance]
    bylaws: Bylaws | None

    @classmethod
    def of(cls, meeting: Meeting, attendances: Iterable[Attendance] | None = None) -> Sitting:
        if attendances is None:
            attendances = meeting.attendances.select_related("proxy_holder__person")  # type: ignore[attr-defined]
        day = meeting.meeting_date
        return cls(
            meeting=meeting,
            mandates=list(selectors.current_mandates(meeting.committee, day)),
            attendances={a.mandate_id: a for a in attendances},
            bylaws=selectors.bylaws_in_force(meeting.committee, day),
        )

    @cached_property
    def rules(self) -> decisions.Rules:
        return decisions.Rules.of(self.bylaws)

    @cached_property
    def voting_ids(self) -> set[int]:
        return {m.pk for m in self.mandates if m.voting}

    @cached_property
    def counted_ids(self) -> set[int]:
        """Voting members present, or represented where the bylaws allow proxies."""
        counted = {AttendanceStatus.PRESENT, *([AttendanceStatus.PROXY] if self.rules.proxies_allowed else [])}
        return {pk for pk, a in self.attendances.items() if a.status in counted} & self.voting_ids

    def quorum(self) -> decisions.Tally:
        """The quorum of the meeting before any recusal."""
        return decisions.count(
            self.rules,
            voting_ids=self.voting_ids,
            recused_ids=(),
            attendance={pk: a.status for pk, a in self.attendances.items()},
        )

    def _recused_ids(self, resolution: Resolution) -> set[int]:
        return {r.mandate_id for r in resolution.recusals.all()}

    def voters(self, resolution: Resolution) -> list[Mandate]:
        """Who may vote on the resolution: present or represented, voting, not recused."""
        eligible = self.counted_ids - self._recused_ids(resolution)
        return [m for m in self.mandates if m.pk in eligible]

    def counts(self, resolution: Resolution) -> Counts | None:
        if resolution.outcome != ResolutionOutcome.PENDING:
            if resolution.present_count is None or resolution.quorum_required is None:
                return None  # deferred: no decision, so no count was kept
            return Counts(
                live=False,
                voting_members=resolution.voting_members or 0,
                recused=resolution.recused_count or 0,
                present=resolution.present_count,
                quorum=resolution.quorum_required,
                votes_for=resolution.votes_for,
                votes_against=resolution.votes_against,
                abstentions=resolution.abstentions,
            )
        tally = decisions.count(
            self.rules,
            voting_ids=self.voting_ids,
            recused_ids=self._recused_ids(resolution),
            attendance={pk: a.status for pk, a in self.attendances.items()},
            votes=[(v.mandate_id, v.choice) for v in resolution.votes.all()],
        )
        return Counts(
            live=True,
            voting_members=tally.voting_members,
            recused=tally.recused,
            present=tally.present,
            quorum=tally.quorum,
            votes_for=tally.votes_for,
            votes_against=tally.votes_against,
            abstentions=tally.abstentions,
        )

    def member_rows(self) -> list[dict[str, Any]]:
        by_pk = {m.pk: m for m in self.mandates}
        represents: dict[int, list[Mandate]] = {}
        for attendance in self.attendances.values():
            if attendance.proxy_holder_id and attendance.mandate_id in by_pk:
                represents.setdefault(attendance.proxy_holder_id, []).append(by_pk[attendance.mandate_id])
        return [
            {"mandate": m, "attendance": self.attendances.get(m.pk), "represents": represents.get(m.pk, [])}
            for m in self.mandates
        ]

    def own_mandate(self, user: Any) -> Mandate | None:
        person_id = getattr(user, "person_id", None)
        return next((m for m in self.mandates if person_id and m.person_id == person_id), None)


def _resolution_rows(resolutions: Iterable[Resolution], sitting: Sitting) -> list[dict[str, Any]]:
    return [{"resolution": r, "counts": sitting.counts(r), "recusals": list(r.recusals.all())} for r in resolutions]


def _may_go(meeting: Meeting, target: str) -> bool:
    return target in workflow.MEETING_TRANSITIONS[meeting.status]


# --- Helpers for forms and refusals ----------------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _text(exc: Exception) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _refused(request: HttpRequest, exc: Exception, url: str) -> HttpResponse:
    messages.error(request, _text(exc))
    return redirect(url)


def _all_or_nothing(form: Any, lines: list[tuple[str, Callable[[], Any]]]) -> bool:
    """Run one service call per line; if any line is refused, nothing is saved.

    Each refusal goes on its line's field, so the sheet comes back with every problem at once.
    """
    with transaction.atomic():
        for field_name, call in lines:
            try:
                call()
            except ValidationError as exc:
                apply_service_errors(form, exc, default=field_name)
        if form.errors:
            transaction.set_rollback(True)
    return not form.errors


def _back(request: HttpRequest, *allowed: str) -> str:
    """Where a button sends the user back: the page it was on, among the allowed ones."""
    wanted = request.POST.get("next", "")
    return wanted if wanted in allowed else allowed[0]


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    return meeting.get_absolute_url() + (f"#{anchor}" if anchor else "")


# --- The meeting page ------------------------------------------------------------------------


class _Record:
    """What the meeting's record shows (agenda, attendance, resolutions), read on first use."""

    def __init__(self, meeting: Meeting) -> None:
        self._meeting = meeting

    @cached_property
    def meeting(self) -> Meeting:
        prefetch_related_objects([self._meeting], *_record_lookups())
        items = list(self._meeting.items.all())  # type: ignore[attr-defined]
        # What the committee should know before deciding on each item's subject, read now.
        notes = subjects.decision_notes(item.subject for item in items)
        for item in items:
            subject = item.subject
            key = (subject._meta.label_lower, subject.pk) if subject is not None else None
            item.notes = notes.get(key, [])  # type: ignore[attr-defined,arg-type]
        return self._meeting

    @cached_property
    def sitting(self) -> Sitting:
        return Sitting.of(self.meeting, self.meeting.attendances.all())  # type: ignore[attr-defined]


def _meeting_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    user = request.user
    record = _Record(meeting)
    versions = list(
        meeting.minutes.select_related("drafted_by", "approved_by__meeting").order_by("-version")  # type: ignore[attr-defined]
    )
    latest = versions[0] if versions else None
    can_convene = policies.can_convene(user, meeting.committee)
    can_run = policies.can_run_meeting(user, meeting)
    in_session = meeting.status in workflow.IN_SESSION
    # Only a meeting in session offers its members to declare an interest.
    own = record.sitting.own_mandate(user) if in_session else None
    return {
        "meeting": meeting,
        "committee": meeting.committee,
        "live": in_session,
        "items": SimpleLazyObject(lambda: list(record.meeting.items.all())),  # type: ignore[attr-defined]
        "members": SimpleLazyObject(lambda: record.sitting.member_rows()),
        "quorum": SimpleLazyObject(lambda: record.sitting.quorum()),
        "bylaws": SimpleLazyObject(lambda: record.sitting.bylaws),
        "rules": SimpleLazyObject(lambda: record.sitting.rules),
        "resolutions": SimpleLazyObject(
            lambda: _resolution_rows(record.meeting.resolutions.all(), record.sitting)  # type: ignore[attr-defined]
        ),
        "minutes": latest,
        "earlier_minutes": versions[1:],
        "own_mandate": own,
        "can": {
            "edit_agenda": can_convene and meeting.status in workflow.AGENDA_EDITABLE,
            "convene": can_convene and _may_go(meeting, MeetingStatus.CONVENED),
            "open": can_run and _may_go(meeting, MeetingStatus.HELD),
            "close": can_run and _may_go(meeting, MeetingStatus.CLOSED),
            "cancel": can_convene and _may_go(meeting, MeetingStatus.CANCELLED),
            "attendance": can_run and meeting.status in workflow.ATTENDANCE_OPEN,
            "propose": can_run and in_session,
            "run": can_run and in_session,
            "declare": own is not None and in_session,
            "minutes": can_run and meeting.status in workflow.MINUTES_ALLOWED,
            "circulate": can_run
            and latest is not None
            and MinutesStatus.CIRCULATED in workflow.MINUTES_TRANSITIONS[latest.status],
        },
    }


@require_GET
@governance_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting: agenda, attendance and quorum, resolutions with their tallies, minutes, actions."""
    meeting = get_object_or_404(policies.visible_meetings(request.user).select_related("committee"), pk=pk)
    return render(request, "governance/meeting_detail.html", _meeting_context(request, meeting))


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
            meeting = services.plan_meeting(
                committee,
                actor=request.user,
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                location=data["location"],
                online_url=data["online_url"],
                items=[{"title": title} for title in data["agenda"]],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting “%(title)s” is planned.") % {"title": meeting.title})
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "governance/meeting_form.html",
        {"form": form, "committee": committee},
        status=400 if form.is_bound else 200,
    )


@GET_OR_POST
@governance_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Prepare the meeting: its title, time and place, its items and their documents.

    Rescheduling a meeting the members were convened to sends them the new notice.
    """
    meeting = get_object_or_404(
        policies.visible_meetings(request.user)
        .select_related("committee")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.order_by("position")
                .select_related("forwarded_from")
                .prefetch_related("documents"),
            )
        ),
        pk=pk,
    )
    if not policies.can_convene(request.user, meeting.committee):
        raise PermissionDenied(_("You may not change this agenda."))
    if meeting.status not in workflow.AGENDA_EDITABLE:
        messages.error(request, _("The agenda of a meeting that has started cannot change."))
        return redirect(meeting.get_absolute_url())
    details = MeetingDetailsForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and details.is_valid():
        data = {name: details.cleaned_data[name] for name in services.MEETING_DETAILS}
        try:
            changed = services.update_meeting(
                meeting,
                actor=request.user,
                data=data,
                reason=details.cleaned_data["reason"],
                base_url=_base_url(request),
            )
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
    return render(request, "governance/meeting_edit.html", context, status=400 if details.is_bound else 200)


@require_GET
@governance_required
def document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An agenda document, for those who may see the meeting (files are never served publicly)."""
    document = get_object_or_404(
        AgendaDocument.objects.filter(item__meeting__in=policies.visible_meetings(request.user)), pk=pk
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This document is no longer available.")) from exc
    name = Path(document.file.name).name
    return FileResponse(handle, as_attachment=True, filename=name)


# --- Meeting transitions -------------------------------------------------------------------


@require_POST
@governance_required
def meeting_convene(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the notice (again): an email with the agenda and a calendar invitation."""
    meeting = _meeting(request, pk)
    if not policies.can_convene(request.user, meeting.committee):
        raise PermissionDenied(_("You may not convene this committee."))
    again = meeting.status == MeetingStatus.CONVENED
    try:
        services.convene_meeting(meeting, actor=request.user, base_url=_base_url(request))
    except (workflow.InvalidTransition, ValidationError) as exc:
        return _refused(request, exc, meeting.get_absolute_url())
    if again:
        messages.success(request, _("The notice was sent to the members again."))
    else:
        messages.success(request, _("The members are convened: the notice is on its way."))
    return redirect(meeting.get_absolute_url())


@require_POST
@governance_required
def meeting_open(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    try:
        services.open_meeting(meeting, actor=request.user)
    except (workflow.InvalidTransition, ValidationError) as exc:
        return _refused(request, exc, meeting.get_absolute_url())
    messages.success(request, _("The meeting is in session. Record the attendance first."))
    return redirect(meeting.get_absolute_url())


@require_POST
@governance_required
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    try:
        services.close_meeting(meeting, actor=request.user)
    except (workflow.InvalidTransition, ValidationError) as exc:
        return _refused(request, exc, meeting.get_absolute_url())
    messages.success(request, _("The meeting is closed. The minutes can now be written."))
    return redirect(meeting.get_absolute_url())


@GET_OR_POST
@governance_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if not policies.can_convene(request.user, meeting.committee):
        raise PermissionDenied(_("You may not cancel this meeting."))
    if not _may_go(meeting, MeetingStatus.CANCELLED):
        messages.error(request, _("This meeting can no longer be cancelled."))
        return redirect(meeting.get_absolute_url())
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                meeting,
                actor=request.user,
                reason=form.cleaned_data["cancellation_reason"],
                base_url=_base_url(request),
            )
        except workflow.InvalidTransition as exc:
            return _refused(request, exc, meeting.get_absolute_url())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting is cancelled."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "governance/meeting_cancel.html",
        {"form": form, "meeting": meeting, "committee": meeting.committee},
        status=400 if form.is_bound else 200,
    )


# --- Agenda --------------------------------------------------------------------------------


@GET_OR_POST
@governance_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if not policies.can_convene(request.user, meeting.committee):
        raise PermissionDenied(_("You may not change this agenda."))
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.add_agenda_item(
                meeting,
                actor=request.user,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                subject=data["minutes"],
            )
        except workflow.InvalidTransition as exc:
            return _refused(request, exc, meeting.get_absolute_url())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Item %(item)s was added to the agenda.") % {"item": item})
            return redirect("governance:meeting_edit", pk=meeting.pk)
    return render(
        request,
        "governance/meeting_item_form.html",
        {"form": form, "meeting": meeting, "committee": meeting.committee},
        status=400 if form.is_bound else 200,
    )


@GET_OR_POST
@governance_required
def document_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    item = get_object_or_404(meeting.items.all(), pk=item_pk)  # type: ignore[attr-defined]
    if not policies.can_convene(request.user, meeting.committee):
        raise PermissionDenied(_("You may not change this agenda."))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.attach_document(
                item, actor=request.user, title=form.cleaned_data["title"], file=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("“%(document)s” is attached to item %(item)s.") % {"document": document, "item": item}
            )
            return redirect(_meeting_url(meeting, f"item-{item.pk}"))
    return render(
        request,
        "governance/meeting_document_form.html",
        {"form": form, "meeting": meeting, "committee": meeting.committee, "item": item},
        status=400 if form.is_bound else 200,
    )


# --- Attendance ----------------------------------------------------------------------------


@GET_OR_POST
@governance_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet: every member on the day, present, excused, absent or by proxy."""
    meeting = _meeting(request, pk)
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    if meeting.status not in workflow.ATTENDANCE_OPEN:
        messages.error(request, _("Attendance is recorded for a convened meeting or one in session."))
        return redirect(meeting.get_absolute_url())
    sitting = Sitting.of(meeting)
    form = AttendanceForm(
        request.POST or None,
        mandates=sitting.mandates,
        attendances=sitting.attendances,
        proxies_allowed=sitting.rules.proxies_allowed,
    )
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        lines = [
            (
                form.proxy_name(mandate) if status == AttendanceStatus.PROXY else form.status_name(mandate),
                _call(
                    services.record_attendance, meeting, mandate, actor=request.user, status=status, proxy_holder=holder
                ),
            )
            for mandate, status, holder in changes
        ]
        try:
            saved = _all_or_nothing(form, lines)
        except workflow.InvalidTransition as exc:
            return _refused(request, exc, meeting.get_absolute_url())
        if saved:
            if changes:
                messages.success(request, _("The attendance was recorded."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(_meeting_url(meeting, "attendance"))
    context = {"form": form, "meeting": meeting, "committee": meeting.committee, "rules": sitting.rules}
    return render(request, "governance/attendance_form.html", context, status=400 if form.is_bound else 200)


def _call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], Any]:
    return lambda: function(*args, **kwargs)


# --- Resolutions ---------------------------------------------------------------------------


@GET_OR_POST
@governance_required
def resolution_propose(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    if meeting.status not in workflow.IN_SESSION:
        messages.error(request, _("Resolutions are put to a meeting in session."))
        return redirect(meeting.get_absolute_url())
    # "Propose a resolution" on an agenda item starts from that item.
    wanted = request.GET.get("item", "")
    item = meeting.items.filter(pk=wanted).first() if wanted.isdigit() else None  # type: ignore[attr-defined]
    initial = {"item": item, "title": item.title} if item is not None else {}
    form = ResolutionForm(request.POST or None, meeting=meeting, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            resolution = services.propose_resolution(
                meeting,
                actor=request.user,
                title=data["title"],
                text=data["text"],
                item=data["item"],
                forward_to=data["forward_to"],
                gives_coordinator_mandate=data["gives_coordinator_mandate"],
            )
        except workflow.InvalidTransition as exc:
            return _refused(request, exc, meeting.get_absolute_url())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Resolution %(number)s is put to the meeting.") % {"number": resolution.number})
            return redirect(_meeting_url(meeting, f"resolution-{resolution.pk}"))
    return render(
        request,
        "governance/resolution_form.html",
        {"form": form, "meeting": meeting, "committee": meeting.committee},
        status=400 if form.is_bound else 200,
    )


def _resolution_context(request: HttpRequest, resolution: Resolution) -> dict[str, Any]:
    meeting = resolution.meeting
    user = request.user
    pending = resolution.outcome == ResolutionOutcome.PENDING
    in_session = pending and meeting.status in workflow.IN_SESSION
    can_run = policies.can_run_meeting(user, meeting)
    sitting = Sitting.of(meeting)
    counts = sitting.counts(resolution)
    own = sitting.own_mandate(user)
    recused = {r.mandate_id for r in resolution.recusals.all()}  # type: ignore[attr-defined]
    return {
        "resolution": resolution,
        "meeting": meeting,
        "committee": resolution.committee,
        "counts": counts,
        "rules": sitting.rules,
        "recusals": list(resolution.recusals.all()),  # type: ignore[attr-defined]
        "votes": list(resolution.votes.all()),  # type: ignore[attr-defined]
        "voters": sitting.voters(resolution) if pending else [],
        "own_mandate": own,
        "own_recused": own is not None and own.pk in recused,
        "forwarded_items": list(resolution.forwarded_items.all()),  # type: ignore[attr-defined]
        "can": {
            "run": can_run and in_session,
            "declare": in_session and (can_run or own is not None),
        },
    }


def _resolution_for_page(request: HttpRequest, pk: int) -> Resolution:
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_resolutions(request.user)
        .select_related("committee", "meeting__committee", "item__forwarded_from", "forward_to")
        .prefetch_related(
            _subject(),
            _recusals(),
            Prefetch(
                "votes",
                queryset=Vote.objects.select_related("mandate__person", "cast_by__person").order_by(
                    "mandate__person__last_name", "mandate__person__first_name", "pk"
                ),
            ),
            Prefetch("forwarded_items", queryset=AgendaItem.objects.select_related("meeting__committee")),
        ),
        pk=pk,
    )


@require_GET
@governance_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A resolution: its text, who is recused and why, the tally, the votes and the decision."""
    resolution = _resolution_for_page(request, pk)
    return render(request, "governance/resolution_detail.html", _resolution_context(request, resolution))


@GET_OR_POST
@governance_required
def interest_declare(request: HttpRequest, pk: int) -> HttpResponse:
    """A member declares an interest (and is recused); whoever runs the meeting may record it for them."""
    resolution = _resolution(request, pk)
    meeting = resolution.meeting
    mandates = selectors.current_mandates(resolution.committee, meeting.meeting_date)
    may_record_for_others = policies.can_run_meeting(request.user, meeting)
    own = next((m for m in mandates if m.person_id == getattr(request.user, "person_id", None)), None)
    if not may_record_for_others and own is None:
        raise PermissionDenied(
            _("Only a member of the committee, or whoever runs the meeting, may declare an interest.")
        )
    form = InterestForm(request.POST or None, mandates=mandates, initial={"mandate": own})
    if not may_record_for_others:
        # A member declares for themselves only: the choice is fixed and shown as text.
        form.fields["mandate"].widget = form.fields["mandate"].hidden_widget()
    if request.method == "POST" and form.is_valid():
        mandate = form.cleaned_data["mandate"]
        if not policies.can_declare_interest(request.user, mandate):
            raise PermissionDenied(_("You may not declare an interest for this member."))
        try:
            services.declare_interest(
                resolution, mandate, actor=request.user, interest=form.cleaned_data["declared_interest"]
            )
        except workflow.InvalidTransition as exc:
            return _refused(request, exc, resolution.get_absolute_url())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(person)s is recused from resolution %(number)s.")
                % {"person": mandate.person, "number": resolution.number},
            )
            return redirect(
                _back(request, resolution.get_absolute_url(), _meeting_url(meeting, f"resolution-{resolution.pk}"))
            )
    context = {
        "form": form,
        "resolution": resolution,
        "meeting": meeting,
        "committee": resolution.committee,
        "own_mandate": own,
        "for_others": may_record_for_others,
    }
    return render(request, "governance/resolution_interest_form.html", context, status=400 if form.is_bound else 200)


@GET_OR_POST
@governance_required
def votes_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The vote sheet: for, against or abstain for each member who may vote; the recused apart."""
    resolution = get_object_or_404(
        policies.visible_resolutions(request.user)
        .select_related("committee", "meeting__committee", "item")
        .prefetch_related(_recusals(), "votes"),
        pk=pk,
    )
    meeting = resolution.meeting
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    if resolution.is_decided or meeting.status not in workflow.IN_SESSION:
        messages.error(request, _("Votes are recorded on a pending resolution, while the meeting is in session."))
        return redirect(resolution.get_absolute_url())
    sitting = Sitting.of(meeting)
    voters = sitting.voters(resolution)
    form = VotesForm(request.POST or None, voters=voters, votes={v.mandate_id: v for v in resolution.votes.all()})  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        lines = [
            (form.name(mandate), _call(services.record_vote, resolution, mandate, actor=request.user, choice=choice))
            for mandate, choice in changes
        ]
        try:
            saved = _all_or_nothing(form, lines)
        except workflow.InvalidTransition as exc:
            return _refused(request, exc, resolution.get_absolute_url())
        if saved:
            if changes:
                messages.success(request, _("The votes were recorded."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(_meeting_url(meeting, f"resolution-{resolution.pk}"))
    present = {m.pk for m in voters}
    recused = {r.mandate_id for r in resolution.recusals.all()}  # type: ignore[attr-defined]
    context = {
        "form": form,
        "resolution": resolution,
        "meeting": meeting,
        "committee": resolution.committee,
        "counts": sitting.counts(resolution),
        "recusals": list(resolution.recusals.all()),  # type: ignore[attr-defined]
        "absent": [
            row
            for row in sitting.member_rows()
            if row["mandate"].voting and row["mandate"].pk not in present and row["mandate"].pk not in recused
        ],
    }
    return render(request, "governance/votes_form.html", context, status=400 if form.is_bound else 200)


@require_POST
@governance_required
def resolution_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the vote (or record a consensus) under the bylaws, with the quorum."""
    resolution = _resolution(request, pk)
    meeting = resolution.meeting
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    form = DecideForm(request.POST)
    if not form.is_valid():
        resolution = _resolution_for_page(request, pk)
        context = {**_resolution_context(request, resolution), "decide_form": form}
        return render(request, "governance/resolution_detail.html", context, status=400)
    back = _back(request, _meeting_url(meeting, f"resolution-{resolution.pk}"), resolution.get_absolute_url())
    try:
        services.decide_resolution(
            resolution, actor=request.user, mode=form.cleaned_data["mode"], base_url=_base_url(request)
        )
    except (workflow.InvalidTransition, ValidationError) as exc:
        return _refused(request, exc, back)
    messages.success(
        request,
        _("Resolution %(number)s: %(outcome)s.")
        % {"number": resolution.number, "outcome": resolution.get_outcome_display().lower()},
    )
    return redirect(back)


@GET_OR_POST
@governance_required
def resolution_defer(request: HttpRequest, pk: int) -> HttpResponse:
    """Postpone the decision; no quorum is needed for that."""
    resolution = _resolution(request, pk)
    meeting = resolution.meeting
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    form = DeferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        back = _back(request, _meeting_url(meeting, f"resolution-{resolution.pk}"), resolution.get_absolute_url())
        try:
            services.defer_resolution(resolution, actor=request.user, reason=form.cleaned_data["reason"])
        except (workflow.InvalidTransition, ValidationError) as exc:
            return _refused(request, exc, back)
        messages.success(request, _("Resolution %(number)s is deferred.") % {"number": resolution.number})
        return redirect(back)
    context = {"form": form, "resolution": resolution, "meeting": meeting, "committee": resolution.committee}
    return render(request, "governance/resolution_defer_form.html", context, status=400 if form.is_bound else 200)


# --- Minutes -------------------------------------------------------------------------------


@GET_OR_POST
@governance_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the minutes, amend the draft, or correct approved minutes with a new version."""
    meeting = _meeting(request, pk)
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not write these minutes."))
    if meeting.status not in workflow.MINUTES_ALLOWED:
        messages.error(request, _("Minutes are written once the meeting has been held."))
        return redirect(meeting.get_absolute_url())
    latest = meeting.minutes.select_related("drafted_by", "approved_by").order_by("-version").first()  # type: ignore[attr-defined]
    draft = latest if latest is not None and not latest.is_locked else None
    initial = {"text": latest.text} if latest is not None else {}
    form = MinutesForm(request.POST or None, amending=draft is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            if draft is not None:
                minutes = services.amend_minutes(
                    draft, actor=request.user, text=text, reason=form.cleaned_data["reason"]
                )
            else:
                minutes = services.draft_minutes(meeting, actor=request.user, text=text)
        except workflow.InvalidTransition as exc:
            return _refused(request, exc, meeting.get_absolute_url())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The minutes were saved (version %(v)s).") % {"v": minutes.version})
            return redirect(_meeting_url(meeting, "minutes"))
    context = {
        "form": form,
        "meeting": meeting,
        "committee": meeting.committee,
        "latest": latest,
        "amending": draft is not None,
    }
    return render(request, "governance/minutes_form.html", context, status=400 if form.is_bound else 200)


def _visible_minutes(request: HttpRequest, pk: int) -> Minutes:
    return get_object_or_404(  # type: ignore[no-any-return]
        Minutes.objects.filter(meeting__in=policies.visible_meetings(request.user)).select_related(
            "meeting__committee"
        ),
        pk=pk,
    )


@require_POST
@governance_required
def minutes_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the draft to the members for their comments."""
    minutes = _visible_minutes(request, pk)
    meeting = minutes.meeting
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not write these minutes."))
    try:
        services.circulate_minutes(minutes, actor=request.user, base_url=_base_url(request))
    except (workflow.InvalidTransition, ValidationError) as exc:
        return _refused(request, exc, _meeting_url(meeting, "minutes"))
    messages.success(request, _("The draft minutes were sent to the members for their comments."))
    return redirect(_meeting_url(meeting, "minutes"))


# --- Documents: PDFs and the calendar invitation --------------------------------------------


def _meeting_with_agenda(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_meetings(request.user)
        .select_related("committee")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.order_by("position")
                .select_related("forwarded_from")
                .prefetch_related("documents"),
            )
        ),
        pk=pk,
    )


@require_GET
@governance_required
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice of meeting (avis de convocation)."""
    meeting = _meeting_with_agenda(request, pk)
    context = {"meeting": meeting, "committee": meeting.committee, "items": meeting.items.all()}  # type: ignore[attr-defined]
    return documents.pdf_response(
        request,
        "governance/pdf/notice.html",
        context,
        filename=documents.file_name(pgettext("file name", "notice"), meeting),
    )


@require_GET
@governance_required
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda (ordre du jour), with the description of each item."""
    meeting = _meeting_with_agenda(request, pk)
    context = {"meeting": meeting, "committee": meeting.committee, "items": meeting.items.all()}  # type: ignore[attr-defined]
    return documents.pdf_response(
        request,
        "governance/pdf/agenda.html",
        context,
        filename=documents.file_name(pgettext("file name", "agenda"), meeting),
    )


@require_GET
@governance_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of the minutes (procès-verbal): text, attendance, resolutions and their tallies."""
    minutes = _visible_minutes(request, pk)
    meeting = _meeting_with_everything(Meeting.objects.all()).get(pk=minutes.meeting_id)
    sitting = Sitting.of(meeting, meeting.attendances.all())  # type: ignore[attr-defined]
    minutes = next(m for m in meeting.minutes.all() if m.pk == minutes.pk)  # type: ignore[attr-defined]
    context = {
        "minutes": minutes,
        "meeting": meeting,
        "committee": meeting.committee,
        "items": meeting.items.all(),  # type: ignore[attr-defined]
        "members": sitting.member_rows(),
        "quorum": sitting.quorum(),
        "resolutions": _resolution_rows(meeting.resolutions.all(), sitting),  # type: ignore[attr-defined]
    }
    return documents.pdf_response(
        request,
        "governance/pdf/minutes.html",
        context,
        filename=documents.file_name(pgettext("file name", "minutes"), meeting, f"v{minutes.version}"),
    )


@require_GET
@governance_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting as a calendar invitation (.ics)."""
    meeting = _meeting(request, pk)
    response = HttpResponse(
        calendars.invitation(meeting, base_url=_base_url(request)), content_type="text/calendar; charset=utf-8"
    )
    name = documents.file_name(pgettext("file name", "meeting"), meeting, extension="ics")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
