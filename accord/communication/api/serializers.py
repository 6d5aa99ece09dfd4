"""The published news and success stories as the API gives them: in the language of Accept-Language
(French by default, and the French when there is no translation), with both languages' titles;
and the members-only information for its readers (decision 52)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accord.core.links import site_url

from ..models import Briefing, Publication


class PublicationSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="In the language of Accept-Language.")
    summary = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True, help_text="Sanitised HTML (decision 46).")
    results = serializers.CharField(read_only=True, help_text="A success story's measured results (HTML).")
    creneau: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    url = serializers.SerializerMethodField(help_text="The publication's page on the public site.")
    image = serializers.SerializerMethodField(help_text="Its image's address, with `image_alt`; null without one.")
    image_alt = serializers.CharField(read_only=True)

    class Meta:
        model = Publication
        fields = [
            "slug",
            "kind",
            "title",
            "title_fr",
            "title_en",
            "summary",
            "body",
            "results",
            "theme",
            "creneau",
            "region",
            "published_at",
            "url",
            "image",
            "image_alt",
        ]

    def get_url(self, obj: Publication) -> str:
        return site_url(obj.get_absolute_url())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_image(self, obj: Publication) -> Any:
        return site_url(reverse("communication:image", args=[obj.slug])) if obj.image else None


class BriefingSerializer(serializers.ModelSerializer):
    """A piece of members-only information (decision 52), for a reader of it."""

    title = serializers.CharField(read_only=True, help_text="In the language of Accept-Language.")
    summary = serializers.CharField(read_only=True)
    creneaux: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, many=True
    )
    closed = serializers.SerializerMethodField(help_text="A business opportunity past its closing date.")
    url = serializers.SerializerMethodField(help_text="Its page in the members' area.")
    file = serializers.SerializerMethodField(
        help_text="Its document's address (each download recorded, for readers only); null without one."
    )

    class Meta:
        model = Briefing
        fields = [
            "id",
            "kind",
            "title",
            "title_fr",
            "title_en",
            "summary",
            "creneaux",
            "closes_on",
            "closed",
            "contact",
            "published_at",
            "url",
            "file",
        ]

    def get_closed(self, obj: Briefing) -> bool:
        return obj.is_closed(timezone.localdate())

    def get_url(self, obj: Briefing) -> str:
        return site_url(obj.get_absolute_url())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file(self, obj: Briefing) -> Any:
        return site_url(reverse("communication:briefing_file", args=[obj.pk])) if obj.file else None
