import pytest
from django.urls import reverse

from accord.registry import services
from accord.registry.models import Person

from .factories import AffiliationFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_people_outside_the_region_are_404(estrie_client, monteregie):
    person = PersonFactory(region=monteregie)
    assert estrie_client.get(reverse("registry_bo:person_detail", args=[person.pk])).status_code == 404


def test_adding_a_tie_is_post_only(estrie_client, estrie):
    person = PersonFactory(region=estrie)
    assert estrie_client.get(reverse("registry_bo:affiliation_add", args=[person.pk])).status_code == 405


def test_person_list_shows_people_of_the_region_and_of_its_organisations(estrie_client, estrie, monteregie):
    own = PersonFactory(region=estrie, last_name="Gagnon")
    linked = PersonFactory(region=monteregie, last_name="Roy")
    AffiliationFactory(person=linked, organisation=OrganisationFactory(region=estrie))
    PersonFactory(region=monteregie, last_name="Côté")
    response = estrie_client.get(reverse("registry_bo:person_list"))
    assert {r.record for r in response.context["table"].paginated_rows} == {own, linked}


def test_person_list_query_count_does_not_grow(estrie_client, estrie, django_assert_num_queries):
    for _ in range(20):
        AffiliationFactory(person=PersonFactory(region=estrie), organisation=OrganisationFactory(region=estrie))
    # user, roles, regions of the filter (then cached), count, page, regions and affiliations of the page
    with django_assert_num_queries(7):
        estrie_client.get(reverse("registry_bo:person_list"))


def test_the_people_total_follows_a_new_affiliation(estrie_client, estrie, monteregie, ministry_user):
    PersonFactory(region=estrie)
    outsider = PersonFactory(region=monteregie)
    organisation = OrganisationFactory(region=estrie)
    listing = reverse("registry_bo:person_list")
    assert estrie_client.get(listing).context["table"].paginator.count == 1
    # A person of another region joins an Estrie organisation: the office now manages them.
    services.add_affiliation(outsider, organisation, actor=ministry_user, reason="Nouvelle recrue")
    assert estrie_client.get(listing).context["table"].paginator.count == 2


def test_person_details_are_shown_in_the_back_office(estrie_client, estrie):
    person = PersonFactory(region=estrie, email="marie@example.org")
    assert (
        "marie@example.org"
        in estrie_client.get(reverse("registry_bo:person_detail", args=[person.pk])).content.decode()
    )


def test_link_and_unlink_a_person_and_an_organisation(estrie_client, estrie):
    person = PersonFactory(region=estrie)
    org = OrganisationFactory(name="Atelier Orford", region=estrie)
    found = estrie_client.get(reverse("registry_bo:person_detail", args=[person.pk]), {"organisation_q": "orford"})
    assert found.context["candidates"] == [org]

    estrie_client.post(
        reverse("registry_bo:affiliation_add", args=[person.pk]), {"organisation": org.pk, "job_title": "VP"}
    )
    affiliation = person.affiliations.get()
    assert (affiliation.organisation, affiliation.job_title) == (org, "VP")

    estrie_client.post(reverse("registry_bo:affiliation_remove", args=[person.pk, affiliation.pk]))
    assert not person.affiliations.exists()


def test_create_person_with_invalid_email_is_refused(estrie_client, estrie):
    response = estrie_client.post(
        reverse("registry_bo:person_create"),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "pas-un-courriel",
            "region": estrie.pk,
            "preferred_language": "fr",
        },
    )
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_the_person_page_offers_to_remove_only_the_ties_the_office_manages(
    estrie_client, estrie, monteregie, ministry_user
):
    person = PersonFactory(region=estrie)
    own = OrganisationFactory(region=estrie, name="Atelier de l'Estrie")
    other = OrganisationFactory(region=monteregie, name="Usine de Montérégie")
    mine = services.add_affiliation(person, own, actor=ministry_user)
    theirs = services.add_affiliation(person, other, actor=ministry_user)
    page = estrie_client.get(reverse("registry_bo:person_detail", args=[person.pk])).content.decode()
    assert reverse("registry_bo:affiliation_remove", args=[person.pk, mine.pk]) in page
    assert reverse("registry_bo:affiliation_remove", args=[person.pk, theirs.pk]) not in page
    assert "Usine de Montérégie" in page
    response = estrie_client.post(reverse("registry_bo:affiliation_remove", args=[person.pk, theirs.pk]))
    assert response.status_code == 403
    assert person.affiliations.count() == 2
