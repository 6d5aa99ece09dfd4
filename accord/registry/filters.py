"""FilterSets shared by the HTML lists and the API, so both filter the same way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accord.core import cache
from accord.core.widgets import FastSelect

from .models import (
    Creneau,
    CreneauCategory,
    Organisation,
    OrganisationKind,
    Person,
    RecognitionStage,
    Region,
    SizeBand,
    TransformationLevel,
)
from .signals import PUBLIC_PAGES

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class SearchFilter(django_filters.CharFilter):
    """Free-text search over `search_text`, ignoring accents and case."""

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        return qs.search(value) if value else qs  # type: ignore[attr-defined]


class ChoiceFilter(django_filters.ChoiceFilter):
    """A choice filter drawn by FastSelect: filter forms render on every list request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)


class BooleanChoiceFilter(ChoiceFilter):
    """A yes/no select that leaves the list unfiltered when empty."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", YES_NO)
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        flag = value == "true"
        if self.method is not None:
            return self.get_method(qs)(qs, self.field_name, flag)  # type: ignore[no-any-return]
        return qs.filter(**{self.field_name: flag})


def region_table() -> dict[str, tuple[int, str]]:
    """code → (pk, "05 – Estrie"), cached until the registry changes.

    Every list offers a region filter; with 150 regions, reading and rendering them as
    model choices on each request cost more than the list itself.
    """
    return cache.get_or_compute(
        f"accord:region-table:{cache.version(PUBLIC_PAGES)}",
        lambda: {code: (pk, f"{code} – {name}") for pk, code, name in Region.objects.values_list("pk", "code", "name")},
        timeout=24 * 3600,
    )


class CodeField(forms.ChoiceField):
    """A select whose choices are a plain list, and whose value is checked in a dict."""

    def __init__(self, *args: Any, table: Callable[[], Mapping[str, tuple[int, str]]], **kwargs: Any) -> None:
        self.table = table
        super().__init__(*args, **kwargs)

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.table()


@extend_schema_field(OpenApiTypes.STR)
class CodeFilter(django_filters.Filter):
    """A thing chosen by its code (a region's 05, a period's 2024-2029, a niche's slug).

    `table()` gives code → (pk, label), read from the cache. Not a django-filter
    ChoiceFilter or ModelChoiceFilter: their choice iterators wrap each of the 150 regions
    (or the hundreds of niches) of the international scale in several layers, twice per
    request (validation and rendering), and a model choice reads its rows through a
    server-side cursor; either cost more than the list being filtered.
    """

    def __init__(
        self,
        *args: Any,
        table: Callable[[], Mapping[str, tuple[int, str]]],
        all_label: Any,
        through: str,
        **kwargs: Any,
    ) -> None:
        self.table = table
        self.all_label = all_label
        self.through = through
        super().__init__(*args, **kwargs)

    @property
    def field(self) -> CodeField:
        # Built afresh (the form class reads it once): a field kept on the filter would keep
        # the table it was built with after a FilterSet narrows it (ProjectFilterSet's niches).
        table = self.table
        all_label = self.all_label
        return CodeField(
            label=self.label,
            required=False,
            widget=FastSelect,
            table=table,
            # Read when the select is drawn, not when the form is built (the API never draws it).
            choices=lambda: [("", all_label), *((code, label) for code, (_pk, label) in table().items())],
        )

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        return qs.filter(**{self.through: self.table()[value][0]})


class RegionCodeFilter(CodeFilter):
    """A region chosen by its code (05), in the form and in the API."""

    def __init__(self, *args: Any, through: str = "region", **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Region"))
        super().__init__(*args, table=region_table, all_label=_("All regions"), through=through, **kwargs)


class CreneauSlugFilter(django_filters.ModelChoiceFilter):
    """A créneau chosen by its slug. Rendered hidden: lists are reached from the créneau's page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Creneau.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("label", _("Niche"))
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class OrganisationFilterSet(django_filters.FilterSet):
    # The drawn filter bar is cached until these change (accord.core.listing.filter_bar_key).
    cache_families = (PUBLIC_PAGES,)
    q = SearchFilter(label=_("Search"))
    kind = ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind"), empty_label=_("All kinds"))
    region = RegionCodeFilter()
    creneau = CreneauSlugFilter(field_name="memberships__creneau", distinct=False)
    size_band = ChoiceFilter(choices=SizeBand.choices, label=_("Size"), empty_label=_("All sizes"))
    is_leader = BooleanChoiceFilter(label=_("Leader enterprise"))
    is_large_enterprise = BooleanChoiceFilter(label=_("Large enterprise"))
    transformation_level = ChoiceFilter(
        choices=TransformationLevel.choices, label=_("Transformation level"), empty_label=_("All levels")
    )

    class Meta:
        model = Organisation
        fields = [
            "q",
            "kind",
            "region",
            "creneau",
            "size_band",
            "is_leader",
            "is_large_enterprise",
            "transformation_level",
        ]


class PublicOrganisationFilterSet(django_filters.FilterSet):
    """The public directory filters: no size or flags, only what visitors look for."""

    q = SearchFilter(label=_("Search"))
    kind = ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind"), empty_label=_("All kinds"))
    region = RegionCodeFilter()
    creneau = CreneauSlugFilter(field_name="memberships__creneau", distinct=False)

    class Meta:
        model = Organisation
        fields = ["q", "kind", "region", "creneau"]


class PersonFilterSet(django_filters.FilterSet):
    # The drawn filter bar is cached until these change (accord.core.listing.filter_bar_key).
    cache_families = (PUBLIC_PAGES,)
    q = SearchFilter(label=_("Search"))
    region = RegionCodeFilter()
    organisation = django_filters.NumberFilter(
        field_name="affiliations__organisation", label=_("Organisation"), widget=forms.HiddenInput
    )
    preferred_language = ChoiceFilter(
        choices=Person._meta.get_field("preferred_language").choices,  # type: ignore[arg-type]
        label=_("Preferred language"),
        empty_label=_("All languages"),
    )

    class Meta:
        model = Person
        fields = ["q", "region", "organisation", "preferred_language"]


class RegionFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))

    class Meta:
        model = Region
        fields = ["q"]


class CreneauFilterSet(django_filters.FilterSet):
    # The drawn filter bar is cached until these change (accord.core.listing.filter_bar_key).
    cache_families = (PUBLIC_PAGES,)
    q = SearchFilter(label=_("Search"))
    region = RegionCodeFilter(through="regions")
    category = ChoiceFilter(choices=CreneauCategory.choices, label=_("Category"), empty_label=_("All categories"))
    recognition_stage = ChoiceFilter(
        choices=RecognitionStage.choices, label=_("Recognition stage"), empty_label=_("All stages")
    )
    active = BooleanChoiceFilter(field_name="ended_on", label=_("Active"), method="filter_active")

    class Meta:
        model = Creneau
        fields = ["q", "region", "category", "recognition_stage", "active"]

    def filter_active(self, qs: QuerySet[Creneau], name: str, value: bool) -> QuerySet[Creneau]:
        return qs.filter(ended_on__isnull=value)
