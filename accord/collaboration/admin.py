"""The technical admin shows the collaboration read-only: links and notes change only through the
services, which check the policies and the workflow and write the history (who, when, why)."""

from django.contrib import admin

from accord.registry.admin import ReadOnlyAdmin

from .models import CreneauLink, ExperienceNote


@admin.register(CreneauLink)
class CreneauLinkAdmin(ReadOnlyAdmin):
    list_display = ("source", "target", "kind", "declared_at", "ended_at")
    list_filter = ("kind",)
    list_select_related = ("source", "target")


@admin.register(ExperienceNote)
class ExperienceNoteAdmin(ReadOnlyAdmin):
    list_display = ("title_fr", "creneau", "status", "published_at")
    list_filter = ("status",)
    list_select_related = ("creneau",)
    search_fields = ("title_fr", "title_en")
