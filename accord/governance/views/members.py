"""Members taking part: their space, answering a notice (signed in or through the email's signed
link), commenting on circulated minutes, the meeting's documents as one pack, and staff inviting
a committee's members to Accord."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accord.core.forms import apply_service_errors
from accord.core.steps import refused
from accord.core.workflow import InvalidTransition

from .. import documents, links, policies, selectors, services
from ..forms import MinutesCommentForm, NoticeAnswerForm
from ..models import Mandate, Meeting, MinutesStatus
from . import GET_OR_POST, governance_required, visible_meeting, visible_minutes

# --- Answering a notice -----------------------------------------------------------------------


def _answer_page(
    request: HttpRequest, answering: selectors.Answering, *, through_link: bool, actor: Any
) -> HttpResponse:
    meeting, mandate, existing = answering.meeting, answering.mandate, answering.existing
    initial = (
        {"answer": existing.answer, "proxy_holder": existing.proxy_holder_id, "note": existing.note} if existing else {}
    )
    form = NoticeAnswerForm(request.POST or None, initial=initial, answering=answering)
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.answer_notice(
                meeting,
                mandate,
                actor=actor,
                answer=form.cleaned_data["answer"],
                proxy_holder=form.holder(),
                note=form.cleaned_data["note"],
                through_link=through_link,
            )
        except InvalidTransition as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Your answer was recorded: %(answer)s.") % {"answer": answer.get_answer_display()}
            )
            return redirect(request.get_full_path())
    context = {
        "form": form,
        "meeting": meeting,
        "committee": meeting.committee,
        "mandate": mandate,
        "existing": existing,
        "open_for_answers": answering.open,
        "through_link": through_link,
        "proxies_allowed": answering.bylaws_allow_proxies,
    }
    return render(request, "governance/notice_answer.html", context, status=400 if form.errors else 200)


@never_cache
@GET_OR_POST
def notice_answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """Answer a notice from the link of its email, without signing in: the signed link stands for the member.

    A forged, altered or expired link is a 404, which says nothing of the meeting.
    """
    found = links.read_notice_answer_token(token)
    if found is None:
        raise Http404(_("This link is not valid, or it has expired."))
    meeting_id, mandate_id = found
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=meeting_id)
    mandate = get_object_or_404(Mandate.objects.select_related("person"), pk=mandate_id, committee=meeting.committee)
    # Signed in as the member: their account answers. Anyone else (or nobody): the link does.
    user: Any = request.user
    actor = user if getattr(user, "person_id", None) == mandate.person_id else None
    return _answer_page(request, selectors.notice_answering(meeting, mandate), through_link=True, actor=actor)


@GET_OR_POST
@governance_required
def notice_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed-in member answers the notice for their own seat."""
    meeting = visible_meeting(request, pk)
    on_the_day = selectors.sitting(meeting, attendances=())
    mandate = on_the_day.own_mandate(request.user)
    if mandate is None:
        raise PermissionDenied(policies.NO_SEAT)
    answering = selectors.notice_answering(meeting, mandate, on_the_day)
    return _answer_page(request, answering, through_link=False, actor=request.user)


# --- Comments on minutes ----------------------------------------------------------------------


@GET_OR_POST
@governance_required
def minutes_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The circulated minutes paragraph by paragraph, each with its comments and a form to add one."""
    minutes = visible_minutes(request, pk)
    may_comment = policies.can_comment_minutes(request.user, minutes)
    form = MinutesCommentForm(request.POST or None)
    if request.method == "POST":
        if not may_comment and minutes.status != MinutesStatus.APPROVED:
            raise PermissionDenied(_("You may not comment on these minutes."))
        if form.is_valid():
            try:
                comment = services.comment_minutes(
                    minutes,
                    actor=request.user,
                    paragraph=form.cleaned_data["paragraph"],
                    text=form.cleaned_data["text"],
                )
            except InvalidTransition as exc:
                return refused(request, exc, request.path)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Your comment was added."))
                return redirect(f"{request.path}#paragraph-{comment.paragraph}")
    paragraphs, orphans = selectors.minutes_paragraphs_with_comments(minutes)
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "committee": minutes.meeting.committee,
        "paragraphs": paragraphs,
        "orphans": orphans,
        "may_comment": may_comment,
        "form": form,
        "posted_paragraph": form.data.get("paragraph") if form.is_bound else None,
    }
    return render(request, "governance/minutes_comments.html", context, status=400 if form.errors else 200)


# --- The meeting's pack -----------------------------------------------------------------------


@require_GET
@governance_required
def meeting_pack(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The meeting's documents as one zip, streamed: its agenda (PDF), the items' documents, its latest minutes."""
    meeting = get_object_or_404(
        selectors.meetings_with_agenda(policies.visible_meetings(request.user), documents=False), pk=pk
    )
    return documents.pack_response(meeting)


# --- Inviting a committee's members -------------------------------------------------------------


@require_POST
@governance_required
def members_invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff covering the committee invite its members without an account (one email each)."""
    committee = get_object_or_404(policies.visible_committees(request.user), slug=slug)
    if not policies.can_invite_members(request.user, committee):
        raise PermissionDenied(_("Only staff covering this committee invite its members."))
    done = services.invite_members(committee, actor=request.user)
    if done.invited:
        messages.success(
            request,
            ngettext(
                "%(count)d member was invited: they choose their password from the email.",
                "%(count)d members were invited: they choose their password from the email.",
                len(done.invited),
            )
            % {"count": len(done.invited)},
        )
    else:
        messages.info(request, _("Every member with an email address already has an account."))
    if done.without_email:
        messages.warning(
            request,
            _("Without an email address, not invited: %(people)s.")
            % {"people": ", ".join(str(p) for p in done.without_email)},
        )
    for person, reason in done.refused:
        messages.warning(request, f"{person}: {reason}")
    return redirect(reverse("governance:committee_detail", args=[committee.slug]) + "#members")
