"""Governance lists (django-tables2): the same tables draw the pages and write their exports."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accord.core.tables import DayColumn, NameColumn

from .models import Committee, Resolution


class CommitteeTable(tables.Table):
    name_fr = NameColumn(verbose_name=_("Committee"), linkify=True)
    kind = tables.Column(verbose_name=_("Kind"))
    code = tables.Column(verbose_name=_("Code"))
    body = tables.Column(verbose_name=_("Region or niche"), empty_values=(), orderable=False)
    compliance = tables.Column(verbose_name=_("Compliance"), empty_values=(), orderable=False)

    class Meta:
        model = Committee
        fields = ("name_fr", "kind", "code", "body", "compliance")
        order_by = ("name_fr",)
        attrs = {"class": "data-table"}

    def render_body(self, record: Committee) -> str:
        if record.region_id:
            return str(record.region)
        if record.creneau_id:
            return str(record.creneau)
        return "—"

    def value_body(self, record: Committee) -> str:
        return "" if (body := self.render_body(record)) == "—" else body

    def render_compliance(self, record: Any) -> str:
        report = getattr(record, "compliance", None)
        if report is None:
            return ""
        if report.compliant:
            return format_html('<span class="badge leader">{}</span>', _("Compliant"))
        return format_html('<span class="badge demo">{}</span>', _("Out of compliance"))

    def value_compliance(self, record: Any) -> str:
        report = getattr(record, "compliance", None)
        if report is None:
            return ""
        return str(_("Compliant")) if report.compliant else str(_("Out of compliance"))


class ResolutionTable(tables.Table):
    SELECTED_FIELDS = (
        "pk",
        "number",
        "title",
        "year",
        "sequence",
        "decided_at",
        "outcome",
        "committee__name_fr",
        "committee__name_en",
    )

    number = tables.Column(
        verbose_name=_("Number"), order_by=("year", "sequence"), linkify=True, attrs={"a": {"class": "nowrap"}}
    )
    title = tables.Column(verbose_name=_("Title"))
    committee = tables.Column(
        verbose_name=_("Committee"), accessor="committee__name", order_by=("committee__name_fr", "number")
    )
    decided_at = DayColumn(verbose_name=_("Decided on"))
    outcome = tables.Column(verbose_name=_("Outcome"))

    class Meta:
        model = Resolution
        fields = ("number", "title", "committee", "decided_at", "outcome")
        order_by = ("-number",)
        attrs = {"class": "data-table"}
