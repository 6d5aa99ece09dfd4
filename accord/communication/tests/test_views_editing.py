"""The editors' pages: writing a story, previewing it, publishing and scheduling it; refusals (302,
403, 404, 405), CSRF, NUL and hostile markup refused or cleaned, the list's queries constant."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.communication.models import Publication
from accord.registry.models import Region

from .conftest import make_news, make_story, published

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"communication_bo:{name}", args=args)


def story_post(cast, **data):
    return {
        "title_fr": "Des vidéos de formation",
        "title_en": "Training videos",
        "creneau": str(cast["creneau"].pk),
        "region": str(Region.objects.get(code="05").pk),
        "theme": "workforce",
        "summary_fr": "Des vidéos.",
        "body_fr": "<p>Pour les <em>opérateurs</em>.</p><script>alert(1)</script>",
        "results_fr": "140 opérateurs formés",
        "reason": "Bon coup",
        **data,
    }


def test_the_coordinator_writes_previews_and_publishes_a_story(client, cast):
    client.force_login(cast["coordinator"])
    assert client.get(url("story_create")).status_code == 200
    response = client.post(url("story_create"), story_post(cast))
    story = Publication.objects.get()
    assert response.status_code == 302 and response["Location"] == url("publication_preview", story.pk)
    assert story.body_fr == "<p>Pour les <em>opérateurs</em>.</p>" and story.published_at is None
    preview = client.get(url("publication_preview", story.pk))
    assert preview.status_code == 200 and "Pour les <em>opérateurs</em>" in preview.content.decode()
    assert preview.context["state"] == "draft"
    english = client.get("/en" + url("publication_preview", story.pk)).content.decode()
    assert "Training videos" in english
    assert client.get(url("publication_publish", story.pk)).status_code == 200
    response = client.post(url("publication_publish", story.pk), {"reason": "Validé"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.published_at is not None
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_scheduling_from_the_page(client, cast):
    story = make_story(cast)
    client.force_login(cast["office_in"])
    at = timezone.localtime() + datetime.timedelta(days=2)
    response = client.post(url("publication_schedule", story.pk), {"at": at.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    story.refresh_from_db()
    assert timezone.localtime(story.published_at).strftime("%Y-%m-%d %H:%M") == at.strftime("%Y-%m-%d %H:%M")
    assert client.get(url("publication_preview", story.pk)).context["state"] == "scheduled"
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url("publication_unpublish", story.pk), {})
    assert response.status_code == 302
    response = client.post(url("publication_schedule", story.pk), {"at": past})
    assert response.status_code == 302  # refused: back to the preview with the reason
    story.refresh_from_db()
    assert story.published_at is None


def test_a_missing_translation_is_said_and_nothing_is_published(client, cast):
    news = make_news(cast, title_en="")
    client.force_login(cast["coordinator"])
    response = client.post(url("publication_publish", news.pk), {}, follow=True)
    assert "titre anglais" in response.content.decode() or "English title" in response.content.decode()
    news.refresh_from_db()
    assert news.published_at is None


def test_bad_input_is_a_clear_message_and_changes_nothing(client, cast):
    client.force_login(cast["coordinator"])
    response = client.post(url("story_create"), story_post(cast, summary_fr="Un\x00coup"))
    assert response.status_code == 400 and not Publication.objects.exists()
    assert (
        'id="id_summary_fr_error"' in response.content.decode() or 'href="#id_summary_fr"' in response.content.decode()
    )
    response = client.post(url("story_create"), story_post(cast, theme=""))
    assert response.status_code == 400 and not Publication.objects.exists()
    other = Region.objects.get(code="16")
    response = client.post(url("story_create"), story_post(cast, region=str(other.pk)))
    assert response.status_code == 400 and not Publication.objects.exists()  # not a region they may name


def test_news_outside_the_editors_niche_is_a_message_on_the_field(client, cast):
    client.force_login(cast["coordinator"])
    response = client.post(url("news_create"), {"title_fr": "Nouvelle du programme", "title_en": "Program news"})
    assert response.status_code == 400 and not Publication.objects.exists()
    assert "Vous ne pouvez pas rédiger pour ce créneau ou cette région." in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, cast):
    story = make_story(cast)
    for address in (url("publication_list"), url("story_create"), url("publication_preview", story.pk)):
        response = client.get(address)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_outside_the_area_is_403(client, cast):
    story = make_story(cast)
    for who in ("member", "stranger"):
        client.force_login(cast[who])
        assert client.get(url("publication_list")).status_code == 403
        assert client.get(url("publication_preview", story.pk)).status_code == 403  # outside the area


def test_out_of_scope_is_404_and_visible_but_not_theirs_is_403(client, cast, interregional):
    story = make_story(cast)  # Estrie's niche
    client.force_login(cast["office_out"])
    assert client.get(url("publication_preview", story.pk)).status_code == 404
    assert client.post(url("publication_publish", story.pk)).status_code == 404
    told_for_estrie = make_story(cast, actor=cast["office_in"], creneau=interregional, title_fr="Micro")
    preview = client.get(url("publication_preview", told_for_estrie.pk))  # read, without the steps
    assert preview.status_code == 200 and url("publication_publish", told_for_estrie.pk) not in preview.content.decode()
    assert client.get(url("publication_publish", told_for_estrie.pk)).status_code == 403
    assert client.post(url("publication_edit", told_for_estrie.pk), {"title_fr": "Pris"}).status_code == 403
    told_for_estrie.refresh_from_db()
    assert told_for_estrie.title_fr == "Micro"


def test_wrong_methods_are_405(client, cast):
    story = make_story(cast)
    client.force_login(cast["coordinator"])
    assert client.post(url("publication_list")).status_code == 405
    assert client.post(url("publication_preview", story.pk)).status_code == 405
    assert client.put(url("publication_publish", story.pk)).status_code == 405
    assert client.post(reverse("communication:story_list")).status_code == 405


def test_every_write_needs_the_csrf_token(cast):
    story = make_story(cast)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["coordinator"])
    assert client.post(url("story_create"), story_post(cast)).status_code == 403
    assert client.post(url("publication_publish", story.pk), {}).status_code == 403
    assert Publication.objects.count() == 1 and Publication.objects.get().published_at is None


def test_the_list_shows_states_and_its_queries_do_not_grow(client, cast, django_assert_num_queries):
    draft = make_story(cast, title_fr="Brouillon")
    live = published(cast, make_news(cast, title_fr="En ligne"))
    client.force_login(cast["coordinator"])

    def listing(**params):
        # session, user, the menu's gates (one read of the niche roles for every area), the list's count
        # and page, whatever the rows
        with django_assert_num_queries(8):
            return client.get(url("publication_list"), params)

    first = listing()
    states = {p.title_fr: p.state for p in first.context["page"]}
    assert states == {"Brouillon": "draft", "En ligne": "published"}
    for n in range(30):
        make_story(cast, title_fr=f"Bon coup {n}")
    page = listing().context["page"]
    assert len(page) == 25 and page.paginator.count == 32
    only = listing(state="published").context["page"]
    assert [p.pk for p in only] == [live.pk]
    assert draft.pk not in [p.pk for p in only]


def test_the_menu_leads_editors_to_their_publications(client, cast):
    client.force_login(cast["office_in"])
    page = client.get(reverse("registry_bo:dashboard")).content.decode()
    assert url("publication_list") in page
    client.force_login(cast["member"])
    assert url("publication_list") not in client.get(reverse("planning:plan_list")).content.decode()


def test_the_history_says_who_changed_what_when_and_why(client, cast):
    story = make_story(cast)
    published(cast, story)
    client.force_login(cast["office_in"])
    response = client.get(url("publication_history", story.pk))
    assert response.status_code == 200
    entries = response.context["entries"]
    assert entries[-1].who == cast["coordinator"] and entries[0].who == cast["ministry"]  # newest first
    assert "Bon coup 2025" in response.content.decode()
    client.force_login(cast["office_out"])
    assert client.get(url("publication_history", story.pk)).status_code == 404
