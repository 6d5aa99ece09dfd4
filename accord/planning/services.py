"""Every write to the plans: each service checks the policy, validates, saves what changes
with its history (who and why, `core.services`), under the plan's lock.

Changes inside a plan (axes, objectives, actions) lock the plan's row: two editors adding
actions at once each see the other's, and the adoption's check of overlapping plans reads a
créneau whose plans cannot change under it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.services import apply_changes, create_with_history, delete_with_history, lock, sync_links
from accord.core.workflow import InvalidTransition
from accord.governance.models import Resolution
from accord.registry.models import Creneau, Organisation

from . import policies, selectors
from .models import Action, ActionPartner, Axis, Objective, Plan, PlanStatus

PLAN_FIELDS = ("first_year", "last_year", "strategy_fr", "strategy_en")
AXIS_FIELDS = ("kind", "name_fr", "name_en", "position")
OBJECTIVE_FIELDS = ("text", "position")
ACTION_FIELDS = (
    "title",
    "owner_organisation",
    "owner_person",
    "budget",
    "starts_on",
    "ends_on",
    "status",
    "progress",
    "weight",
    "position",
)


def _only(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


def _require(actor: Any, plan: Plan) -> None:
    if not policies.can_edit_plan(actor, plan):
        raise PermissionDenied(_("You may not change this niche's plans."))


def _check_overlap(plan: Plan, first_year: int, last_year: int) -> None:
    """An adopted plan's years meet no other adopted plan's of the créneau: one plan in force at a time."""
    other = selectors.overlapping_adopted(plan, first_year, last_year).first()
    if other is not None:
        raise ValidationError(
            {"first_year": _("The adopted plan %(plan)s already covers some of these years.") % {"plan": other.years}},
            code="overlap",
        )


def _lock_creneau_plans(creneau_id: int) -> None:
    # Every plan of the créneau, locked in a fixed order: two adoptions of overlapping plans
    # run one after the other, and the second sees the first.
    list(Plan.objects.select_for_update().filter(creneau_id=creneau_id).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def create_plan(creneau: Creneau, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> Plan:
    """A draft plan for the créneau and a span of years (one per span: a named constraint)."""
    if not policies.can_edit_plans(actor, creneau):
        raise PermissionDenied(_("You may not change this niche's plans."))
    plan = Plan(creneau=creneau, **_only(data, PLAN_FIELDS))
    return create_with_history(plan, actor=actor, reason=reason)


@transaction.atomic
def update_plan(plan: Plan, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change a plan's years and strategy; an adopted plan's new years must not meet another adopted plan's."""
    _lock_creneau_plans(plan.creneau_id)
    lock(plan)
    _require(actor, plan)
    changes = _only(data, PLAN_FIELDS)
    if plan.status == PlanStatus.ADOPTED:
        _check_overlap(plan, changes.get("first_year", plan.first_year), changes.get("last_year", plan.last_year))
    return apply_changes(plan, changes, actor=actor, reason=reason)


@transaction.atomic
def adopt_plan(
    plan: Plan,
    *,
    actor: Any,
    adopted_on: datetime.date,
    resolution: Resolution | None = None,
    reason: str = "",
) -> Plan:
    """A draft plan becomes the créneau's adopted plan for its years.

    Refused when another adopted plan of the créneau covers one of its years. The resolution,
    when given, is an adopted one of the créneau's niche committee; the committee's own step
    (a plan as a subject it decides on) is for later (decision 33).
    """
    _lock_creneau_plans(plan.creneau_id)
    lock(plan)
    _require(actor, plan)
    if plan.status != PlanStatus.DRAFT:
        raise InvalidTransition(_("This plan is already adopted."))
    if resolution is not None and not selectors.adopting_resolutions(plan.creneau).filter(pk=resolution.pk).exists():
        raise ValidationError(
            {"resolution": _("Choose an adopted resolution of this niche's committee.")}, code="resolution"
        )
    _check_overlap(plan, plan.first_year, plan.last_year)
    apply_changes(
        plan,
        {"status": PlanStatus.ADOPTED, "adopted_on": adopted_on, "resolution": resolution},
        actor=actor,
        reason=reason,
    )
    return plan


def _locked_plan(plan: Plan, actor: Any) -> None:
    lock(plan)
    _require(actor, plan)


# --- Axes, objectives, actions -----------------------------------------------------------------


@transaction.atomic
def add_axis(plan: Plan, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> Axis:
    """An axis of the plan: a kind of the program, or the créneau's own (named)."""
    _locked_plan(plan, actor)
    return create_with_history(Axis(plan=plan, **_only(data, AXIS_FIELDS)), actor=actor, reason=reason)


@transaction.atomic
def update_axis(axis: Axis, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change an axis's kind, name or position."""
    _locked_plan(axis.plan, actor)
    lock(axis)  # what is saved, not what a bound form wrote on the instance
    return apply_changes(axis, _only(data, AXIS_FIELDS), actor=actor, reason=reason)


@transaction.atomic
def remove_axis(axis: Axis, *, actor: Any, reason: str = "") -> None:
    """Remove an axis with its objectives and actions; each removal is in their history with its author."""
    _locked_plan(axis.plan, actor)
    for objective in axis.objectives.all():
        _delete_objective(objective, actor=actor, reason=reason)
    delete_with_history(axis, actor=actor, reason=reason)


@transaction.atomic
def add_objective(axis: Axis, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> Objective:
    """An objective under the axis."""
    _locked_plan(axis.plan, actor)
    return create_with_history(Objective(axis=axis, **_only(data, OBJECTIVE_FIELDS)), actor=actor, reason=reason)


@transaction.atomic
def update_objective(objective: Objective, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change an objective's text or position."""
    _locked_plan(objective.axis.plan, actor)
    lock(objective)
    return apply_changes(objective, _only(data, OBJECTIVE_FIELDS), actor=actor, reason=reason)


@transaction.atomic
def remove_objective(objective: Objective, *, actor: Any, reason: str = "") -> None:
    """Remove an objective with its actions, each in its history with the author."""
    _locked_plan(objective.axis.plan, actor)
    _delete_objective(objective, actor=actor, reason=reason)


def _delete_objective(objective: Objective, *, actor: Any, reason: str) -> None:
    for action in objective.actions.all():
        _delete_action(action, actor=actor, reason=reason)
    delete_with_history(objective, actor=actor, reason=reason)


def _delete_action(action: Action, *, actor: Any, reason: str) -> None:
    for link in action.partner_links.all():
        delete_with_history(link, actor=actor, reason=reason)
    delete_with_history(action, actor=actor, reason=reason)


def _check_people(plan: Plan, data: Mapping[str, Any], partners: Iterable[Organisation] | None) -> None:
    """Owners and partners are chosen among those the form offers (a crafted id is refused, not saved)."""
    errors: dict[str, str] = {}
    organisations = selectors.owner_organisations(plan.creneau)
    owner = data.get("owner_organisation")
    if owner is not None and not organisations.filter(pk=owner.pk).exists():
        errors["owner_organisation"] = _("Choose an organisation of the niche or of its regions.")
    person = data.get("owner_person")
    if person is not None and not selectors.owner_people(plan.creneau).filter(pk=person.pk).exists():
        errors["owner_person"] = _("Choose a member of the niche's committee or of its organisations.")
    wanted = {organisation.pk for organisation in partners or []}
    if wanted and organisations.filter(pk__in=wanted).count() != len(wanted):
        errors["partners"] = _("Choose organisations of the niche or of its regions.")
    if errors:
        raise ValidationError(errors)


def _sync_partners(action: Action, partners: Iterable[Organisation], *, actor: Any, reason: str) -> None:
    existing = {link.organisation_id: link for link in action.partner_links.all()}
    sync_links(
        existing,
        [organisation.pk for organisation in partners],
        build=lambda pk: ActionPartner(action=action, organisation_id=pk),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def add_action(
    objective: Objective,
    *,
    actor: Any,
    data: Mapping[str, Any],
    partners: Iterable[Organisation] = (),
    reason: str = "",
) -> Action:
    """An action serving the objective, with its partners."""
    plan = objective.axis.plan
    _locked_plan(plan, actor)
    partners = list(partners)
    _check_people(plan, data, partners)
    action = create_with_history(Action(objective=objective, **_only(data, ACTION_FIELDS)), actor=actor, reason=reason)
    _sync_partners(action, partners, actor=actor, reason=reason)
    return action


@transaction.atomic
def update_action(
    action: Action,
    *,
    actor: Any,
    data: Mapping[str, Any],
    partners: Iterable[Organisation] | None = None,
    reason: str = "",
) -> list[str]:
    """Change an action (its status and progress as it goes); `partners` None leaves them as they are."""
    plan = action.objective.axis.plan
    _locked_plan(plan, actor)
    partners = None if partners is None else list(partners)
    _check_people(plan, data, partners)
    lock(action)
    changed = apply_changes(action, _only(data, ACTION_FIELDS), actor=actor, reason=reason)
    if partners is not None:
        before = set(action.partner_links.values_list("organisation_id", flat=True))
        _sync_partners(action, partners, actor=actor, reason=reason)
        if before != {organisation.pk for organisation in partners}:
            changed.append("partners")
    return changed


@transaction.atomic
def remove_action(action: Action, *, actor: Any, reason: str = "") -> None:
    """Remove an action (its history keeps it, with the author)."""
    _locked_plan(action.objective.axis.plan, actor)
    _delete_action(action, actor=actor, reason=reason)
