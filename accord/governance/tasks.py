"""Emails of governance, sent through Celery (inline in the embedded default)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accord.core.links import site_url
from accord.core.mail import discards_mail, send_once
from accord.core.text import header_text
from accord.registry import services as registry_services
from accord.registry.models import Creneau, Person

from . import calendars, documents, links, selectors, standing
from .models import Bylaws, Committee, Meeting, Minutes, NoticeStatus, Resolution

NOTICE_RETRIES = 5


def _mark_notice(meeting_id: int, status: str, error: str = "") -> None:
    # A plain UPDATE: the delivery of a notice is not an edit of the meeting (no revision, no
    # history row), and it must not wait on an editor's lock longer than the row takes.
    Meeting.objects.filter(pk=meeting_id).update(notice_status=status, notice_error=error[:2000])


@shared_task(bind=True, max_retries=NOTICE_RETRIES)
def send_meeting_notice(self: Any, meeting_id: int, cancelled: bool = False) -> int:
    """The notice (or cancellation) to each member, in their language, with the invitation attached.

    The meeting says "sent" only once the mail server took every message: a failure the
    server may recover from (OSError) is retried with a growing delay and, at the last
    attempt, marked failed with the error, which the meeting's page shows to those who
    convene; any other error is marked failed at once.
    """
    try:
        sent = _send_notice(meeting_id, cancelled=cancelled, batch=f"governance.notice:{self.request.id}")
    except OSError as exc:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            _mark_notice(meeting_id, NoticeStatus.QUEUED, str(exc))
            raise self.retry(exc=exc, countdown=60 * 2**self.request.retries) from exc
        _mark_notice(meeting_id, NoticeStatus.FAILED, f"{type(exc).__name__}: {exc}")
        return 0
    except Exception as exc:
        _mark_notice(meeting_id, NoticeStatus.FAILED, f"{type(exc).__name__}: {exc}")
        return 0
    _mark_notice(meeting_id, NoticeStatus.SENT)
    return sent


def _send_notice(meeting_id: int, *, cancelled: bool, batch: str) -> int:
    meeting = selectors.meetings_with_agenda(Meeting.objects.filter(pk=meeting_id), documents=False).get()
    items = list(meeting.items.all())  # type: ignore[attr-defined]
    ics = calendars.invitation(meeting)
    messages = []
    for email, first_name, language, seat_id in selectors.notice_recipients(meeting):
        with translation.override(language or "fr"):
            context = {
                "meeting": meeting,
                "items": items,
                "name": first_name,
                "meeting_url": site_url(meeting.get_absolute_url()),  # in the member's language
                # Each seat's own signed link: the member answers without signing in.
                "answer_url": site_url(
                    reverse("governance:notice_answer_link", args=[links.notice_answer_token(meeting.pk, seat_id)])
                ),
            }
            if cancelled:
                subject = _("Cancelled: %(title)s") % {"title": meeting.title}
                body = render_to_string("governance/email/cancellation.txt", context)
            else:
                subject = _("Notice of meeting: %(title)s") % {"title": meeting.title}
                body = render_to_string("governance/email/notice.txt", context)
        message = EmailMultiAlternatives(subject=header_text(subject), body=body, to=[email])
        method = "CANCEL" if cancelled else "REQUEST"
        message.attach("invitation.ics", ics, f"text/calendar; charset=utf-8; method={method}")
        messages.append(message)
    # Each member once: a retry after the mail server failed midway sends only to the others.
    return send_once(batch, messages)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_minutes_circulated(self: Any, minutes_id: int) -> int:
    """Tell the members the draft minutes are ready for their comments, the draft attached as a PDF in
    their language (each once, retries included).

    The PDF is the one the minutes' page and the meeting's pack give (documents.minutes_pdf): a
    member reads it away from Accord, and comments through the link.
    """
    if discards_mail():
        return 0  # nothing would be delivered: no PDF to render (the demo loads so)
    minutes = Minutes.objects.select_related("meeting__committee").get(pk=minutes_id)
    pdfs: dict[str, tuple[str, bytes]] = {}  # one document per language, whatever the number of members
    messages = []
    for email, first_name, language in selectors.recipients(minutes.meeting):
        language = language or "fr"
        with translation.override(language):
            if language not in pdfs:
                pdfs[language] = (documents.minutes_file_name(minutes), documents.minutes_pdf(minutes))
            context = {
                "minutes": minutes,
                "meeting": minutes.meeting,
                "name": first_name,
                "meeting_url": site_url(minutes.meeting.get_absolute_url()),
                "comments_url": site_url(reverse("governance:minutes_comments", args=[minutes.pk])),
            }
            subject = header_text(_("Draft minutes for your comments: %(title)s") % {"title": minutes.meeting.title})
            body = render_to_string("governance/email/minutes_circulated.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=[email])
        filename, pdf = pdfs[language]
        message.attach(filename, pdf, "application/pdf")
        messages.append(message)
    return send_once(f"governance.minutes:{self.request.id}", messages)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_sign_off_request(self: Any, resolution_id: int) -> int:
    """Ask the member who chaired to confirm a decision someone else recorded (once, retries included)."""
    resolution = Resolution.objects.select_related("committee", "meeting", "chaired_by__person").get(pk=resolution_id)
    chair = resolution.chaired_by.person if resolution.chaired_by else None
    if chair is None or not chair.email or not resolution.awaits_sign_off:
        return 0
    with translation.override(chair.preferred_language or "fr"):
        context = {
            "resolution": resolution,
            "name": chair.first_name,
            "resolution_url": site_url(resolution.get_absolute_url()),
        }
        subject = header_text(_("Decision to sign off: %(number)s") % {"number": resolution.number})
        body = render_to_string("governance/email/sign_off_request.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[chair.email])
    return send_once(f"governance.sign_off:{self.request.id}", [message])


@shared_task
def sync_coordinators() -> int:
    """Bring each créneau's coordinator in line with today's coordinator mandates (Celery beat, daily).

    The services keep it when a mandate starts, is approved or ends (`keep_one_coordinator`); a
    mandate dated to start, or to end, on a later day changes the holder on that day with nobody
    acting, and this catches up. Returns the number of créneaux changed.
    """
    holders = selectors.niche_coordinators()
    changed = 0
    for creneau in Creneau.objects.filter(pk__in=list(holders)).order_by("pk"):
        person_id = holders[creneau.pk]
        if creneau.coordinator_id == person_id:
            continue
        person = Person.objects.get(pk=person_id) if person_id else None
        with transaction.atomic():
            changed += registry_services.record_coordinator(creneau, person, actor=None)
    return changed


@shared_task
def state_committees() -> int:
    """Store every committee's standing for the new day (Celery beat, just after midnight): the
    oversight then reads rows rather than checking thousands of committees at the day's first
    sign-in (standing.py). Returns the number of committees stored."""
    return standing.state_all()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_reminders() -> int:
    """Send ministry staff the coordinators' overdue reports, once a week (Celery beat); nothing when none is late."""
    late = selectors.late_coordinator_reports(Committee.objects.all())
    if not late:
        return 0
    sent = 0
    for user in selectors.ministry_staff():
        with translation.override(user.preferred_language or "fr"):
            subject = header_text(
                ngettext(
                    "To follow up: %(count)s coordinator's report overdue",
                    "To follow up: %(count)s coordinators' reports overdue",
                    len(late),
                )
                % {"count": len(late)}
            )
            body = render_to_string(
                "governance/email/reminders.txt",
                {
                    "name": user.get_short_name(),
                    "late": [(r, site_url(r.committee.get_absolute_url())) for r in late],
                    "url": site_url(reverse("registry_bo:dashboard")),
                },
            )
        EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()
        sent += 1
    return sent


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_bylaws_in_force(self: Any, bylaws_id: int) -> int:
    """Give each member seated that day the bylaws now in force, as a PDF in their language (each once).

    The email links to the committee's bylaws page, where the member acknowledges having read them.
    """
    if discards_mail():
        return 0  # nothing would be delivered: no PDF to render (the demo loads so)
    bylaws = Bylaws.objects.select_related("committee", "adopted_by").get(pk=bylaws_id)
    pdfs: dict[str, tuple[str, bytes]] = {}  # one document per language, whatever the number of members
    messages = []
    for email, first_name, language in selectors.bylaws_recipients(bylaws):
        language = language or "fr"
        with translation.override(language):
            if language not in pdfs:
                name = documents.bylaws_file_name(pgettext("file name", "bylaws"), bylaws)
                pdf = documents.render_pdf(documents.BYLAWS_TEMPLATE, documents.bylaws_context(bylaws))
                pdfs[language] = (name, pdf)
            context = {
                "bylaws": bylaws,
                "committee": bylaws.committee,
                "name": first_name,
                "bylaws_url": site_url(reverse("governance:bylaws_list", args=[bylaws.committee.slug])),
            }
            subject = header_text(_("Bylaws in force: %(committee)s") % {"committee": bylaws.committee.name})
            body = render_to_string("governance/email/bylaws_in_force.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=[email])
        filename, pdf = pdfs[language]
        message.attach(filename, pdf, "application/pdf")
        messages.append(message)
    return send_once(f"governance.bylaws:{self.request.id}", messages)
