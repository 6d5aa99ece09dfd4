"""The back office's table of accounts (the page and its export)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from accord.core.models import PersonalDataAccess

from .models import User


class UserTable(tables.Table):
    email = tables.Column(verbose_name=_("Email"), linkify=("accounts_bo:user_detail", {"pk": tables.A("pk")}))
    first_name = tables.Column(verbose_name=_("First name"))
    last_name = tables.Column(verbose_name=_("Last name"))
    roles = tables.Column(verbose_name=_("Current roles"), empty_values=(), orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "roles", "is_active")
        order_by = ("last_name",)
        attrs = {"class": "data-table"}

    def render_roles(self, record: User) -> str:
        return ", ".join(str(a) for a in record.role_assignments.all() if a.is_current())


class AccessLogTable(tables.Table):
    """The access log (the page and its export)."""

    at = tables.DateTimeColumn(verbose_name=_("When"), format="SHORT_DATETIME_FORMAT")
    user = tables.Column(verbose_name=_("Who"), accessor="user__email", default="—")
    action = tables.Column(verbose_name=_("Action"))
    subject_id = tables.Column(verbose_name=_("Person number"), default="—")
    what = tables.Column(verbose_name=_("What"), orderable=False)
    rows = tables.Column(verbose_name=_("Rows"))

    class Meta:
        model = PersonalDataAccess
        fields = ("at", "user", "action", "subject_id", "what", "rows")
        order_by = ("-at",)
        attrs = {"class": "data-table"}
