"""FilterSets of the fund's lists (HTML and API alike)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accord.core.widgets import FastSelect
from accord.registry.filters import ChoiceFilter, RegionCodeFilter, SearchFilter
from accord.registry.models import Creneau, Organisation

from .models import ProgramPeriod, Project, ProjectStatus


class CarrierSearchFilter(django_filters.CharFilter):
    """Projects whose carrier's name (or NEQ, or city) has every word typed, accents aside."""

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(carrier__in=Organisation.objects.search(value).values("pk"))


class ProjectFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), help_text=_("Number, title or summary."))
    status = ChoiceFilter(choices=ProjectStatus.choices, label=_("Status"), empty_label=_("All statuses"))
    region = RegionCodeFilter()
    period = django_filters.ModelChoiceFilter(
        queryset=ProgramPeriod.objects.all(),
        to_field_name="code",
        label=_("Period"),
        empty_label=_("All periods"),
        widget=FastSelect,
    )
    creneau = django_filters.ModelChoiceFilter(
        queryset=Creneau.objects.active().only("pk", "slug", "name_fr", "name_en").order_by("name_fr"),
        field_name="creneau_links__creneau",
        to_field_name="slug",
        label=_("Niche"),
        empty_label=_("All niches"),
        widget=FastSelect,
        # One niche at a time: a project has one link to it, so no row comes twice.
        distinct=False,
    )
    carrier = CarrierSearchFilter(label=_("Carrier"))

    class Meta:
        model = Project
        fields = ["q", "status", "region", "period", "creneau", "carrier"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        # With a region chosen, only its niches are offered: the program has thousands of
        # niches at international scale, and a select of all of them outweighs the list.
        code = (data or {}).get("region") if hasattr(data, "get") else None
        if code:
            field = self.filters["creneau"]
            field.queryset = field.queryset.filter(regions__code=code)
