"""API representations of registry records. Contact details only for staff in scope."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import policies
from ..models import Creneau, Offer, Organisation, Region
from ..validators import normalize_neq, validate_neq


class RegionSerializer(serializers.ModelSerializer):
    resource_region = serializers.SerializerMethodField(help_text="Resource-region status today.")
    creneaux = serializers.SerializerMethodField(help_text="Slugs of the region's active créneaux.")

    class Meta:
        model = Region
        fields = ["code", "name", "resource_region", "creneaux"]

    @extend_schema_field(serializers.BooleanField())
    def get_resource_region(self, obj: Region) -> bool:
        return obj.is_resource_region()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_creneaux(self, obj: Region) -> list[str]:
        return [c.slug for c in obj.active_creneaux]  # type: ignore[attr-defined]


class CreneauSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(help_text="In the language of Accept-Language (French by default).")
    regions = serializers.SerializerMethodField(help_text="Codes of the créneau's regions.")
    url = serializers.SerializerMethodField()
    active = serializers.BooleanField(
        source="is_active", read_only=True, help_text="False once the créneau merged or was withdrawn."
    )

    class Meta:
        model = Creneau
        fields = ["slug", "name", "regions", "category", "recognition_stage", "active", "ended_on", "url"]
        read_only_fields = ["ended_on"]

    def get_name(self, obj: Creneau) -> str:
        return obj.name

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, obj: Creneau) -> list[str]:
        return [region.code for region in obj.region_list]  # type: ignore[attr-defined]

    def get_url(self, obj: Creneau) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class CreneauDetailSerializer(CreneauSerializer):
    description = serializers.SerializerMethodField()
    industry = serializers.SerializerMethodField()
    predecessors = serializers.SerializerMethodField(help_text="Slugs of the créneaux this one was born from.")
    coordinator = serializers.SerializerMethodField(
        help_text="Name of the holder of the coordinator mandate on the niche committee (read-only), or null."
    )

    class Meta(CreneauSerializer.Meta):
        fields = [
            *CreneauSerializer.Meta.fields,
            "description",
            "industry",
            "principle_agreement_on",
            "strategy_authorised_on",
            "implementation_agreement_on",
            "management_structure",
            "website",
            "predecessors",
            "coordinator",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_predecessors(self, obj: Creneau) -> list[str]:
        return [creneau.slug for creneau in obj.predecessor_list]  # type: ignore[attr-defined]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_coordinator(self, obj: Creneau) -> str | None:
        # The public fiche's coordinator (decision 23): the name only, as on the page.
        return obj.coordinator.full_name if obj.coordinator_id else None  # type: ignore[union-attr]

    def get_description(self, obj: Creneau) -> str:
        return obj.description

    def get_industry(self, obj: Creneau) -> str:
        return obj.industry


CONTACT_FIELDS = ("street_address", "postal_code", "email", "phone")


class OrganisationSerializer(serializers.ModelSerializer):
    """Public fields for everyone; contact fields are null for users outside the organisation's scope."""

    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    creneaux = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "region",
            "city",
            "website",
            "description",
            "neq",
            "size_band",
            "is_leader",
            "is_large_enterprise",
            "transformation_level",
            "creneaux",
            "is_demo",
            *CONTACT_FIELDS,
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_creneaux(self, obj: Organisation) -> list[str]:
        return list(obj.creneau_slugs)  # type: ignore[attr-defined]

    def to_representation(self, instance: Organisation) -> dict[str, Any]:
        # Built by hand: DRF's field-by-field machinery was most of the list's time at 50
        # rows a page. The declared fields above still drive the OpenAPI schema, and a
        # test checks that both give the same keys.
        request = self.context.get("request")
        show_contacts = request is not None and policies.can_view_contact_details(request.user, instance)
        data = {
            "id": instance.pk,
            "slug": instance.slug,
            "name": instance.name,
            "kind": instance.kind,
            "region": instance.region.code if instance.region is not None else None,
            "city": instance.city,
            "website": instance.website,
            "description": instance.description,
            "neq": instance.neq,
            "size_band": instance.size_band,
            "is_leader": instance.is_leader,
            "is_large_enterprise": instance.is_large_enterprise,
            "transformation_level": instance.transformation_level,
            "creneaux": self.get_creneaux(instance),
            "is_demo": instance.is_demo,
        }
        for name in CONTACT_FIELDS:
            data[name] = getattr(instance, name) if show_contacts else None
        return data


class OrganisationWriteSerializer(serializers.ModelSerializer):
    """Input of staff writes; validated again by the model and the service."""

    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True
    )
    creneaux = serializers.SlugRelatedField(
        slug_field="slug", queryset=Creneau.objects.all(), many=True, required=False
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=100, write_only=True)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "region",
            "city",
            "website",
            "description",
            "neq",
            "size_band",
            "is_leader",
            "is_large_enterprise",
            "transformation_level",
            "creneaux",
            "reason",
            *CONTACT_FIELDS,
        ]
        # Uniqueness is checked by the model (its constraints carry the messages).
        validators: list[Any] = []
        extra_kwargs: dict[str, Any] = {"neq": {"validators": []}}

    def validate_neq(self, value: str | None) -> str | None:
        value = normalize_neq(value)
        validate_neq(value)
        return value


class PartnerOfferSerializer(serializers.ModelSerializer):
    """A capability or a need of the partner search (decision 58): the offer, its organisation, its
    region and its active créneaux, and where to ask the coordinator for an introduction. No address."""

    # `label` (the model's property, read-only): in the language of Accept-Language, French by default.
    organisation = serializers.SerializerMethodField(help_text="Its name and slug.")
    region = serializers.SerializerMethodField(help_text="The organisation's region code (null without one).")
    creneaux = serializers.SerializerMethodField(help_text="Slugs of the organisation's active créneaux.")
    contact_url = serializers.SerializerMethodField(help_text="The page asking the coordinator for an introduction.")

    class Meta:
        model = Offer
        fields = [
            "id",
            "kind",
            "label",
            "label_fr",
            "label_en",
            "description",
            "sector",
            "organisation",
            "region",
            "creneaux",
            "contact_url",
        ]

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_organisation(self, obj: Offer) -> dict[str, str]:
        return {"name": obj.organisation.name, "slug": obj.organisation.slug}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_region(self, obj: Offer) -> str | None:
        region = obj.organisation.region
        return region.code if region is not None else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_creneaux(self, obj: Offer) -> list[str]:
        return [creneau.slug for creneau in obj.organisation.creneau_list]  # type: ignore[attr-defined]

    def get_contact_url(self, obj: Offer) -> str:
        return reverse("registry:contact_request_new", args=[obj.pk])
