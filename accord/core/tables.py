"""Columns every app's django-tables2 tables share: what a page shows, and what its export keeps.

Plain columns with a `render` (the page) and a `value` (the CSV or Excel file). django-tables2's
own DateColumn is a TemplateColumn that compiles a template for each cell; these format in Python.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .i18n import localized, localized_expression
from .money import CENT, format_money


class NameColumn(tables.Column):
    """A name kept in French and English (`name_fr`, `name_en`): shown and sorted in the reader's language.

    Declared on the `name_fr` field; an English reader sees, and sorts by, the English name
    where it is filled in and the French one elsewhere (`accord.core.i18n.localized`).
    """

    def render(self, record: Any) -> str:  # type: ignore[override]
        return localized(record, "name")  # the export's value too (tables2 calls render)

    def order(self, queryset: Any, is_descending: bool) -> tuple[Any, bool]:
        name = localized_expression("name")
        return queryset.order_by(name.desc() if is_descending else name.asc(), "pk"), True


class MoneyColumn(tables.Column):
    """Money: formatted on a page, aligned to the right and never broken; a number to the cent in exports."""

    def render(self, value: Decimal) -> str:  # type: ignore[override]
        return format_html('<span class="money">{}</span>', format_money(value))

    def value(self, value: Decimal) -> Decimal:  # type: ignore[override]
        return value.quantize(CENT)


class DayColumn(tables.Column):
    """A date, or the local date of a timestamp: a real date in exports (ISO in a CSV file)."""

    def day(self, value: datetime.date) -> datetime.date:
        return timezone.localdate(value) if isinstance(value, datetime.datetime) else value

    def render(self, value: datetime.date) -> str:  # type: ignore[override]
        return date_format(self.day(value), "DATE_FORMAT")

    def value(self, value: datetime.date) -> datetime.date:  # type: ignore[override]
        return self.day(value)


class MomentColumn(tables.Column):
    """A timestamp in local time, to the second: spreadsheets know no time zones."""

    def render(self, value: datetime.datetime) -> str:  # type: ignore[override]
        local = timezone.localtime(value)
        return format_html('<time datetime="{}">{}</time>', local.isoformat(), date_format(local, "DATETIME_FORMAT"))

    def value(self, value: datetime.datetime) -> datetime.datetime:  # type: ignore[override]
        return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


class CheckColumn(tables.BooleanColumn):
    """✓ for yes, nothing for no, with words for screen readers and exports."""

    def render(self, value: Any, record: Any, bound_column: Any) -> Any:
        if value:
            return format_html('<span aria-hidden="true">✓</span><span class="visually-hidden">{}</span>', _("Yes"))
        return ""

    def value(self, record: Any, value: Any, bound_column: Any) -> str:
        return str(_("Yes")) if value else str(_("No"))
