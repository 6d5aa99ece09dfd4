"""Back-office tables (django-tables2): sorting, pagination and CSV / Excel export."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accord.core.tables import CheckColumn, DayColumn, NameColumn

from .models import Creneau, Organisation, Person, Region


class OrganisationTable(tables.Table):
    """The back office's main list."""

    name = tables.Column(verbose_name=_("Name"), linkify=("registry_bo:organisation_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name=_("Kind"))
    region = tables.Column(verbose_name=_("Region"), accessor="region__code", order_by=("region__code", "name"))
    city = tables.Column(verbose_name=_("City"))
    neq = tables.Column(verbose_name=_("NEQ"), orderable=False)
    size_band = tables.Column(verbose_name=_("Size"))
    is_leader = CheckColumn(verbose_name=_("Leader"))
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

    def value_region(self, record: Organisation) -> str:
        return str(record.region) if record.region_id else ""


class PersonTable(tables.Table):
    last_name = tables.Column(
        verbose_name=_("Last name"), linkify=("registry_bo:person_detail", {"pk": tables.A("pk")})
    )
    first_name = tables.Column(verbose_name=_("First name"))
    email = tables.EmailColumn(verbose_name=_("Email"))
    phone = tables.Column(verbose_name=_("Phone"), orderable=False)
    region = tables.Column(verbose_name=_("Region"), accessor="region__code", order_by=("region__code", "last_name"))
    organisations = tables.Column(verbose_name=_("Organisations"), empty_values=(), orderable=False)
    preferred_language = tables.Column(verbose_name=_("Language"))
    # Whether the person can sign in: their page says where their powers come from.
    account = tables.Column(verbose_name=_("Account"), empty_values=(), orderable=False)

    class Meta:
        model = Person
        fields = (
            "last_name",
            "first_name",
            "email",
            "phone",
            "region",
            "organisations",
            "preferred_language",
            "account",
        )
        order_by = ("last_name", "first_name")
        attrs = {"class": "data-table"}

    def render_organisations(self, record: Person) -> str:
        return ", ".join(a.organisation.name for a in record.affiliation_list)  # type: ignore[attr-defined]

    def render_account(self, record: Person) -> str:
        if getattr(record, "has_signed_in", False):
            return str(_("Signed in"))
        if getattr(record, "has_account", False):
            return str(_("Invited"))
        return "—"


class CreneauTable(tables.Table):
    name_fr = NameColumn(verbose_name=_("Name"), linkify=("registry_bo:creneau_edit", {"pk": tables.A("pk")}))
    regions = tables.Column(verbose_name=_("Regions"), empty_values=(), orderable=False)
    category = tables.Column(verbose_name=_("Category"))
    recognition_stage = tables.Column(verbose_name=_("Recognition stage"))
    # The holder of the coordinator mandate on the niche committee (decision 23); an active
    # niche without one is flagged.
    coordinator = tables.Column(
        verbose_name=_("Coordinator"),
        empty_values=(),
        order_by=("coordinator__last_name", "coordinator__first_name"),
    )
    ended_on = DayColumn(verbose_name=_("Ended on"))

    class Meta:
        model = Creneau
        fields = ("name_fr", "regions", "category", "recognition_stage", "coordinator", "ended_on")
        order_by = ("name_fr",)
        attrs = {"class": "data-table"}

    def render_regions(self, record: Creneau) -> str:
        return ", ".join(r.code for r in record.region_list)  # type: ignore[attr-defined]

    def render_coordinator(self, record: Creneau) -> str:
        if record.coordinator_id:
            return record.coordinator.full_name  # type: ignore[union-attr]
        if record.ended_on:
            return "—"
        return format_html('<span class="badge missing">{}</span>', _("No coordinator"))

    def value_coordinator(self, record: Creneau) -> str:
        return record.coordinator.full_name if record.coordinator_id else ""  # type: ignore[union-attr]


class RegionTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"), linkify=("registry_bo:region_detail", {"code": tables.A("code")}))
    name = tables.Column(verbose_name=_("Name"))
    resource_region = CheckColumn(verbose_name=_("Resource region"), orderable=False, empty_values=())
    creneau_count = tables.Column(verbose_name=_("Niches"), orderable=False)

    class Meta:
        model = Region
        fields = ("code", "name", "resource_region", "creneau_count")
        order_by = ("code",)
        attrs = {"class": "data-table"}
