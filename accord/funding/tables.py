"""The fund's lists: django-tables2 for headers, sorting and exports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accord.core.choices import choice_label
from accord.core.money import format_money

from .models import Project


def niche_names(project: Project) -> str:
    """The project's niches, from the prefetched `creneaux`."""
    return ", ".join(sorted(c.name for c in project.creneaux.all()))


class ProjectTable(tables.Table):
    number = tables.Column(verbose_name=_("Number"))
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
        return niche_names(record)

    def render_status(self, record: Project) -> str:
        return choice_label(record, "status")

    def render_requested_amount(self, value: Decimal) -> str:
        return format_money(value)

    def render_granted_amount(self, value: Decimal) -> str:
        return format_money(value)

    # Exports keep the amounts as numbers, for the spreadsheet's sums.
    def value_requested_amount(self, value: Decimal) -> Decimal:
        return value

    def value_granted_amount(self, value: Decimal | None) -> Decimal | str:
        return "" if value is None else value

    def rows_html(self) -> SafeString:
        """The page's rows written in Python (the template engine costs more than the rows)."""
        pattern = reverse("funding:project_detail", args=[0])

        def write(project: Any) -> SafeString:
            return format_html(
                '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
                '<td class="number">{}</td><td class="number">{}</td></tr>',
                pattern.replace("/0/", f"/{project.pk}/"),
                project.number,
                project.title,
                project.carrier.name,
                project.region.code,
                niche_names(project) or "—",
                choice_label(project, "status"),
                format_money(project.requested_amount),
                format_money(project.granted_amount) or "—",
            )

        rows = [write(row.record) for row in self.page.object_list]
        if not rows:
            return format_html('<tr><td colspan="{}">{}</td></tr>', len(self.columns), _("No results."))
        # Each row was built by format_html.
        return mark_safe("\n".join(rows))
