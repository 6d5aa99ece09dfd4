"""Committee pages: the list, compliance, a member's home, the dashboard, members, bylaws, reports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.accounts.policies import scope_for
from accord.core.forms import apply_service_errors, form_page
from accord.core.listing import list_page
from accord.core.steps import button_step, form_step
from accord.registry import queues

from .. import policies, selectors, services
from ..filters import CommitteeFilterSet
from ..forms import (
    BylawsForm,
    CommitteeForm,
    MandateEndForm,
    MandateForm,
    PersonSearchForm,
    ReportForm,
    SeatDeclineForm,
)
from ..models import Committee, CommitteeEvent, CoordinatorReport
from ..tables import CommitteeTable
from . import GET_OR_POST, governance_required

OBJECT_FORM = "core/object_form.html"


def _committee(request: HttpRequest, slug: str) -> Committee:
    return get_object_or_404(policies.visible_committees(request.user), slug=slug)  # type: ignore[no-any-return]


def _attach_compliance(committees: list[Committee]) -> None:
    for report in selectors.compliance_reports(committees):
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
def compliance_list(request: HttpRequest) -> HttpResponse:
    """For regional offices and the ministry: the committees out of compliance, and why."""
    if not scope_for(request.user).is_staff:
        raise PermissionDenied(_("This view is for ministry and regional-office staff."))
    committees = list(
        policies.visible_committees(request.user).active().select_related("region", "creneau").order_by("name_fr")
    )
    reports = [r for r in selectors.compliance_reports(committees) if not r.compliant]
    return render(request, "governance/compliance_list.html", {"reports": reports, "checked": len(committees)})


@require_GET
@governance_required
def my_committees(request: HttpRequest) -> HttpResponse:
    """A member's home ("My space"): what waits for them (decision 28), their seats and terms,
    next meetings and their answers, documents to read, draft minutes to comment."""
    context = {"space": selectors.my_space(request.user), "queues": queues.for_user(request.user)}
    return render(request, "governance/my_committees.html", context)


# --- A committee ---------------------------------------------------------------------------


@require_GET
@governance_required
def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The committee's dashboard: members, compliance, meetings, resolutions, reports, timeline."""
    committee = get_object_or_404(
        policies.visible_committees(request.user).select_related("region", "creneau", "parent"), slug=slug
    )
    user = request.user
    context = {
        "committee": committee,
        **selectors.dashboard(committee, timezone.localdate()),
        "can_manage": policies.can_manage_committee(user, committee),
        "can_approve_seats": policies.can_approve_seat(user, committee),
        "can_override_bylaws": policies.can_override_bylaws(user, committee),
        "can_convene": policies.can_convene(user, committee),
        "can_report": policies.can_report(user, committee),
        "can_invite": policies.can_invite_members(user, committee),
    }
    return render(request, "governance/committee_detail.html", context)


@GET_OR_POST
@governance_required
def committee_create(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).is_staff:
        raise PermissionDenied(_("Committees are set up by ministry and regional-office staff."))
    form = CommitteeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("regions", "creneaux", "reason", "revision")}
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


@GET_OR_POST
@governance_required
def committee_edit(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee(request, slug)
    if not policies.can_manage_committee(request.user, committee):
        raise PermissionDenied

    def run(data: dict[str, Any]) -> str:
        services.update_committee(
            committee,
            actor=request.user,
            data={k: data[k] for k in ("name_fr", "name_en", "code", "parent", "topic", "created_on")},
            regions=data["regions"],
            creneaux=data["creneaux"],
            reason=data["reason"],
            revision=data["revision"],
        )
        return _("Your changes were saved.")

    return form_step(
        request,
        CommitteeForm(request.POST or None, instance=committee, user=request.user),
        run,
        template=OBJECT_FORM,
        context={"title": _("Edit %(name)s") % {"name": committee}, "cancel_url": committee.get_absolute_url()},
        back=committee.get_absolute_url(),
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


@GET_OR_POST
@governance_required
def mandate_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Seat a person: find them first, then give the role and the term."""
    committee = _committee(request, slug)
    if not policies.can_manage_committee(request.user, committee):
        raise PermissionDenied
    person_id = request.POST.get("person") or request.GET.get("person")
    if not person_id:
        query = request.GET.get("person_q", "").strip()
        context = {
            "committee": committee,
            "search": PersonSearchForm(request.GET or None),
            "query": query,
            "candidates": selectors.seat_candidates(committee, query),
        }
        return render(request, "governance/mandate_search.html", context)
    if not str(person_id).isdigit():
        raise Http404
    # Only people the committee may seat: anyone else is answered as if they did not exist.
    person = get_object_or_404(policies.seatable_people(committee), pk=person_id)

    def run(data: dict[str, Any]) -> str:
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
            override_reason=data.get("override_reason", ""),
        )
        if policies.can_approve_seat(request.user, committee):
            return _("%(person)s now sits on the committee.") % {"person": person}
        return _("The seat of %(person)s is proposed: it takes effect once the regional office approves it.") % {
            "person": person
        }

    return form_step(
        request,
        MandateForm(
            request.POST or None,
            organisations=policies.representable_organisations(person),
            can_override=policies.can_override_bylaws(request.user, committee),
        ),
        run,
        template="governance/mandate_form.html",
        context={"committee": committee, "person": person},
        back=committee.get_absolute_url(),
    )


@GET_OR_POST
@governance_required
def mandate_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    committee = _committee(request, slug)
    mandate = get_object_or_404(committee.mandates.select_related("person"), pk=pk)  # type: ignore[attr-defined]
    if not policies.can_manage_committee(request.user, committee):
        raise PermissionDenied

    def run(data: dict[str, Any]) -> str:
        services.end_mandate(mandate, actor=request.user, ends_on=data["ends_on"], reason=data["reason"])
        return _("The mandate of %(person)s ends.") % {"person": mandate.person}

    return form_step(
        request,
        MandateEndForm(request.POST or None),
        run,
        template=OBJECT_FORM,
        context={
            "title": _("End the mandate of %(person)s") % {"person": mandate.person},
            "cancel_url": committee.get_absolute_url(),
        },
        back=committee.get_absolute_url(),
    )


@require_POST
@governance_required
def mandate_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The regional office or the ministry approves a seat the committee's officers proposed."""
    committee = _committee(request, slug)
    mandate = get_object_or_404(committee.mandates.select_related("person"), pk=pk)  # type: ignore[attr-defined]
    if not policies.can_approve_seat(request.user, committee):
        raise PermissionDenied(_("Seats are approved by the regional office or the ministry."))

    def run() -> str:
        # Only the ministry sees the field; the service refuses anyone else's override.
        services.approve_mandate(
            mandate, actor=request.user, override_reason=request.POST.get("override_reason", "")[:300]
        )
        return _("%(person)s now sits on the committee.") % {"person": mandate.person}

    return button_step(request, run, back=committee.get_absolute_url())


@GET_OR_POST
@governance_required
def mandate_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    committee = _committee(request, slug)
    mandate = get_object_or_404(committee.mandates.select_related("person"), pk=pk)  # type: ignore[attr-defined]
    if not policies.can_approve_seat(request.user, committee):
        raise PermissionDenied(_("Seats are approved by the regional office or the ministry."))

    def run(data: dict[str, Any]) -> str:
        services.decline_mandate(mandate, actor=request.user, reason=data["reason"])
        return _("The seat of %(person)s is declined.") % {"person": mandate.person}

    return form_step(
        request,
        SeatDeclineForm(request.POST or None),
        run,
        template=OBJECT_FORM,
        context={
            "title": _("Decline the seat of %(person)s") % {"person": mandate.person},
            "cancel_url": committee.get_absolute_url(),
        },
        back=committee.get_absolute_url(),
    )


# --- Bylaws --------------------------------------------------------------------------------


@require_GET
@governance_required
def bylaws_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every version, drafts included; who acknowledged the one in force, for those who manage the committee."""
    committee = _committee(request, slug)
    in_force = selectors.bylaws_in_force(committee)
    can_manage = policies.can_manage_committee(request.user, committee)
    context = {
        "committee": committee,
        "versions": selectors.bylaws_versions(committee),
        "in_force": in_force,
        "can_manage": can_manage,
        "acknowledgements": selectors.bylaws_acknowledgements(in_force) if can_manage and in_force else None,
        "acknowledged_at": selectors.bylaws_acknowledged_at(in_force, request.user),
        "can_acknowledge": in_force is not None and policies.can_acknowledge_bylaws(request.user, committee),
    }
    return render(request, "governance/bylaws_list.html", context)


@GET_OR_POST
@governance_required
def bylaws_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Draft a new version of the bylaws, starting from the one in force; a resolution adopts it later."""
    committee = _committee(request, slug)
    if not policies.can_manage_committee(request.user, committee):
        raise PermissionDenied
    initial: dict[str, Any] = {}
    current = selectors.bylaws_in_force(committee)
    if current is not None:
        initial |= {name: getattr(current, name) for name in BylawsForm.Meta.fields}

    def run(data: dict[str, Any]) -> str:
        bylaws = services.draft_bylaws(committee, actor=request.user, data=data)
        return _(
            "Version %(version)s of the bylaws is drafted. Put it on a meeting's agenda: "
            "it comes into force when the committee adopts it by resolution."
        ) % {"version": bylaws.version}

    versions = reverse("governance:bylaws_list", args=[committee.slug])
    return form_step(
        request,
        BylawsForm(request.POST or None, instance=None, initial=initial),
        run,
        template=OBJECT_FORM,
        context={"title": _("New version of the bylaws of %(name)s") % {"name": committee}, "cancel_url": versions},
        back=versions,
    )


@require_POST
@governance_required
def bylaws_acknowledge(request: HttpRequest, slug: str) -> HttpResponse:
    """A member confirms they read the bylaws in force (again: nothing changes)."""
    committee = _committee(request, slug)
    versions = reverse("governance:bylaws_list", args=[committee.slug])

    def run() -> str:
        acknowledgement = services.acknowledge_bylaws(committee, actor=request.user)
        return _("You acknowledged version %(version)s of the bylaws.") % {"version": acknowledgement.bylaws.version}

    return button_step(request, run, back=versions)


# --- Coordinator reports -------------------------------------------------------------------


@GET_OR_POST
@governance_required
def report_create(request: HttpRequest, slug: str) -> HttpResponse:
    committee = _committee(request, slug)
    if not policies.can_report(request.user, committee):
        raise PermissionDenied(_("Only the coordinator reports to the committee."))
    open_mandates = list(selectors.open_coordinator_mandates(committee))
    form = ReportForm(
        request.POST or None,
        committee=committee,
        open_mandates=open_mandates,
        person_id=getattr(request.user, "person_id", None),
    )
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
