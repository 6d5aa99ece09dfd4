import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from .factories import CreneauFactory, OrganisationFactory

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


# --- The managing organisation, picked by its name (issue 12: forms no longer ask for numbers) ---


def page_of(response):
    return html.unescape(response.content.decode())


def edit_data(creneau, region, **changes):
    return {
        "name_fr": creneau.name_fr,
        "category": creneau.category,
        "recognition_stage": creneau.recognition_stage,
        "regions": [region.pk],
        "revision": creneau.revision,
        **changes,
    }


def suggestions_for(client, typed, field="management_organisation"):
    return client.get(
        reverse("registry_bo:organisation_options"), {"field": field, field: typed}, HTTP_HX_REQUEST="true"
    )


def test_the_edit_page_shows_the_managing_organisation_by_name_in_a_combobox(ministry_client, estrie):
    managing = OrganisationFactory(name="Composites Estrie inc.", region=estrie)
    creneau = CreneauFactory(regions=[estrie], management_organisation=managing)
    response = ministry_client.get(reverse("registry_bo:creneau_edit", args=[creneau.pk]))
    page = page_of(response)
    assert response.status_code == 200
    field = re.search(r'<input[^>]* name="management_organisation"[^>]*>', page).group(0)
    assert 'role="combobox"' in field and 'aria-controls="id_management_organisation-options"' in field
    address = reverse("registry_bo:organisation_options") + "?field=management_organisation"
    assert f'hx-get="{address}"' in field
    assert 'value="Composites Estrie inc."' in field
    assert '<ul role="listbox" id="id_management_organisation-options"' in page
    assert 'aria-label="Suggestions du répertoire"' in page
    assert "Saisissez son nom ou son NEQ, puis choisissez-la parmi les suggestions." in page
    assert 'src="/static/js/combobox.js" defer' in page  # the listbox's keyboard


def test_a_typed_name_or_neq_names_the_managing_organisation(ministry_client, estrie):
    managing = OrganisationFactory(name="Composites Estrie inc.", region=estrie, neq="1143281018")
    creneau = CreneauFactory(regions=[estrie])
    address = reverse("registry_bo:creneau_edit", args=[creneau.pk])
    # Without JavaScript: the name as typed, case aside.
    response = ministry_client.post(
        address, edit_data(creneau, estrie, management_organisation="composites estrie INC.")
    )
    assert response.status_code == 302
    creneau.refresh_from_db()
    assert creneau.management_organisation == managing
    # Emptied, the niche has no managing organisation any more.
    ministry_client.post(address, edit_data(creneau, estrie, management_organisation=""))
    creneau.refresh_from_db()
    assert creneau.management_organisation is None
    # The NEQ, with the spaces people type.
    ministry_client.post(address, edit_data(creneau, estrie, management_organisation="1143 281 018"))
    creneau.refresh_from_db()
    assert creneau.management_organisation == managing


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            "Aucune organisation du répertoire ne porte ce nom ou ce NEQ. Vérifiez l'orthographe ou saisissez le NEQ "
            "de l'organisation (10 chiffres) ; une organisation absente du répertoire doit d'abord y être ajoutée.",
        ),
        (
            "en",
            "No organisation of the registry has this name or NEQ. Check the spelling, or type the organisation's "
            "NEQ (10 digits); an organisation missing from the registry is added to it first.",
        ),
    ],
)
def test_an_unknown_organisation_is_refused_with_what_to_do(ministry_client, estrie, language, expected):
    managing = OrganisationFactory(name="Composites Estrie inc.", region=estrie)
    creneau = CreneauFactory(regions=[estrie], management_organisation=managing)
    with translation.override(language):
        address = reverse("registry_bo:creneau_edit", args=[creneau.pk])
    response = ministry_client.post(
        address, edit_data(creneau, estrie, management_organisation="Composites Nulle part")
    )
    assert response.status_code == 400
    page = page_of(response)
    assert expected in page
    assert 'value="Composites Nulle part"' in page  # what was typed stays, to be corrected
    creneau.refresh_from_db()
    assert creneau.management_organisation == managing


def test_separators_alone_name_no_organisation(ministry_client, estrie):
    OrganisationFactory(name="Cégep de Sherbrooke", kind="college_university", region=estrie)  # no NEQ
    creneau = CreneauFactory(regions=[estrie])
    address = reverse("registry_bo:creneau_edit", args=[creneau.pk])
    response = ministry_client.post(address, edit_data(creneau, estrie, management_organisation=" - "))
    assert response.status_code == 400
    creneau.refresh_from_db()
    assert creneau.management_organisation is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Plusieurs organisations du répertoire portent ce nom : saisissez le NEQ de celle que vous voulez ("),
        ("en", "Several organisations of the registry have this name: type the NEQ of the one you mean ("),
    ],
)
def test_a_shared_name_asks_for_the_neq_and_lists_the_organisations(ministry_client, estrie, language, expected):
    OrganisationFactory(name="Usinage Alpha inc.", neq="1111111111", region=estrie, city="Magog")
    second = OrganisationFactory(name="Usinage Alpha inc.", neq="2222222222", region=estrie, city="Granby")
    creneau = CreneauFactory(regions=[estrie])
    with translation.override(language):
        address = reverse("registry_bo:creneau_edit", args=[creneau.pk])
    response = ministry_client.post(address, edit_data(creneau, estrie, management_organisation="Usinage Alpha inc."))
    assert response.status_code == 400
    assert (
        expected + "Usinage Alpha inc. (NEQ 1111111111, Magog); Usinage Alpha inc. (NEQ 2222222222, Granby))."
        in page_of(response)
    )
    response = ministry_client.post(address, edit_data(creneau, estrie, management_organisation="2222222222"))
    assert response.status_code == 302
    creneau.refresh_from_db()
    assert creneau.management_organisation == second


def test_a_regional_office_names_published_organisations_and_its_own(estrie_client, estrie, monteregie):
    creneau = CreneauFactory(regions=[estrie])
    address = reverse("registry_bo:creneau_edit", args=[creneau.pk])
    hidden = OrganisationFactory(name="Granby Métal", region=monteregie, is_published=False)
    response = estrie_client.post(address, edit_data(creneau, estrie, management_organisation="Granby Métal"))
    assert response.status_code == 400  # an unpublished organisation of another region is not the office's to name
    own = OrganisationFactory(name="Magog Métal", region=estrie, is_published=False)
    assert (
        estrie_client.post(address, edit_data(creneau, estrie, management_organisation="Magog Métal")).status_code
        == 302
    )
    creneau.refresh_from_db()
    assert creneau.management_organisation == own
    # The ministry chose an organisation the office could not name: its edits keep it all the same.
    creneau.management_organisation = hidden
    creneau.save()
    page = page_of(estrie_client.get(address))
    assert 'value="Granby Métal"' in page
    response = estrie_client.post(
        address, edit_data(creneau, estrie, name_fr="Métaux", management_organisation="Granby Métal")
    )
    assert response.status_code == 302
    creneau.refresh_from_db()
    assert (creneau.name_fr, creneau.management_organisation) == ("Métaux", hidden)


def test_the_shown_name_keeps_the_organisation_another_one_shares_it_with(ministry_client, estrie):
    managing = OrganisationFactory(name="Usinage Alpha inc.", neq="2222222222", region=estrie)
    OrganisationFactory(name="Usinage Alpha inc.", neq="1111111111", region=estrie)
    creneau = CreneauFactory(regions=[estrie], management_organisation=managing)
    address = reverse("registry_bo:creneau_edit", args=[creneau.pk])
    response = ministry_client.post(address, edit_data(creneau, estrie, management_organisation="Usinage Alpha inc."))
    assert response.status_code == 302
    creneau.refresh_from_db()
    assert creneau.management_organisation == managing


def test_the_suggestions_are_the_organisations_the_user_may_name(estrie_client, estrie, monteregie):
    OrganisationFactory(name="Composites Estrie inc.", region=estrie, neq="1143281018", city="Magog")
    OrganisationFactory(name="Composites Granby", region=monteregie, city="Granby")
    OrganisationFactory(name="Composites importés", region=estrie, is_published=False, city="")
    OrganisationFactory(name="Composites cachés", region=monteregie, is_published=False)
    response = suggestions_for(estrie_client, "composites")  # case aside
    assert response.status_code == 200
    page = page_of(response)
    assert "<html" not in page
    assert page.count('role="option"') == 3
    assert (
        '<li role="option" id="id_management_organisation-options-1" data-value="Composites Estrie inc." '
        'aria-selected="false">Composites Estrie inc. (NEQ 1143281018, Magog)</li>'
    ) in page
    assert 'data-value="Composites Granby"' in page and 'data-value="Composites importés"' in page
    assert "Composites cachés" not in page  # unpublished, and of another region


def test_the_suggestions_wait_for_two_letters_and_say_when_nothing_matches(estrie_client, estrie):
    OrganisationFactory(name="Composites Estrie inc.", region=estrie)
    assert 'role="option"' not in page_of(suggestions_for(estrie_client, "c"))
    assert "Aucune organisation du répertoire ne correspond." in page_of(suggestions_for(estrie_client, "zzzz"))
    with translation.override("en"):
        address = reverse("registry_bo:organisation_options")
    english = estrie_client.get(address, {"field": "management_organisation", "management_organisation": "zzzz"})
    assert "No organisation of the registry matches." in page_of(english)
    # Only an organisation field is read.
    assert 'role="option"' not in page_of(suggestions_for(estrie_client, "composites", field="name_fr"))


def test_the_suggestions_are_a_fixed_number_of_queries(ministry_client, estrie, django_assert_num_queries):
    for number in range(15):
        OrganisationFactory(name=f"Usinage {number} inc.", region=estrie)
    # user, roles, organisations
    with django_assert_num_queries(3):
        page = page_of(suggestions_for(ministry_client, "usinage"))
    assert page.count('role="option"') == 10


def test_the_suggestions_are_for_those_who_edit_niches(client, outsider_client, privacy_client, estrie_client):
    address = reverse("registry_bo:organisation_options")
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert outsider_client.get(address).status_code == 403  # no role: not in the back office
    assert privacy_client.get(address).status_code == 403  # in the back office, but edits no niche
    assert estrie_client.get(address).status_code == 200
    assert estrie_client.post(address).status_code == 405
