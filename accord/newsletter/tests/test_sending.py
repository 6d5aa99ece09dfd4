"""The audience (niche, region, theme, language), sending through the queue in batches, each email's
language and headers, no second delivery on a retry, the progress, and the archive."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.core.workflow import InvalidTransition
from accord.newsletter import selectors, services, tasks
from accord.newsletter.models import Delivery, DeliveryStatus, IssueStatus

from .conftest import confirmed, estrie, make_issue, monteregie, send, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(cast, mailoutbox):
    """Confirmed subscribers with various interests, and one still pending."""
    subscribe("pending@example.org", mailoutbox)
    return {
        "all_fr": confirmed("all@example.org", mailoutbox),
        "estrie_en": confirmed("estrie@example.org", mailoutbox, language="en", regions=[estrie()]),
        "monteregie": confirmed("monteregie@example.org", mailoutbox, regions=[monteregie()]),
        "niche_workforce": confirmed("niche@example.org", mailoutbox, creneaux=[cast["creneau"]], themes=["workforce"]),
        "innovation": confirmed("innovation@example.org", mailoutbox, themes=["innovation"]),
    }


def emails(found):
    return sorted(found.values_list("email", flat=True))


def test_the_audience_matches_niche_region_theme_and_language(cast, readers):
    def match(**audience):
        values = {"creneau_ids": [], "region_ids": [], "themes": [], "language": "", **audience}
        return emails(selectors.audience(**values))

    everyone = [
        "all@example.org",
        "estrie@example.org",
        "innovation@example.org",
        "monteregie@example.org",
        "niche@example.org",
    ]
    assert match() == everyone  # the pending one is never in it
    assert match(region_ids=[estrie().pk]) == [
        "all@example.org",
        "estrie@example.org",
        "innovation@example.org",
        "niche@example.org",
    ]
    assert match(themes=["workforce"]) == [
        "all@example.org",
        "estrie@example.org",
        "monteregie@example.org",
        "niche@example.org",
    ]
    # The niche's reader wants workforce stories only: not in an innovation issue of the niche.
    assert match(creneau_ids=[cast["creneau"].pk], themes=["innovation"]) == [
        "all@example.org",
        "estrie@example.org",
        "innovation@example.org",
        "monteregie@example.org",
    ]
    assert match(language="en") == ["estrie@example.org"]


def test_the_preview_lists_the_recipients_the_issue_would_reach(cast, stories, readers):
    issue = make_issue(cast, stories, actor=cast["office_in"], regions=[estrie()], language="en")
    assert emails(selectors.issue_audience(issue)) == ["estrie@example.org"]


def test_sending_freezes_the_audience_and_sends_each_email_in_its_readers_language(cast, stories, readers, mailoutbox):
    issue = make_issue(cast, stories, regions=[estrie()])
    before = len(mailoutbox)
    assert send(issue, cast["ministry"]) == 4
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and issue.sent_at
    assert selectors.progress(issue) == selectors.Progress(total=4, sent=4, failed=0, queued=0)
    sent = {m.to[0]: m for m in mailoutbox[before:]}
    assert sorted(sent) == ["all@example.org", "estrie@example.org", "innovation@example.org", "niche@example.org"]
    english, french = sent["estrie@example.org"], sent["all@example.org"]
    assert english.subject == "December newsletter" and "Training videos for machine operators" in english.body
    assert french.subject == "Bulletin de décembre" and "Des vidéos de formation" in french.body
    token = readers["estrie_en"].unsubscribe_token
    assert english.extra_headers["List-Unsubscribe"] == f"<http://testserver/en/bulletin/desabonnement/{token}/>"
    assert english.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/en/bulletin/desabonnement/{token}/" in english.body
    assert f"/bulletin/desabonnement/{token}/" in english.alternatives[0][0]
    assert english.alternatives[0][1] == "text/html"


def test_a_retried_task_sends_no_delivery_twice(cast, stories, readers, mailoutbox):
    issue = make_issue(cast, stories)
    send(issue, cast["ministry"])
    before = len(mailoutbox)
    Delivery.objects.filter(issue=issue, subscriber=readers["all_fr"]).update(
        status=DeliveryStatus.QUEUED, sent_at=None
    )
    tasks.send_issue_batch(issue.pk)  # a retry, or the same task delivered twice
    tasks.send_issue_batch(issue.pk)
    assert [m.to for m in mailoutbox[before:]] == [["all@example.org"]]
    assert selectors.progress(issue).sent == 5


def test_batches_queue_the_next_one_until_none_is_left(cast, stories, readers, mailoutbox, monkeypatch):
    monkeypatch.setattr(tasks, "BATCH", 2)
    issue = make_issue(cast, stories)
    send(issue, cast["ministry"])
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert selectors.progress(issue).sent == 5


def test_an_address_unsubscribed_after_the_audience_was_frozen_gets_nothing(cast, stories, readers, mailoutbox):
    issue = make_issue(cast, stories, language="en")
    services.send_issue(issue, actor=cast["ministry"])  # the task is not run: the commit never comes
    services.unsubscribe(readers["estrie_en"], source="web:unsubscribe")
    before = len(mailoutbox)
    tasks.send_issue_batch(issue.pk)
    assert mailoutbox[before:] == []
    assert selectors.progress(issue) == selectors.Progress(total=1, sent=0, failed=1, queued=0)


def test_an_issue_is_sent_once_and_not_changed_afterwards(cast, stories, readers):
    issue = make_issue(cast, stories)
    send(issue, cast["ministry"])
    with pytest.raises(InvalidTransition):
        services.send_issue(issue, actor=cast["ministry"])
    with pytest.raises(InvalidTransition):
        services.update_issue(issue, actor=cast["ministry"], data={"title_fr": "Autre"})


def test_an_issue_needs_publications_and_recipients(cast, stories):
    issue = make_issue(cast, stories)
    with pytest.raises(InvalidTransition, match="Aucun abonné"):
        services.send_issue(issue, actor=cast["ministry"])
    empty = make_issue(cast, [])
    with pytest.raises(InvalidTransition):
        services.send_issue(empty, actor=cast["ministry"])


def test_who_writes_to_whom(cast, stories, readers):
    with pytest.raises(ValidationError):
        make_issue(cast, stories, actor=cast["office_in"])  # the whole program is the ministry's
    with pytest.raises(ValidationError):
        make_issue(cast, stories, actor=cast["office_in"], regions=[monteregie()])
    with pytest.raises(ValidationError):
        make_issue(cast, stories, actor=cast["coordinator"], regions=[estrie()])
    with pytest.raises(PermissionDenied):
        make_issue(cast, stories, actor=cast["stranger"], regions=[estrie()])
    office = make_issue(cast, stories, actor=cast["office_in"], regions=[estrie()])
    niche = make_issue(cast, stories, actor=cast["coordinator"], creneaux=[cast["creneau"]])
    with pytest.raises(PermissionDenied):
        services.send_issue(office, actor=cast["office_out"])
    with pytest.raises(PermissionDenied):
        services.send_issue(niche, actor=cast["office_out"])
    assert send(niche, cast["coordinator"]) == 5


def test_the_archive_holds_the_sent_issues_only(cast, stories, readers):
    draft = make_issue(cast, stories, title_fr="Brouillon")
    sent = make_issue(cast, stories)
    send(sent, cast["ministry"])
    assert list(selectors.archive()) == [sent]
    assert not selectors.archive_detail(draft.pk).exists()
