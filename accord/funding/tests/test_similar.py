"""Similar projects (R-COL-02, decision 56): the index, the search as each reader may see it, the
panel while drafting, the committee's agenda and the record of its decision, and the API."""

from __future__ import annotations

import dataclasses
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.accounts.tests.factories import UserFactory
from accord.core.i18n import render_message
from accord.funding import selectors, services, similarity
from accord.funding.models import EventKind, Project, ProjectStatus, SimilarPair
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, RegionFactory

from .conftest import World, content, decide, draft

WELDERS = (
    "Recrutement international de soudeurs",
    "Recruter dix soudeurs au Costa Rica pour les fabricants d'équipements de transport de la région,"
    " avec un accueil et une formation d'intégration en entreprise.",
)
# The same project, reworded by another niche in another region: synonyms, another order, no accents,
# other figures and partners.
WELDERS_REWORDED = (
    "Embauche de travailleurs etrangers qualifies en soudure",
    "Les manufacturiers de vehicules et de materiel de transport veulent attirer 12 soudeurs"
    " venus de l'etranger (Amerique centrale); accueil et integration chez l'employeur.",
)
# The same topic, another kind of action: a training programme, not a recruitment abroad.
WELDERS_TRAINING = (
    "Programme de formation en soudage",
    "Un cursus de formation en soudage avec le cégep pour les fabricants d'équipements de transport.",
)


# --- The index (pure) ------------------------------------------------------------------------------


def _index(*texts: tuple[str, str]) -> similarity.Index:
    index = similarity.Index()
    for number, (title, summary) in enumerate(texts, start=1):
        index.put(number, similarity.project_text(title, summary))
    return index


FILLER = [
    ("Salon du meuble à Toronto", "Une présence collective des fabricants de meubles au salon de Toronto."),
    ("Étude sur l'aluminium", "Un portrait des transformateurs d'aluminium et de leurs marchés."),
    ("Vitrine des technologies vertes", "Un démonstrateur d'énergie solaire pour les bâtiments agricoles."),
    ("Tourisme gourmand", "Une route des saveurs pour les producteurs agroalimentaires et les auberges."),
]


def test_a_rewording_with_synonyms_and_no_accents_comes_first():
    index = _index(WELDERS, *FILLER, WELDERS_TRAINING)
    hits = index.search(similarity.project_text(*WELDERS_REWORDED), limit=3)
    assert hits[0].project_id == 1
    assert hits[0].score >= similarity.WARNING_SCORE


def test_the_same_topic_with_another_kind_of_action_ranks_below_the_duplicate():
    index = _index(WELDERS, *FILLER, WELDERS_TRAINING)
    ranked = [hit.project_id for hit in index.search(similarity.project_text(*WELDERS_REWORDED), limit=10)]
    training = 2 + len(FILLER)
    assert ranked.index(1) < ranked.index(training)


def test_concepts_of_the_thesaurus_meet_and_weigh_more_when_they_are_an_action():
    terms = [t.term for t in similarity.analyze("Main-d'œuvre : recruter des travailleurs ; l'embauche")]
    assert terms == ["~main-d'oeuvre", "~recrutement", "~main-d'oeuvre", "~recrutement"]
    assert similarity.weight("~recrutement") > similarity.weight("~main-d'oeuvre") == 1.0


def test_numbers_and_function_words_do_not_count():
    assert similarity.analyze("Les 10 et 2024") == []


def test_a_changed_text_replaces_the_old_one_and_compaction_keeps_the_ranking():
    index = _index(WELDERS, *FILLER)
    index.put(1, similarity.project_text(*FILLER[0]))
    assert not index.search("soudeurs Costa Rica")
    for round_ in range(3):
        index.put(1, similarity.project_text(*WELDERS) + f" {round_}")
    before = index.search(similarity.project_text(*WELDERS_REWORDED), limit=1)
    index.compact()  # exact document frequencies again: the scores move a little, not the first place
    assert [hit.project_id for hit in index.search(similarity.project_text(*WELDERS_REWORDED), limit=1)] == [
        hit.project_id for hit in before
    ]
    assert len(index) == 1 + len(FILLER)
    index.remove(1)
    assert 1 not in {hit.project_id for hit in index.search(similarity.project_text(*WELDERS))}


def test_the_shared_words_are_marked_in_the_title():
    terms = similarity.shared_terms(similarity.project_text(*WELDERS_REWORDED), WELDERS[0])
    pieces = list(similarity.spans(WELDERS[0], terms))
    assert "".join(piece for piece, _marked in pieces) == WELDERS[0]
    assert [piece for piece, marked in pieces if marked] == ["Recrutement", "international", "soudeurs"]


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàç ", min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(unrelated=st.lists(words, min_size=1, max_size=5))
def test_adding_unrelated_projects_never_changes_the_top_match(unrelated):
    """Texts sharing no term with the query cannot take its first place (nor change its order)."""
    query = similarity.project_text(*WELDERS_REWORDED)
    index = _index(WELDERS, *FILLER, WELDERS_TRAINING)
    before = index.search(query, limit=1)[0].project_id
    query_terms = set(similarity.term_counts(query))
    for number, text in enumerate(unrelated, start=100):
        if not set(similarity.term_counts(text)) & query_terms:
            index.put(number, text)
    assert index.search(query, limit=1)[0].project_id == before


# --- The search, as each reader may see it ---------------------------------------------------------


def _elsewhere(world: World, title: str, summary: str, *, status: str | None = None) -> Project:
    """A project of another niche, region and carrier."""
    region = RegionFactory(name="Bas-Saint-Laurent")
    creneau = CreneauFactory(name_fr="Matériel de transport", regions=[region])
    carrier = OrganisationFactory(name="Véhicules Nordiques", region=region, creneaux=[creneau])
    fields = dataclasses.replace(
        content(world, title=title, summary=summary, region=region), creneaux=[creneau], partners=[]
    )
    project = services.create_project(carrier, fields, actor=world.ministry)
    if status is not None:
        Project.objects.filter(pk=project.pk).update(status=status)
        project.refresh_from_db()
    return project


@pytest.mark.django_db
def test_a_project_is_found_as_soon_as_it_is_written_and_its_changes_follow(world):
    mine = draft(world, title=WELDERS_REWORDED[0], summary=WELDERS_REWORDED[1])
    assert selectors.similar_projects(world.ministry, title=WELDERS[0], summary=WELDERS[1])[0].pk == mine.pk
    services.update_project(
        mine,
        content(world, title="Salon du meuble", summary="Kiosque collectif à Toronto."),
        actor=world.carrier_user,
        revision=mine.revision,
    )
    assert not [r for r in selectors.similar_projects(world.ministry, title=WELDERS[0]) if r.pk == mine.pk]


@pytest.mark.django_db
def test_another_niches_reworded_project_is_found_across_regions(world):
    other = _elsewhere(world, *WELDERS)
    found = selectors.similar_projects(world.ministry, title=WELDERS_REWORDED[0], summary=WELDERS_REWORDED[1])
    assert found[0].pk == other.pk
    assert found[0].very_similar
    assert found[0].title == WELDERS[0] and found[0].url == other.get_absolute_url()
    assert found[0].region.name == "Bas-Saint-Laurent"
    assert [c.name for c in found[0].creneaux] == ["Matériel de transport"]


@pytest.mark.django_db
def test_a_carrier_reads_another_niches_project_only_when_granted_or_published(world):
    other = _elsewhere(world, *WELDERS)
    [row] = [r for r in selectors.similar_projects(world.carrier_user, title=WELDERS_REWORDED[0]) if r.pk == other.pk]
    # Another carrier's draft: where and when, never its title, number or words.
    assert (row.title, row.url, row.shared) == (None, "", [])
    assert row.region.name == "Bas-Saint-Laurent"
    Project.objects.filter(pk=other.pk).update(status=ProjectStatus.GRANTED)
    [row] = [r for r in selectors.similar_projects(world.carrier_user, title=WELDERS_REWORDED[0]) if r.pk == other.pk]
    assert row.title == WELDERS[0]
    assert row.url == ""  # granted but not published: the title, not the file


@pytest.mark.django_db
def test_the_panel_follows_the_text_being_typed(world):
    other = _elsewhere(world, *WELDERS)
    client = Client()
    client.force_login(world.carrier_user)
    url = reverse("funding:project_similar")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"title": WELDERS_REWORDED[0], "summary": WELDERS_REWORDED[1]})
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("fr"):
        assert "Un projet très semblable existe" in page
    assert other.number not in page  # another carrier's draft: no number, no title
    assert len(queries) <= 12
    empty = client.post(url, {"title": "", "summary": ""}).content.decode()
    assert "Un projet très semblable" not in empty
    # Someone who may not draft a project gets nothing.
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.post(url, {"title": WELDERS[0]}).status_code == 403


@pytest.mark.django_db
def test_the_analyst_sees_the_similar_projects_on_the_projects_page(world):
    other = _elsewhere(world, *WELDERS)
    mine = draft(world, title=WELDERS_REWORDED[0], summary=WELDERS_REWORDED[1])
    client = Client()
    client.force_login(world.ministry)
    page = client.get(mine.get_absolute_url()).content.decode()
    assert 'id="similar-projects"' in page and other.get_absolute_url() in page and "<mark>" in page


@pytest.mark.django_db
def test_the_committee_is_told_and_its_decision_records_it(world):
    other = _elsewhere(world, *WELDERS, status=ProjectStatus.GRANTED)
    mine = draft(world, title=WELDERS_REWORDED[0], summary=WELDERS_REWORDED[1])
    services.submit_project(mine, actor=world.carrier_user)
    with translation.override("fr"):
        notes = selectors.decision_notes([mine])[mine.pk]
    assert any(other.number in note and "Bas-Saint-Laurent" in note for note in notes)
    decide(world.niche_committee, mine, actor=world.office)
    seen = mine.events.get(action=EventKind.RESOLUTION, note_message__key="funding.similar_seen")
    assert seen.note_message["params"]["number"] == other.number
    with translation.override("en"):
        assert render_message(seen.note_message) == (
            f"When it decided, the committee had been told that project {other.number} is"
            f" {seen.note_message['params']['percent']} % similar."
        )


@pytest.mark.django_db
def test_no_note_when_nothing_is_very_similar(world):
    _elsewhere(world, "Salon du meuble à Toronto", "Un kiosque collectif.")
    mine = draft(world, title=WELDERS[0], summary=WELDERS[1])
    services.submit_project(mine, actor=world.carrier_user)
    assert selectors.decision_notes([mine]) == {}


# --- The staff's search and the API ----------------------------------------------------------------


@pytest.mark.django_db
def test_staff_search_from_free_text(world):
    other = _elsewhere(world, *WELDERS)
    client = Client()
    client.force_login(world.ministry)
    url = reverse("funding:similar_search")
    page = client.get(url, {"text": "embaucher des soudeurs étrangers"}).content.decode()
    assert other.number in page
    assert client.get(url, {"text": "a\x00b"}).status_code == 400
    carrier = Client()
    carrier.force_login(world.carrier_user)
    assert carrier.get(url, {"text": "soudeurs"}).status_code == 403


def _api(client: Client, body: object) -> tuple[int, object]:
    response = client.post("/api/v1/projects/similar/", json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


@pytest.mark.django_db
def test_the_api_ranks_and_refuses_bad_input(world):
    other = _elsewhere(world, *WELDERS)
    draft(world, title=WELDERS_TRAINING[0], summary=WELDERS_TRAINING[1])
    client = Client()
    client.force_login(world.ministry)
    status, body = _api(client, {"title": WELDERS_REWORDED[0], "summary": WELDERS_REWORDED[1], "limit": 5})
    assert status == 200
    first = body["results"][0]
    assert first["id"] == other.pk and first["reference"] == other.number and first["year"] == 2025
    assert first["region"] == other.region.code and first["status"] == "draft" and 0 < first["score"] <= 1
    scores = [row["score"] for row in body["results"]]
    assert scores == sorted(scores, reverse=True)
    with translation.override("en"):
        for bad, field in [({"title": " "}, "non_field_errors"), ({"title": "x" * 20_001}, "non_field_errors")]:
            status, body = _api(client, bad)
            assert status == 400 and field in body
        status, body = _api(client, {"title": "soudeurs", "limit": 51})
        assert status == 400 and "limit" in body
        status, body = _api(client, {"title": "a\x00"})
        assert status == 400


@pytest.mark.django_db
def test_the_api_is_for_staff(world):
    client = Client()
    client.force_login(world.carrier_user)
    assert _api(client, {"title": "soudeurs"})[0] == 403
    assert _api(Client(), {"title": "soudeurs"})[0] in (401, 403)


@pytest.mark.django_db
def test_the_search_page_runs_a_fixed_number_of_queries_whatever_the_hits(world):
    client = Client()
    client.force_login(world.ministry)
    url = reverse("funding:similar_search")
    client.get(url, {"text": "soudeurs"})  # the index is built once per process
    counts = []
    for extra in range(2):
        _elsewhere(world, f"{WELDERS[0]} {extra}", WELDERS[1])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"text": WELDERS_REWORDED[1]}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 7


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçœ' -,.0123456789AÉ", max_size=200))
def test_the_fast_path_gives_the_same_terms_as_the_analysis(text):
    for sample in (text, similarity.project_text(*WELDERS_REWORDED), "main d'oeuvre et Main-d'œuvre " + text):
        assert similarity.terms(sample) == [t.term for t in similarity.analyze(sample)]


@pytest.mark.django_db
def test_the_services_keep_the_pairs_of_similar_projects_that_link_two_niches(world):
    other = _elsewhere(world, *WELDERS)
    mine = draft(world, title=WELDERS_REWORDED[0], summary=WELDERS_REWORDED[1])
    assert list(SimilarPair.objects.values_list("project_id", "other_id")) == [(mine.pk, other.pk)]
    assert selectors.similar_creneau_pairs() == []  # drafts are their carriers' alone
    Project.objects.filter(pk__in=[mine.pk, other.pk]).update(status=ProjectStatus.SUBMITTED)
    [(a, b, count)] = selectors.similar_creneau_pairs()
    assert {a, b} == {world.creneau.pk, other.creneaux.get().pk} and a < b and count == 1
    # Rewritten, it no longer resembles: the pair goes.
    Project.objects.filter(pk=mine.pk).update(status=ProjectStatus.DRAFT)
    mine.refresh_from_db()
    services.update_project(
        mine,
        content(world, title="Salon du meuble", summary="Kiosque collectif à Toronto."),
        actor=world.carrier_user,
        revision=mine.revision,
    )
    assert not SimilarPair.objects.exists() and selectors.similar_creneau_pairs() == []


def test_a_project_is_very_similar_when_it_scores_enough_and_stands_out_of_the_crowd():
    hit = similarity.Hit
    crowd = [hit(n, 0.4) for n in range(1, 6)]
    assert similarity.standing_out(crowd) == []  # five alike: none stands out
    assert similarity.standing_out([hit(9, 0.7), *crowd[:4]]) == [hit(9, 0.7)]
    assert similarity.standing_out([hit(9, 0.29)]) == []  # too low, alone as it is
    assert similarity.standing_out([hit(9, 0.31)]) == [hit(9, 0.31)]
