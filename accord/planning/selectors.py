"""Reads of the plans: a plan's page with its figures, the lists, the choices of the forms.

The figures are computed by the database: one aggregate query, grouped by objective, gives
Σ(weight × progress), Σ(weight) and the budget of the actions that count; the axes' and the
plan's sums are those of their objectives (sums add up), and `progress.mean` turns sums into
a percentage, as it does for the pure roll-up the tests compare them with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, F, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from accord.governance.models import CommitteeKind, Mandate, MandateRole, Resolution, ResolutionOutcome
from accord.registry.models import Creneau, Organisation, Person

from .models import Action, ActionPartner, ActionStatus, Axis, Objective, Plan, PlanStatus
from .progress import DEFAULT_PROGRESS, ZERO, Sums, action_progress

# The database's reading of progress.action_progress (cancelled actions are filtered out).
PROGRESS = Coalesce(
    F("progress"),
    Case(*(When(status=status, then=Value(value)) for status, value in DEFAULT_PROGRESS.items()), default=Value(0)),
)
COUNTS = ~Q(status=ActionStatus.CANCELLED)
AMOUNT: DecimalField[Any, Any] = DecimalField(max_digits=20, decimal_places=2)


@dataclass(frozen=True)
class Figures:
    """A level's progress sums, its budget (actions that count) and how many actions it has (all)."""

    sums: Sums = field(default_factory=Sums)
    budget: Decimal = ZERO
    actions: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.sums + other.sums, self.budget + other.budget, self.actions + other.actions)

    @property
    def progress(self) -> Decimal | None:
        return self.sums.progress


def _aggregate(actions: QuerySet[Action], *group: str) -> Iterable[dict[str, Any]]:
    return (
        actions.order_by()
        .values(*group)
        .annotate(
            weighted=Sum(F("weight") * PROGRESS, filter=COUNTS, output_field=AMOUNT),
            weights=Sum("weight", filter=COUNTS, output_field=AMOUNT),
            total=Sum("budget", filter=COUNTS, output_field=AMOUNT),
            count=Count("pk"),
        )
    )


def _figures(row: dict[str, Any]) -> Figures:
    return Figures(Sums(row["weighted"] or ZERO, row["weights"] or ZERO), row["total"] or ZERO, row["count"] or 0)


def objective_figures(plan: Plan) -> dict[tuple[int, int], Figures]:
    """Each objective's figures, by (axis id, objective id): one query."""
    rows = _aggregate(Action.objects.filter(objective__axis__plan=plan), "objective__axis_id", "objective_id")
    return {(row["objective__axis_id"], row["objective_id"]): _figures(row) for row in rows}


def plan_progress(plans: QuerySet[Plan]) -> dict[int, Figures]:
    """Each plan's figures, by plan id: one query for a whole list."""
    rows = _aggregate(Action.objects.filter(objective__axis__plan__in=plans), "objective__axis__plan_id")
    return {row["objective__axis__plan_id"]: _figures(row) for row in rows}


@dataclass
class PlanPage:
    """A plan as its page and the API show it: the axes with their objectives and actions, each
    level with its figures (`axis.figures`, `objective.figures`), and the plan's."""

    plan: Plan
    axes: list[Axis]
    figures: Figures = field(default_factory=Figures)


def plan_page(plan: Plan) -> PlanPage:
    """The plan's tree and figures in a fixed number of queries, whatever the number of actions."""
    partners = Prefetch(
        "partner_links",
        queryset=ActionPartner.objects.select_related("organisation").order_by("organisation__name"),
        to_attr="partner_list",
    )
    actions = Prefetch(
        "actions",
        queryset=Action.objects.select_related("owner_organisation", "owner_person").prefetch_related(partners),
    )
    axes = list(
        plan.axes.prefetch_related(Prefetch("objectives", queryset=Objective.objects.prefetch_related(actions)))
    )
    by_objective = objective_figures(plan)
    total = Figures()
    for axis in axes:
        axis_total = Figures()
        for objective in axis.objectives.all():
            figures = by_objective.get((axis.pk, objective.pk), Figures())
            objective.figures = figures  # type: ignore[attr-defined]
            for action in objective.actions.all():
                action.current_progress = action_progress(action.status, action.progress)  # type: ignore[attr-defined]
            axis_total += figures
        axis.figures = axis_total  # type: ignore[attr-defined]
        total += axis_total
    return PlanPage(plan=plan, axes=axes, figures=total)


def creneau_plans(creneau: Creneau, plans: QuerySet[Plan]) -> list[Plan]:
    """The créneau's plans the user sees, latest first, each with its figures (two queries)."""
    rows = list(plans.filter(creneau=creneau).order_by("-first_year", "pk"))
    figures = plan_progress(plans.filter(creneau=creneau))
    for plan in rows:
        plan.figures = figures.get(plan.pk, Figures())  # type: ignore[attr-defined]
    return rows


def plan_list(plans: QuerySet[Plan]) -> list[Plan]:
    """Every plan the user sees, by créneau then latest first, each with its figures (two queries)."""
    rows = list(plans.select_related("creneau").order_by("creneau__name_fr", "-first_year", "pk"))
    figures = plan_progress(plans)
    for plan in rows:
        plan.figures = figures.get(plan.pk, Figures())  # type: ignore[attr-defined]
    return rows


def overlapping_adopted(plan: Plan, first_year: int, last_year: int) -> QuerySet[Plan]:
    """The créneau's other adopted plans whose years meet first_year to last_year."""
    return Plan.objects.filter(
        creneau_id=plan.creneau_id,
        status=PlanStatus.ADOPTED,
        first_year__lte=last_year,
        last_year__gte=first_year,
    ).exclude(pk=plan.pk)


def owner_organisations(creneau: Creneau) -> QuerySet[Organisation]:
    """Who may carry or join an action: the créneau's member organisations and those of its regions."""
    return (
        Organisation.objects.filter(Q(creneaux=creneau) | Q(region__in=creneau.regions.all()))
        .distinct()
        .order_by("name")
    )


def owner_people(creneau: Creneau) -> QuerySet[Person]:
    """Who may carry an action: the niche committee's members of today and the people of the
    créneau's member organisations."""
    seated = (
        Mandate.objects.current()
        .filter(committee__creneau=creneau, committee__kind=CommitteeKind.CRENEAU)
        .values("person_id")
    )
    return (
        Person.objects.filter(Q(pk__in=seated) | Q(affiliations__organisation__creneaux=creneau))
        .distinct()
        .order_by("last_name", "first_name")
    )


def adopting_resolutions(creneau: Creneau) -> QuerySet[Resolution]:
    """The adopted resolutions of the créneau's niche committee, that may record a plan's adoption."""
    return Resolution.objects.filter(
        committee__creneau=creneau, committee__kind=CommitteeKind.CRENEAU, outcome=ResolutionOutcome.ADOPTED
    ).order_by("-pk")


def niche_coordinator_creneaux() -> list[int]:
    """The créneaux whose niche committee has a coordinator today (one query)."""
    return list(
        Mandate.objects.current()
        .filter(role=MandateRole.COORDINATOR, committee__kind=CommitteeKind.CRENEAU)
        .values_list("committee__creneau_id", flat=True)
        .distinct()
    )
