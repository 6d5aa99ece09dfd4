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


def test_the_grand_rendez_vous_has_three_workshops_the_seeds_themes_and_a_published_synthesis(demo, client):
    from accord.events.demo import GATHERING_FR, THEMES
    from accord.events.models import Synthesis, Workshop, WorkshopNote

    event = Event.objects.get(title_fr=GATHERING_FR)
    assert [t.title_fr for t in event.themes.order_by("position")] == [fr for fr, _en in THEMES]
    workshops = list(Workshop.objects.filter(event=event))
    assert len(workshops) == 3 and all(w.chair_id and w.facilitator_id and w.note_taker_id for w in workshops)
    assert all(w.note_taker.user for w in workshops)  # note-takers can sign in
    assert WorkshopNote.objects.filter(workshop__event=event).count() == 3 * len(THEMES)
    assert Synthesis.objects.get(event=event).status == "published"
    page = client.get(f"/evenements/{event.pk}/").content.decode()
    assert "Synthèse des ateliers" in page and "régionalisation de la responsabilité" in page
    assert demo.first["events.Workshop"] == demo.second["events.Workshop"] == 3
