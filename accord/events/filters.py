"""FilterSets of the events' lists: the public calendar by region, créneau and kind."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accord.registry.filters import CreneauFilter, RegionFilter

from .models import Event, EventKind, Registration, RegistrationStatus


class CalendarFilterSet(django_filters.FilterSet):
    """The public calendar's filters (a region's créneaux, one créneau, one kind)."""

    region = RegionFilter(field_name="creneau__regions")
    creneau = CreneauFilter(field_name="creneau")
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("Kind"), empty_label=_("All kinds"))

    class Meta:
        model = Event
        fields = ["region", "creneau", "kind"]


class RegistrationFilterSet(django_filters.FilterSet):
    """The registrations of an event, by status."""

    status = django_filters.ChoiceFilter(
        choices=RegistrationStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )

    class Meta:
        model = Registration
        fields = ["status"]
