"""Background tasks of the registry: the two steps of an import, and the daily digest of work queues
(Celery beat); inline in the embedded default."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from accord.accounts.models import User
from accord.core.links import site_url
from accord.core.text import header_text

from . import imports, queues
from .models import ImportBatch, ImportStatus

#: Items of each queue the digest names; the rest is a link away.
DIGEST_ITEMS = 5


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_digests() -> int:
    """Each morning, one email per user who asked for the digest and has something waiting; returns how many.

    Each user's queues are read as their pages read them (their scope today), in their language.
    """
    today = timezone.localdate()
    sent = 0
    for user in User.objects.filter(is_active=True, queue_digest=True).order_by("pk"):
        with translation.override(user.preferred_language or "fr"):
            found = queues.for_user(user, today)
            if not found:
                continue
            total = sum(q.count for q in found)
            subject = header_text(
                ngettext("Accord: %(count)d item waits for you", "Accord: %(count)d items wait for you", total)
                % {"count": total}
            )
            body = render_to_string(
                "registry/email/digest.txt",
                {
                    "name": user.get_short_name(),
                    "today": today,
                    "queues": [
                        (queue, [(item, site_url(item.url)) for item in queue.first(DIGEST_ITEMS)]) for queue in found
                    ],
                    "url": site_url(reverse("registry_bo:work_centre")),
                },
            )
        EmailMultiAlternatives(subject=subject, body=body, to=[user.email]).send()
        sent += 1
    return sent


@shared_task
def check_import(batch_id: int) -> None:
    """Check every row of an uploaded file (nothing saved) and keep the outcome on the batch."""
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=batch_id, status=ImportStatus.CHECKING).first()
    if batch is not None:  # a task delivered twice finds the batch already checked
        imports.check_batch(batch)


@shared_task
def apply_import(batch_id: int) -> None:
    """Save the rows of a confirmed import."""
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=batch_id, status=ImportStatus.APPLYING).first()
    if batch is not None:
        imports.apply_batch(batch)
