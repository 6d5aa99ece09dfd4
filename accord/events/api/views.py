"""The events in the API: the events the public site shows the caller (site_events: public ones, and
members-only ones of the caller's créneaux), filtered as the calendar is; read-only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from .. import policies, selectors
from ..filters import CalendarFilterSet
from ..models import Event
from .serializers import CalendarEventSerializer


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Events in date order (`?region=`, `?creneau=`, `?kind=`); a members-only event is a 404 to others."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CalendarEventSerializer
    filterset_class = CalendarFilterSet
    queryset = Event.objects.none()

    def get_queryset(self) -> QuerySet[Event]:
        user: Any = self.request.user
        return selectors.with_seats(policies.site_events(user).select_related("creneau")).order_by("starts_on", "pk")
