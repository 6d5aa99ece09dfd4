"""The envelopes' API filters. Projects share accord.funding.filters with the pages;
?search= comes from accord.api.filters."""

from __future__ import annotations

import django_filters

from accord.registry.filters import RegionCodeFilter

from ..models import Envelope


class EnvelopeFilterSet(django_filters.FilterSet):
    region = RegionCodeFilter(label="Region (code)")
    period = django_filters.CharFilter(field_name="period__code", label="Program period (code)")

    class Meta:
        model = Envelope
        fields = ["region", "period"]
