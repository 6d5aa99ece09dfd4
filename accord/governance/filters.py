"""Every FilterSet of governance: the pages' lists and the API share them (?search= comes from accord.api.filters)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accord.core.filters import SearchFilter
from accord.registry.filters import RegionFilter

from . import policies
from .models import Committee, CommitteeKind, Meeting, MeetingStatus, Resolution, ResolutionOutcome


class CommitteeRegionFilter(RegionFilter):
    """The committees of a region: the ones its regional office supports (see policies.region_filter)."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        ids = Committee.objects.filter(policies.region_filter([value.pk])).values("pk")
        return qs.filter(pk__in=ids)


class CommitteeFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=CommitteeKind.choices, label=_("Kind"), empty_label=_("All kinds"))
    region = CommitteeRegionFilter()
    creneau = django_filters.CharFilter(field_name="creneau__slug", label=_("Niche"), widget=forms.HiddenInput)

    class Meta:
        model = Committee
        fields = ["q", "kind", "region", "creneau"]


class ResolutionFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    outcome = django_filters.ChoiceFilter(
        choices=ResolutionOutcome.choices, label=_("Outcome"), empty_label=_("All outcomes")
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=1990, max_value=2100)
    committee = django_filters.CharFilter(field_name="committee__slug", label=_("Committee"), widget=forms.HiddenInput)

    class Meta:
        model = Resolution
        fields = ["q", "outcome", "year", "committee"]


class MeetingFilterSet(django_filters.FilterSet):
    """The API's meetings: by committee, status and days."""

    committee = django_filters.CharFilter(field_name="committee__slug", label="Committee (slug)")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label="Status")

    class Meta:
        model = Meeting
        fields = ["committee", "status"]


# `from` is a Python keyword, so these two parameters are declared by name. Days are local days.
MeetingFilterSet.base_filters["from"] = django_filters.DateFilter(
    field_name="starts_at", lookup_expr="date__gte", label="Starting on or after (date)"
)
MeetingFilterSet.base_filters["to"] = django_filters.DateFilter(
    field_name="starts_at", lookup_expr="date__lte", label="Starting on or before (date)"
)
