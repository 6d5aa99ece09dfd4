"""Who writes news and stories: from today's roles and mandates, never from who wrote a record."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accord.accounts.models import RoleAssignment
from accord.accounts.policies import forget_scope
from accord.communication import policies
from accord.governance.models import Mandate, MandateRole
from accord.registry.models import Region

from .conftest import make_news, make_story

pytestmark = pytest.mark.django_db


def test_the_area_is_for_staff_and_coordinators(cast):
    for who in ("coordinator", "office_in", "office_out", "ministry"):
        assert policies.can_access_communication(cast[who]), who
    for who in ("member", "stranger"):
        assert not policies.can_access_communication(cast[who]), who


def test_each_editor_covers_their_niche_or_region(cast, interregional):
    estrie, monteregie = Region.objects.get(code="05"), Region.objects.get(code="16")
    niche = cast["creneau"]
    assert policies.covers(cast["coordinator"], niche, estrie)
    assert not policies.covers(cast["coordinator"], interregional, estrie)  # not their niche
    assert policies.covers(cast["office_in"], niche, estrie)
    assert not policies.covers(cast["office_out"], niche, estrie)
    # An interregional niche's story told for Estrie is Estrie's office's, not Montérégie's.
    assert policies.covers(cast["office_in"], interregional, estrie)
    assert not policies.covers(cast["office_out"], interregional, estrie)
    assert policies.covers(cast["office_out"], interregional, monteregie)
    # Its news naming no region: the offices of its regions.
    assert policies.covers(cast["office_out"], interregional, None)
    # Program-wide news: the ministry's only.
    assert policies.covers(cast["ministry"], None, None)
    assert not policies.covers(cast["office_in"], None, None)
    assert not policies.covers(cast["coordinator"], None, None)
    assert not policies.covers(cast["member"], niche, estrie)


def test_an_office_sees_a_story_of_its_regions_niche_but_changes_it_only_for_its_region(cast, interregional):
    story = make_story(cast, actor=cast["office_in"], creneau=interregional)
    assert policies.visible_publications(cast["office_out"]).filter(pk=story.pk).exists()
    assert not policies.can_edit_publication(cast["office_out"], story)
    assert policies.can_edit_publication(cast["office_in"], story)
    assert not policies.visible_publications(cast["coordinator"]).filter(pk=story.pk).exists()


def test_the_author_who_lost_their_mandate_loses_the_power(cast):
    story = make_story(cast)  # written by the coordinator
    today = timezone.localdate()
    Mandate.objects.filter(person=cast["coordinator"].person, role=MandateRole.COORDINATOR).update(
        starts_on=today - datetime.timedelta(days=30), ends_on=today - datetime.timedelta(days=1)
    )
    coordinator = type(cast["coordinator"]).objects.get(pk=cast["coordinator"].pk)  # a new request
    assert not policies.can_edit_publication(coordinator, story)
    assert not policies.visible_publications(coordinator).exists()
    assert not policies.can_access_communication(coordinator)


def test_an_office_whose_role_ended_loses_the_power(cast):
    news = make_news(cast, actor=cast["office_in"])
    RoleAssignment.objects.filter(user=cast["office_in"]).update(ends_on=timezone.localdate())
    forget_scope(cast["office_in"])
    assert not policies.can_edit_publication(cast["office_in"], news)
    # The ministry, who did not write it, may.
    assert policies.can_edit_publication(cast["ministry"], news)


def test_the_public_reads_only_what_is_published_by_now(cast):
    story = make_story(cast)
    now = timezone.now()
    assert not policies.published_publications(now).exists()
    type(story).objects.filter(pk=story.pk).update(published_at=now + datetime.timedelta(hours=1))
    assert not policies.published_publications(now).exists()
    assert policies.published_publications(now + datetime.timedelta(hours=1)).get() == story
