"""API representations of the plans and the input of their writes.

Figures come from the selectors (the same as the pages'): `progress` is the weighted mean of
the actions that count, in percent to a tenth, null when none counts; money is a decimal string.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accord.registry.models import Creneau, Organisation

from ..models import Action, Axis, Objective, Plan, Priority, Programme


def figure(source: str, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=20, decimal_places=2, read_only=True, source=source, **kwargs)


class ActionSerializer(serializers.ModelSerializer):
    partners = serializers.SerializerMethodField()
    current_progress = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The progress entered, else the status's default; null if cancelled."
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "title",
            "owner_organisation",
            "owner_person",
            "partners",
            "budget",
            "starts_on",
            "ends_on",
            "status",
            "progress",
            "current_progress",
            "weight",
            "position",
        ]

    def get_partners(self, action: Action) -> list[int]:
        return [link.organisation_id for link in getattr(action, "partner_list", [])]


class ObjectiveSerializer(serializers.ModelSerializer):
    progress = figure("figures.progress", allow_null=True)
    budget = figure("figures.budget")
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Objective
        fields = ["id", "text", "position", "progress", "budget", "actions"]


class AxisSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    progress = figure("figures.progress", allow_null=True)
    budget = figure("figures.budget")
    objectives = ObjectiveSerializer(many=True, read_only=True)

    class Meta:
        model = Axis
        fields = ["id", "kind", "name", "name_fr", "name_en", "position", "progress", "budget", "objectives"]


class PlanSerializer(serializers.ModelSerializer):
    """A plan with its rolled-up progress (`figures`, attached by the view from the selectors)."""

    creneau: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    progress = figure("figures.progress", allow_null=True)
    budget = figure("figures.budget")
    actions = serializers.IntegerField(source="figures.actions", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "creneau",
            "first_year",
            "last_year",
            "status",
            "adopted_on",
            "strategy_fr",
            "strategy_en",
            "progress",
            "budget",
            "actions",
        ]


class PrioritySerializer(serializers.ModelSerializer):
    """An action of the plan made a priority of the year, with the year's target."""

    class Meta:
        model = Priority
        fields = ["id", "action", "target_fr", "target_en", "target_figure", "position"]


class ProgrammeSerializer(serializers.ModelSerializer):
    """A year's programme: adopted by the niche committee's resolution (its number), then frozen."""

    resolution: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="number", read_only=True, help_text="Number of the adopting resolution."
    )
    priorities = PrioritySerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "year", "status", "adopted_on", "resolution", "submitted_at", "priorities"]


class PlanDetailSerializer(PlanSerializer):
    axes = AxisSerializer(many=True, read_only=True, source="page_axes")
    programmes = ProgrammeSerializer(many=True, read_only=True, source="page_programmes")
    resolution: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="number", read_only=True, help_text="Number of the adopting resolution."
    )

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "resolution", "submitted_at", "axes", "programmes"]


class PlanInputSerializer(serializers.ModelSerializer):
    """A new plan (`creneau` required) or a plan's changes. The services check the powers and the years."""

    creneau: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Creneau.objects.none(),
        help_text="Slug of the niche (on creation only).",
        error_messages={"does_not_exist": _("No niche you follow has this identifier.")},
    )
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, write_only=True)

    class Meta:
        model = Plan
        fields = ["creneau", "first_year", "last_year", "strategy_fr", "strategy_en", "reason"]

    def __init__(self, *args: Any, creneaux: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creneaux is None:
            self.fields.pop("creneau")
        else:
            self.fields["creneau"].queryset = creneaux  # type: ignore[attr-defined]

    def get_unique_together_validators(self) -> list[Any]:
        return []  # the services check the plan's span (a 400 naming the field)


class _ItemInput(serializers.ModelSerializer):
    """A new axis, objective or action (its parent required) or its changes; the services check the
    powers, the plan's rules and the owners and partners offered."""

    parent_field = ""
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, write_only=True)

    def __init__(self, *args: Any, parents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parents is None:
            self.fields[self.parent_field].read_only = True
        else:
            self.fields[self.parent_field].queryset = parents  # type: ignore[attr-defined]


class AxisInputSerializer(_ItemInput):
    parent_field = "plan"
    plan = serializers.PrimaryKeyRelatedField(
        queryset=Plan.objects.none(), help_text="Id of the plan (on creation only)."
    )

    class Meta:
        model = Axis
        fields = ["id", "plan", "kind", "name_fr", "name_en", "position", "reason"]


class ObjectiveInputSerializer(_ItemInput):
    parent_field = "axis"
    axis = serializers.PrimaryKeyRelatedField(
        queryset=Axis.objects.none(), help_text="Id of the axis (on creation only)."
    )

    class Meta:
        model = Objective
        fields = ["id", "axis", "text", "position", "reason"]


class ActionInputSerializer(_ItemInput):
    parent_field = "objective"
    objective = serializers.PrimaryKeyRelatedField(
        queryset=Objective.objects.none(), help_text="Id of the objective (on creation only)."
    )
    partners = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Organisation.objects.all(),
        help_text="Ids of the partner organisations (the niche's or its regions'); omitted on a change: unchanged.",
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "objective",
            "title",
            "owner_organisation",
            "owner_person",
            "partners",
            "budget",
            "starts_on",
            "ends_on",
            "status",
            "progress",
            "weight",
            "position",
            "reason",
        ]


class RemoveSerializer(serializers.Serializer):
    """Why a record is removed (kept in its history)."""

    reason = serializers.CharField(max_length=100, required=False, allow_blank=True)
