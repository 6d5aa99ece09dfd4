"""The project form in a real browser: a carrier adds and removes budget lines in place and the guide follows.

Rosalie, of Meubles Boréal inc., opens a new project: her organisation, its region and the
open period are already chosen. She adds a budget line without the page reloading, types a
land-and-buildings cost (the guide notes it, as information, and leaves it out of the aid),
removes a line, and sees the guide's figures beside the budget follow each change; she picks
the partner among the registry's suggestions with the keyboard. The page is checked with
axe-core, then the draft is saved without the removed line.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from accord.core.money import format_money
from accord.core.tests.browser import assert_accessible
from accord.funding.models import CostCategory, FinancingSource, Project
from accord.planning import services as planning

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text, **values):
    with translation.override("fr"):
        translated = str(translation.gettext(text))
    return translated % values if values else translated


def french(lazy):
    with translation.override("fr"):
        return str(lazy)


def label_of(name):
    with translation.override("fr"):
        return capfirst(str(Project._meta.get_field(name).verbose_name))


def money(amount):
    return format_money(Decimal(amount), "fr")


def exactly(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


def field(scope, label):
    return scope.get_by_label(exactly(label))


def line(table, label, number):
    return field(table, fr("%(label)s, line %(number)s", label=fr(label), number=number))


def guide_fact(check, term):
    return check.locator("dt", has_text=exactly(fr(term))).locator("xpath=following-sibling::dd[1]")


def test_a_carrier_adds_and_removes_budget_lines_and_the_guide_follows(page, sign_in, world):
    sign_in(world.carrier_user)
    with translation.override("fr"):
        address = reverse("funding:project_create")
    page.goto(address)
    # What the platform knows already is chosen: the carrier, its region, the open period.
    expect(field(page, fr("Carrier"))).to_have_value(str(world.carrier.pk))
    expect(field(page, label_of("region"))).to_have_value(str(world.region.pk))
    expect(field(page, label_of("period"))).to_have_value(str(world.period.pk))

    field(page, label_of("title")).fill("Atelier de design partagé")
    field(page, label_of("summary")).fill("Un atelier de prototypage ouvert aux fabricants de meubles.")
    page.get_by_label(world.creneau.name_fr, exact=True).check()
    field(page, label_of("starts_on")).fill("2025-01-01")
    field(page, label_of("ends_on")).fill("2026-06-30")
    field(page, label_of("requested_amount")).fill("40 000")

    budget = page.get_by_role("table", name=fr("Budget lines"))
    rows = budget.locator("tbody tr")
    expect(rows).to_have_count(2)
    line(budget, "Category", 1).select_option(label=french(CostCategory.EQUIPMENT.label))
    line(budget, "Amount", 1).fill("60 000")
    line(budget, "Category", 2).select_option(label=french(CostCategory.FEES.label))
    line(budget, "Amount", 2).fill("40 000")
    financing = page.get_by_role("table", name=fr("Financing lines other than the FSDCE aid"))
    line(financing, "Source", 1).select_option(label=french(FinancingSource.OWN.label))
    line(financing, "Amount", 1).fill("60 000")
    line(financing, "Amount", 1).press("Tab")
    check = page.locator("#guide-check")
    expect(guide_fact(check, "Cost of the project")).to_have_text(money(100000))
    expect(guide_fact(check, "Most aid the rules allow")).to_have_text(money(40000))

    # A third line, fetched in place: the page does not reload, and it takes the focus.
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name=fr("Add a budget line")).click()
    expect(rows).to_have_count(3)
    expect(line(budget, "Category", 3)).to_be_focused()
    assert page.evaluate("window.notReloaded") is True
    line(budget, "Category", 3).select_option(label=french(CostCategory.BUILDINGS.label))
    line(budget, "Description", 3).fill("Agrandissement de l'atelier")
    line(budget, "Amount", 3).fill("50 000")
    line(budget, "Amount", 3).press("Tab")
    # Land and buildings count in the cost, not in the aid: said as information, not as a problem.
    expect(guide_fact(check, "Cost of the project")).to_have_text(money(150000))
    expect(guide_fact(check, "Eligible costs")).to_have_text(money(100000))
    expect(check.locator(".guide-notes")).to_contain_text(french(CostCategory.BUILDINGS.label))
    expect(check.locator(".guide-problems")).to_have_count(0)
    assert_accessible(page)

    # Removing the second line: the guide reads the budget without it.
    line(budget, "Remove the line", 2).check()
    expect(guide_fact(check, "Cost of the project")).to_have_text(money(110000))
    expect(guide_fact(check, "Eligible costs")).to_have_text(money(60000))
    expect(guide_fact(check, "Most aid the rules allow")).to_have_text(money(24000))  # 40 % of 60 000 $
    expect(check.locator(".guide-problems")).to_contain_text(money(24000))
    field(page, label_of("requested_amount")).fill("24 000")
    line(financing, "Amount", 1).fill("86 000")
    line(financing, "Amount", 1).press("Tab")
    expect(check.locator(".guide-problems")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    assert not Project.objects.exists()
    assert_accessible(page)

    # The partner, chosen among the registry's suggestions with the keyboard.
    partner = page.get_by_role("combobox", name=fr("%(label)s, line %(number)s", label=fr("Partner"), number=1))
    partner.press_sequentially("victo")
    suggestions = page.get_by_role("listbox", name=fr("Suggestions from the registry"))
    expect(suggestions.get_by_role("option")).to_have_count(1)
    expect(partner).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    partner.press("ArrowDown")
    expect(suggestions.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    partner.press("Enter")  # takes the suggestion, does not submit the form
    expect(partner).to_have_value(world.partner.name)
    expect(suggestions).to_be_hidden()
    assert not Project.objects.exists()

    with page.expect_navigation():
        page.get_by_role("button", name=fr("Save the draft")).click()
    project = Project.objects.get()
    expect(page).to_have_url(re.compile(rf"{re.escape(project.get_absolute_url())}$"))
    assert (project.region, project.period) == (world.region, world.period)
    assert list(project.costs.values_list("category", "amount")) == [
        ("equipment", Decimal("60000")),
        ("buildings", Decimal("50000")),
    ]
    assert list(project.partner_links.values_list("organisation", flat=True)) == [world.partner.pk]


def test_the_plan_actions_follow_the_niches_ticked(page, sign_in, world):
    """Ticking the niche brings its plan's actions into the select, grouped by plan and axis (htmx,
    decision 35); the draft is saved with the action chosen."""
    plan = planning.create_plan(world.creneau, actor=world.ministry, data={"first_year": 2024, "last_year": 2027})
    axis = planning.add_axis(plan, actor=world.ministry, data={"kind": "innovation"})
    objective = planning.add_objective(axis, actor=world.ministry, data={"text": "Innover"})
    action = planning.add_action(objective, actor=world.ministry, data={"title": "Atelier partagé"})
    sign_in(world.carrier_user)
    with translation.override("fr"):
        address = reverse("funding:project_create")
    page.goto(address)
    select = field(page, fr("Plan action"))
    expect(select.locator("option")).to_have_count(1)  # no niche yet: "—" only
    page.evaluate("window.notReloaded = true")
    page.get_by_label(world.creneau.name_fr, exact=True).check()
    expect(field(page, fr("Plan action")).locator("option")).to_have_count(2)
    group = field(page, fr("Plan action")).locator("optgroup")
    expect(group).to_have_attribute("label", re.compile(r"^2024–2027 \(.+\) › Innovation$"))  # a draft plan
    assert page.evaluate("window.notReloaded") is True
    assert_accessible(page)
    field(page, fr("Plan action")).select_option(label="Atelier partagé")
    field(page, label_of("title")).fill("Atelier de design partagé")
    field(page, label_of("summary")).fill("Un atelier de prototypage ouvert aux fabricants de meubles.")
    field(page, label_of("starts_on")).fill("2025-01-01")
    field(page, label_of("ends_on")).fill("2026-06-30")
    field(page, label_of("requested_amount")).fill("10 000")
    with page.expect_navigation():
        page.get_by_role("button", name=fr("Save the draft")).click()
    assert Project.objects.get().plan_action == action
