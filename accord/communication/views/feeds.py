"""How partners relay ACCORD's news (issue 14, section 3 of the seed): RSS and Atom feeds of the news
and the success stories, narrowed like the lists (`?region=`, `?creneau=`, `?theme=`), an accessible
block of the latest news a partner's site may embed, and the page that explains both. Anonymous
readers get them kept whole under the public version (accord.core.public), as every public page."""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_replace
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from accord.core.links import site_url
from accord.core.public import public_page
from accord.registry.models import Creneau, Region

from ..models import Publication, PublicationKind
from .public import Narrowed, narrowed

#: Items in a feed, and in the embedded block.
FEED_SIZE = 30
BLOCK_SIZE = 5


class PublicationFeed(Feed):
    """The latest published news (or stories), in the reader's language; each item its summary."""

    kind = PublicationKind.NEWS
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Narrowed:  # type: ignore[override]
        return narrowed(request)

    def title(self, obj: Narrowed) -> str:
        what = _("News of ACCORD") if self.kind == PublicationKind.NEWS else _("Success stories of ACCORD")
        where = obj.creneau.name if obj.creneau else obj.region.name if obj.region else ""
        return f"{what} – {where}" if where else what

    def link(self, obj: Narrowed) -> str:
        name = "communication:news_list" if self.kind == PublicationKind.NEWS else "communication:story_list"
        return reverse(name) + obj.query

    def description(self, obj: Narrowed) -> str:
        return _("The latest publications of the ACCORD program of Québec's niches of excellence.")

    def items(self, obj: Narrowed) -> list[Publication]:
        return list(obj.publications(self.kind)[:FEED_SIZE])

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        return item.summary

    def item_pubdate(self, item: Publication) -> Any:
        return item.published_at

    def item_updateddate(self, item: Publication) -> Any:
        return item.updated_at

    def item_categories(self, item: Publication) -> list[str]:
        found = [item.get_theme_display()] if item.theme else []
        return found + [place.name for place in (item.creneau, item.region) if place is not None]

    def item_guid(self, item: Publication) -> str:
        # The address changes with the language and a slug may be edited: the row is the identity.
        return site_url(f"/publications/{item.pk}")

    item_guid_is_permalink = False


class NewsAtom(PublicationFeed):
    feed_type = Atom1Feed
    subtitle = PublicationFeed.description


class StoryRss(PublicationFeed):
    kind = PublicationKind.STORY


class StoryAtom(StoryRss):
    feed_type = Atom1Feed
    subtitle = PublicationFeed.description


news_rss = require_GET(public_page(PublicationFeed()))
news_atom = require_GET(public_page(NewsAtom()))
story_rss = require_GET(public_page(StoryRss()))
story_atom = require_GET(public_page(StoryAtom()))


# The block is made to be framed by any site: the only page that lifts the policy against framing.
# The decorators wrap the kept page too, so a page served from the cache carries them as well.
@require_GET
@csp_replace({"frame-ancestors": ["*"]})
@xframe_options_exempt
@public_page
def news_block(request: HttpRequest) -> HttpResponse:
    """The latest news, narrowed like the list, as a small page a partner's site frames (an iframe):
    no menu, links opening in the partner's window."""
    asked = narrowed(request)
    latest = list(asked.publications(PublicationKind.NEWS)[:BLOCK_SIZE])
    more = reverse("communication:news_list") + asked.query
    return render(request, "communication/news_block.html", {"latest": latest, "asked": asked, "more": more})


@require_GET
@public_page
def relay(request: HttpRequest) -> HttpResponse:
    """How to relay ACCORD's news: the feeds and the block to embed, for the niche or region chosen."""
    asked = narrowed(request)
    query = asked.query
    feeds = [
        (_("News"), reverse("communication:news_rss") + query, reverse("communication:news_atom") + query),
        (_("Success stories"), reverse("communication:story_rss") + query, reverse("communication:story_atom") + query),
    ]
    # The events' calendars are iCalendar feeds (decision 48), by niche or by region, named here by
    # their addresses only: the events are a context beside this one.
    calendar = reverse("events_public:feed")
    if asked.creneau is not None:
        calendar = reverse("events_public:creneau_feed", args=[asked.creneau.slug])
    elif asked.region is not None:
        calendar = reverse("events_public:region_feed", args=[asked.region.code])
    context = {
        "asked": asked,
        "feeds": feeds,
        "calendar": calendar,
        "embed": reverse("communication:news_block") + query,
        "creneaux": Creneau.objects.active().order_by("name_fr").only("slug", "name_fr", "name_en"),
        "regions": Region.objects.order_by("code").only("code", "name"),
    }
    return render(request, "communication/relay.html", context)
