"""The emails of the newsletter, each in its subscriber's language with a text and an HTML part: the
confirmation of a subscription, the notice to an address already confirmed, and an issue (with the
List-Unsubscribe headers of RFC 8058 and a personal link to unsubscribe)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accord.core.links import site_url
from accord.core.text import header_text

from .models import Issue, Subscriber


def unsubscribe_url(subscriber: Subscriber) -> str:
    """The subscriber's own one-click unsubscribe address, in their language."""
    with translation.override(subscriber.language):
        return site_url(reverse("newsletter:unsubscribe", args=[subscriber.unsubscribe_token]))


def _message(subject: str, template: str, context: dict[str, Any], to: str, headers: dict[str, str]) -> Any:
    message = EmailMultiAlternatives(
        subject=header_text(subject),
        body=render_to_string(f"newsletter/email/{template}.txt", context),
        to=[to],
        from_email=settings.DEFAULT_FROM_EMAIL,
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"newsletter/email/{template}.html", context), "text/html")
    return message


def confirmation_message(subscriber: Subscriber, token: str) -> EmailMultiAlternatives:
    """The link that confirms a subscription (double opt-in), in the subscriber's language."""
    with translation.override(subscriber.language):
        context = {
            "confirm_url": site_url(reverse("newsletter:confirm", args=[token])),
            "subscriber": subscriber,
        }
        subject = translation.gettext("Confirm your subscription to the ACCORD newsletter")
        return _message(subject, "confirm", context, subscriber.email, {})


def already_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    """To an address already confirmed that subscribes again: no second subscription, the page said the
    same as to anyone (it never tells whether an address is on the list), the email says it is."""
    with translation.override(subscriber.language):
        context = {"unsubscribe_url": unsubscribe_url(subscriber)}
        subject = translation.gettext("You already receive the ACCORD newsletter")
        return _message(subject, "already", context, subscriber.email, {})


def issue_message(issue: Issue, publications: list[Any], subscriber: Subscriber) -> EmailMultiAlternatives:
    """The issue in the subscriber's language, with one-click unsubscription (RFC 8058)."""
    with translation.override(subscriber.language):
        link = unsubscribe_url(subscriber)
        context = {
            "issue": issue,
            "publications": [(p, site_url(p.get_absolute_url())) for p in publications],
            "issue_url": site_url(issue.get_absolute_url()),
            "unsubscribe_url": link,
        }
        headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        return _message(issue.title, "issue", context, subscriber.email, headers)
