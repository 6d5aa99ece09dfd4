"""The events' demo: every niche has held events with their attendance, a cancelled one and planned
ones to come, some serving its plan's actions; loading the demo again adds none."""

import pytest
from django.utils import timezone

from accord.events.models import Event
from accord.registry.models import Creneau

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_every_niche_has_events_of_every_status(demo):
    assert set(Event.objects.values_list("creneau_id", flat=True)) == set(Creneau.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    for creneau in Creneau.objects.all():
        events = list(creneau.events.all())
        assert {e.status for e in events} == {"held", "planned", "cancelled"}
        assert all(e.attendance for e in events if e.status == "held")
        assert all(e.starts_on > today for e in events if e.status == "planned")
        assert any(e.starts_on.year < today.year for e in events if e.status == "held")
    # Those of a niche with a plan serve its actions, of that niche's plan.
    linked = Event.objects.filter(action__isnull=False).select_related("action__objective__axis__plan")
    assert linked.exists()
    assert all(e.action.objective.axis.plan.creneau_id == e.creneau_id for e in linked)


def test_loading_the_demo_again_adds_no_event(demo):
    assert demo.first["events.Event"] == Event.objects.count() == demo.second["events.Event"]
    assert demo.first["events.HistoricalEvent"] == demo.second["events.HistoricalEvent"]


def test_the_demo_takes_registrations_with_a_full_event_and_a_members_only_one(demo):
    from accord.events.models import Registration

    for creneau in Creneau.objects.all():
        open_events = list(creneau.events.filter(registration_open=True))
        assert {e.audience for e in open_events} == {"public", "members"}
        full = next(e for e in open_events if e.capacity == 3)
        statuses = list(full.registrations.order_by("created_at", "pk").values_list("status", flat=True))
        assert statuses == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert Registration.objects.filter(event__audience="members").exists()
