"""Reads across the fund's models: the figures of the dashboard and of the program pages.

Every function takes querysets the caller has already scoped with the policies
(`visible_projects`, `visible_envelopes`), and answers in a fixed number of queries
whatever the number of regions, niches or projects.

The dashboard's charts are drawn from these rows on the server. Each row carries the
length of its bar (a percentage of the chart's largest value, written with a dot so that
it can go in an SVG attribute whatever the language), and the template draws the bar
next to the same figures in words, in a real table (see templates/funding/dashboard.html).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone, translation

from . import ledger
from .models import ZERO, Envelope, ProgramPeriod, Project, ProjectCost, ProjectCreneau, ProjectStatus
from .workflow import COMMITTED

CENT = Decimal("0.01")


def bar(value: Decimal | int, largest: Decimal | int) -> str:
    """The length of a bar, as a percentage of the largest (0 to 100, one decimal, a dot)."""
    if not largest or value <= 0:
        return "0"
    return f"{min(Decimal(100), Decimal(value) * 100 / Decimal(largest)):.1f}"


# --- Periods ---------------------------------------------------------------------------------


def periods() -> list[ProgramPeriod]:
    """Every period of the program, the latest first."""
    return list(ProgramPeriod.objects.order_by("-starts_on"))


def default_period(choices: Sequence[ProgramPeriod], today: datetime.date | None = None) -> ProgramPeriod | None:
    """The period covering today, else the latest one (`choices` are the latest first)."""
    day = today or timezone.localdate()
    for period in choices:
        if period.covers(day):
            return period
    return choices[0] if choices else None


def pick_period(choices: Sequence[ProgramPeriod], wanted: Any) -> ProgramPeriod | None:
    """The period asked for by its code (a query parameter), else the default one."""
    if wanted not in (None, ""):
        for period in choices:
            if period.code == wanted:
                return period
    return default_period(choices)


# --- The pipeline ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StageRow:
    """A status of the pipeline: how many projects, how much aid they ask for."""

    status: str
    label: str
    count: int
    requested: Decimal
    bar: str


def pipeline(projects: QuerySet[Project]) -> list[StageRow]:
    """Every status, in the pipeline's order, with its projects' count and requested aid (one query)."""
    rows = {
        row["status"]: row
        for row in projects.order_by()
        .values("status")
        .annotate(count=Count("pk"), requested=Sum("requested_amount"))
        .values("status", "count", "requested")
    }
    largest = max((row["count"] for row in rows.values()), default=0)
    return [
        StageRow(
            status=status.value,
            label=str(status.label),
            count=rows.get(status.value, {}).get("count", 0),
            requested=rows.get(status.value, {}).get("requested") or ZERO,
            bar=bar(rows.get(status.value, {}).get("count", 0), largest),
        )
        for status in ProjectStatus
    ]


# --- Envelopes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnvelopeRow:
    """A region's envelope and its balance, with the two parts of its bar."""

    envelope: Envelope
    balance: ledger.Balance
    committed_bar: str
    available_bar: str

    @property
    def region(self) -> Any:
        return self.envelope.region


def envelope_rows(envelopes: QuerySet[Envelope]) -> list[EnvelopeRow]:
    """Each envelope (by region code) with its balance, in three queries (see ledger.balances)."""
    items = list(envelopes.select_related("region", "period").order_by("region__code", "period__starts_on"))
    balances = ledger.balances(items)
    largest = max((envelope.amount for envelope in items), default=ZERO)
    return [
        EnvelopeRow(
            envelope=envelope,
            balance=balances[envelope.pk],
            committed_bar=bar(balances[envelope.pk].committed, largest),
            available_bar=bar(max(balances[envelope.pk].available, ZERO), largest),
        )
        for envelope in items
    ]


def total_balance(rows: Iterable[EnvelopeRow]) -> ledger.Balance:
    """The sum of the envelopes' balances."""
    rows = list(rows)
    return ledger.Balance(
        total=sum((row.balance.total for row in rows), ZERO),
        committed=sum((row.balance.committed for row in rows), ZERO),
        disbursed=sum((row.balance.disbursed for row in rows), ZERO),
        pipeline=sum((row.balance.pipeline for row in rows), ZERO),
    )


# --- Aid granted -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AidRow:
    """Aid granted to a group of projects: a niche (its slug as key) or a year."""

    key: Any
    label: str
    amount: Decimal
    projects: int
    bar: str = field(default="0")


def _with_bars(rows: list[AidRow]) -> list[AidRow]:
    largest = max((row.amount for row in rows), default=ZERO)
    return [AidRow(row.key, row.label, row.amount, row.projects, bar(row.amount, largest)) for row in rows]


def granted(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects whose aid is committed: granted, under agreement, reporting or closed."""
    return projects.filter(status__in=COMMITTED)


def aid_by_niche(projects: QuerySet[Project]) -> list[AidRow]:
    """Aid granted per niche, the largest first (one query).

    A joint project's aid counts in equal parts for each of its niches, as in the equity
    of the envelope (ledger.equity), so the niches add up to the aid granted.
    """
    links = ProjectCreneau.objects.filter(project__in=granted(projects).order_by().values("pk")).values_list(
        "project_id", "creneau__slug", "creneau__name_fr", "creneau__name_en", "project__granted_amount"
    )
    by_project: dict[int, list[tuple[str, str, str, Decimal | None]]] = defaultdict(list)
    for project_id, slug, name_fr, name_en, amount in links:
        by_project[project_id].append((slug, name_fr, name_en, amount))
    amounts: dict[str, Decimal] = defaultdict(lambda: ZERO)
    counts: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    english = (translation.get_language() or "fr")[:2] == "en"
    for rows in by_project.values():
        for slug, name_fr, name_en, amount in rows:
            amounts[slug] += (amount or ZERO) / len(rows)
            counts[slug] += 1
            # As Creneau.name does (core.i18n.localized): French when the English name is missing.
            names[slug] = (name_en or name_fr) if english else name_fr
    result = [
        AidRow(key=slug, label=names[slug], amount=amounts[slug].quantize(CENT), projects=counts[slug])
        for slug in amounts
    ]
    result.sort(key=lambda row: (-row.amount, row.label))
    return _with_bars(result)


def aid_by_year(projects: QuerySet[Project]) -> list[AidRow]:
    """Aid granted per year of the grant, oldest first (one query)."""
    rows = (
        granted(projects)
        .order_by()
        .annotate(year=ExtractYear("granted_at"))
        .values("year")
        .annotate(amount=Sum("granted_amount"), projects=Count("pk"))
        .order_by("year")
    )
    return _with_bars(
        [
            AidRow(key=row["year"], label=str(row["year"]), amount=row["amount"] or ZERO, projects=row["projects"])
            for row in rows
            if row["year"] is not None
        ]
    )


@dataclass(frozen=True)
class Leverage:
    """What the granted projects cost in all, for each dollar of aid."""

    cost: Decimal
    aid: Decimal
    projects: int

    @property
    def ratio(self) -> Decimal | None:
        return (self.cost / self.aid).quantize(CENT) if self.aid else None


def leverage(projects: QuerySet[Project]) -> Leverage:
    """Total cost of the granted projects (their budgets) over the aid granted to them (two queries)."""
    chosen = granted(projects).order_by()
    aid = chosen.aggregate(aid=Sum("granted_amount"), projects=Count("pk"))
    cost = ProjectCost.objects.filter(project__in=chosen.values("pk")).aggregate(cost=Sum("amount"))["cost"]
    return Leverage(cost=cost or ZERO, aid=aid["aid"] or ZERO, projects=aid["projects"])


# --- The dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    """Everything the fund's dashboard shows for a period, within what the user may see."""

    stages: list[StageRow]
    envelopes: list[EnvelopeRow]
    total: ledger.Balance
    niches: list[AidRow]
    years: list[AidRow]
    leverage: Leverage

    @property
    def pipeline_count(self) -> int:
        return sum(row.count for row in self.stages)


def dashboard(*, projects: QuerySet[Project], envelopes: QuerySet[Envelope]) -> Dashboard:
    """The dashboard's figures, from the scoped projects and envelopes of one period (eight queries)."""
    rows = envelope_rows(envelopes)
    return Dashboard(
        stages=pipeline(projects),
        envelopes=rows,
        total=total_balance(rows),
        niches=aid_by_niche(projects),
        years=aid_by_year(projects),
        leverage=leverage(projects),
    )


def envelope_totals_by_period(envelopes: QuerySet[Envelope]) -> dict[int, dict[str, Any]]:
    """For each period: how many of the envelopes and their total amount (one query)."""
    return {
        row["period_id"]: row
        for row in envelopes.order_by()
        .values("period_id")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .values("period_id", "count", "amount")
    }
