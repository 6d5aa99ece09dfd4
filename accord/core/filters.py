"""Filters every app's FilterSets share (pages and API alike)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class SearchFilter(django_filters.CharFilter):
    """Free-text search over `search_text`, ignoring accents and case (the queryset's `.search()`)."""

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        return qs.search(value) if value else qs  # type: ignore[attr-defined]


class YesNoField(django_filters.fields.ChoiceField):
    """ "true" or "false", cleaned to True or False (None when left empty)."""

    def clean(self, value: Any) -> bool | None:
        value = super().clean(value)
        return None if value in ("", None) else value == "true"


class BooleanChoiceFilter(django_filters.ChoiceFilter):
    """A yes/no select that leaves the list unfiltered when empty.

    The field cleans the choice to a boolean: a filter with a `method` is handed the value
    without passing through `filter` below (django-filter swaps it out), and a method given
    the string "true" built an `isnull="true"` lookup that failed (`?active=true` was a 500).
    """

    field_class = YesNoField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", YES_NO)
        kwargs.setdefault("empty_label", _("All"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: bool | None) -> QuerySet[Any]:
        if value is None:
            return qs
        return qs.filter(**{self.field_name: value})
