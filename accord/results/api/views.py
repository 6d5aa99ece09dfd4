"""Indicator and value endpoints. Reads start from the policies' querysets (out of scope is 404);
writes call the services the pages call, which check the powers and the workflow again
(a step the value's status does not allow is a 409)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accord.planning import policies as planning

from .. import policies, report, selectors, services
from ..filters import IndicatorValueFilterSet
from ..models import INDICATOR_ORDER, Indicator, IndicatorValue, IndicatorValueEvent
from .serializers import (
    BenchmarkQuerySerializer,
    BenchmarkSerializer,
    IndicatorInputSerializer,
    IndicatorSerializer,
    IndicatorValueDetailSerializer,
    IndicatorValueSerializer,
    ValueEditSerializer,
    ValueNoteSerializer,
    ValueReportSerializer,
    ValueReturnSerializer,
)


class IndicatorViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The common indicators and those of the plans the user may read.

    Creating a common indicator (no `plan`): the ministry; a plan's own: whoever writes the plan.
    """

    permission_classes = [policies.RESULTS.permission]
    queryset = Indicator.objects.none()  # for the schema; requests use get_queryset
    serializer_class = IndicatorSerializer
    ordering_fields = ["code", "position"]

    def get_queryset(self) -> QuerySet[Indicator]:
        return policies.visible_indicators(self.request.user).order_by(*INDICATOR_ORDER)

    @extend_schema(request=IndicatorInputSerializer, responses={201: IndicatorSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = IndicatorInputSerializer(data=request.data, plans=planning.visible_plans(request.user))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        plan, reason = data.pop("plan", None), data.pop("reason", "")
        indicator = services.define_indicator(actor=request.user, plan=plan, data=data, reason=reason)
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[BenchmarkQuerySerializer], responses={200: BenchmarkSerializer})
    @action(detail=False, methods=["get"])
    def benchmark(self, request: Request) -> Response:
        """The niches the user reads (`?region=<code>`: of one region) compared on a common indicator in a
        year, raw and per member enterprise, as the dashboards show them (decision 38). 404 for an
        unknown indicator; `null` when there is no common indicator or no approved value to compare."""
        query = BenchmarkQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        creneaux = policies.visible_creneaux(request.user)
        if "region" in asked:
            creneaux = creneaux.filter(region_links__region__code=asked["region"])
        common = selectors.common_indicators()
        if "indicator" in asked and asked["indicator"] not in {indicator.code for indicator in common}:
            raise exceptions.NotFound
        indicator = selectors.pick_indicator(common, asked.get("indicator"))
        year = asked.get("year") or selectors.pick_year(list(selectors.approved_years(creneaux, common)), None)
        if indicator is None or year is None:
            return Response(None)
        result = selectors.benchmark(creneaux, indicator, year, sort=asked["sort"])
        return Response(BenchmarkSerializer(result).data)


class IndicatorValueViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The values of the niches the user follows; `?creneau=<slug>&year=&indicator=&status=` to filter.

    Reporting (create), editing (PATCH, while draft or returned) and submitting: the niche's
    coordinator, its regional office, the ministry. Approving and returning: the ministry or the
    niche's regional office, never the person who submitted the value. An approved value is locked.
    """

    permission_classes = [policies.RESULTS.permission]
    queryset = IndicatorValue.objects.none()
    filterset_class = IndicatorValueFilterSet
    ordering_fields = ["year", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return ValueReportSerializer
        if self.action == "partial_update":
            return ValueEditSerializer
        return IndicatorValueSerializer if self.action == "list" else IndicatorValueDetailSerializer

    def get_queryset(self) -> QuerySet[IndicatorValue]:
        return (
            policies.visible_values(self.request.user)
            .select_related("creneau", "submitted_by")
            .order_by("creneau__slug", "indicator_id", "year", "pk")
        )

    def _value(self, pk: Any) -> IndicatorValue:
        return get_object_or_404(  # type: ignore[no-any-return]
            policies.visible_values(self.request.user).select_related("creneau", "indicator", "submitted_by"), pk=pk
        )

    def _show(self, value: IndicatorValue, code: int = status.HTTP_200_OK) -> Response:
        value.trail = list(  # type: ignore[attr-defined]
            IndicatorValueEvent.objects.filter(value=value).select_related("actor").order_by("occurred_at", "pk")
        )
        return Response(IndicatorValueDetailSerializer(value, context=self.get_serializer_context()).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._show(self._value(kwargs["pk"]))

    @extend_schema(request=ValueReportSerializer, responses={201: IndicatorValueDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Report a value (a draft) of a niche for an indicator and a year."""
        serializer = ValueReportSerializer(
            data=request.data,
            creneaux=policies.visible_creneaux(request.user),
            indicators=policies.visible_indicators(request.user),
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        value = services.report_value(
            data["creneau"],
            data["indicator"],
            actor=request.user,
            year=data["year"],
            value=data["value"],
            comment=data["comment"],
        )
        return self._show(value, status.HTTP_201_CREATED)

    @extend_schema(request=ValueEditSerializer, responses=IndicatorValueDetailSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a draft or returned value's figure or comment (409 once submitted or approved)."""
        value = self._value(kwargs["pk"])
        if not policies.can_report(request.user, value.creneau):
            raise exceptions.PermissionDenied()
        serializer = ValueEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.edit_value(
            value,
            actor=request.user,
            value=data.get("value"),
            comment=data.get("comment"),
            reason=data.get("reason", ""),
        )
        return self._show(value)

    def _reporter(self, pk: Any) -> IndicatorValue:
        value = self._value(pk)
        if not policies.can_report(self.request.user, value.creneau):
            raise exceptions.PermissionDenied()
        return value

    def _reviewer(self, pk: Any) -> IndicatorValue:
        value = self._value(pk)
        if not policies.can_review(self.request.user, value):
            raise exceptions.PermissionDenied()
        return value

    @extend_schema(request=None, responses=IndicatorValueDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """Send a draft or returned value for approval."""
        value = self._reporter(pk)
        services.submit_value(value, actor=request.user)
        return self._show(value)

    @extend_schema(request=ValueNoteSerializer, responses=IndicatorValueDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Approve a submitted value: it counts, and it is locked."""
        value = self._reviewer(pk)
        serializer = ValueNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.approve_value(value, actor=request.user, note=serializer.validated_data["note"])
        return self._show(value)

    @extend_schema(request=ValueReturnSerializer, responses=IndicatorValueDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        """Return a submitted value for changes, with the reason."""
        value = self._reviewer(pk)
        serializer = ValueReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.return_value(value, actor=request.user, reason=serializer.validated_data["reason"])
        return self._show(value)


class BilanView(APIView):
    """A niche's annual report (bilan) for a year, as JSON: the figures generated from the data, or as
    the niche committee adopted them (frozen), with its status and narrative. The page and the PDF
    show the same report. Out of scope, an unknown niche or a year not begun: 404."""

    permission_classes = [policies.RESULTS.permission]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, creneau_slug: str, year: int) -> Response:
        creneau = get_object_or_404(policies.visible_creneaux(request.user), slug=creneau_slug)
        if not 2000 <= year <= timezone.localdate().year:
            raise exceptions.NotFound
        bilan = selectors.bilan_of(creneau, year)
        result = selectors.shown_report(creneau, year, bilan)
        narrative = {name: getattr(bilan, name, "") for name in services.BILAN_FIELDS}
        return Response(
            {
                "status": bilan.status if bilan else None,
                "adopted_on": bilan.adopted_on if bilan else None,
                "resolution": bilan.resolution.number if bilan and bilan.resolution else None,
                "frozen": result.frozen,
                "narrative": narrative,
                "report": report.to_json(result),
            }
        )
