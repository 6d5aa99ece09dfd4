"""The events' pages: happy paths, refusals (302, 403, 404, 405), the confirmation of a cancellation,
NUL refused with a clear message, the list's queries that do not grow with its rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.events.models import Event

from .conftest import PAST, make_event

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"events:{name}", args=args)


def test_the_coordinator_adds_an_event_serving_an_action_chosen_in_a_list(client, cast, action):
    client.force_login(cast["coordinator"])
    form = client.get(url("event_create", cast["creneau"].pk))
    assert form.status_code == 200
    page = form.content.decode()
    assert f'<option value="{action.pk}">' in page and "Salon de l&#39;emploi" in page  # a <select>, not an id
    response = client.post(
        url("event_create", cast["creneau"].pk),
        {
            "title_fr": "Salon régional",
            "kind": "trade_show",
            "starts_on": "2025-05-14",
            "audience": "public",
            "action": str(action.pk),
            "reason": "Programme 2025",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert (event.action, event.audience, event.history.get().history_change_reason) == (
        action,
        "public",
        "Programme 2025",
    )
    listing = client.get(url("creneau_events", cast["creneau"].pk), {"year": 2025})
    assert "Salon régional" in listing.content.decode()


def test_an_action_of_another_niche_is_not_offered_nor_accepted(client, cast, other_action):
    client.force_login(cast["coordinator"])
    response = client.post(
        url("event_create", cast["creneau"].pk),
        {
            "title_fr": "Salon",
            "kind": "trade_show",
            "starts_on": "2025-05-14",
            "audience": "members",
            "action": str(other_action.pk),
        },
    )
    assert response.status_code == 400
    assert 'id="id_action_error"' in response.content.decode() or 'href="#id_action"' in response.content.decode()
    assert not Event.objects.exists()


def test_a_nul_character_is_refused_with_a_clear_message(client, cast):
    client.force_login(cast["coordinator"])
    response = client.post(
        url("event_create", cast["creneau"].pk),
        {
            "title_fr": "Salon",
            "kind": "forum",
            "starts_on": "2025-05-14",
            "audience": "members",
            "summary": "Un\x00salon",
        },
    )
    assert response.status_code == 400
    assert "(NUL)" in response.content.decode()
    assert not Event.objects.exists()


def test_an_event_is_marked_held_then_its_attendance_shows(client, cast, event):
    client.force_login(cast["office_in"])
    response = client.post(url("event_held", event.pk), {"attendance": "37", "reason": "Feuille"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.attendance) == ("held", 37)
    page = client.get(url("creneau_events", cast["creneau"].pk), {"year": PAST.year}).content.decode()
    assert "37" in page


def test_a_negative_attendance_is_refused(client, cast, event):
    client.force_login(cast["coordinator"])
    assert client.post(url("event_held", event.pk), {"attendance": "-1"}).status_code == 400
    event.refresh_from_db()
    assert event.status == "planned"


def test_cancelling_asks_first_then_cancels_with_the_reason(client, cast, event):
    client.force_login(cast["coordinator"])
    page = client.get(url("event_cancel", event.pk))
    body = page.content.decode()
    assert page.status_code == 200 and 'class="confirmation"' in body and 'name="reason"' in body  # asks first
    event.refresh_from_db()
    assert event.status == "planned"
    assert client.post(url("event_cancel", event.pk), {"reason": ""}).status_code == 400  # why, first
    event.refresh_from_db()
    assert event.status == "planned"
    response = client.post(url("event_cancel", event.pk), {"reason": "Tempête"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "cancelled" and event.history.first().history_change_reason == "Tempête"
    # Closed: a second cancellation is refused with the reason, on the list.
    again = client.post(url("event_cancel", event.pk), {"reason": "Encore"}, follow=True)
    assert "Cet événement est déjà annulé." in again.content.decode()


def test_the_edit_form_saves_changes(client, cast, event):
    client.force_login(cast["coordinator"])
    response = client.post(
        url("event_edit", event.pk),
        {
            "title_fr": event.title_fr,
            "title_en": "Members' breakfast",
            "kind": "breakfast",
            "starts_on": "2025-05-14",
            "audience": "members",
            "place": "Sherbrooke",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title_en, event.place) == ("Members' breakfast", "Sherbrooke")


def test_the_pages_are_refused_as_the_policies_say(client, cast, event):
    listing = url("creneau_events", cast["creneau"].pk)
    steps = [
        url("event_create", cast["creneau"].pk),
        url("event_edit", event.pk),
        url("event_held", event.pk),
        url("event_cancel", event.pk),
    ]
    for address in [listing, *steps]:
        assert client.get(address).status_code == 302, address  # to sign in
    client.force_login(cast["stranger"])
    assert client.get(listing).status_code == 403  # no events area
    client.force_login(cast["office_out"])
    for address in [listing, *steps]:
        assert client.get(address).status_code == 404, address  # another region's niche
    client.force_login(cast["member"])
    assert client.get(listing).status_code == 200  # reads
    for address in steps:
        assert client.get(address).status_code == 403, address  # does not manage
        assert client.post(address, {"attendance": "3", "reason": "x"}).status_code == 403, address
    client.force_login(cast["coordinator"])
    assert client.post(listing).status_code == 405
    assert client.put(url("event_edit", event.pk)).status_code == 405
    event.refresh_from_db()
    assert event.status == "planned"


def test_the_list_queries_do_not_grow_with_its_rows(client, cast, action):
    make_event(cast, action=action)
    client.force_login(cast["coordinator"])
    address = url("creneau_events", cast["creneau"].pk)
    with CaptureQueriesContext(connection) as small:
        assert client.get(address, {"year": PAST.year}).status_code == 200
    for day in range(1, 9):
        make_event(cast, title_fr=f"Atelier {day}", action=action, starts_on=PAST + datetime.timedelta(days=day))
    with CaptureQueriesContext(connection) as large:
        response = client.get(address, {"year": PAST.year})
    assert response.content.decode().count('<tr id="event-') == 9
    assert len(large) == len(small)
    assert len(small) <= 12
