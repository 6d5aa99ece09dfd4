"""In a real browser: the coordinator reports a value and submits it, the regional office returns it
with a reason, then approves it once corrected; the niche's table shows the verdict; every page is
axe-core clean."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.results import services
from accord.results.models import IndicatorValue

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text, context=None):
    with translation.override("fr"):
        return str(translation.pgettext(context, text) if context else translation.gettext(text))


def test_a_value_is_reported_returned_corrected_and_approved(page, sign_in, people, plan, jobs):
    services.set_target(plan, jobs, actor=people["ministry"], year=2024, value=Decimal("20"))
    sign_in(people["coordinator"])
    page.goto(f"/gestion/indicateurs/creneaux/{people['creneau'].pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=fr("Report a value")).click()
    page.locator("select[name=indicator]").select_option(str(jobs.pk))
    page.locator("[name=year]").fill("2024")
    page.locator("[name=value]").fill("12")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    value = IndicatorValue.objects.get()
    assert_accessible(page)
    page.get_by_role("button", name=fr("Submit for approval")).click()
    expect(page.locator(".facts")).to_contain_text(fr("Submitted", "indicator value"))

    sign_in(people["office_in"])
    page.goto(value.get_absolute_url())
    page.get_by_role("link", name=fr("Return for changes")).click()
    page.locator("[name=reason]").fill("Il manque les emplois de mars.")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator(".facts")).to_contain_text("Il manque les emplois de mars.")

    sign_in(people["coordinator"])
    page.goto(value.get_absolute_url())
    page.get_by_role("link", name=fr("Edit the value")).click()
    page.locator("[name=value]").fill("21")
    page.get_by_role("button", name=fr("Save")).click()
    page.get_by_role("button", name=fr("Submit for approval")).click()

    sign_in(people["office_in"])
    page.goto(value.get_absolute_url())
    page.get_by_role("button", name=fr("Approve")).click()
    expect(page.locator(".facts")).to_contain_text(fr("Approved", "indicator value"))
    assert_accessible(page)
    page.goto(f"/gestion/indicateurs/creneaux/{people['creneau'].pk}/")
    expect(page.locator("#indicator-table")).to_contain_text(fr("Target met"))
    assert_accessible(page)
