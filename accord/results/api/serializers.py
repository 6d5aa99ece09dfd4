"""API representations of indicators and values, and the input of their writes.

Figures are decimal strings. A value's `status` moves only through its steps (submit, approve,
return); its figure and comment change only while it is a draft or returned.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accord.planning.models import Plan
from accord.registry.models import Creneau

from .. import services
from ..models import Indicator, IndicatorValue, IndicatorValueEvent


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator: common (`plan` null) or a plan's own."""

    class Meta:
        model = Indicator
        fields = ["id", "plan", *services.INDICATOR_FIELDS, "active"]
        read_only_fields = ["plan", "active"]

    def get_unique_together_validators(self) -> list[Any]:
        return []  # the service checks the code's uniqueness (a 400 naming the field)

    def get_validators(self) -> list[Any]:
        return []


class IndicatorInputSerializer(IndicatorSerializer):
    """A new indicator: common (no `plan`, the ministry) or a plan's own (`plan`, its editors)."""

    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.none(), required=False, allow_null=True)
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, write_only=True)

    class Meta(IndicatorSerializer.Meta):
        fields = [*IndicatorSerializer.Meta.fields, "reason"]
        read_only_fields = ["active"]

    def __init__(self, *args: Any, plans: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plans is not None:
            self.fields["plan"].queryset = plans  # type: ignore[attr-defined]


class IndicatorValueEventSerializer(serializers.ModelSerializer):
    actor: serializers.StringRelatedField[Any] = serializers.StringRelatedField()
    note = serializers.CharField(source="shown_note", read_only=True)

    class Meta:
        model = IndicatorValueEvent
        fields = ["kind", "from_status", "to_status", "amount", "actor", "occurred_at", "reason", "note"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    creneau: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    submitted_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "creneau",
            "year",
            "value",
            "comment",
            "status",
            "return_reason",
            "submitted_by",
            "submitted_at",
        ]
        read_only_fields = fields


class IndicatorValueDetailSerializer(IndicatorValueSerializer):
    events = IndicatorValueEventSerializer(many=True, read_only=True, source="trail")

    class Meta(IndicatorValueSerializer.Meta):
        fields = [*IndicatorValueSerializer.Meta.fields, "events"]
        read_only_fields = fields


class ValueReportSerializer(serializers.Serializer):
    """A value reported (a draft)."""

    creneau: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Creneau.objects.none(),
        help_text="Slug of the niche.",
        error_messages={"does_not_exist": _("No niche you follow has this identifier.")},
    )
    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.none())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    value = serializers.DecimalField(max_digits=16, decimal_places=2)
    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args: Any, creneaux: Any = None, indicators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creneaux is not None:
            self.fields["creneau"].queryset = creneaux  # type: ignore[attr-defined]
        if indicators is not None:
            self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]


class ValueEditSerializer(serializers.Serializer):
    """A draft or returned value's new figure or comment."""

    value = serializers.DecimalField(max_digits=16, decimal_places=2, required=False)
    comment = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True)


class ValueNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ValueReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text="Why the value is returned (required).")


class BenchmarkQuerySerializer(serializers.Serializer):
    """The benchmark's question: a common indicator (by code; the first in use if none), a year (the
    latest with approved values if none), optionally a region (by code) and the order."""

    indicator = serializers.SlugField(required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    region = serializers.CharField(required=False, max_length=10)
    sort = serializers.ChoiceField(choices=["value", "per_member"], required=False, default="value")


class BenchmarkRowSerializer(serializers.Serializer):
    """A niche compared: its approved value of the year, its member enterprises (the registry's, on
    December 31 of the year), the value per member enterprise (null for a rate or without members),
    and the ranks (1: the best in the indicator's direction; null without a figure)."""

    creneau = serializers.SlugField(source="creneau.slug")
    name = serializers.CharField(source="creneau.name")
    value = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    member_enterprises = serializers.IntegerField(source="size")
    per_member = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    rank = serializers.IntegerField(source="value_rank", allow_null=True)
    per_member_rank = serializers.IntegerField(allow_null=True)


class BenchmarkSerializer(serializers.Serializer):
    """The niches compared on a common indicator in a year: the rows in the order asked, the medians."""

    indicator = IndicatorSerializer()
    year = serializers.IntegerField()
    sort = serializers.CharField()
    normalised = serializers.BooleanField()
    median_value = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    median_per_member = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    rows = BenchmarkRowSerializer(many=True)
