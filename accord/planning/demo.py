"""Planning demonstration data: a plan for every niche whose committee has a coordinator.

Written through the services, as the niche's coordinator would: four axes (three of the
program's kinds and the niche's own), two objectives each, eight actions in every status,
one with a progress entered by hand and one cancelled, so the roll-up shows each rule. The
plan runs from last year to the year after next and is adopted. Safe to run again: a niche
that has a plan is left as it is. Fast: a few dozen rows per niche.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.registry.demo import DEMO_DOMAIN
from accord.registry.models import Creneau

from . import selectors, services
from .models import ActionStatus, AxisKind, Plan

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


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    holders = selectors.niche_coordinator_creneaux()
    created = 0
    with transaction.atomic():
        for creneau in Creneau.objects.filter(pk__in=holders, plans__isnull=True).order_by("slug"):
            _plan(admin, creneau, today)
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
    return services.adopt_plan(plan, actor=admin, adopted_on=datetime.date(year - 1, 3, 15), reason=REASON)
