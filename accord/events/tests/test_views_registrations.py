"""The registrations of an event in the back office: the list with the waiting list's order, its CSV
and Excel export (both in the access log), who came; refusals (302, 403, 404, 405) and queries
that do not grow with the registrations."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.core.models import PersonalDataAccess
from accord.events import services
from accord.events.models import Event

from .conftest import open_event, sign_up

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"events:{name}", args=args)


def test_the_coordinator_reads_the_registrations_with_the_waiting_lists_order(client, cast):
    event = open_event(cast, capacity=1)
    sign_up(event, 3)
    client.force_login(cast["coordinator"])
    page = client.get(url("registrations", event.pk))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.index("p0@example.org") < body.index("p1@example.org") < body.index("p2@example.org")
    rows = {row.record.email: row.record.place for row in page.context["table"].page.object_list}
    assert rows == {"p0@example.org": None, "p1@example.org": 1, "p2@example.org": 2}
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.action, log.subject_id) == (cast["coordinator"], "view", event.pk)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_participants_export_in_csv_and_excel_is_logged(client, cast, kind):
    event = open_event(cast, capacity=1)
    sign_up(event, 2)
    client.force_login(cast["office_in"])
    response = client.get(url("registrations", event.pk), {"_export": kind})
    assert response.status_code == 200
    if kind == "csv":
        text = response.content.decode("utf-8-sig")
        assert "p0@example.org" in text and "p1@example.org" in text
    log = PersonalDataAccess.objects.get()
    assert (log.action, log.rows) == ("list_export", 2)


def test_who_may_not_see_the_registrations(client, cast):
    event = open_event(cast)
    sign_up(event, 1)
    assert client.get(url("registrations", event.pk)).status_code == 302  # sign in first
    client.force_login(cast["member"])  # reads the niche's events, does not manage them
    assert client.get(url("registrations", event.pk)).status_code == 403
    assert client.get(url("attendance", event.pk)).status_code == 403
    client.force_login(cast["office_out"])  # another region: the event is not theirs to see
    assert client.get(url("registrations", event.pk)).status_code == 404
    assert client.post(url("attendance", event.pk)).status_code == 404
    client.force_login(cast["coordinator"])
    assert client.post(url("registrations", event.pk)).status_code == 405
    assert client.put(url("attendance", event.pk)).status_code == 405
    assert not PersonalDataAccess.objects.filter(user=cast["member"]).exists()


def test_the_coordinator_ticks_who_came(client, cast):
    event = open_event(cast, capacity=2)
    _first, second, _waiting = sign_up(event, 3)
    Event.objects.filter(pk=event.pk).update(starts_on=datetime.date(2025, 5, 14))
    client.force_login(cast["coordinator"])
    form = client.get(url("attendance", event.pk))
    assert form.status_code == 200 and "p2@example.org" not in form.content.decode()  # confirmed only
    response = client.post(url("attendance", event.pk), {"attended": [str(second.pk)], "reason": "Feuille"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.attendance) == ("held", 1)


def test_attendance_before_the_event_is_refused_with_its_reason(client, cast):
    event = open_event(cast)
    (person,) = sign_up(event, 1)
    client.force_login(cast["coordinator"])
    response = client.post(url("attendance", event.pk), {"attended": [str(person.pk)]})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "planned"


def test_the_list_costs_the_same_queries_whatever_the_number_of_registrations(client, cast):
    event = open_event(cast, capacity=2)
    sign_up(event, 3)
    client.force_login(cast["coordinator"])
    client.get(url("registrations", event.pk))
    with CaptureQueriesContext(connection) as few:
        client.get(url("registrations", event.pk))
    sign_up(event, 20, prefix="more")
    with CaptureQueriesContext(connection) as many:
        client.get(url("registrations", event.pk))
    assert len(many) == len(few)


def test_the_niches_events_page_counts_each_events_registrations(client, cast):
    event = open_event(cast)
    sign_up(event, 2)
    services.cancel_registration(event.registrations.first(), actor=cast["coordinator"])
    client.force_login(cast["coordinator"])
    page = client.get(url("creneau_events", cast["creneau"].pk), {"year": event.starts_on.year}).content.decode()
    assert f'href="/gestion/evenements/{event.pk}/inscriptions/"' in page
    assert "1 inscription" in page
