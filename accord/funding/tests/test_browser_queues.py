"""A ministry officer works from their queue in a real browser: the landing page shows the second
signature waiting, the notification centre lists it, the project page's button leads to a page
stating the amount committed, and confirming commits it (axe-core clean on each page)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from accord.core.money import format_money
from accord.core.tests.browser import assert_accessible
from accord.funding import services
from accord.funding.models import LedgerEntry, ProjectStatus

from .conftest import to_analysis

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text, **values):
    """`text` as the French pages show it, with its placeholders filled."""
    with translation.override("fr"):
        translated = str(translation.gettext(text))
    return translated % values if values else translated


def submit(page, button):
    with page.expect_navigation():
        button.click()


def test_a_second_officer_countersigns_from_the_queue_through_a_confirmation(page, sign_in, world):
    project = to_analysis(world, requested="150000", costs=[("equipment", "Robot", Decimal("400000"))])
    services.grant_project(project, actor=world.ministry, amount=Decimal("150000"))
    amount = format_money(Decimal("150000"), "fr")

    # --- The landing page after signing in: the second signature waits, with its age ------------------
    sign_in(world.second_ministry)
    page.goto(reverse("landing"))
    queues = page.locator("section[aria-labelledby=queues-title]")
    card = queues.locator(".card").filter(has=page.get_by_role("heading", name=fr("Second signatures")))
    expect(card).to_contain_text(fr("since today"))
    expect(card.get_by_role("link", name=str(project.number), exact=False)).to_be_visible()
    assert_accessible(page)

    # --- The notification centre lists the same item --------------------------------------------------
    page.get_by_role("link", name=fr("Open the notification centre")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Notification centre"))
    expect(page.locator("main table")).to_contain_text(project.number)
    assert_accessible(page)

    # --- From the item to the project, then the confirmation naming the amount -------------------------
    page.locator("main table").get_by_role("link", name=project.number, exact=False).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(project.get_absolute_url())}$"))
    submit(page, page.get_by_role("button", name=fr("Countersign the grant")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        fr("Countersign the grant to %(number)s?", number=project.number)
    )
    expect(page.locator("main")).to_contain_text(
        fr("%(amount)s will be committed against the envelope of %(region)s.", amount=amount, region=world.region.name)
    )
    assert_accessible(page)
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWAITING_SIGNATURE
    assert not LedgerEntry.objects.filter(kind="commitment").exists()

    submit(page, page.get_by_role("button", name=fr("Countersign and commit %(amount)s", amount=amount)))
    expect(page.locator(".messages")).to_contain_text(
        fr("%(amount)s is granted and committed against the envelope.", amount=amount)
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED
    assert LedgerEntry.objects.get(kind="commitment").amount == Decimal("150000")

    # --- Back home, the queue no longer holds it --------------------------------------------------------
    page.goto(reverse("landing"))
    expect(page.locator("section[aria-labelledby=queues-title]")).not_to_contain_text(project.number)
