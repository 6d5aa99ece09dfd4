"""The news and success stories in sitemap.xml (config/urls.py), in French and English: the two
lists and every published publication, with its last change."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from accord.registry.views.sitemaps import LocalizedSitemap

from .. import policies
from ..models import Publication


class ListsSitemap(LocalizedSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["communication:news_list", "communication:story_list"]

    def location(self, item: str) -> str:  # type: ignore[override]
        return reverse(item)


class PublicationSitemap(LocalizedSitemap):
    limit = 5_000

    def items(self) -> Any:
        return policies.published_publications(timezone.now()).order_by("pk").only("kind", "slug", "updated_at")

    def lastmod(self, item: Publication) -> Any:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {"publications-lists": ListsSitemap, "publications": PublicationSitemap}
