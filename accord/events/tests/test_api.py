"""The events in the API: what the public calendar shows the caller, filtered as it is, read-only;
a members-only event is a 404 to others; queries that do not grow with the events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from .conftest import open_event, sign_up

pytestmark = pytest.mark.django_db


def test_the_api_lists_the_events_the_site_shows_the_caller(cast, affiliate):
    public = open_event(cast, capacity=1)
    sign_up(public, 1)
    members = open_event(cast, title_fr="Réservé", audience="members")
    client = APIClient()
    rows = client.get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert [(r["id"], r["title"], r["creneau"], r["full"]) for r in rows] == [
        (public.pk, "Innovation forum", cast["creneau"].slug, True)
    ]
    assert rows[0]["url"].endswith(f"/evenements/{public.pk}/")
    assert client.get(f"/api/v1/events/{members.pk}/").status_code == 404
    assert client.post("/api/v1/events/", {}).status_code == 405
    client.force_authenticate(affiliate)
    assert client.get(f"/api/v1/events/{members.pk}/").json()["title"] == "Réservé"
    assert client.get("/api/v1/events/", {"kind": "training"}).json()["results"] == []


def test_the_list_costs_the_same_queries_whatever_the_number_of_events(cast):
    client = APIClient()
    open_event(cast)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/events/")
    for index in range(5):
        sign_up(open_event(cast, title_fr=f"Forum {index}"), 2, prefix=f"e{index}-")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/events/").json()["results"]) == 6
    assert len(many) == len(one)
