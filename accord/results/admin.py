"""The technical admin shows the results read-only: indicators, targets, values and bilans change only
through the services, which check the policies and the workflow (an approved value is locked, an
adopted bilan frozen) and write the history and the audit trails. The audit trails and the record of
reminders are append-only: no history of their own, and nothing to change here either."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accord.registry.admin import ReadOnlyAdmin

from .models import Bilan, BilanEvent, Indicator, IndicatorTarget, IndicatorValue, IndicatorValueEvent, ValueReminder


class RecordAdmin(admin.ModelAdmin):
    """An append-only record: read, never added, changed or deleted by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_fr", "plan", "unit", "direction", "cumulative", "active")
    list_filter = ("active", "unit", "cumulative")
    list_select_related = ("plan",)
    search_fields = ("code", "name_fr", "name_en")


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "plan", "year", "value")
    list_filter = ("year",)
    list_select_related = ("indicator", "plan")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ("creneau", "indicator", "year", "value", "status", "submitted_by", "submitted_at")
    list_filter = ("status", "year")
    list_select_related = ("creneau", "indicator", "submitted_by")
    show_full_result_count = False


@admin.register(IndicatorValueEvent)
class IndicatorValueEventAdmin(RecordAdmin):
    list_display = ("value", "kind", "from_status", "to_status", "amount", "actor", "occurred_at")
    list_filter = ("kind",)
    list_select_related = ("value__indicator", "actor")
    show_full_result_count = False


@admin.register(ValueReminder)
class ValueReminderAdmin(RecordAdmin):
    list_display = ("creneau", "indicator", "year", "step", "due_on", "sent_at")
    list_filter = ("step", "year")
    list_select_related = ("creneau", "indicator")


@admin.register(Bilan)
class BilanAdmin(ReadOnlyAdmin):
    list_display = ("creneau", "year", "status", "adopted_on", "resolution")
    list_filter = ("status", "year")
    list_select_related = ("creneau", "resolution")


@admin.register(BilanEvent)
class BilanEventAdmin(RecordAdmin):
    list_display = ("bilan", "kind", "from_status", "to_status", "actor", "occurred_at", "resolution")
    list_filter = ("kind",)
    list_select_related = ("bilan__creneau", "actor", "resolution")
