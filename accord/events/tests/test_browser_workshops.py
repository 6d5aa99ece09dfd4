"""In a real browser (decision 53): a note-taker finds their workshop in their work queue and writes its
notes theme by theme, the event's manager writes the synthesis beside every workshop's notes, sends it to
review and publishes it, and the public reads it on the event's page in French and in English; every new
page is axe-core clean."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.events.models import Synthesis, WorkshopNote

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text, context=None):
    with translation.override("fr"):
        return str(translation.pgettext(context, text) if context else translation.gettext(text))


def test_a_note_taker_writes_the_manager_publishes_and_the_public_reads_the_synthesis(page, sign_in, cast, gathering):
    event = gathering["event"]
    first, second = gathering["themes"]
    workshop_a, workshop_b = gathering["workshops"]

    # The note-taker: their workshop waits in their work queue; its notes page has one text area per theme.
    sign_in(gathering["taker_a"])
    page.goto("/gestion/a-faire/")
    page.get_by_role("link", name=f"Atelier A – {event.title_fr}").click()
    expect(page.locator("h1")).to_contain_text("Atelier A")
    assert_accessible(page)
    page.get_by_label("La mobilisation").fill("Des gestes concrets mobilisent.\n\nUn regroupement d'achat.")
    page.get_by_label("La gouvernance").fill("Régionaliser le fonds.")
    page.get_by_role("button", name=fr("Save the notes")).click()
    expect(page.locator(".messages")).to_contain_text(fr("The notes were saved."))
    assert WorkshopNote.objects.get(workshop=workshop_a, theme=first).text.startswith("Des gestes concrets")

    # The manager: the workshops, then the synthesis beside the notes of every workshop.
    from accord.events import services

    services.write_notes(workshop_b, actor=gathering["taker_b"], texts={first.pk: "Informer les membres."})
    sign_in(cast["coordinator"])
    page.goto(f"/gestion/evenements/{event.pk}/ateliers/")
    expect(page.locator("#workshops")).to_contain_text("Atelier B")
    assert_accessible(page)
    page.get_by_role("link", name=fr("The synthesis")).click()
    notes = page.locator(f"#theme-{first.pk} .workshop-notes")
    expect(notes).to_contain_text("Des gestes concrets mobilisent.")
    expect(notes).to_contain_text("Informer les membres.")
    assert_accessible(page)
    page.get_by_label(fr("Introduction")).fill("Deux ateliers parallèles, les mêmes thèmes.")
    page.locator(f"[name=theme_{first.pk}]").fill("La mobilisation n'est pas spontanée.")
    page.locator(f"[name=theme_{second.pk}]").fill("Une demande récurrente : régionaliser le fonds.")
    page.get_by_role("button", name=fr("Save the synthesis")).click()
    page.get_by_role("link", name=fr("Send to review")).click()
    assert_accessible(page)
    page.get_by_role("button", name=fr("Send the synthesis to review")).click()
    page.get_by_role("link", name=fr("Publish", "synthesis")).click()
    page.get_by_role("button", name=fr("Publish the synthesis")).click()
    expect(page.locator(".synthesis-status")).to_contain_text(fr("Published", "synthesis"))
    assert_accessible(page)
    assert Synthesis.objects.get(event=event).status == "published"

    # The public, in French then in English.
    page.context.clear_cookies()
    page.goto(f"/evenements/{event.pk}/")
    section = page.locator("section.synthesis")
    expect(section).to_contain_text("La mobilisation n'est pas spontanée.")
    expect(section.get_by_role("heading", name="1. La mobilisation")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/en/evenements/{event.pk}/")
    section = page.locator("section.synthesis")
    expect(section.get_by_role("heading", name="Synthesis of the workshops")).to_be_visible()
    expect(section.get_by_role("heading", name="1. Mobilisation")).to_be_visible()
    expect(section).to_contain_text("Une demande récurrente : régionaliser le fonds.")
    assert_accessible(page)
