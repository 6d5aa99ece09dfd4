"""The FilterSet of the published news and stories in the API: kind, theme, niche (slug), region
(code) and words, as the public lists narrow them (views/public.py's `Narrowed`, which keeps a shared
address working when its niche is gone; the API answers 400 for an unknown one)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accord.core.filters import SearchFilter
from accord.registry.filters import RegionFilter
from accord.registry.models import Creneau

from .models import Publication, PublicationKind, Theme


class PublicationFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=PublicationKind.choices, label=_("Kind"))
    theme = django_filters.ChoiceFilter(choices=Theme.choices, label=_("Theme"))
    creneau = django_filters.ModelChoiceFilter(
        queryset=Creneau.objects.only("pk", "slug", "name_fr", "name_en"), to_field_name="slug", label=_("Niche")
    )
    region = RegionFilter()

    class Meta:
        model = Publication
        fields = ["q", "kind", "theme", "creneau", "region"]
