"""Writes safe to repeat (decision 15): one result per submission, no edit lost without a word."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from accord.core.models import IdempotencyKey
from accord.core.services import EditConflict, KeyReused, once
from accord.registry import services
from accord.registry.models import Organisation, Person

from .factories import CreneauFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

# Text a person may type on one line: no control characters (NUL, CR, LF…), no surrogates.
LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s
)
HYPOTHESIS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


# --- Pages ---------------------------------------------------------------------------------------


def test_the_organisation_form_posted_twice_adds_one_organisation(estrie_client, estrie):
    page = estrie_client.get(reverse("registry_bo:organisation_create"))
    issued = page.context["form"]["submission_token"].value()
    posted = {"name": "Bois Magog", "kind": "enterprise", "region": estrie.pk, "submission_token": issued}
    first = estrie_client.post(reverse("registry_bo:organisation_create"), posted)
    second = estrie_client.post(reverse("registry_bo:organisation_create"), posted)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert Organisation.objects.count() == 1


def test_the_person_form_posted_twice_adds_one_person(estrie_client, estrie):
    posted = {"first_name": "Marie", "last_name": "Roy", "preferred_language": "fr", "region": estrie.pk}
    posted["submission_token"] = uuid.uuid4().hex
    for _ in range(3):
        assert estrie_client.post(reverse("registry_bo:person_create"), posted).status_code == 302
    assert Person.objects.count() == 1


def test_a_name_with_a_line_break_is_refused(estrie_client, estrie, estrie_user):
    posted = {"first_name": "Marie\r\nBcc: x@example.org", "last_name": "Roy", "preferred_language": "fr"}
    response = estrie_client.post(reverse("registry_bo:person_create"), {**posted, "region": estrie.pk})
    assert response.status_code == 400
    assert "doit tenir sur une seule ligne" in response.content.decode()  # the French page
    with pytest.raises(ValidationError) as refused:
        services.create_person(actor=estrie_user, data={**posted, "region": estrie})
    assert list(refused.value.message_dict) == ["first_name"]
    assert not Person.objects.exists()


def test_a_stale_organisation_form_is_409_with_both_values(estrie_client, estrie, estrie_user):
    org = OrganisationFactory(region=estrie, city="Magog")
    address = reverse("registry_bo:organisation_edit", args=[org.pk])
    form = estrie_client.get(address).context["form"]
    posted = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    posted.pop("creneaux", None)
    services.update_organisation(org, actor=estrie_user, data={"city": "Sherbrooke"})
    response = estrie_client.post(address, {**posted, "city": "Granby"})
    org.refresh_from_db()
    assert response.status_code == 409
    assert org.city == "Sherbrooke"
    html = response.content.decode()
    assert "Sherbrooke" in html and "Granby" in html
    assert response.context["form"]["city"].value() == "Granby"


def test_a_stale_person_form_is_409(estrie_client, estrie, estrie_user):
    person = PersonFactory(region=estrie)
    address = reverse("registry_bo:person_edit", args=[person.pk])
    form = estrie_client.get(address).context["form"]
    posted = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    services.update_person(person, actor=estrie_user, data={"phone": "819 555-0100"})
    assert estrie_client.post(address, {**posted, "phone": "819 555-0199"}).status_code == 409
    person.refresh_from_db()
    assert person.phone == "819 555-0100"


# --- API -----------------------------------------------------------------------------------------


def test_the_api_creates_one_organisation_per_key(estrie_user, estrie):
    api = APIClient()
    api.force_authenticate(estrie_user)
    body = {"name": "Bois Magog", "kind": "enterprise", "region": estrie.code}
    first = api.post("/api/v1/organisations/", body, format="json", HTTP_IDEMPOTENCY_KEY="o-1")
    second = api.post("/api/v1/organisations/", body, format="json", HTTP_IDEMPOTENCY_KEY="o-1")
    assert (first.status_code, second.status_code) == (201, 201), first.json()
    assert first.json()["id"] == second.json()["id"]
    changed = api.post("/api/v1/organisations/", {**body, "name": "Autre"}, format="json", HTTP_IDEMPOTENCY_KEY="o-1")
    assert changed.status_code == 422
    assert Organisation.objects.count() == 1


def test_the_organisation_api_answers_412_to_a_stale_if_match(estrie_user, estrie):
    org = OrganisationFactory(region=estrie, city="Magog")
    api = APIClient()
    api.force_authenticate(estrie_user)
    read = api.get(f"/api/v1/organisations/{org.pk}/")
    tag = read["ETag"]
    first = api.patch(f"/api/v1/organisations/{org.pk}/", {"city": "Sherbrooke"}, format="json", HTTP_IF_MATCH=tag)
    assert first.status_code == 200
    assert first["ETag"] != tag
    stale = api.patch(f"/api/v1/organisations/{org.pk}/", {"city": "Granby"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert stale.json()["fields"]["city"] == {"theirs": "Sherbrooke", "yours": "Granby"}
    org.refresh_from_db()
    assert org.city == "Sherbrooke"
    fresh = api.patch(
        f"/api/v1/organisations/{org.pk}/", {"city": "Granby"}, format="json", HTTP_IF_MATCH=first["ETag"]
    )
    assert fresh.status_code == 200
    assert api.patch(f"/api/v1/organisations/{org.pk}/", {"city": "X"}, format="json").status_code == 200


# --- Properties ----------------------------------------------------------------------------------


@HYPOTHESIS
@given(submissions=st.lists(st.sampled_from(["a", "b", "c", None]), min_size=1, max_size=8), name=LINE)
def test_any_sequence_of_repeated_submissions_yields_one_result_per_key(estrie_user, estrie, submissions, name):
    Person.objects.all().delete()
    IdempotencyKey.objects.all().delete()
    results = {}
    data = {"first_name": name, "last_name": "R", "region": estrie}
    for key in submissions:
        result = once(
            lambda: services.create_person(actor=estrie_user, data=data),
            key=key,
            user=estrie_user,
            scope="registry.person",
        )
        if key is not None:
            results.setdefault(key, result.obj.pk)
            assert result.obj.pk == results[key]
    keyed = {k for k in submissions if k is not None}
    assert Person.objects.count() == len(keyed) + submissions.count(None)


def test_a_key_reused_with_another_body_is_refused(estrie_user, estrie):
    def create():
        return services.create_person(actor=estrie_user, data={"first_name": "A", "last_name": "B", "region": estrie})

    once(create, key="k", user=estrie_user, scope="registry.person", digest="one")
    with pytest.raises(KeyReused):
        once(create, key="k", user=estrie_user, scope="registry.person", digest="two")
    assert Person.objects.count() == 1


# An editor opens the form (reads the revision), then saves a value; two editors, any order.
STEPS = st.lists(st.tuples(st.sampled_from(["open", "save"]), st.sampled_from([0, 1]), LINE), min_size=1, max_size=10)


@HYPOTHESIS
@given(steps=STEPS)
def test_optimistic_locking_never_loses_a_change(estrie_user, estrie, steps):
    org = OrganisationFactory(region=estrie, city="Départ")
    opened: dict[int, tuple[int, str]] = {}  # editor → (revision, the city they saw)
    for action, editor, city in steps:
        org.refresh_from_db()
        if action == "open" or editor not in opened:
            opened[editor] = (org.revision, org.city)
            continue
        revision, seen = opened.pop(editor)
        before = (org.revision, org.city)
        try:
            changed = services.update_organisation(org, actor=estrie_user, data={"city": city}, revision=revision)
        except EditConflict:
            org.refresh_from_db()
            # Refused: someone saved since the editor opened the form, and nothing changed.
            assert revision != before[0]
            assert (org.revision, org.city) == before
            continue
        org.refresh_from_db()
        # Applied: the editor had the latest revision, so what they replaced is what they saw.
        assert revision == before[0]
        assert before[1] == seen
        assert org.city == city
        assert org.revision == before[0] + (1 if changed else 0)


# --- Créneaux and regions: a stale form changes nothing -------------------------------------------


def test_a_stale_creneau_form_is_409_with_both_values(ministry_client, ministry_user, estrie):
    creneau = CreneauFactory(regions=[estrie], website="https://ancien.example.org")
    address = reverse("registry_bo:creneau_edit", args=[creneau.pk])
    form = ministry_client.get(address).context["form"]
    posted = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    posted["regions"] = [str(estrie.pk)]
    services.update_creneau(creneau, actor=ministry_user, data={"website": "https://autre.example.org"})
    response = ministry_client.post(address, {**posted, "website": "https://moi.example.org"})
    creneau.refresh_from_db()
    assert response.status_code == 409
    assert creneau.website == "https://autre.example.org"
    html = response.content.decode()
    assert "https://autre.example.org" in html and "https://moi.example.org" in html


def test_a_change_of_a_creneaus_regions_alone_makes_older_forms_stale(ministry_user, estrie, monteregie):
    creneau = CreneauFactory(regions=[estrie])
    start = creneau.revision
    services.update_creneau(creneau, actor=ministry_user, data={}, regions=[estrie, monteregie], revision=start)
    with pytest.raises(EditConflict) as conflict:
        services.update_creneau(creneau, actor=ministry_user, data={}, regions=[estrie], revision=start)
    assert list(conflict.value.fields) == ["regions"]
    assert creneau.regions.count() == 2


def test_a_stale_region_form_is_409(ministry_client, ministry_user, estrie):
    address = reverse("registry_bo:region_edit", args=[estrie.code])
    revision = ministry_client.get(address).context["form"]["revision"].value()
    services.update_region(estrie, actor=ministry_user, data={"name": "Estrie (Cantons-de-l'Est)"})
    response = ministry_client.post(address, {"name": "Estrie-Sud", "revision": revision})
    estrie.refresh_from_db()
    assert response.status_code == 409
    assert estrie.name == "Estrie (Cantons-de-l'Est)"
