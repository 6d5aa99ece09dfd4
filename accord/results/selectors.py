"""Reads of the results: a créneau's table of indicators by year, the approval queue, a value's page,
and the work queue the back office's home shows. Each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.planning.models import Plan, PlanStatus
from accord.registry import queues
from accord.registry.models import Creneau

from . import measures, policies
from .models import Indicator, IndicatorTarget, IndicatorValue, ValueStatus


def current_plan(creneau: Creneau, on: datetime.date | None = None) -> Plan | None:
    """The créneau's plan whose targets count: the adopted one covering this year, else its latest (one query)."""
    year = (on or timezone.localdate()).year
    plans = list(Plan.objects.filter(creneau=creneau).order_by("-first_year", "pk"))
    covering = [p for p in plans if p.status == PlanStatus.ADOPTED and p.first_year <= year <= p.last_year]
    chosen = covering or plans
    return chosen[0] if chosen else None


@dataclass
class Cell:
    """One indicator in one year: its target, the approved figure, the value under way, the verdict."""

    year: int
    target: Decimal | None = None
    approved: Decimal | None = None
    #: What is compared to the target: the approved value, or the running total of a cumulative indicator.
    figure: Decimal | None = None
    #: The créneau's value of that year, whatever its status (None: nothing reported).
    value: IndicatorValue | None = None
    comparison: measures.Comparison | None = None

    @property
    def pending(self) -> IndicatorValue | None:
        """The value still on its way (draft, submitted, returned): it does not count yet."""
        if self.value is not None and self.value.status != ValueStatus.APPROVED:
            return self.value
        return None


@dataclass
class Line:
    indicator: Indicator
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Table:
    """A créneau's indicators × years, against the targets of `plan`."""

    creneau: Creneau
    plan: Plan | None
    years: list[int]
    lines: list[Line]


def creneau_indicators(creneau: Creneau) -> QuerySet[Indicator]:
    """The indicators a créneau reports on: the active common ones and its plans' own, and any with its values."""
    own = Q(plan__isnull=True) | Q(plan__creneau=creneau)
    return (
        Indicator.objects.filter((own & Q(active=True)) | Q(values__creneau=creneau))
        .distinct()
        .order_by("plan_id", "position", "code", "pk")
    )


def indicator_table(creneau: Creneau, plan: Plan | None = None, *, on: datetime.date | None = None) -> Table:
    """The créneau's table: every indicator it reports on, for the plan's years and any year with a value
    (four queries: the plan, the indicators, the targets, the values)."""
    plan = plan or current_plan(creneau, on)
    indicators = list(creneau_indicators(creneau))
    ids = [indicator.pk for indicator in indicators]
    targets: dict[tuple[int, int], Decimal] = {}
    if plan is not None:
        targets = {
            (i, y): v
            for i, y, v in IndicatorTarget.objects.filter(plan=plan, indicator_id__in=ids).values_list(
                "indicator_id", "year", "value"
            )
        }
    values = {(v.indicator_id, v.year): v for v in IndicatorValue.objects.filter(creneau=creneau, indicator_id__in=ids)}
    years = {year for _i, year in values}
    if plan is not None:
        years |= set(range(plan.first_year, plan.last_year + 1))
    if not years:
        years = {(on or timezone.localdate()).year}
    span = list(range(min(years), max(years) + 1))
    lines = []
    for indicator in indicators:
        approved = {
            year: value.value
            for (i, year), value in values.items()
            if i == indicator.pk and value.status == ValueStatus.APPROVED
        }
        figures = measures.figures(
            approved, span, cumulative=indicator.cumulative, first_year=plan.first_year if plan else None
        )
        cells = []
        for year in span:
            target = targets.get((indicator.pk, year))
            cells.append(
                Cell(
                    year=year,
                    target=target,
                    approved=approved.get(year),
                    figure=figures[year],
                    value=values.get((indicator.pk, year)),
                    comparison=measures.compare(figures[year], target, indicator.direction),
                )
            )
        lines.append(Line(indicator, cells))
    return Table(creneau, plan, span, lines)


def approval_queue(user: Any) -> QuerySet[IndicatorValue]:
    """The submitted values the user may approve or return (not those they submitted), the oldest first."""
    return (
        policies.reviewable_values(user)
        .filter(status=ValueStatus.SUBMITTED)
        .select_related("indicator", "creneau", "submitted_by")
        .order_by("submitted_at", "pk")
    )


def value_page(value: IndicatorValue) -> list[Any]:
    """A value's audit trail, the oldest first, with who took each step (one query)."""
    return list(value.events.select_related("actor").order_by("occurred_at", "pk"))


def _value_item(value: IndicatorValue) -> queues.Item:
    return queues.Item(
        subject=f"{value.creneau.name} – {value.indicator.name} {value.year}",
        url=value.get_absolute_url(),
        since=queues.as_date(value.submitted_at),
    )


def queues_for(user: Any, on: datetime.date) -> list[queues.Queue]:
    """What waits for the user in the results: for the ministry and regional offices, values to approve."""
    if not getattr(user, "is_authenticated", False) or not scope_for(user).is_staff:
        return []
    return [
        queues.from_queryset(
            "indicator_values",
            str(_("Indicator values to approve")),
            approval_queue(user),
            since="submitted_at",
            item=_value_item,
            action=reverse("results:approval_queue"),
            order=40,
        )
    ]
