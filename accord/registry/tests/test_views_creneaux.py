import pytest
from django.urls import reverse
from django.utils import translation

from .factories import CreneauFactory

pytestmark = pytest.mark.django_db


def test_only_the_ministry_names_a_creneau(estrie_client, estrie):
    assert estrie_client.get(reverse("registry_bo:creneau_create")).status_code == 403


def test_regional_office_edit_ignores_status_fields(estrie_client, estrie):
    creneau = CreneauFactory(regions=[estrie], category="emerging", name_fr="Bois")
    response = estrie_client.post(
        reverse("registry_bo:creneau_edit", args=[creneau.pk]),
        {
            "name_fr": "Bois d'apparence",
            "category": "leader",
            "recognition_stage": "recognised",
            "regions": [estrie.pk],
        },
    )
    assert response.status_code == 302
    creneau.refresh_from_db()
    assert (creneau.name_fr, creneau.category) == ("Bois d'apparence", "emerging")


def test_creneau_list_query_count(ministry_client, estrie, django_assert_num_queries):
    for _ in range(10):
        CreneauFactory(regions=[estrie])
    # user, roles, count, page, regions of the page, regions of the filter's select
    with django_assert_num_queries(6):
        ministry_client.get(reverse("registry_bo:creneau_list"))


def first_cells(response):
    body = response.content.decode().split("<tbody>")[1]
    return [row.split("<td>")[1].split("</a>")[0].rsplit(">", 1)[-1] for row in body.split("<tr>")[1:]]


def test_niches_are_listed_and_sorted_by_name_in_the_readers_language(ministry_client, estrie):
    CreneauFactory(regions=[estrie], name_fr="Aluminium", name_en="Zinc-free aluminium")
    CreneauFactory(regions=[estrie], name_fr="Meuble", name_en="Furniture")
    CreneauFactory(regions=[estrie], name_fr="Cuir", name_en="")  # no English name: the French one, in its place
    address = reverse("registry_bo:creneau_list")
    assert first_cells(ministry_client.get(address)) == ["Aluminium", "Cuir", "Meuble"]
    with translation.override("en"):
        english = reverse("registry_bo:creneau_list")
    assert first_cells(ministry_client.get(english)) == ["Cuir", "Furniture", "Zinc-free aluminium"]
    assert first_cells(ministry_client.get(english + "?sort=-name_fr")) == ["Zinc-free aluminium", "Furniture", "Cuir"]


def test_an_emptied_slug_is_made_again_from_the_french_name(ministry_client, estrie):
    """Clearing the slug used to answer 500: the page reversed the créneau's address with an empty slug."""
    creneau = CreneauFactory(regions=[estrie], name_fr="Bois", slug="ancien-nom")
    CreneauFactory(regions=[estrie], name_fr="Autre", slug="bois-dapparence")
    response = ministry_client.post(
        reverse("registry_bo:creneau_edit", args=[creneau.pk]),
        {
            "name_fr": "Bois d'apparence",
            "slug": "",
            "category": creneau.category,
            "recognition_stage": creneau.recognition_stage,
            "regions": [estrie.pk],
        },
    )
    assert response.status_code == 302
    creneau.refresh_from_db()
    assert creneau.slug == "bois-dapparence-2"
    assert response["Location"] == creneau.get_absolute_url()


def test_an_emptied_slug_beside_another_error_shows_the_form_again(ministry_client, estrie):
    creneau = CreneauFactory(regions=[estrie], name_fr="Bois", slug="bois")
    response = ministry_client.post(
        reverse("registry_bo:creneau_edit", args=[creneau.pk]),
        {"name_fr": "", "slug": "", "category": creneau.category, "regions": [estrie.pk]},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name_fr"]
    assert reverse("registry:creneau_detail", args=["bois"]) in response.content.decode()
    creneau.refresh_from_db()
    assert creneau.slug == "bois"


def test_the_list_flags_an_active_niche_without_a_coordinator(ministry_client, estrie):
    """Decision 23: the coordinator comes from the niche committee's mandate; none is flagged to staff."""
    from accord.registry import services

    from .factories import PersonFactory

    coordinated = CreneauFactory(regions=[estrie], name_fr="Aluminium")
    services.record_coordinator(coordinated, PersonFactory(first_name="Annie", last_name="Côté"), actor=None)
    CreneauFactory(regions=[estrie], name_fr="Meuble")
    CreneauFactory(regions=[estrie], name_fr="Cuir", ended_on="2010-01-01")  # ended: nothing to flag
    page = ministry_client.get(reverse("registry_bo:creneau_list")).content.decode()
    assert "Annie Côté" in page
    assert page.count('<span class="badge missing">Aucun coordonnateur</span>') == 1
    with translation.override("en"):
        english = reverse("registry_bo:creneau_list")
    page = ministry_client.get(english).content.decode()
    assert page.count('<span class="badge missing">No coordinator</span>') == 1
    export = ministry_client.get(english + "?_export=csv").content.decode()
    assert "Annie Côté" in export and "badge" not in export


def test_the_edit_form_does_not_change_the_coordinator(ministry_client, estrie):
    from .factories import PersonFactory

    creneau = CreneauFactory(regions=[estrie], name_fr="Bois", category="emerging")
    person = PersonFactory(region=estrie)
    address = reverse("registry_bo:creneau_edit", args=[creneau.pk])
    assert 'name="coordinator"' not in ministry_client.get(address).content.decode()
    response = ministry_client.post(
        address,
        {
            "name_fr": "Bois",
            "category": "emerging",
            "recognition_stage": "recognised",
            "regions": [estrie.pk],
            "coordinator": person.pk,
            "revision": creneau.revision,
        },
    )
    assert response.status_code == 302
    creneau.refresh_from_db()
    assert creneau.coordinator is None


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_niche_cannot_end_before_its_agreement_in_principle(ministry_client, estrie, language):
    """Walkthrough C: an end in 2001 before a 2002 agreement was saved without a word."""
    creneau = CreneauFactory(regions=[estrie], name_fr="Bois", principle_agreement_on="2002-05-01")
    with translation.override(language):
        address = reverse("registry_bo:creneau_edit", args=[creneau.pk])
    response = ministry_client.post(
        address,
        {
            "name_fr": "Bois",
            "category": creneau.category,
            "recognition_stage": creneau.recognition_stage,
            "principle_agreement_on": "2002-05-01",
            "ended_on": "2001-01-01",
            "regions": [estrie.pk],
            "revision": creneau.revision,
            "reason": "Fin",
        },
    )
    assert response.status_code == 400
    expected = {
        "fr": "Un créneau ne peut pas prendre fin avant son entente de principe.",
        "en": "A niche cannot end before its agreement in principle.",
    }[language]
    assert expected in response.content.decode()
    creneau.refresh_from_db()
    assert creneau.ended_on is None


def test_a_refusal_keeps_the_back_office_menu(estrie_client, client):
    """Walkthrough D: the 403 page dropped the sidebar; its only way out was the public home."""
    response = estrie_client.get(reverse("registry_bo:creneau_create"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Seul le personnel du ministère peut ajouter un créneau." in page
    assert 'class="bo-nav"' in page and reverse("landing") in page
