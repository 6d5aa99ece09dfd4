"""The annual report of a créneau (bilan annuel) as frozen values: what selectors.bilan_report
computes from the data, what the page, the PDF and the API show, and what an adopted bilan keeps
(`to_json` / `from_json`, decision 37). Pure: no database.

Names are kept in French and English so that a frozen report still reads in either language;
statuses and units as their codes, translated when shown.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import Any, get_args, get_origin, get_type_hints

from accord.core.i18n import localized
from accord.funding import impact

from . import measures

#: The version of the JSON a snapshot is written in: a reader knows what it reads. 2 added the year's
#: priorities (PriorityLine; format 1 always held an empty list, which reads the same); 3 the
#: impact's figures of decision 40 (jobs kept, public investment, export), which an older snapshot
#: reads as None (not given), every other figure as it was adopted; 4 the niche's events of the year
#: (EventLine, decision 44), which an older snapshot reads as not recorded (`events_recorded` False).
FORMAT = 4


@dataclass(frozen=True)
class Named:
    name_fr: str = ""
    name_en: str = ""

    @property
    def name(self) -> str:
        return localized(self, "name")


@dataclass(frozen=True)
class AxisLine(Named):
    """An axis of the plan with its weighted progress (None: no action counts yet)."""

    progress: Decimal | None = None
    actions: int = 0


@dataclass(frozen=True)
class PlanPart:
    """The plan covering the year and its progress, overall and by axis."""

    pk: int = 0
    first_year: int = 0
    last_year: int = 0
    status: str = ""
    progress: Decimal | None = None
    axes: tuple[AxisLine, ...] = ()


@dataclass(frozen=True)
class PriorityLine:
    """A priority of the year's adopted programme: an action of the plan and the year's target
    (in words, and/or a figure)."""

    action: str = ""
    target_fr: str = ""
    target_en: str = ""
    target_figure: Decimal | None = None

    @property
    def target(self) -> str:
        return localized(self, "target")


@dataclass(frozen=True)
class YearFigure:
    """One year of an indicator: its target and the figure compared with it (approved values only)."""

    year: int = 0
    target: Decimal | None = None
    figure: Decimal | None = None


@dataclass(frozen=True)
class IndicatorLine(Named):
    """An indicator in the report's year against its target, with its years for the chart."""

    code: str = ""
    unit: str = ""
    direction: str = ""
    cumulative: bool = False
    target: Decimal | None = None
    figure: Decimal | None = None
    years: tuple[YearFigure, ...] = ()

    @property
    def comparison(self) -> measures.Comparison | None:
        return measures.compare(self.figure, self.target, self.direction)


@dataclass(frozen=True)
class StatusCount:
    status: str = ""
    count: int = 0


@dataclass(frozen=True)
class ProjectLine:
    """A project granted in the year: its aid and what was paid of it so far."""

    pk: int = 0
    number: str = ""
    title: str = ""
    status: str = ""
    granted_amount: Decimal | None = None
    paid: Decimal = Decimal(0)


@dataclass(frozen=True)
class ProjectsPart:
    """The fund in the year: projects granted and their aid, what was paid out, where the créneau's
    submitted projects stand."""

    granted: int = 0
    granted_amount: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    by_status: tuple[StatusCount, ...] = ()
    lines: tuple[ProjectLine, ...] = ()


@dataclass(frozen=True)
class MeetingLine:
    pk: int = 0
    date: datetime.date | None = None
    title: str = ""


@dataclass(frozen=True)
class ResolutionLine:
    pk: int = 0
    number: str = ""
    title: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True)
class GovernancePart(Named):
    """The niche committee's year: the meetings it held and the resolutions it adopted (in effect)."""

    committee_pk: int | None = None
    meetings: tuple[MeetingLine, ...] = ()
    resolutions: tuple[ResolutionLine, ...] = ()


@dataclass(frozen=True)
class ImpactIndicator(Named):
    """A common indicator of impact (jobs, investment, export) with the approved figure of the year."""

    code: str = ""
    unit: str = ""
    figure: Decimal | None = None


@dataclass(frozen=True)
class ImpactPart:
    """Retombées: what the projects closed in the year expected and reported in their final reports,
    and the approved figures of the common indicators of impact.

    The figures follow funding.impact (`investment` is the private investment). Those added by
    decision 40 default to None: a snapshot adopted before them has none (shown as not given), and
    a reported one is None when every final report of the year came before them (`older_reports`
    counts the projects whose report did).
    """

    closed: int = 0
    expected_jobs: int = 0
    actual_jobs: int = 0
    expected_investment: Decimal = Decimal(0)
    actual_investment: Decimal = Decimal(0)
    expected_sales: Decimal = Decimal(0)
    actual_sales: Decimal = Decimal(0)
    expected_companies: int = 0
    actual_companies: int = 0
    indicators: tuple[ImpactIndicator, ...] = ()
    expected_jobs_kept: int | None = None
    actual_jobs_kept: int | None = None
    expected_public_investment: Decimal | None = None
    actual_public_investment: Decimal | None = None
    expected_export_sales: Decimal | None = None
    actual_export_sales: Decimal | None = None
    expected_export_contracts: int | None = None
    actual_export_contracts: int | None = None
    expected_export_contracts_amount: Decimal | None = None
    actual_export_contracts_amount: Decimal | None = None
    older_reports: int = 0

    @property
    def lines(self) -> list[impact.Line]:
        """The table's rows: each figure, expected and reported (None: not in this report)."""
        return impact.lines(self)

    @property
    def incomplete(self) -> bool:
        """Some figure is not given (an older snapshot, final reports of before): the page says what "—" means."""
        return any(line.expected is None or line.actual is None for line in self.lines)


@dataclass(frozen=True)
class EventLine:
    """An event of the niche in the year (events, decision 44): its title in both languages, its kind,
    audience and status as codes (translated when shown), its dates, and once held its attendance."""

    pk: int = 0
    title_fr: str = ""
    title_en: str = ""
    kind: str = ""
    audience: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    status: str = ""
    attendance: int | None = None

    @property
    def title(self) -> str:
        return localized(self, "title")


@dataclass(frozen=True)
class Report(Named):
    """A créneau's year, generated from the data (or as adopted: `frozen`)."""

    creneau_pk: int = 0
    slug: str = ""
    year: int = 0
    computed_on: datetime.date | None = None
    plan: PlanPart | None = None
    #: The priorities of the year's programme the niche committee adopted (planning, decision 36).
    priorities: tuple[PriorityLine, ...] = ()
    indicators: tuple[IndicatorLine, ...] = ()
    projects: ProjectsPart = field(default_factory=ProjectsPart)
    governance: GovernancePart = field(default_factory=GovernancePart)
    impact: ImpactPart = field(default_factory=ImpactPart)
    #: The niche's events that start in the year, in date order (decision 44).
    events: tuple[EventLine, ...] = ()
    #: False in a snapshot adopted before events were recorded in Accord: the report says so rather
    #: than "no event".
    events_recorded: bool = False
    frozen: bool = False

    @property
    def events_held(self) -> int:
        """How many of the year's events were held."""
        return sum(1 for line in self.events if line.status == "held")

    @property
    def attendance(self) -> int:
        """How many people attended the year's held events, in all."""
        return sum(line.attendance or 0 for line in self.events if line.status == "held")

    @property
    def chart_indicators(self) -> tuple[IndicatorLine, ...]:
        """The indicators with a target or a figure in the year: those the chart draws."""
        return tuple(line for line in self.indicators if line.target is not None or line.figure is not None)


# --- JSON ----------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def to_json(report: Report) -> dict[str, Any]:
    """The report as JSON values (decimals as strings, dates in ISO), with the format's version."""
    data = _plain(asdict(report))
    data.pop("frozen", None)
    return {"format": FORMAT, **data}


def _read(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(kind)
    if origin is tuple:
        item = get_args(kind)[0]
        return tuple(_read(item, v) for v in value)
    if origin is not None:  # X | None
        options = [a for a in get_args(kind) if a is not type(None)]
        return _read(options[0], value)
    if kind is Decimal:
        return Decimal(value)
    if kind is datetime.date:
        return datetime.date.fromisoformat(value)
    if is_dataclass(kind):
        return _build(kind, value)
    return value


def _build(cls: Any, data: dict[str, Any]) -> Any:
    hints = get_type_hints(cls)
    return cls(**{f.name: _read(hints[f.name], data[f.name]) for f in fields(cls) if f.name in data})


def from_json(data: dict[str, Any]) -> Report:
    """The report a snapshot holds, marked `frozen`."""
    report: Report = _build(Report, {k: v for k, v in data.items() if k != "format"})
    return Report(**{**{f.name: getattr(report, f.name) for f in fields(Report)}, "frozen": True})
