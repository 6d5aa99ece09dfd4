"""Background tasks that are not specific to a domain."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from .text import header_text


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(
    subject: str, body: str, to: list[str], html_body: str | None = None, from_email: str | None = None
) -> None:
    """Send one email; queued through Celery in production, inline in the embedded default."""
    message = EmailMultiAlternatives(subject=header_text(subject), body=body, to=to, from_email=from_email)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


@shared_task
def apply_retention() -> dict[str, int]:
    """Apply every retention rule (Celery beat, daily); inline when no broker is configured."""
    from . import retention  # noqa: PLC0415  rules are registered once the apps are ready

    return retention.apply_all()
