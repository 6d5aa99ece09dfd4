"""The events in the API: what the public calendar shows, in the language of Accept-Language."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accord.core.links import site_url

from .. import workflow
from ..models import Event


class CalendarEventSerializer(serializers.ModelSerializer):
    """An event as the public calendar shows it (named apart from the fund's project events)."""

    title = serializers.SerializerMethodField(help_text="In the language of Accept-Language (French by default).")
    summary = serializers.SerializerMethodField(help_text="In the language of Accept-Language (French by default).")
    creneau: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    full = serializers.SerializerMethodField(help_text="No seat left: a registration goes on the waiting list.")
    url = serializers.SerializerMethodField(help_text="The event's public page, where people register.")

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "summary",
            "creneau",
            "kind",
            "audience",
            "status",
            "starts_on",
            "ends_on",
            "place",
            "registration_open",
            "registration_closes_on",
            "capacity",
            "full",
            "url",
        ]

    def get_title(self, obj: Event) -> str:
        return obj.title

    def get_summary(self, obj: Event) -> str:
        return obj.shown_summary

    def get_full(self, obj: Any) -> bool:
        return workflow.is_full(obj.capacity, obj.confirmed)

    def get_url(self, obj: Event) -> str:
        return site_url(obj.get_public_url())
