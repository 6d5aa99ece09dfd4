"""The public site on a phone (390 px wide): no page scrolls sideways, wide tables scroll in their box."""

from __future__ import annotations

import pytest

from accord.core.tests.browser import assert_accessible
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, RegionFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def long_names(estrie):
    """Names as long as the real ones, which widened the tables past the screen."""
    gaspesie = RegionFactory(code="11", name="Gaspésie–Îles-de-la-Madeleine")
    niche = CreneauFactory(
        slug="equipements-de-transport",
        name_fr="Équipements de transport et mobilité durable – Centre-du-Québec et Estrie",
        name_en="Transportation equipment and sustainable mobility",
        regions=[estrie, gaspesie],
    )
    for n in range(3):
        OrganisationFactory(
            name=f"Regroupement des manufacturiers d'équipements de transport terrestre no {n}",
            region=estrie,
            city="Saint-Joseph-de-Beauce-Nord",
            creneaux=[niche],
        )
    return niche


def page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def wider_than_the_screen(page) -> list[str]:
    """The outermost elements reaching past the screen's edge, to say what to fix."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > width + 1)
            .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)""",
        PHONE["width"],
    )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/creneaux/",
        "/creneaux/equipements-de-transport/",
        "/organisations/",
        "/recherche/?q=transport",
        "/regions/",
        "/regions/05/",
        "/en/regions/",
        "/en/organisations/",
        "/en/creneaux/equipements-de-transport/",
    ],
)
def test_public_pages_fit_a_phone_screen(page, long_names, path):
    page.set_viewport_size(PHONE)
    page.goto(path)
    assert page_width(page) <= PHONE["width"], f"{path} is {page_width(page)} px wide: {wider_than_the_screen(page)}"
    assert_accessible(page)
