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
