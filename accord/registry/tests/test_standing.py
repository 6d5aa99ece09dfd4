"""The créneaux' member enterprises by year joined (standing.py, decision 45): kept by the services in
the transaction of each change, so that the kept counts are always what counting the memberships live
finds, and the results' benchmark reads them in one grouped query."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.registry import selectors, services, standing
from accord.registry.models import Creneau, Membership, MemberYear, Organisation

from .factories import CreneauFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year


def kept() -> set[tuple[int, int, int]]:
    return set(MemberYear.objects.values_list("creneau_id", "year", "enterprises"))


def live() -> set[tuple[int, int, int]]:
    return set(selectors.members_by_year(None))


def sizes(year: int) -> dict[int, int]:
    return selectors.member_enterprises(Creneau.objects.all(), year)


@pytest.fixture
def niches(estrie: Any) -> list[Any]:
    return [CreneauFactory(slug=f"n{i}", name_fr=f"N{i}", regions=[estrie]) for i in range(2)]


def enterprise(admin: Any, region: Any, name: str, creneaux: list[Any], **data: Any) -> Organisation:
    return services.create_organisation(
        actor=admin, data={"name": name, "kind": "enterprise", "region": region, **data}, creneaux=creneaux
    )


def test_a_new_member_counts_from_the_year_it_joined(ministry_user, estrie, niches):
    a, b = niches
    enterprise(ministry_user, estrie, "Usine", [a, b])
    services.create_organisation(
        actor=ministry_user, data={"name": "Cégep", "kind": "college_university", "region": estrie}, creneaux=[a]
    )
    assert kept() == {(a.pk, THIS_YEAR, 1), (b.pk, THIS_YEAR, 1)} == live()
    assert sizes(THIS_YEAR) == {a.pk: 1, b.pk: 1}
    assert sizes(THIS_YEAR - 1) == {}


def test_memberships_changed_restate_both_niches(ministry_user, estrie, niches):
    a, b = niches
    firm = enterprise(ministry_user, estrie, "Usine", [a])
    services.update_organisation(firm, actor=ministry_user, data={}, creneaux=[b])
    assert kept() == {(b.pk, THIS_YEAR, 1)} == live()


def test_a_change_of_kind_or_publication_restates_its_niches(ministry_user, estrie, niches):
    a, _b = niches
    firm = enterprise(ministry_user, estrie, "Usine", [a])
    services.update_organisation(firm, actor=ministry_user, data={"kind": "research_centre"})
    assert kept() == set() == live()
    services.update_organisation(firm, actor=ministry_user, data={"kind": "enterprise", "is_published": False})
    assert kept() == set() == live()
    services.update_organisation(firm, actor=ministry_user, data={"is_published": True})
    assert kept() == {(a.pk, THIS_YEAR, 1)} == live()


def test_imported_members_count_once_published(ministry_user, estrie, niches):
    a, _b = niches
    imported = services.import_organisations(
        [({"name": f"Importée {i}", "kind": "enterprise", "region": estrie}, [a]) for i in range(3)],
        actor=ministry_user,
        reason="Import",
    )
    assert kept() == set() == live()
    assert services.publish_organisations(imported, actor=ministry_user) == 3
    assert kept() == {(a.pk, THIS_YEAR, 3)} == live()


def test_an_undated_membership_counts_in_every_year(ministry_user, estrie, niches):
    a, _b = niches
    firm = enterprise(ministry_user, estrie, "Usine", [a])
    Membership.objects.filter(organisation=firm).update(joined_on=None)
    standing.restate([a.pk])
    assert kept() == {(a.pk, selectors.UNDATED, 1)} == live()
    assert sizes(2001) == {a.pk: 1}


def test_restate_all_counts_what_the_services_keep(ministry_user, estrie, niches):
    enterprise(ministry_user, estrie, "Usine", niches)
    stored = kept()
    MemberYear.objects.all().delete()
    assert standing.restate_all() == 2
    assert kept() == stored == live()


STEPS = st.lists(
    st.tuples(
        st.sampled_from(["create", "members", "kind", "publish", "import"]),
        st.integers(min_value=0, max_value=3),
        st.sets(st.integers(min_value=0, max_value=1)),
    ),
    max_size=8,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_whatever_the_changes_the_kept_counts_are_the_live_ones(ministry_user, estrie, niches, steps):
    for n, (step, which, chosen) in enumerate(steps):
        creneaux = [niches[i] for i in sorted(chosen)]
        firms = list(Organisation.objects.order_by("pk"))
        firm = firms[which % len(firms)] if firms else None
        if step == "create" or firm is None:
            enterprise(ministry_user, estrie, f"Entreprise {n} {len(firms)}", creneaux)
        elif step == "members":
            services.update_organisation(firm, actor=ministry_user, data={}, creneaux=creneaux)
        elif step == "kind":
            kind = "enterprise" if firm.kind != "enterprise" else "sector_association"
            services.update_organisation(firm, actor=ministry_user, data={"kind": kind})
        elif step == "publish":
            services.update_organisation(firm, actor=ministry_user, data={"is_published": not firm.is_published})
        else:
            services.import_organisations(
                [({"name": f"Importée {n} {len(firms)}", "kind": "enterprise", "region": estrie}, creneaux)],
                actor=ministry_user,
                reason="Import",
            )
        assert kept() == live(), steps
