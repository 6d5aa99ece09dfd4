"""Back-office tables (django-tables2): sorting, pagination and CSV / Excel export."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accord.core.choices import choice_label

from .models import Creneau, Organisation, Person, Region


class BooleanMarkColumn(tables.BooleanColumn):
    """✓ for yes, nothing for no, with words for screen readers and exports."""

    def render(self, value: Any, record: Any, bound_column: Any) -> Any:
        if value:
            return format_html('<span aria-hidden="true">✓</span><span class="visually-hidden">{}</span>', _("Yes"))
        return ""

    def value(self, record: Any, value: Any, bound_column: Any) -> str:
        return str(_("Yes")) if value else str(_("No"))


class OrganisationTable(tables.Table):
    """The back office's main list. Its rows are written by rows_html() (see below)."""

    name = tables.Column(verbose_name=_("Name"), linkify=("registry_bo:organisation_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name=_("Kind"))
    region = tables.Column(verbose_name=_("Region"), accessor="region__code", order_by=("region__code", "name"))
    city = tables.Column(verbose_name=_("City"))
    neq = tables.Column(verbose_name=_("NEQ"), orderable=False)
    size_band = tables.Column(verbose_name=_("Size"))
    is_leader = BooleanMarkColumn(verbose_name=_("Leader"))
    creneaux = tables.Column(verbose_name=_("Niches"), empty_values=(), orderable=False)

    class Meta:
        model = Organisation
        fields = ("name", "kind", "region", "city", "neq", "size_band", "is_leader", "creneaux")
        order_by = ("name",)
        attrs = {"class": "data-table"}

    # The columns the list reads (the rest of the row stays in the database).
    SELECTED_FIELDS = ("pk", "name", "kind", "region", "city", "neq", "size_band", "is_leader")

    def render_creneaux(self, record: Organisation) -> str:
        return ", ".join(record.creneau_names)  # type: ignore[attr-defined]

    def rows_html(self) -> SafeString:
        """The page's rows, written in Python.

        This is the most used list of the back office: through the template engine its 25
        rows took 5 ms, about the time of everything else on the page. The columns above
        still make the headers, the sorting and the exports.
        """
        base = reverse("registry_bo:organisation_list")
        leader = format_html('<span aria-hidden="true">✓</span><span class="visually-hidden">{}</span>', _("Yes"))
        rows = [
            format_html(
                '<tr><td><a href="{}{}/">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td><td>{}</td></tr>",
                base,
                org.pk,
                org.name,
                choice_label(org, "kind"),
                org.region.code if org.region is not None else "—",
                org.city or "—",
                org.neq or "—",
                choice_label(org, "size_band") or "—",
                leader if org.is_leader else "",
                ", ".join(org.creneau_names),  # type: ignore[attr-defined]
            )
            for org in (row.record for row in self.page.object_list)
        ]
        if not rows:
            return format_html('<tr><td colspan="{}">{}</td></tr>', len(self.columns), _("No results."))
        return mark_safe("\n".join(rows))

    def value_region(self, record: Organisation) -> str:
        return str(record.region) if record.region_id else ""


class PersonTable(tables.Table):
    # HTML rows come from this template; the columns below still give headers, sorting and exports.
    row_template = "registry/bo/rows/people.html"

    last_name = tables.Column(
        verbose_name=_("Last name"), linkify=("registry_bo:person_detail", {"pk": tables.A("pk")})
    )
    first_name = tables.Column(verbose_name=_("First name"))
    email = tables.EmailColumn(verbose_name=_("Email"))
    phone = tables.Column(verbose_name=_("Phone"), orderable=False)
    region = tables.Column(verbose_name=_("Region"), accessor="region__code", order_by=("region__code", "last_name"))
    organisations = tables.Column(verbose_name=_("Organisations"), empty_values=(), orderable=False)
    preferred_language = tables.Column(verbose_name=_("Language"))

    class Meta:
        model = Person
        fields = ("last_name", "first_name", "email", "phone", "region", "organisations", "preferred_language")
        order_by = ("last_name", "first_name")
        attrs = {"class": "data-table"}

    def render_organisations(self, record: Person) -> str:
        return ", ".join(a.organisation.name for a in record.affiliation_list)  # type: ignore[attr-defined]


class CreneauTable(tables.Table):
    # HTML rows come from this template; the columns below still give headers, sorting and exports.
    row_template = "registry/bo/rows/creneaux.html"

    name_fr = tables.Column(verbose_name=_("Name"), linkify=("registry_bo:creneau_edit", {"pk": tables.A("pk")}))
    regions = tables.Column(verbose_name=_("Regions"), empty_values=(), orderable=False)
    category = tables.Column(verbose_name=_("Category"))
    recognition_stage = tables.Column(verbose_name=_("Recognition stage"))
    ended_on = tables.DateColumn(verbose_name=_("Ended on"))

    class Meta:
        model = Creneau
        fields = ("name_fr", "regions", "category", "recognition_stage", "ended_on")
        order_by = ("name_fr",)
        attrs = {"class": "data-table"}

    def render_name_fr(self, record: Creneau) -> str:
        return record.name

    def render_regions(self, record: Creneau) -> str:
        return ", ".join(r.code for r in record.region_list)  # type: ignore[attr-defined]


class RegionTable(tables.Table):
    # HTML rows come from this template; the columns below still give headers, sorting and exports.
    row_template = "registry/bo/rows/regions.html"

    code = tables.Column(verbose_name=_("Code"), linkify=("registry_bo:region_detail", {"code": tables.A("code")}))
    name = tables.Column(verbose_name=_("Name"))
    resource_region = BooleanMarkColumn(verbose_name=_("Resource region"), orderable=False, empty_values=())
    creneau_count = tables.Column(verbose_name=_("Niches"), orderable=False)

    class Meta:
        model = Region
        fields = ("code", "name", "resource_region", "creneau_count")
        order_by = ("code",)
        attrs = {"class": "data-table"}
