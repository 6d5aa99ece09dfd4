"""Law 25: a person's export holds the actions they carry and the changes their accounts made to
plans, and nothing of anyone else's."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accord.planning import services
from accord.registry import personal_data

from .conftest import make_plan

pytestmark = pytest.mark.django_db


def export(client, person):
    response = client.get(reverse("registry_bo:person_data_json", args=[person.pk]))
    assert response.status_code == 200
    return json.loads(response.content)["sections"]


def test_the_plans_declare_what_they_hold_about_people():
    (source,) = [s for s in personal_data.sources() if s.key == "planning"]
    assert str(source.label) == "Plans"


def test_the_export_holds_the_actions_a_person_carries_and_the_changes_they_made(privacy_client, cast):
    plan = make_plan(cast)
    coordinator = cast["coordinator"]
    axis = services.add_axis(plan, actor=cast["ministry"], data={"kind": "innovation", "position": 1})
    objective = services.add_objective(axis, actor=cast["ministry"], data={"text": "Innover", "position": 1})
    services.add_action(
        objective,
        actor=coordinator,
        data={"title": "Mission en Allemagne", "status": "planned", "weight": 1, "owner_person": coordinator.person},
    )
    services.add_action(objective, actor=cast["ministry"], data={"title": "Colloque", "status": "planned", "weight": 1})

    planning = export(privacy_client, coordinator.person)["planning"]

    assert [(a["title"], a["objective__axis__plan__first_year"]) for a in planning["actions_owned"]] == [
        ("Mission en Allemagne", 2025)
    ]
    # Their own change only: the plan, its axis and the other action are the ministry's.
    assert [(c["record"], c["history_type"]) for c in planning["changes_made"]] == [("action", "+")]
    # The ministry's person (none) aside, a member who did none of it has nothing here.
    member = export(privacy_client, cast["member"].person)["planning"]
    assert all(rows == [] for rows in member.values())
