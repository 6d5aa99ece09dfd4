"""The events' django-tables2 tables: columns only; the same table draws the page and its export."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.core.tables import MomentColumn

from .models import Registration, RegistrationStatus


class RegistrationTable(tables.Table):
    """An event's registrations: who, how to reach them, their status, place in line and attendance."""

    name = tables.Column(verbose_name=_("Name"), orderable=False)
    email = tables.Column(verbose_name=_("Email"), orderable=False)
    organisation = tables.Column(verbose_name=_("Organisation"), orderable=False)
    language = tables.Column(verbose_name=_("Language"), orderable=False)
    status = tables.Column(verbose_name=_("Status"), orderable=False)
    place = tables.Column(verbose_name=_("Place on the waiting list"), empty_values=(), orderable=False)
    attended = tables.Column(verbose_name=pgettext_lazy("registration", "Attended"), empty_values=(), orderable=False)
    created_at = MomentColumn(verbose_name=_("Registered at"), orderable=False)

    class Meta:
        model = Registration
        fields = ("name", "email", "organisation", "language", "status", "place", "attended", "created_at")
        attrs = {"class": "data-table"}

    def render_place(self, record: Any) -> Any:
        return getattr(record, "place", None) or "—"

    def value_place(self, record: Any) -> Any:
        return getattr(record, "place", None) or ""

    def render_attended(self, record: Registration) -> str:
        if record.status != RegistrationStatus.CONFIRMED or record.attended is None:
            return "—"
        return str(_("Yes") if record.attended else _("No"))

    def value_attended(self, record: Registration) -> str:
        return "" if (shown := self.render_attended(record)) == "—" else shown
