"""The registry's part of sitemap.xml (django.contrib.sitemaps, wired in config/urls.py): the public
site's own pages, the regions, the créneaux' fact sheets and the published organisations, in French
and English (the English pages are the same pages under /en/), from the policies as an anonymous
visitor sees them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .. import policies
from ..models import Creneau, Organisation


class LocalizedSitemap(Sitemap):
    """Every page in both languages, each naming the other (hreflang alternates)."""

    i18n = True
    languages = ["fr", "en"]
    alternates = True
    x_default = True


class PagesSitemap(LocalizedSitemap):
    """The public site's own pages."""

    changefreq = "weekly"
    names = ("registry:home", "registry:creneau_list", "registry:region_list", "registry:organisation_list")

    def items(self) -> list[str]:
        return list(self.names)

    def location(self, item: str) -> str:  # type: ignore[override]
        return reverse(item)


class RegionSitemap(LocalizedSitemap):
    def items(self) -> Any:
        return policies.visible_regions(AnonymousUser()).order_by("code").only("code")


class CreneauSitemap(LocalizedSitemap):
    def items(self) -> Any:
        return policies.visible_creneaux(AnonymousUser()).order_by("pk").only("slug", "updated_at")

    def lastmod(self, item: Creneau) -> Any:
        return item.updated_at


class OrganisationSitemap(LocalizedSitemap):
    """Published organisations: hundreds of thousands at the largest scale, in pages of a few
    thousand (the sitemap index lists the pages)."""

    limit = 5_000

    def items(self) -> Any:
        return policies.visible_organisations(AnonymousUser()).order_by("pk").only("slug", "updated_at")

    def lastmod(self, item: Organisation) -> Any:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": PagesSitemap,
    "regions": RegionSitemap,
    "creneaux": CreneauSitemap,
    "organisations": OrganisationSitemap,
}
