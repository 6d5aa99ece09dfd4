"""Emails of the events, sent through Celery after the commit (inline in the embedded default)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accord.core.links import site_url
from accord.core.mail import discards_mail, send_once
from accord.core.text import header_text

from . import calendars
from .models import Registration

#: The subject of each email, by what happened to the registration.
SUBJECTS = {
    "confirmed": lambda title: _("Registration confirmed: %(title)s") % {"title": title},
    "waitlisted": lambda title: _("On the waiting list: %(title)s") % {"title": title},
    "promoted": lambda title: _("A seat is yours: %(title)s") % {"title": title},
    "cancelled": lambda title: _("Event cancelled: %(title)s") % {"title": title},
}


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_registration_email(self: Any, registration_id: int, kind: str) -> int:
    """Tell the registrant, in their language, that their seat is confirmed, that they are on the
    waiting list, that a seat freed up for them, or that the event is cancelled; the event's .ics
    file is attached (METHOD:CANCEL for a cancelled event, so calendars remove it). Each once,
    retries included (the batch is the registration and what happened to it)."""
    if discards_mail():
        return 0  # nothing would be delivered (the demo loads so): no calendar file to build
    registration = Registration.objects.select_related("event__creneau").filter(pk=registration_id).first()
    if registration is None or not registration.email or kind not in SUBJECTS:
        return 0
    event = registration.event
    with translation.override(registration.language or "fr"):
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "event_url": site_url(event.get_public_url()),
            "own_url": site_url(registration.get_absolute_url()),
        }
        subject = header_text(SUBJECTS[kind](event.title))
        body = render_to_string("events/email/registration.txt", context)
        method = "CANCEL" if kind == "cancelled" else "PUBLISH"
        ics = calendars.calendar([event], name=event.title, method=method)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[registration.email])
    message.attach("evenement.ics", ics, f"text/calendar; charset=utf-8; method={method}")
    return send_once(f"events.registration:{registration_id}:{kind}", [message])
