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
