"""Emails sent in batches, each message once: a retry after a failure midway resends nothing."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from . import retention
from .models import EmailDelivery

#: How long the record of a delivered email is kept: longer than any retry of its batch.
DELIVERY_PERIOD = datetime.timedelta(days=30)


DISCARDING = "django.core.mail.backends.dummy.EmailBackend"


def discards_mail() -> bool:
    """Whether the email backend throws every message away (the demo loads with it): a task then
    need not build its messages, nor render the PDFs they would carry."""
    return bool(settings.EMAIL_BACKEND == DISCARDING)


def send_once(batch: str, messages: Sequence[EmailMessage]) -> int:
    """Send each message of `batch` (one recipient each) unless it was delivered already.

    One connection for the batch; each message the server takes is recorded at once (the
    task runs outside a transaction), so when the server fails midway the error propagates
    and the retry of the same batch sends only the rest. Returns how many were sent now.
    """
    done = set(EmailDelivery.objects.filter(batch=batch).values_list("recipient", flat=True))
    pending = [message for message in messages if message.to[0] not in done]
    if not pending:
        return 0
    sent = 0
    with get_connection() as connection:
        for message in pending:
            if connection.send_messages([message]):
                EmailDelivery.objects.get_or_create(batch=batch, recipient=message.to[0])
                sent += 1
    return sent


def purge_deliveries(today: datetime.date, *, dry_run: bool = False) -> int:
    """Retention rule `email_deliveries`: records older than their period are deleted."""
    old = EmailDelivery.objects.filter(sent_at__lt=retention.cutoff(today, DELIVERY_PERIOD))
    return retention.delete(old, dry_run=dry_run)
