"""The FilterSet of the experience notes, shared by their page and the API (decision 57): words of
their text, their créneau, their status (the drafts and withdrawn ones are their editors' only)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accord.core.filters import SearchFilter
from accord.registry.filters import CreneauFilter

from .models import ExperienceNote, NoteStatus


class NoteFilterSet(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    creneau = CreneauFilter()
    status = django_filters.ChoiceFilter(choices=NoteStatus.choices, label=_("Status"), empty_label=_("All"))

    class Meta:
        model = ExperienceNote
        fields = ["q", "creneau", "status"]
