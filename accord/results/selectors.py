"""Reads of the results: a créneau's table of indicators by year, the approval queue, a value's page,
and the work queue the back office's home shows. Each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.funding import impact
from accord.funding import selectors as funding_selectors
from accord.governance import selectors as governance_selectors
from accord.planning import selectors as planning_selectors
from accord.planning.models import Axis, Plan, PlanStatus
from accord.registry import queues
from accord.registry.models import Creneau, CreneauRegion, Region

from . import measures, policies, report
from .models import Bilan, BilanEvent, BilanStatus, Indicator, IndicatorTarget, IndicatorValue, ValueStatus


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


# --- Bilans (annual reports) ---------------------------------------------------------------------

#: The common indicators of impact the bilan shows beside the final reports (by code, if defined).
IMPACT_CODES = ("emplois", "investissements", "ventes-export")
IMPACT_SIDES = (impact.EXPECTED, impact.ACTUAL)


def _both(label: Any) -> tuple[str, str]:
    """A translatable label in French and in English, for a report that reads in either."""
    with translation.override("fr"):
        french = str(label)
    with translation.override("en"):
        english = str(label)
    return french, english


def bilan_plan(creneau: Creneau, year: int) -> Plan | None:
    """The créneau's plan whose targets a year's bilan uses: the adopted one covering that year,
    else its latest (one query, as `current_plan`)."""
    return current_plan(creneau, datetime.date(year, 12, 31))


def _plan_part(plan: Plan) -> report.PlanPart:
    axes = list(Axis.objects.filter(plan=plan).order_by("position", "pk"))
    by_objective = planning_selectors.objective_figures(plan)
    lines = []
    total = planning_selectors.Figures()
    for axis in axes:
        figures = sum(
            (f for (axis_id, _o), f in by_objective.items() if axis_id == axis.pk), planning_selectors.Figures()
        )
        total += figures
        kind_fr, kind_en = _both(axis.get_kind_display())
        lines.append(
            report.AxisLine(
                name_fr=axis.name_fr or kind_fr,
                name_en=axis.name_en or axis.name_fr or kind_en,
                progress=figures.progress,
                actions=figures.actions,
            )
        )
    return report.PlanPart(
        pk=plan.pk,
        first_year=plan.first_year,
        last_year=plan.last_year,
        status=plan.status,
        progress=total.progress,
        axes=tuple(lines),
    )


def _indicator_lines(table: Table, year: int) -> tuple[report.IndicatorLine, ...]:
    lines = []
    for line in table.lines:
        cells = {cell.year: cell for cell in line.cells}
        cell = cells.get(year)
        if cell is None or (cell.target is None and cell.figure is None and not line.indicator.active):
            continue
        indicator = line.indicator
        lines.append(
            report.IndicatorLine(
                name_fr=indicator.name_fr,
                name_en=indicator.name_en,
                code=indicator.code,
                unit=indicator.unit,
                direction=indicator.direction,
                cumulative=indicator.cumulative,
                target=cell.target,
                figure=cell.figure,
                years=tuple(report.YearFigure(c.year, c.target, c.figure) for c in line.cells if c.year <= year),
            )
        )
    return tuple(lines)


def _impact_indicators(table: Table, year: int) -> tuple[report.ImpactIndicator, ...]:
    found = []
    for line in table.lines:
        indicator = line.indicator
        if indicator.plan_id is None and indicator.code in IMPACT_CODES:
            cell = next((c for c in line.cells if c.year == year), None)
            found.append(
                report.ImpactIndicator(
                    name_fr=indicator.name_fr,
                    name_en=indicator.name_en,
                    code=indicator.code,
                    unit=indicator.unit,
                    figure=cell.approved if cell is not None else None,
                )
            )
    return tuple(sorted(found, key=lambda i: IMPACT_CODES.index(i.code)))


def _governance_part(creneau: Creneau, year: int) -> report.GovernancePart:
    committee = governance_selectors.niche_committee_of(creneau.pk)
    meetings = [
        report.MeetingLine(pk=m.pk, date=timezone.localdate(m.starts_at), title=m.title)
        for m in governance_selectors.niche_meetings_held([creneau.pk], year)
    ]
    resolutions = [
        report.ResolutionLine(
            pk=r.pk, number=r.number, title=r.title, date=timezone.localdate(r.decided_at) if r.decided_at else None
        )
        for r in governance_selectors.niche_resolutions_adopted([creneau.pk], year)
    ]
    return report.GovernancePart(
        name_fr=committee.name_fr if committee else "",
        name_en=committee.name_en if committee else "",
        committee_pk=committee.pk if committee else None,
        meetings=tuple(meetings),
        resolutions=tuple(resolutions),
    )


def bilan_report(creneau: Creneau, year: int) -> report.Report:
    """The créneau's year generated from the data: its plan's progress, its indicators against the
    targets, the fund's projects, its niche committee's meetings and resolutions, the impact of the
    projects closed in the year. The page, the PDF and the API show this one value (fourteen queries
    with a plan covering the year, twelve without, whatever the data; decision 37)."""
    plan = bilan_plan(creneau, year)
    covering = plan if plan is not None and plan.first_year <= year <= plan.last_year else None
    # The plan's targets, the approved values and their running totals: the indicators' own table.
    table = indicator_table(creneau, plan)
    projects = funding_selectors.creneaux_year_projects([creneau.pk], year)[creneau.pk]
    granted = funding_selectors.granted_in_year(creneau.pk, year)
    # Hook (decision 37): the year's priorities come from planning's annual programme once it exists.
    priorities: tuple[str, ...] = ()
    return report.Report(
        name_fr=creneau.name_fr,
        name_en=creneau.name_en,
        creneau_pk=creneau.pk,
        slug=creneau.slug,
        year=year,
        computed_on=timezone.localdate(),
        plan=_plan_part(covering) if covering is not None else None,
        priorities=priorities,
        indicators=_indicator_lines(table, year),
        projects=report.ProjectsPart(
            granted=projects.granted,
            granted_amount=projects.granted_amount,
            disbursed=projects.disbursed,
            by_status=tuple(report.StatusCount(status, n) for status, n in projects.by_status),
            lines=tuple(
                report.ProjectLine(
                    pk=row["pk"],
                    number=row["number"],
                    title=row["title"],
                    status=row["status"],
                    granted_amount=row["granted_amount"],
                    paid=row["paid"],
                )
                for row in granted
            ),
        ),
        governance=_governance_part(creneau, year),
        impact=report.ImpactPart(
            closed=projects.closed,
            older_reports=projects.older_reports,
            **{name: getattr(projects, name) for side in IMPACT_SIDES for name in impact.fields(side)},
            indicators=_impact_indicators(table, year),
        ),
    )


def shown_report(creneau: Creneau, year: int, bilan: Bilan | None) -> report.Report:
    """What a bilan shows: its figures as adopted once adopted, else generated now from the data."""
    if bilan is not None and bilan.status == BilanStatus.ADOPTED and bilan.snapshot:
        return report.from_json(bilan.snapshot)
    return bilan_report(creneau, year)


def bilan_of(creneau: Creneau, year: int) -> Bilan | None:
    """The créneau's bilan of the year, if one was started (one query)."""
    return Bilan.objects.filter(creneau=creneau, year=year).select_related("resolution").first()


def bilan_events(bilan: Bilan | None) -> list[BilanEvent]:
    """The bilan's audit trail, the oldest first, with who and which resolution (one query)."""
    if bilan is None:
        return []
    return list(bilan.events.select_related("actor", "resolution", "committee").order_by("occurred_at", "pk"))


def adopted_bilans(creneau: Creneau) -> QuerySet[Bilan]:
    """The créneau's adopted bilans, the latest first: the public site shows these only."""
    return Bilan.objects.filter(creneau=creneau, status=BilanStatus.ADOPTED).order_by("-year")


# --- Regional and program bilans -----------------------------------------------------------------


@dataclass
class OverviewRow:
    """A créneau's key figures for the year."""

    creneau: Creneau
    status: str = ""
    progress: Decimal | None = None
    values_approved: int = 0
    granted: int = 0
    granted_amount: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    meetings: int = 0
    resolutions: int = 0
    #: The impact the projects closed in the year reported (funding.impact; decision 40).
    closed: int = 0
    actual_jobs: int = 0
    actual_jobs_kept: int = 0
    actual_investment: Decimal = Decimal(0)
    actual_public_investment: Decimal = Decimal(0)
    actual_sales: Decimal = Decimal(0)
    actual_export_sales: Decimal = Decimal(0)
    actual_export_contracts: int = 0
    actual_export_contracts_amount: Decimal = Decimal(0)
    actual_companies: int = 0
    #: Of those, the projects whose final report came before the figures of decision 40.
    older_reports: int = 0


#: The figures of impact a row of the overview adds up: what the closed projects reported.
OVERVIEW_IMPACT = ("closed", *impact.fields(impact.ACTUAL), "older_reports")


@dataclass
class Totals:
    creneaux: int = 0
    granted: int = 0
    granted_amount: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    meetings: int = 0
    resolutions: int = 0
    closed: int = 0
    actual_jobs: int = 0
    actual_jobs_kept: int = 0
    actual_investment: Decimal = Decimal(0)
    actual_public_investment: Decimal = Decimal(0)
    actual_sales: Decimal = Decimal(0)
    actual_export_sales: Decimal = Decimal(0)
    actual_export_contracts: int = 0
    actual_export_contracts_amount: Decimal = Decimal(0)
    actual_companies: int = 0
    older_reports: int = 0
    adopted: int = 0

    def add(self, row: OverviewRow) -> None:
        self.creneaux += 1
        self.granted += row.granted
        self.granted_amount += row.granted_amount
        self.disbursed += row.disbursed
        self.meetings += row.meetings
        self.resolutions += row.resolutions
        for name in OVERVIEW_IMPACT:
            setattr(self, name, getattr(self, name) + getattr(row, name))
        self.adopted += row.status == BilanStatus.ADOPTED


@dataclass
class RegionBlock:
    region: Region
    rows: list[OverviewRow]
    totals: Totals


@dataclass
class Overview:
    """A year of many créneaux: by region, each créneau's key figures and each region's totals; the
    whole's totals count each créneau once (an interregional one is listed under each of its regions)."""

    year: int
    regions: list[RegionBlock]
    totals: Totals


def bilan_overview(creneaux: QuerySet[Creneau], year: int, *, regions: QuerySet[Region] | None = None) -> Overview:
    """The regional bilan (`regions`: one region) or the program's (all): computed by the database in
    eleven queries whatever the number of créneaux."""
    links = CreneauRegion.objects.filter(creneau__in=creneaux).select_related("creneau", "region")
    if regions is not None:
        links = links.filter(region__in=regions)
    links_list = list(links.order_by("region__code", "creneau__name_fr", "creneau_id"))
    ids = sorted({link.creneau_id for link in links_list})
    statuses = dict(Bilan.objects.filter(creneau_id__in=ids, year=year).values_list("creneau_id", "status"))
    plans = Plan.objects.filter(
        creneau_id__in=ids, status=PlanStatus.ADOPTED, first_year__lte=year, last_year__gte=year
    )
    plan_of = dict(plans.values_list("creneau_id", "pk"))
    progress = planning_selectors.plan_progress(plans)
    approved = dict(
        IndicatorValue.objects.filter(creneau_id__in=ids, year=year, status=ValueStatus.APPROVED)
        .values("creneau_id")
        .annotate(n=Count("pk"))
        .values_list("creneau_id", "n")
    )
    projects = funding_selectors.creneaux_year_projects(ids, year)
    meetings = _count_by_creneau(governance_selectors.niche_meetings_held(ids, year))
    resolutions = _count_by_creneau(governance_selectors.niche_resolutions_adopted(ids, year))
    rows: dict[int, OverviewRow] = {}
    for link in links_list:
        if link.creneau_id in rows:
            continue
        p = projects[link.creneau_id]
        plan_pk = plan_of.get(link.creneau_id)
        rows[link.creneau_id] = OverviewRow(
            creneau=link.creneau,
            status=statuses.get(link.creneau_id, ""),
            progress=progress[plan_pk].progress if plan_pk in progress else None,
            values_approved=approved.get(link.creneau_id, 0),
            granted=p.granted,
            granted_amount=p.granted_amount,
            disbursed=p.disbursed,
            meetings=meetings.get(link.creneau_id, 0),
            resolutions=resolutions.get(link.creneau_id, 0),
            # A figure no report of the year gave adds nothing (the page says how many came before).
            **_overview_figures(p),
        )
    blocks: dict[int, RegionBlock] = {}
    for link in links_list:
        block = blocks.setdefault(link.region_id, RegionBlock(link.region, [], Totals()))
        block.rows.append(rows[link.creneau_id])
        block.totals.add(rows[link.creneau_id])
    totals = Totals()
    for row in rows.values():
        totals.add(row)
    return Overview(year=year, regions=list(blocks.values()), totals=totals)


def _overview_figures(projects: Any) -> dict[str, Any]:
    """A créneau's figures of impact for the overview: a figure no report of the year gave adds nothing."""
    return {name: getattr(projects, name) or 0 for name in OVERVIEW_IMPACT}


def _count_by_creneau(queryset: QuerySet[Any]) -> dict[int, int]:
    return dict(
        queryset.order_by()
        .values("committee__creneau_id")
        .annotate(n=Count("pk"))
        .values_list("committee__creneau_id", "n")
    )
