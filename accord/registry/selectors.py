"""Reads that span several registry models, shared by pages, the API and the bench."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import translation

from .models import Creneau, CreneauCategory, Membership, Organisation, OrganisationKind, Region

# Lists of organisations or people read their regions in a second, tiny query rather than
# a join: with a search, PostgreSQL underestimates the matches and joins the region table
# row by row (measured: 12 ms instead of 4 for 555 matches at the international scale).
REGION = Prefetch("region", queryset=Region.objects.only("pk", "code", "name"))


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


def attach_creneaux(organisations: Sequence[Organisation]) -> None:
    """Give each organisation `creneau_names` (in the current language) and `creneau_slugs`.

    One flat query for a whole page of organisations: no model instance per membership.
    """
    english = (translation.get_language() or "fr").startswith("en")
    names: dict[int, list[str]] = defaultdict(list)
    slugs: dict[int, list[str]] = defaultdict(list)
    rows = Membership.objects.filter(organisation_id__in=[o.pk for o in organisations]).values_list(
        "organisation_id", "creneau__slug", "creneau__name_fr", "creneau__name_en"
    )
    for organisation_id, slug, name_fr, name_en in rows.order_by("creneau__name_fr"):
        names[organisation_id].append((name_en or name_fr) if english else name_fr)
        slugs[organisation_id].append(slug)
    for organisation in organisations:
        organisation.creneau_names = names.get(organisation.pk, [])  # type: ignore[attr-defined]
        organisation.creneau_slugs = slugs.get(organisation.pk, [])  # type: ignore[attr-defined]
