"""In a real browser, under the site's Content-Security-Policy: the map of the links between niches
draws its network from the data the page embeds, beside the table that holds the same links; the
filters narrow both; the notes list searches. Every page, in French and English, is axe-core clean."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible

from .conftest import make_note

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text: str) -> str:
    with translation.override("fr"):
        return str(translation.gettext(text))


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_map_draws_the_network_beside_its_table_and_the_filters_narrow_both(page, sign_in, program, prefix):
    sign_in(program["eolien_member"])
    page.goto(f"{prefix}/gestion/collaboration/")
    # The map appears once the library has drawn it (a canvas); the table is there with or without it.
    expect(page.locator("[data-network-map]")).to_be_visible()
    expect(page.locator("#network-map canvas").first).to_be_attached()
    expect(page.locator("table tbody tr")).to_have_count(3)
    nodes = page.evaluate("JSON.parse(document.getElementById('network-data').textContent).nodes.length")
    assert nodes == 3
    assert_accessible(page)
    page.locator("input[name=kind][value=merger]").check()
    page.locator("form[method=get] button[type=submit]").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    edges = page.evaluate("JSON.parse(document.getElementById('network-data').textContent).edges.length")
    assert edges == 1
    assert_accessible(page)
    # A niche's links, from the table.
    page.locator("table tbody tr a").first.click()
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)


def test_without_javascript_the_table_is_the_page(browser, live_server, program):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(program["eolien_member"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="fr-CA")
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto("/gestion/collaboration/")
    expect(page.locator("[data-network-map]")).to_be_hidden()
    expect(page.locator("table tbody tr")).to_have_count(3)
    context.close()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_notes_list_searches_and_a_note_reads_in_either_language(page, sign_in, program, prefix):
    make_note(program)
    make_note(program, title_fr="Formation des opérateurs", title_en="", worked_fr="Des vidéos de formation.")
    sign_in(program["bois_member"])
    page.goto(f"{prefix}/gestion/collaboration/notes/")
    expect(page.locator("table tbody tr")).to_have_count(2)
    assert_accessible(page)
    page.locator("input[name=q]").fill("videos")
    page.locator("form[method=get] button[type=submit]").click()
    expect(page.locator("table tbody tr")).to_have_count(1)
    page.locator("table tbody tr a").first.click()
    expect(page.locator("h1")).to_contain_text("Formation des opérateurs")
    assert_accessible(page)
