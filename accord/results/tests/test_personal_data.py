"""Law 25: a person's export holds what the results hold about them (through their account: the values
they submitted, the steps they took, the reminders they were sent), and nothing of anyone else."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accord.registry import personal_data
from accord.results import services
from accord.results.models import ValueReminder

from .conftest import report

pytestmark = pytest.mark.django_db


def export(client, person):
    response = client.get(reverse("registry_bo:person_data_json", args=[person.pk]))
    assert response.status_code == 200
    return json.loads(response.content)["sections"]


def test_the_results_declare_what_they_hold_about_people():
    (source,) = [s for s in personal_data.sources() if s.key == "results"]
    assert [s.key for s in personal_data.sources()] == [
        "registry",
        "accounts",
        "governance",
        "funding",
        "planning",
        "events",
        "communication",
        "collaboration",
        "newsletter",
        "results",
    ]
    assert str(source.label) == "Indicateurs et bilans annuels"


def test_the_export_holds_the_persons_values_steps_and_reminders(privacy_client, people, jobs):
    coordinator = people["coordinator"]
    value = report(people, jobs, 2025, "12")
    services.submit_value(value, actor=coordinator)
    services.return_value(value, actor=people["ministry"], reason="Source ?")
    reminder = ValueReminder.objects.create(
        indicator=jobs, creneau=people["creneau"], year=2025, step="overdue", due_on="2026-03-31"
    )
    reminder.sent_to.set([coordinator])

    results = export(privacy_client, coordinator.person)["results"]

    assert [(v["indicator__code"], v["year"], v["value"], v["status"]) for v in results["values_submitted"]] == [
        ("emplois", 2025, "12.00", "returned")
    ]
    # Their own steps: the ministry's return is the ministry's, not theirs.
    assert [s["kind"] for s in results["value_steps"]] == ["reported", "submitted"]
    assert [(r["indicator__code"], r["step"], r["due_on"]) for r in results["reminders_received"]] == [
        ("emplois", "overdue", "2026-03-31")
    ]
    assert results["bilan_steps"] == []
    # A member of the same committee, who did none of it, has nothing here.
    member = export(privacy_client, people["member"].person)["results"]
    assert all(rows == [] for rows in member.values())
