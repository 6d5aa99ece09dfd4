"""The program's results page in sitemap.xml (config/views.py), in French and English (decision 54)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from accord.registry.views.sitemaps import LocalizedSitemap


class ProgramResultsSitemap(LocalizedSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["results_program:program"]

    def location(self, item: str) -> str:  # type: ignore[override]
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap]] = {"results": ProgramResultsSitemap}
