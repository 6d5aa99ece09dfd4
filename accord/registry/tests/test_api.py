import datetime

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from accord.accounts.tests.factories import PASSWORD
from accord.registry.models import Organisation, ResourceRegionStatus

from .factories import CreneauFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def gaspesie():
    region = RegionFactory(code="11", name="Gaspésie–Îles-de-la-Madeleine")
    ResourceRegionStatus.objects.create(region=region, valid_from=datetime.date(2008, 1, 1))
    return region


@pytest.fixture
def eolien(gaspesie):
    return CreneauFactory(
        slug="eolien", name_fr="Éolien", name_en="Wind energy", category="emerging", regions=[gaspesie]
    )


def test_regions_list_shape_and_query_count(api, gaspesie, estrie, eolien, django_assert_num_queries):
    CreneauFactory(slug="ended", regions=[gaspesie], ended_on=datetime.date(2007, 1, 1))
    with django_assert_num_queries(3):  # count, page (with status), active créneaux
        response = api.get("/api/v1/regions/")
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    by_code = {r["code"]: r for r in body["results"]}
    assert by_code["11"] == {
        "code": "11",
        "name": "Gaspésie–Îles-de-la-Madeleine",
        "resource_region": True,
        "creneaux": ["eolien"],
    }
    assert by_code["05"]["resource_region"] is False


def test_creneaux_names_follow_accept_language(api, eolien):
    french = api.get("/api/v1/creneaux/").json()["results"][0]
    english = api.get("/api/v1/creneaux/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert (french["name"], english["name"]) == ("Éolien", "Wind energy")
    assert french == {
        **french,
        "slug": "eolien",
        "regions": ["11"],
        "category": "emerging",
        "recognition_stage": "recognised",
    }


def test_creneau_detail_by_slug(api, eolien):
    body = api.get("/api/v1/creneaux/eolien/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["slug"], body["name"], body["regions"]) == ("eolien", "Wind energy", ["11"])
    assert api.get("/api/v1/creneaux/nope/").status_code == 404


def test_creneaux_show_whether_they_are_active_and_when_they_ended(api, gaspesie, eolien):
    CreneauFactory(slug="ended", regions=[gaspesie], ended_on=datetime.date(2007, 1, 1))
    rows = {c["slug"]: c for c in api.get("/api/v1/creneaux/").json()["results"]}
    assert (rows["eolien"]["active"], rows["eolien"]["ended_on"]) == (True, None)
    assert (rows["ended"]["active"], rows["ended"]["ended_on"]) == (False, "2007-01-01")
    body = api.get("/api/v1/creneaux/ended/").json()
    assert (body["active"], body["ended_on"]) == (False, "2007-01-01")


def test_creneaux_filter_on_their_active_status(api, gaspesie, eolien):
    """Found by a new user: `?active=true` answered 500."""
    CreneauFactory(slug="ended", regions=[gaspesie], ended_on=datetime.date(2007, 1, 1))
    for value, slugs in [("true", ["eolien"]), ("false", ["ended"]), ("", ["ended", "eolien"])]:
        response = api.get("/api/v1/creneaux/", {"active": value})
        assert response.status_code == 200, value
        assert sorted(c["slug"] for c in response.json()["results"]) == slugs, value


def test_a_filter_value_that_means_nothing_is_400_with_a_message_in_the_users_language(api, eolien):
    response = api.get("/api/v1/creneaux/", {"active": "maybe"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "maybe" in response.json()["active"][0] and "choix valide" in response.json()["active"][0]
    response = api.get("/api/v1/organisations/", {"region": "null,null"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "valid choice" in response.json()["region"][0]


def test_creneaux_list_query_count(api, gaspesie, django_assert_num_queries):
    for _ in range(15):
        CreneauFactory(regions=[gaspesie])
    with django_assert_num_queries(3):
        api.get("/api/v1/creneaux/")


def test_search_ignores_accents_and_case(api, eolien, gaspesie):
    CreneauFactory(name_fr="Meuble", regions=[gaspesie])
    assert [c["slug"] for c in api.get("/api/v1/creneaux/", {"search": "EOLIEN"}).json()["results"]] == ["eolien"]
    OrganisationFactory(name="Éoliennes Côté", region=gaspesie)
    OrganisationFactory(name="Meubles Roy", region=gaspesie)
    names = [o["name"] for o in api.get("/api/v1/organisations/", {"search": "eoliennes cote"}).json()["results"]]
    assert names == ["Éoliennes Côté"]


def test_organisations_hide_contact_details_from_the_public(api, gaspesie):
    OrganisationFactory(region=gaspesie, email="secret@example.org")
    row = api.get("/api/v1/organisations/").json()["results"][0]
    assert row["email"] is None and row["phone"] is None


def test_organisations_show_contact_details_to_staff_in_scope(api, estrie, monteregie, estrie_user):
    OrganisationFactory(name="A", region=estrie, email="a@example.org")
    OrganisationFactory(name="B", region=monteregie, email="b@example.org")
    api.force_authenticate(estrie_user)
    rows = {o["name"]: o["email"] for o in api.get("/api/v1/organisations/").json()["results"]}
    assert rows == {"A": "a@example.org", "B": None}


def test_organisations_list_query_count_and_filters(api, eolien, gaspesie, django_assert_num_queries):
    for _ in range(20):
        OrganisationFactory(region=gaspesie, creneaux=[eolien])
    OrganisationFactory(region=gaspesie, kind="research_centre")
    with django_assert_num_queries(5):  # the filter's regions (then cached), count, page, regions, créneaux
        response = api.get("/api/v1/organisations/", {"region": "11", "kind": "enterprise", "search": "entreprise"})
    body = response.json()
    assert body["count"] == 20
    assert body["results"][0]["creneaux"] == ["eolien"]


def test_pagination_links(api, gaspesie):
    for _ in range(3):
        OrganisationFactory(region=gaspesie)
    body = api.get("/api/v1/organisations/", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert "page=2" in body["next"] and body["previous"] is None


def test_token_authentication(api, estrie_user, estrie):
    response = api.post("/api/v1/auth/token/", {"email": "ESTRIE@example.org", "password": PASSWORD}, format="json")
    token = response.json()["token"]
    assert AuthToken.objects.get(user=estrie_user).token_key == token[:15]
    OrganisationFactory(region=estrie, email="a@example.org")
    row = api.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {token}").json()["results"][0]
    assert row["email"] == "a@example.org"


def test_token_refuses_a_wrong_password(api, estrie_user):
    response = api.post("/api/v1/auth/token/", {"email": "estrie@example.org", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not AuthToken.objects.exists()


def test_staff_create_an_organisation(api, estrie_user, estrie, eolien):
    api.force_authenticate(estrie_user)
    response = api.post(
        "/api/v1/organisations/",
        {"name": "Atelier Magog", "kind": "enterprise", "region": "05", "neq": "1143281018", "creneaux": ["eolien"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    org = Organisation.objects.get()
    assert (org.name, org.neq, response.json()["creneaux"]) == ("Atelier Magog", "1143281018", ["eolien"])
    assert org.history.get().history_user == estrie_user


def test_bad_input_is_400_with_field_errors_and_saves_nothing(api, estrie_user, estrie):
    api.force_authenticate(estrie_user)
    response = api.post(
        "/api/v1/organisations/",
        {"name": "X", "kind": "research_centre", "region": "05", "is_leader": True},
        format="json",
    )
    assert response.status_code == 400
    assert "is_leader" in response.json()
    response = api.post(
        "/api/v1/organisations/", {"name": "X\x00", "kind": "enterprise", "region": "05"}, format="json"
    )
    assert response.status_code == 400
    assert "name" in response.json()
    response = api.post("/api/v1/organisations/", {"name": "X", "kind": "enterprise", "neq": "12"}, format="json")
    assert response.status_code == 400
    assert not Organisation.objects.exists()


def test_writes_need_authentication_and_scope(api, estrie_user, monteregie, outsider):
    assert api.post("/api/v1/organisations/", {"name": "X", "kind": "enterprise"}, format="json").status_code in (
        401,
        403,
    )
    api.force_authenticate(estrie_user)
    response = api.post("/api/v1/organisations/", {"name": "X", "kind": "enterprise", "region": "16"}, format="json")
    assert response.status_code == 403
    other = OrganisationFactory(region=monteregie)
    assert api.patch(f"/api/v1/organisations/{other.pk}/", {"city": "Z"}, format="json").status_code == 403
    api.force_authenticate(outsider)
    assert api.post("/api/v1/organisations/", {"name": "X", "kind": "enterprise"}, format="json").status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


def test_staff_update_an_organisation_in_scope(api, estrie_user, estrie):
    org = OrganisationFactory(region=estrie, city="Magog")
    api.force_authenticate(estrie_user)
    response = api.patch(f"/api/v1/organisations/{org.pk}/", {"city": "Sherbrooke", "reason": "API"}, format="json")
    assert response.status_code == 200
    org.refresh_from_db()
    assert org.city == "Sherbrooke"
    assert org.history.first().history_change_reason == "API"


def test_schema_and_docs_are_served(api):
    schema = api.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/organisations/" in schema.content and b"/api/v1/auth/token/" in schema.content
    docs = api.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.content


def test_organisation_representation_has_exactly_the_schema_fields(api, estrie, estrie_user):
    from accord.registry.api.serializers import OrganisationSerializer

    OrganisationFactory(region=estrie)
    api.force_authenticate(estrie_user)
    row = api.get("/api/v1/organisations/").json()["results"][0]
    assert list(row) == list(OrganisationSerializer.Meta.fields)


def test_the_creneau_shows_its_coordinator_and_the_api_cannot_change_it(api, eolien, estrie, ministry_user):
    """Decision 23: the coordinator is read from the niche committee's mandate; no API writes it."""
    from accord.registry import services

    from .factories import PersonFactory

    assert api.get("/api/v1/creneaux/eolien/").json()["coordinator"] is None
    services.record_coordinator(eolien, PersonFactory(first_name="Annie", last_name="Côté"), actor=None)
    assert api.get("/api/v1/creneaux/eolien/").json()["coordinator"] == "Annie Côté"
    api.force_authenticate(ministry_user)
    person = PersonFactory(region=estrie)
    assert api.patch("/api/v1/creneaux/eolien/", {"coordinator": person.pk}, format="json").status_code == 405
    assert api.post("/api/v1/creneaux/", {"coordinator": person.pk}, format="json").status_code == 405
    eolien.refresh_from_db()
    assert eolien.coordinator.full_name == "Annie Côté"
