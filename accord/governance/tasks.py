"""Emails of governance, sent through Celery (inline in the embedded default)."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accord.core.links import site_url

from . import calendars, selectors
from .models import Meeting, Minutes


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_meeting_notice(meeting_id: int, cancelled: bool = False) -> int:
    """The notice (or cancellation) to each member, in their language, with the invitation attached."""
    meeting = selectors.meetings_with_agenda(Meeting.objects.filter(pk=meeting_id), documents=False).get()
    items = list(meeting.items.all())  # type: ignore[attr-defined]
    ics = calendars.invitation(meeting)
    sent = 0
    for email, first_name, language in selectors.recipients(meeting):
        with translation.override(language or "fr"):
            context = {
                "meeting": meeting,
                "items": items,
                "name": first_name,
                "meeting_url": site_url(meeting.get_absolute_url()),  # in the member's language
            }
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
def send_minutes_circulated(minutes_id: int) -> int:
    """Tell the members the draft minutes are ready for their comments."""
    minutes = Minutes.objects.select_related("meeting__committee").get(pk=minutes_id)
    sent = 0
    for email, first_name, language in selectors.recipients(minutes.meeting):
        with translation.override(language or "fr"):
            context = {
                "minutes": minutes,
                "meeting": minutes.meeting,
                "name": first_name,
                "meeting_url": site_url(minutes.meeting.get_absolute_url()),
            }
            subject = _("Draft minutes for your comments: %(title)s") % {"title": minutes.meeting.title}
            body = render_to_string("governance/email/minutes_circulated.txt", context)
        EmailMultiAlternatives(subject=subject, body=body, to=[email]).send()
        sent += 1
    return sent
