"""Communication's django-tables2 tables: columns only; the same table draws the page and its export."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from accord.core.tables import MomentColumn

from .models import BriefingDownload


class DownloadTable(tables.Table):
    """Who downloaded a piece of members-only information's document, and when (decision 52)."""

    name = tables.Column(verbose_name=_("Name"), accessor="user__get_full_name", orderable=False)
    email = tables.Column(verbose_name=_("Email"), accessor="user__email", orderable=False)
    at = MomentColumn(verbose_name=_("Downloaded at"), orderable=False)

    class Meta:
        model = BriefingDownload
        fields = ("name", "email", "at")
        attrs = {"class": "data-table"}
