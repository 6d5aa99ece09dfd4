"""FilterSets shared by the HTML lists and the API, so both filter the same way."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.core.filters import BooleanChoiceFilter, SearchFilter
from accord.core.forms import ByLabelChoiceIterator

from . import selectors
from .models import (
    Creneau,
    CreneauCategory,
    Membership,
    OfferKind,
    Organisation,
    OrganisationKind,
    Person,
    RecognitionStage,
    Region,
    SizeBand,
    TransformationLevel,
)


class RegionFilter(django_filters.ModelChoiceFilter):
    """A region chosen by its code (05), in the form and in the API."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Region.objects.only("pk", "code", "name").order_by("code"))
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("empty_label", _("All regions"))
        super().__init__(*args, **kwargs)


class ByLabelModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ByLabelChoiceIterator


class CreneauFilter(django_filters.ModelChoiceFilter):
    """An active créneau chosen by its slug, offered by name in the reader's language."""

    field_class = ByLabelModelChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Creneau.objects.active().only("pk", "slug", "name_fr", "name_en"))
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("label", _("Niche"))
        kwargs.setdefault("empty_label", _("All niches"))
        super().__init__(*args, **kwargs)


class CreneauSlugFilter(django_filters.ModelChoiceFilter):
    """A créneau chosen by its slug. Rendered hidden: lists are reached from the créneau's page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Creneau.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("label", _("Niche"))
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class OrganisationFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind"), empty_label=_("All kinds"))
    region = RegionFilter()
    creneau = CreneauSlugFilter(field_name="memberships__creneau", distinct=False)
    size_band = django_filters.ChoiceFilter(choices=SizeBand.choices, label=_("Size"), empty_label=_("All sizes"))
    is_leader = BooleanChoiceFilter(label=_("Leader enterprise"))
    is_large_enterprise = BooleanChoiceFilter(label=_("Large enterprise"))
    transformation_level = django_filters.ChoiceFilter(
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
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind"), empty_label=_("All kinds"))
    region = RegionFilter()
    creneau = CreneauSlugFilter(field_name="memberships__creneau", distinct=False)

    class Meta:
        model = Organisation
        fields = ["q", "kind", "region", "creneau"]


class PersonFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    region = RegionFilter()
    organisation = django_filters.NumberFilter(
        field_name="affiliations__organisation", label=_("Organisation"), widget=forms.HiddenInput
    )
    preferred_language = django_filters.ChoiceFilter(
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
    q = SearchFilter(label=_("Search"))
    region = RegionFilter(field_name="regions")
    category = django_filters.ChoiceFilter(
        choices=CreneauCategory.choices, label=_("Category"), empty_label=_("All categories")
    )
    recognition_stage = django_filters.ChoiceFilter(
        choices=RecognitionStage.choices, label=_("Recognition stage"), empty_label=_("All stages")
    )
    active = BooleanChoiceFilter(field_name="ended_on", label=_("Active"), method="filter_active")

    class Meta:
        model = Creneau
        fields = ["q", "region", "category", "recognition_stage", "active"]

    def filter_active(self, qs: QuerySet[Creneau], name: str, value: bool) -> QuerySet[Creneau]:
        return qs.filter(ended_on__isnull=value)


class OfferFilterSet(django_filters.FilterSet):
    """The partner search (decision 58): a question in plain words, the kind, the sector, the
    organisation's region and créneau. The page and the API filter with it."""

    q = django_filters.CharFilter(label=_("What are you looking for?"), method="filter_question", max_length=200)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OfferKind.choices, empty_label=_("Capabilities and needs")
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), field_name="sector_key", choices=selectors.sector_choices, empty_label=_("All sectors")
    )
    region = RegionFilter(field_name="organisation__region")
    creneau = CreneauFilter(method="filter_creneau")

    def filter_question(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return selectors.search_offers(queryset, value) if value.strip() else queryset  # type: ignore[arg-type]

    def filter_creneau(self, queryset: QuerySet[Any], name: str, value: Creneau | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        members = Membership.objects.filter(organisation=OuterRef("organisation_id"), creneau=value)
        return queryset.filter(Exists(members))
