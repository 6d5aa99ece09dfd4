"""Governance pages, one module per subject: committees, meetings, resolutions, minutes, documents, calendars.

Thin views: what the user may see first (out of scope is a 404), then the policy for the
step (403), then a form and a service (accord.core.steps answers).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from .. import policies
from ..models import Meeting, Minutes, Resolution

# The pages with a form: GET shows it, POST takes the step.
GET_OR_POST = require_http_methods(["GET", "POST"])

governance_required = policies.GOVERNANCE.required


def visible_meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the user may see, with its committee (404 otherwise)."""
    return get_object_or_404(policies.visible_meetings(request.user).select_related("committee"), pk=pk)  # type: ignore[no-any-return]


def visible_resolution(request: HttpRequest, pk: int) -> Resolution:
    """A resolution the user may see, with its committee, meeting and item (404 otherwise)."""
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_resolutions(request.user).select_related("committee", "meeting__committee", "item"), pk=pk
    )


def visible_minutes(request: HttpRequest, pk: int) -> Minutes:
    """A version of minutes of a meeting the user may see, with the meeting and its committee (404 otherwise)."""
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_minutes(request.user).select_related("meeting__committee"), pk=pk
    )


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    """The meeting's page, at a section (#attendance, #resolution-12…)."""
    return meeting.get_absolute_url() + (f"#{anchor}" if anchor else "")
