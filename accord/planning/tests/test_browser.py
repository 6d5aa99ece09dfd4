"""In a real browser: the coordinator starts a plan, adds an axis, an objective and an action, and
sees the progress change when the action is done; every page is axe-core clean."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.planning.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text):
    with translation.override("fr"):
        return str(translation.gettext(text))


def test_the_coordinator_builds_a_plan_and_sees_its_progress(page, sign_in, cast):
    sign_in(cast["coordinator"])
    page.goto(f"/gestion/plans/creneaux/{cast['creneau'].pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=fr("New plan")).click()
    page.locator("[name=first_year]").fill("2025")
    page.locator("[name=last_year]").fill("2027")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    plan = Plan.objects.get()
    expect(page).to_have_url(f"{page.url.split('/gestion/')[0]}{plan.get_absolute_url()}")

    page.get_by_role("link", name=fr("Add an axis")).click()
    page.locator("select[name=kind]").select_option("workforce")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    page.get_by_role("link", name=fr("Add an objective")).click()
    page.locator("[name=text]").fill("Former la relève")
    page.get_by_role("button", name=fr("Save")).click()
    page.get_by_role("link", name=fr("Add an action")).click()
    page.locator("[name=title]").fill("Salon de l'emploi")
    page.locator("select[name=status]").select_option("in_progress")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator("#plan-progress")).to_contain_text("50 %")
    assert_accessible(page)

    page.locator(f"#action-{plan.axes.get().objectives.get().actions.get().pk} a").click()
    page.locator("select[name=status]").select_option("done")
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator("#plan-progress")).to_contain_text("100 %")
