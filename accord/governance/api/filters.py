"""The meetings list's query parameters (committees and resolutions share the HTML lists'
FilterSets, in accord.governance.filters; ?search= comes from accord.api.filters)."""

from __future__ import annotations

import django_filters

from ..models import Meeting, MeetingStatus


class MeetingFilterSet(django_filters.FilterSet):
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
