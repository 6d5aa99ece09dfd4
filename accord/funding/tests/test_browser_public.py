"""In a real browser: the ministry publishes a closed project with a summary in both languages; the
public finds it in the list of projects financed, reads its page (what was financed, the aid, the cost
and the leverage, the results reported) in French and English, and sees it on the program's results;
the new pages, public and back office, are axe-core clean."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from accord.core.money import format_money
from accord.core.tests.browser import assert_accessible
from accord.funding import services

from .conftest import reported

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text, **values):
    """`text` as the French pages show it, with its placeholders filled."""
    with translation.override("fr"):
        translated = str(translation.gettext(text))
    return translated % values if values else translated


def test_the_ministry_publishes_a_project_the_public_reads_and_finds_in_the_results(page, sign_in, world):
    project = reported(world, figures={"actual_jobs": 3, "actual_jobs_kept": 12})
    services.close_project(project, actor=world.ministry)

    # --- The ministry publishes it from the project's page -------------------------------------------
    sign_in(world.ministry)
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name=fr("Publish on the public site")).click()
    assert_accessible(page)
    page.locator("[name=public_summary]").fill("Un atelier de prototypage ouvert aux fabricants de meubles.")
    page.locator("[name=public_summary_en]").fill("A prototyping workshop open to furniture makers.")
    page.get_by_role("button", name=fr("Publish")).click()
    expect(page.locator(".messages")).to_contain_text(fr("The project's public page is online."))
    expect(page.get_by_role("link", name=fr("Change the public page"))).to_be_visible()

    # --- The public, signed out: the list, the page, in French then English --------------------------
    page.context.clear_cookies()
    page.goto(reverse("funding_public:project_list"))
    assert_accessible(page)
    page.get_by_role("link", name="Atelier de design partagé").click()
    expect(page.locator("h1")).to_have_text("Atelier de design partagé")
    expect(page.locator(".lead")).to_have_text("Un atelier de prototypage ouvert aux fabricants de meubles.")
    expect(page.locator("main")).to_contain_text(format_money(Decimal("40000"), "fr"))
    expect(page.locator("main")).to_contain_text(fr("Jobs kept"))
    assert_accessible(page)
    page.goto("/en" + project.get_public_url())
    expect(page.locator(".lead")).to_have_text("A prototyping workshop open to furniture makers.")
    expect(page.locator("h1")).to_have_attribute("lang", "fr")
    expect(page.locator("main")).to_contain_text("$40,000.00")
    assert_accessible(page)

    # --- The program's results count it, charts in their tables --------------------------------------
    page.goto(reverse("results_program:program"))
    regions = page.locator("#results-region")
    expect(regions).to_contain_text("Estrie")
    expect(regions).to_contain_text(format_money(Decimal("40000"), "fr"))
    expect(page.locator("#results-impact")).to_contain_text("12")
    assert_accessible(page)
    page.goto("/en" + reverse("results_program:program"))
    expect(page.locator("#results-creneau")).to_contain_text("Furniture")
    assert_accessible(page)


def test_a_visitor_reads_how_accord_works_from_the_home_page(page):
    page.goto(reverse("registry:home"))
    page.get_by_role("main").get_by_role("link", name=fr("How ACCORD works")).click()
    expect(page.locator("h1")).to_have_text(fr("How ACCORD works"))
    expect(page.locator("ol.path > li")).to_have_count(7)
    assert_accessible(page)
    page.goto("/en" + reverse("funding_public:how_it_works"))
    expect(page.locator("main")).to_contain_text("$4,000,000")
    assert_accessible(page)
