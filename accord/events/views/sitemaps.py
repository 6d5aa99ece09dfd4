"""The public events in sitemap.xml (config/views.py), in French and English: the calendar and every
event open to the public, the members-only ones never."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from accord.registry.views.sitemaps import LocalizedSitemap

from .. import policies
from ..models import Event


class CalendarSitemap(LocalizedSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["events_public:calendar"]

    def location(self, item: str) -> str:  # type: ignore[override]
        return reverse(item)


class EventSitemap(LocalizedSitemap):
    limit = 5_000

    def items(self) -> Any:
        return policies.site_events(AnonymousUser()).order_by("pk").only("pk", "updated_at")

    def location(self, item: Event) -> str:  # type: ignore[override]
        # The event's own address is the back office's; the public page is this one.
        return reverse("events_public:event_detail", args=[item.pk])

    def lastmod(self, item: Event) -> Any:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {"calendar": CalendarSitemap, "events": EventSitemap}
