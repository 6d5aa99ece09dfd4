"""The public pages of news and success stories, in French and English, kept whole under the public
version and answered conditionally (accord.core.public): lists by date, stories by theme, niche or
region, each publication's page, and its image."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from accord.core.files import download_response
from accord.core.htmx import render_page
from accord.core.public import public_page
from accord.registry.models import Creneau, Region

from .. import policies, selectors
from ..models import PublicationKind, PublicationQuerySet, Theme

PAGE_SIZE = 12


@dataclass(frozen=True)
class Narrowed:
    """What a list, a feed or an embedded block is narrowed to by its address: a theme, a niche (its
    slug), a region (its code), words; `unknown` when the address names a niche or region that does
    not exist."""

    theme: str = ""
    creneau: Creneau | None = None
    region: Region | None = None
    unknown: bool = False
    #: Words the titles or summaries hold (`?q=`, the site's search links here).
    words: str = ""

    @property
    def query(self) -> str:
        """The narrowing as a query string (with its "?"; empty without one): a feed's or a block's
        address says what its list's says."""
        params = {
            "theme": self.theme,
            "creneau": self.creneau.slug if self.creneau else "",
            "region": self.region.code if self.region else "",
            "q": self.words,
        }
        query = urlencode({name: value for name, value in params.items() if value})
        return f"?{query}" if query else ""

    def publications(self, kind: str) -> PublicationQuerySet:
        """The published ones of that kind, latest first; none for an unknown niche or region (the
        address was shared: it narrows to nothing rather than failing)."""
        found = selectors.public_list(
            kind, now=timezone.now(), theme=self.theme, creneau=self.creneau, region=self.region, words=self.words
        )
        return found.none() if self.unknown else found


def narrowed(request: HttpRequest) -> Narrowed:
    """The narrowing the address asks for (`?theme=`, `?creneau=`, `?region=`)."""
    theme = request.GET.get("theme", "")
    creneau = (
        Creneau.objects.filter(slug=request.GET.get("creneau", "")[:200]).first() if "creneau" in request.GET else None
    )
    region = Region.objects.filter(code=request.GET.get("region", "")[:10]).first() if "region" in request.GET else None
    return Narrowed(
        theme=theme if theme in Theme.values else "",
        creneau=creneau,
        region=region,
        unknown=("creneau" in request.GET and creneau is None) or ("region" in request.GET and region is None),
        words=request.GET.get("q", "").strip()[:200],
    )


def _list(request: HttpRequest, kind: str, template: str) -> HttpResponse:
    asked = narrowed(request)
    theme, creneau, region = asked.theme, asked.creneau, asked.region
    page = Paginator(asked.publications(kind), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "feed_query": asked.query,
        "kind": kind,
        "theme": theme,
        "themes": Theme.choices,
        "creneau": creneau,
        "region": region,
        "words": asked.words,
    }
    return render_page(request, template, context, partial="results")


@require_GET
@public_page
def news_list(request: HttpRequest) -> HttpResponse:
    """The program's published news, latest first."""
    return _list(request, PublicationKind.NEWS, "communication/news_list.html")


@require_GET
@public_page
def story_list(request: HttpRequest) -> HttpResponse:
    """The published success stories, latest first, by theme, niche or region."""
    return _list(request, PublicationKind.STORY, "communication/story_list.html")


def _detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    publication = get_object_or_404(selectors.public_detail(kind, slug, now=timezone.now()))
    return render(request, "communication/publication_detail.html", {"publication": publication})


@require_GET
@public_page
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A published piece of news (a 404 before its moment, or once withdrawn)."""
    return _detail(request, PublicationKind.NEWS, slug)


@require_GET
@public_page
def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A published success story: its niche, region, theme, text and measured results."""
    return _detail(request, PublicationKind.STORY, slug)


@require_GET
def image(request: HttpRequest, slug: str) -> HttpResponseBase:
    """A published publication's image, through its policy (decision 14: files have no public URL)."""
    publication = get_object_or_404(policies.published_publications(timezone.now()), slug=slug)
    if not publication.image:
        raise Http404
    return download_response(publication.image)
