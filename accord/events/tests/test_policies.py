"""Who reads and who manages a niche's events: those who read and those who write its plans."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accord.events import policies

from .conftest import make_event, open_event, sign_up

pytestmark = pytest.mark.django_db


def test_who_sees_the_events(cast):
    event = make_event(cast)
    for who in ("member", "coordinator", "office_in", "ministry"):
        assert list(policies.visible_events(cast[who])) == [event], who
    for who in ("office_out", "stranger"):
        assert not policies.visible_events(cast[who]).exists(), who


def test_who_manages_the_events(cast):
    creneau = cast["creneau"]
    assert {
        who
        for who in ("member", "coordinator", "office_in", "office_out", "ministry", "stranger")
        if policies.can_manage_events(cast[who], creneau)
    } == {"coordinator", "office_in", "ministry"}


def test_the_area_is_the_plans_area(cast):
    assert policies.can_access_events(cast["member"]) and policies.can_access_events(cast["office_out"])
    assert not policies.can_access_events(cast["stranger"])


def test_the_site_shows_members_only_events_to_the_niches_members_and_staff_only(cast, affiliate):
    public = open_event(cast)
    members = open_event(cast, title_fr="Réservé", audience="members")

    for who in (AnonymousUser(), cast["stranger"], cast["office_out"]):
        assert set(policies.site_events(who)) == {public}
        assert not policies.is_member_of(who, members)
    for who in (affiliate, cast["member"], cast["coordinator"], cast["office_in"], cast["ministry"]):
        assert set(policies.site_events(who)) == {public, members}
        assert policies.is_member_of(who, members)


def test_registrations_are_for_those_who_manage_the_event(cast):
    event = open_event(cast)
    sign_up(event, 1)
    for who in (cast["coordinator"], cast["office_in"], cast["ministry"]):
        assert policies.can_manage_registrations(who, event) and policies.registrations_of(who, event).count() == 1
    for who in (cast["member"], cast["office_out"], cast["stranger"]):
        assert not policies.can_manage_registrations(who, event)
        assert not policies.registrations_of(who, event).exists()
