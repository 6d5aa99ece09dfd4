"""/api/v1/publications/: the published news and success stories, read-only, for everyone (a partner's
site, an aggregator), narrowed like the public lists. Editors write through the pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import permissions, viewsets

from .. import policies
from ..filters import PublicationFilterSet
from ..models import Publication
from .serializers import PublicationSerializer


class PublicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Published news and success stories, latest first (`kind`, `theme`, `creneau`, `region`, `q`)."""

    serializer_class = PublicationSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = PublicationFilterSet
    lookup_field = "slug"
    queryset = Publication.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet[Publication]:
        return (
            policies.published_publications(timezone.now())
            .select_related("creneau", "region")
            .order_by("-published_at", "-pk")
        )
