"""Who reads and who manages a niche's events: those who read and those who write its plans."""

from __future__ import annotations

import pytest

from accord.events import policies

from .conftest import make_event

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
