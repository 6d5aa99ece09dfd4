"""Registry endpoints. Reads start from the policies' querysets; writes call the services."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from accord.core.api import create_once, created, etag, if_match

from .. import policies, selectors, services
from ..filters import CreneauFilterSet, OfferFilterSet, OrganisationFilterSet
from ..models import Creneau, Offer, Organisation, Region
from .serializers import (
    CreneauDetailSerializer,
    CreneauSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
    PartnerOfferSerializer,
    RegionSerializer,
)


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """The regions, with today's resource-region status and their active créneaux."""

    serializer_class = RegionSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "code"
    queryset = Region.objects.none()  # for the schema; requests use get_queryset
    ordering_fields = ["code", "name"]

    def get_queryset(self) -> QuerySet[Region]:
        return selectors.regions_with_active_creneaux(policies.visible_regions(self.request.user)).order_by("code")


class CreneauViewSet(viewsets.ReadOnlyModelViewSet):
    """Créneaux; `name` follows Accept-Language (French by default)."""

    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    filterset_class = CreneauFilterSet
    queryset = Creneau.objects.none()
    ordering_fields = ["name_fr", "category"]

    def get_serializer_class(self) -> Any:
        return CreneauDetailSerializer if self.action == "retrieve" else CreneauSerializer

    def get_queryset(self) -> QuerySet[Creneau]:
        queryset = policies.visible_creneaux(self.request.user).prefetch_related(selectors.REGIONS).order_by("name_fr")
        if self.action == "retrieve":
            queryset = queryset.select_related("coordinator").prefetch_related(
                Prefetch("predecessors", queryset=Creneau.objects.only("pk", "slug"), to_attr="predecessor_list")
            )
        return queryset


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations: public fields for all, contact details for staff in scope; staff write."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_class = OrganisationFilterSet
    queryset = Organisation.objects.none()
    ordering_fields = ["name", "city"]

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "update", "partial_update"):
            return OrganisationWriteSerializer
        return OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        return (
            policies.visible_organisations(self.request.user).prefetch_related(selectors.REGION).order_by("name", "pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        selectors.attach_creneaux(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _one(self, pk: int) -> Organisation:
        organisation = self.get_queryset().get(pk=pk)
        selectors.attach_creneaux([organisation])
        return organisation

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organisation = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        selectors.attach_creneaux([organisation])
        # The revision as ETag: an update with If-Match is refused (412) once someone else saved.
        return Response(self.get_serializer(organisation).data, headers={"ETag": etag(organisation.revision)})

    def _write_data(self, serializer: Any) -> tuple[dict[str, Any], Any, str]:
        data = dict(serializer.validated_data)
        creneaux = data.pop("creneaux", None)
        reason = data.pop("reason", "")
        return data, creneaux, reason

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, creneaux, reason = self._write_data(serializer)
        result = create_once(
            request,
            lambda: services.create_organisation(actor=request.user, data=data, creneaux=creneaux or (), reason=reason),
            scope="registry.organisation",
        )
        organisation = self._one(result.obj.pk)
        response = created(OrganisationSerializer(organisation, context=self.get_serializer_context()).data, result)
        response["ETag"] = etag(organisation.revision)
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organisation = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not policies.can_edit_organisation(request.user, organisation):
            raise PermissionDenied()
        serializer = self.get_serializer(organisation, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data, creneaux, reason = self._write_data(serializer)
        services.update_organisation(
            organisation, actor=request.user, data=data, creneaux=creneaux, reason=reason, revision=if_match(request)
        )
        fresh = self._one(organisation.pk)
        output = OrganisationSerializer(fresh, context=self.get_serializer_context())
        return Response(output.data, headers={"ETag": etag(fresh.revision)})


class PartnerOfferViewSet(viewsets.ReadOnlyModelViewSet):
    """The partner search (decision 58): the capabilities and needs of published organisations, for the
    members of the créneaux, their coordinators and staff (`q` in plain words, `kind`, `sector`, `region`,
    `creneau`): the page's policy, selectors and FilterSet. Anyone else is refused with the reason (403)."""

    serializer_class = PartnerOfferSerializer
    permission_classes = [policies.PARTNERS.permission]
    filterset_class = OfferFilterSet
    queryset = Offer.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet[Offer]:
        return selectors.partner_results(policies.visible_offers(self.request.user))
