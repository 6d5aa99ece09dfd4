"""Committee pages: lists, the committee dashboard, members, bylaws, reports, calendars.

Thin views: the user's visible committees first (out of scope is a 404), then the
policy for the action (403), then a service.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accord.accounts.policies import scope_for
from accord.core.forms import apply_service_errors, form_page
from accord.core.listing import list_page
from accord.registry.models import Person

from . import calendars, compliance, policies, selectors, services
from .decorators import governance_required
from .filters import CommitteeFilterSet, ResolutionFilterSet
from .forms import BylawsForm, CommitteeForm, MandateEndForm, MandateForm, PersonSearchForm, ReportForm
from .models import CalendarToken, Committee, CommitteeEvent, CoordinatorReport, Mandate, Meeting, MeetingStatus
from .tables import CommitteeTable, ResolutionTable


def _committee(request: HttpRequest, slug: str) -> Committee:
    return get_object_or_404(policies.visible_committees(request.user), slug=slug)  # type: ignore[no-any-return]


def _attach_compliance(committees: list[Committee]) -> None:
    for report in compliance.reports(committees):
        report.committee.compliance = report  # type: ignore[attr-defined]


# --- Lists ---------------------------------------------------------------------------------


@require_GET
@governance_required
def committee_list(request: HttpRequest) -> HttpResponse:
    queryset = policies.visible_committees(request.user).select_related("region", "creneau")
    extra = {}
    if scope_for(request.user).is_staff:
        extra["create_url"] = reverse("governance:committee_create")
    return list_page(
        request,
        queryset=queryset,
        filterset_class=CommitteeFilterSet,
        table_class=CommitteeTable,
        prepare_rows=_attach_compliance,
        title=_("Committees"),
        export_name="committees",
        extra=extra,
    )


@require_GET
@governance_required
def resolution_list(request: HttpRequest) -> HttpResponse:
    """Every resolution the user may see, searchable without accents, by outcome and year."""
    return list_page(
        request,
        # The columns the list shows: the text and the search column stay in the database.
        queryset=policies.visible_resolutions(request.user)
        .select_related("committee")
        .only(*ResolutionTable.SELECTED_FIELDS),
        filterset_class=ResolutionFilterSet,
        table_class=ResolutionTable,
        title=_("Resolutions"),
        export_name="resolutions",
    )


@require_GET
@governance_required
def compliance_list(request: HttpRequest) -> HttpResponse:
    """For regional offices and the ministry: the committees out of compliance, and why."""
    if not scope_for(request.user).is_staff:
        raise PermissionDenied(_("This view is for ministry and regional-office staff."))
    committees = list(
        policies.visible_committees(request.user).active().select_related("region", "creneau").order_by("name_fr")
    )
    reports = [r for r in compliance.reports(committees) if not r.compliant]
    return render(request, "governance/compliance_list.html", {"reports": reports, "checked": len(committees)})


@require_GET
@governance_required
def my_committees(request: HttpRequest) -> HttpResponse:
    """A member's home: their committees, their seats and the coming meetings."""
    person_id = getattr(request.user, "person_id", None)
    mandates = (
        Mandate.objects.current().filter(person_id=person_id).select_related("committee").order_by("committee__name_fr")
        if person_id
        else Mandate.objects.none()
    )
    committee_ids = [m.committee_id for m in mandates]
    upcoming = (
        Meeting.objects.filter(
            committee_id__in=committee_ids,
            starts_at__gte=timezone.now() - datetime.timedelta(hours=12),
            status__in=[MeetingStatus.PLANNED, MeetingStatus.CONVENED, MeetingStatus.HELD],
        )
        .select_related("committee")
        .order_by("starts_at")[:20]
    )
    return render(request, "governance/my_committees.html", {"mandates": mandates, "upcoming": upcoming})


# --- A committee ---------------------------------------------------------------------------


@require_GET
@governance_required
def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The committee's dashboard: members, compliance, meetings, resolutions, reports, timeline."""
    committee = get_object_or_404(
        policies.visible_committees(request.user).select_related("region", "creneau", "parent"), slug=slug
    )
    user = request.user
    today = timezone.localdate()
    context = {
        "committee": committee,
        "mandates": selectors.current_mandates(committee, today),
        "report": compliance.report(committee, on=today),
        "bylaws": selectors.bylaws_in_force(committee, today),
        "upcoming": selectors.upcoming_meetings(committee)[:5],
        "past": committee.meetings.filter(status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED])  # type: ignore[attr-defined]
        .annotate(resolution_count=Count("resolutions"))
        .order_by("-starts_at")[:5],
        "resolutions": selectors.recent_resolutions(committee),
        "pending": committee.pending_items.filter(placed_on__isnull=True).select_related("source"),  # type: ignore[attr-defined]
        "open_mandates": selectors.open_coordinator_mandates(committee),
        "reports": committee.coordinator_reports.select_related("coordinator__person")[:3],  # type: ignore[attr-defined]
        "events": committee.events.select_related("actor")[:8],  # type: ignore[attr-defined]
        "subcommittees": committee.subcommittees.all(),  # type: ignore[attr-defined]
        "can_manage": policies.can_manage_committee(user, committee),
        "can_convene": policies.can_convene(user, committee),
        "can_report": policies.can_report(user, committee),
    }
    return render(request, "governance/committee_detail.html", context)


@require_http_methods(["GET", "POST"])
@governance_required
def committee_create(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).is_staff:
        raise PermissionDenied(_("Committees are set up by ministry and regional-office staff."))
    form = CommitteeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("regions", "creneaux", "reason")}
        try:
            committee = services.create_committee(
                actor=request.user,
                data=data,
                regions=form.cleaned_data["regions"],
                creneaux=form.cleaned_data["creneaux"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("You may not set up a committee in this region."))
        else:
            messages.success(request, _("The committee “%(name)s” was set up.") % {"name": committee})
            return redirect(committee.get_absolute_url())
    return form_page(
        request,
        form,
        title=_("New committee"),
        cancel_url=reverse("governance:committee_list"),
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@governance_required
def committee_edit(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee(request, slug)
    if not policies.can_manage_committee(request.user, committee):
        raise PermissionDenied
    form = CommitteeForm(request.POST or None, instance=committee, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = ("name_fr", "name_en", "code", "parent", "topic", "created_on")
        try:
            services.update_committee(
                committee,
                actor=request.user,
                data={k: form.cleaned_data[k] for k in fields},
                regions=form.cleaned_data["regions"],
                creneaux=form.cleaned_data["creneaux"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(committee.get_absolute_url())
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": committee},
        cancel_url=committee.get_absolute_url(),
        status=400 if form.is_bound else 200,
    )


@require_GET
@governance_required
def committee_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    """Every recorded transition of the committee, newest first."""
    committee = _committee(request, slug)
    events = CommitteeEvent.objects.filter(committee=committee).select_related("actor", "meeting", "resolution")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "governance/committee_timeline.html", {"committee": committee, "page": page})


# --- Members -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@governance_required
def mandate_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Seat a person: find them first, then give the role and the term."""
    committee = _committee(request, slug)
    if not policies.can_manage_committee(request.user, committee):
        raise PermissionDenied
    person_id = request.POST.get("person") or request.GET.get("person")
    if not person_id:
        search = PersonSearchForm(request.GET or None)
        query = request.GET.get("person_q", "").strip()
        candidates = (
            list(
                Person.objects.search(query).prefetch_related("organisations").order_by("last_name", "first_name")[:20]
            )
            if query
            else []
        )
        return render(
            request,
            "governance/mandate_search.html",
            {"committee": committee, "search": search, "query": query, "candidates": candidates},
        )
    person = get_object_or_404(Person.objects.all(), pk=person_id) if str(person_id).isdigit() else None
    if person is None:
        raise Http404
    form = MandateForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.start_mandate(
                committee,
                actor=request.user,
                person=person,
                role=data["role"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                voting=data["voting"],
                organisation=data["organisation"],
                constituency=data["constituency"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(person)s now sits on the committee.") % {"person": person})
            return redirect(committee.get_absolute_url())
    return render(
        request,
        "governance/mandate_form.html",
        {"committee": committee, "person": person, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@governance_required
def mandate_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    committee = _committee(request, slug)
    mandate = get_object_or_404(committee.mandates.select_related("person"), pk=pk)
    if not policies.can_manage_committee(request.user, committee):
        raise PermissionDenied
    form = MandateEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_mandate(
                mandate, actor=request.user, ends_on=form.cleaned_data["ends_on"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The mandate of %(person)s ends.") % {"person": mandate.person})
            return redirect(committee.get_absolute_url())
    return form_page(
        request,
        form,
        title=_("End the mandate of %(person)s") % {"person": mandate.person},
        cancel_url=committee.get_absolute_url(),
        status=400 if form.is_bound else 200,
    )


# --- Bylaws --------------------------------------------------------------------------------


@require_GET
@governance_required
def bylaws_list(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee(request, slug)
    versions = committee.bylaws.select_related("adopted_by").order_by("-version")
    context = {
        "committee": committee,
        "versions": versions,
        "in_force": selectors.bylaws_in_force(committee),
        "can_manage": policies.can_manage_committee(request.user, committee),
    }
    return render(request, "governance/bylaws_list.html", context)


@require_http_methods(["GET", "POST"])
@governance_required
def bylaws_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a new version of the bylaws, starting from the one in force."""
    committee = _committee(request, slug)
    if not policies.can_manage_committee(request.user, committee):
        raise PermissionDenied
    current = selectors.bylaws_in_force(committee)
    form = BylawsForm(request.POST or None, instance=None, committee=committee, initial=_bylaws_initial(current))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("adopted_on", "adopted_by")}
        try:
            services.adopt_bylaws(
                committee,
                actor=request.user,
                data=data,
                adopted_on=form.cleaned_data["adopted_on"],
                resolution=form.cleaned_data["adopted_by"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The new version of the bylaws was recorded."))
            return redirect("governance:bylaws_list", slug=committee.slug)
    return form_page(
        request,
        form,
        title=_("New version of the bylaws of %(name)s") % {"name": committee},
        cancel_url=reverse("governance:bylaws_list", args=[committee.slug]),
        status=400 if form.is_bound else 200,
    )


def _bylaws_initial(current: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {"adopted_on": timezone.localdate()}
    if current is not None:
        for name in BylawsForm.Meta.fields:
            if name not in ("adopted_on", "adopted_by"):
                initial[name] = getattr(current, name)
    return initial


# --- Coordinator reports -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@governance_required
def report_create(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee(request, slug)
    if not policies.can_report(request.user, committee):
        raise PermissionDenied(_("Only the coordinator reports to the committee."))
    open_mandates = list(selectors.open_coordinator_mandates(committee))
    form = ReportForm(request.POST or None, committee=committee, open_mandates=open_mandates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.submit_report(
                committee,
                actor=request.user,
                coordinator=data["coordinator"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                activities=data["activities"],
                next_steps=data["next_steps"],
                progress=form.progress(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The report was submitted to the committee."))
            return redirect("governance:report_detail", slug=committee.slug, pk=report.pk)
    return form_page(
        request,
        form,
        title=_("Coordinator's report to %(name)s") % {"name": committee},
        cancel_url=committee.get_absolute_url(),
        status=400 if form.is_bound else 200,
    )


@require_GET
@governance_required
def report_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    committee = _committee(request, slug)
    report = get_object_or_404(
        CoordinatorReport.objects.filter(committee=committee)
        .select_related("coordinator__person")
        .prefetch_related("progress__resolution"),
        pk=pk,
    )
    return render(request, "governance/report_detail.html", {"committee": committee, "report": report})


# --- Calendars -----------------------------------------------------------------------------


def _token_of(user: Any) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).first()


@require_http_methods(["GET", "POST"])
@governance_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The addresses of the user's calendar feeds; POST makes (or remakes) the secret."""
    if request.method == "POST":
        CalendarToken.objects.update_or_create(user=request.user, defaults={"token": secrets.token_urlsafe(32)})
        messages.success(request, _("Your calendar address is ready. Previous addresses no longer work."))
        return redirect("governance:calendar_page")
    token = _token_of(request.user)
    committees = (
        policies.visible_committees(request.user).filter(pk__in=list(policies.committee_roles(request.user)))
        if not scope_for(request.user).program_wide
        else policies.visible_committees(request.user).none()
    )
    return render(request, "governance/calendar_page.html", {"token": token, "committees": committees})


def _feed_user(token: str) -> Any:
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    return found.user


def _ics(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def _feed_meetings() -> Any:
    since = timezone.now() - datetime.timedelta(days=180)
    return (
        Meeting.objects.filter(starts_at__gte=since).exclude(status=MeetingStatus.PLANNED).select_related("committee")
    )


@require_GET
def person_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """Every meeting of the committees the token's owner sits on (no sign-in: the token is the key)."""
    user = _feed_user(token)
    meetings = _feed_meetings().filter(committee_id__in=list(policies.committee_roles(user)))
    return _ics(calendars.calendar(meetings, name="Accord", base_url=request.build_absolute_uri("/")), "accord")


@require_GET
def committee_calendar(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    """The meetings of one committee the token's owner may see."""
    user = _feed_user(token)
    committee = get_object_or_404(policies.visible_committees(user), slug=slug)
    meetings = _feed_meetings().filter(committee=committee)
    return _ics(
        calendars.calendar(meetings, name=committee.name, base_url=request.build_absolute_uri("/")), committee.slug
    )
