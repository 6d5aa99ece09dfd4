"""Every write of the newsletter. A subscriber's own steps (subscribe, confirm, unsubscribe) have no
account: each records its source (the page or the email it came from) with the wording consented to.
An editor's steps (compose, change, send) check communication's policies, lock the row, save what
changes with its history and queue the sending after the commit (decision 49)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.communication.models import Theme
from accord.core import public, retention
from accord.core.services import apply_changes, create_with_history, lock, record_event
from accord.core.workflow import InvalidTransition

from . import consent, policies, selectors, tasks
from .models import (
    Delivery,
    Issue,
    IssueItem,
    IssueStatus,
    Subscriber,
    SubscriberEvent,
    SubscriberEventKind,
    SubscriberStatus,
    SubscriberTheme,
)

#: An unconfirmed subscription is deleted this long after it was asked for (the link expired long before).
PENDING_PERIOD = datetime.timedelta(days=30)
#: An unsubscribed address is kept, with its consent and its withdrawal, this long: the proof that
#: each email was sent while consent held, should a complaint come (CASL), then anonymised.
WITHDRAWN_PERIOD = retention.years(3)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _set_interests(
    subscriber: Subscriber, creneaux: Iterable[Any], regions: Iterable[Any], themes: Iterable[str]
) -> None:
    subscriber.creneaux.set(list(creneaux))
    subscriber.regions.set(list(regions))
    wanted = {t for t in themes if t in Theme.values}
    subscriber.themes.exclude(theme__in=wanted).delete()
    have = set(subscriber.themes.values_list("theme", flat=True))
    SubscriberTheme.objects.bulk_create(
        [SubscriberTheme(subscriber=subscriber, theme=t) for t in sorted(wanted - have)]
    )


@transaction.atomic
def subscribe(
    *,
    email: str,
    language: str,
    creneaux: Iterable[Any] = (),
    regions: Iterable[Any] = (),
    themes: Iterable[str] = (),
    source: str,
) -> Subscriber:
    """Ask for the newsletter (double opt-in): a confirmation link is emailed to the address, and the
    subscription counts only once it is followed. A new address, a pending one (a new link) and an
    unsubscribed one (subscribing again asks for consent again) are pending until then; an address
    already confirmed keeps its subscription and is told so by email. The page says the same in every
    case: it never reveals whether an address is on the list."""
    subscriber, token = request_subscription(
        email=email, language=language, creneaux=creneaux, regions=regions, themes=themes, source=source
    )
    subscriber_id = subscriber.pk
    if token is None:
        transaction.on_commit(lambda: tasks.send_already_subscribed.delay(subscriber_id))
    else:
        transaction.on_commit(lambda: tasks.send_confirmation.delay(subscriber_id, token))
    return subscriber


@transaction.atomic
def request_subscription(
    *,
    email: str,
    language: str,
    creneaux: Iterable[Any] = (),
    regions: Iterable[Any] = (),
    themes: Iterable[str] = (),
    source: str,
) -> tuple[Subscriber, str | None]:
    """`subscribe` without its email (the demo follows the link itself): the subscriber, and the
    confirmation link's token, or None when the address is already confirmed (nothing changes)."""
    now = timezone.now()
    address = email.strip().lower()
    subscriber = Subscriber.objects.select_for_update().filter(email=address).first()
    if subscriber is not None and subscriber.status == SubscriberStatus.CONFIRMED:
        return subscriber, None
    token = secrets.token_urlsafe(32)
    values = {
        "language": language,
        "status": SubscriberStatus.PENDING,
        "requested_at": now,
        "confirm_token_hash": _hash(token),
        "confirm_expires_at": now + datetime.timedelta(days=consent.CONFIRMATION_DAYS),
        "consent_source": source[:200],
        "consent_wording": consent.VERSION,
    }
    if subscriber is None:
        subscriber = create_with_history(
            Subscriber(email=address, unsubscribe_token=secrets.token_urlsafe(32), **values), actor=None
        )
    else:
        apply_changes(subscriber, values, actor=None)
    _set_interests(subscriber, creneaux, regions, themes)
    record_event(
        SubscriberEvent,
        actor=None,
        subscriber=subscriber,
        kind=SubscriberEventKind.REQUESTED,
        source=source[:200],
        wording=consent.VERSION,
    )
    return subscriber, token


def pending_by_token(token: str) -> Subscriber | None:
    """The subscription a confirmation link names, if it is still pending (None: unknown or used)."""
    if not token:
        return None
    return Subscriber.objects.filter(status=SubscriberStatus.PENDING, confirm_token_hash=_hash(token)).first()


@transaction.atomic
def confirm_subscription(token: str, *, source: str) -> Subscriber:
    """Follow the confirmation link: the consent is given now, from the source and to the wording
    recorded when it was asked for. An unknown, used or expired link is refused (InvalidTransition)."""
    subscriber = pending_by_token(token)
    if subscriber is None:
        raise InvalidTransition(_("This confirmation link is not valid, or was already used."))
    lock(subscriber)
    now = timezone.now()
    if subscriber.status != SubscriberStatus.PENDING:
        raise InvalidTransition(_("This confirmation link is not valid, or was already used."))
    if subscriber.confirm_expires_at is None or subscriber.confirm_expires_at < now:
        raise InvalidTransition(_("This confirmation link has expired: subscribe again to receive a new one."))
    apply_changes(
        subscriber,
        {
            "status": SubscriberStatus.CONFIRMED,
            "consent_at": now,
            "confirm_token_hash": "",
            "confirm_expires_at": None,
        },
        actor=None,
    )
    record_event(
        SubscriberEvent,
        actor=None,
        subscriber=subscriber,
        kind=SubscriberEventKind.CONFIRMED,
        source=source[:200],
        wording=subscriber.consent_wording,
    )
    return subscriber


def by_unsubscribe_token(token: str) -> Subscriber | None:
    """The subscriber an unsubscribe link names (None: unknown)."""
    return Subscriber.objects.filter(unsubscribe_token=token).first() if token else None


@transaction.atomic
def unsubscribe(subscriber: Subscriber, *, source: str, actor: Any = None) -> bool:
    """Withdraw consent: no further issue is sent to the address, not even one already queued (the task
    checks before each delivery). Unsubscribing twice changes nothing; returns whether it changed."""
    lock(subscriber)
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return False
    apply_changes(
        subscriber,
        {
            "status": SubscriberStatus.UNSUBSCRIBED,
            "unsubscribed_at": timezone.now(),
            "confirm_token_hash": "",
            "confirm_expires_at": None,
        },
        actor=actor,
    )
    record_event(
        SubscriberEvent, actor=actor, subscriber=subscriber, kind=SubscriberEventKind.UNSUBSCRIBED, source=source[:200]
    )
    return True


@transaction.atomic
def change_interests(
    subscriber: Subscriber,
    *,
    language: str,
    creneaux: Iterable[Any],
    regions: Iterable[Any],
    themes: Iterable[str],
    source: str,
) -> None:
    """The subscriber changes their language and interests through their personal link."""
    lock(subscriber)
    apply_changes(subscriber, {"language": language}, actor=None)
    _set_interests(subscriber, creneaux, regions, themes)
    record_event(
        SubscriberEvent, actor=None, subscriber=subscriber, kind=SubscriberEventKind.INTERESTS, source=source[:200]
    )


# --- Issues ------------------------------------------------------------------------------------


def _refuse_area(actor: Any) -> None:
    if not policies.NEWSLETTER.allowed(actor):
        raise PermissionDenied(_("You may not write the newsletter."))


def _refuse(actor: Any, issue: Issue) -> None:
    if not policies.can_edit_issue(actor, issue):
        raise PermissionDenied(_("You may not change this issue of the newsletter."))


ISSUE_FIELDS = ("title_fr", "title_en", "intro_fr", "intro_en", "language", "themes")


def _check_audience(actor: Any, data: Mapping[str, Any]) -> None:
    creneaux = [c.pk for c in data.get("creneaux", [])]
    regions = [r.pk for r in data.get("regions", [])]
    if not policies.covers_audience(actor, creneaux, regions):
        raise ValidationError(
            {"regions": _("Name only your regions, or only your niches: the whole program is the ministry's.")},
            code="invalid",
        )


def _save_links(issue: Issue, data: Mapping[str, Any]) -> None:
    if "creneaux" in data:
        issue.creneaux.set(list(data["creneaux"]))
    if "regions" in data:
        issue.regions.set(list(data["regions"]))
    if "publications" in data:
        issue.items.all().delete()
        IssueItem.objects.bulk_create(
            [IssueItem(issue=issue, publication=p, position=n) for n, p in enumerate(data["publications"], start=1)]
        )


@transaction.atomic
def create_issue(*, actor: Any, data: Mapping[str, Any], reason: str = "") -> Issue:
    """A draft issue for an audience the author covers (policies.covers_audience)."""
    _refuse_area(actor)
    _check_audience(actor, data)
    values = {name: data[name] for name in ISSUE_FIELDS if name in data}
    issue = create_with_history(Issue(**values), actor=actor, reason=reason)
    _save_links(issue, data)
    return issue


@transaction.atomic
def update_issue(issue: Issue, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change a draft issue; the author must cover its audience as it is and as it will be."""
    lock(issue)
    _refuse(actor, issue)
    if issue.status != IssueStatus.DRAFT:
        raise InvalidTransition(_("Only a draft issue can be changed: this one was sent."))
    _check_audience(actor, data)
    values = {name: data[name] for name in ISSUE_FIELDS if name in data}
    changed = apply_changes(issue, values, actor=actor, reason=reason)
    _save_links(issue, data)
    return changed


@transaction.atomic
def send_issue(issue: Issue, *, actor: Any, reason: str = "") -> int:
    """Send a draft issue: its audience is frozen now as one queued delivery per confirmed subscriber it
    reaches, in this transaction, and the sending is queued after the commit. Returns the deliveries."""
    lock(issue)
    _refuse(actor, issue)
    if issue.status != IssueStatus.DRAFT:
        raise InvalidTransition(_("This issue was already sent."))
    if not issue.items.exists():
        raise InvalidTransition(_("Choose at least one published news item or success story first."))
    recipients = list(selectors.issue_audience(issue).values_list("pk", flat=True))
    if not recipients:
        raise InvalidTransition(_("No confirmed subscriber matches this audience."))
    Delivery.objects.bulk_create([Delivery(issue=issue, subscriber_id=pk) for pk in recipients])
    apply_changes(issue, {"status": IssueStatus.SENDING, "sent_at": timezone.now()}, actor=actor, reason=reason)
    public.bump()  # the archive shows it from now on
    issue_id = issue.pk
    transaction.on_commit(lambda: tasks.send_issue_batch.delay(issue_id))
    return len(recipients)


# --- Law 25 and retention ---------------------------------------------------------------------------


def anonymise_subscriber(subscriber: Subscriber, *, actor: Any = None, source: str = "") -> None:
    """Replace the address by a placeholder and forget the interests and tokens; the dates of consent
    and of withdrawal stay, without anyone to name."""
    apply_changes(
        subscriber,
        {
            "email": f"anonyme-{subscriber.pk}@invalid.example",
            "consent_source": "",
            "confirm_token_hash": "",
            "confirm_expires_at": None,
            "unsubscribe_token": secrets.token_urlsafe(32),
            "anonymised_at": timezone.now(),
        },
        actor=actor,
    )
    _set_interests(subscriber, [], [], [])
    subscriber.events.update(source="")
    record_event(
        SubscriberEvent, actor=actor, subscriber=subscriber, kind=SubscriberEventKind.ANONYMISED, source=source
    )


def anonymise_person(person: Any, *, actor: Any, reason: str) -> None:
    """registry.personal_data: the subscriptions of the person's addresses are anonymised with them."""
    for subscriber in selectors.person_subscriptions(person):
        anonymise_subscriber(subscriber, actor=actor, source="anonymisation")


def purge_pending(today: datetime.date, *, dry_run: bool = False) -> int:
    """Retention rule `newsletter_pending`: subscriptions never confirmed, asked for over 30 days ago."""
    old = Subscriber.objects.filter(
        status=SubscriberStatus.PENDING,
        consent_at__isnull=True,
        requested_at__lt=retention.cutoff(today, PENDING_PERIOD),
    )
    return retention.delete(old, dry_run=dry_run)


def anonymise_withdrawn(today: datetime.date, *, dry_run: bool = False) -> int:
    """Retention rule `newsletter_unsubscribed`: addresses unsubscribed over three years ago are anonymised."""
    old = Subscriber.objects.filter(
        status=SubscriberStatus.UNSUBSCRIBED,
        anonymised_at__isnull=True,
        unsubscribed_at__lt=retention.cutoff(today, WITHDRAWN_PERIOD),
    )
    if dry_run:
        return old.count()
    count = 0
    for subscriber in old:
        with transaction.atomic():
            anonymise_subscriber(subscriber, source="retention")
        count += 1
    return count
