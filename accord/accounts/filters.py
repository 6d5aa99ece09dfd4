"""The FilterSet of the back office's list of accounts."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import User


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")

    class Meta:
        model = User
        fields = ["q"]

    def filter_q(self, qs: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        for word in value.split():
            qs = qs.filter(Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return qs
