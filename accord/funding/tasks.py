"""Emails of the fund, sent through Celery (inline in the embedded default)."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.core.links import site_url
from accord.core.text import header_text

from . import workflow
from .models import EventKind, Project, ProjectStatus
from .selectors import readable_events, recipients, recipients_with_audience, status_label


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_step(project_id: int, action: str) -> int:
    """Tell the carrier, the coordinators and the secretaries that the project moved.

    Only the people who read the step's timeline entry are told, in their own words: the
    ministry's internal steps (its first signature) email no carrier and no committee, and a
    carrier reads the second signature as the grant (selectors.readable_events).
    """
    project = Project.objects.select_related("created_by", "carrier", "region").get(pk=project_id)
    event = (
        project.events.filter(action=action).order_by("-occurred_at", "-pk").first()  # type: ignore[attr-defined]
    )
    audience = event.audience if event is not None else workflow.event_audience(action)
    sent = 0
    for email, first_name, language, reader in recipients_with_audience(project, audience):
        with translation.override(language or "fr"):
            shown = readable_events([event], reader) if event is not None else []
            step = shown[0].heading if shown else EventKind(workflow.step_for(action, reader)).label  # type: ignore[attr-defined]
            subject = _("%(number)s: %(step)s") % {"number": project.number, "step": step}
            context = {
                "project": project,
                "step": step,
                "status": status_label(project, reader),
                "note": shown[0].shown_note if shown else "",
                "name": first_name,
                "url": site_url(project.get_absolute_url()),
            }
            body = render_to_string("funding/email/step.txt", context)
        EmailMessage(subject=header_text(subject), body=body, to=[email]).send()
        sent += 1
    return sent


@shared_task
def remind_final_reports() -> int:
    """Remind the carriers of projects that ended without their final report (run daily by Celery beat)."""
    due = Project.objects.filter(status=ProjectStatus.AGREEMENT_SIGNED, ends_on__lt=timezone.localdate())
    sent = 0
    for project in due.select_related("created_by"):
        for email, first_name, language in recipients(project):
            with translation.override(language or "fr"):
                subject = _("%(number)s: the final report is due") % {"number": project.number}
                body = render_to_string(
                    "funding/email/report_due.txt",
                    {"project": project, "name": first_name, "url": site_url(project.get_absolute_url())},
                )
            EmailMessage(subject=header_text(subject), body=body, to=[email]).send()
            sent += 1
    return sent
