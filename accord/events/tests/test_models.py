"""The database keeps an event's dates in order and its attendance for held events only."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from accord.events.models import Event
from accord.registry.tests.factories import CreneauFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 14)


def insert(**fields):
    values = {"creneau": CreneauFactory(), "title_fr": "Forum", "kind": "forum", "starts_on": DAY, **fields}
    with transaction.atomic():
        return Event.objects.create(**values)


def test_an_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        insert(ends_on=DAY - datetime.timedelta(days=1))
    assert insert(ends_on=DAY).ends_on == DAY


def test_attendance_is_recorded_only_for_a_held_event():
    with pytest.raises(IntegrityError):
        insert(attendance=12)
    with pytest.raises(IntegrityError):
        insert(status="cancelled", attendance=12)
    assert insert(status="held", attendance=12).attendance == 12


def test_the_title_falls_back_to_french(settings):
    from django.utils import translation

    event = Event(title_fr="Maillage", title_en="")
    with translation.override("en"):
        assert str(event) == "Maillage"
        event.title_en = "Matchmaking"
        assert str(event) == "Matchmaking"
    with translation.override("fr"):
        assert str(event) == "Maillage"
