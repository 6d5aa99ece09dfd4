"""The query parameters of the fund's API lists (?search= comes from accord.api.filters)."""

from __future__ import annotations

import django_filters

from accord.registry.filters import CreneauSlugFilter, RegionCodeFilter

from ..models import Envelope, Project, ProjectStatus


class EnvelopeFilterSet(django_filters.FilterSet):
    region = RegionCodeFilter(label="Region (code)")
    period = django_filters.CharFilter(field_name="period__code", label="Program period (code)")

    class Meta:
        model = Envelope
        fields = ["region", "period"]


class ProjectFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label="Status")
    region = RegionCodeFilter(label="Region (code)")
    period = django_filters.CharFilter(field_name="period__code", label="Program period (code)")
    # A project serves each niche once: no duplicate rows to remove.
    creneau = CreneauSlugFilter(field_name="creneau_links__creneau", distinct=False, label="Niche (slug)")

    class Meta:
        model = Project
        fields = ["status", "region", "period", "creneau"]
