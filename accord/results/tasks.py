"""Emails of the results, sent through Celery (inline in the embedded default)."""

from __future__ import annotations

import hashlib
from typing import Any

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.core.links import site_url
from accord.core.mail import send_once
from accord.core.text import header_text
from accord.registry.models import Creneau

from . import deadlines, policies, selectors
from .models import ValueReminder


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def remind_values_due() -> int:
    """Tell the créneaux' reporters about the values of the reporting year not yet submitted, once when
    they are due and once when overdue (Celery beat, daily; decision 39). Returns the emails sent now.

    The reporters are those who answer for a créneau today (`selectors.reporters`: its coordinator by
    their current mandate, its regional office's staff), each checked against `policies.can_report`;
    one email per person, listing their créneaux' values, in their language. A value and step is
    reminded once: a ValueReminder row records it, with who was told, once the emails left. A retry
    after a failure midway finds the same values (none recorded yet), so the same batch, and
    `send_once` sends only to those not reached. A value nobody answers for today is not recorded:
    it is reminded when someone does.
    """
    today = timezone.localdate()
    year = deadlines.reporting_year(today)
    deadline = deadlines.deadline(year, today)
    if deadline is None:  # never: the reporting year is the latest one due or overdue
        return 0
    done = set(ValueReminder.objects.filter(year=year, step=deadline.step).values_list("creneau_id", "indicator_id"))
    due = [
        item
        for item in selectors.values_due(Creneau.objects.active(), today, year=year)
        if (item.creneau.pk, item.indicator.pk) not in done
    ]
    if not due:
        return 0
    people = selectors.reporters({item.creneau.pk for item in due}, today)
    told: dict[int, tuple[Any, list[selectors.DueValue]]] = {}
    reached: dict[tuple[int, int], list[Any]] = {}
    for item in due:
        for user in people[item.creneau.pk]:
            if not policies.can_report(user, item.creneau):
                continue
            told.setdefault(user.pk, (user, []))[1].append(item)
            reached.setdefault((item.creneau.pk, item.indicator.pk), []).append(user)
    messages = [_message(user, items, year, deadline) for user, items in told.values()]
    keys = sorted(reached)
    batch = f"results.values:{year}:{deadline.step}:" + hashlib.sha256(repr(keys).encode()).hexdigest()[:32]
    sent = send_once(batch, messages)
    with transaction.atomic():
        for creneau_id, indicator_id in keys:
            reminder, created = ValueReminder.objects.get_or_create(
                year=year,
                step=deadline.step,
                creneau_id=creneau_id,
                indicator_id=indicator_id,
                defaults={"due_on": deadline.due_on},
            )
            if created:
                reminder.sent_to.set(reached[(creneau_id, indicator_id)])
    return sent


def _message(
    user: Any, items: list[selectors.DueValue], year: int, deadline: deadlines.Deadline
) -> EmailMultiAlternatives:
    """One person's reminder, in their language: their créneaux' values, each créneau with its page."""
    with translation.override(user.preferred_language or "fr"):
        groups: dict[int, tuple[str, list[str], str]] = {}
        for item in items:
            line = item.indicator.name
            if item.value is not None:
                line = f"{line} ({item.value.get_status_display()})"
            link = site_url(reverse("results:creneau_indicators", args=[item.creneau.pk]))
            groups.setdefault(item.creneau.pk, (item.creneau.name, [], link))[1].append(line)
        when = date_format(deadline.due_on, "DATE_FORMAT")
        if deadline.overdue:
            subject = _("Accord: indicator values of %(year)s overdue since %(date)s")
        else:
            subject = _("Accord: indicator values of %(year)s due by %(date)s")
        body = render_to_string(
            "results/email/values_due.txt",
            {
                "name": user.get_short_name(),
                "year": year,
                "due_on": deadline.due_on,
                "overdue": deadline.overdue,
                "groups": list(groups.values()),
            },
        )
        subject = header_text(subject % {"year": year, "date": when})
    return EmailMultiAlternatives(subject=subject, body=body, to=[user.email])
