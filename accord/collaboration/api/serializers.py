"""The collaboration's API representations (decision 57): a créneau's links with their reasons, and
the experience notes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accord.core.links import site_url

from ..models import ExperienceNote


class ReasonSerializer(serializers.Serializer):
    """One reason of a link: its kind, how many facts, the names the caller may see, and for a declared
    link its reason, direction and date."""

    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    count = serializers.IntegerField()
    names = serializers.ListField(child=serializers.CharField())
    unnamed = serializers.IntegerField(
        help_text="Facts counted but not named (beyond those shown, or not yours to see)."
    )
    direction = serializers.CharField(
        help_text="supplier or customer (a supplier and customer link, seen from the créneau asked), "
        "predecessor or successor (a merger), empty otherwise."
    )
    description = serializers.SerializerMethodField(help_text="A declared link's reason, in the caller's language.")
    declared_at = serializers.SerializerMethodField()

    def get_description(self, obj: Any) -> str | None:
        return obj.link.description if obj.link is not None else None

    def get_declared_at(self, obj: Any) -> Any:
        return obj.link.declared_at if obj.link is not None else None


class LinkSerializer(serializers.Serializer):
    """A créneau linked to the one asked, with every reason."""

    creneau = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    weight = serializers.IntegerField(help_text="The number of reasons.")
    kinds = serializers.ListField(child=serializers.CharField())
    reasons = ReasonSerializer(many=True)

    def get_creneau(self, obj: Any) -> str:
        return str(obj.b.slug)

    def get_name(self, obj: Any) -> str:
        return str(obj.b.name)


class NoteSerializer(serializers.ModelSerializer):
    """An experience note, in the caller's language (the French text when there is no English one)."""

    creneau: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    title = serializers.CharField(read_only=True)
    worked = serializers.CharField(read_only=True)
    did_not_work = serializers.CharField(read_only=True)
    results = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField(help_text="Its page in the back office.")

    class Meta:
        model = ExperienceNote
        fields = ["id", "creneau", "title", "worked", "did_not_work", "results", "status", "published_at", "url"]

    def get_url(self, obj: ExperienceNote) -> str:
        return site_url(obj.get_absolute_url())
