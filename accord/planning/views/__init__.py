"""The plans' pages, under /gestion/plans/: the lists, a plan's page, and the small forms that
change a plan and what it holds (axes, objectives, actions).

Thin views: what the user may see first (the policies' querysets; out of scope is a 404),
then whether they may change it (the policies; 403), then a form and a service.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from .. import policies
from ..models import Plan

GET_OR_POST = require_http_methods(["GET", "POST"])

planning_required = policies.PLANNING.required


def require_editor(request: HttpRequest, plan: Plan) -> None:
    """A 403 unless the user writes the plans of the plan's créneau."""
    if not policies.can_edit_plan(request.user, plan):
        raise PermissionDenied(gettext("You may not change this niche's plans."))


def plan_of(obj: Any) -> Plan:
    """The plan an axis, objective or action belongs to."""
    for path in ("plan", "axis.plan", "objective.axis.plan"):
        target = obj
        for name in path.split("."):
            target = getattr(target, name, None)
        if isinstance(target, Plan):
            return target
    return obj  # type: ignore[no-any-return]
