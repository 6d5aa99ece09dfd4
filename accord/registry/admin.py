"""The technical admin shows registry records read-only: every change goes through the
back office and its services, so policies, validation and history always apply."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Creneau, ImportBatch, Organisation, Person, Region


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name")


@admin.register(Creneau)
class CreneauAdmin(ReadOnlyAdmin):
    list_display = ("name_fr", "category", "recognition_stage", "ended_on")
    list_filter = ("category", "recognition_stage")
    search_fields = ("name_fr", "name_en", "slug")


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "region", "city", "is_demo")
    list_filter = ("kind", "region")
    search_fields = ("search_text",)
    show_full_result_count = False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("last_name", "first_name", "region", "is_demo")
    search_fields = ("search_text",)
    show_full_result_count = False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("file_name", "kind", "status", "uploaded_by", "uploaded_at")
    exclude = ("content",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
