"""In a real browser, from a reported value to the bilan's PDF: the coordinator reports a value and
submits it, the regional office approves it, the coordinator opens the niche's bilan of that year
(the approved figure against its target, the chart with its data table), writes the narrative and
downloads the PDF; every page is axe-core clean."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.results import services
from accord.results.models import Bilan, IndicatorValue

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text, context=None):
    with translation.override("fr"):
        return str(translation.pgettext(context, text) if context else translation.gettext(text))


def test_from_a_reported_value_to_the_bilans_pdf(page, sign_in, people, plan, jobs):
    creneau = people["creneau"]
    services.set_target(plan, jobs, actor=people["ministry"], year=2024, value=Decimal("20"))
    sign_in(people["coordinator"])
    page.goto(f"/gestion/indicateurs/creneaux/{creneau.pk}/")
    page.get_by_role("link", name=fr("Report a value")).click()
    page.locator("select[name=indicator]").select_option(str(jobs.pk))
    page.locator("[name=year]").fill("2024")
    page.locator("[name=value]").fill("24")
    page.get_by_role("button", name=fr("Save")).click()
    page.get_by_role("button", name=fr("Submit for approval")).click()
    value = IndicatorValue.objects.get()

    sign_in(people["office_in"])
    page.goto(value.get_absolute_url())
    page.get_by_role("button", name=fr("Approve")).click()
    expect(page.locator(".facts")).to_contain_text(fr("Approved", "indicator value"))

    sign_in(people["coordinator"])
    page.goto(f"/gestion/indicateurs/bilans/creneaux/{creneau.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="2024").click()
    expect(page.locator("#bilan-indicators")).to_contain_text(fr("Target met"))
    expect(page.locator("figure.bilan-chart table")).to_contain_text("2024")
    assert_accessible(page)
    page.get_by_role("link", name=fr("Write the narrative")).click()
    page.locator("[name=highlights_fr]").fill("Une année record pour l'emploi.")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator("#narrative-title + h3 + p")).to_contain_text("Une année record")
    assert_accessible(page)
    assert Bilan.objects.get().highlights_fr == "Une année record pour l'emploi."
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Download the PDF")).click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert download.value.suggested_filename == "bilan-meuble-2024.pdf"
