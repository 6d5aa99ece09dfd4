"""In a real browser: the coordinator adds an event serving an action of the plan, records its
attendance, and opens the cancellation of another; every page is axe-core clean."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.events.models import Event

from .conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text, context=None):
    with translation.override("fr"):
        return str(translation.pgettext(context, text) if context else translation.gettext(text))


def test_the_coordinator_adds_an_event_and_records_who_came(page, sign_in, cast, action):
    planned = make_event(cast, title_fr="Forum à venir", starts_on=datetime.date(2025, 11, 5))
    sign_in(cast["coordinator"])
    page.goto(f"/gestion/evenements/creneaux/{cast['creneau'].pk}/?year=2025")
    assert_accessible(page)
    page.get_by_role("link", name=fr("New event")).click()
    page.locator("[name=title_fr]").fill("Salon de l'emploi régional")
    page.locator("select[name=kind]").select_option("trade_show")
    page.locator("[name=starts_on]").fill("2025-05-14")
    page.locator("select[name=action]").select_option(str(action.pk))
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    event = Event.objects.get(title_fr="Salon de l'emploi régional")
    row = page.locator(f"#event-{event.pk}")
    expect(row).to_contain_text(action.title)

    row.locator(f'a[href$="/{event.pk}/tenu/"]').click()
    page.locator("[name=attendance]").fill("85")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator(f"#event-{event.pk}")).to_contain_text("85")
    assert_accessible(page)

    page.goto(f"/gestion/evenements/{planned.pk}/annuler/")
    assert_accessible(page)
    expect(page.get_by_role("button", name=fr("Cancel the event"))).to_be_visible()


def test_a_visitor_registers_to_an_event_from_the_calendar_and_gets_its_calendar_file(page, cast):
    from icalendar import Calendar

    from .conftest import open_event, soon

    event = open_event(cast, capacity=20, ends_on=soon(31))
    page.goto("/evenements/")
    assert_accessible(page)
    page.get_by_role("link", name="Forum de l'innovation").click()
    expect(page.locator("h1")).to_have_text("Forum de l'innovation")
    assert_accessible(page)
    page.get_by_role("link", name=fr("Register")).click()
    page.locator("[name=name]").fill("Anne Tremblay")
    page.locator("[name=email]").fill("anne@example.org")
    page.locator("[name=organisation]").fill("Meubles Estrie")
    page.locator("[name=consent]").check()
    assert_accessible(page)
    page.get_by_role("button", name=fr("Register")).click()
    expect(page.locator(".registration-status")).to_contain_text("Anne Tremblay")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Add to my calendar (.ics)")).click()
    (vevent,) = Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")
    assert str(vevent["uid"]) == f"event-{event.pk}@accord"
    assert vevent.decoded("dtstart") == event.starts_on
    page.get_by_role("link", name=fr("Cancel my registration")).click()
    assert_accessible(page)
    page.get_by_role("button", name=fr("Cancel my registration")).click()
    expect(page.locator(".registration-status")).to_have_text(fr("This registration is cancelled."))
    page.goto("/en/evenements/")
    expect(page.get_by_role("link", name="Innovation forum")).to_be_visible()
    assert_accessible(page)


def test_the_registrations_and_attendance_pages_are_accessible(page, sign_in, cast):
    from accord.events.models import Event

    from .conftest import open_event, sign_up

    event = open_event(cast, capacity=1)
    sign_up(event, 2)
    Event.objects.filter(pk=event.pk).update(starts_on=datetime.date(2025, 5, 14))
    sign_in(cast["coordinator"])
    page.goto(f"/gestion/evenements/{event.pk}/inscriptions/")
    expect(page.locator("table")).to_contain_text("p1@example.org")
    assert_accessible(page)
    page.get_by_role("link", name=fr("Record who came")).click()
    page.get_by_label("Personne 0 – p0@example.org").check()
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator(".messages")).to_contain_text("1")
