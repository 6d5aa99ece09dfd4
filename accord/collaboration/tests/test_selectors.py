"""The links between créneaux, read from the data: each kind of reason on the cast's small program,
what is not counted (an unpublished organisation, a draft project, a dissolved committee, a draft
plan, an ended link), the names only the reader may see, and the network's filters."""

from __future__ import annotations

from typing import Any

import pytest

from accord.collaboration import selectors, services
from accord.planning.models import AxisKind

pytestmark = pytest.mark.django_db


def _reasons(edges: list[selectors.Edge], slug: str) -> dict[str, selectors.Reason]:
    for edge in edges:
        if edge.b.slug == slug:
            return {reason.kind: reason for reason in edge.reasons}
    return {}


def test_two_niches_are_linked_by_their_shared_members_joint_projects_committee_and_plan_themes(program):
    reasons = _reasons(selectors.creneau_links(program["meuble"], program["ministry"]), "bois")
    assert set(reasons) == {"shared_members", "joint_projects", "committee", "shared_themes"}
    # The unpublished organisation, the draft project and the dissolved committee are not counted.
    assert (reasons["shared_members"].count, reasons["shared_members"].names) == (1, ["Scierie Commune"])
    assert (reasons["joint_projects"].count, reasons["joint_projects"].names) == (1, ["Séchoir partagé"])
    assert reasons["committee"].names == ["Comité interrégional du bois"]
    assert reasons["shared_themes"].names == [str(AxisKind.WORKFORCE.label)]


def test_a_declared_supplier_link_reads_from_each_side(program):
    as_customer = _reasons(selectors.creneau_links(program["meuble"], program["ministry"]), "aluminium")
    as_supplier = _reasons(selectors.creneau_links(program["aluminium"], program["ministry"]), "meuble")
    assert as_customer["supplier_customer"].direction == "customer"
    assert as_supplier["supplier_customer"].direction == "supplier"
    assert as_supplier["supplier_customer"].link == program["declared"]


def test_a_merger_links_a_niche_to_its_predecessor(program):
    of_bois = _reasons(selectors.creneau_links(program["bois"], program["ministry"]), "aluminium")
    of_aluminium = _reasons(selectors.creneau_links(program["aluminium"], program["ministry"]), "bois")
    assert of_bois["merger"].direction == "predecessor"
    assert of_aluminium["merger"].direction == "successor"


def test_a_niche_without_links_has_none_and_a_dissolved_committee_links_nothing(program):
    assert selectors.creneau_links(program["eolien"], program["ministry"]) == []


def test_an_ended_link_no_longer_counts(program):
    services.end_link(program["declared"], actor=program["ministry"], reason="Fournisseur fermé")
    assert "aluminium" not in {edge.b.slug for edge in selectors.creneau_links(program["meuble"], program["ministry"])}


def test_a_reader_sees_the_number_of_joint_projects_but_not_the_title_of_one_they_may_not_open(program):
    # The wind niche's committee member sees no project of furniture and wood: counted, not named.
    reasons = _reasons(selectors.creneau_links(program["meuble"], program["eolien_member"]), "bois")
    assert reasons["joint_projects"].count == 1
    assert reasons["joint_projects"].names == []
    assert reasons["joint_projects"].unnamed == 1
    # The wood niche's member sees it: it was submitted to their committee.
    reasons = _reasons(selectors.creneau_links(program["meuble"], program["bois_member"]), "bois")
    assert reasons["joint_projects"].names == ["Séchoir partagé"]


def test_names_are_capped_and_the_others_counted(program):
    from accord.registry.tests.factories import OrganisationFactory

    for n in range(selectors.NAMES_SHOWN + 2):
        OrganisationFactory(name=f"Membre {n:02d}", creneaux=[program["meuble"], program["bois"]])
    shared = _reasons(selectors.creneau_links(program["meuble"], program["ministry"]), "bois")["shared_members"]
    assert shared.count == selectors.NAMES_SHOWN + 3
    assert len(shared.names) == selectors.NAMES_SHOWN
    assert shared.names == sorted(shared.names)
    assert shared.unnamed == 3


def test_similar_projects_link_two_niches_through_the_pairs_the_fund_keeps(program):
    from accord.funding.models import Project, ProjectStatus
    from accord.registry.models import Creneau, Region
    from accord.registry.tests.factories import OrganisationFactory

    from .conftest import _project

    assert not _reasons(selectors.creneau_links(program["eolien"], program["ministry"]), "meuble")
    # The wind niche files the joint project of furniture and wood again, in the same words.
    gaspesie = Region.objects.get(code="11")
    carrier = OrganisationFactory(name="Éoliennes du Nord", region=gaspesie, creneaux=[program["eolien"]])
    eolien = Creneau.objects.get(pk=program["eolien"].pk)
    filed = _project(carrier, program["ministry"], gaspesie, program["period"], [eolien], "Séchoir partagé")
    # A draft is its carrier's alone: it links nothing until it is submitted.
    assert not _reasons(selectors.creneau_links(program["eolien"], program["ministry"]), "meuble")
    Project.objects.filter(pk=filed.pk).update(status=ProjectStatus.SUBMITTED)
    reasons = _reasons(selectors.creneau_links(program["eolien"], program["ministry"]), "meuble")
    assert reasons["similar_projects"].count == 1


def _pairs(network: selectors.Network) -> set[tuple[str, str]]:
    return {(edge.a.slug, edge.b.slug) for edge in network.edges}


def test_the_network_holds_every_link_once_with_its_weight(program):
    found = selectors.network()
    assert _pairs(found) == {("meuble", "bois"), ("bois", "aluminium"), ("meuble", "aluminium")}
    weights = {(e.a.slug, e.b.slug): e.weight for e in found.edges}
    assert weights[("meuble", "bois")] == 4
    assert found.edges[0].weight == 4  # the most linked first
    assert {node.slug for node in found.nodes} == {"meuble", "bois", "aluminium"}


def test_the_network_is_filtered_by_region_theme_and_kind(program):
    from accord.registry.models import Region

    saguenay = Region.objects.get(code="02")
    assert _pairs(selectors.network(region=saguenay)) == {("bois", "aluminium"), ("meuble", "aluminium")}
    assert _pairs(selectors.network(theme="workforce")) == {("meuble", "bois")}
    assert _pairs(selectors.network(theme="marketing")) == set()
    assert _pairs(selectors.network(kinds=["merger"])) == {("bois", "aluminium")}
    only_members = selectors.network(kinds=["shared_members", "merger"])
    assert {(e.a.slug, e.b.slug): e.kinds for e in only_members.edges} == {
        ("meuble", "bois"): ["shared_members"],
        ("bois", "aluminium"): ["merger"],
    }


def test_the_network_as_data_for_the_map(program):
    data = selectors.network().as_data(lambda creneau: f"/x/{creneau.slug}/")
    ids = {node["data"]["id"] for node in data["nodes"]}
    assert all(edge["data"]["source"] in ids and edge["data"]["target"] in ids for edge in data["edges"])
    assert {node["data"]["url"] for node in data["nodes"]} == {"/x/meuble/", "/x/bois/", "/x/aluminium/"}


def test_counting_the_network_takes_the_same_queries_whatever_the_number_of_niches(
    program, django_assert_max_num_queries
):
    from accord.registry.tests.factories import CreneauFactory, OrganisationFactory

    def grow(n: int) -> None:
        for i in range(n):
            a = CreneauFactory(slug=f"a-{n}-{i}")
            b = CreneauFactory(slug=f"b-{n}-{i}")
            OrganisationFactory(creneaux=[a, b])

    grow(3)
    with django_assert_max_num_queries(8) as small:
        selectors.network()
    grow(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(selectors.network().edges) == 3 + 3 + 12


def test_one_niches_links_take_the_same_queries_whatever_the_number_of_linked_niches(
    program, django_assert_max_num_queries
):
    from accord.registry.tests.factories import CreneauFactory, OrganisationFactory

    user: Any = program["eolien_member"]
    with django_assert_max_num_queries(20) as few:
        selectors.creneau_links(program["meuble"], user)
    for i in range(10):
        OrganisationFactory(creneaux=[program["meuble"], CreneauFactory(slug=f"autre-{i}")])
    user = type(user).objects.get(pk=user.pk)  # a new request: nothing kept on the user
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(selectors.creneau_links(program["meuble"], user)) == 12
