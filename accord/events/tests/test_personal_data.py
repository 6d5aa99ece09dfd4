"""Law 25: a person's export holds the changes their accounts made to events, and nobody else's."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accord.events import services
from accord.registry import personal_data

from .conftest import make_event

pytestmark = pytest.mark.django_db


def export(client, person):
    response = client.get(reverse("registry_bo:person_data_json", args=[person.pk]))
    assert response.status_code == 200
    return json.loads(response.content)["sections"]


def test_the_events_declare_what_they_hold_about_people():
    (source,) = [s for s in personal_data.sources() if s.key == "events"]
    assert str(source.label) in ("Events", "Événements")


def test_the_export_holds_the_changes_a_person_made_to_events(privacy_client, cast):
    event = make_event(cast, title_fr="Forum")  # by the coordinator
    services.mark_held(event, actor=cast["office_in"], attendance=12, reason="Feuille")

    mine = export(privacy_client, cast["coordinator"].person)["events"]["changes_made"]
    assert [(c["title_fr"], c["history_type"]) for c in mine] == [("Forum", "+")]
    assert export(privacy_client, cast["member"].person)["events"]["changes_made"] == []


def test_the_export_holds_a_persons_registrations_with_their_consent(privacy_client, cast):
    from .conftest import open_event, sign_up

    event = open_event(cast)
    services.register(event, name="Anne", email=cast["member"].person.email.upper(), organisation="Meubles")
    sign_up(event, 1)  # someone else
    (mine,) = export(privacy_client, cast["member"].person)["events"]["registrations"]
    assert (mine["event_id"], mine["name"], mine["status"], mine["consent_source"]) == (
        event.pk,
        "Anne",
        "confirmed",
        "public_form",
    )
    assert mine["consent_at"]


def test_anonymising_a_person_anonymises_their_registrations_and_their_history(cast):
    from accord.events.models import Registration
    from accord.registry import services as registry
    from accord.registry.models import AnonymisationBasis
    from accord.registry.tests.factories import PersonFactory

    from .conftest import open_event, sign_up

    person = PersonFactory(email="anne@example.org")
    event = open_event(cast)
    services.register(event, name="Anne", email="Anne@example.org")
    (other,) = sign_up(event, 1)
    registry.anonymise_person(person, actor=cast["ministry"], basis=AnonymisationBasis.REQUEST, explanation="Demande")
    anne = Registration.objects.exclude(pk=other.pk).get()
    assert (anne.name, anne.email, anne.organisation, anne.status) == ("", "", "", "confirmed")
    assert set(anne.history.values_list("email", flat=True)) == {""}
    other.refresh_from_db()
    assert other.email == "p0@example.org"


def test_registrations_are_anonymised_a_year_after_their_event(cast):
    import datetime

    from accord.core import retention
    from accord.events.models import Event, Registration

    from .conftest import open_event, sign_up

    event = open_event(cast)
    sign_up(event, 2)
    later = event.starts_on + services.REGISTRATION_PERIOD
    assert services.anonymise_past_registrations(later) == 0  # a year to the day: still kept
    day_after = later + datetime.timedelta(days=1)
    assert retention.apply_all(today=day_after, dry_run=True)["event_registrations"] == 2
    assert Registration.objects.exclude(email="").count() == 2  # a dry run changes nothing
    assert services.anonymise_past_registrations(day_after) == 2
    assert not Registration.objects.exclude(email="").exists()
    assert Event.objects.get().registrations.filter(status="confirmed").count() == 2  # the counts stay
