"""Every read of the newsletter that a page, the task or a service needs: the audience an issue
reaches, its progress, the archive, and what the list holds about an address (Law 25)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accord.accounts.models import User
from accord.registry import personal_data

from . import policies
from .models import (
    Delivery,
    DeliveryStatus,
    Issue,
    IssueItem,
    Subscriber,
    SubscriberStatus,
    SubscriberTheme,
)


def _dimension(through: Any, field: str, chosen: list[Any]) -> Q:
    """A subscriber matches a dimension of the audience when it chose nothing in it (everything
    interests them) or chose one of the values the issue names."""
    mine = through.objects.filter(subscriber_id=OuterRef("pk"))
    return ~Exists(mine) | Exists(mine.filter(**{f"{field}__in": chosen}))


def audience(
    *, creneau_ids: list[int], region_ids: list[int], themes: list[str], language: str
) -> QuerySet[Subscriber]:
    """The confirmed subscribers an audience reaches, by address: each dimension the issue names
    (niches, regions, themes) narrows to those who chose one of its values or nothing in it; the
    language, when named, to those who read it. An audience naming nothing reaches everyone confirmed.
    One query, whatever the number of subscribers (EXISTS subqueries, no duplicate rows)."""
    found = Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED)
    if language:
        found = found.filter(language=language)
    if creneau_ids:
        found = found.filter(_dimension(Subscriber.creneaux.through, "creneau_id", creneau_ids))
    if region_ids:
        found = found.filter(_dimension(Subscriber.regions.through, "region_id", region_ids))
    if themes:
        found = found.filter(_dimension(SubscriberTheme, "theme", themes))
    return found.order_by("email")


def issue_audience(issue: Issue) -> QuerySet[Subscriber]:
    """The confirmed subscribers the issue reaches now (before it is sent; its deliveries after)."""
    return audience(
        creneau_ids=[c.pk for c in issue.creneaux.all()],
        region_ids=[r.pk for r in issue.regions.all()],
        themes=list(issue.themes),
        language=issue.language,
    )


@dataclass(frozen=True)
class Progress:
    """An issue's deliveries by status."""

    total: int
    sent: int
    failed: int
    queued: int

    @property
    def done(self) -> bool:
        return self.queued == 0

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * (self.sent + self.failed) / self.total)


def progress(issue: Issue) -> Progress:
    """Sent, failed and queued deliveries of the issue: one aggregate over its (issue, status) index."""
    counts = Delivery.objects.filter(issue=issue).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        queued=Count("pk", filter=Q(status=DeliveryStatus.QUEUED)),
    )
    return Progress(**counts)


def deliveries(issue: Issue) -> QuerySet[Delivery]:
    """The issue's deliveries with their subscriber's address, failed first (a page of them: one query)."""
    return Delivery.objects.filter(issue=issue).select_related("subscriber").order_by("status", "pk")


def items(issue: Issue) -> list[Any]:
    """The issue's publications in order, each with its niche and region (one query)."""
    found = IssueItem.objects.filter(issue=issue).select_related(
        "publication", "publication__creneau", "publication__region"
    )
    return [item.publication for item in found.order_by("position")]


def backoffice_list(user: Any) -> QuerySet[Issue]:
    """The issues the user sees, drafts first, then the latest sent; each with its audience (prefetched:
    a fixed number of queries whatever the number of issues)."""
    return policies.visible_issues(user).prefetch_related("creneaux", "regions").order_by("-status", "-sent_at", "-pk")


def archive() -> QuerySet[Issue]:
    """The public archive: the issues sent, latest first."""
    return policies.sent_issues().order_by("-sent_at", "-pk")


def archive_detail(pk: int) -> QuerySet[Issue]:
    """A sent issue with its publications (empty: a 404)."""
    return (
        policies.sent_issues()
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=IssueItem.objects.select_related("publication", "publication__creneau", "publication__region"),
            )
        )
    )


def next_queued(issue_id: int, size: int) -> list[int]:
    """The next `size` deliveries of the issue still to send (the task's batch)."""
    found = Delivery.objects.filter(issue_id=issue_id, status=DeliveryStatus.QUEUED).order_by("pk")
    return list(found.values_list("pk", flat=True)[:size])


# --- Law 25: what the list holds about an address (registry.personal_data) ---------------------


def person_personal_data(person: Any) -> dict[str, Any]:
    """The subscription of each address the person uses (their record's and their account's):
    its status, language, interests, consent and each change with its source, and what was sent."""
    return {"subscriptions": [subscription_data(s) for s in person_subscriptions(person)]}


def person_subscriptions(person: Any) -> QuerySet[Subscriber]:
    """The subscriptions of the addresses of a person's record and account (stored lowercased)."""
    emails = {person.email or "", *User.objects.filter(person=person).values_list("email", flat=True)}
    return Subscriber.objects.filter(email__in=sorted(e.lower() for e in emails if e)).prefetch_related(
        "creneaux", "regions"
    )


def subscription_data(subscriber: Subscriber) -> dict[str, Any]:
    """One subscription as JSON-ready values."""
    return {
        **personal_data.instance_fields(
            subscriber,
            ("email", "language", "status", "requested_at", "consent_at", "consent_source", "consent_wording"),
        ),
        "unsubscribed_at": personal_data.plain(subscriber.unsubscribed_at),
        "creneaux": [c.name for c in subscriber.creneaux.all()],
        "regions": [r.name for r in subscriber.regions.all()],
        "themes": list(subscriber.themes.values_list("theme", flat=True)),
        "events": personal_data.rows(subscriber.events.order_by("at", "pk"), "kind", "at", "source", "wording"),
        "deliveries": personal_data.rows(subscriber.deliveries.order_by("pk"), "issue__title_fr", "status", "sent_at"),
    }
