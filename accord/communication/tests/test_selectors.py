"""The reads of news and stories: the fiche's sections in one query, the public pages' clock, and what a
person's accounts changed (Law 25)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.communication import selectors, services
from accord.communication.models import Publication
from accord.registry.models import Region

from .conftest import make_news, make_story, published

pytestmark = pytest.mark.django_db


def test_a_niches_sections_come_in_one_query_whatever_their_number(cast):
    for n in range(8):
        published(cast, make_story(cast, title_fr=f"Bon coup {n}"), days_ago=n + 1)
        published(cast, make_news(cast, title_fr=f"Nouvelle {n}", title_en=f"News {n}"), days_ago=n + 1)
    with CaptureQueriesContext(connection) as queries:
        stories, news = selectors.creneau_sections(cast["creneau"])
    assert len(queries) == 1
    assert [e.title for e in stories.entries] == [f"Bon coup {n}" for n in range(5)]
    assert [e.title for e in news.entries] == [f"Nouvelle {n}" for n in range(5)]
    assert stories.entries[0].label == "Main-d'œuvre"
    assert selectors.region_sections(Region.objects.get(code="16")) == []


def test_the_clock_is_the_latest_moment_that_has_come(cast):
    def clock(now):
        found = Publication.objects.annotate(moment=selectors.latest_moment(now))
        return found.values_list("moment", flat=True).first()

    story = make_story(cast)
    assert clock(timezone.now()) is None
    at = timezone.now() + datetime.timedelta(hours=1)
    services.schedule_publication(story, actor=cast["ministry"], at=at)
    assert clock(timezone.now()) is None  # not yet: the key does not change
    assert clock(at) == at  # its moment: the key changes, with nothing written


def test_what_a_persons_accounts_changed(cast):
    story = make_story(cast, actor=cast["coordinator"])
    services.update_publication(story, actor=cast["ministry"], data={"summary_fr": "Corrigé."}, reason="Coquille")
    rows = selectors.person_personal_data(cast["coordinator"].person)["changes_made"]
    assert len(rows) == 1 and "Des vidéos de formation pour les opérateurs" in str(rows)


def test_the_back_office_lists_drafts_then_by_publication_date(cast):
    """The list shows each publication's date: the drafts come first, then the latest date first
    (scheduled, then published), whatever was changed last."""
    old = published(cast, make_story(cast, title_fr="Ancien"), days_ago=9)
    recent = published(cast, make_story(cast, title_fr="Récent"), days_ago=1)
    draft = make_news(cast, title_fr="Brouillon")
    coming = make_news(cast, title_fr="À venir")
    services.schedule_publication(
        coming, actor=cast["ministry"], at=timezone.now() + datetime.timedelta(days=3), reason="Plus tard"
    )
    services.update_publication(old, actor=cast["ministry"], data={"summary_fr": "Corrigé"}, reason="Coquille")
    listed = list(selectors.backoffice_list(cast["ministry"], now=timezone.now()))
    assert listed == [draft, coming, recent, old]
