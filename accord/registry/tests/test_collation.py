"""Names sort in French order in the database, on SQLite and PostgreSQL alike (accord.core.collation)."""

import pytest
from django.utils import translation

from accord.core.i18n import localized_expression
from accord.registry.models import Creneau, Organisation, Person

from .factories import CreneauFactory, OrganisationFactory, PersonFactory, RegionFactory

pytestmark = pytest.mark.django_db

NICHES = ["Valorisation du bois", "Équipements de transport", "Éolien", "Agroalimentaire", "écoconstruction"]


@pytest.fixture
def niches():
    region = RegionFactory(code="05", name="Estrie")
    return [CreneauFactory(name_fr=name, name_en="", regions=[region]) for name in NICHES]


def test_model_ordering_puts_accented_names_with_their_letter(niches):
    assert list(Creneau.objects.values_list("name_fr", flat=True)) == [
        "Agroalimentaire",
        "écoconstruction",
        "Éolien",
        "Équipements de transport",
        "Valorisation du bois",
    ]


def test_english_order_falls_back_on_the_french_name_in_french_order(niches):
    with translation.override("en"):
        names = Creneau.objects.order_by(localized_expression("name")).values_list("name_fr", flat=True)
        assert list(names)[:3] == ["Agroalimentaire", "écoconstruction", "Éolien"]


def test_organisations_ignore_case():
    for name in ["AMETVS", "Albany Nanotech", "Zénith", "Écolo inc."]:
        OrganisationFactory(name=name)
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "Albany Nanotech",
        "AMETVS",
        "Écolo inc.",
        "Zénith",
    ]


def test_people_by_last_name_then_first_name():
    for first, last in [("Zoé", "Ouellet"), ("Émilie", "Côté"), ("Anne", "Ouellet"), ("Luc", "Cote")]:
        PersonFactory(first_name=first, last_name=last)
    assert list(Person.objects.values_list("last_name", "first_name")) == [
        ("Cote", "Luc"),
        ("Côté", "Émilie"),
        ("Ouellet", "Anne"),
        ("Ouellet", "Zoé"),
    ]


def test_equality_and_search_stay_exact(niches):
    assert Creneau.objects.filter(name_fr="Éolien").count() == 1
    assert Creneau.objects.filter(name_fr="eolien").count() == 0
    assert Creneau.objects.search("eolien").count() == 1


def test_public_niche_list_reads_in_french_order(client, niches):
    html = client.get("/creneaux/").content.decode()
    positions = [html.index(name) for name in ["Agroalimentaire", "Éolien", "Équipements de transport", "Valorisation"]]
    assert positions == sorted(positions)
