"""The bilan lists the niche's events of its year (decision 44): on the page, in the PDF's HTML, in
the API's JSON and in what an adoption freezes; a snapshot adopted before events were recorded still
reads, and says so."""

from __future__ import annotations

import datetime

from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accord.events import services as events
from accord.registry.tests.factories import CreneauFactory
from accord.results import report, selectors

from .bilans import adopted


def _event(scene, day, *, title_fr="Forum des membres", title_en="Members' forum", creneau=None, **data):
    return events.create_event(
        creneau or scene.world.creneau,
        actor=scene.world.ministry,
        data={"title_fr": title_fr, "title_en": title_en, "kind": "forum", "starts_on": day, **data},
    )


def test_the_report_lists_the_years_events_in_both_languages(scene):
    year = scene.year
    held = _event(scene, datetime.date(year, 1, 10), ends_on=datetime.date(year, 1, 11))
    events.mark_held(held, actor=scene.world.ministry, attendance=64)
    cancelled = _event(scene, datetime.date(year, 1, 5), title_fr="Mission", title_en="", kind="mission")
    events.cancel_event(cancelled, actor=scene.world.ministry, reason="Tempête")
    _event(scene, datetime.date(year - 1, 12, 31), title_fr="L'an d'avant")
    _event(scene, datetime.date(year, 3, 1), title_fr="Ailleurs", creneau=CreneauFactory(slug="ailleurs"))

    result = selectors.bilan_report(scene.world.creneau, year)

    assert result.events_recorded
    assert [(e.title_fr, e.kind, e.status, e.attendance) for e in result.events] == [
        ("Mission", "mission", "cancelled", None),
        ("Forum des membres", "forum", "held", 64),
    ]
    line = result.events[1]
    assert (line.title_en, line.starts_on, line.ends_on) == ("Members' forum", held.starts_on, held.ends_on)
    assert (result.events_held, result.attendance) == (1, 64)
    with translation.override("en"):
        assert [e.title for e in result.events] == ["Mission", "Members' forum"]  # French when no English


def test_the_reports_queries_do_not_grow_with_the_events(scene):
    for day in range(1, 6):
        _event(scene, datetime.date(scene.year, 1, day))
    with CaptureQueriesContext(connection) as few:
        selectors.bilan_report(scene.world.creneau, scene.year)
    for day in range(6, 20):
        _event(scene, datetime.date(scene.year, 1, day))
    with CaptureQueriesContext(connection) as many:
        selectors.bilan_report(scene.world.creneau, scene.year)
    assert len(many) == len(few)


def test_the_page_the_pdf_and_the_api_show_the_events(scene):
    held = _event(scene, datetime.date(scene.year, 1, 10))
    events.mark_held(held, actor=scene.world.ministry, attendance=64)
    client = Client()
    client.force_login(scene.coordinator)
    creneau = scene.world.creneau
    with translation.override("en"):
        page = client.get(reverse("results:bilan_detail", args=[creneau.pk, scene.year])).content.decode()
    assert 'id="bilan-events"' in page and "Members&#x27; forum" in page and "<td>64</td>" in page
    data = client.get(f"/api/v1/bilans/{creneau.slug}/{scene.year}/").json()
    (line,) = data["report"]["events"]
    assert (line["title_fr"], line["status"], line["attendance"]) == ("Forum des membres", "held", 64)
    assert data["report"]["format"] == report.FORMAT == 4


def test_an_adopted_bilan_keeps_its_events_as_adopted(scene):
    held = _event(scene, datetime.date(scene.year, 1, 10))
    events.mark_held(held, actor=scene.world.ministry, attendance=64)
    bilan = adopted(scene)
    events.mark_held(held, actor=scene.world.ministry, attendance=70)  # corrected after the adoption
    _event(scene, datetime.date(scene.year, 1, 20), title_fr="Ajouté après")
    bilan.refresh_from_db()
    shown = selectors.shown_report(scene.world.creneau, scene.year, bilan)
    assert shown.frozen and [(e.title_fr, e.attendance) for e in shown.events] == [("Forum des membres", 64)]


def test_a_snapshot_adopted_before_events_were_recorded_still_reads(scene):
    data = report.to_json(selectors.bilan_report(scene.world.creneau, scene.year))
    del data["events"]
    old = report.from_json({**data, "format": 3, "events_recorded": False})
    assert old.events == () and not old.events_recorded
    with translation.override("en"):
        html = render_to_string("results/_bilan_report.html", {"report": old})
    assert "Events were not recorded in Accord when this bilan was adopted." in html
    assert 'id="bilan-events"' not in html
    # Generated now with no event in the year: the report says the niche recorded none.
    with translation.override("en"):
        html = render_to_string(
            "results/_bilan_report.html", {"report": selectors.bilan_report(scene.world.creneau, scene.year)}
        )
    assert "The niche recorded no event in the year." in html
