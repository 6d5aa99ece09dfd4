"""In a real browser (decision 58): an enterprise declares a capability on its page; a member of
another niche finds it with a question in plain French, and asks the coordinator to put them in
touch; the coordinator forwards the request. Nobody's address shows; every page, in French and
English, is axe-core clean."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.core.tests.browser import assert_accessible
from accord.registry.models import ContactRequest, ContactStatus, Offer

from .conftest import EMAIL

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fr(text):
    with translation.override("fr"):
        return str(translation.gettext(text))


def test_a_member_finds_a_partner_of_another_niche_and_reaches_it_through_the_coordinator(
    page, sign_in, partner_cast, settings
):
    cast = partner_cast
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The enterprise's own person declares a capability on its page.
    sign_in(cast["machinist_user"])
    page.goto(cast["machinist"].get_absolute_url())
    page.get_by_role("link", name=fr("Declare or change the capabilities and needs")).click()
    assert_accessible(page)
    page.locator("select[name=kind]").select_option("capability")
    page.locator("[name=label_fr]").fill("Découpe au jet d'eau de panneaux composites")
    page.locator("[name=sector]").fill("Composites")
    page.get_by_role("button", name=fr("Declare"), exact=True).click()
    expect(page.locator(f"#offer-{Offer.objects.latest('pk').pk}")).to_contain_text("jet d'eau")
    assert_accessible(page)

    # A member of the transport niche asks in plain words, accents and plurals aside.
    sign_in(cast["member"])
    page.goto("/membres/partenaires/")
    assert_accessible(page)
    page.get_by_label(fr("What are you looking for?")).fill("qui decoupe des composites ?")
    page.get_by_role("button", name=fr("Search"), exact=True).click()
    result = page.locator(".cards .card")
    expect(result).to_have_count(1)
    expect(result).to_contain_text("Usinage Boréal")
    assert not EMAIL.search(page.content())
    assert_accessible(page)
    result.get_by_role("link", name=fr("Contact through the coordinator")).click()
    assert_accessible(page)
    page.locator("[name=message]").fill("Nous fabriquons des remorques : parlons-en.")
    page.get_by_role("button", name=fr("Send to the coordinator")).click()
    expect(page.locator("body")).to_contain_text(fr("Your request is sent to the coordinator, who will forward it."))
    contact = ContactRequest.objects.get()

    # The coordinator of the composites niche forwards it.
    sign_in(cast["coordinator"])
    page.goto("/membres/partenaires/demandes/")
    assert_accessible(page)
    card = page.locator(f"#contact-{contact.pk}")
    card.get_by_label(fr("Forwarded")).check()
    card.get_by_label(fr("Note")).fill("Transmis à la direction")
    card.get_by_role("button", name=fr("Record")).click()
    contact.refresh_from_db()
    assert contact.status == ContactStatus.FORWARDED
    assert_accessible(page)

    # The same pages in English.
    sign_in(cast["member"])
    page.goto("/en/membres/partenaires/?q=who+needs+welders")
    expect(page.locator(".cards .card")).to_contain_text("Certified welders")
    # Their own organisation's need: no contact to ask for.
    expect(page.get_by_role("link", name="Contact through the coordinator")).to_have_count(0)
    page.goto("/en/membres/partenaires/?q=composite+machining")
    expect(page.locator(".cards .card").first).to_contain_text("Machining of composite parts")
    assert_accessible(page)
    page.goto(f"/en/membres/partenaires/offres/{cast['capability'].pk}/contact/")
    assert_accessible(page)
