"""Synthetic plans, indicators and values for `make bench`: what the results dashboards and bilans read.

Every créneau gets five successive five-year plans, adopted, the last covering the current year,
each with two axes, an objective per axis and three actions (statuses and progress drawn as a
coordinator would report them), and its own indicators with a target for each of its years,
retired once the plan has ended. The
program's common indicators (the demo's list, `accord.results.demo.COMMON`) get a target in every
plan year. Values: every common indicator for every year before this one, every plan indicator for
every year of its (past) plan; the last year's values are partly still submitted or in draft, as
they would be before 31 March, the rest approved.

The scale fixes the number of values (the issue's 200,000 at national scale and 5,000,000 at
international scale), so the plans' own indicators are as many as it takes: about 160 a plan at
national scale (60 créneaux) and 75 at international scale (3,000). A real plan has a dozen or
two: the bench's bilans are heavier than any real one, a bound rather than a typical case.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone

from accord.accounts.models import User
from accord.planning import standing as planning_standing
from accord.planning.models import Action, ActionStatus, Axis, AxisKind, Objective, Plan, PlanStatus
from accord.registry.models import Creneau
from accord.results import services, standing
from accord.results.demo import COMMON
from accord.results.models import Direction, Indicator, IndicatorTarget, IndicatorValue, Unit, ValueStatus

BATCH_SIZE = 5_000
PLAN_YEARS = 5
PLANS = 5
AXES = (AxisKind.INNOVATION, AxisKind.INTERNATIONAL)
ACTIONS_PER_OBJECTIVE = 3
# How the last year's values stand before the ministry's approval round: per cent of each status.
LAST_YEAR_STATUSES = {ValueStatus.APPROVED: 60, ValueStatus.SUBMITTED: 30, ValueStatus.DRAFT: 10}
ACTION_STATUSES = {
    ActionStatus.DONE: 40,
    ActionStatus.IN_PROGRESS: 35,
    ActionStatus.PLANNED: 10,
    ActionStatus.DELAYED: 10,
    ActionStatus.CANCELLED: 5,
}
UNITS = (Unit.COUNT, Unit.DOLLARS, Unit.PEOPLE, Unit.PERCENT)
Log = Callable[[str], None]


def plan_indicators_per_plan(values: int, creneaux: int, years: int = (PLANS - 1) * PLAN_YEARS) -> int:
    """How many indicators of its own each plan needs for the créneaux to hold about `values` values.

    The common indicators report every year of the past plans (`years`); a plan's own report in
    its five years, and only the past plans' years have values.
    """
    if not creneaux or values <= 0:
        return 0
    own = values / creneaux - len(COMMON) * years
    return max(1, round(own / years))


@dataclass
class ResultsGenerator:
    """Writes the plans, indicators, targets and values of every créneau, in batches."""

    values: int
    rng: random.Random
    #: Who submitted the values (generate.ensure_bench_reporter): not the account the bench signs in as.
    user: User
    log: Log

    def run(self) -> dict[str, int]:
        counts = {"plans": 0, "actions": 0, "indicators": 0, "targets": 0, "values": 0}
        if self.values <= 0:
            return counts
        today = timezone.localdate()
        # The past plans end last year: their values are all in; the current plan has none yet.
        self.first_year = today.year - (PLANS - 1) * PLAN_YEARS
        self.last_value_year = today.year - 1
        self.now = timezone.now()
        creneaux = list(Creneau.objects.order_by("pk").values_list("pk", flat=True))
        self.own = plan_indicators_per_plan(self.values, len(creneaux))
        self.common = self._common()
        for start in range(0, len(creneaux), 20):
            chunk = creneaux[start : start + 20]
            for name, count in self._creneaux(chunk).items():
                counts[name] += count
            if (start // 20) % 25 == 24 or start + 20 >= len(creneaux):
                self.log(f"  {min(start + 20, len(creneaux)):,} / {len(creneaux):,} créneaux' results")
        # approve_value keeps the program's totals; the values here are written without it.
        services.count_common_totals()
        # Nor the verdicts of the common indicators' targets (set_target and approve_value keep them),
        # nor the plans' progress (planning's action services keep it).
        standing.restate_all()
        planning_standing.restate_all()
        self.log(
            f"{counts['plans']:,} plans, {counts['actions']:,} actions, {counts['indicators']:,} indicators, "
            f"{counts['targets']:,} targets, {counts['values']:,} indicator values"
        )
        return counts

    def _common(self) -> list[Indicator]:
        existing = {i.code: i for i in Indicator.objects.filter(plan__isnull=True)}
        missing = [
            Indicator(
                code=code,
                name_fr=name_fr,
                name_en=name_en,
                unit=unit,
                cumulative=cumulative,
                source=source,
                position=position,
            )
            for position, (code, name_fr, name_en, unit, cumulative, source, _base) in enumerate(COMMON, start=1)
            if code not in existing
        ]
        Indicator.objects.bulk_create(missing)
        return list(Indicator.objects.filter(plan__isnull=True).order_by("position", "pk"))

    def _creneaux(self, creneau_ids: Sequence[int]) -> dict[str, int]:
        plans = [
            Plan(
                creneau_id=creneau_id,
                first_year=first,
                last_year=first + PLAN_YEARS - 1,
                strategy_fr="Plan synthétique du banc d'essai.",
                status=PlanStatus.ADOPTED,
                adopted_on=datetime.date(first - 1, 11, 15),
            )
            for creneau_id in creneau_ids
            for first in range(self.first_year, self.first_year + PLANS * PLAN_YEARS, PLAN_YEARS)
        ]
        # SQLite and PostgreSQL both give bulk-created rows their keys back.
        Plan.objects.bulk_create(plans)
        actions = self._actions(plans)
        indicators = [
            Indicator(
                plan=plan,
                code=f"p{plan.pk}-i{number}",
                name_fr=f"Indicateur {number} du plan {plan.first_year}",
                name_en=f"Indicator {number} of the {plan.first_year} plan",
                unit=self.rng.choice(UNITS),
                direction=Direction.DECREASE if number % 7 == 0 else Direction.INCREASE,
                cumulative=number % 3 == 0,
                position=number,
                # A plan's own indicators are retired once it ends, as a coordinator does.
                active=plan.last_year >= self.last_value_year + 1,
            )
            for plan in plans
            for number in range(1, self.own + 1)
        ]
        _save(Indicator, indicators)
        targets: list[IndicatorTarget] = []
        values: list[IndicatorValue] = []
        by_plan: dict[int, list[Indicator]] = {}
        for indicator in indicators:
            by_plan.setdefault(indicator.plan_id, []).append(indicator)  # type: ignore[arg-type]
        for plan in plans:
            own = by_plan.get(plan.pk, [])
            for year in range(plan.first_year, plan.last_year + 1):
                for indicator in (*self.common, *own):
                    base = self._base(indicator)
                    targets.append(IndicatorTarget(indicator=indicator, plan=plan, year=year, value=base))
                    if year > self.last_value_year:
                        continue
                    values.append(self._value(indicator, plan.creneau_id, year, base))
        _save(IndicatorTarget, targets)
        _save(IndicatorValue, values)
        return {
            "plans": len(plans),
            "actions": actions,
            "indicators": len(indicators),
            "targets": len(targets),
            "values": len(values),
        }

    def _actions(self, plans: Sequence[Plan]) -> int:
        axes = [
            Axis(plan=plan, kind=kind, position=position)
            for plan in plans
            for position, kind in enumerate(AXES, start=1)
        ]
        _save(Axis, axes)
        objectives = [Objective(axis=axis, text="Objectif synthétique", position=1) for axis in axes]
        _save(Objective, objectives)
        actions = []
        for objective in objectives:
            for position in range(1, ACTIONS_PER_OBJECTIVE + 1):
                status = _weighted(self.rng, ACTION_STATUSES)
                actions.append(
                    Action(
                        objective=objective,
                        title=f"Action {position}",
                        status=status,
                        progress=self.rng.randrange(0, 101, 5) if status == ActionStatus.IN_PROGRESS else None,
                        weight=Decimal(self.rng.choice((1, 1, 2, 3))),
                        position=position,
                    )
                )
        _save(Action, actions)
        return len(actions)

    def _base(self, indicator: Indicator) -> Decimal:
        if indicator.unit == Unit.PERCENT:
            return Decimal(self.rng.randint(20, 90))
        if indicator.unit == Unit.DOLLARS:
            return Decimal(self.rng.randint(100, 20_000) * 1_000)
        if indicator.unit == Unit.RATIO:
            return Decimal(self.rng.randint(10, 40)) / 10
        return Decimal(self.rng.randint(5, 400))

    def _value(self, indicator: Indicator, creneau_id: int, year: int, base: Decimal) -> IndicatorValue:
        status = ValueStatus.APPROVED
        if year == self.last_value_year:
            status = _weighted(self.rng, LAST_YEAR_STATUSES)
        pace = Decimal(self.rng.randint(70, 115)) / 100
        submitted = status != ValueStatus.DRAFT
        return IndicatorValue(
            indicator=indicator,
            creneau_id=creneau_id,
            year=year,
            value=(base * pace).quantize(Decimal("0.01")),
            status=status,
            submitted_by=self.user if submitted else None,
            submitted_at=datetime.datetime(year + 1, 2, 15, 12, tzinfo=datetime.UTC) if submitted else None,
        )


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _batches(rows: Sequence[Model]) -> Iterator[Sequence[Model]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start : start + BATCH_SIZE]


def _save(model: type[Model], rows: Sequence[Model]) -> None:
    for batch in _batches(rows):
        model._default_manager.bulk_create(batch)
