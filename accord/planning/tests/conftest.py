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
