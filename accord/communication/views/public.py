"""The public pages of news and success stories, in French and English, kept whole under the public
version and answered conditionally (accord.core.public): lists by date, stories by theme, niche or
region, each publication's page, and its image."""

from __future__ import annotations

from dataclasses import dataclass, field

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
from ..filters import PublicationFilterSet
from ..models import PublicationKind, PublicationQuerySet, Theme

PAGE_SIZE = 12


@dataclass(frozen=True)
class Narrowed:
    """What a list, a feed or an embedded block is narrowed to by its address, read by the API's
    FilterSet (one meaning for `?theme=`, `?creneau=` (slug), `?region=` (code) and `?q=`): a theme,
    a niche, a region, words; `unknown` when the address names a niche or region that does not
    exist (a shared address then narrows to nothing rather than failing; the API answers 400)."""

    filterset: PublicationFilterSet = field(compare=False)
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
        """The published ones of that kind, latest first, narrowed (none for an unknown niche or region)."""
        found = selectors.public_list(kind, now=timezone.now())
        return found.none() if self.unknown else self.filterset.filter_queryset(found)


def narrowed(request: HttpRequest) -> Narrowed:
    """The narrowing the address asks for; a theme it does not know is left aside."""
    data = request.GET.copy()
    data.pop("kind", None)  # a list's kind is its own
    filterset = PublicationFilterSet(data)
    form = filterset.form
    form.is_valid()  # what is invalid is left out of cleaned_data, so out of the narrowing
    cleaned = form.cleaned_data
    return Narrowed(
        filterset=filterset,
        theme=cleaned.get("theme") or "",
        creneau=cleaned.get("creneau"),
        region=cleaned.get("region"),
        unknown="creneau" in form.errors or "region" in form.errors,
        words=cleaned.get("q") or "",
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
