"""Emails of governance, sent through Celery (inline in the embedded default)."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from . import calendars
from .models import Meeting, Minutes


def _recipients(meeting: Meeting) -> list[tuple[str, str, str]]:
    """(email, name, language) of every current member with an email address."""
    rows = meeting.committee.mandates.current(meeting.meeting_date).values_list(  # type: ignore[attr-defined]
        "person__email", "person__first_name", "person__preferred_language"
    )
    return list(dict.fromkeys((email, name, language) for email, name, language in rows if email))


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_meeting_notice(meeting_id: int, base_url: str = "", cancelled: bool = False) -> int:
    """The notice (or cancellation) to each member, in their language, with the invitation attached."""
    meeting = Meeting.objects.select_related("committee").get(pk=meeting_id)
    items = list(meeting.items.order_by("position"))
    ics = calendars.invitation(meeting, base_url=base_url)
    sent = 0
    for email, first_name, language in _recipients(meeting):
        with translation.override(language or "fr"):
            context = {"meeting": meeting, "items": items, "name": first_name, "base_url": base_url.rstrip("/")}
            if cancelled:
                subject = _("Cancelled: %(title)s") % {"title": meeting.title}
                body = render_to_string("governance/email/cancellation.txt", context)
            else:
                subject = _("Notice of meeting: %(title)s") % {"title": meeting.title}
                body = render_to_string("governance/email/notice.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=[email])
        method = "CANCEL" if cancelled else "REQUEST"
        message.attach("invitation.ics", ics, f"text/calendar; charset=utf-8; method={method}")
        message.send()
        sent += 1
    return sent


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_minutes_circulated(minutes_id: int, base_url: str = "") -> int:
    """Tell the members the draft minutes are ready for their comments."""
    minutes = Minutes.objects.select_related("meeting__committee").get(pk=minutes_id)
    sent = 0
    for email, first_name, language in _recipients(minutes.meeting):
        with translation.override(language or "fr"):
            context = {
                "minutes": minutes,
                "meeting": minutes.meeting,
                "name": first_name,
                "base_url": base_url.rstrip("/"),
            }
            subject = _("Draft minutes for your comments: %(title)s") % {"title": minutes.meeting.title}
            body = render_to_string("governance/email/minutes_circulated.txt", context)
        EmailMultiAlternatives(subject=subject, body=body, to=[email]).send()
        sent += 1
    return sent
