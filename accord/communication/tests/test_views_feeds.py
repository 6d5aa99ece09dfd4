"""How partners relay ACCORD's news: RSS and Atom feeds narrowed like the lists, the block a partner's
site frames (the only page that may be framed), the page that explains both; sitemap.xml and
robots.txt; Open Graph on a publication's page; the lists' own addresses never taken by a slug."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.communication import services
from accord.registry.models import Region
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory

from .conftest import make_news, make_story, published
from .test_services import PNG

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def xml(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 - our own server's answer, in a test


def rss_titles(response) -> list[str]:
    return [item.findtext("title") for item in xml(response).iter("item")]


def test_the_news_feed_lists_the_published_news_latest_first_in_the_readers_language(client, cast):
    older = published(cast, make_news(cast, title_fr="Assemblée annuelle"), days_ago=3)
    newer = published(cast, make_news(cast, title_fr="Mission en Europe", title_en="Mission to Europe"), days_ago=1)
    make_news(cast, title_fr="Brouillon")  # a draft is in no feed
    response = client.get(reverse("communication:news_rss"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(response) == ["Mission en Europe", "Assemblée annuelle"]
    channel = xml(response).find("channel")
    assert channel.findtext("language") == "fr"
    english = xml(client.get("/en" + reverse("communication:news_rss"))).find("channel")
    assert english.findtext("language") == "en" and english.find("item").findtext("title") == "Mission to Europe"
    # The row is the identity: a guid that survives an edited slug and both languages.
    guids = [item.findtext("guid") for item in xml(response).iter("item")]
    assert guids == [f"http://testserver/publications/{newer.pk}", f"http://testserver/publications/{older.pk}"]


def test_feeds_are_narrowed_like_the_lists_and_an_unknown_niche_narrows_to_nothing(client, cast):
    published(cast, make_story(cast))
    other = CreneauFactory(slug="aluminium", regions=[Region.objects.get(code="16")])
    published(cast, make_news(cast, actor=cast["ministry"], creneau=other, title_fr="Aluminium vert"))
    published(cast, make_news(cast, title_fr="Bois d'ici"))
    url = reverse("communication:news_rss")
    assert rss_titles(client.get(url, {"creneau": "aluminium"})) == ["Aluminium vert"]
    assert rss_titles(client.get(url, {"creneau": "nulle-part"})) == []
    atom = xml(client.get(reverse("communication:story_atom"), {"theme": "workforce"}))
    assert [entry.findtext(f"{ATOM}title") for entry in atom.iter(f"{ATOM}entry")] == [
        "Des vidéos de formation pour les opérateurs"
    ]
    assert (
        xml(client.get(url, {"creneau": "aluminium"}))
        .find("channel")
        .findtext("link")
        .endswith("/nouvelles/?creneau=aluminium")
    )


def test_a_feed_is_kept_whole_for_anonymous_readers_until_a_publication_changes(client, cast):
    news = published(cast, make_news(cast, title_fr="Première"))
    url = reverse("communication:news_rss")
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    services.unpublish_publication(news, actor=cast["coordinator"], reason="Erreur")
    fresh = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200 and rss_titles(fresh) == []


def test_the_block_is_the_only_page_a_partner_may_frame(client, cast):
    published(cast, make_news(cast, title_fr="À lire", creneau=cast["creneau"]))
    block = client.get(reverse("communication:news_block"), {"creneau": cast["creneau"].slug})
    assert block.status_code == 200
    html = block.content.decode()
    assert "À lire" in html and 'target="_top"' in html and "<h1>" in html
    assert "X-Frame-Options" not in block and "frame-ancestors *" in block["Content-Security-Policy"]
    # Kept whole: the copy served from the cache may be framed as well.
    again = client.get(reverse("communication:news_block"), {"creneau": cast["creneau"].slug})
    assert "X-Frame-Options" not in again and "frame-ancestors *" in again["Content-Security-Policy"]
    news_list = client.get(reverse("communication:news_list"))
    assert news_list["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in news_list["Content-Security-Policy"]


def test_the_relay_page_gives_the_feeds_and_the_block_for_the_region_chosen(client, cast):
    response = client.get(reverse("communication:relay"), {"region": "05"})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "http://testserver/nouvelles/rss/?region=05" in html and "http://testserver/bons-coups/atom/?region=05" in html
    )
    assert "&lt;iframe src=&quot;http://testserver/nouvelles/bloc/?region=05&quot;" in html or (
        '&lt;iframe src="http://testserver/nouvelles/bloc/?region=05"' in html
    )
    # The page's own form sends an empty niche: that narrows to nothing about niches, not to nothing.
    from_form = client.get(reverse("communication:relay"), {"creneau": "", "region": "05"})
    assert from_form.context["asked"].unknown is False
    assert client.get(reverse("communication:relay"), {"creneau": "nulle-part"}).context["asked"].unknown
    lists = client.get(reverse("communication:news_list"), {"region": "05"}).content.decode()
    assert 'type="application/rss+xml"' in lists and 'href="/nouvelles/rss/?region=05"' in lists


def test_feeds_and_block_read_a_fixed_number_of_queries(client, cast):
    for number in range(3):
        published(cast, make_story(cast, title_fr=f"Bon coup {number}"), days_ago=number)
    url = reverse("communication:story_rss")
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"region": "05"}, HTTP_CACHE_CONTROL="no-cache")
    for number in range(3, 9):
        published(cast, make_story(cast, title_fr=f"Bon coup {number}"), days_ago=number)
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"region": "05", "x": "1"})  # another address: not the kept page
    assert len(many) == len(few)


@pytest.mark.parametrize("title", ["RSS", "Atom", "Bloc", "Relayer"])
def test_a_publication_never_takes_the_lists_own_addresses(cast, title):
    news = make_news(cast, title_fr=title)
    assert news.slug == f"{title.lower()}-2"


def test_a_publications_page_tells_social_networks_what_it_is(client, cast):
    story = published(
        cast,
        make_story(
            cast, image=SimpleUploadedFile("usine.png", PNG, content_type="image/png"), image_alt_fr="Une usine"
        ),
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Des vidéos de formation pour les opérateurs">' in html
    assert f'<meta property="og:url" content="http://testserver{story.get_absolute_url()}">' in html
    assert (
        f'content="http://testserver/publications/{story.slug}/image/"' in html
        and 'og:image:alt" content="Une usine"' in html
    )
    assert '<meta property="og:locale" content="fr_CA">' in html
    english = client.get("/en" + story.get_absolute_url()).content.decode()
    assert '<meta property="og:locale" content="en_CA">' in english and "Training videos" in english
    home = client.get(reverse("registry:home")).content.decode()
    assert '<meta property="og:type" content="website">' in home


def test_the_sitemap_lists_the_public_pages_in_both_languages(client, cast):
    story = published(cast, make_story(cast))
    draft = make_news(cast, title_fr="Pas encore")
    hidden = OrganisationFactory(is_published=False)
    shown = OrganisationFactory(is_published=True)
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    sections = [loc.text for loc in xml(index).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert (
        "http://testserver/sitemap-organisations.xml" in sections
        and "http://testserver/sitemap-publications.xml" in sections
    )
    publications = client.get(reverse("sitemap_section", args=["publications"])).content.decode()
    assert f"http://testserver{story.get_absolute_url()}" in publications
    assert f"http://testserver/en{story.get_absolute_url()}" in publications and 'hreflang="en"' in publications
    assert draft.slug not in publications
    organisations = client.get(reverse("sitemap_section", args=["organisations"])).content.decode()
    assert shown.slug in organisations and hidden.slug not in organisations
    assert client.get(reverse("sitemap_section", args=["nothing"])).status_code == 404
    assert client.get(reverse("sitemap_section", args=["calendar"])).status_code == 200


def test_robots_keeps_crawlers_out_of_the_back_office_and_names_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /gestion/" in text and "Disallow: /api/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_feeds_answer_get_only(client, cast):
    assert client.post(reverse("communication:news_rss")).status_code == 405
    assert client.post(reverse("communication:news_block")).status_code == 405
    assert client.post(reverse("sitemap")).status_code == 405


def test_the_sites_search_finds_news_and_stories_by_their_words_accents_and_case_aside(client, cast):
    published(cast, make_story(cast))  # « Des vidéos de formation pour les opérateurs »
    published(cast, make_news(cast, title_fr="Mission commerciale à Munich", summary_fr="Dix entreprises"))
    make_news(cast, title_fr="Formation en brouillon")  # a draft is never found
    html = client.get(reverse("registry:search"), {"q": "VIDEOS operateurs"}).content.decode()
    assert "Des vidéos de formation pour les opérateurs" in html
    assert 'href="/bons-coups/?q=VIDEOS+operateurs"' in html
    found = client.get(reverse("registry:search"), {"q": "formation"}).content.decode()
    assert "Des vidéos de formation" in found and "Formation en brouillon" not in found
    # The list the search links to is narrowed the same way, and so is its feed.
    stories = client.get(reverse("communication:story_list"), {"q": "VIDEOS operateurs"}).content.decode()
    assert "Des vidéos de formation pour les opérateurs" in stories and "VIDEOS operateurs" in stories
    assert rss_titles(client.get(reverse("communication:news_rss"), {"q": "munich"})) == [
        "Mission commerciale à Munich"
    ]
    assert rss_titles(client.get(reverse("communication:news_rss"), {"q": "berlin"})) == []
    english = client.get("/en" + reverse("registry:search"), {"q": "machine operators"}).content.decode()
    assert "Training videos for machine operators" in english


def test_the_search_text_is_kept_when_a_publication_changes(cast):
    news = make_news(cast, title_fr="Assemblée annuelle")
    services.update_publication(news, actor=cast["coordinator"], data={"title_fr": "Colloque régional"}, reason="Titre")
    news.refresh_from_db()
    assert "colloque regional" in news.search_text and "assemblee" not in news.search_text
