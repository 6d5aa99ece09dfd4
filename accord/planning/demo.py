"""Planning demonstration data: a plan for every niche whose committee has a coordinator.

Written through the services, as the niche's coordinator would: four axes (three of the
program's kinds and the niche's own), two objectives each, eight actions in every status,
one with a progress entered by hand and one cancelled, so the roll-up shows each rule, and
the three actions the fund's demo projects serve (PROJECT_ACTIONS). The
plan runs from last year to the year after next. The niche committee adopts it, with this
year's programme (three priorities), at a meeting some months ago (decision 36); next year's
programme is a draft. A niche whose committee cannot decide has its plan's adoption recorded
by the ministry instead. Safe to run again: a niche that has a plan is left as it is. Fast: a
few dozen rows per niche.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.governance import demo as governance_demo
from accord.governance import services as governance
from accord.governance.models import AttendanceStatus, Committee, DecisionMode, ItemKind
from accord.registry.demo import DEMO_DOMAIN
from accord.registry.models import Creneau

from . import selectors, services
from .models import Action, ActionStatus, AxisKind, Plan, Programme

ORDER = 25  # after governance (its coordinators), before the fund
REASON = "Données de démonstration"

AXES = [
    (AxisKind.MOBILISATION, "", ""),
    (AxisKind.WORKFORCE, "", ""),
    (AxisKind.INNOVATION, "", ""),
    (AxisKind.OTHER, "Virage numérique des entreprises", "Digital shift of the enterprises"),
]
OBJECTIVES = {
    AxisKind.MOBILISATION: ["Rassembler les entreprises du créneau", "Faire connaître le créneau"],
    AxisKind.WORKFORCE: ["Attirer de la main-d'œuvre qualifiée", "Former les travailleurs en poste"],
    AxisKind.INNOVATION: ["Accroître la R-D collaborative", "Diffuser les nouvelles technologies"],
    AxisKind.OTHER: ["Accompagner l'automatisation", "Mesurer la maturité numérique"],
}
# (title, status, progress entered, weight, budget): eight actions, every status, spread over the objectives.
ACTIONS = [
    ("Rencontre annuelle des membres", ActionStatus.DONE, None, "1", "15000"),
    ("Campagne de recrutement de membres", ActionStatus.IN_PROGRESS, 70, "2", "8000"),
    ("Salon de l'emploi régional", ActionStatus.PLANNED, None, "1", "12000"),
    ("Programme de formation en entreprise", ActionStatus.DELAYED, None, "2", "40000"),
    ("Projet de recherche avec le cégep", ActionStatus.IN_PROGRESS, None, "3", "60000"),
    ("Mission technologique à l'étranger", ActionStatus.CANCELLED, None, "1", "25000"),
    ("Diagnostics numériques", ActionStatus.DONE, None, "1", "20000"),
    ("Vitrine des technologies", ActionStatus.PLANNED, None, "1", None),
]

# The actions the fund's demo projects serve (accord/funding/demo.py names them by title), each
# under an objective of its axis: (objective's index in OBJECTIVES order, title, status, weight, budget).
PROJECT_ACTIONS = [
    (1, "Prospection de nouveaux marchés", ActionStatus.IN_PROGRESS, "1", "30000"),
    (4, "Développement de produits innovants", ActionStatus.IN_PROGRESS, "2", "250000"),
    (5, "Modernisation des procédés de production", ActionStatus.IN_PROGRESS, "2", "300000"),
]


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    holders = selectors.niche_coordinator_creneaux()
    created = 0
    with governance_demo.QUIET, transaction.atomic():
        for creneau in Creneau.objects.filter(pk__in=holders, plans__isnull=True).order_by("slug"):
            plan = _plan(admin, creneau, today)
            _committee_decides(admin, plan, today)
            created += 1
    stdout.write(f"  {created} plans, {Plan.objects.count()} in all")
    return []


def _plan(admin: User, creneau: Creneau, today: datetime.date) -> Plan:
    year = today.year
    plan = services.create_plan(
        creneau,
        actor=admin,
        data={
            "first_year": year - 1,
            "last_year": year + 2,
            "strategy_fr": f"Faire du créneau {creneau.name_fr} une référence au Québec : "
            "mobiliser les entreprises, former la main-d'œuvre et innover ensemble.",
            "strategy_en": f"Make {creneau.name_en or creneau.name_fr} a benchmark in Québec: "
            "rally the enterprises, train the workforce and innovate together.",
        },
        reason=REASON,
    )
    organisations = list(selectors.owner_organisations(creneau)[:3])
    objectives = []
    for position, (kind, name_fr, name_en) in enumerate(AXES, start=1):
        axis = services.add_axis(
            plan,
            actor=admin,
            data={"kind": kind, "name_fr": name_fr, "name_en": name_en, "position": position},
            reason=REASON,
        )
        for number, text in enumerate(OBJECTIVES[kind], start=1):
            objectives.append(
                services.add_objective(axis, actor=admin, data={"text": text, "position": number}, reason=REASON)
            )
    start = datetime.date(year - 1, 4, 1)
    for index, (title, status, progress, weight, budget) in enumerate(ACTIONS):
        owner = organisations[index % len(organisations)] if organisations else None
        services.add_action(
            objectives[index % len(objectives)],
            actor=admin,
            data={
                "title": title,
                "owner_organisation": owner,
                "status": status,
                "progress": progress,
                "weight": Decimal(weight),
                "budget": Decimal(budget) if budget else None,
                "starts_on": start + datetime.timedelta(days=60 * index),
                "ends_on": start + datetime.timedelta(days=60 * index + 300),
                "position": 1,
            },
            partners=organisations[1:2] if owner is not None and index % 2 == 0 else [],
            reason=REASON,
        )
    for objective, title, status, weight, budget in PROJECT_ACTIONS:
        services.add_action(
            objectives[objective],
            actor=admin,
            data={
                "title": title,
                "owner_organisation": organisations[0] if organisations else None,
                "status": status,
                "weight": Decimal(weight),
                "budget": Decimal(budget),
                "starts_on": start,
                "ends_on": datetime.date(year + 2, 3, 31),
                "position": 2,
            },
            reason=REASON,
        )
    return plan


# --- The committee adopts the plan and the year's programme (decision 36) ----------------------

# (target in French, in English, figure) of the year's priorities, in the order of the plan's actions.
TARGETS = [
    ("Réunir 40 entreprises membres", "Bring together 40 member enterprises", "40"),
    ("Recruter 15 nouveaux membres", "Recruit 15 new members", "15"),
    ("Accueillir 300 chercheurs d'emploi", "Welcome 300 job seekers", "300"),
    ("Former 60 travailleurs", "Train 60 workers", "60"),
]
MEETING_DAYS_AGO = 300  # within the demo mandates (seated 400 days ago), before governance's own meetings


def _programme(admin: User, plan: Plan, year: int, count: int) -> Programme:
    """A draft programme of the year: the plan's first actions that count, each with its target."""
    programme = services.create_programme(plan, actor=admin, year=year, reason=REASON)
    actions = (
        Action.objects.filter(objective__axis__plan=plan)
        .exclude(status=ActionStatus.CANCELLED)
        .order_by("objective__axis__position", "objective__position", "pk")
    )
    for position, (action, (target_fr, target_en, figure)) in enumerate(
        zip(actions[:count], TARGETS[:count], strict=True), start=1
    ):
        services.add_priority(
            programme,
            actor=admin,
            action=action,
            data={
                "target_fr": target_fr,
                "target_en": target_en,
                "target_figure": Decimal(figure),
                "position": position,
            },
            reason=REASON,
        )
    return programme


def _committee_decides(admin: User, plan: Plan, today: datetime.date) -> None:
    """The niche committee adopts the plan, then this year's programme, at one meeting; next year's
    programme is drafted. Without a committee that can decide, the ministry records the adoption."""
    current = _programme(admin, plan, today.year, 3)
    committee = selectors.niche_committee(plan.creneau_id)
    adopted = False
    if committee is not None:
        try:
            with transaction.atomic():  # a savepoint: a committee that cannot decide leaves nothing behind
                _meeting(admin, committee, [plan, current], today - datetime.timedelta(days=MEETING_DAYS_AGO))
            adopted = True
        except ValidationError:
            adopted = False
    if not adopted:
        services.adopt_plan(plan, actor=admin, adopted_on=datetime.date(today.year - 1, 3, 15), reason=REASON)
    if today.year + 1 <= plan.last_year:
        _programme(admin, plan, today.year + 1, 2)


def _meeting(admin: User, committee: Committee, records: list[Any], day: datetime.date) -> None:
    """A meeting held on `day` that decides, by consensus, on each record in turn."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(13, 30)))
    meeting = governance.plan_meeting(
        committee,
        actor=admin,
        title="Réunion sur le plan d'action du créneau",
        starts_at=moment,
        ends_at=moment + datetime.timedelta(hours=2),
        location="Salle du conseil, Centre d'affaires régional",
        items=[{"title": _title(record), "kind": ItemKind.DECISION, "subject": record} for record in records],
    )
    governance.convene_meeting(meeting, actor=admin)
    governance.open_meeting(meeting, actor=admin)
    sheet = [
        (mandate, AttendanceStatus.PRESENT, None)
        for mandate in committee.mandates.current(day).order_by("pk")  # type: ignore[attr-defined]
    ]
    governance.record_attendance_sheet(meeting, sheet, actor=admin)
    governance_demo.seat_chair(admin, meeting)
    summary = [f"Procès-verbal de la réunion sur le plan d'action ({committee.name_fr})."]
    for item, record in zip(meeting.items.order_by("position"), records, strict=True):  # type: ignore[attr-defined]
        resolution = governance.propose_resolution(
            meeting, actor=admin, title=item.title, text=f"Il est résolu d'adopter {_what(record)}.", item=item
        )
        resolution = governance_demo.decide(admin, resolution, mode=DecisionMode.CONSENSUS)
        summary.append(f"Résolution {resolution.number} (adoptée) : {item.title}.")
    governance.close_meeting(meeting, actor=admin)
    minutes = governance.draft_minutes(meeting, actor=admin, text="\n".join(summary))
    governance.circulate_minutes(minutes, actor=admin)


def _what(record: Plan | Programme) -> str:
    if isinstance(record, Plan):
        return f"le plan d'action {record.years} du créneau {record.creneau.name_fr}"
    return (
        f"la programmation annuelle {record.year} du plan d'action {record.plan.years}, "
        "avec ses priorités et leurs cibles"
    )


def _title(record: Plan | Programme) -> str:
    if isinstance(record, Plan):
        return f"Adoption du plan d'action {record.years}"
    return f"Adoption de la programmation annuelle {record.year}"
