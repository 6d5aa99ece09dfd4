"""The FilterSets of communication, shared by the pages and the API.

The published news and stories in the API: kind, theme, niche (slug), region (code) and words, as the
public lists narrow them (views/public.py's `Narrowed`, which keeps a shared address working when its
niche is gone; the API answers 400 for an unknown one). The members-only information: kind, niche,
open or closed opportunities and words, on the members' area and in its API (decision 52)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.accounts.policies import scope_for
from accord.core.filters import SearchFilter
from accord.planning.policies import member_creneaux
from accord.registry.filters import CreneauFilter, RegionFilter
from accord.registry.models import Creneau

from .models import OPPORTUNITY_KINDS, Briefing, BriefingDownload, BriefingKind, Publication, PublicationKind, Theme

OPEN = "open"
CLOSED = "closed"


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


class BriefingFilterSet(django_filters.FilterSet):
    """The members' area and its API: by kind, by créneau (among the reader's), open or closed
    business opportunities, and words of the titles and summaries."""

    q = SearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=BriefingKind.choices, label=_("Kind"), empty_label=_("All kinds"))
    creneau = CreneauFilter(field_name="creneaux")
    opportunities = django_filters.ChoiceFilter(
        choices=[(OPEN, pgettext_lazy("opportunities", "Open")), (CLOSED, pgettext_lazy("opportunities", "Closed"))],
        label=_("Business opportunities"),
        empty_label=_("All information"),
        method="filter_opportunities",
    )

    class Meta:
        model = Briefing
        fields = ["q", "kind", "creneau", "opportunities"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and not scope_for(user).program_wide:
            # The choices are the reader's créneaux: the others would list nothing.
            field = self.filters["creneau"]
            field.queryset = field.queryset.filter(pk__in=list(member_creneaux(user)))  # type: ignore[attr-defined]

    def filter_opportunities(self, queryset: Any, name: str, value: str) -> Any:
        today = timezone.localdate()
        opportunities = queryset.filter(kind__in=OPPORTUNITY_KINDS)
        if value == OPEN:
            return opportunities.filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        return opportunities.filter(closes_on__lt=today)


class DownloadFilterSet(django_filters.FilterSet):
    """The downloads of a piece of members-only information, by the downloader's name or address."""

    q = django_filters.CharFilter(label=_("Name or email"), method="filter_person")

    class Meta:
        model = BriefingDownload
        fields = ["q"]

    def filter_person(self, queryset: Any, name: str, value: str) -> Any:
        for word in value.split():
            queryset = queryset.filter(
                Q(user__email__icontains=word)
                | Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
            )
        return queryset
