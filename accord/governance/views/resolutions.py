"""Resolution pages: the list, proposing, the resolution, interests, the vote sheet, the decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.core import confirm
from accord.core.forms import apply_service_errors
from accord.core.listing import list_page
from accord.core.steps import back_to, button_step, create_once, form_step, refused
from accord.core.workflow import InvalidTransition

from .. import policies, selectors, services, workflow
from ..filters import ResolutionFilterSet
from ..forms import DecideForm, DeferForm, InterestForm, ResolutionForm, VotesForm
from ..models import Resolution, ResolutionOutcome
from ..tables import ResolutionTable
from . import GET_OR_POST, governance_required, meeting_url, visible_meeting, visible_resolution


def _in_meeting(resolution: Resolution) -> str:
    return meeting_url(resolution.meeting, f"resolution-{resolution.pk}")


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


@GET_OR_POST
@governance_required
def resolution_propose(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
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
            # A resolution is numbered when it is proposed: a form sent twice must not make two.
            result = create_once(
                request,
                form,
                lambda: services.propose_resolution(
                    meeting,
                    actor=request.user,
                    title=data["title"],
                    text=data["text"],
                    item=data["item"],
                    forward_to=data["forward_to"],
                    gives_coordinator_mandate=data["gives_coordinator_mandate"],
                    delegation=data.get("delegation") or "",
                    delegates_to=data.get("delegates_to"),
                    justification=data["justification"],
                ),
                scope="governance.resolution",
            )
        except InvalidTransition as exc:
            return refused(request, exc, meeting.get_absolute_url())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            resolution = result.obj
            if result.created:
                messages.success(
                    request, _("Resolution %(number)s is put to the meeting.") % {"number": resolution.number}
                )
            return redirect(_in_meeting(resolution))
    context = {"form": form, "meeting": meeting, "committee": meeting.committee}
    return render(request, "governance/resolution_form.html", context, status=400 if form.is_bound else 200)


def _resolution_context(request: HttpRequest, resolution: Resolution) -> dict[str, Any]:
    meeting = resolution.meeting
    user = request.user
    pending = resolution.outcome == ResolutionOutcome.PENDING
    in_session = pending and meeting.status in workflow.IN_SESSION
    can_run = policies.can_run_meeting(user, meeting)
    sitting = selectors.sitting(meeting)
    own = sitting.own_mandate(user)
    recusals = list(resolution.recusals.all())  # type: ignore[attr-defined]
    return {
        "resolution": resolution,
        "meeting": meeting,
        "committee": resolution.committee,
        "counts": sitting.counts(resolution),
        "rules": sitting.rules,
        "recusals": recusals,
        "votes": list(resolution.votes.all()),  # type: ignore[attr-defined]
        "vote_changes": selectors.vote_changes(resolution),
        "voters": sitting.voters(resolution) if pending else [],
        "own_mandate": own,
        "own_recused": own is not None and own.pk in {r.mandate_id for r in recusals},
        "forwarded_items": list(resolution.forwarded_items.all()),  # type: ignore[attr-defined]
        "can": {
            "run": can_run and in_session,
            "declare": in_session and (can_run or own is not None),
            "sign_off": resolution.awaits_sign_off and policies.can_sign_off(user, resolution),
        },
    }


def _resolution_for_page(request: HttpRequest, pk: int) -> Resolution:
    return get_object_or_404(  # type: ignore[no-any-return]
        selectors.resolutions_with_votes(policies.visible_resolutions(request.user)), pk=pk
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
    resolution = visible_resolution(request, pk)
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

    def run(data: dict[str, Any]) -> str:
        mandate = data["mandate"]
        if not policies.can_declare_interest(request.user, mandate):
            raise PermissionDenied(_("You may not declare an interest for this member."))
        services.declare_interest(resolution, mandate, actor=request.user, interest=data["declared_interest"])
        return _("%(person)s is recused from resolution %(number)s.") % {
            "person": mandate.person,
            "number": resolution.number,
        }

    return form_step(
        request,
        form,
        run,
        template="governance/resolution_interest_form.html",
        context={
            "resolution": resolution,
            "meeting": meeting,
            "committee": resolution.committee,
            "own_mandate": own,
            "for_others": may_record_for_others,
        },
        back=resolution.get_absolute_url(),
        done_url=back_to(request, resolution.get_absolute_url(), _in_meeting(resolution)),
    )


@GET_OR_POST
@governance_required
def votes_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The vote sheet: for, against or abstain for each member who may vote, the recused apart; all lines or none."""
    resolution = get_object_or_404(selectors.resolutions_with_votes(policies.visible_resolutions(request.user)), pk=pk)
    meeting = resolution.meeting
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    if resolution.is_decided or meeting.status not in workflow.IN_SESSION:
        messages.error(request, _("Votes are recorded on a pending resolution, while the meeting is in session."))
        return redirect(resolution.get_absolute_url())
    sitting = selectors.sitting(meeting)
    voters = sitting.voters(resolution)
    votes = {v.mandate_id: v for v in resolution.votes.all()}  # type: ignore[attr-defined]
    form = VotesForm(request.POST or None, voters=voters, votes=votes)
    if request.method == "POST" and form.is_valid():
        lines = form.changes()
        try:
            services.record_votes(resolution, lines, actor=request.user)
        except InvalidTransition as exc:
            return refused(request, exc, resolution.get_absolute_url())
        except services.SheetRefused as exc:
            form.show_refusals(exc.lines)
        else:
            if lines:
                messages.success(request, _("The votes were recorded."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(_in_meeting(resolution))
    present = {m.pk for m in voters}
    recusals = list(resolution.recusals.all())  # type: ignore[attr-defined]
    recused = {r.mandate_id for r in recusals}
    context = {
        "form": form,
        "resolution": resolution,
        "meeting": meeting,
        "committee": resolution.committee,
        "counts": sitting.counts(resolution),
        "recusals": recusals,
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
    resolution = visible_resolution(request, pk)
    if not policies.can_run_meeting(request.user, resolution.meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    form = DecideForm(request.POST)
    if not form.is_valid():
        context = {**_resolution_context(request, _resolution_for_page(request, pk)), "decide_form": form}
        return render(request, "governance/resolution_detail.html", context, status=400)
    outcome = selectors.decision_preview(resolution, form.cleaned_data["mode"])
    if outcome is not None and not confirm.is_confirmed(request):
        return confirm.confirmation(
            request,
            title=_("Record the decision on resolution %(number)s?") % {"number": resolution.number},
            consequences=[
                _("The resolution will be recorded as %(outcome)s, by the votes and attendance recorded now.")
                % {"outcome": outcome},
                _("The votes can no longer be changed, and the decision follows its subject (a project moves on)."),
            ],
            submit_label=_("Record the decision"),
            back=resolution.get_absolute_url(),
        )

    def run() -> str:
        services.decide_resolution(resolution, actor=request.user, mode=form.cleaned_data["mode"])
        return _("Resolution %(number)s: %(outcome)s.") % {
            "number": resolution.number,
            "outcome": resolution.get_outcome_display().lower(),
        }

    return button_step(request, run, back=back_to(request, _in_meeting(resolution), resolution.get_absolute_url()))


@require_POST
@governance_required
def resolution_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """The member who chaired confirms a decision someone else recorded: it takes effect."""
    resolution = visible_resolution(request, pk)
    if not policies.can_sign_off(request.user, resolution):
        raise PermissionDenied(_("Only the member who chaired the meeting signs off this decision."))

    def run() -> str:
        services.sign_off_resolution(resolution, actor=request.user)
        return _("Resolution %(number)s is signed off: it takes effect.") % {"number": resolution.number}

    return button_step(request, run, back=resolution.get_absolute_url())


@GET_OR_POST
@governance_required
def resolution_defer(request: HttpRequest, pk: int) -> HttpResponse:
    """Postpone the decision; no quorum is needed for that."""
    resolution = visible_resolution(request, pk)
    meeting = resolution.meeting
    if not policies.can_run_meeting(request.user, meeting):
        raise PermissionDenied(_("You may not run this meeting."))

    def run(data: dict[str, Any]) -> str:
        services.defer_resolution(resolution, actor=request.user, reason=data["reason"])
        return _("Resolution %(number)s is deferred.") % {"number": resolution.number}

    return form_step(
        request,
        DeferForm(request.POST or None),
        run,
        template="governance/resolution_defer_form.html",
        context={"resolution": resolution, "meeting": meeting, "committee": resolution.committee},
        back=back_to(request, _in_meeting(resolution), resolution.get_absolute_url()),
    )
