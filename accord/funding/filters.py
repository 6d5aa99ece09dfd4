"""FilterSets of the fund's lists (pages and API alike)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accord.core.filters import SearchFilter
from accord.registry.filters import CreneauFilter, RegionFilter
from accord.registry.models import Creneau, Organisation

from . import policies, selectors, workflow
from .models import Envelope, ProgramPeriod, Project, ProjectStatus


class CarrierSearchFilter(django_filters.CharFilter):
    """Projects whose carrier's name (or NEQ, or city) has every word typed, accents aside."""

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(carrier__in=Organisation.objects.search(value).values("pk"))


class PeriodFilter(django_filters.ModelChoiceFilter):
    """A program period chosen by its code (2024-2029), the latest first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", ProgramPeriod.objects.order_by("-starts_on"))
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("label", _("Period"))
        kwargs.setdefault("empty_label", _("All periods"))
        super().__init__(*args, **kwargs)


class ProjectFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), help_text=_("Number, title or summary."))
    status = django_filters.ChoiceFilter(
        choices=ProjectStatus.choices, label=_("Status"), empty_label=_("All statuses"), method="filter_status"
    )
    region = RegionFilter()
    period = PeriodFilter()
    # One niche at a time: a project has one link to it, so no row comes twice.
    creneau = CreneauFilter(field_name="creneau_links__creneau")
    carrier = CarrierSearchFilter(label=_("Carrier"))

    class Meta:
        model = Project
        fields = ["q", "status", "region", "period", "creneau", "carrier"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        # With a region chosen, only its niches are offered: the program has thousands of
        # niches at international scale, and nobody looks for one in another region's list.
        code = data.get("region") if hasattr(data, "get") else None
        if code:
            niches = Creneau.objects.active().filter(regions__code=code).only("pk", "slug", "name_fr", "name_en")
            self.filters["creneau"].queryset = niches
        # Outside the staff, an internal status is neither offered nor told apart (decision 0027):
        # a project awaiting its second signature is listed under the ministry's analysis.
        self.reader = policies.list_reader(getattr(self.request, "user", None))
        # On the form field itself: a field built before (the API schema builds them) is copied as it is.
        self.filters["status"].field.choices = [
            (value, label) for value, label in ProjectStatus.choices if workflow.status_for(value, self.reader) == value
        ]

    def filter_status(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        if not value:
            return queryset
        return queryset.filter(status__in=workflow.statuses_read_as(value, self.reader))


class EnvelopeFilterSet(django_filters.FilterSet):
    """The envelopes of a period (the current one unless another is chosen), by region (pages and API)."""

    period = PeriodFilter()
    region = RegionFilter()

    class Meta:
        model = Envelope
        fields = ["period", "region"]

    def __init__(self, data: Any = None, *args: Any, default_period: bool = False, **kwargs: Any) -> None:
        if default_period and (data is None or "period" not in data):
            # The page opens on the period covering today; "All periods" is still a choice.
            default = selectors.default_period(selectors.periods())
            data = data.copy() if data is not None else QueryDict(mutable=True)
            if default is not None:
                data["period"] = default.code
        super().__init__(data, *args, **kwargs)


class PublicProjectFilterSet(django_filters.FilterSet):
    """The published projects (decision 54), by region (code), créneau (slug) and year of the grant:
    the public list and /api/v1/public-projects/ alike."""

    region = RegionFilter()
    creneau = django_filters.ModelChoiceFilter(
        field_name="creneau_links__creneau",
        queryset=Creneau.objects.only("pk", "slug", "name_fr", "name_en"),
        to_field_name="slug",
        label=_("Niche"),
    )
    year = django_filters.NumberFilter(
        field_name="granted_at", lookup_expr="year", label=_("Year of the grant"), min_value=2000, max_value=2100
    )

    class Meta:
        model = Project
        fields = ["region", "creneau", "year"]
