"""Every table of the fund (django-tables2): the same table draws a page's list and writes its export.

What a page shows beyond the figures (a badge, a link, a button) is drawn by the column's
`render_*`; its `value_*` gives the export the plain figure.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from accord.core.collation import sort_key
from accord.core.money import CENT, format_money
from accord.core.tables import DayColumn, MomentColumn, MoneyColumn

from . import policies, selectors
from .models import Delegation, Envelope, FundGuide, LedgerEntry, Project

BADGE = '{} <span class="badge leader">{}</span>'


def niche_names(project: Project) -> str:
    """The project's niches, from the prefetched `creneaux`."""
    return ", ".join(sorted((c.name for c in project.creneaux.all()), key=sort_key))


class ProjectTable(tables.Table):
    number = tables.Column(verbose_name=_("Number"), linkify=True, attrs={"a": {"class": "nowrap"}})
    title = tables.Column(verbose_name=_("Title"))
    carrier = tables.Column(verbose_name=_("Carrier"), accessor="carrier__name", order_by=("carrier__name", "pk"))
    region = tables.Column(verbose_name=_("Region"), accessor="region__code", order_by=("region__code", "number"))
    niches = tables.Column(verbose_name=_("Niches"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"))
    requested_amount = MoneyColumn(verbose_name=_("Aid requested"))
    granted_amount = MoneyColumn(verbose_name=_("Aid granted"))

    class Meta:
        model = Project
        fields = ("number", "title", "carrier", "region", "niches", "status", "requested_amount", "granted_amount")
        attrs = {"class": "data-table"}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def render_status(self, record: Project) -> str:
        """The status as the reader is told it: outside the ministry, an internal one reads as its step."""
        return selectors.status_label(record, policies.reader_audience(self.user, record))

    def value_status(self, record: Project) -> str:
        return self.render_status(record)

    def render_niches(self, record: Project) -> str:
        return niche_names(record) or "—"

    def value_niches(self, record: Project) -> str:
        return niche_names(record)


# --- Columns --------------------------------------------------------------------------------------


class FigureColumn(tables.Column):
    """A figure of the envelope's balance (selectors.attach_balances): money on the page, a number in exports."""

    def __init__(self, figure: str, **kwargs: Any) -> None:
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("orderable", False)
        super().__init__(**kwargs)
        self.figure = figure

    def amount(self, record: Any) -> Any:
        return getattr(record.balance, self.figure)

    def render(self, record: Any) -> str:  # type: ignore[override]
        return format_money(self.amount(record))

    def value(self, record: Any) -> Any:  # type: ignore[override]
        return self.amount(record).quantize(CENT)


# --- The program ------------------------------------------------------------------------------------


class EnvelopeTable(tables.Table):
    """Envelopes with their balances (selectors.attach_balances)."""

    region = tables.Column(
        verbose_name=_("Region"),
        accessor="region",
        order_by=("region__code",),
        linkify=lambda record: record.get_absolute_url(),
    )
    period = tables.Column(verbose_name=_("Period"), accessor="period", order_by=("period__starts_on",))
    amount = MoneyColumn(verbose_name=_("Envelope"))
    committed = FigureColumn("committed", verbose_name=_("Committed"))
    disbursed = FigureColumn("disbursed", verbose_name=_("Disbursed"))
    available = FigureColumn("available", verbose_name=_("Available"))
    pipeline = FigureColumn("pipeline", verbose_name=_("In the pipeline"))
    forecast = FigureColumn("forecast", verbose_name=_("Forecast"))

    class Meta:
        model = Envelope
        fields = ("region", "period", "amount", "committed", "disbursed", "available", "pipeline", "forecast")
        order_by = ("region",)
        attrs = {"class": "data-table"}

    def value_region(self, record: Envelope) -> str:
        return str(record.region)

    def value_period(self, record: Envelope) -> str:
        return str(record.period)


class PeriodTable(tables.Table):
    """The program's periods, each a dict: `period`, whether it is `current`, and the `count` and
    `amount` of the envelopes the user sees."""

    name = tables.Column(verbose_name=_("Period"), accessor="period__name")
    code = tables.Column(verbose_name=_("Code"), accessor="period__code")
    starts_on = DayColumn(verbose_name=_("From"), accessor="period__starts_on")
    ends_on = DayColumn(verbose_name=_("To"), accessor="period__ends_on")
    envelopes = tables.Column(verbose_name=_("Envelopes"), accessor="count")
    amount = MoneyColumn(verbose_name=_("Total of the envelopes"))

    class Meta:
        empty_text = _("No program period has been set up yet.")
        orderable = False
        attrs = {"class": "data-table"}

    def render_name(self, record: dict[str, Any], value: str) -> str:
        return format_html(BADGE, value, gettext("Current")) if record.get("current") else value

    def value_name(self, value: str) -> str:
        return value

    def render_envelopes(self, record: dict[str, Any], value: int) -> str:
        address = f"{reverse('funding:envelope_list')}?{urlencode({'period': record['period'].code})}"
        words = ngettext("%(counter)s envelope", "%(counter)s envelopes", value) % {"counter": value}
        return format_html('<a href="{}">{}</a>', address, words)

    def value_envelopes(self, value: int) -> int:
        return value


class GuideTable(tables.Table):
    """The versions of the fund guide; the one in force (`current`) wears a badge on the page."""

    version = tables.Column(verbose_name=_("Version"))
    in_force_from = DayColumn(verbose_name=_("In force from"))
    created_at = DayColumn(verbose_name=_("Published on"))
    adopted_by = tables.Column(verbose_name=_("Published by"))

    class Meta:
        empty_text = _("No version of the fund guide has been published yet.")
        model = FundGuide
        fields = ("version", "in_force_from", "created_at", "adopted_by")
        orderable = False
        attrs = {"class": "data-table"}

    def __init__(self, *args: Any, current: FundGuide | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current

    def render_version(self, record: FundGuide, value: int) -> str:
        address = reverse("funding:guide_detail", args=[value])
        link = format_html('<a href="{}">{}</a>', address, gettext("Version %(version)s") % {"version": value})
        return format_html(BADGE, link, gettext("In force")) if record == self.current else link

    def value_version(self, value: int) -> int:
        return value


class DelegationTable(tables.Table):
    """Delegations, active and revoked, with the projects each enabled (prefetched in `enabled`).

    On the page, the region carries the delegation's anchor (projects link to it) and, for the
    ministry, the last column revokes an active delegation (never exported).
    """

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
    actions = tables.Column(verbose_name=_("Revoke"), empty_values=(), exclude_from_export=True)

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
            "actions",
        )
        orderable = False
        attrs = {"class": "data-table"}

    def render_status(self, record: Delegation) -> str:
        return pgettext("delegation", "Active") if record.is_active else pgettext("delegation", "Revoked")

    def render_region(self, record: Delegation, value: Any) -> str:
        return format_html('<span id="delegation-{}">{}</span>', record.pk, value)

    def value_region(self, value: Any) -> str:
        return str(value)

    def render_projects(self, record: Delegation) -> str:
        enabled = record.enabled  # type: ignore[attr-defined]
        if not enabled:
            return "—"
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> – {} ({})</li>',
            ((p.get_absolute_url(), p.number, p.title, format_money(p.granted_amount)) for p in enabled),
        )
        return format_html('<ul class="plain-list">{}</ul>', rows)

    def value_projects(self, record: Delegation) -> str:
        return ", ".join(project.number for project in record.enabled)  # type: ignore[attr-defined]

    def render_actions(self, record: Delegation) -> str:
        if not record.is_active:
            return "—"
        # A form of its own per row, with the request's CSRF token (the page excludes the column
        # for those who may not revoke).
        return render_to_string("funding/program/_revoke.html", {"delegation": record}, request=self.request)


class LedgerTable(tables.Table):
    """The movements on an envelope, the latest first."""

    recorded_at = MomentColumn(verbose_name=_("When"))
    kind = tables.Column(verbose_name=_("Kind"))
    project = tables.Column(
        verbose_name=_("Project"), accessor="project__number", linkify=lambda record: record.project.get_absolute_url()
    )
    title = tables.Column(verbose_name=_("Title"), accessor="project__title")
    amount = MoneyColumn(verbose_name=_("Amount"))
    recorded_by = tables.Column(verbose_name=_("By"), empty_values=())
    note = tables.Column(verbose_name=_("Note"), accessor="shown_note")

    class Meta:
        empty_text = _("Nothing committed or paid yet.")
        model = LedgerEntry
        fields = ("recorded_at", "kind", "project", "title", "amount", "recorded_by", "note")
        orderable = False
        attrs = {"class": "data-table"}

    def render_recorded_by(self, value: Any) -> str:
        return str(value) if value is not None else gettext("the system")
