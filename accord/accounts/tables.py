"""The back office's table of accounts (the page and its export)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

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
