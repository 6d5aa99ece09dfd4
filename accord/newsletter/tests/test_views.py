"""The newsletter's pages: subscription (rate-limited, same answer for every address, NUL refused),
confirmation and unsubscription by their links, the archive, and the editors' pages with their
403/404/405 and query counts."""

from __future__ import annotations

import pytest
from django.test import TestCase

from accord.newsletter.models import Delivery, Issue, IssueStatus, Subscriber, SubscriberStatus

from .conftest import CONFIRM, confirmed, estrie, make_issue, monteregie, send

pytestmark = pytest.mark.django_db


def post_subscription(client, email, **extra):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/bulletin/", {"email": email, "language": "fr", **extra}, **extra.pop("meta", {}))


def test_subscribing_says_the_same_whether_or_not_the_address_is_on_the_list(cast, client, mailoutbox):
    confirmed("anne@example.org", mailoutbox)
    known = post_subscription(client, "anne@example.org")
    unknown = post_subscription(client, "paul@example.org", regions=[estrie().pk], themes=["innovation"])
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/bulletin/verifiez/"
    paul = Subscriber.objects.get(email="paul@example.org")
    assert paul.status == SubscriberStatus.PENDING
    assert list(paul.regions.all()) == [estrie()]
    assert client.get("/bulletin/verifiez/").status_code == 200


def test_the_subscription_page_shows_the_consent_and_needs_csrf(cast, client):
    page = client.get("/bulletin/")
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()
    strict = type(client)(enforce_csrf_checks=True)
    assert strict.post("/bulletin/", {"email": "a@example.org", "language": "fr"}).status_code == 403


def test_a_nul_character_is_refused_cleanly(cast, client):
    response = client.post("/bulletin/", {"email": "a\x00@example.org", "language": "fr"})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_subscriptions_are_rate_limited_per_email_and_per_address(cast, client, mailoutbox):
    for _ in range(3):
        assert post_subscription(client, "anne@example.org").status_code == 302
    limited = post_subscription(client, "anne@example.org")
    assert limited.status_code == 429
    assert "Trop de demandes" in limited.content.decode()
    assert client.post("/en/bulletin/", {"email": "anne@example.org", "language": "en"}).status_code == 429
    for n in range(6):
        post_subscription(client, f"other{n}@example.org")
    assert post_subscription(client, "last@example.org").status_code == 429  # 11th from this address
    other = type(client)(REMOTE_ADDR="10.0.0.9")
    assert other.post("/bulletin/", {"email": "last@example.org", "language": "fr"}).status_code == 302


def test_the_confirmation_link_confirms_only_on_post(cast, client, mailoutbox):
    post_subscription(client, "anne@example.org")
    link = CONFIRM.search(mailoutbox[-1].body).group(0)
    assert client.get(link).status_code == 200
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING  # a mail scanner's GET changes nothing
    assert client.post(link).status_code == 200
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED
    assert client.post(link).status_code == 400  # used
    assert client.put(link).status_code == 405


def test_one_click_unsubscription_needs_no_csrf_token_and_a_get_changes_nothing(cast, mailoutbox):
    from django.test import Client

    subscriber = confirmed("anne@example.org", mailoutbox)
    client = Client(enforce_csrf_checks=True)
    link = f"/bulletin/desabonnement/{subscriber.unsubscribe_token}/"
    assert client.get(link).status_code == 200
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.events.last().source == "email:list-unsubscribe"
    assert client.post("/bulletin/desabonnement/unknown/").status_code == 404
    assert client.delete(link).status_code == 405


def test_a_subscriber_changes_their_interests_by_their_link(cast, client, mailoutbox):
    subscriber = confirmed("anne@example.org", mailoutbox)
    link = f"/bulletin/preferences/{subscriber.unsubscribe_token}/"
    assert client.get(link).status_code == 200
    response = client.post(link, {"language": "en", "regions": [monteregie().pk]})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.language == "en" and list(subscriber.regions.all()) == [monteregie()]
    assert client.get("/bulletin/preferences/nope/").status_code == 404


def test_the_archive_shows_sent_issues_and_404s_drafts(cast, stories, client, mailoutbox):
    confirmed("anne@example.org", mailoutbox)
    draft = make_issue(cast, stories, title_fr="Brouillon secret")
    sent = make_issue(cast, stories)
    send(sent, cast["ministry"])
    page = client.get("/bulletin/archives/")
    assert "Bulletin de décembre" in page.content.decode() and "Brouillon secret" not in page.content.decode()
    assert client.get(f"/bulletin/archives/{sent.pk}/").status_code == 200
    assert "December newsletter" in client.get(f"/en/bulletin/archives/{sent.pk}/").content.decode()
    assert client.get(f"/bulletin/archives/{draft.pk}/").status_code == 404
    assert client.post("/bulletin/archives/").status_code == 405


# --- The editors' pages ------------------------------------------------------------------------------


def test_the_back_office_needs_an_editor(cast, client):
    assert client.get("/gestion/bulletin/").status_code == 302  # anonymous: sign in first
    client.force_login(cast["stranger"])
    assert client.get("/gestion/bulletin/").status_code == 403


def test_an_office_composes_previews_and_sends_an_issue_of_its_region(cast, stories, client, mailoutbox):
    confirmed("estrie@example.org", mailoutbox, language="en", regions=[estrie()])
    confirmed("monteregie@example.org", mailoutbox, regions=[monteregie()])
    client.force_login(cast["office_in"])
    assert client.get("/gestion/bulletin/nouveau/").status_code == 200
    data = {
        "title_fr": "Bulletin de l'Estrie",
        "title_en": "Estrie newsletter",
        "publications": [p.pk for p in stories],
        "regions": [estrie().pk],
    }
    created = client.post("/gestion/bulletin/nouveau/", data)
    assert created.status_code == 302
    issue = Issue.objects.get()
    preview = client.get(f"/gestion/bulletin/{issue.pk}/").content.decode()
    assert "estrie@example.org" in preview and "monteregie@example.org" not in preview
    assert "Estrie newsletter" in preview and "Bulletin de l&#x27;Estrie" in preview
    assert client.get(f"/gestion/bulletin/{issue.pk}/envoyer/").status_code == 200
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(f"/gestion/bulletin/{issue.pk}/envoyer/", {}).status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    progress = client.get(f"/gestion/bulletin/{issue.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "1 envoyé sur 1, 0 en échec." in progress
    assert Delivery.objects.get().subscriber.email == "estrie@example.org"


def test_out_of_scope_is_404_and_visible_but_not_theirs_is_403(cast, stories, client):
    mine = make_issue(cast, stories, actor=cast["office_in"], regions=[estrie()])
    niche = make_issue(cast, stories, actor=cast["coordinator"], creneaux=[cast["creneau"]])
    client.force_login(cast["office_out"])
    assert client.get(f"/gestion/bulletin/{mine.pk}/").status_code == 404
    client.force_login(cast["office_in"])
    assert client.get(f"/gestion/bulletin/{niche.pk}/").status_code == 404
    both = make_issue(cast, stories, regions=[estrie(), monteregie()])
    assert client.get(f"/gestion/bulletin/{both.pk}/").status_code == 200
    assert client.get(f"/gestion/bulletin/{both.pk}/envoyer/").status_code == 403
    assert client.post(f"/gestion/bulletin/{both.pk}/modifier/", {}).status_code == 403
    assert client.delete(f"/gestion/bulletin/{mine.pk}/envoyer/").status_code == 405
    assert client.post("/gestion/bulletin/").status_code == 405


def test_the_list_and_the_recipients_take_the_same_queries_whatever_their_number(
    cast, stories, client, mailoutbox, django_assert_max_num_queries
):
    client.force_login(cast["ministry"])
    make_issue(cast, stories, regions=[estrie()])
    issue = make_issue(cast, stories)
    confirmed("a@example.org", mailoutbox)

    def queries(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = queries("/gestion/bulletin/"), queries(f"/gestion/bulletin/{issue.pk}/")
    for n in range(4):
        make_issue(cast, stories, regions=[monteregie()], title_fr=f"Numéro {n}")
        confirmed(f"b{n}@example.org", mailoutbox, regions=[estrie()])
    assert (queries("/gestion/bulletin/"), queries(f"/gestion/bulletin/{issue.pk}/")) == few


def test_an_editor_changes_a_draft_and_its_history_says_who(cast, stories, client):
    issue = make_issue(cast, stories, actor=cast["office_in"], regions=[estrie()])
    client.force_login(cast["office_in"])
    assert client.get(f"/gestion/bulletin/{issue.pk}/modifier/").status_code == 200
    data = {
        "title_fr": "Bulletin de l'Estrie, corrigé",
        "title_en": "Estrie newsletter",
        "publications": [stories[0].pk],
        "regions": [estrie().pk],
        "themes": ["workforce"],
        "language": "fr",
        "reason": "Coquille",
    }
    assert client.post(f"/gestion/bulletin/{issue.pk}/modifier/", data).status_code == 302
    issue.refresh_from_db()
    assert (
        issue.title_fr == "Bulletin de l'Estrie, corrigé" and issue.themes == ["workforce"] and issue.language == "fr"
    )
    assert [item.publication for item in issue.items.all()] == [stories[0]]
    latest = issue.history.first()
    assert latest.history_user == cast["office_in"] and latest.history_change_reason == "Coquille"
    # Moving it outside the office's regions is a message on the form, nothing saved.
    refused = client.post(f"/gestion/bulletin/{issue.pk}/modifier/", {**data, "regions": [monteregie().pk]})
    assert refused.status_code == 400
    assert list(Issue.objects.get(pk=issue.pk).regions.all()) == [estrie()]


def test_the_recipients_of_a_sent_issue_take_the_same_queries_whatever_their_number(cast, stories, client, mailoutbox):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(issue):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/gestion/bulletin/{issue.pk}/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(cast["ministry"])
    confirmed("a@example.org", mailoutbox)
    few = make_issue(cast, stories)
    send(few, cast["ministry"])
    for n in range(5):
        confirmed(f"b{n}@example.org", mailoutbox)
    many = make_issue(cast, stories)
    send(many, cast["ministry"])
    assert queries(many) == queries(few)
