"""The public pages of news and stories: French and English, only what is published, lists whose
queries do not grow with their items, pages kept whole and answered conditionally, a scheduled story
appearing on its own at its moment, the créneau's fiche and the region's page showing theirs."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accord.communication import services

from .conftest import make_news, make_story, published
from .test_services import PNG

pytestmark = pytest.mark.django_db


def test_a_published_story_reads_in_french_and_english(client, cast):
    story = published(cast, make_story(cast))
    french = client.get(story.get_absolute_url())
    assert french.status_code == 200
    html = french.content.decode()
    assert "Des vidéos de formation pour les opérateurs" in html and "12 vidéos, 140 opérateurs formés" in html
    assert "<strong>vidéos</strong>" in html  # the cleaned rich text, as HTML
    english = client.get("/en" + story.get_absolute_url()).content.decode()
    assert "Training videos for machine operators" in english and "140 operators trained" in english
    assert "Workforce" in english


def test_english_without_a_translation_shows_the_french_marked_as_french(client, cast):
    story = published(cast, make_story(cast, body_en="", summary_en=""))
    html = client.get("/en" + story.get_absolute_url()).content.decode()
    assert '<div class="rich-text" lang="fr">' in html and 'class="lead" lang="fr"' in html


def test_drafts_and_scheduled_stories_are_404_to_the_public(client, cast):
    draft = make_story(cast)
    assert client.get(draft.get_absolute_url()).status_code == 404
    services.schedule_publication(draft, actor=cast["ministry"], at=timezone.now() + datetime.timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Des vidéos" not in client.get(reverse("communication:story_list")).content.decode()
    # A story is not found at a news address, nor the reverse.
    story = published(cast, make_story(cast, title_fr="Autre bon coup"))
    assert client.get(reverse("communication:news_detail", args=[story.slug])).status_code == 404


def test_hostile_markup_never_reaches_the_page(client, cast):
    story = published(
        cast, make_story(cast, body_fr='<p>ok</p><script>alert("x")</script><a href="javascript:alert(1)">a</a>')
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'alert("x")' not in html and "javascript:" not in html
    # Text fields are escaped by the templates.
    story = published(cast, make_story(cast, title_fr="<script>alert(2)</script>", summary_fr="<b>x</b>"))
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(2)" not in html and "&lt;script&gt;alert(2)" in html and "&lt;b&gt;x" in html


def test_the_lists_queries_do_not_grow_with_their_items(client, cast, django_assert_num_queries):
    for n in range(3):
        published(cast, make_story(cast, title_fr=f"Bon coup {n}"), days_ago=n + 1)
        published(cast, make_news(cast, title_fr=f"Nouvelle {n}", title_en=f"News {n}"), days_ago=n + 1)

    def count(name, queries=3, **params):
        with django_assert_num_queries(queries):  # the public version, the count, the page (none when empty)
            response = client.get(reverse(f"communication:{name}"), params)
        return response

    assert len(count("story_list").context["page"]) == 3
    assert len(count("news_list").context["page"]) == 3
    for n in range(3, 30):
        published(cast, make_story(cast, title_fr=f"Bon coup {n}"), days_ago=n + 1)
    page = count("story_list").context["page"]
    assert len(page) == 12 and page.paginator.count == 30  # paginated
    assert [s.title_fr for s in page][:2] == ["Bon coup 0", "Bon coup 1"]  # latest first
    assert len(count("story_list", page=3).context["page"]) == 6
    assert count("story_list", queries=2, theme="innovation").context["page"].paginator.count == 0


def test_stories_by_niche_and_region(client, cast, interregional, django_assert_num_queries):
    published(cast, make_story(cast))
    published(cast, make_story(cast, actor=cast["ministry"], creneau=interregional, title_fr="Microélectronique"))
    with django_assert_num_queries(4):  # the version, the niche, the count, the page
        response = client.get(reverse("communication:story_list"), {"creneau": interregional.slug})
    assert [s.title_fr for s in response.context["page"]] == ["Microélectronique"]
    response = client.get(reverse("communication:story_list"), {"region": "16"})
    assert response.context["page"].paginator.count == 0
    response = client.get(reverse("communication:story_list"), {"creneau": "nope"})
    assert response.status_code == 200 and response.context["page"].paginator.count == 0


def test_public_pages_are_kept_whole_and_answered_conditionally(client, cast):
    story = published(cast, make_story(cast))
    first = client.get(story.get_absolute_url())
    assert first["ETag"] and "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    listing = client.get(reverse("communication:story_list"))
    assert client.get(reverse("communication:story_list"), HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_a_scheduled_story_appears_at_its_moment_though_the_page_was_kept(client, cast):
    """No write happens at the moment: the pages kept whole change key because the clock moves."""
    story = make_story(cast)
    at = timezone.now() + datetime.timedelta(hours=1)
    services.schedule_publication(story, actor=cast["ministry"], at=at)
    before = client.get(reverse("communication:story_list"))
    assert "Des vidéos" not in before.content.decode()
    fiche = client.get(cast["creneau"].get_absolute_url())
    assert "Des vidéos" not in fiche.content.decode()
    with time_machine.travel(at + datetime.timedelta(seconds=1), tick=False):
        after = client.get(reverse("communication:story_list"), HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200 and "Des vidéos" in after.content.decode()
        assert "Des vidéos" in client.get(cast["creneau"].get_absolute_url()).content.decode()
        assert client.get(story.get_absolute_url()).status_code == 200


def test_the_niches_fiche_and_the_regions_page_show_theirs_in_one_query(client, cast, django_assert_num_queries):
    for n in range(7):
        published(cast, make_story(cast, title_fr=f"Bon coup {n}"), days_ago=n + 1)
    published(cast, make_news(cast), days_ago=1)
    make_story(cast, title_fr="Brouillon")
    fiche = client.get(cast["creneau"].get_absolute_url())
    sections = fiche.context["showcase"]
    assert [s.title for s in sections] == ["Bons coups", "Nouvelles"]
    assert [e.title for e in sections[0].entries] == [f"Bon coup {n}" for n in range(5)]  # the 5 latest
    assert "Brouillon" not in fiche.content.decode()
    assert f"?creneau={cast['creneau'].slug}" in sections[0].more_url
    region = client.get(reverse("registry:region_detail", args=["05"]))
    assert [e.title for e in region.context["showcase"][0].entries][:1] == ["Bon coup 0"]
    for n in range(7, 20):
        published(cast, make_story(cast, title_fr=f"Bon coup {n}"), days_ago=n + 1)
    # As before, plus one for the stories and news, one for the events, one for the projects financed.
    with django_assert_num_queries(7):
        client.get(reverse("registry:region_detail", args=["05"]))


def test_the_image_is_served_once_published_only(client, cast):
    image = SimpleUploadedFile("atelier.png", PNG, "image/png")
    story = make_story(cast, image=image, image_alt_fr="Un opérateur", image_alt_en="An operator")
    address = reverse("communication:image", args=[story.slug])
    assert client.get(address).status_code == 404
    published(cast, story)
    response = client.get(address)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    html = client.get("/en" + story.get_absolute_url()).content.decode()
    assert f'<img src="/en{address}" alt="An operator">' in html
