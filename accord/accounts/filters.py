"""The FilterSet of the back office's list of accounts."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.core.models import AccessAction, PersonalDataAccess

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


class AccessLogFilterSet(django_filters.FilterSet):
    """The access log's filters: who (email), what kind of access, which person, between which days."""

    user = django_filters.CharFilter(label=_("Who (email)"), field_name="user__email", lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AccessAction.choices)
    subject_id = django_filters.NumberFilter(label=_("Person number"))
    since = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = PersonalDataAccess
        fields = ["user", "action", "subject_id", "since", "until"]
