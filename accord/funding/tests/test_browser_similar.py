"""Similar projects in a real browser (decision 56): a carrier types and is warned; staff search.

Rosalie, of Meubles Boréal inc., starts a new project to bring welders from abroad. As she types
its title and summary, the panel beside them lists the program's similar projects and warns her
that a very similar one exists, in another niche and region, which she may not read: she sees
where and when, not its title. The ministry's analyst searches the same idea from free text and
reads it in full. Both pages are checked with axe-core, in French and in English.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible

from .test_browser_project_form import field, fr, label_of
from .test_similar import WELDERS, WELDERS_REWORDED, _elsewhere

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_carrier_is_warned_while_typing_and_staff_search_from_free_text(page, sign_in, world):
    other = _elsewhere(world, *WELDERS)
    sign_in(world.carrier_user)
    with translation.override("fr"):
        page.goto(reverse("funding:project_create"))
    panel = page.locator("#similar-projects")
    expect(panel).to_contain_text(
        fr("Projects of the whole program that resemble this one appear here as you type the title and the summary.")
    )
    field(page, label_of("title")).fill(WELDERS_REWORDED[0])
    field(page, label_of("summary")).fill(WELDERS_REWORDED[1])
    expect(panel).to_contain_text(fr("A very similar project exists."))
    expect(panel).to_contain_text("Bas-Saint-Laurent")
    expect(panel).not_to_contain_text(other.number)  # another carrier's draft: not its number nor title
    expect(panel).not_to_contain_text(WELDERS[0])
    assert_accessible(page)

    sign_in(world.ministry)
    for language in ("fr", "en"):
        with translation.override(language):
            page.goto(reverse("funding:similar_search"))
        page.locator("textarea[name=text]").fill("Embaucher des soudeurs étrangers pour le transport")
        page.locator("main form[method=get] button[type=submit]").click()
        results = page.locator("#similar-projects")
        expect(results.locator("mark").first).to_be_visible()
        expect(results).to_contain_text(other.number)
        assert_accessible(page)
