"""The filters of the values' list (the API's; the pages show one niche's table)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import IndicatorValue, ValueStatus


class IndicatorValueFilterSet(django_filters.FilterSet):
    creneau = django_filters.CharFilter(field_name="creneau__slug", label=_("Niche"), help_text="Slug of the niche.")
    indicator = django_filters.NumberFilter(field_name="indicator_id", label=_("Indicator"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    status = django_filters.ChoiceFilter(choices=ValueStatus.choices, label=_("Status"))

    class Meta:
        model = IndicatorValue
        fields = ["creneau", "indicator", "year", "status"]
