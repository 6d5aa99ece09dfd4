"""The partner search's emails (decision 58): a contact request told to the coordinators it is
addressed to, after the commit; inline in the embedded default.

Apart from tasks.py, whose import tasks call imports.py back: the services queue these, and must not
import what sits above them (pyproject's registry contract).
"""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accord.core.links import site_url
from accord.core.text import header_text

from . import selectors
from .models import ContactRequest, ContactStatus


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_contact_request(contact_id: int) -> int:
    """Tell the coordinators of the target organisation's créneaux that a member asks to be put in
    touch with it; returns how many were told.

    The message names the offer, the two organisations and the requester, and links to the
    coordinator's page of requests: it carries nobody's email address (decision 58).
    """
    contact = (
        ContactRequest.objects.select_related("offer__organisation", "requester", "requester_organisation")
        .filter(pk=contact_id, status=ContactStatus.PENDING)
        .first()
    )
    if contact is None:  # handled before the task ran
        return 0
    sent = 0
    url = site_url(reverse("registry:contact_request_list"))
    for coordinator in selectors.coordinators_for(contact.offer):
        if not coordinator.email:
            continue
        with translation.override(coordinator.preferred_language or "fr"):
            subject = gettext("Accord: %(organisation)s asks to be put in touch with %(target)s") % {
                "organisation": contact.requester_organisation.name,
                "target": contact.offer.organisation.name,
            }
            body = render_to_string(
                "registry/email/contact_request.txt",
                {"contact": contact, "name": coordinator.first_name, "url": url},
            )
        EmailMultiAlternatives(subject=header_text(subject), body=body, to=[coordinator.email]).send()
        sent += 1
    return sent
