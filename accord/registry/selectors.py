"""Reads that span several registry models, shared by pages, the API and the bench."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from .models import Creneau, CreneauCategory, Organisation, OrganisationKind, Region


def regions_with_creneau_counts(regions: QuerySet[Region]) -> QuerySet[Region]:
    """Regions with their resource status today and their number of active créneaux."""
    return regions.with_resource_status().annotate(  # type: ignore[attr-defined,no-any-return]
        creneau_count=Count("creneaux", filter=Q(creneaux__ended_on__isnull=True))
    )


def category_counts(creneaux: QuerySet[Creneau]) -> list[dict[str, Any]]:
    """How many créneaux in each category, in the category's order."""
    counts = dict(creneaux.order_by().values_list("category").annotate(n=Count("pk")))
    return [{"value": value, "label": label, "count": counts.get(value, 0)} for value, label in CreneauCategory.choices]


def creneau_members(creneau: Creneau) -> QuerySet[Organisation]:
    """Member organisations of a créneau: leader enterprises, then enterprises, then partners."""
    rank = Case(
        When(kind=OrganisationKind.ENTERPRISE, is_leader=True, then=Value(0)),
        When(kind=OrganisationKind.ENTERPRISE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Organisation.objects.filter(memberships__creneau=creneau)
        .select_related("region")
        .only(
            "pk",
            "slug",
            "name",
            "kind",
            "city",
            "is_leader",
            "is_large_enterprise",
            "transformation_level",
            "is_demo",
            "region__code",
            "region__name",
        )
        .annotate(rank=rank)
        .order_by("rank", "name", "pk")
    )
