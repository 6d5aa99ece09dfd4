"""Reads across the fund's models: the figures of the dashboard and of the program pages.

Every function answers in a fixed number of queries whatever the number of regions,
niches or projects. The dashboard is the program's view by region: the caller passes the
regions whose envelopes the user sees (policies.visible_envelopes).

The dashboard's charts are drawn from these rows on the server. Each row carries the
length of its bar (a percentage of the chart's largest value, written with a dot so that
it can go in an SVG attribute whatever the language), and the template draws the bar
next to the same figures in words, in a real table (see templates/funding/dashboard.html).
"""

from __future__ import annotations

import datetime
import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.money import CENT, format_money
from accord.registry.models import Creneau

from . import ledger
from .guide import percent
from .models import ZERO, Envelope, ProgramPeriod, Project, ProjectCost, ProjectCreneau, ProjectStatus
from .workflow import COMMITTED, PIPELINE

# The niches the dashboard's chart shows by name; the others are added up in one row.
NICHE_ROWS = 15


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


@dataclass(frozen=True)
class Leverage:
    """What the granted projects cost in all, for each dollar of aid."""

    cost: Decimal
    aid: Decimal
    projects: int

    @property
    def ratio(self) -> Decimal | None:
        return (self.cost / self.aid).quantize(CENT) if self.aid else None


# --- The dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OtherNiches:
    """The niches past the chart's rows, added up (a projects count counts a joint project once per niche)."""

    count: int
    amount: Decimal
    projects: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the fund's dashboard shows for a period, within what the user may see."""

    stages: list[StageRow]
    envelopes: list[EnvelopeRow]
    total: ledger.Balance
    niches: list[AidRow]
    other_niches: OtherNiches
    years: list[AidRow]
    leverage: Leverage

    @property
    def pipeline_count(self) -> int:
        return sum(row.count for row in self.stages)


# --- The dashboard, from figures per region --------------------------------------------------


@dataclass(frozen=True)
class RegionFigures:
    """One region's figures for a period: the parts the dashboard adds up.

    Niches are keyed by id and named when the dashboard is drawn. Amounts are not rounded:
    the sums are.
    """

    stages: dict[str, tuple[int, Decimal]]
    niches: dict[int, tuple[Decimal, int]]
    years: dict[int, tuple[Decimal, int]]
    aid: Decimal
    granted: int
    cost: Decimal
    balance: ledger.Balance


def region_figures(period: ProgramPeriod, envelopes: Sequence[Envelope]) -> dict[int, RegionFigures]:
    """The figures of the regions of these envelopes for the period, in four queries whatever their number."""
    region_ids = [envelope.region_id for envelope in envelopes]
    projects = Project.objects.filter(period=period, region_id__in=region_ids).order_by()
    chosen = granted(projects)
    # One pass over the projects, by region, status and year of the grant: the stages, the aid
    # granted (in all and by year) and the aid asked in the approval chain all add up from it.
    stages: dict[int, dict[str, tuple[int, Decimal]]] = defaultdict(dict)
    years: dict[int, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    granted_aid: dict[int, tuple[Decimal, int]] = {}
    pipeline: dict[tuple[int, int], Decimal] = {}
    for row in (
        projects.annotate(year=ExtractYear("granted_at"))
        .values("region_id", "status", "year")
        .annotate(count=Count("pk"), requested=Sum("requested_amount"), aid=Sum("granted_amount"))
    ):
        region_id, status, count = row["region_id"], row["status"], row["count"]
        requested, aid = row["requested"] or ZERO, row["aid"] or ZERO
        total, asked = stages[region_id].get(status, (0, ZERO))
        stages[region_id][status] = (total + count, asked + requested)
        if status in PIPELINE:
            pipeline[(region_id, period.pk)] = pipeline.get((region_id, period.pk), ZERO) + requested
        if status in COMMITTED:
            so_far, projects_granted = granted_aid.get(region_id, (ZERO, 0))
            granted_aid[region_id] = (so_far + aid, projects_granted + count)
            if row["year"] is not None:
                year_aid, year_projects = years[region_id].get(row["year"], (ZERO, 0))
                years[region_id][row["year"]] = (year_aid + aid, year_projects + count)
    # A joint project's aid counts in equal parts for each of its niches, as in the equity of
    # the envelope (ledger.equity), so the niches add up to the aid granted.
    by_project: dict[int, list[tuple[int, int, Decimal]]] = defaultdict(list)
    for project_id, region_id, creneau_id, amount in ProjectCreneau.objects.filter(
        project__in=chosen.values("pk")
    ).values_list("project_id", "project__region_id", "creneau_id", "project__granted_amount"):
        by_project[project_id].append((region_id, creneau_id, amount or ZERO))
    niches: dict[int, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    for links in by_project.values():
        for region_id, creneau_id, amount in links:
            aid, count = niches[region_id].get(creneau_id, (ZERO, 0))
            niches[region_id][creneau_id] = (aid + amount / len(links), count + 1)
    cost = {
        row["project__region_id"]: row["cost"] or ZERO
        for row in ProjectCost.objects.filter(project__in=chosen.values("pk"))
        .values("project__region_id")
        .annotate(cost=Sum("amount"))
        .order_by()
    }
    balances = ledger.balances(envelopes, pipeline=pipeline)
    by_region = {envelope.region_id: balances[envelope.pk] for envelope in envelopes}
    return {
        region_id: RegionFigures(
            stages=stages.get(region_id, {}),
            niches=niches.get(region_id, {}),
            years=years.get(region_id, {}),
            aid=granted_aid.get(region_id, (ZERO, 0))[0],
            granted=granted_aid.get(region_id, (ZERO, 0))[1],
            cost=cost.get(region_id, ZERO),
            balance=by_region[region_id],
        )
        for region_id in region_ids
    }


def regional_dashboard(period: ProgramPeriod, region_ids: Sequence[int]) -> Dashboard:
    """The dashboard of these regions for the period, added up from each region's figures (six queries)."""
    envelopes = list(
        Envelope.objects.filter(period=period, region_id__in=region_ids)
        .select_related("region")
        # What the rows show: at international scale, reading every column of 150 envelopes
        # and regions (their timestamps above all) cost more than adding up their figures.
        .only("pk", "amount", "region_id", "period_id", "region__code", "region__name")
        .order_by("region__code")
    )
    figures = region_figures(period, envelopes)
    parts = list(figures.values())
    counts: dict[str, int] = defaultdict(int)
    requested: dict[str, Decimal] = defaultdict(lambda: ZERO)
    niche_aid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    niche_projects: dict[int, int] = defaultdict(int)
    year_aid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    year_projects: dict[int, int] = defaultdict(int)
    for part in parts:
        for status, (count, amount) in part.stages.items():
            counts[status] += count
            requested[status] += amount
        for creneau_id, (amount, count) in part.niches.items():
            niche_aid[creneau_id] += amount
            niche_projects[creneau_id] += count
        for year, (amount, count) in part.years.items():
            year_aid[year] += amount
            year_projects[year] += count
    largest = max(counts.values(), default=0)
    stages = [
        StageRow(
            status=status.value,
            label=str(status.label),
            count=counts[status.value],
            requested=requested[status.value],
            bar=bar(counts[status.value], largest),
        )
        for status in ProjectStatus
    ]
    top = max((envelope.amount for envelope in envelopes), default=ZERO)
    rows = []
    for envelope in envelopes:
        balance = figures[envelope.region_id].balance
        rows.append(
            EnvelopeRow(
                envelope=envelope,
                balance=balance,
                committed_bar=bar(balance.committed, top),
                available_bar=bar(max(balance.available, ZERO), top),
            )
        )
    # The chart shows the niches that received the most; the others are one row (thousands of
    # niches at international scale would make a chart nobody reads, and a slow page).
    shown = heapq.nsmallest(NICHE_ROWS, niche_aid, key=lambda pk: (-niche_aid[pk], pk))
    rest = niche_aid.keys() - set(shown)
    niches = [
        AidRow(
            key=creneau.slug,
            label=creneau.name,
            amount=niche_aid[creneau.pk].quantize(CENT),
            projects=niche_projects[creneau.pk],
        )
        for creneau in Creneau.objects.filter(pk__in=shown).only("pk", "slug", "name_fr", "name_en")
    ]
    niches.sort(key=lambda row: (-row.amount, row.label))
    other_niches = OtherNiches(
        count=len(rest),
        amount=sum((niche_aid[pk] for pk in rest), ZERO).quantize(CENT),
        projects=sum(niche_projects[pk] for pk in rest),
    )
    years = [
        AidRow(key=year, label=str(year), amount=year_aid[year], projects=year_projects[year])
        for year in sorted(year_aid)
    ]
    return Dashboard(
        stages=stages,
        envelopes=rows,
        total=total_balance(rows),
        niches=_with_bars(niches),
        other_niches=other_niches,
        years=_with_bars(years),
        leverage=Leverage(
            cost=sum((part.cost for part in parts), ZERO),
            aid=sum((part.aid for part in parts), ZERO),
            projects=sum(part.granted for part in parts),
        ),
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


# --- What committees are told before they decide on a project (governance.subjects) ------------


def project_envelope(project: Project) -> Envelope | None:
    """The envelope the project draws from: its region's, for its period."""
    return Envelope.objects.filter(region_id=project.region_id, period_id=project.period_id).first()


def equity_warning(project: Project) -> ledger.Share | None:
    """A niche of the project that its aid would take above its fair share of the envelope, if any."""
    envelope = project_envelope(project)
    if envelope is None:
        return None
    ids = set(project.creneau_links.values_list("creneau_id", flat=True))  # type: ignore[attr-defined]
    part = project.requested_amount / max(len(ids), 1)
    for share in ledger.equity(envelope):
        if share.creneau_id in ids and share.over_target_with(part):
            return share
    return None


def interested_organisations(project: Project) -> dict[int, str]:
    """The carrier and the partners: committee members representing them are recused."""
    interested = dict.fromkeys(project.partner_links.values_list("organisation_id", flat=True), "partner")  # type: ignore[attr-defined]
    interested[project.carrier_id] = "carrier"
    return interested


def decision_notes(projects: Sequence[Project]) -> dict[int, list[str]]:
    """What a committee should know before it decides on each project (shown on the agenda).

    The regional committee shares the envelope equitably: it is told when the aid asked
    would take one of the project's niches above its fair share.
    """
    notes: dict[int, list[str]] = {}
    for project in projects:
        if project.status not in (ProjectStatus.SUBMITTED, ProjectStatus.NICHE_APPROVED):
            continue
        share = equity_warning(project)
        if share is not None:
            notes[project.pk] = [
                _(
                    "Equity: with this project, the niche %(niche)s would go above its fair share of the envelope"
                    " (target %(target)s plus %(margin)s %%; already committed %(committed)s)."
                )
                % {
                    "niche": share.name,
                    "target": format_money(share.target),
                    "margin": percent(share.margin),
                    "committed": format_money(share.committed),
                }
            ]
    return notes
