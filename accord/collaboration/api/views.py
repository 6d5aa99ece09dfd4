"""/api/v1/creneaux/{slug}/links/: a créneau's links with the others and their reasons;
/api/v1/experience-notes/: the notes the caller may open. Read-only, under the pages' gate, policies,
selectors and FilterSet (decision 57); the pages write."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accord.registry.models import Creneau

from .. import policies, selectors
from ..filters import NoteFilterSet
from ..models import ExperienceNote
from .serializers import LinkSerializer, NoteSerializer


class CreneauLinksView(generics.GenericAPIView):
    """The créneaux linked to this one, the most linked first, each with its reasons (shared members,
    joint projects, interregional committees, shared themes, merger, similar projects, declared links),
    naming only what the caller may see. Not paginated: a créneau has a few dozen links at most."""

    permission_classes = [policies.COLLABORATION.permission]
    serializer_class = LinkSerializer
    pagination_class = None
    queryset = Creneau.objects.none()  # for the schema (the path's slug names a créneau); get() reads

    @extend_schema(responses=LinkSerializer(many=True))
    def get(self, request: Request, slug: str) -> Response:
        creneau = get_object_or_404(Creneau, slug=slug)
        edges = selectors.creneau_links(creneau, request.user)
        return Response(LinkSerializer(edges, many=True).data)


class NoteViewSet(viewsets.ReadOnlyModelViewSet):
    """The experience notes the caller may open, drafts first then the latest published (`q`,
    `creneau`, `status`): the list page's selector, policy and FilterSet."""

    serializer_class = NoteSerializer
    permission_classes = [policies.COLLABORATION.permission]
    filterset_class = NoteFilterSet
    queryset = ExperienceNote.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet[ExperienceNote]:
        return selectors.notes(self.request.user)
