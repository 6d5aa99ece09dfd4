"""The registry in a real browser: a visitor's search, a regional office's edits, and axe-core.

The labels the browser clicks are looked up through gettext in French, the language the
pages are served in, so the tests follow the French catalogue instead of copying it.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from accord.accounts.tests.factories import PASSWORD
from accord.core.tests.browser import assert_accessible
from accord.registry.models import Creneau, Organisation
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, RegionFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

GASPESIE = "Gaspésie–Îles-de-la-Madeleine"


def fr(text: str) -> str:
    """`text` as the French pages show it."""
    with translation.override("fr"):
        return str(translation.gettext(text))


def fr_label(model: type, field: str) -> str:
    """A model field's form label in French."""
    with translation.override("fr"):
        return str(capfirst(model._meta.get_field(field).verbose_name))


@pytest.fixture
def sample(estrie):
    """Two regions, the Éolien créneau of Gaspésie with two members, an enterprise of Estrie."""
    gaspesie = RegionFactory(code="11", name=GASPESIE)
    eolien = CreneauFactory(slug="eolien", name_fr="Éolien", name_en="Wind energy", regions=[gaspesie])
    members = [
        OrganisationFactory(
            name="Éoliennes de la Haute-Gaspésie inc.",
            region=gaspesie,
            city="Murdochville",
            is_leader=True,  # the fiche then shows a "Leader" badge, part of what axe checks
            creneaux=[eolien],
        ),
        OrganisationFactory(
            name="Cégep de la Gaspésie et des Îles",
            kind="college_university",
            region=gaspesie,
            city="Gaspé",
            is_demo=True,  # and a "Demo" badge
            creneaux=[eolien],
        ),
    ]
    composites = OrganisationFactory(name="Composites Estrie inc.", slug="composites-estrie", region=estrie)
    plastics = CreneauFactory(slug="plasturgie", name_fr="Plasturgie et composites", regions=[estrie])
    return SimpleNamespace(gaspesie=gaspesie, eolien=eolien, members=members, composites=composites, plastics=plastics)


def test_visitor_finds_a_creneau_by_search_and_reads_its_fiche_in_both_languages(page, sample):
    page.goto("/")
    page.get_by_role("search").get_by_role("searchbox").fill("eolien")  # typed without the accent
    page.get_by_role("search").get_by_role("searchbox").press("Enter")

    expect(page).to_have_url(re.compile(r"/recherche/\?q=eolien$"))
    page.get_by_role("link", name="Éolien", exact=True).click()

    expect(page).to_have_url(re.compile(r"/creneaux/eolien/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Éolien")
    expect(page.locator("dl.facts").get_by_role("link", name=GASPESIE)).to_be_visible()
    expect(page.get_by_role("link", name=sample.members[0].name)).to_be_visible()

    page.get_by_role("link", name="English", exact=True).click()

    expect(page).to_have_url(re.compile(r"/en/creneaux/eolien/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wind energy")
    expect(page.locator("dl.facts").get_by_role("link", name=GASPESIE)).to_be_visible()


def test_regional_office_edits_an_organisation_then_reads_the_change_in_its_history(page, sample, estrie_user):
    reason = "Déménagement du siège social"
    page.goto("/compte/connexion/")
    page.get_by_label(fr("Email address")).fill(estrie_user.email)
    page.get_by_label(fr("Password")).fill(PASSWORD)
    page.get_by_role("button", name=fr("Sign in")).click()
    expect(page).to_have_url(re.compile(r"/gestion/$"))

    page.goto("/gestion/organisations/")
    own = page.get_by_role("link", name="Composites Estrie inc.")
    expect(own).to_be_visible()
    # Region 05's office lists its own organisations only, not Gaspésie's.
    expect(page.get_by_role("link", name=sample.members[0].name)).to_have_count(0)
    own.click()
    page.get_by_role("link", name=fr("Edit"), exact=True).click()

    city = page.get_by_label(fr_label(Organisation, "city"))
    expect(city).to_have_value("Sherbrooke")
    city.fill("Magog")
    page.get_by_label(fr("Reason for the change")).fill(reason)
    page.get_by_role("button", name=fr("Save")).click()

    expect(page.get_by_role("status")).to_contain_text(fr("Your changes were saved."))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Composites Estrie inc.")

    page.get_by_role("link", name=fr("History"), exact=True).click()

    latest = page.locator("ol.timeline > li").first
    expect(latest.locator(".meta")).to_contain_text(estrie_user.get_full_name())
    expect(latest.locator(".meta")).to_contain_text(reason)
    change = latest.get_by_role("row").filter(has=page.get_by_role("rowheader", name=fr_label(Organisation, "city")))
    expect(change.locator("del")).to_have_text("Sherbrooke")
    expect(change.locator("ins")).to_have_text("Magog")


def test_regional_office_picks_a_niches_managing_organisation_among_the_suggestions(page, sign_in, sample, estrie_user):
    sign_in(estrie_user)
    page.goto(f"/gestion/creneaux/{sample.plastics.pk}/modifier/")
    managing = page.get_by_role("combobox", name=fr_label(Creneau, "management_organisation"))
    expect(managing).to_have_value("")
    managing.press_sequentially("compos")
    suggestions = page.get_by_role("listbox", name=fr("Suggestions from the registry"))
    expect(suggestions.get_by_role("option")).to_have_count(1)
    expect(suggestions.get_by_role("option")).to_have_text("Composites Estrie inc. (Sherbrooke)")
    expect(managing).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    managing.press("ArrowDown")
    expect(suggestions.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    managing.press("Enter")  # takes the suggestion, does not submit the form
    expect(managing).to_have_value("Composites Estrie inc.")
    expect(suggestions).to_be_hidden()
    expect(page).to_have_url(re.compile(rf"/gestion/creneaux/{sample.plastics.pk}/modifier/$"))

    with page.expect_navigation():
        page.get_by_role("button", name=fr("Save")).click()
    expect(page.get_by_role("status")).to_contain_text(fr("Your changes were saved."))
    sample.plastics.refresh_from_db()
    assert sample.plastics.management_organisation == sample.composites
    # Back on the form, the organisation is shown by its name.
    page.goto(f"/gestion/creneaux/{sample.plastics.pk}/modifier/")
    expect(page.get_by_role("combobox", name=fr_label(Creneau, "management_organisation"))).to_have_value(
        "Composites Estrie inc."
    )


ORGANISATION = "/organisations/composites-estrie/"
BO_ORGANISATION = "/gestion/organisations/{composites.pk}/"


@pytest.mark.parametrize(
    ("path", "user"),
    [
        pytest.param("/", None, id="home-fr"),
        pytest.param("/regions/05/", None, id="region-fr"),
        pytest.param("/creneaux/eolien/", None, id="fiche-fr"),
        pytest.param(ORGANISATION, None, id="organisation-fr"),
        pytest.param("/recherche/?q=eolien", None, id="search-fr"),
        pytest.param("/compte/connexion/", None, id="sign-in-fr"),
        pytest.param("/gestion/organisations/", "ministry_user", id="bo-organisations-ministry-fr"),
        pytest.param("/gestion/organisations/", "estrie_user", id="bo-organisations-estrie-fr"),
        pytest.param(BO_ORGANISATION, "estrie_user", id="bo-organisation-fr"),
        pytest.param(BO_ORGANISATION + "modifier/", "estrie_user", id="bo-organisation-edit-fr"),
        pytest.param(BO_ORGANISATION + "historique/", "estrie_user", id="bo-organisation-history-fr"),
        pytest.param("/gestion/creneaux/{plastics.pk}/modifier/", "estrie_user", id="bo-creneau-edit-fr"),
        # English pages share the French templates; two of them check the lang attributes and texts.
        pytest.param("/en/", None, id="home-en"),
        pytest.param("/en/creneaux/eolien/", None, id="fiche-en"),
    ],
)
def test_page_has_no_serious_accessibility_violation(page, sign_in, sample, request, path, user):
    if user:
        sign_in(request.getfixturevalue(user))
    path = path.format(**vars(sample))
    response = page.goto(path)

    assert response.status == 200
    assert page.url.endswith(path), f"redirected to {page.url}"  # e.g. to the sign-in page
    assert_accessible(page)
