"""/api/v1/publications/: the published news and stories for everyone, read-only, narrowed like the
lists, in the language asked, in a number of queries that does not grow with them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from .conftest import make_news, make_story, published

pytestmark = pytest.mark.django_db
URL = "/api/v1/publications/"


@pytest.fixture
def api():
    return APIClient()


def test_the_api_lists_the_published_ones_latest_first(api, cast):
    story = published(cast, make_story(cast), days_ago=2)
    news = published(cast, make_news(cast, title_fr="Mission en Europe", title_en="Mission to Europe"), days_ago=1)
    make_news(cast, title_fr="Brouillon")
    rows = api.get(URL).json()["results"]
    assert [row["slug"] for row in rows] == [news.slug, story.slug]
    assert rows[1]["kind"] == "story" and rows[1]["theme"] == "workforce"
    assert rows[1]["creneau"] == cast["creneau"].slug and rows[1]["region"] == "05"
    assert rows[0]["title"] == "Mission en Europe" and rows[0]["url"] == f"http://testserver{news.get_absolute_url()}"
    english = api.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert english[0]["title"] == "Mission to Europe"


def test_the_api_narrows_like_the_lists_and_refuses_an_unknown_niche(api, cast):
    published(cast, make_story(cast))
    published(cast, make_news(cast, title_fr="Mission commerciale à Munich"))
    assert [r["kind"] for r in api.get(URL, {"kind": "story"}).json()["results"]] == ["story"]
    assert [r["title"] for r in api.get(URL, {"q": "MUNICH"}).json()["results"]] == ["Mission commerciale à Munich"]
    assert api.get(URL, {"region": "05", "theme": "workforce"}).json()["count"] == 1
    assert api.get(URL, {"creneau": "nulle-part"}).status_code == 400


def test_a_draft_is_not_found_and_the_api_is_read_only(api, cast, client):
    draft = make_news(cast, title_fr="Brouillon")
    assert api.get(f"{URL}{draft.slug}/").status_code == 404
    story = published(cast, make_story(cast))
    assert api.get(f"{URL}{story.slug}/").json()["title_fr"] == "Des vidéos de formation pour les opérateurs"
    assert api.post(URL, {"title_fr": "X"}).status_code in (401, 403, 405)
    api.force_authenticate(cast["ministry"])
    assert api.post(URL, {"title_fr": "X"}).status_code == 405
    assert api.delete(f"{URL}{story.slug}/").status_code == 405


def test_the_list_reads_a_fixed_number_of_queries(api, cast):
    published(cast, make_story(cast))
    with CaptureQueriesContext(connection) as few:
        api.get(URL)
    for number in range(5):
        published(cast, make_news(cast, title_fr=f"Nouvelle {number}"))
    with CaptureQueriesContext(connection) as many:
        assert api.get(URL).json()["count"] == 6
    assert len(many) == len(few)
