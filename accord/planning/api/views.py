"""Plan endpoints. Reads start from the policies' querysets (out of scope is 404) and the
selectors' figures (those of the pages); writes call the services, which check the powers again."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .. import policies, selectors, services
from ..models import Action, Axis, Objective, Plan
from .serializers import (
    ActionInputSerializer,
    AxisInputSerializer,
    ObjectiveInputSerializer,
    PlanDetailSerializer,
    PlanInputSerializer,
    PlanSerializer,
    RemoveSerializer,
)


class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Plans of the niches the user follows, with their weighted progress; `?creneau=<slug>` for one niche's.

    A plan's page (`/plans/{id}/`) holds its axes, objectives and actions, each with its progress,
    and its annual programmes with their priorities (the actions made priorities of the year).
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
            .select_related("creneau", "resolution")
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
        plan.page_programmes = page.programmes  # type: ignore[attr-defined]
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


class _ItemViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Create (POST, with the parent's id), change (PUT/PATCH) and remove (POST …/remove/) one kind
    of what a plan holds, through its services. Out of scope is a 404, not allowed a 403 (the
    services check the powers)."""

    permission_classes = [policies.PLANNING.permission]
    input_class: Any
    parent_field = ""

    def visible(self, user: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def parents(self, user: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def add(self, parent: Any, *, actor: Any, data: dict[str, Any], reason: str) -> Any:
        raise NotImplementedError

    def change(self, obj: Any, *, actor: Any, data: dict[str, Any], reason: str) -> None:
        raise NotImplementedError

    def drop(self, obj: Any, *, actor: Any, reason: str) -> None:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.visible(self.request.user)

    def get_serializer_class(self) -> Any:
        return RemoveSerializer if self.action == "remove" else self.input_class

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.input_class(data=request.data, parents=self.parents(request.user))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parent, reason = data.pop(self.parent_field), data.pop("reason", "")
        obj = self.add(parent, actor=request.user, data=data, reason=reason)
        return Response(self.input_class(obj).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        serializer = self.input_class(obj, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        self.change(obj, actor=request.user, data=data, reason=reason)
        obj.refresh_from_db()
        return Response(self.input_class(obj).data)

    @extend_schema(request=RemoveSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Remove it, with what it holds (each removal in the history with its author and reason)."""
        obj = self.get_object()
        serializer = RemoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.drop(obj, actor=request.user, reason=serializer.validated_data.get("reason", ""))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AxisViewSet(_ItemViewSet):
    """The axes of a plan: the program's kinds, or the niche's own (kind `other`, named)."""

    queryset = Axis.objects.none()
    input_class = AxisInputSerializer
    parent_field = "plan"

    def visible(self, user: Any) -> QuerySet[Any]:
        return policies.visible_axes(user).select_related("plan__creneau")

    def parents(self, user: Any) -> QuerySet[Any]:
        return policies.visible_plans(user).select_related("creneau")

    def add(self, parent: Any, *, actor: Any, data: dict[str, Any], reason: str) -> Any:
        return services.add_axis(parent, actor=actor, data=data, reason=reason)

    def change(self, obj: Any, *, actor: Any, data: dict[str, Any], reason: str) -> None:
        services.update_axis(obj, actor=actor, data=data, reason=reason)

    def drop(self, obj: Any, *, actor: Any, reason: str) -> None:
        services.remove_axis(obj, actor=actor, reason=reason)


class ObjectiveViewSet(_ItemViewSet):
    """The objectives under an axis."""

    queryset = Objective.objects.none()
    input_class = ObjectiveInputSerializer
    parent_field = "axis"

    def visible(self, user: Any) -> QuerySet[Any]:
        return policies.visible_objectives(user).select_related("axis__plan__creneau")

    def parents(self, user: Any) -> QuerySet[Any]:
        return policies.visible_axes(user).select_related("plan__creneau")

    def add(self, parent: Any, *, actor: Any, data: dict[str, Any], reason: str) -> Any:
        return services.add_objective(parent, actor=actor, data=data, reason=reason)

    def change(self, obj: Any, *, actor: Any, data: dict[str, Any], reason: str) -> None:
        services.update_objective(obj, actor=actor, data=data, reason=reason)

    def drop(self, obj: Any, *, actor: Any, reason: str) -> None:
        services.remove_objective(obj, actor=actor, reason=reason)


class ActionViewSet(_ItemViewSet):
    """The actions serving an objective: owner, partners, budget, dates, status, progress, weight."""

    queryset = Action.objects.none()
    input_class = ActionInputSerializer
    parent_field = "objective"

    def visible(self, user: Any) -> QuerySet[Any]:
        return policies.visible_actions(user).select_related("objective__axis__plan__creneau")

    def parents(self, user: Any) -> QuerySet[Any]:
        return policies.visible_objectives(user).select_related("axis__plan__creneau")

    def add(self, parent: Any, *, actor: Any, data: dict[str, Any], reason: str) -> Any:
        partners = data.pop("partners", [])
        return services.add_action(parent, actor=actor, data=data, partners=partners, reason=reason)

    def change(self, obj: Any, *, actor: Any, data: dict[str, Any], reason: str) -> None:
        partners = data.pop("partners", None)
        services.update_action(obj, actor=actor, data=data, partners=partners, reason=reason)

    def drop(self, obj: Any, *, actor: Any, reason: str) -> None:
        services.remove_action(obj, actor=actor, reason=reason)
