"""The events on the public site: the calendar, an event's page, registering without JavaScript,
the registrant's own page and cancellation, the feeds; members-only events hidden from others (404),
wrong methods (405), CSRF, pages kept whole for anonymous visitors and fresh after a change, and
queries that do not grow with the events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from accord.core.validation import NUL_MESSAGE
from accord.events import services
from accord.events.models import Registration

from .conftest import make_event, open_event, sign_up

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"events_public:{name}", args=args)


def test_the_calendar_lists_the_public_events_to_come_by_month(client, cast):
    event = open_event(cast)
    make_event(cast, title_fr="Petit-déjeuner passé", audience="public")
    members = open_event(cast, title_fr="Réservé aux membres", audience="members")
    page = client.get(url("calendar"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Forum de l&#x27;innovation" in body and f'href="/evenements/{event.pk}/"' in body
    assert "Petit-déjeuner passé" not in body  # over
    assert "Réservé aux membres" not in body and f"/evenements/{members.pk}/" not in body
    assert event.starts_on.strftime("%Y") in body


def test_the_calendar_filters_by_region_niche_and_kind(client, cast):
    open_event(cast)
    assert "Forum de l&#x27;innovation" in client.get(url("calendar"), {"region": "05"}).content.decode()
    assert "Forum de l&#x27;innovation" not in client.get(url("calendar"), {"region": "16"}).content.decode()
    assert "Forum de l&#x27;innovation" not in client.get(url("calendar"), {"kind": "training"}).content.decode()
    slug = cast["creneau"].slug
    page = client.get(url("calendar"), {"creneau": slug}).content.decode()
    assert "Forum de l&#x27;innovation" in page and f"/evenements/creneaux/{slug}/calendrier.ics" in page


def test_members_see_their_niches_members_only_events_and_others_get_a_404(client, cast, affiliate):
    event = open_event(cast, title_fr="Réservé aux membres", audience="members")
    for who in (None, cast["stranger"], cast["office_out"]):
        if who:
            client.force_login(who)
        assert client.get(url("event_detail", event.pk)).status_code == 404
        assert client.get(url("register", event.pk)).status_code == 404
        assert client.get(url("event_ics", event.pk)).status_code == 404
        assert "Réservé aux membres" not in client.get(url("calendar")).content.decode()
    client.force_login(affiliate)
    assert "Réservé aux membres" in client.get(url("calendar")).content.decode()
    assert client.get(url("register", event.pk)).context["form"].initial["email"] == "employe@example.org"
    assert client.get(url("event_detail", event.pk)).status_code == 200
    response = client.post(url("register", event.pk), _form(email="employe@example.org"))
    assert response.status_code == 302
    assert Registration.objects.get().status == "confirmed"


def _form(**changes):
    return {
        "name": "Anne Tremblay",
        "email": "anne@example.org",
        "organisation": "Meubles Estrie",
        "language": "fr",
        "consent": "on",
        **changes,
    }


def test_an_anonymous_visitor_registers_sees_their_page_and_cancels(client, cast):
    event = open_event(cast, capacity=10)
    page = client.get(url("event_detail", event.pk)).content.decode()
    assert f'href="/evenements/{event.pk}/inscription/"' in page
    form = client.get(url("register", event.pk))
    assert form.status_code == 200 and "csrfmiddlewaretoken" in form.content.decode()
    response = client.post(url("register", event.pk), _form())
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    assert (registration.name, registration.email, registration.consent_source) == (
        "Anne Tremblay",
        "anne@example.org",
        "public_form",
    )
    own = client.get(response["Location"])
    assert own.status_code == 200 and "no-store" in own["Cache-Control"]  # the key's page is never kept
    assert f"/evenements/{event.pk}/evenement.ics" in own.content.decode()
    assert client.get(url("registration_cancel", registration.token)).status_code == 200
    assert client.post(url("registration_cancel", registration.token)).status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_consent_is_required_and_nul_is_refused_with_a_clear_message(client, cast):
    event = open_event(cast)
    response = client.post(url("register", event.pk), _form(consent=""))
    assert response.status_code == 400
    response = client.post(url("register", event.pk), _form(name="Anne\x00"))
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == [str(NUL_MESSAGE)]
    assert not Registration.objects.exists()


def test_a_second_registration_of_the_same_address_is_a_message_on_the_field(client, cast):
    event = open_event(cast)
    client.post(url("register", event.pk), _form())
    response = client.post(url("register", event.pk), _form(email="ANNE@example.org"))
    assert response.status_code == 400 and "email" in response.context["form"].errors
    assert Registration.objects.count() == 1


def test_a_closed_registration_shows_why_and_takes_nothing(client, cast):
    event = open_event(cast, registration_open=False)
    with translation.override("fr"):
        reason = translation.gettext("Registration to this event is not open.")
    assert reason.replace("'", "&#x27;") in client.get(url("event_detail", event.pk)).content.decode()
    assert client.post(url("register", event.pk), _form()).status_code == 409
    assert not Registration.objects.exists()


def test_a_full_event_offers_its_waiting_list(client, cast):
    event = open_event(cast, capacity=1)
    sign_up(event, 1)
    page = client.get(url("event_detail", event.pk)).content.decode()
    assert "Complet" in page and f'href="/evenements/{event.pk}/inscription/"' in page
    client.post(url("register", event.pk), _form())
    assert Registration.objects.get(email="anne@example.org").status == "waitlisted"


def test_an_unknown_key_is_a_404(client, cast):
    assert client.get(url("registration", "nope")).status_code == 404
    assert client.post(url("registration_cancel", "nope")).status_code == 404


def test_wrong_methods_are_405(client, cast):
    event = open_event(cast)
    registration = sign_up(event, 1)[0]
    for address in (url("calendar"), url("event_detail", event.pk), url("feed"), url("event_ics", event.pk)):
        assert client.post(address).status_code == 405
    assert client.post(url("registration", registration.token)).status_code == 405
    assert client.put(url("register", event.pk)).status_code == 405


def test_registering_needs_the_csrf_token(cast):
    event = open_event(cast)
    client = Client(enforce_csrf_checks=True)
    assert client.post(url("register", event.pk), _form()).status_code == 403
    assert not Registration.objects.exists()


def test_the_feeds_carry_public_events_only(client, cast, other_action):
    public = open_event(cast)
    open_event(cast, title_fr="Réservé", title_en="", audience="members")
    for address in (url("feed"), url("creneau_feed", cast["creneau"].slug), url("region_feed", "05")):
        response = client.get(address)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert [str(e["uid"]) for e in events] == [f"event-{public.pk}@accord"]
    assert Calendar.from_ical(client.get(url("region_feed", "16")).content).walk("VEVENT") == []
    assert client.get(url("region_feed", "ZZ")).status_code == 404  # factories number regions 01 to 99
    assert client.get(url("creneau_feed", "nope")).status_code == 404


def test_the_pages_are_kept_whole_and_fresh_after_a_change(client, cast):
    event = open_event(cast)
    first = client.get(url("event_detail", event.pk))
    assert first.has_header("ETag") and "no-cache" in first["Cache-Control"]
    assert client.get(url("event_detail", event.pk), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url("event_detail", event.pk)).status_code == 200
    assert len(kept) == 1  # the version only
    services.update_event(event, actor=cast["coordinator"], data={"place": "Magog"})
    fresh = client.get(url("event_detail", event.pk), HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200 and "Magog" in fresh.content.decode()


def test_the_calendar_costs_the_same_queries_whatever_the_number_of_events(client, cast):
    open_event(cast)
    client.force_login(cast["member"])  # signed in: nothing kept, every query counted
    with CaptureQueriesContext(connection) as one:
        client.get(url("calendar"))
    for index in range(6):
        event = open_event(cast, title_fr=f"Forum {index}", capacity=2)
        sign_up(event, 3, prefix=f"e{index}-")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("calendar"))
    assert "Forum 5" in page.content.decode()
    assert len(many) == len(one)


def test_the_fiche_and_the_regions_page_list_the_next_public_events(client, cast):
    event = open_event(cast)
    open_event(cast, title_fr="Réservé aux membres", audience="members")
    for address in (cast["creneau"].get_absolute_url(), "/regions/05/"):
        page = client.get(address).content.decode()
        assert f'href="/evenements/{event.pk}/"' in page and "Réservé aux membres" not in page
    assert (
        f"/evenements/?creneau={cast['creneau'].slug}"
        in client.get(cast["creneau"].get_absolute_url()).content.decode()
    )


def test_the_sitemap_lists_the_public_events_never_the_members_only(client, cast):
    public = open_event(cast, title_fr="Forum ouvert")
    members = open_event(cast, title_fr="Réservé aux membres", audience="members")
    xml = client.get(reverse("sitemap_section", args=["events"])).content.decode()
    assert f"/evenements/{public.pk}/" in xml and f"/en/evenements/{public.pk}/" in xml
    assert f"/evenements/{members.pk}/" not in xml
