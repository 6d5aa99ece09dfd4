"""A year of a créneau for the bilans' tests: the fund's world (Meuble in Estrie, its niche committee,
Estrie's regional committee, a carrier), the niche's coordinator, a plan covering the year with one
action half done, the common indicator of jobs with its target and an approved value, and a project
granted, paid in part, reported and closed this year. Everything comes from the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accord.accounts.tests.factories import UserFactory
from accord.funding import services as funding
from accord.funding.tests.conftest import World, reported
from accord.governance import services as governance
from accord.governance.models import MandateRole
from accord.governance.tests.factories import MandateFactory, sign_off
from accord.planning import services as planning
from accord.planning.models import Action, PlanStatus
from accord.results import services
from accord.results.models import Bilan

NARRATIVE = {
    "highlights_fr": "Une année de croissance pour le meuble.",
    "highlights_en": "A year of growth for furniture.",
    "challenges_fr": "La main-d'œuvre reste rare.",
    "outlook_fr": "Exporter davantage.",
}


#: The impact the scene's project expects and reports, besides 4 jobs expected and 2 created.
EXPECTED = {
    "expected_jobs_kept": 6,
    "expected_investment": Decimal("30000"),
    "expected_public_investment": Decimal("40000"),
    "expected_sales": Decimal("200000"),
    "expected_export_sales": Decimal("80000"),
    "expected_export_contracts": 2,
    "expected_export_contracts_amount": Decimal("900000"),
}
REPORTED = {
    "actual_jobs_kept": 5,
    "actual_public_investment": Decimal("36000"),
    "actual_sales": Decimal("150000"),
    "actual_export_sales": Decimal("60000"),
    "actual_export_contracts": 2,
    "actual_export_contracts_amount": Decimal("1050000"),
}


@dataclass
class Scene:
    world: World
    coordinator: Any
    plan: Any
    jobs: Any
    project: Any
    year: int


def this_year() -> int:
    return timezone.localdate().year


def build(world: World) -> Scene:
    year = this_year()
    mandate = MandateFactory(committee=world.niche_committee, role=MandateRole.COORDINATOR, voting=False)
    coordinator = UserFactory(email="coordo@example.org", person=mandate.person)
    plan = planning.create_plan(
        world.creneau, actor=world.ministry, data={"first_year": year - 1, "last_year": year + 1}
    )
    axis = planning.add_axis(plan, actor=world.ministry, data={"kind": "innovation", "position": 1})
    objective = planning.add_objective(axis, actor=world.ministry, data={"text": "Innover", "position": 1})
    planning.add_action(
        objective,
        actor=world.ministry,
        data={"title": "Vitrine", "status": "in_progress", "weight": Decimal("1"), "progress": 50},
    )
    jobs = services.define_indicator(
        actor=world.ministry,
        data={"code": "emplois", "name_fr": "Emplois créés", "name_en": "Jobs created", "cumulative": False},
    )
    services.set_target(plan, jobs, actor=world.ministry, year=year, value=Decimal("20"))
    value = services.report_value(world.creneau, jobs, actor=coordinator, year=year, value=Decimal("12"))
    services.submit_value(value, actor=coordinator)
    services.approve_value(value, actor=world.ministry)
    # Granted 40 000 $, 30 000 $ paid, final report: 2 jobs of 4 expected, new contracts in the
    # United States for more than 1 M$ (the seed's example) where 2 were expected for 900 000 $.
    project = reported(world, expected=EXPECTED, figures=REPORTED)
    funding.close_project(project, actor=world.ministry)
    project.refresh_from_db()
    return Scene(world, coordinator, plan, jobs, project, year)


def bilan_item(meeting: Any, bilan: Any) -> Any:
    """The meeting's agenda item about the bilan (or another subject: an annual programme)."""
    kind = ContentType.objects.get_for_model(bilan)
    return meeting.items.filter(subject_type=kind, subject_id=bilan.pk).first()


def committee_decides(committee: Any, bilan: Any, *, actor: Any, adopt: bool = True) -> Any:
    """A meeting of the committee, everyone present, decides on the bilan (or another subject: an annual
    programme): adopted by consensus, or rejected."""
    meeting = governance.plan_meeting(
        committee, actor=actor, title="Séance", location="Sherbrooke", starts_at=timezone.now()
    )
    governance.convene_meeting(meeting, actor=actor)
    governance.open_meeting(meeting, actor=actor)
    for mandate in committee.mandates.current():
        governance.record_attendance(meeting, mandate, actor=actor, status="present")
    resolution = governance.propose_resolution(
        meeting,
        actor=actor,
        title=str(bilan),
        text="Il est résolu d'adopter le bilan." if adopt else "Le bilan doit parler de l'exportation.",
        item=bilan_item(meeting, bilan),
        subject=bilan,
    )
    if adopt:
        governance.decide_resolution(resolution, actor=actor, mode="consensus")
    else:
        for mandate in committee.mandates.current().filter(voting=True):
            governance.record_vote(resolution, mandate, actor=actor, choice="against")
        governance.decide_resolution(resolution, actor=actor, mode="vote")
    resolution.refresh_from_db()
    if resolution.awaits_sign_off:
        sign_off(resolution)
    bilan.refresh_from_db()
    return resolution


def adopted_programme(scene: Scene, titles: tuple[str, ...] = ("Vitrine",)) -> Any:
    """The plan adopted (recorded by the ministry, unless it is already), and this year's programme of
    the actions named, each with a target, adopted by the niche committee."""
    world = scene.world
    objective = Action.objects.get(title="Vitrine").objective
    actions = [
        Action.objects.filter(title=title).first()
        or planning.add_action(objective, actor=world.ministry, data={"title": title, "status": "planned"})
        for title in titles
    ]
    scene.plan.refresh_from_db()
    if scene.plan.status == PlanStatus.DRAFT:
        planning.adopt_plan(scene.plan, actor=world.ministry, adopted_on=datetime.date(scene.year - 1, 1, 10))
    programme = planning.create_programme(scene.plan, actor=world.ministry, year=scene.year)
    for position, action in enumerate(actions):
        target = {
            "target_fr": f"Cible {action.title}",
            "target_en": f"Target {action.title}",
            "target_figure": Decimal(position + 3),
            "position": position,
        }
        planning.add_priority(programme, actor=world.ministry, action=action, data=target)
    planning.submit_programme(programme, actor=world.ministry)
    committee_decides(world.niche_committee, programme, actor=world.office)
    return programme


def submitted(scene: Scene) -> Bilan:
    bilan = services.write_bilan(scene.world.creneau, actor=scene.coordinator, year=scene.year, data=NARRATIVE)
    return services.submit_bilan(bilan, actor=scene.coordinator)


def adopted(scene: Scene) -> Bilan:
    bilan = submitted(scene)
    committee_decides(scene.world.niche_committee, bilan, actor=scene.world.office)
    return bilan
