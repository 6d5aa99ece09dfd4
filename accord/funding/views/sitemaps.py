"""The projects financed in sitemap.xml (config/views.py), in French and English: how ACCORD works, their
list and every published project's page, with its last change (decision 54)."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from accord.registry.views.sitemaps import LocalizedSitemap

from .. import policies
from ..models import Project


class ProjectListSitemap(LocalizedSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["funding_public:how_it_works", "funding_public:project_list"]

    def location(self, item: str) -> str:  # type: ignore[override]
        return reverse(item)


class PublicProjectSitemap(LocalizedSitemap):
    limit = 5_000

    def items(self) -> Any:
        return policies.published_projects().order_by("pk").only("pk", "updated_at")

    def location(self, item: Project) -> str:  # type: ignore[override]
        # The project's own address is the back office's; the public page is this one.
        return item.get_public_url()

    def lastmod(self, item: Project) -> Any:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {"projects-list": ProjectListSitemap, "projects": PublicProjectSitemap}
