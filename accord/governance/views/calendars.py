"""Calendar feeds: a secret address per user, read by calendar apps that cannot sign in."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.accounts.policies import scope_for

from .. import calendars, policies
from ..models import CalendarToken, Meeting, MeetingStatus
from . import GET_OR_POST, governance_required


@GET_OR_POST
@governance_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The addresses of the user's calendar feeds; POST makes (or remakes) the secret."""
    if request.method == "POST":
        CalendarToken.objects.update_or_create(user=request.user, defaults={"token": secrets.token_urlsafe(32)})
        messages.success(request, _("Your calendar address is ready. Previous addresses no longer work."))
        return redirect("governance:calendar_page")
    user: Any = request.user
    token = CalendarToken.objects.filter(user=user).first()
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
    return _ics(calendars.calendar(meetings, name="Accord"), "accord")


@require_GET
def committee_calendar(request: HttpRequest, token: str, slug: str) -> HttpResponse:
    """The meetings of one committee the token's owner may see."""
    user = _feed_user(token)
    committee = get_object_or_404(policies.visible_committees(user), slug=slug)
    meetings = _feed_meetings().filter(committee=committee)
    return _ics(calendars.calendar(meetings, name=committee.name), committee.slug)
