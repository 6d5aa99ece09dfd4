"""/api/v1/publications/: the published news and success stories, read-only, for everyone (a partner's
site, an aggregator), narrowed like the public lists. /api/v1/member-information/: the members-only
information, read-only, for its readers (decision 52). Editors write through the pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import permissions, viewsets

from .. import policies, selectors
from ..filters import BriefingFilterSet, PublicationFilterSet
from ..models import Briefing, Publication
from .serializers import BriefingSerializer, PublicationSerializer


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


class BriefingViewSet(viewsets.ReadOnlyModelViewSet):
    """The members-only information the caller may read (decision 52), latest first (`kind`, `creneau`,
    `opportunities`=open|closed, `q`): the members' area's selectors, policy and FilterSet. Another's
    is a 404; a caller without a members' area a 403."""

    serializer_class = BriefingSerializer
    permission_classes = [policies.MEMBERS.permission]
    filterset_class = BriefingFilterSet
    queryset = Briefing.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet[Briefing]:
        return selectors.member_briefings(self.request.user)
