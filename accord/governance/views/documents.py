"""A committee's documents: the notice, the agenda, the minutes and the bylaws as PDF, the calendar invitation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from .. import calendars, documents, policies, selectors
from . import governance_required, visible_meeting, visible_minutes


def _agenda_pdf(request: HttpRequest, pk: int, template: str, kind: str) -> HttpResponse:
    meeting = get_object_or_404(selectors.meetings_with_agenda(policies.visible_meetings(request.user)), pk=pk)
    context = {"meeting": meeting, "committee": meeting.committee, "items": meeting.items.all()}  # type: ignore[attr-defined]
    return documents.pdf_response(request, template, context, filename=documents.file_name(kind, meeting))


@require_GET
@governance_required
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice of meeting (avis de convocation)."""
    return _agenda_pdf(request, pk, "governance/pdf/notice.html", pgettext("file name", "notice"))


@require_GET
@governance_required
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda (ordre du jour), with the description of each item."""
    return _agenda_pdf(request, pk, "governance/pdf/agenda.html", pgettext("file name", "agenda"))


@require_GET
@governance_required
def bylaws_pdf(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """One version of the committee's bylaws (règlement): the document its members receive."""
    committee = get_object_or_404(policies.visible_committees(request.user), slug=slug)
    bylaws = get_object_or_404(selectors.bylaws_versions(committee), version=version)
    return documents.pdf_response(
        request,
        documents.BYLAWS_TEMPLATE,
        documents.bylaws_context(bylaws),
        filename=documents.bylaws_file_name(pgettext("file name", "bylaws"), bylaws),
    )


@require_GET
@governance_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of the minutes (procès-verbal): text, attendance, resolutions and their tallies."""
    minutes = visible_minutes(request, pk)
    context = documents.minutes_context(minutes)
    filename = documents.minutes_file_name(minutes)
    return documents.pdf_response(request, documents.MINUTES_TEMPLATE, context, filename=filename)


@require_GET
@governance_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting as a calendar invitation (.ics)."""
    meeting = visible_meeting(request, pk)
    response = HttpResponse(calendars.invitation(meeting), content_type="text/calendar; charset=utf-8")
    name = documents.file_name(pgettext("file name", "meeting"), meeting, extension="ics")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
