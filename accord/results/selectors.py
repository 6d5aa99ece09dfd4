"""Reads of the results: a créneau's table of indicators by year, the approval queue, a value's page,
the work queue the back office's home shows, the bilans, and the dashboards with their benchmark of
the créneaux (decision 38). Each in a fixed number of queries."""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import Role, RoleAssignment, User
from accord.accounts.policies import scope_for
from accord.core.i18n import localized
from accord.events import selectors as events_selectors
from accord.funding import impact
from accord.funding import selectors as funding_selectors
from accord.governance import selectors as governance_selectors
from accord.governance.models import CommitteeKind, Mandate, MandateRole
from accord.planning import selectors as planning_selectors
from accord.planning.models import Axis, AxisKind, Plan, PlanStatus
from accord.registry import personal_data, queues
from accord.registry import selectors as registry_selectors
from accord.registry.models import Creneau, CreneauRegion, Region

from . import deadlines, measures, policies, report
from .models import (
    INDICATOR_ORDER,
    Bilan,
    BilanEvent,
    BilanStatus,
    CommonTotal,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    IndicatorValueEvent,
    ProgramYear,
    TargetVerdict,
    Unit,
    ValueReminder,
    ValueStatus,
)


def _plans(creneau: Creneau) -> list[Plan]:
    return list(Plan.objects.filter(creneau=creneau).order_by("-first_year", "pk"))


def choose_plan(plans: Sequence[Plan], year: int) -> Plan | None:
    """Of a créneau's plans (the latest first), the one whose targets count in a year: the adopted
    one covering the year, else the latest."""
    covering = [p for p in plans if p.status == PlanStatus.ADOPTED and p.first_year <= year <= p.last_year]
    chosen = covering or list(plans)
    return chosen[0] if chosen else None


def current_plan(creneau: Creneau, on: datetime.date | None = None) -> Plan | None:
    """The créneau's plan whose targets count: the adopted one covering this year, else its latest (one query)."""
    return choose_plan(_plans(creneau), (on or timezone.localdate()).year)


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
    #: The value is owed and not submitted yet: due soon or overdue (decision 39); None otherwise.
    deadline: deadlines.Deadline | None = None

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


def creneau_indicators(creneau: Creneau, year: int | None = None) -> QuerySet[Indicator]:
    """The indicators a créneau reports on: the active common ones and its plans' own, and any with its values.

    With a `year`, those a report of that year shows: the active common ones and those of its plans
    covering the year, and any with its value of that year. The three sets are read by their own
    indexes and joined (a UNION): an OR across them would read every indicator of every plan.
    """
    plans = Q(plan__creneau=creneau)
    valued = IndicatorValue.objects.filter(creneau=creneau)
    if year is not None:
        plans &= Q(plan__first_year__lte=year, plan__last_year__gte=year)
        valued = valued.filter(year=year)
    ids = (
        Indicator.objects.filter(plan__isnull=True, active=True)
        .order_by()
        .values("pk")
        .union(
            Indicator.objects.filter(plans, active=True).order_by().values("pk"),
            valued.order_by().values("indicator_id"),
        )
    )
    return Indicator.objects.filter(pk__in=ids).select_related("plan").order_by(*INDICATOR_ORDER)


#: What a report reads of its indicators (`_indicator_line`, `_impact_indicators`).
REPORT_INDICATOR_FIELDS = (
    "code",
    "name_fr",
    "name_en",
    "unit",
    "direction",
    "cumulative",
    "active",
    "position",
    "plan__first_year",
    "plan__last_year",
)


def indicator_table(
    creneau: Creneau, plan: Plan | None = None, *, on: datetime.date | None = None, year: int | None = None
) -> Table:
    """The créneau's table: every indicator it reports on, for the plan's years and any year with a value
    (four queries: the plans, the indicators, the targets, the values).

    Without a `plan` given, the table is the créneau's own page: its current plan's targets, and each
    value owed and not submitted marked due or overdue on the day `on` (today), by its adopted plans.
    With a `year`, only what a report of that year reads: the indicators it shows
    (`creneau_indicators`), and their values up to that year.
    """
    today = on or timezone.localdate()
    plans: list[Plan] = []
    if plan is None:
        plans = _plans(creneau)
        plan = choose_plan(plans, today.year)
    adopted = [p for p in plans if p.status == PlanStatus.ADOPTED]
    found = creneau_indicators(creneau, year)
    if year is not None:
        # A report reads these only: not each indicator's and its plan's every column and their dates.
        found = found.only(*REPORT_INDICATOR_FIELDS)
    indicators = list(found)
    ids = [indicator.pk for indicator in indicators]
    targets: dict[tuple[int, int], Decimal] = {}
    if plan is not None:
        targets = {
            (i, y): v
            for i, y, v in IndicatorTarget.objects.filter(plan=plan, indicator_id__in=ids).values_list(
                "indicator_id", "year", "value"
            )
        }
    rows = IndicatorValue.objects.filter(creneau=creneau, indicator_id__in=ids)
    # Each indicator's approved values, gathered once: not a pass over every value per indicator.
    approved_by_indicator: dict[int, dict[int, Decimal]] = defaultdict(dict)
    values: dict[tuple[int, int], IndicatorValue] = {}
    if year is None:
        values = {(v.indicator_id, v.year): v for v in rows}
        valued = {key: (v.value, v.status) for key, v in values.items()}
    else:
        # A report reads figures only: plain tuples, not a thousand model instances and their dates.
        read = rows.filter(year__lte=year).values_list("indicator_id", "year", "value", "status")
        valued = {(i, y): (value, status) for i, y, value, status in read}
    for (i, valued_year), (amount, status) in valued.items():
        if status == ValueStatus.APPROVED:
            approved_by_indicator[i][valued_year] = amount
    years = {year for _i, year in valued}
    if plan is not None:
        years |= set(range(plan.first_year, plan.last_year + 1))
    if not years:
        years = {today.year}
    span = list(range(min(years), max(years) + 1))
    # A report's lines keep only the years its charts show: the figures still run over the whole span.
    shown = span
    if year is not None:
        since = report_since(plan, year)
        shown = [y for y in span if since <= y <= year]
    lines = []
    for indicator in indicators:
        approved = approved_by_indicator.get(indicator.pk, {})
        figures = measures.figures(
            approved, span, cumulative=indicator.cumulative, first_year=plan.first_year if plan else None
        )
        cells = []
        for year in shown:
            target = targets.get((indicator.pk, year))
            value = values.get((indicator.pk, year))
            cells.append(
                Cell(
                    year=year,
                    target=target,
                    approved=approved.get(year),
                    figure=figures[year],
                    value=value,
                    comparison=measures.compare(figures[year], target, indicator.direction),
                    deadline=_deadline(indicator, adopted, year, value, today),
                )
            )
        lines.append(Line(indicator, cells))
    return Table(creneau, plan, span, lines)


def _deadline(
    indicator: Indicator, adopted: list[Plan], year: int, value: IndicatorValue | None, today: datetime.date
) -> deadlines.Deadline | None:
    """A value owed (by the adopted plan covering its year) and not submitted: due soon or overdue."""
    covering = next((p for p in adopted if p.first_year <= year <= p.last_year), None)
    if covering is None or not deadlines.owed(indicator, covering, year):
        return None
    if not deadlines.pending(value.status if value is not None else None):
        return None
    return deadlines.deadline(year, today)


@dataclass(frozen=True)
class DueValue:
    """A value a créneau owes and has not submitted, due soon or overdue; `value` is its draft or
    returned value, None when nothing was reported."""

    creneau: Creneau
    indicator: Indicator
    year: int
    deadline: deadlines.Deadline
    value: IndicatorValue | None = None

    @property
    def url(self) -> str:
        """Where to act: the value's page, else the créneau's indicators (to report it)."""
        if self.value is not None:
            return self.value.get_absolute_url()
        return reverse("results:creneau_indicators", args=[self.creneau.pk])


def values_due(creneaux: QuerySet[Creneau], today: datetime.date, *, year: int | None = None) -> list[DueValue]:
    """The values these créneaux owe and have not submitted, due soon or overdue on `today` (of `year`
    only, when given), by créneau, year and indicator: four queries whatever their number (decision 39)."""
    found = {c.pk: c for c in creneaux.order_by("name_fr", "pk")}
    if not found:
        return []
    owing: list[tuple[Plan, int, deadlines.Deadline]] = []
    adopted = Plan.objects.filter(creneau_id__in=list(found), status=PlanStatus.ADOPTED).order_by("first_year", "pk")
    for plan in adopted:
        for owed_year in range(plan.first_year, plan.last_year + 1):
            deadline = deadlines.deadline(owed_year, today) if year in (None, owed_year) else None
            if deadline is not None:
                owing.append((plan, owed_year, deadline))
    if not owing:
        return []
    position = {pk: index for index, pk in enumerate(found)}
    owing.sort(key=lambda row: (position[row[0].creneau_id], row[1]))
    indicators = list(
        Indicator.objects.filter(active=True)
        .filter(Q(plan__isnull=True) | Q(plan_id__in={plan.pk for plan, _y, _d in owing}))
        .order_by(*INDICATOR_ORDER)
    )
    values = {
        (v.indicator_id, v.creneau_id, v.year): v
        for v in IndicatorValue.objects.filter(
            creneau_id__in={plan.creneau_id for plan, _y, _d in owing},
            year__in={owed_year for _p, owed_year, _d in owing},
            indicator_id__in=[indicator.pk for indicator in indicators],
        )
    }
    due = []
    for plan, owed_year, deadline in owing:
        for indicator in indicators:
            if not deadlines.owed(indicator, plan, owed_year):
                continue
            value = values.get((indicator.pk, plan.creneau_id, owed_year))
            if deadlines.pending(value.status if value is not None else None):
                due.append(DueValue(found[plan.creneau_id], indicator, owed_year, deadline, value))
    return due


def reporters(creneau_ids: Collection[int], on: datetime.date) -> dict[int, list[User]]:
    """Who answers for each créneau's values on the day (policies.reporting_creneaux, read the other
    way): the holder of its niche committee's coordinator mandate, through their account, and the staff
    of its regions' offices; active accounts only, each once (four queries)."""
    found: dict[int, dict[int, User]] = {pk: {} for pk in creneau_ids}
    if not found:
        return {}
    holders: dict[int, set[int]] = defaultdict(set)
    for creneau_id, person_id in (
        Mandate.objects.current(on)
        .filter(
            role=MandateRole.COORDINATOR, committee__kind=CommitteeKind.CRENEAU, committee__creneau_id__in=list(found)
        )
        .values_list("committee__creneau_id", "person_id")
    ):
        holders[person_id].add(creneau_id)
    if holders:
        for user in User.objects.filter(is_active=True, person_id__in=list(holders)).order_by("pk"):
            for creneau_id in holders[user.person_id]:  # type: ignore[index]
                found[creneau_id][user.pk] = user
    regions: dict[int, set[int]] = defaultdict(set)
    for creneau_id, region_id in CreneauRegion.objects.filter(creneau_id__in=list(found)).values_list(
        "creneau_id", "region_id"
    ):
        regions[region_id].add(creneau_id)
    offices = (
        RoleAssignment.objects.current(on)
        .filter(role=Role.REGIONAL_OFFICE, region_id__in=list(regions), user__is_active=True)
        .select_related("user")
        .order_by("user_id", "pk")
    )
    for assignment in offices:
        for creneau_id in regions[assignment.region_id]:  # type: ignore[index]
            found[creneau_id].setdefault(assignment.user_id, assignment.user)
    return {pk: list(users.values()) for pk, users in found.items()}


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


def _due_item(due: DueValue) -> queues.Item:
    when = date_format(due.deadline.due_on, "DATE_FORMAT")
    detail = _("Overdue since %(date)s") if due.deadline.overdue else _("Due by %(date)s")
    details = [str(detail) % {"date": when}]
    if due.value is not None:
        details.append(due.value.get_status_display())
    return queues.Item(
        subject=f"{due.creneau.name} – {due.indicator.name} {due.year}",
        url=due.url,
        since=due.deadline.due_on,
        detail="; ".join(details),
    )


def queues_for(user: Any, on: datetime.date) -> list[queues.Queue]:
    """What waits for the user in the results: for the ministry and regional offices, values to approve;
    for coordinators and regional offices, their créneaux' values to report, due soon or overdue, and
    their bilans to write once the year's values are due."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = []
    if scope_for(user).is_staff:
        found.append(
            queues.from_queryset(
                "indicator_values",
                str(_("Indicator values to approve")),
                approval_queue(user),
                since="submitted_at",
                item=_value_item,
                action=reverse("results:approval_queue"),
                order=40,
            )
        )
    if policies.answers_for_values(user):
        creneaux = policies.reporting_creneaux(user)
        due = [_due_item(item) for item in values_due(creneaux, on)]
        found.append(queues.from_list("values_to_report", str(_("Indicator values to report")), due, order=45))
        bilans = bilans_due(creneaux, on)
        found.append(queues.from_list("bilans_to_write", str(_("Annual reports to write")), bilans, order=46))
    return found


def bilans_due(creneaux: QuerySet[Creneau], today: datetime.date) -> list[queues.Item]:
    """The bilans these créneaux owe and have not put before their committee (one query): that of the
    latest year past its values' due day (`deadlines.bilan_year`), for each créneau an adopted plan covered that
    year, not started, in draft, or sent back (decision 37). Coordinators and regional offices see them
    in their work queue, and in the daily digest if they asked for it."""
    year = deadlines.bilan_year(today)
    covered = Plan.objects.filter(
        creneau=OuterRef("pk"), status=PlanStatus.ADOPTED, first_year__lte=year, last_year__gte=year
    )
    bilan = Bilan.objects.filter(creneau=OuterRef("pk"), year=year)
    rows = (
        creneaux_in_year(creneaux, year)
        .filter(Exists(covered))
        .exclude(Exists(bilan.filter(status__in=[BilanStatus.SUBMITTED, BilanStatus.ADOPTED])))
        .annotate(bilan_status=Subquery(bilan.values("status")[:1]))
        .only("pk", "name_fr", "name_en")
        .order_by("name_fr", "pk")
    )
    since = deadlines.due_on(year)
    labels = dict(BilanStatus.choices)
    return [
        queues.Item(
            subject=str(_("%(niche)s – annual report %(year)s")) % {"niche": creneau.name, "year": year},
            url=reverse("results:bilan_detail", args=[creneau.pk, year]),
            since=since,
            detail=str(labels[creneau.bilan_status]) if creneau.bilan_status else str(_("Not started")),  # type: ignore[attr-defined]
        )
        for creneau in rows
    ]


# --- Law 25: what the results hold about a person (registry.personal_data) ----------------------


def person_personal_data(person: Any) -> dict[str, Any]:
    """What the results hold about a person through their account: the values they submitted, the
    steps they took on values (reported, edited, submitted, approved, returned) and on bilans, and
    the reminders they were sent (decision 39)."""
    users = list(User.objects.filter(person=person).values_list("pk", flat=True))
    return {
        "values_submitted": personal_data.rows(
            IndicatorValue.objects.filter(submitted_by__in=users).order_by("submitted_at", "pk"),
            "creneau__slug",
            "indicator__code",
            "year",
            "value",
            "status",
            "submitted_at",
        ),
        "value_steps": personal_data.rows(
            IndicatorValueEvent.objects.filter(actor__in=users).order_by("occurred_at", "pk"),
            "value__creneau__slug",
            "value__indicator__code",
            "value__year",
            "kind",
            "amount",
            "occurred_at",
            "reason",
        ),
        "bilan_steps": personal_data.rows(
            BilanEvent.objects.filter(actor__in=users).order_by("occurred_at", "pk"),
            "bilan__creneau__slug",
            "bilan__year",
            "kind",
            "occurred_at",
            "reason",
        ),
        "reminders_received": personal_data.rows(
            ValueReminder.objects.filter(sent_to__in=users).order_by("sent_at", "pk"),
            "creneau__slug",
            "indicator__code",
            "year",
            "step",
            "due_on",
            "sent_at",
        ),
    }


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
        # The kind's lazy label: get_kind_display() has already rendered it in the current language.
        kind_fr, kind_en = _both(AxisKind(axis.kind).label)
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


def _indicator_line(line: Line, year: int, since: int) -> report.IndicatorLine | None:
    """A line of the table in a year, with its years up to that one (None: nothing in that year, and
    the indicator not asked for it: retired, or of a plan that does not cover the year)."""
    cells = {cell.year: cell for cell in line.cells}
    cell = cells.get(year)
    indicator = line.indicator
    if cell is None:
        return None
    if cell.target is None and cell.figure is None:
        plan = indicator.plan
        if not indicator.active or (plan is not None and not plan.first_year <= year <= plan.last_year):
            return None
    return report.IndicatorLine(
        name_fr=indicator.name_fr,
        name_en=indicator.name_en,
        code=indicator.code,
        unit=indicator.unit,
        direction=indicator.direction,
        cumulative=indicator.cumulative,
        target=cell.target,
        figure=cell.figure,
        years=tuple(report.YearFigure(c.year, c.target, c.figure) for c in line.cells if since <= c.year <= year),
    )


#: The years a bilan's chart shows at least: its year and the four before.
HISTORY_YEARS = 5


def _indicator_lines(table: Table, year: int) -> tuple[report.IndicatorLine, ...]:
    """The lines of a year's report; each chart shows the last HISTORY_YEARS up to that year, or from the
    start of the plan covering it if that is earlier (the period its targets belong to)."""
    since = report_since(table.plan, year)
    return tuple(shown for line in table.lines if (shown := _indicator_line(line, year, since)) is not None)


def report_since(plan: Plan | None, year: int) -> int:
    """The first year a report's charts show: HISTORY_YEARS up to its year, or from the start of the
    plan covering it if that is earlier (the period its targets belong to)."""
    since = year - HISTORY_YEARS + 1
    if plan is not None and plan.first_year <= year <= plan.last_year:
        since = min(since, plan.first_year)
    return since


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
    """The créneau's year generated from the data: its plan's progress and the priorities of the year's
    adopted programme, its indicators against the targets, the fund's projects, its niche committee's
    meetings and resolutions, the impact of the projects closed in the year, the niche's events of the
    year. The page, the PDF and the API show this one value (sixteen queries with an adopted plan
    covering the year, one for its programme's priorities; fifteen with a draft plan; thirteen without;
    whatever the data; decisions 37, 39 and 44)."""
    plan = bilan_plan(creneau, year)
    covering = plan if plan is not None and plan.first_year <= year <= plan.last_year else None
    # The plan's targets, the approved values and their running totals: the indicators' own table.
    table = indicator_table(creneau, plan, year=year)
    projects = funding_selectors.creneaux_year_projects([creneau.pk], year)[creneau.pk]
    granted = funding_selectors.granted_in_year(creneau.pk, year)
    # The year's priorities: those of the programme adopted in the plan covering the year (a draft
    # plan has no adopted programme, so no query then).
    priorities: tuple[report.PriorityLine, ...] = ()
    if covering is not None and covering.status == PlanStatus.ADOPTED:
        priorities = tuple(
            report.PriorityLine(
                action=priority.action.title,
                target_fr=priority.target_fr,
                target_en=priority.target_en,
                target_figure=priority.target_figure,
            )
            for priority in planning_selectors.adopted_priorities(covering, year)
        )
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
        events=_event_lines(creneau, year),
        events_recorded=True,
        impact=report.ImpactPart(
            closed=projects.closed,
            older_reports=projects.older_reports,
            **{name: getattr(projects, name) for side in IMPACT_SIDES for name in impact.fields(side)},
            indicators=_impact_indicators(table, year),
        ),
    )


def _event_lines(creneau: Creneau, year: int) -> tuple[report.EventLine, ...]:
    """The niche's events of the year as the report keeps them (one query)."""
    return tuple(
        report.EventLine(
            pk=event.pk,
            title_fr=event.title_fr,
            title_en=event.title_en,
            kind=event.kind,
            audience=event.audience,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            status=event.status,
            attendance=event.attendance,
        )
        for event in events_selectors.creneau_events(creneau, year)
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
    #: The créneau's events of the year held, and the people who attended them (decision 44).
    events_held: int = 0
    attendance: int = 0
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
    events_held: int = 0
    attendance: int = 0
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
        self.events_held += row.events_held
        self.attendance += row.attendance
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
    twelve queries whatever the number of créneaux."""
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
    events = events_selectors.creneaux_year_events(ids, year)
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
            events_held=events.get(link.creneau_id, (0, 0))[0],
            attendance=events.get(link.creneau_id, (0, 0))[1],
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


# --- Dashboards and benchmarking (decision 38) ---------------------------------------------------

#: How many years a dashboard's trend shows, the chosen year last.
TREND_YEARS = 5
#: The units whose figures add up across créneaux. A rate (percent, ratio) is averaged instead, and is
#: not divided by a créneau's size: a leverage per member enterprise means nothing.
ADDITIVE_UNITS = frozenset({Unit.COUNT, Unit.DOLLARS, Unit.PEOPLE, Unit.HOURS})
#: The plans' progress bands (percent): each from its bound to the next, the last one up to 100 included.
PROGRESS_BANDS = (0, 25, 50, 75)
#: The benchmark's orders, the best first: by the approved figure, or by the figure per member enterprise.
SORTS = ("value", "per_member")
#: The trend's columns in the sparkline (SVG user units).
SPARK_COLUMN, SPARK_GAP, SPARK_HEIGHT = 10, 2, 20


def _svg(number: Decimal | int) -> str:
    # A length for an SVG attribute: a dot, whatever the language.
    return f"{Decimal(number):.1f}"


def creneaux_in_year(creneaux: QuerySet[Creneau], year: int) -> QuerySet[Creneau]:
    """The créneaux of a scope that still existed in the year: not ended (merger, withdrawal) before it began."""
    return creneaux.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(year, 1, 1)))


def approved_years(creneaux: QuerySet[Creneau] | None, common: Sequence[Indicator]) -> dict[int, int]:
    """The years with an approved value of a common indicator in these créneaux (the whole program with
    None: its kept counts), the latest first, with how many of the créneaux have one in that year
    (one query)."""
    rows: QuerySet[Any, tuple[int, int]]
    if creneaux is None:
        rows = ProgramYear.objects.filter(creneaux__gt=0).values_list("year", "creneaux")
    else:
        # By the indicators' ids, not a join: the index of the values (indicator, créneau, year) answers.
        rows = (
            IndicatorValue.objects.filter(
                indicator_id__in=[indicator.pk for indicator in common],
                creneau__in=creneaux,
                status=ValueStatus.APPROVED,
            )
            .order_by()
            .values("year")
            .annotate(n=Count("creneau_id", distinct=True))
            .values_list("year", "n")
        )
    return dict(sorted(rows, reverse=True))


def pick_year(years: Sequence[int], wanted: Any) -> int | None:
    """The year asked for if it is one of `years`, else the latest of them (None without any)."""
    try:
        asked = int(wanted)
    except (TypeError, ValueError):
        asked = None
    if asked in years:
        return asked
    return max(years, default=None)


def common_indicators() -> list[Indicator]:
    """Every common indicator, in the program's order (one query)."""
    return list(Indicator.objects.filter(plan__isnull=True).order_by("position", "code", "pk"))


def pick_indicator(indicators: Sequence[Indicator], code: Any) -> Indicator | None:
    """The common indicator of this code, else the first in use, else the first (None without any)."""
    by_code = {indicator.code: indicator for indicator in indicators}
    if code in by_code:
        return by_code[code]
    active = [indicator for indicator in indicators if indicator.active]
    choices = active or list(indicators)
    return choices[0] if choices else None


@dataclass(frozen=True)
class TrendPoint:
    """An indicator's year across the créneaux: the total (or the average of a rate) of the approved
    values, how many créneaux have one, and its column in the sparkline."""

    year: int
    value: Decimal | None = None
    creneaux: int = 0
    x: int = 0
    top: str = "0"
    height: str = "0"


@dataclass(frozen=True)
class Segment:
    """One verdict's part of a stacked bar (percent of the targets)."""

    verdict: str
    count: int
    share: Decimal | None
    x: str
    width: str


@dataclass(frozen=True)
class Verdicts:
    """How many créneaux meet, are on track for, or are behind their target of the year, and how many
    have a target but no approved figure to compare with it."""

    met: int = 0
    on_track: int = 0
    behind: int = 0
    unknown: int = 0

    def __add__(self, other: Verdicts) -> Verdicts:
        return Verdicts(
            self.met + other.met,
            self.on_track + other.on_track,
            self.behind + other.behind,
            self.unknown + other.unknown,
        )

    def counted(self, comparison: measures.Comparison | None) -> Verdicts:
        """These counts with one more target, compared (or not) with its figure."""
        verdict = comparison.verdict if comparison is not None else "unknown"
        return replace(self, **{verdict: getattr(self, verdict) + 1})

    @property
    def targets(self) -> int:
        return self.met + self.on_track + self.behind + self.unknown

    @property
    def segments(self) -> list[Segment]:
        """The stacked bar: met, on track, behind, no figure, each its share of the targets."""
        parts, x = [], Decimal(0)
        for verdict in ("met", "on_track", "behind", "unknown"):
            count = getattr(self, verdict)
            part = measures.share(count, self.targets)
            width = Decimal(count) * 100 / self.targets if self.targets else Decimal(0)
            parts.append(Segment(verdict, count, part, _svg(x), _svg(width)))
            x += width
        return parts

    @property
    def met_share(self) -> Decimal | None:
        return measures.share(self.met, self.targets)


@dataclass(frozen=True)
class IndicatorSummary:
    """A common indicator across the créneaux of a dashboard: its trend and, in the year, its verdicts."""

    indicator: Indicator
    #: Whether the figures add up (a total), or are a rate (the average of the créneaux').
    additive: bool
    trend: tuple[TrendPoint, ...]
    verdicts: Verdicts

    @property
    def current(self) -> TrendPoint:
        """The chosen year: the trend's last point."""
        return self.trend[-1]


@dataclass(frozen=True)
class PlanRow:
    """A créneau with the plan whose targets count in the year and that plan's weighted progress."""

    creneau: Creneau
    plan: Plan | None
    progress: Decimal | None


@dataclass(frozen=True)
class Band:
    """Plans whose progress is in [low, high) (the last band includes 100 %), with the chart's bar."""

    low: int
    high: int
    count: int
    bar: str


@dataclass(frozen=True)
class PlansSummary:
    #: A row per créneau, on a region's dashboard (the program's shows the bands only).
    rows: tuple[PlanRow, ...] = ()
    bands: tuple[Band, ...] = ()
    #: The créneaux counted.
    creneaux: int = 0
    #: Plans where no action counts yet (no progress to show).
    not_started: int = 0
    #: Créneaux without any plan.
    without_plan: int = 0
    #: The plans' mean progress, each plan weighing the same (None: no plan has progress).
    mean: Decimal | None = None


@dataclass(frozen=True)
class ResultsDashboard:
    """What the ministry's and a region's dashboards show of their créneaux (decision 38)."""

    #: The year shown: the latest with an approved value, or the one chosen among `years`.
    year: int | None
    #: The years with approved values, the latest first, with how many créneaux have values in each.
    years: dict[int, int]
    creneaux: int
    indicators: tuple[IndicatorSummary, ...]
    plans: PlansSummary
    #: Every common indicator (the benchmark's choices), retired ones included.
    common: tuple[Indicator, ...] = ()

    @property
    def reporting(self) -> int:
        """How many créneaux have an approved value of a common indicator in the year."""
        return self.years.get(self.year, 0) if self.year is not None else 0

    @property
    def verdicts(self) -> Verdicts:
        """Every target of the year across the common indicators."""
        return sum((summary.verdicts for summary in self.indicators), Verdicts())


def _trend(
    indicator: Indicator, years: Sequence[int], totals: dict[tuple[int, int], dict[str, Any]]
) -> tuple[TrendPoint, ...]:
    additive = indicator.unit in ADDITIVE_UNITS
    found = {year: totals.get((indicator.pk, year)) for year in years}
    values = {
        year: (row["total"] if additive else (row["total"] / row["n"]).quantize(measures.HUNDREDTH)) if row else None
        for year, row in found.items()
    }
    largest = max((v for v in values.values() if v is not None and v > 0), default=Decimal(0))
    points = []
    for index, year in enumerate(years):
        value = values[year]
        height = Decimal(value) * SPARK_HEIGHT / largest if value is not None and value > 0 and largest else Decimal(0)
        points.append(
            TrendPoint(
                year=year,
                value=value,
                creneaux=row["n"] if (row := found[year]) else 0,
                x=index * (SPARK_COLUMN + SPARK_GAP),
                top=_svg(SPARK_HEIGHT - height),
                height=_svg(height),
            )
        )
    return tuple(points)


def target_verdicts(targets: QuerySet[IndicatorTarget]) -> dict[int, str]:
    """Each target's verdict against the figure it is compared to, by target id (one query): the
    database reads each target with the approved value of its year or, for a cumulative indicator, the
    sum of the approved values since its plan's first year and how many years it adds up; measures.py
    compares them. What standing.py keeps on the targets (`IndicatorTarget.verdict`)."""
    approved = IndicatorValue.objects.filter(
        status=ValueStatus.APPROVED, creneau_id=OuterRef("plan__creneau_id"), indicator_id=OuterRef("indicator_id")
    ).order_by()
    since_first = approved.filter(year__gte=OuterRef("plan__first_year"), year__lte=OuterRef("year")).values(
        "indicator_id"
    )
    rows = (
        targets.order_by()
        .annotate(
            approved=Subquery(approved.filter(year=OuterRef("year")).values("value")[:1]),
            running=Subquery(since_first.annotate(total=Sum("value")).values("total")[:1]),
            counted=Subquery(since_first.annotate(n=Count("pk")).values("n")[:1]),
        )
        .values_list(
            "pk",
            "year",
            "value",
            "approved",
            "running",
            "counted",
            "plan__first_year",
            "indicator__cumulative",
            "indicator__direction",
        )
    )
    verdicts = {}
    for pk, year, target, value, running, counted, first_year, cumulative, direction in rows:
        figure = measures.running_figure(running, counted, first_year, year) if cumulative else value
        comparison = measures.compare(figure, target, direction)
        verdicts[pk] = comparison.verdict.value if comparison is not None else TargetVerdict.UNKNOWN.value
    return verdicts


#: More créneaux than any program has: a bound that cuts nothing (`_verdicts`).
UNREACHED = 2**31 - 1


def _verdicts(scope: QuerySet[Creneau], year: int) -> dict[int, Verdicts]:
    """By common indicator, how the year's targets of these créneaux' chosen plans stand (one grouped
    query over the verdicts the services keep on the common indicators' targets, and only theirs:
    standing.py). The plans are chosen inside the query: a list of thousands of ids costs Django more
    to bind than the database to choose them again."""
    plans = chosen_plans(scope, year).order_by().values("chosen_plan")  # type: ignore[misc]  # annotated there
    # A LIMIT no program reaches keeps PostgreSQL from pulling the subquery up into the join: pulled
    # up, it chose each créneau's plan again for every target joined (31,350 choices for 2,850
    # créneaux at the bench's international scale: 154 ms instead of 37).
    plans = plans[:UNREACHED]
    rows = (
        IndicatorTarget.objects.filter(plan_id__in=plans, year=year)
        .exclude(verdict="")
        .order_by()
        .values_list("indicator_id", "verdict")
        .annotate(n=Count("*"))  # COUNT(*): the index holds the rest (an index-only scan)
    )
    verdicts: dict[int, Verdicts] = {}
    for indicator_id, verdict, n in rows:
        counts = verdicts.get(indicator_id, Verdicts())
        verdicts[indicator_id] = replace(counts, **{verdict: getattr(counts, verdict) + n})
    return verdicts


def chosen_plans(creneaux: QuerySet[Creneau], year: int) -> QuerySet[Creneau]:
    """These créneaux, each with the id of its plan whose targets count in the year (`chosen_plan`,
    None without a plan) and that plan's kept progress (`chosen_progress`, planning.standing; None
    without a plan or while no action counts): `choose_plan`'s rule read by the database, an index
    lookup per créneau."""
    covers = Case(
        When(status=PlanStatus.ADOPTED, first_year__lte=year, last_year__gte=year, then=Value(1)),
        default=Value(0),
    )
    plan = (
        Plan.objects.filter(creneau_id=OuterRef("pk")).annotate(covers=covers).order_by("-covers", "-first_year", "pk")
    )
    # The same ordered lookup twice (the pk breaks ties): both name the same plan.
    return creneaux.annotate(
        chosen_plan=Subquery(plan.values("pk")[:1]), chosen_progress=Subquery(plan.values("kept_progress")[:1])
    )


def _plans_summary(scope: QuerySet[Creneau], year: int, *, listed: bool) -> PlansSummary:
    """Each créneau's plan of the year and its progress, summed up in bands; with `listed`, a row per
    créneau (a region's dashboard). One query (the plans chosen with their kept progress), two more
    for the rows."""
    triples = list(chosen_plans(scope, year).order_by().values_list("pk", "chosen_plan", "chosen_progress"))  # type: ignore[misc]  # annotated there
    progress = {plan_id: kept for _pk, plan_id, kept in triples if plan_id is not None}
    rows: list[PlanRow] = []
    if listed:
        plans = Plan.objects.only("pk", "creneau_id", "status", "first_year", "last_year").in_bulk(list(progress))
        by_creneau = {pk: plan_id for pk, plan_id, _kept in triples}
        for creneau in scope.order_by("name_fr", "pk").only("pk", "slug", "name_fr", "name_en"):
            plan = plans.get(by_creneau.get(creneau.pk))  # type: ignore[arg-type]
            rows.append(PlanRow(creneau, plan, progress.get(plan.pk) if plan is not None else None))
    known = [p for p in progress.values() if p is not None]
    bounds = [*PROGRESS_BANDS, 101]
    counts = [sum(1 for p in known if low <= p < high) for low, high in itertools.pairwise(bounds)]
    largest = max(counts, default=0)
    bands = tuple(
        Band(low, min(high, 100), count, funding_selectors.bar(count, largest))
        for (low, high), count in zip(itertools.pairwise(bounds), counts, strict=True)
    )
    mean = (sum(known, Decimal(0)) / len(known)).quantize(measures.TENTH) if known else None
    return PlansSummary(
        rows=tuple(rows),
        bands=bands,
        creneaux=len(triples),
        not_started=len(progress) - len(known),
        without_plan=len(triples) - len(progress),
        mean=mean,
    )


def _totals(creneaux: QuerySet[Creneau] | None, common: Sequence[Indicator], span: Sequence[int]) -> dict[Any, Any]:
    """Each common indicator's approved values of these years in these créneaux (the program with None:
    its kept totals), summed and counted, by (indicator, year) (one query)."""
    rows: QuerySet[Any, Any]
    if creneaux is None:
        rows = CommonTotal.objects.filter(year__gte=span[0], year__lte=span[-1], count__gt=0).values(
            "indicator_id", "year", "total", n=F("count")
        )
    else:
        rows = (
            IndicatorValue.objects.filter(
                indicator_id__in=[indicator.pk for indicator in common],
                creneau__in=creneaux,
                status=ValueStatus.APPROVED,
                year__gte=span[0],
                year__lte=span[-1],
            )
            .order_by()
            .values("indicator_id", "year")
            .annotate(total=Sum("value"), n=Count("pk"))
        )
    return {(row["indicator_id"], row["year"]): row for row in rows}


def results_dashboard(
    creneaux: QuerySet[Creneau], wanted_year: Any = None, *, program: bool = False
) -> ResultsDashboard:
    """The dashboard of these créneaux (the program's, or a region's): for the latest year with approved
    values (or the one asked for among them), each common indicator's total over the last years and the
    share of the créneaux that meet, near or miss their targets; and the progress of their plans.

    Computed by the database when shown, in seven queries whatever the number of créneaux, values and
    targets: the years, the common indicators, the totals by indicator and year, the créneaux, their
    plans, the targets with the figures compared to them, planning's roll-up of the plans' progress."""
    common = common_indicators()
    years = approved_years(None if program else creneaux, common)
    year = pick_year(list(years), wanted_year)
    shown_year = year if year is not None else timezone.localdate().year
    plans = _plans_summary(creneaux_in_year(creneaux, shown_year), shown_year, listed=not program)
    summaries: list[IndicatorSummary] = []
    if year is not None:
        span = list(range(year - TREND_YEARS + 1, year + 1))
        totals = _totals(None if program else creneaux, common, span)
        verdicts = _verdicts(creneaux_in_year(creneaux, year), year)
        with_values = {indicator_id for indicator_id, _year in totals}
        for indicator in common:
            # A retired indicator is shown where the years shown have its values.
            if indicator.active or indicator.pk in with_values:
                summaries.append(
                    IndicatorSummary(
                        indicator=indicator,
                        additive=indicator.unit in ADDITIVE_UNITS,
                        trend=_trend(indicator, span, totals),
                        verdicts=verdicts.get(indicator.pk, Verdicts()),
                    )
                )
    return ResultsDashboard(
        year=year,
        years=years,
        creneaux=plans.creneaux,
        indicators=tuple(summaries),
        plans=plans,
        common=tuple(common),
    )


class Niche(NamedTuple):
    """A créneau as the benchmark lists it: what its row shows and links to. Thousands of them are
    read for the ranks, so no model instances (and tuples: a frozen dataclass costs more to build)."""

    pk: int
    slug: str
    name_fr: str
    name_en: str

    @property
    def name(self) -> str:
        return localized(self, "name")


class BenchmarkRow(NamedTuple):
    """A créneau's approved figure of the year, its size (member enterprises) and the figure per member,
    each with its rank (the best first) and its bar. A tuple, its bars drawn only for the rows a page
    shows: the program's benchmark reads thousands of créneaux for their ranks and shows fifty."""

    creneau: Niche
    value: Decimal | None
    size: int
    per_member: Decimal | None
    value_rank: int | None
    per_member_rank: int | None
    #: The largest figures of the benchmark, which the bars are drawn against.
    largest_value: Decimal | int = 0
    largest_per_member: Decimal | int = 0

    @property
    def value_bar(self) -> str:
        return funding_selectors.bar(self.value or 0, self.largest_value)

    @property
    def per_member_bar(self) -> str:
        return funding_selectors.bar(self.per_member or 0, self.largest_per_member)


@dataclass(frozen=True)
class Benchmark:
    """The créneaux compared on one common indicator in one year (decision 38)."""

    indicator: Indicator
    year: int
    sort: str
    rows: tuple[BenchmarkRow, ...]
    median_value: Decimal | None
    median_per_member: Decimal | None

    @property
    def normalised(self) -> bool:
        """Whether the figures are divided by size: a rate (percent, ratio) is not."""
        return self.indicator.unit in ADDITIVE_UNITS

    @property
    def compared(self) -> int:
        """How many créneaux have an approved figure."""
        return sum(1 for row in self.rows if row.value is not None)


def benchmark(creneaux: QuerySet[Creneau], indicator: Indicator, year: int, *, sort: str = "value") -> Benchmark:
    """The créneaux of a scope that existed in the year compared on a common indicator: the approved
    value of the year, the number of member enterprises (the registry's, on the year's last day), the
    value per member enterprise (none for a rate, nor for a créneau without members), each figure's
    rank, the best first in the indicator's direction, and the medians. Sorted by `sort` (`SORTS`), the
    best first; créneaux without a figure come last, by name.

    Two queries whatever the number of créneaux: the database reads each créneau with its approved
    value (the constraint allows one per indicator, créneau and year), then counts the members of all
    of them in one pass (`registry.selectors.member_enterprises`)."""
    value = IndicatorValue.objects.filter(
        creneau_id=OuterRef("pk"), indicator_id=indicator.pk, year=year, status=ValueStatus.APPROVED
    ).values("value")[:1]
    scope = creneaux_in_year(creneaux, year)
    rows_read = scope.annotate(figure=Subquery(value)).order_by("name_fr", "pk")
    listed = [
        (Niche(pk, slug, name_fr, name_en), figure)
        for pk, slug, name_fr, name_en, figure in rows_read.values_list("pk", "slug", "name_fr", "name_en", "figure")
    ]
    members = registry_selectors.member_enterprises(scope, year)
    normalised = indicator.unit in ADDITIVE_UNITS
    values = [figure for _niche, figure in listed]
    sizes = [members.get(niche.pk, 0) for niche, _figure in listed]
    per_member = [measures.per_member(v, s) if normalised else None for v, s in zip(values, sizes, strict=True)]
    value_ranks = measures.ranks(values, indicator.direction)
    per_member_ranks = measures.ranks(per_member, indicator.direction)
    largest_value = max((abs(v) for v in values if v is not None), default=0)
    largest_per_member = max((abs(v) for v in per_member if v is not None), default=0)
    rows = [
        BenchmarkRow(niche, value, size, figure, rank, member_rank, largest_value, largest_per_member)
        for (niche, _figure), value, size, figure, rank, member_rank in zip(
            listed, values, sizes, per_member, value_ranks, per_member_ranks, strict=True
        )
    ]
    sort = sort if sort in SORTS and (sort != "per_member" or normalised) else "value"
    key = "value_rank" if sort == "value" else "per_member_rank"
    # Python's sort is stable: within a rank (and among those without one) the names' order stays.
    rows.sort(key=lambda row: (getattr(row, key) is None, getattr(row, key) or 0))
    return Benchmark(
        indicator=indicator,
        year=year,
        sort=sort,
        rows=tuple(rows),
        median_value=measures.median(values),
        median_per_member=measures.median(per_member),
    )


@dataclass(frozen=True)
class CreneauLine:
    """One of a créneau's indicators on its dashboard: its years for the chart (target and figure), and
    the latest year with an approved figure, compared with that year's target."""

    indicator: Indicator
    chart: report.IndicatorLine
    latest: Cell | None


@dataclass(frozen=True)
class CreneauDashboard:
    """A créneau's dashboard (its committee's): its indicators against the targets over the years, and
    its plan's progress by axis."""

    creneau: Creneau
    table: Table
    plan: report.PlanPart | None
    lines: tuple[CreneauLine, ...]

    @property
    def verdicts(self) -> Verdicts:
        """The latest comparison of each indicator with a target."""
        counts = Verdicts()
        for line in self.lines:
            if line.latest is not None and line.latest.target is not None:
                counts = counts.counted(line.latest.comparison)
        return counts

    @property
    def pending(self) -> int:
        """Values on their way (draft, submitted, returned): they do not count yet."""
        return sum(1 for line in self.table.lines for cell in line.cells if cell.pending is not None)


def creneau_dashboard(creneau: Creneau) -> CreneauDashboard:
    """A créneau's dashboard: its indicators' table (the current plan's targets, approved figures, running
    totals, verdicts: `indicator_table`, not recomputed) drawn as charts, and that plan's progress
    (planning's aggregate). Six queries whatever the data."""
    table = indicator_table(creneau)
    lines = []
    for line in table.lines:
        chart = _indicator_line(line, table.years[-1], table.years[0])
        if chart is None:
            continue
        figured = [cell for cell in line.cells if cell.figure is not None]
        lines.append(CreneauLine(line.indicator, chart, figured[-1] if figured else None))
    return CreneauDashboard(
        creneau=creneau,
        table=table,
        plan=_plan_part(table.plan) if table.plan is not None else None,
        lines=tuple(lines),
    )
