"""A niche committee decides on a project only within the composition its bylaws make bind (issue 11 §2).

The fund registers its projects with governance as a kind of subject that binds the
composition (FundingConfig.ready): a niche committee whose business people are outnumbered
among those who vote cannot adopt (nor reject) a project; it may defer it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accord.funding import services
from accord.funding.models import ProjectStatus
from accord.governance import services as governance
from accord.governance import subjects
from accord.governance.models import ResolutionOutcome
from accord.governance.tests.factories import MandateFactory

from .conftest import World, decide, draft

pytestmark = pytest.mark.django_db


def outnumbered(world: World) -> None:
    """Three researchers join the three business people of the niche committee."""
    for _n in range(3):
        MandateFactory(committee=world.niche_committee, constituency="research")


def submitted(world: World) -> Any:
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    return project


def test_projects_bind_the_composition_of_the_committees_that_decide_on_them():
    assert subjects.by_label("funding.project").binds_composition  # type: ignore[union-attr]


def test_a_niche_committee_whose_business_people_are_outnumbered_cannot_decide_on_a_project(world):
    outnumbered(world)
    project = submitted(world)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        decide(world.niche_committee, project, actor=world.office)
    assert "3 of the 6 voting members present and not recused represent business" in refused.value.messages[0]
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    # Nor can it reject it: a vote against changes nothing; it can only defer.
    resolution = world.niche_committee.resolutions.get()
    for mandate in world.niche_committee.mandates.current():
        governance.record_vote(resolution, mandate, actor=world.office, choice="against")
    with pytest.raises(ValidationError, match="3 des 6 membres votants"):
        governance.decide_resolution(resolution, actor=world.office, mode="vote")
    governance.defer_resolution(resolution, actor=world.office, reason="Recrutement de gens d'affaires")
    resolution.refresh_from_db()
    assert resolution.outcome == ResolutionOutcome.DEFERRED


def test_the_regional_committee_is_not_bound(world):
    outnumbered(world)
    project = submitted(world)
    world.niche_committee.mandates.filter(constituency="research").delete()
    resolution = decide(world.niche_committee, project, actor=world.office)
    assert resolution.outcome == ResolutionOutcome.ADOPTED
    for _n in range(3):
        MandateFactory(committee=world.regional_committee, constituency="research")
    resolution = decide(world.regional_committee, project, actor=world.office)
    assert resolution.outcome == ResolutionOutcome.ADOPTED
