"""The cast of the collaboration's tests: the plans' cast (the furniture niche of Estrie, "meuble",
with its committee's member and coordinator, the regional offices, the ministry, a stranger), and a
small program around it where each kind of link has one example:

- "bois" (Montérégie), with its own committee (a member, a coordinator): one published member
  organisation shared with "meuble" (and an unpublished one, not counted), one joint project past
  its draft (and a draft one, not counted), an interregional committee of both, and adopted plans
  that both have a workforce axis;
- "aluminium" (Saguenay): it supplies "meuble" (a declared link), and is a predecessor of "bois"
  (a merger);
- "eolien" (Gaspésie): linked to nothing, with a committee member of its own.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from accord.accounts.tests.factories import UserFactory
from accord.collaboration import services
from accord.funding import services as fund
from accord.funding.models import CostCategory, FinancingSource
from accord.funding.tests.conftest import add_period
from accord.governance.models import CommitteeKind, MandateRole
from accord.governance.tests.factories import CommitteeFactory, MandateFactory
from accord.planning import services as plans
from accord.planning.models import Plan, PlanStatus
from accord.planning.tests.conftest import cast  # noqa: F401  the plans' cast, reused
from accord.registry import services as registry
from accord.registry.tests.factories import (
    AffiliationFactory,
    CreneauFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _committee(creneau: Any, code: str) -> dict[str, Any]:
    committee = CommitteeFactory(creneau=creneau, code=code)
    member = MandateFactory(committee=committee, role=MandateRole.MEMBER)
    coordinator = MandateFactory(committee=committee, role=MandateRole.COORDINATOR, voting=False)
    president = MandateFactory(committee=committee, role=MandateRole.PRESIDENT)
    return {
        "committee": committee,
        "member": UserFactory(email=f"membre-{code.lower()}@example.org", person=member.person),
        "coordinator": UserFactory(email=f"coordo-{code.lower()}@example.org", person=coordinator.person),
        "president": UserFactory(email=f"presidence-{code.lower()}@example.org", person=president.person),
    }


def _adopted_plan(creneau: Any, actor: Any, kinds: list[str]) -> Plan:
    plan = plans.create_plan(creneau, actor=actor, data={"first_year": 2025, "last_year": 2027})
    for kind in kinds:
        axis = plans.add_axis(plan, actor=actor, data={"kind": kind})
        objective = plans.add_objective(axis, actor=actor, data={"text": "Objectif"})
        plans.add_action(objective, actor=actor, data={"title": f"Action {kind}"})
    # Adoption is the committee's resolution (planning's own tests): here only its outcome matters.
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED, adopted_on=datetime.date(2025, 1, 15))
    return plan


def _project(carrier: Any, carrier_user: Any, region: Any, period: Any, creneaux: list[Any], title: str) -> Any:
    content = fund.Content(
        fields={
            "title": title,
            "summary": "Un projet commun aux deux créneaux.",
            "region": region,
            "period": period,
            "starts_on": datetime.date(2025, 1, 1),
            "ends_on": datetime.date(2026, 6, 30),
            "requested_amount": Decimal("40000"),
            "expected_jobs": 2,
        },
        creneaux=creneaux,
        costs=[(CostCategory.EQUIPMENT, "Presse", Decimal("100000"))],
        financing=[(FinancingSource.OWN, "", Decimal("60000"))],
        partners=[],
    )
    return fund.create_project(carrier, content, actor=carrier_user)


@pytest.fixture
def program(cast: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    ministry = cast["ministry"]
    estrie = cast["creneau"].regions.get()
    monteregie = RegionFactory._meta.model.objects.get(code="16")
    saguenay = RegionFactory(code="02", name="Saguenay–Lac-Saint-Jean")
    gaspesie = RegionFactory(code="11", name="Gaspésie–Îles-de-la-Madeleine")
    meuble = cast["creneau"]
    bois = CreneauFactory(slug="bois", name_fr="Bois", name_en="Wood", regions=[monteregie])
    aluminium = CreneauFactory(slug="aluminium", name_fr="Aluminium", name_en="Aluminium", regions=[saguenay])
    eolien = CreneauFactory(slug="eolien", name_fr="Éolien", name_en="Wind power", regions=[gaspesie])
    of_bois = _committee(bois, "CC-BOIS")
    of_eolien = _committee(eolien, "CC-EOLIEN")
    president = MandateFactory(committee=cast["committee"], role=MandateRole.PRESIDENT)

    # Shared members: one published organisation in both, one unpublished one (an import's, not counted).
    shared = OrganisationFactory(name="Scierie Commune", region=estrie, creneaux=[meuble, bois])
    OrganisationFactory(name="Importée Cachée", region=estrie, creneaux=[meuble, bois], is_published=False)

    # Joint projects: one submitted (counted), one draft (its carrier's alone: not counted).
    period = add_period(ministry, "2024-2029")
    fund.publish_guide(actor=ministry, in_force_from=datetime.date(2024, 4, 1))
    person = PersonFactory(email="porteur@example.org")
    AffiliationFactory(person=person, organisation=shared)
    carrier_user = UserFactory(email="porteur@example.org", person=person)
    joint = _project(shared, carrier_user, estrie, period, [meuble, bois], "Séchoir partagé")
    fund.submit_project(joint, actor=carrier_user)
    _project(shared, carrier_user, estrie, period, [meuble, bois], "Brouillon commun")

    # An interregional committee of both; a dissolved one of meuble and éolien (not counted).
    interregional = CommitteeFactory(
        kind=CommitteeKind.INTERREGIONAL, creneau=None, code="CI-BOIS", name_fr="Comité interrégional du bois"
    )
    interregional.creneaux.set([meuble, bois])
    dissolved = CommitteeFactory(
        kind=CommitteeKind.INTERREGIONAL, creneau=None, code="CI-OLD", dissolved_on=datetime.date(2020, 1, 1)
    )
    dissolved.creneaux.set([meuble, eolien])

    # Shared themes: both adopted plans have a workforce axis; éolien's plan is a draft.
    _adopted_plan(meuble, ministry, ["workforce", "innovation"])
    _adopted_plan(bois, ministry, ["workforce", "marketing"])
    plans.create_plan(eolien, actor=ministry, data={"first_year": 2025, "last_year": 2027})

    # A merger: bois was born of aluminium (as the demo's microelectronics niche, of two others).
    registry.set_predecessors(bois, [aluminium], actor=ministry)

    # A declared link: aluminium supplies meuble.
    declared = services.declare_link(
        aluminium,
        meuble,
        actor=ministry,
        kind="supplier_customer",
        description_fr="Les profilés d'aluminium des meubles de bureau.",
    )
    return {
        **cast,
        "meuble": meuble,
        "bois": bois,
        "aluminium": aluminium,
        "eolien": eolien,
        "president": UserFactory(email="presidence-meuble@example.org", person=president.person),
        "bois_member": of_bois["member"],
        "bois_coordinator": of_bois["coordinator"],
        "eolien_member": of_eolien["member"],
        "carrier": carrier_user,
        "shared": shared,
        "joint": joint,
        "interregional": interregional,
        "declared": declared,
        "period": period,
    }


def note_data(**data: Any) -> dict[str, Any]:
    return {
        "title_fr": "Mission commerciale à Boston",
        "title_en": "Trade mission to Boston",
        "worked_fr": "Les rencontres préparées avec le délégué commercial.",
        "did_not_work_fr": "Le kiosque partagé, trop petit.",
        "results_fr": "Quatre contrats signés.",
        **data,
    }


def make_note(program: dict[str, Any], *, publish: bool = True, actor: Any = None, **data: Any) -> Any:
    actor = actor or program["coordinator"]
    note = services.create_note(program["meuble"], actor=actor, data=note_data(**data), reason="Retour d'expérience")
    if publish:
        services.publish_note(note, actor=actor)
    return note
