"""Plan endpoints. Reads start from the policies' querysets (out of scope is 404) and the
selectors' figures (those of the pages); writes call the services, which check the powers again."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from .. import policies, selectors, services
from ..models import Plan
from .serializers import PlanDetailSerializer, PlanInputSerializer, PlanSerializer


class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Plans of the niches the user follows, with their weighted progress; `?creneau=<slug>` for one niche's.

    A plan's page (`/plans/{id}/`) holds its axes, objectives and actions, each with its progress.
    Creating and changing a plan: the ministry, the regional office of one of the niche's regions,
    the coordinator of its niche committee.
    """

    permission_classes = [policies.PLANNING.permission]
    queryset = Plan.objects.none()  # for the schema; requests use get_queryset
    ordering_fields = ["first_year", "last_year"]

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "update", "partial_update"):
            return PlanInputSerializer
        return PlanSerializer if self.action == "list" else PlanDetailSerializer

    def get_queryset(self) -> QuerySet[Plan]:
        plans = (
            policies.visible_plans(self.request.user)
            .select_related("creneau")
            .order_by("creneau__slug", "-first_year", "pk")
        )
        creneau = self.request.query_params.get("creneau")
        return plans.filter(creneau__slug=creneau) if creneau else plans

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plans = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = list(plans if plans is not None else self.get_queryset())
        figures = selectors.plan_progress(Plan.objects.filter(pk__in=[plan.pk for plan in rows]))
        for plan in rows:
            plan.figures = figures.get(plan.pk, selectors.Figures())  # type: ignore[attr-defined]
        data = PlanSerializer(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data) if plans is not None else Response(data)

    def _show(self, plan: Plan, code: int = status.HTTP_200_OK) -> Response:
        page = selectors.plan_page(plan)
        plan.figures = page.figures  # type: ignore[attr-defined]
        plan.page_axes = page.axes  # type: ignore[attr-defined]
        return Response(PlanDetailSerializer(plan, context=self.get_serializer_context()).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._show(self.get_object())

    @extend_schema(request=PlanInputSerializer, responses={201: PlanDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A draft plan for a niche and a span of years."""
        serializer = PlanInputSerializer(data=request.data, creneaux=policies.visible_creneaux(request.user))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        creneau, reason = data.pop("creneau"), data.pop("reason", "")
        if not policies.can_edit_plans(request.user, creneau):
            raise exceptions.PermissionDenied()
        plan = services.create_plan(creneau, actor=request.user, data=data, reason=reason)
        return self._show(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanInputSerializer, responses={200: PlanDetailSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a plan's years or strategy (PATCH: only the fields sent)."""
        plan = get_object_or_404(policies.visible_plans(request.user).select_related("creneau"), pk=kwargs["pk"])
        if not policies.can_edit_plan(request.user, plan):
            raise exceptions.PermissionDenied()
        partial = kwargs.get("partial", False)
        serializer = PlanInputSerializer(plan, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        services.update_plan(plan, actor=request.user, data=data, reason=reason)
        return self._show(plan)
