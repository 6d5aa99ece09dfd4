"""In a real browser: a coordinator writes a call for tenders for their niche with its document and
publishes it; someone who is not a member of the niche cannot open it (a 404, even signed in); a
member of the niche opens it from the members' area and downloads its document, which its editor
then finds in the downloads' list. Every new page, in French and English, is axe-core clean."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accord.communication.models import Briefing, BriefingDownload
from accord.core.tests.browser import assert_accessible

from .conftest import make_briefing

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def fr(text, context=None):
    with translation.override("fr"):
        return str(translation.pgettext(context, text) if context else translation.gettext(text))


def test_a_non_member_cannot_open_a_members_only_opportunity_a_member_opens_it_and_downloads_its_file(
    page, sign_in, cast, affiliate
):
    # The coordinator writes it in the back office and publishes it to the niche's members.
    sign_in(cast["coordinator"])
    page.goto("/gestion/communication/informations/")
    assert_accessible(page)
    page.get_by_role("link", name=fr("New members-only information")).click()
    page.locator("select[name=kind]").select_option("tender")
    page.locator("[name=title_fr]").fill("Appel d'offres : mobilier de bureau")
    page.locator("[name=summary_fr]").fill("Un donneur d'ordres cherche 400 postes de travail.")
    page.locator(f"input[name=creneaux][value='{cast['creneau'].pk}']").check()
    page.locator("[name=closes_on]").fill("2099-06-30")
    page.locator("[name=contact]").fill("achats@example.org")
    page.locator("[name=file]").set_input_files({"name": "appel.pdf", "mimeType": "application/pdf", "buffer": PDF})
    assert_accessible(page)
    page.get_by_role("button", name=fr("Save")).click()
    expect(page.locator(".notice .badge")).to_have_text(fr("Draft", "briefing"))
    assert_accessible(page)
    page.get_by_role("link", name=fr("Publish"), exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name=fr("Publish"), exact=True).click()
    expect(page.locator(".notice .badge")).to_have_text(fr("Published", "briefing"))
    briefing = Briefing.objects.get()
    address = f"/membres/informations/{briefing.pk}/"

    # Someone signed in who is not a member of the niche: the page and the document are not found.
    sign_in(cast["stranger"])
    response = page.goto(address)
    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text("mobilier de bureau")
    response = page.goto(address + "document/")
    assert response is not None and response.status == 404
    response = page.goto("/membres/informations/")
    assert response is not None and response.status == 403

    # A member of the niche: the menu leads to the area, the area to the item, the item to its document.
    sign_in(affiliate)
    page.goto("/")
    page.get_by_role("link", name=fr("Members' information")).click()
    assert_accessible(page)
    page.locator("select[name=opportunities]").select_option("open")
    page.get_by_role("button", name=fr("Filter")).click()
    page.get_by_role("link", name="Appel d'offres : mobilier de bureau").click()
    expect(page.locator("h1")).to_have_text("Appel d'offres : mobilier de bureau")
    expect(page.locator("article")).to_contain_text("achats@example.org")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Download the document (%(name)s)") % {"name": "appel.pdf"}).click()
    assert download.value.suggested_filename == "appel.pdf"
    with open(download.value.path(), "rb") as saved:
        assert saved.read().startswith(b"%PDF")
    assert BriefingDownload.objects.filter(briefing=briefing, user=affiliate).count() == 1

    # In English: the French title, marked as French, and the page still clean.
    page.goto("/en" + address)
    expect(page.locator("h1[lang=fr]")).to_have_text("Appel d'offres : mobilier de bureau")
    assert_accessible(page)
    page.goto("/en/membres/informations/")
    assert_accessible(page)

    # Its editor sees who downloaded it.
    sign_in(cast["coordinator"])
    page.goto(f"/gestion/communication/informations/{briefing.pk}/telechargements/")
    expect(page.locator("#results")).to_contain_text("employe@example.org")
    assert_accessible(page)


def test_the_edit_withdraw_and_history_pages_are_accessible(page, sign_in, cast):
    briefing = make_briefing(cast)
    sign_in(cast["coordinator"])
    page.goto(f"/gestion/communication/informations/{briefing.pk}/retirer/")
    assert_accessible(page)
    page.get_by_role("button", name=fr("Withdraw")).click()
    expect(page.locator(".notice .badge")).to_have_text(fr("Withdrawn", "briefing"))
    page.goto(f"/en/gestion/communication/informations/{briefing.pk}/modifier/")
    assert_accessible(page)
    page.goto(f"/gestion/communication/informations/{briefing.pk}/historique/")
    assert_accessible(page)
