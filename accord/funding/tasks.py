"""Emails of the fund, sent through Celery (inline in the embedded default)."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.core.links import site_url
from accord.governance.models import CommitteeKind, Mandate, MandateRole
from accord.registry.models import Person

from . import workflow
from .models import Project, ProjectStatus


def recipients(project: Project) -> list[tuple[str, str, str]]:
    """(email, first name, language) of the carrier's people, the coordinators and the secretaries.

    The carrier: whoever drafted the project and the people affiliated with its carrier.
    The coordinators of its niches, and the secretaries of the committees that decide on it.
    """
    rows: list[tuple[str, str, str]] = []
    if project.created_by_id and project.created_by.email:  # type: ignore[union-attr]
        user = project.created_by
        rows.append((user.email, user.first_name, user.preferred_language))  # type: ignore[union-attr]
    people = Person.objects.filter(affiliations__organisation_id=project.carrier_id).exclude(email="")
    rows += list(people.values_list("email", "first_name", "preferred_language"))
    creneaux = list(project.creneau_links.values_list("creneau_id", flat=True))  # type: ignore[attr-defined]
    committees = Q(committee__kind=CommitteeKind.CRENEAU, committee__creneau_id__in=creneaux) | Q(
        committee__kind=CommitteeKind.REGIONAL, committee__region_id=project.region_id
    )
    officers = (
        Mandate.objects.current()
        .filter(committees)
        .filter(Q(role=MandateRole.SECRETARY) | Q(role=MandateRole.COORDINATOR, committee__kind=CommitteeKind.CRENEAU))
        .exclude(person__email="")
    )
    rows += [
        (email, name or "", language)
        for email, name, language in officers.values_list(
            "person__email", "person__first_name", "person__preferred_language"
        )
        if email
    ]
    return list({email.lower(): (email, name, language) for email, name, language in rows}.values())


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_step(project_id: int, action: str) -> int:
    """Tell the carrier, the coordinators and the secretaries that the project moved."""
    project = Project.objects.select_related("created_by", "carrier", "region").get(pk=project_id)
    event = project.events.order_by("-occurred_at", "-pk").first()  # type: ignore[attr-defined]
    sent = 0
    for email, first_name, language in recipients(project):
        with translation.override(language or "fr"):
            subject = _("%(number)s: %(step)s") % {
                "number": project.number,
                "step": workflow.ACTION_LABELS.get(action, action),
            }
            context = {
                "project": project,
                "step": workflow.ACTION_LABELS.get(action, action),
                "status": ProjectStatus(project.status).label,
                "note": event.note if event else "",
                "name": first_name,
                "url": site_url(project.get_absolute_url()),
            }
            body = render_to_string("funding/email/step.txt", context)
        EmailMessage(subject=subject, body=body, to=[email]).send()
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
            EmailMessage(subject=subject, body=body, to=[email]).send()
            sent += 1
    return sent
