"""The fund's lists: django-tables2 for headers, sorting and exports."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from accord.core.money import format_money

from .guide import CENT
from .models import Delegation, FundGuide, LedgerEntry, Project


def niche_names(project: Project) -> str:
    """The project's niches, from the prefetched `creneaux`."""
    return ", ".join(sorted(c.name for c in project.creneaux.all()))


class ProjectTable(tables.Table):
    number = tables.Column(verbose_name=_("Number"), linkify=True)
    title = tables.Column(verbose_name=_("Title"))
    carrier = tables.Column(verbose_name=_("Carrier"), accessor="carrier__name", order_by=("carrier__name", "pk"))
    region = tables.Column(verbose_name=_("Region"), accessor="region__code", order_by=("region__code", "number"))
    niches = tables.Column(verbose_name=_("Niches"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    requested_amount = tables.Column(verbose_name=_("Aid requested"), attrs={"td": {"class": "number"}})
    granted_amount = tables.Column(verbose_name=_("Aid granted"), attrs={"td": {"class": "number"}})

    class Meta:
        model = Project
        fields = ("number", "title", "carrier", "region", "niches", "status", "requested_amount", "granted_amount")
        attrs = {"class": "data-table"}

    def render_niches(self, record: Project) -> str:
        return niche_names(record) or "—"

    def value_niches(self, record: Project) -> str:
        return niche_names(record)

    def render_requested_amount(self, value: Decimal) -> str:
        return format_money(value)

    def render_granted_amount(self, value: Decimal | None) -> str:
        return format_money(value) or "—"

    # Exports keep the amounts as numbers, for the spreadsheet's sums.
    def value_requested_amount(self, value: Decimal) -> Decimal:
        return value

    def value_granted_amount(self, value: Decimal | None) -> Decimal | str:
        return "" if value is None else value


# --- Exports of the pages written by their own templates ---------------------------------------
# The period, guide, delegation and ledger pages keep their hand-written markup (badges, cards,
# links); these tables give their files: the same rows, one column per figure.


class MoneyColumn(tables.Column):
    """Money: formatted on a page, a number to the cent in exports (for the spreadsheet's sums)."""

    def render(self, value: Decimal) -> str:  # type: ignore[override]
        return format_money(value)

    def value(self, value: Decimal) -> Decimal:  # type: ignore[override]
        return value.quantize(CENT)


class DayColumn(tables.Column):
    """A date, or the local date of a timestamp: a real date in exports (ISO in a CSV file)."""

    def day(self, value: datetime.date) -> datetime.date:
        return timezone.localdate(value) if isinstance(value, datetime.datetime) else value

    def render(self, value: datetime.date) -> str:  # type: ignore[override]
        return date_format(self.day(value), "DATE_FORMAT")

    def value(self, value: datetime.date) -> datetime.date:  # type: ignore[override]
        return self.day(value)


class MomentColumn(tables.Column):
    """A timestamp in local time, to the second: spreadsheets know no time zones."""

    def render(self, value: datetime.datetime) -> str:  # type: ignore[override]
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")

    def value(self, value: datetime.datetime) -> datetime.datetime:  # type: ignore[override]
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


class PeriodTable(tables.Table):
    """The program's periods, each a dict: `period`, and the `count` and `amount` of the envelopes the user sees."""

    name = tables.Column(verbose_name=_("Period"), accessor="period__name")
    code = tables.Column(verbose_name=_("Code"), accessor="period__code")
    starts_on = DayColumn(verbose_name=_("From"), accessor="period__starts_on")
    ends_on = DayColumn(verbose_name=_("To"), accessor="period__ends_on")
    envelopes = tables.Column(verbose_name=_("Envelopes"), accessor="count")
    amount = MoneyColumn(verbose_name=_("Total of the envelopes"))

    class Meta:
        attrs = {"class": "data-table"}


class GuideTable(tables.Table):
    """The versions of the fund guide."""

    version = tables.Column(verbose_name=_("Version"))
    in_force_from = DayColumn(verbose_name=_("In force from"))
    created_at = DayColumn(verbose_name=_("Published on"))
    adopted_by = tables.Column(verbose_name=_("Published by"))

    class Meta:
        model = FundGuide
        fields = ("version", "in_force_from", "created_at", "adopted_by")
        attrs = {"class": "data-table"}


class DelegationTable(tables.Table):
    """Delegations, active and revoked, with the projects each enabled (prefetched in `enabled`)."""

    status = tables.Column(verbose_name=_("Status"), accessor="is_active", empty_values=())
    region = tables.Column(verbose_name=_("Region"))
    period = tables.Column(verbose_name=_("Period"))
    decision = tables.Column(verbose_name=_("Decision"))
    up_to = MoneyColumn(verbose_name=_("Up to"))
    reason = tables.Column(verbose_name=_("Reason"))
    created_at = DayColumn(verbose_name=_("Delegated on"))
    granted_by = tables.Column(verbose_name=_("Delegated by"))
    revoked_at = DayColumn(verbose_name=_("Revoked on"))
    revoked_by = tables.Column(verbose_name=_("Revoked by"))
    projects = tables.Column(verbose_name=_("Projects granted"), accessor="enabled", empty_values=())

    class Meta:
        model = Delegation
        fields = (
            "status",
            "region",
            "period",
            "decision",
            "up_to",
            "reason",
            "created_at",
            "granted_by",
            "revoked_at",
            "revoked_by",
            "projects",
        )
        attrs = {"class": "data-table"}

    def render_status(self, record: Delegation) -> str:
        return pgettext("delegation", "Active") if record.is_active else pgettext("delegation", "Revoked")

    def render_projects(self, record: Delegation) -> str:
        return ", ".join(project.number for project in record.enabled)  # type: ignore[attr-defined]


class LedgerTable(tables.Table):
    """The movements on an envelope."""

    recorded_at = MomentColumn(verbose_name=_("When"))
    kind = tables.Column(verbose_name=_("Kind"))
    project = tables.Column(verbose_name=_("Project"), accessor="project__number")
    title = tables.Column(verbose_name=_("Title"), accessor="project__title")
    amount = MoneyColumn(verbose_name=_("Amount"))
    recorded_by = tables.Column(verbose_name=_("By"), empty_values=())
    note = tables.Column(verbose_name=_("Note"))

    class Meta:
        model = LedgerEntry
        fields = ("recorded_at", "kind", "project", "title", "amount", "recorded_by", "note")
        attrs = {"class": "data-table"}

    def render_recorded_by(self, value: Any) -> str:
        return str(value) if value is not None else gettext("the system")
