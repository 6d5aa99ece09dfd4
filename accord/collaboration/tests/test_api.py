"""The API: a créneau's links with their reasons under the pages' gate and policies (only the names
the caller may see), and the experience notes with the list's FilterSet."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from .conftest import make_note

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_niches_links_with_their_kinds_and_reasons(program):
    response = api(program["eolien_member"]).get("/api/v1/creneaux/meuble/links/")
    assert response.status_code == 200
    by_niche = {link["creneau"]: link for link in response.json()}
    assert set(by_niche) == {"bois", "aluminium"}
    bois = by_niche["bois"]
    assert bois["weight"] == 4
    assert bois["kinds"] == ["shared_members", "joint_projects", "committee", "shared_themes"]
    reasons = {reason["kind"]: reason for reason in bois["reasons"]}
    assert reasons["shared_members"]["names"] == ["Scierie Commune"]
    # The joint project is counted, not named: the wind niche's member may not open it.
    assert (reasons["joint_projects"]["count"], reasons["joint_projects"]["names"]) == (1, [])
    assert reasons["joint_projects"]["unnamed"] == 1
    declared = by_niche["aluminium"]["reasons"][0]
    assert declared["kind"] == "supplier_customer"
    assert declared["direction"] == "customer"
    assert declared["description"] == "Les profilés d'aluminium des meubles de bureau."


def test_the_links_answer_the_pages_refusals(program):
    assert api().get("/api/v1/creneaux/meuble/links/").status_code in (401, 403)
    assert api(program["stranger"]).get("/api/v1/creneaux/meuble/links/").status_code == 403
    assert api(program["member"]).get("/api/v1/creneaux/inconnu/links/").status_code == 404
    assert api(program["member"]).post("/api/v1/creneaux/meuble/links/").status_code == 405


def test_the_notes_api_lists_what_the_caller_may_open_and_searches(program):
    published = make_note(program)
    draft = make_note(program, publish=False, title_fr="Brouillon")
    response = api(program["bois_member"]).get("/api/v1/experience-notes/")
    assert [row["id"] for row in response.json()["results"]] == [published.pk]
    assert api(program["bois_member"]).get(f"/api/v1/experience-notes/{draft.pk}/").status_code == 404
    response = api(program["coordinator"]).get("/api/v1/experience-notes/", {"status": "draft"})
    assert [row["id"] for row in response.json()["results"]] == [draft.pk]
    response = api(program["bois_member"]).get("/api/v1/experience-notes/", {"q": "boston"})
    assert [row["title"] for row in response.json()["results"]] == ["Mission commerciale à Boston"]
    assert api(program["stranger"]).get("/api/v1/experience-notes/").status_code == 403


def test_the_notes_api_speaks_the_callers_language(program):
    make_note(program)
    response = api(program["bois_member"]).get("/api/v1/experience-notes/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["results"][0]["title"] == "Trade mission to Boston"


def test_the_api_lists_take_the_same_queries_whatever_the_number_of_notes(program, django_assert_max_num_queries):
    make_note(program)
    client = api(program["bois_member"])
    with django_assert_max_num_queries(15) as few:
        assert client.get("/api/v1/experience-notes/").status_code == 200
    for n in range(6):
        make_note(program, title_fr=f"Note {n}")
    client = api(type(program["bois_member"]).objects.get(pk=program["bois_member"].pk))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/experience-notes/").status_code == 200
