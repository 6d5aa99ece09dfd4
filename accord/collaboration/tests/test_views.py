"""The pages: the area's gate (sign in, 403 with the reason), 404 for what the reader may not see,
403 for what they see and may not change, 405 for a wrong method; declaring and ending a link and
writing a note through the forms; the names each reader sees; the queries of each page, which do
not grow with the number of niches, links or notes."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from accord.collaboration import services
from accord.collaboration.models import CreneauLink, ExperienceNote, NoteStatus
from accord.planning.models import Action
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory

from .conftest import client_for, make_note

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def french(message: str) -> str:
    with translation.override("fr"):
        return translation.gettext(message)


NETWORK = reverse("collaboration:network")
NOTES = reverse("collaboration:note_list")


def links_of(slug: str) -> str:
    return reverse("collaboration:creneau_links", args=[slug])


@pytest.mark.parametrize("address", [NETWORK, NOTES, "/gestion/collaboration/creneaux/meuble/"])
def test_anonymous_visitors_sign_in_first_and_others_outside_the_area_get_a_403(program, client, address):
    response = client.get(address)
    assert response.status_code == 302 and "/compte/" in response["Location"]
    for who in ("stranger", "carrier"):
        response = client_for(program[who]).get(address)
        assert response.status_code == 403
        assert french(
            "The links between niches and the experience notes are for the members of niche committees "
            "and for ministry and regional-office staff."
        ) in text(response)


def test_a_wrong_method_is_a_405(program):
    member = client_for(program["member"])
    assert member.post(NETWORK).status_code == 405
    assert member.post(links_of("meuble")).status_code == 405
    assert member.post(NOTES).status_code == 405


def test_an_unknown_niche_is_a_404(program):
    assert client_for(program["member"]).get(links_of("inconnu")).status_code == 404


def test_the_map_page_lists_every_link_in_its_table_and_embeds_the_same_data(program):
    response = client_for(program["eolien_member"]).get(NETWORK)
    assert response.status_code == 200
    page = text(response)
    assert 'id="network-data"' in page
    assert response.context["graph"]["edges"]
    rows = {(e.a.slug, e.b.slug) for e in response.context["network"].edges}
    assert rows == {("meuble", "bois"), ("bois", "aluminium"), ("meuble", "aluminium")}
    for slug in ("meuble", "bois", "aluminium"):
        assert f'href="{links_of(slug)}"' in page


def test_the_map_filters_apply_to_its_table_and_a_bad_filter_is_a_400(program):
    member = client_for(program["member"])
    response = member.get(NETWORK, {"kind": ["merger"]})
    assert {(e.a.slug, e.b.slug) for e in response.context["network"].edges} == {("bois", "aluminium")}
    assert [e["data"]["id"] for e in response.context["graph"]["edges"]] == [
        f"e{program['bois'].pk}-{program['aluminium'].pk}"
    ]
    response = member.get(NETWORK, {"region": "02", "theme": "workforce"})
    assert response.context["network"].edges == []
    response = member.get(NETWORK, {"kind": ["nope"]})
    assert response.status_code == 400


def test_a_niches_page_names_shared_members_but_only_the_projects_its_reader_sees(program):
    page = text(client_for(program["eolien_member"]).get(links_of("meuble")))
    assert "Scierie Commune" in page
    assert "Importée Cachée" not in page
    assert "Séchoir partagé" not in page
    assert "Brouillon commun" not in page
    assert "Comité interrégional du bois" in page
    assert "Les profilés d'aluminium des meubles de bureau." in page
    page = text(client_for(program["bois_member"]).get(links_of("meuble")))
    assert "Séchoir partagé" in page


def test_the_english_page_shows_the_french_reason_marked_as_french(program):
    page = text(client_for(program["member"]).get("/en" + links_of("meuble")))
    assert '<span lang="fr">Les profilés' in page


def test_a_coordinator_declares_a_link_where_the_customer_supplies_the_other(program):
    coordinator = client_for(program["coordinator"])
    address = reverse("collaboration:link_declare", args=["meuble"])
    assert coordinator.get(address).status_code == 200
    response = coordinator.post(
        address,
        {
            "target": program["eolien"].pk,
            "kind": "supplier_customer",
            "direction": "supplied",
            "description_fr": "Les pales en composite.",
        },
    )
    assert response.status_code == 302
    link = CreneauLink.objects.get(kind="supplier_customer", target=program["meuble"], source=program["eolien"])
    assert link.declared_by == program["coordinator"]


def test_a_supplier_link_without_its_direction_is_refused_with_a_message(program):
    response = client_for(program["coordinator"]).post(
        reverse("collaboration:link_declare", args=["meuble"]),
        {"target": program["eolien"].pk, "kind": "supplier_customer", "description_fr": "Pales."},
    )
    assert response.status_code == 400
    assert french("Say which niche supplies the other.") in text(response)
    assert not CreneauLink.objects.filter(target=program["eolien"]).exists()


def test_a_plain_member_may_not_declare_nor_end_a_link(program):
    member = client_for(program["member"])
    assert member.get(reverse("collaboration:link_declare", args=["meuble"])).status_code == 403
    assert (
        member.post(reverse("collaboration:link_end", args=[program["declared"].pk]), {"reason": "x"}).status_code
        == 403
    )
    assert CreneauLink.objects.current().filter(pk=program["declared"].pk).exists()


def test_a_coordinator_of_a_third_niche_may_not_declare_for_two_others(program):
    coordinator = client_for(program["bois_coordinator"])
    response = coordinator.post(
        reverse("collaboration:link_declare", args=["meuble"]),
        {"target": program["eolien"].pk, "kind": "shared_market", "description_fr": "Marché."},
    )
    assert response.status_code == 403
    assert (
        coordinator.post(reverse("collaboration:link_end", args=[program["declared"].pk]), {"reason": "x"}).status_code
        == 403
    )


def test_ending_a_link_asks_why_and_keeps_its_history(program):
    president = client_for(program["president"])
    address = reverse("collaboration:link_end", args=[program["declared"].pk])
    assert president.post(address, {"reason": ""}).status_code == 400
    assert president.post(address, {"reason": "Le fournisseur a fermé"}).status_code == 302
    history = text(president.get(reverse("collaboration:link_history", args=[program["declared"].pk])))
    assert "Le fournisseur a fermé" in history
    assert president.get(reverse("collaboration:link_end", args=[999999])).status_code == 404


def test_a_coordinator_writes_and_publishes_a_note_through_the_pages(program):
    coordinator = client_for(program["coordinator"])
    assert coordinator.get(reverse("collaboration:note_create")).status_code == 200
    response = coordinator.post(
        reverse("collaboration:note_create"),
        {
            "creneau": program["meuble"].pk,
            "title_fr": "Mission à Boston",
            "worked_fr": "Les rencontres préparées.",
            "projects": [program["joint"].pk],
        },
    )
    note = ExperienceNote.objects.get()
    assert response.status_code == 302 and response["Location"] == note.get_absolute_url()
    assert list(note.projects.all()) == [program["joint"]]
    response = coordinator.post(reverse("collaboration:note_publish", args=[note.pk]), {"reason": "Prête"})
    assert response.status_code == 302
    assert ExperienceNote.objects.get().status == NoteStatus.PUBLISHED


def test_a_member_may_not_write_a_note_and_another_coordinator_may_not_change_one(program):
    assert client_for(program["member"]).get(reverse("collaboration:note_create")).status_code == 403
    note = make_note(program)
    other = client_for(program["bois_coordinator"])
    assert other.get(note.get_absolute_url()).status_code == 200
    for name in ("note_edit", "note_publish", "note_withdraw"):
        assert other.get(reverse(f"collaboration:{name}", args=[note.pk])).status_code == 403
    assert other.post(reverse("collaboration:note_withdraw", args=[note.pk]), {"reason": "x"}).status_code == 403
    assert ExperienceNote.objects.get().status == NoteStatus.PUBLISHED


def test_a_draft_is_a_404_to_the_other_niches(program):
    note = make_note(program, publish=False)
    for who in ("bois_member", "member", "office_in"):
        assert client_for(program[who]).get(note.get_absolute_url()).status_code == 404
    assert client_for(program["coordinator"]).get(note.get_absolute_url()).status_code == 200


def test_the_note_page_names_only_the_projects_its_reader_sees(program):
    note = make_note(program, projects=[program["joint"]])
    page = text(client_for(program["eolien_member"]).get(note.get_absolute_url()))
    assert "Séchoir partagé" not in page
    assert "Quatre contrats signés." in page
    page = text(client_for(program["bois_member"]).get(note.get_absolute_url()))
    assert "Séchoir partagé" in page


def test_the_notes_list_searches_and_filters(program):
    make_note(program)
    make_note(program, title_fr="Formation des opérateurs", worked_fr="Des vidéos.")
    reader = client_for(program["eolien_member"])
    response = reader.get(NOTES, {"q": "videos"})
    assert [n.title_fr for n in response.context["page"]] == ["Formation des opérateurs"]
    response = reader.get(NOTES, {"creneau": "bois"})
    assert list(response.context["page"]) == []


def _grow(program: dict[str, Any], n: int) -> None:
    """n more niches, each sharing a member with furniture, and n more notes."""
    for i in range(n):
        other = CreneauFactory(slug=f"autre-{n}-{i}")
        OrganisationFactory(name=f"Membre {n}-{i}", creneaux=[program["meuble"], other])
        make_note(program, title_fr=f"Note {n}-{i}")


@pytest.mark.parametrize(
    "address",
    [NETWORK, links_of("meuble"), NOTES],
    ids=["network", "creneau_links", "notes"],
)
def test_the_queries_of_each_page_do_not_grow_with_the_number_of_niches(
    program, address, django_assert_max_num_queries
):
    _grow(program, 2)
    reader = client_for(program["bois_member"])
    with django_assert_max_num_queries(30) as few:
        assert reader.get(address).status_code == 200
    _grow(program, 8)
    reader = client_for(program["bois_member"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert reader.get(address).status_code == 200


def test_the_queries_of_a_note_do_not_grow_with_its_projects(program, django_assert_max_num_queries):
    note = make_note(program, projects=[program["joint"]])
    reader = client_for(program["bois_member"])
    with django_assert_max_num_queries(12) as few:
        assert reader.get(note.get_absolute_url()).status_code == 200
    for n in range(5):
        more = make_note(program, publish=False, title_fr=f"Autre {n}")
        more.projects.set([program["joint"]])
    note.actions.set(list(Action.objects.all()))
    reader = client_for(program["bois_member"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert reader.get(note.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("name", "of"),
    [
        ("link_declare", "niche"),
        ("link_end", "link"),
        ("link_history", "link"),
        ("note_create", None),
        ("note_edit", "note"),
        ("note_history", "note"),
        ("note_publish", "note"),
    ],
)
def test_the_queries_of_the_forms_and_histories_do_not_grow(program, name, of, django_assert_max_num_queries):
    note = make_note(program, publish=False)
    args = {"niche": ["meuble"], "link": [program["declared"].pk], "note": [note.pk], None: []}[of]
    address = reverse(f"collaboration:{name}", args=args)
    _grow(program, 2)
    writer = client_for(program["coordinator"])
    with django_assert_max_num_queries(30) as few:
        assert writer.get(address).status_code == 200
    _grow(program, 8)
    services.update_note(note, actor=program["coordinator"], data={"title_fr": "Encore"}, reason="Relu")
    writer = client_for(program["coordinator"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert writer.get(address).status_code == 200


def test_a_niches_page_offers_to_end_only_the_links_its_reader_may_end(program):
    end = reverse("collaboration:link_end", args=[program["declared"].pk])
    assert end in text(client_for(program["president"]).get(links_of("meuble")))
    # bois's coordinator declares links for bois, not for aluminium and furniture.
    assert end not in text(client_for(program["bois_coordinator"]).get(links_of("meuble")))
    assert end not in text(client_for(program["member"]).get(links_of("meuble")))
