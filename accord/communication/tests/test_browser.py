"""In a real browser: a regional office writes a success story in the editor (the toolbar's bold
button included), previews it, publishes it, and the public reads it in French and English, on the
stories' list, on its own page, on the niche's fiche and the region's page; every new page, public and
back office, is axe-core clean."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.communication.models import Publication
from accord.core.tests.browser import assert_accessible
from accord.registry.models import Region

from .conftest import make_news, published

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text, context=None):
    with translation.override("fr"):
        return str(translation.pgettext(context, text) if context else translation.gettext(text))


def test_an_office_publishes_a_story_that_the_public_reads_in_both_languages(page, sign_in, cast):
    published(cast, make_news(cast, title_fr="Assemblée annuelle", title_en="Annual meeting"))
    estrie = Region.objects.get(code="05")
    sign_in(cast["office_in"])
    page.goto("/gestion/communication/")
    assert_accessible(page)
    page.get_by_role("link", name=fr("New success story")).click()
    page.locator("[name=title_fr]").fill("Des vidéos de formation pour les opérateurs")
    page.locator("[name=title_en]").fill("Training videos for machine operators")
    page.locator("select[name=creneau]").select_option(str(cast["creneau"].pk))
    page.locator("select[name=region]").select_option(str(estrie.pk))
    page.locator("select[name=theme]").select_option("workforce")
    body = page.locator("[name=body_fr]")
    body.fill("Des vidéos pour les opérateurs de machines à bois.")
    body.evaluate("area => area.setSelectionRange(4, 10)")  # « vidéos »
    toolbar = page.get_by_role("toolbar").first
    toolbar.get_by_role("button", name="Gras").click()
    expect(body).to_have_value("Des <strong>vidéos</strong> pour les opérateurs de machines à bois.")
    page.locator("[name=body_en]").fill("<p>Videos for woodworking machine operators.</p><script>alert(1)</script>")
    page.locator("[name=results_fr]").fill("12 vidéos, 140 opérateurs formés")
    page.locator("[name=results_en]").fill("12 videos, 140 operators trained")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()

    story = Publication.objects.get(kind="story")
    assert "<script>" not in story.body_en
    expect(page.locator("article h1")).to_have_text("Des vidéos de formation pour les opérateurs")
    expect(page.locator(".rich-text strong")).to_have_text("vidéos")
    assert_accessible(page)  # the preview, a draft
    page.get_by_role("link", name=fr("Publish now")).click()
    assert_accessible(page)
    page.get_by_role("button", name=fr("Publish now")).click()
    expect(page.locator(".messages")).to_contain_text(fr("Published: it is on the public site, in French and English."))

    # The public, signed out.
    page.context.clear_cookies()
    page.goto("/bons-coups/")
    assert_accessible(page)
    page.get_by_role("link", name="Des vidéos de formation pour les opérateurs").click()
    expect(page.locator("h1")).to_have_text("Des vidéos de formation pour les opérateurs")
    expect(page.locator(".results")).to_contain_text("140 opérateurs formés")
    assert_accessible(page)
    page.goto("/en/bons-coups/")
    assert_accessible(page)
    page.get_by_role("link", name="Training videos for machine operators").click()
    expect(page.locator("h1")).to_have_text("Training videos for machine operators")
    expect(page.locator(".results")).to_contain_text("140 operators trained")
    expect(page.locator(".rich-text")).to_have_text("Videos for woodworking machine operators.")
    assert_accessible(page)
    for address in (cast["creneau"].get_absolute_url(), "/en" + cast["creneau"].get_absolute_url(), "/regions/05/"):
        page.goto(address)
        expect(page.locator(".showcase").first).to_contain_text(
            "Training videos" if address.startswith("/en") else "Des vidéos de formation"
        )
        assert_accessible(page)
    page.goto("/nouvelles/")
    expect(page.locator("#results")).to_contain_text("Assemblée annuelle")
    assert_accessible(page)
    page.goto("/en/nouvelles/")
    assert_accessible(page)


def test_the_withdraw_schedule_edit_and_history_pages_are_accessible(page, sign_in, cast):
    story = published(cast, make_news(cast))
    sign_in(cast["coordinator"])
    page.goto(f"/gestion/communication/{story.pk}/retirer/")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Withdraw")).click()
    expect(page.locator(".notice .badge")).to_have_text(fr("Draft", "publication"))
    page.goto(f"/gestion/communication/{story.pk}/programmer/")
    assert_accessible(page)
    page.goto(f"/en/gestion/communication/{story.pk}/modifier/")
    assert_accessible(page)
    page.goto(f"/gestion/communication/{story.pk}/historique/")
    assert_accessible(page)


def test_a_partner_finds_the_feeds_and_frames_the_block_of_news(page, cast, live_server):
    published(cast, make_news(cast, title_fr="Forum de l'Estrie", region=Region.objects.get(code="05")))
    page.goto("/nouvelles/")
    page.get_by_role("link", name=fr("Relay ACCORD's news on your site")).click()
    page.locator("select[name=region]").select_option("05")
    page.get_by_role("button", name=fr("Show the addresses")).click()
    expect(page.locator("#relay-feeds")).to_contain_text("/nouvelles/rss/?region=05")
    assert_accessible(page)
    # A partner's page, of another origin, frames the block: the browser lets it (CSP, X-Frame-Options).
    block = f"{live_server.url}/nouvelles/bloc/?region=05"
    page.set_content(f'<html lang="fr"><body><iframe title="Nouvelles" src="{block}"></iframe></body></html>')
    framed = page.frame_locator("iframe")
    expect(framed.locator("h1")).to_contain_text("Estrie")
    expect(framed.get_by_role("link", name="Forum de l'Estrie")).to_be_visible()
    page.goto("/nouvelles/bloc/?region=05")
    assert_accessible(page)


def test_an_office_keeps_its_communication_plan_within_its_budget(page, sign_in, cast):
    sign_in(cast["office_in"])
    page.goto("/gestion/communication/plans/")
    assert_accessible(page)
    page.get_by_role("link", name=fr("New plan of %(region)s") % {"region": "Estrie"}).click()
    page.locator("[name=year]").fill("2027")
    page.locator("[name=budget]").fill("10 000")
    page.locator("[name=aims_fr]").fill("Faire connaître les créneaux de la région.")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator("h1")).to_contain_text("2027")
    page.get_by_role("link", name=fr("New activity")).click()
    page.locator("[name=title_fr]").fill("Capsules vidéo")
    page.locator("select[name=kind]").select_option("social")
    page.locator("[name=budget]").fill("12 000")
    page.get_by_label(cast["creneau"].name).check()
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator(".errorlist, .form-errors").first).to_be_visible()  # over the budget granted
    assert_accessible(page)
    page.locator("[name=budget]").fill("4 000")
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator("#activity-table")).to_contain_text("Capsules vidéo")
    expect(page.locator("#plan-budget")).to_contain_text("6\u00a0000,00\u00a0$")
    assert_accessible(page)
