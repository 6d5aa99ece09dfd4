import datetime

import pytest
from django.urls import reverse

from accord.registry.models import ResourceRegionStatus

from .factories import CreneauFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gaspesie():
    region = RegionFactory(code="11", name="Gaspésie–Îles-de-la-Madeleine")
    ResourceRegionStatus.objects.create(region=region, valid_from=datetime.date(2008, 1, 1))
    return region


@pytest.fixture
def eolien(gaspesie):
    return CreneauFactory(
        slug="eolien",
        name_fr="Éolien",
        name_en="Wind energy",
        description_fr="Filière éolienne.",
        description_en="Wind industry.",
        category="emerging",
        regions=[gaspesie],
    )


def test_home_lists_regions_with_creneau_counts(client, eolien, gaspesie, estrie, django_assert_num_queries):
    with django_assert_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gaspésie–Îles-de-la-Madeleine" in html
    assert response.context["creneau_count"] == 1
    by_code = {r.code: r for r in response.context["regions"]}
    assert (by_code["11"].creneau_count, by_code["11"].resource_region) == (1, True)
    assert (by_code["05"].creneau_count, by_code["05"].resource_region) == (0, False)


def test_home_is_french_at_the_root_and_english_under_en(client, eolien):
    french = client.get("/")
    english = client.get("/en/")
    assert '<html lang="fr">' in french.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert 'href="/en/"' in french.content.decode()  # the language switch points to the same page


def test_region_list_shows_status_and_creneaux(client, eolien, gaspesie, django_assert_num_queries):
    RegionFactory(code="05", name="Estrie")
    with django_assert_num_queries(3):
        response = client.get(reverse("registry:region_list"))
    html = response.content.decode()
    assert "Éolien" in html and "Estrie" in html


def test_region_detail_lists_its_creneaux(client, eolien, gaspesie, django_assert_num_queries):
    # With the region's news and success stories (communication), its events, its projects financed (the fund).
    with django_assert_num_queries(7):
        response = client.get(reverse("registry:region_detail", args=["11"]))
    assert response.status_code == 200
    assert list(response.context["creneaux"]) == [eolien]


def test_unknown_region_is_404(client):
    assert client.get(reverse("registry:region_detail", args=["18"])).status_code == 404


def test_fiche_shows_the_facts_and_members_in_both_languages(client, eolien, gaspesie, django_assert_num_queries):
    leader = OrganisationFactory(name="Aérogénérateurs Gaspé", region=gaspesie, is_leader=True, creneaux=[eolien])
    OrganisationFactory(name="Bâtiments Chic-Chocs", region=gaspesie, creneaux=[eolien])
    OrganisationFactory(name="Not a member", region=gaspesie)

    # créneau, regions, predecessors, member count, member page (successors only once ended), and its
    # news and success stories (communication), its next events (events), its projects financed (the fund)
    with django_assert_num_queries(9):
        response = client.get(eolien.get_absolute_url())

    html = response.content.decode()
    assert "<h1>Éolien</h1>" in html
    assert "Filière éolienne." in html
    members = list(response.context["page"])
    assert members[0] == leader  # leader enterprises first
    assert len(members) == 2
    english = client.get(f"/en{eolien.get_absolute_url()}").content.decode()
    assert "<h1>Wind energy</h1>" in english and "Wind industry." in english


def test_fiche_member_count_query_does_not_grow_with_members(client, eolien, gaspesie, django_assert_num_queries):
    for _n in range(30):
        OrganisationFactory(region=gaspesie, creneaux=[eolien])
    with django_assert_num_queries(9):
        client.get(eolien.get_absolute_url())


def test_fiche_falls_back_to_french_when_english_is_missing(client, gaspesie):
    creneau = CreneauFactory(slug="tourbe", name_fr="Tourbe", name_en="", regions=[gaspesie])
    assert "<h1>Tourbe</h1>" in client.get(f"/en{creneau.get_absolute_url()}").content.decode()


def test_fiche_pdf_is_a_pdf(client, eolien):
    response = client.get(reverse("registry:creneau_fiche_pdf", args=["eolien"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_creneau_list_filters_by_category_and_searches_without_accents(client, eolien, gaspesie):
    CreneauFactory(name_fr="Meuble", category="leader", regions=[gaspesie])
    response = client.get(reverse("registry:creneau_list"), {"q": "EOLIEN"})
    assert [c.slug for c in response.context["page"]] == ["eolien"]
    response = client.get(reverse("registry:creneau_list"), {"category": "leader"})
    assert [c.name_fr for c in response.context["page"]] == ["Meuble"]


def test_creneau_list_htmx_returns_only_the_results_fragment(client, eolien):
    response = client.get(reverse("registry:creneau_list"), {"q": "eolien"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_invalid_filter_shows_a_message_and_no_rows(client, eolien):
    response = client.get(reverse("registry:creneau_list"), {"category": "nonsense"})
    assert response.status_code == 200
    assert list(response.context["page"]) == []
    assert response.context["filter"].errors


def test_creneau_list_query_count_is_constant(client, gaspesie, django_assert_num_queries):
    for _ in range(12):
        CreneauFactory(regions=[gaspesie])
    # count, page, regions of the page, regions of the filter's select
    with django_assert_num_queries(5):
        client.get(reverse("registry:creneau_list"))


def test_organisation_page_hides_contact_details_from_the_public(client, gaspesie):
    org = OrganisationFactory(region=gaspesie, email="secret@example.org", phone="+1 418 555-0000")
    html = client.get(org.get_absolute_url()).content.decode()
    assert org.name in html
    assert "secret@example.org" not in html and "555-0000" not in html


def test_organisation_page_shows_contact_details_to_staff_in_scope(client, estrie, estrie_user, gaspesie):
    own = OrganisationFactory(region=estrie, email="own@example.org")
    other = OrganisationFactory(region=gaspesie, email="other@example.org")
    client.force_login(estrie_user)
    assert "own@example.org" in client.get(own.get_absolute_url()).content.decode()
    assert "other@example.org" not in client.get(other.get_absolute_url()).content.decode()


def test_organisation_directory_filters_by_creneau(client, eolien, gaspesie, django_assert_num_queries):
    member = OrganisationFactory(region=gaspesie, creneaux=[eolien])
    OrganisationFactory(region=gaspesie)
    # the créneau of the filter, regions of the filter (then cached), count, page, regions of the page
    with django_assert_num_queries(6):
        response = client.get(reverse("registry:organisation_list"), {"creneau": "eolien"})
    assert list(response.context["page"]) == [member]


def test_search_finds_creneaux_and_organisations_ignoring_accents_and_case(client, eolien, gaspesie):
    OrganisationFactory(name="Éoliennes Côté", region=gaspesie)
    response = client.get(reverse("registry:search"), {"q": "eolien"})
    assert response.context["creneaux"] == [eolien]
    assert [o.name for o in response.context["page"]] == ["Éoliennes Côté"]
    response = client.get(reverse("registry:search"), {"q": "ÉOLIEN"})
    assert response.context["creneaux"] == [eolien]


def test_search_with_only_punctuation_asks_for_words(client):
    response = client.get(reverse("registry:search"), {"q": "--"})
    assert response.context["message"]
    assert "creneaux" not in response.context


def test_public_pages_refuse_post(client, eolien):
    assert client.post("/").status_code == 405
    assert client.post(eolien.get_absolute_url()).status_code == 405


def test_search_query_count_is_constant(client, gaspesie, eolien, django_assert_num_queries):
    for n in range(25):
        OrganisationFactory(name=f"Éolienne {n}", region=gaspesie)
    # créneaux, regions, organisation count, organisation page, regions of the page; the news and
    # stories found (registry.showcase: one query for communication)
    with django_assert_num_queries(7):
        response = client.get(reverse("registry:search"), {"q": "eolienne"})
    assert response.context["page"].paginator.count == 25


def test_a_public_page_seen_again_is_served_whole_until_the_data_changes(
    client, eolien, gaspesie, ministry_user, django_assert_num_queries
):
    from accord.registry import services

    org = OrganisationFactory(name="Aérogénérateurs Gaspé", region=gaspesie, creneaux=[eolien])
    first = client.get(eolien.get_absolute_url())
    with django_assert_num_queries(1):  # the public version; the page comes whole from the cache
        again = client.get(eolien.get_absolute_url())
    assert again.content == first.content and again["ETag"] == first["ETag"]

    services.update_organisation(org, actor=ministry_user, data={"name": "Éoliennes de la Péninsule"})

    html = client.get(eolien.get_absolute_url()).content.decode()
    assert "Éoliennes de la Péninsule" in html
    assert "Aérogénérateurs Gaspé" not in html


def test_home_figures_follow_a_new_creneau(client, eolien, gaspesie, ministry_user):
    from accord.registry import services

    assert client.get("/").context["creneau_count"] == 1
    client.get("/")
    services.create_creneau(
        actor=ministry_user,
        data={"name_fr": "Tourbe", "category": "leader", "recognition_stage": "recognised"},
        regions=[gaspesie],
    )
    html = client.get("/").content.decode()
    assert "2 créneaux" in html
