"""The cast of the plans' tests: a niche of Estrie with its committee (a member, its coordinator),
Estrie's and Montérégie's regional offices, the ministry and a stranger; plans come from the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from accord.accounts.tests.factories import UserFactory, grant
from accord.governance.models import MandateRole
from accord.governance.tests.factories import CommitteeFactory, MandateFactory
from accord.planning import services
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, RegionFactory


@pytest.fixture
def cast(db: Any) -> dict[str, Any]:
    estrie = RegionFactory(code="05", name="Estrie")
    monteregie = RegionFactory(code="16", name="Montérégie")
    creneau = CreneauFactory(slug="meuble", regions=[estrie])
    committee = CommitteeFactory(creneau=creneau)
    member = MandateFactory(committee=committee, role=MandateRole.MEMBER)
    coordinator = MandateFactory(committee=committee, role=MandateRole.COORDINATOR, voting=False)
    users = {
        "member": UserFactory(email="membre@example.org", person=member.person),
        "coordinator": UserFactory(email="coordo@example.org", person=coordinator.person),
        "office_in": UserFactory(email="estrie@example.org"),
        "office_out": UserFactory(email="monteregie@example.org"),
        "ministry": UserFactory(email="ministere@example.org"),
        "stranger": UserFactory(email="public@example.org"),
    }
    grant(users["office_in"], "regional_office", estrie)
    grant(users["office_out"], "regional_office", monteregie)
    grant(users["ministry"], "ministry")
    organisation = OrganisationFactory(name="Meubles Estrie", region=estrie, creneaux=[creneau])
    return {"creneau": creneau, "committee": committee, "organisation": organisation, **users}


def make_plan(cast: dict[str, Any], first: int = 2025, last: int = 2027) -> Any:
    return services.create_plan(
        cast["creneau"],
        actor=cast["ministry"],
        data={"first_year": first, "last_year": last, "strategy_fr": "Innover ensemble."},
    )


def add_tree(plan: Any, actor: Any, statuses: list[tuple[str, str, int | None]]) -> Any:
    """An axis, an objective and one action per (status, weight, progress entered)."""
    axis = services.add_axis(plan, actor=actor, data={"kind": "innovation", "position": 1})
    objective = services.add_objective(axis, actor=actor, data={"text": "Innover", "position": 1})
    for index, (status, weight, progress) in enumerate(statuses):
        services.add_action(
            objective,
            actor=actor,
            data={"title": f"Action {index}", "status": status, "weight": Decimal(weight), "progress": progress},
        )
    return objective


@pytest.fixture
def plan(cast: dict[str, Any]) -> Any:
    return make_plan(cast)


TODAY = datetime.date(2025, 3, 1)


def add_action(plan: Any, actor: Any, title: str = "Salon", status: str = "planned") -> Any:
    """One more action of the plan (under a new axis and objective)."""
    axis = services.add_axis(plan, actor=actor, data={"kind": "marketing"})
    objective = services.add_objective(axis, actor=actor, data={"text": "Vendre"})
    return services.add_action(objective, actor=actor, data={"title": title, "status": status})


def committee_decides(cast: dict[str, Any], subject: Any, *, adopt: bool = True) -> Any:
    """The niche committee meets today and decides on the subject; the chair signs it off."""
    from accord.governance import services as governance
    from accord.governance.models import DecisionMode, Mandate
    from accord.governance.tests.conftest import attend, in_session
    from accord.governance.tests.factories import sign_off

    committee = cast["committee"]
    meeting = in_session(committee, cast["ministry"], items=("Décision",))
    attend(meeting, cast["ministry"], list(Mandate.objects.filter(committee=committee).order_by("pk")))
    resolution = governance.propose_resolution(
        meeting, actor=cast["ministry"], title="Adoption", text="Il est résolu…", subject=subject
    )
    if adopt:
        governance.decide_resolution(resolution, actor=cast["ministry"], mode=DecisionMode.CONSENSUS)
    else:
        for mandate in Mandate.objects.filter(committee=committee, voting=True):
            governance.record_vote(resolution, mandate, actor=cast["ministry"], choice="against")
        governance.decide_resolution(resolution, actor=cast["ministry"], mode=DecisionMode.VOTE)
    resolution.refresh_from_db()
    return sign_off(resolution)
