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


class BooleanChoiceFilter(django_filters.ChoiceFilter):
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
