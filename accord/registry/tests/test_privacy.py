"""Law 25 in the registry: the access log of people pages and exports, a person's export, the
anonymisation (with its legal holds) and the retention rule of people without ties."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User
from accord.accounts.tests.factories import UserFactory, grant
from accord.core.models import AccessAction, PersonalDataAccess
from accord.registry import selectors, services
from accord.registry.models import Affiliation, Anonymisation, AnonymisationBasis, Person

from .factories import AffiliationFactory, CreneauFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def detail(person):
    return reverse("registry_bo:person_detail", args=[person.pk])


def data_url(person, fmt="json"):
    return reverse(f"registry_bo:person_data_{fmt}", args=[person.pk])


def anonymise_url(person):
    return reverse("registry_bo:person_anonymise", args=[person.pk])


def anonymise(person, actor, basis=AnonymisationBasis.REQUEST):
    return services.anonymise_person(person, actor=actor, basis=basis, explanation="Demande reçue le 1er décembre.")


# --- The access log --------------------------------------------------------------------------


def test_viewing_a_person_page_is_logged_with_who_and_whom(estrie_client, estrie_user, estrie):
    person = PersonFactory(region=estrie)
    assert estrie_client.get(detail(person)).status_code == 200
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.action, entry.subject_type, entry.subject_id, entry.rows) == (
        estrie_user,
        AccessAction.VIEW,
        "registry.person",
        person.pk,
        1,
    )
    assert entry.what == detail(person)


def test_viewing_a_person_history_is_logged(estrie_client, estrie):
    person = PersonFactory(region=estrie)
    estrie_client.get(reverse("registry_bo:person_history", args=[person.pk]))
    assert PersonalDataAccess.objects.filter(action=AccessAction.VIEW, subject_id=person.pk).count() == 1


def test_a_page_out_of_scope_logs_nothing(estrie_client, monteregie):
    person = PersonFactory(region=monteregie)
    assert estrie_client.get(detail(person)).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_exporting_the_people_list_is_logged_with_its_filters_and_rows(estrie_client, estrie):
    for name in ("Gagnon", "Roy", "Côté"):
        PersonFactory(region=estrie, last_name=name)
    address = reverse("registry_bo:person_list") + "?_export=csv"
    assert estrie_client.get(address).status_code == 200
    entry = PersonalDataAccess.objects.get()
    assert (entry.action, entry.rows, entry.what, entry.subject_id) == (AccessAction.LIST_EXPORT, 3, address, None)


def test_reading_the_people_list_page_logs_nothing(estrie_client, estrie):
    PersonFactory(region=estrie)
    estrie_client.get(reverse("registry_bo:person_list"))
    assert not PersonalDataAccess.objects.exists()


def test_the_person_page_query_count_includes_one_insert_for_the_log(estrie_client, estrie, django_assert_num_queries):
    person = PersonFactory(region=estrie)
    for _ in range(5):
        AffiliationFactory(person=person, organisation=OrganisationFactory(region=estrie))
    # session user, roles, person, affiliations, the log's INSERT, the anonymisation (none), and where
    # the powers come from: the account, its roles, the seats, the carriers (one query each)
    with django_assert_num_queries(10):
        estrie_client.get(detail(person))


# --- The export ---------------------------------------------------------------------------


def test_the_privacy_officer_exports_a_person_as_json(privacy_client, privacy_officer, estrie):
    person = PersonFactory(region=estrie, first_name="Marie", last_name="Gagnon", email="marie@example.org")
    organisation = OrganisationFactory(name="Atelier Orford", region=estrie)
    AffiliationFactory(person=person, organisation=organisation, job_title="Présidente")
    UserFactory(email="marie@example.org", person=person)
    other = PersonFactory(region=estrie, first_name="Paul", email="paul@example.org")
    AffiliationFactory(person=other, organisation=organisation, job_title="Trésorier")

    response = privacy_client.get(data_url(person))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="person-{person.pk}.json"'
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    registry = data["sections"]["registry"]
    assert registry["person"]["email"] == "marie@example.org"
    assert registry["affiliations"] == [{"organisation__name": "Atelier Orford", "job_title": "Présidente"}]
    assert registry["history"][0]["history_type"] == "+"
    assert data["sections"]["accounts"]["account"]["email"] == "marie@example.org"
    # Nothing of another person, even one of the same organisation.
    assert "paul@example.org" not in response.content.decode()
    assert "Trésorier" not in response.content.decode()
    entry = PersonalDataAccess.objects.get(action=AccessAction.EXPORT)
    assert (entry.user, entry.subject_id) == (privacy_officer, person.pk)


def test_the_export_is_also_a_pdf(ministry_client, estrie):
    person = PersonFactory(region=estrie)
    response = ministry_client.get(data_url(person, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_regional_office_may_not_export_a_person_it_manages(estrie_client, estrie):
    person = PersonFactory(region=estrie)
    assert estrie_client.get(data_url(person)).status_code == 403
    assert not PersonalDataAccess.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_export_is_refused_to_others(outsider_client, client, estrie_client, privacy_client, monteregie):
    person = PersonFactory(region=monteregie)
    assert outsider_client.get(data_url(person)).status_code == 403
    assert client.get(data_url(person)).status_code == 302
    assert estrie_client.get(data_url(person)).status_code == 404
    assert privacy_client.post(data_url(person)).status_code == 405


def test_the_person_page_offers_the_export_and_anonymisation_to_the_privacy_officer_only(
    privacy_client, estrie_client, estrie
):
    person = PersonFactory(region=estrie)
    assert data_url(person) in privacy_client.get(detail(person)).content.decode()
    assert anonymise_url(person) in privacy_client.get(detail(person)).content.decode()
    page = estrie_client.get(detail(person)).content.decode()
    assert data_url(person) not in page and anonymise_url(person) not in page


# --- The privacy officer's powers -------------------------------------------------------------


def test_the_privacy_officer_reads_every_person_but_edits_none(privacy_client, privacy_officer, estrie, monteregie):
    person = PersonFactory(region=monteregie)
    assert privacy_client.get(detail(person)).status_code == 200
    assert privacy_client.get(reverse("registry_bo:person_edit", args=[person.pk])).status_code == 403
    assert (
        reverse("registry_bo:person_edit", args=[person.pk]) not in privacy_client.get(detail(person)).content.decode()
    )
    with pytest.raises(PermissionDenied):
        services.update_person(person, actor=privacy_officer, data={"first_name": "Autre"})


# --- Anonymisation ------------------------------------------------------------------------


def test_anonymising_replaces_names_contacts_and_every_history_version(privacy_officer, estrie):
    person = PersonFactory(region=estrie, first_name="Marie", last_name="Gagnon", email="marie@example.org")
    services.update_person(person, actor=grant_ministry(), data={"phone": "+1 819 555-0100"}, reason="Nouveau")
    organisation = OrganisationFactory(region=estrie)
    services.add_affiliation(person, organisation, actor=grant_ministry(), job_title="Présidente")

    anonymisation = anonymise(person, privacy_officer)

    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.email, person.phone) == (
        "Personne",
        f"anonymisée {person.pk}",
        None,
        "",
    )
    assert "gagnon" not in person.search_text
    versions = Person.history.filter(id=person.pk)
    assert versions.count() >= 3
    assert set(versions.values_list("first_name", "last_name", "email", "phone")) == {
        ("Personne", f"anonymisée {person.pk}", None, "")
    }
    assert not Affiliation.objects.filter(person=person).exists()
    assert set(Affiliation.history.filter(person_id=person.pk).values_list("job_title", flat=True)) == {""}
    assert (anonymisation.basis, anonymisation.by, anonymisation.explanation) == (
        AnonymisationBasis.REQUEST,
        privacy_officer,
        "Demande reçue le 1er décembre.",
    )
    assert anonymisation.at is not None


def grant_ministry():
    user = UserFactory()
    grant(user, "ministry")
    return user


def test_anonymising_closes_the_account_and_rewrites_its_history(privacy_officer, estrie):
    person = PersonFactory(region=estrie, email="marie@example.org")
    user = UserFactory(email="marie@example.org", first_name="Marie", last_name="Gagnon", person=person)
    anonymise(person, privacy_officer)
    user.refresh_from_db()
    assert (user.email, user.first_name, user.last_name, user.is_active) == (
        f"anonymised-{user.pk}@invalid.example",
        "",
        "",
        False,
    )
    assert not user.has_usable_password()
    assert set(User.history.filter(id=user.pk).values_list("email", flat=True)) == {
        f"anonymised-{user.pk}@invalid.example"
    }


def test_anonymisation_is_refused_while_the_person_coordinates_a_current_niche(privacy_officer, estrie):
    person = PersonFactory(region=estrie)
    CreneauFactory(slug="meuble", name_fr="Meuble", coordinator=person, regions=[estrie])
    with pytest.raises(ValidationError, match="Meuble"):
        anonymise(person, privacy_officer)
    assert not Anonymisation.objects.exists()
    assert Person.objects.get(pk=person.pk).first_name == person.first_name


def test_anonymisation_is_refused_while_their_account_holds_a_current_role(privacy_officer, estrie):
    person = PersonFactory(region=estrie)
    grant(UserFactory(person=person), "regional_office", estrie)
    with pytest.raises(ValidationError, match=r"(staff role|rôle)"):
        anonymise(person, privacy_officer)


def test_anonymisation_needs_the_privacy_officer_or_the_ministry(estrie_user, ministry_user, estrie):
    person = PersonFactory(region=estrie)
    with pytest.raises(PermissionDenied):
        anonymise(person, estrie_user)
    anonymise(person, ministry_user)
    with pytest.raises(ValidationError):
        anonymise(person, ministry_user)


def test_anonymising_through_the_page_needs_the_confirmation(privacy_client, estrie):
    person = PersonFactory(region=estrie, first_name="Marie")
    data = {"basis": "request", "explanation": "Demande écrite du 1er décembre."}
    response = privacy_client.post(anonymise_url(person), data)
    assert response.status_code == 400
    assert Person.objects.get(pk=person.pk).first_name == "Marie"
    response = privacy_client.post(anonymise_url(person), {**data, "confirm": "on"})
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).first_name == "Personne"
    assert Anonymisation.objects.get(person=person).basis == "request"


def test_the_anonymisation_page_shows_the_legal_holds_and_refuses(privacy_client, estrie):
    person = PersonFactory(region=estrie)
    CreneauFactory(slug="bois", name_fr="Bois", coordinator=person, regions=[estrie])
    assert "Bois" in privacy_client.get(anonymise_url(person)).content.decode()
    data = {"basis": "request", "explanation": "Demande", "confirm": "on"}
    response = privacy_client.post(anonymise_url(person), data)
    assert response.status_code == 400
    assert not Anonymisation.objects.exists()


def test_the_anonymisation_page_is_refused_to_others(estrie_client, outsider_client, client, privacy_client, estrie):
    person = PersonFactory(region=estrie)
    assert estrie_client.get(anonymise_url(person)).status_code == 403
    assert outsider_client.get(anonymise_url(person)).status_code == 403
    assert client.get(anonymise_url(person)).status_code == 302
    assert privacy_client.put(anonymise_url(person)).status_code == 405
    assert privacy_client.get(reverse("registry_bo:person_anonymise", args=[999999])).status_code == 404


# --- Retention: people without ties ---------------------------------------------------------------


def _age(person, years):
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now() - datetime.timedelta(days=365 * years + 2))


def test_the_retention_rule_anonymises_exactly_the_people_past_their_period(estrie):
    old = PersonFactory(region=estrie, first_name="Ancien")
    recent = PersonFactory(region=estrie, first_name="Récent")
    tied = PersonFactory(region=estrie, first_name="Lié")
    AffiliationFactory(person=tied, organisation=OrganisationFactory(region=estrie))
    with_account = PersonFactory(region=estrie, first_name="Compte")
    UserFactory(person=with_account)
    coordinator = PersonFactory(region=estrie, first_name="Coordo")
    CreneauFactory(slug="meuble", coordinator=coordinator, regions=[estrie])
    for person in (old, tied, with_account, coordinator):
        _age(person, 6)
    _age(recent, 4)

    assert services.anonymise_inactive_people(timezone.localdate(), dry_run=True) == 1
    assert Person.objects.get(pk=old.pk).first_name == "Ancien"
    assert services.anonymise_inactive_people(timezone.localdate()) == 1

    names = dict(Person.objects.values_list("pk", "first_name"))
    assert names[old.pk] == "Personne"
    assert [names[p.pk] for p in (recent, tied, with_account, coordinator)] == ["Récent", "Lié", "Compte", "Coordo"]
    anonymisation = Anonymisation.objects.get()
    assert (anonymisation.person_id, anonymisation.basis, anonymisation.by) == (old.pk, "retention", None)
    # Once anonymised, the next run finds nothing.
    assert services.anonymise_inactive_people(timezone.localdate()) == 0


def test_legal_holds_are_empty_for_a_person_without_ties(estrie):
    assert selectors.legal_holds(PersonFactory(region=estrie)) == []


# --- The privacy notice ------------------------------------------------------------------------


def test_the_privacy_notice_is_public_in_french_with_the_officers_contact(client, settings):
    settings.ACCORD_PRIVACY_OFFICER = {
        "name": "Me Jeanne Roy",
        "email": "vie-privee@accord.example",
        "phone": "418 555-0100",
        "address": "",
    }
    response = client.get("/confidentialite/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Politique de confidentialité" in page
    assert "Me Jeanne Roy" in page and 'href="mailto:vie-privee@accord.example"' in page
    assert "Commission d'accès à l'information" in page


def test_the_privacy_notice_is_in_english_under_en(client):
    response = client.get("/en/confidentialite/")
    assert response.status_code == 200
    assert "Privacy notice" in response.content.decode()
    assert "Your rights" in response.content.decode()


def test_every_public_page_links_to_the_privacy_notice(client):
    assert 'href="/confidentialite/"' in client.get("/").content.decode()
    assert 'href="/en/confidentialite/"' in client.get("/en/").content.decode()


@pytest.mark.parametrize("name", ["registry_bo:dashboard", "registry_bo:person_list", "registry_bo:organisation_list"])
def test_the_privacy_officer_opens_the_back_office_pages(privacy_client, name):
    assert privacy_client.get(reverse(name)).status_code == 200
