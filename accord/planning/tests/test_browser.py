"""In a real browser: the coordinator starts a plan, adds an axis, an objective and an action, and
sees the progress change when the action is done; composes the year's programme and submits it;
every page is axe-core clean."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.planning import services
from accord.planning.models import Plan, Programme

from .conftest import add_action, make_plan

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


def test_the_coordinator_composes_the_years_programme_and_submits_it(page, sign_in, cast):
    plan = make_plan(cast)
    action = add_action(plan, cast["ministry"], title="Salon des fournisseurs")
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    sign_in(cast["coordinator"])
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name=fr("Start an annual programme")).click()
    page.locator("select[name=year]").select_option("2026")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    programme = Programme.objects.get()
    page.get_by_role("link", name=fr("Add a priority")).click()
    page.locator("select[name=action]").select_option(str(action.pk))
    page.locator("[name=target_fr]").fill("Accueillir 40 exposants")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator(f"#priority-{programme.priorities.get().pk}")).to_contain_text("Accueillir 40 exposants")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Submit to the committee")).click()
    expect(page.get_by_role("button", name=fr("Submit to the committee"))).to_have_count(0)
    page.goto(plan.get_absolute_url())
    expect(page.locator(f"#action-{action.pk}")).to_contain_text("2026")
    assert_accessible(page)
