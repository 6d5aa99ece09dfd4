"""Governance lists: django-tables2 for headers, sorting and exports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accord.core.choices import choice_label

from .models import Committee, Resolution


def _rows(table: tables.Table, write: Callable[[Any], SafeString]) -> SafeString:
    """The page's rows written in Python: the template engine took as long as the rest of the page."""
    records: Iterable[Any] = (row.record for row in table.page.object_list)
    rows = [write(record) for record in records]
    if not rows:
        return format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), _("No results."))
    return mark_safe("\n".join(rows))


class CommitteeTable(tables.Table):
    name_fr = tables.Column(verbose_name=_("Committee"))
    kind = tables.Column(verbose_name=_("Kind"))
    code = tables.Column(verbose_name=_("Code"))
    body = tables.Column(verbose_name=_("Region or niche"), empty_values=(), orderable=False)
    compliance = tables.Column(verbose_name=_("Compliance"), empty_values=(), orderable=False)

    class Meta:
        model = Committee
        fields = ("name_fr", "kind", "code", "body", "compliance")
        order_by = ("name_fr",)
        attrs = {"class": "data-table"}

    def render_name_fr(self, record: Committee) -> str:
        return record.name

    def render_body(self, record: Committee) -> str:
        if record.region_id:
            return str(record.region)
        if record.creneau_id:
            return str(record.creneau)
        return ""

    def render_compliance(self, record: Any) -> str:
        report = getattr(record, "compliance", None)
        if report is None:
            return ""
        return str(_("Compliant")) if report.compliant else str(_("Out of compliance"))

    def rows_html(self) -> SafeString:
        compliant = format_html('<span class="badge leader">{}</span>', _("Compliant"))
        failing = format_html('<span class="badge demo">{}</span>', _("Out of compliance"))

        def write(committee: Any) -> SafeString:
            report = getattr(committee, "compliance", None)
            return format_html(
                '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
                committee.get_absolute_url(),
                committee.name,
                choice_label(committee, "kind"),
                committee.code,
                self.render_body(committee) or "—",
                "" if report is None else compliant if report.compliant else failing,
            )

        return _rows(self, write)


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

    number = tables.Column(verbose_name=_("Number"), order_by=("year", "sequence"))
    title = tables.Column(verbose_name=_("Title"))
    committee = tables.Column(verbose_name=_("Committee"), accessor="committee__name_fr")
    decided_at = tables.DateColumn(verbose_name=_("Decided on"))
    outcome = tables.Column(verbose_name=_("Outcome"))

    class Meta:
        model = Resolution
        fields = ("number", "title", "committee", "decided_at", "outcome")
        order_by = ("-number",)
        attrs = {"class": "data-table"}

    def rows_html(self) -> SafeString:
        # The address of resolution 0, then each one's: reverse() per row costs more than the row.
        pattern = reverse("governance:resolution_detail", args=[0])

        def write(resolution: Resolution) -> SafeString:
            decided = formats.date_format(resolution.decided_at, "DATE_FORMAT") if resolution.decided_at else "—"
            return format_html(
                '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
                pattern.replace("/0/", f"/{resolution.pk}/"),
                resolution.number,
                resolution.title,
                resolution.committee.name,
                decided,
                choice_label(resolution, "outcome"),
            )

        return _rows(self, write)
