"""Reads of the plans: a plan's page with its figures, the lists, the choices of the forms.

The figures are computed by the database: one aggregate query, grouped by objective, gives
Σ(weight × progress), Σ(weight) and the budget of the actions that count; the axes' and the
plan's sums are those of their objectives (sums add up), and `progress.mean` turns sums into
a percentage, as it does for the pure roll-up the tests compare them with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, F, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accord.accounts.models import User
from accord.governance.models import Committee, CommitteeKind, Mandate, MandateRole, Resolution, ResolutionOutcome
from accord.registry import personal_data
from accord.registry.models import Creneau, Organisation, Person

from . import links
from .models import (
    Action,
    ActionPartner,
    ActionStatus,
    Axis,
    Objective,
    Plan,
    PlanStatus,
    Priority,
    Programme,
    ProgrammeStatus,
)
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
    #: The annual programmes, by year, each with its priorities (`programme.priorities.all()`).
    programmes: list[Programme] = field(default_factory=list)


def _programmes(plan: Plan) -> list[Programme]:
    """The plan's programmes by year with their priorities and actions (two queries)."""
    priorities = Priority.objects.select_related("action").order_by("position", "pk")
    return list(
        plan.programmes.select_related("resolution", "rejected_by")
        .prefetch_related(Prefetch("priorities", queryset=priorities))
        .order_by("year")
    )


def plan_page(plan: Plan) -> PlanPage:
    """The plan's tree, figures and programmes in a fixed number of queries, whatever the number of
    actions, programmes and priorities. Each action carries the years it is a priority of
    (`action.priority_years`), each programme its priorities."""
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
    programmes = _programmes(plan)
    years: dict[int, list[int]] = {}
    for programme in programmes:
        for priority in programme.priorities.all():
            years.setdefault(priority.action_id, []).append(programme.year)
    total = Figures()
    for axis in axes:
        axis_total = Figures()
        for objective in axis.objectives.all():
            figures = by_objective.get((axis.pk, objective.pk), Figures())
            objective.figures = figures  # type: ignore[attr-defined]
            for action in objective.actions.all():
                action.current_progress = action_progress(action.status, action.progress)  # type: ignore[attr-defined]
                action.priority_years = years.get(action.pk, [])  # type: ignore[attr-defined]
            axis_total += figures
        axis.figures = axis_total  # type: ignore[attr-defined]
        total += axis_total
    return PlanPage(plan=plan, axes=axes, figures=total, programmes=programmes)


def attach_serving(page: PlanPage, user: Any) -> None:
    """Set on each action of the page what serves it that the user may see (`action.serving`):
    one query per app that serves actions (planning.links), whatever the number of actions."""
    found = links.serving(page.plan, user)
    for axis in page.axes:
        for objective in axis.objectives.all():
            for action in objective.actions.all():
                action.serving = found.get(action.pk, [])  # type: ignore[attr-defined]


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


def niche_committee(creneau_id: int) -> Committee | None:
    """The créneau's active niche committee: it adopts the créneau's plans and their programmes."""
    return Committee.objects.active().filter(kind=CommitteeKind.CRENEAU, creneau_id=creneau_id).order_by("pk").first()


def free_years(plan: Plan) -> list[int]:
    """The plan's years that have no programme yet."""
    taken = set(plan.programmes.values_list("year", flat=True))
    return [year for year in range(plan.first_year, plan.last_year + 1) if year not in taken]


def programme_page(programme: Programme) -> list[Priority]:
    """The programme's priorities with their actions, objectives and axes (one query)."""
    return list(
        programme.priorities.select_related("action__objective__axis").order_by("position", "pk")  # type: ignore[attr-defined]
    )


def adopted_priorities(plan: Plan, year: int) -> list[Priority]:
    """The priorities of the plan's adopted programme of the year, in their order, with their actions
    (one query; none while the year's programme is a draft or absent). A bilan shows them."""
    return list(
        Priority.objects.filter(programme__plan=plan, programme__year=year, programme__status=ProgrammeStatus.ADOPTED)
        .select_related("action")
        .order_by("position", "pk")
    )


def priority_actions(programme: Programme, *, keep: Action | None = None) -> QuerySet[Action]:
    """The actions a programme may make priorities: its plan's, not cancelled, not already in it
    (`keep`: the one a priority being edited names)."""
    taken = Priority.objects.filter(programme=programme)
    if keep is not None:
        taken = taken.exclude(action=keep)
    return (
        Action.objects.filter(objective__axis__plan_id=programme.plan_id)
        .exclude(status=ActionStatus.CANCELLED)
        .exclude(pk__in=taken.values("action_id"))
        .select_related("objective__axis")
        .order_by(
            "objective__axis__position", "objective__axis_id", "objective__position", "objective_id", "position", "pk"
        )
    )


def plan_decision_notes(plans: Sequence[Plan]) -> dict[int, list[str]]:
    """What a committee should know before adopting each plan (two queries for a whole agenda):
    its years and size, and an adopted plan of the créneau that already covers one of its years."""
    ids = [plan.pk for plan in plans]
    sizes = {
        row["pk"]: row
        for row in Plan.objects.filter(pk__in=ids)
        .values("pk")
        .annotate(
            axes_count=Count("axes", distinct=True), actions_count=Count("axes__objectives__actions", distinct=True)
        )
    }
    adopted = list(
        Plan.objects.filter(creneau_id__in={plan.creneau_id for plan in plans}, status=PlanStatus.ADOPTED).order_by(
            "first_year"
        )
    )
    notes: dict[int, list[str]] = {}
    for plan in plans:
        size = sizes.get(plan.pk, {})
        sentences = [
            _("Plan %(years)s: %(axes)s axes, %(actions)s actions.")
            % {"years": plan.years, "axes": size.get("axes_count", 0), "actions": size.get("actions_count", 0)}
        ]
        if plan.status == PlanStatus.ADOPTED:
            sentences.append(_("This plan is already adopted."))
        for other in adopted:
            if other.pk != plan.pk and other.first_year <= plan.last_year and other.last_year >= plan.first_year:
                sentences.append(
                    _("The adopted plan %(plan)s already covers some of these years: this one cannot be adopted.")
                    % {"plan": other.years}
                )
        notes[plan.pk] = sentences
    return notes


def programme_decision_notes(programmes: Sequence[Programme]) -> dict[int, list[str]]:
    """What a committee should know before adopting each annual programme (one query for a whole
    agenda): how many priorities, a plan not adopted yet, cancelled actions among the priorities."""
    rows = (
        Programme.objects.filter(pk__in=[programme.pk for programme in programmes])
        .select_related("plan")
        .annotate(
            count=Count("priorities"),
            cancelled=Count("priorities", filter=Q(priorities__action__status=ActionStatus.CANCELLED)),
        )
    )
    notes: dict[int, list[str]] = {}
    for programme in rows:
        sentences = [
            _("Priorities of %(year)s (plan %(plan)s): %(count)s.")
            % {"year": programme.year, "plan": programme.plan.years, "count": programme.count}
        ]
        if programme.status == ProgrammeStatus.ADOPTED:
            sentences.append(_("This programme is already adopted."))
        if programme.plan.status != PlanStatus.ADOPTED:
            sentences.append(_("The plan is not adopted yet: the committee adopts the plan before its programmes."))
        if not programme.count:
            sentences.append(_("No priority yet: an empty programme cannot be adopted."))
        if programme.cancelled:
            sentences.append(_("Some priorities name cancelled actions: remove them before adopting."))
        notes[programme.pk] = sentences
    return notes


# --- Law 25: what the plans hold about a person (registry.personal_data) -------------------------


def person_personal_data(person: Any) -> dict[str, Any]:
    """What the plans hold about a person: the actions they are named to carry, and the changes
    their accounts made to plans, actions and programmes (who, when: the plans' history)."""
    users = list(User.objects.filter(person=person).values_list("pk", flat=True))
    changes = []
    for model in (Plan, Action, Programme):
        history = model.history.filter(history_user_id__in=users)  # type: ignore[attr-defined]
        changes += [
            {"record": str(model._meta.verbose_name), **row}
            for row in personal_data.rows(history, "id", "history_type", "history_date", "history_change_reason")
        ]
    changes.sort(key=lambda change: (change["history_date"], change["record"], change["id"]))
    return {
        "actions_owned": personal_data.rows(
            Action.objects.filter(owner_person=person).order_by("objective__axis__plan__first_year", "pk"),
            "objective__axis__plan__creneau__slug",
            "objective__axis__plan__first_year",
            "objective__axis__plan__last_year",
            "title",
            "status",
            "progress",
            "starts_on",
            "ends_on",
        ),
        "changes_made": changes,
    }
