"""Sending an issue through the queue (Celery; inline in the embedded default), in batches.

Each delivery is sent under its row's lock and only while still queued, then marked sent or failed
in the same transaction: a retried or duplicated task never sends a delivery twice. When none is
queued any more the issue is marked sent.
"""

from __future__ import annotations

import smtplib
from typing import Any

from celery import shared_task
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from accord.core import public
from accord.core.services import apply_changes, lock

from . import emails, selectors
from .models import Delivery, DeliveryStatus, Issue, IssueStatus, Subscriber, SubscriberStatus

#: Deliveries per task run: the next batch is queued as a new task, so the queue stays fair to other work.
BATCH = 100


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_issue_batch(issue_id: int) -> int:
    """Send the next batch of the issue's queued deliveries; queue the next batch, or mark the issue sent."""
    issue = Issue.objects.get(pk=issue_id)
    batch = selectors.next_queued(issue_id, BATCH)
    sent = 0
    if batch:
        publications = selectors.items(issue)
        with get_connection() as connection:
            for pk in batch:
                sent += _deliver(pk, issue, publications, connection)
    if selectors.next_queued(issue_id, 1):
        send_issue_batch.delay(issue_id)
    else:
        _finish(issue)
    return sent


def _deliver(pk: int, issue: Issue, publications: list[Any], connection: Any) -> int:
    """Send one delivery unless it is no longer queued. A refused address fails this delivery only; a
    broken connection (OSError) rolls it back to queued and lets Celery retry the task."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=pk)
        if delivery.status != DeliveryStatus.QUEUED:
            return 0
        subscriber = Subscriber.objects.get(pk=delivery.subscriber_id)
        if subscriber.status != SubscriberStatus.CONFIRMED:
            # Unsubscribed since the audience was frozen: the withdrawal wins.
            delivery.status, delivery.error = DeliveryStatus.FAILED, "unsubscribed before delivery"
            delivery.save(update_fields=["status", "error"])
            return 0
        message = emails.issue_message(issue, publications, subscriber)
        try:
            connection.send_messages([message])
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError) as exc:
            delivery.status, delivery.error = DeliveryStatus.FAILED, str(exc)[:500]
            delivery.save(update_fields=["status", "error"])
            return 0
        delivery.status, delivery.sent_at = DeliveryStatus.SENT, timezone.now()
        delivery.save(update_fields=["status", "sent_at"])
        return 1


@transaction.atomic
def _finish(issue: Issue) -> None:
    """The issue is sent once no delivery is queued (a duplicated task finds it so already)."""
    lock(issue)
    if issue.status == IssueStatus.SENDING and selectors.progress(issue).done:
        apply_changes(issue, {"status": IssueStatus.SENT}, actor=None, reason="every delivery done")
        public.bump()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_confirmation(subscriber_id: int, token: str) -> None:
    """The confirmation link of a subscription (the token is known only to this email)."""
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    emails.confirmation_message(subscriber, token).send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_already_subscribed(subscriber_id: int) -> None:
    """Tell a confirmed address that subscribed again that it already receives the newsletter."""
    emails.already_message(Subscriber.objects.get(pk=subscriber_id)).send()
