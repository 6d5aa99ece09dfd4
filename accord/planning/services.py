"""Every write to the plans: each service checks the policy, validates, saves what changes
with its history (who and why, `core.services`), under the plan's lock.

Changes inside a plan (axes, objectives, actions) lock the plan's row: two editors adding
actions at once each see the other's, and the adoption's check of overlapping plans reads a
créneau whose plans cannot change under it. Those that add, change or remove actions store the
plan's kept progress again before they return (standing.py), under that lock: of two changes at
once, the one that stores last computes after the other's commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.services import apply_changes, create_with_history, delete_with_history, lock, sync_links
from accord.core.workflow import InvalidTransition
from accord.governance import services as governance
from accord.governance.models import CommitteeKind, PendingAgendaItem, Resolution, ResolutionOutcome
from accord.registry.models import Creneau, Organisation

from . import links, policies, selectors, standing, watchers
from .models import (
    Action,
    ActionPartner,
    ActionStatus,
    Axis,
    Objective,
    Plan,
    PlanStatus,
    Priority,
    Programme,
    ProgrammeStatus,
)

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
    first, last = changes.get("first_year", plan.first_year), changes.get("last_year", plan.last_year)
    if plan.status == PlanStatus.ADOPTED:
        _check_overlap(plan, first, last)
    outside = plan.programmes.exclude(year__range=(first, last)).order_by("year").first()
    if outside is not None:
        raise ValidationError(
            {"first_year": _("The plan has a programme for %(year)s: keep that year.") % {"year": outside.year}},
            code="programme",
        )
    changed = apply_changes(plan, changes, actor=actor, reason=reason)
    if changed:
        watchers.plan_changed(plan.pk, changed)
    return changed


@transaction.atomic
def adopt_plan(
    plan: Plan,
    *,
    actor: Any,
    adopted_on: datetime.date,
    resolution: Resolution | None = None,
    reason: str = "",
) -> Plan:
    """Record an adoption the committee decided outside Accord: the draft plan becomes the créneau's
    adopted plan for its years.

    The ministry and the regional offices record it; the coordinator submits the plan to the
    committee instead (`submit_plan`, decision 36). Refused while the plan is on the committee's
    agenda, and when another adopted plan of the créneau covers one of its years. The resolution,
    when given, is an adopted one of the créneau's niche committee.
    """
    _lock_creneau_plans(plan.creneau_id)
    lock(plan)
    if not policies.can_record_adoption(actor, plan):
        raise PermissionDenied(
            _("The ministry or the regional office records an adoption; submit the plan to the committee instead.")
        )
    if plan.status != PlanStatus.DRAFT:
        raise InvalidTransition(_("This plan is already adopted."))
    if plan.submitted_at is not None:
        raise InvalidTransition(_("This plan is on its committee's agenda: the committee decides on it."))
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


def _refuse_served(actions: Iterable[Action]) -> None:
    """Refuse to remove actions that projects or events serve (planning.links): they would lose their
    link. The message names the actions; their link must change first (decisions 35 and 44)."""
    by_id = {action.pk: action for action in actions}
    held = links.holding(by_id)
    if held:
        names = ", ".join(f"“{by_id[pk].title}”" for pk in sorted(held))
        raise ValidationError(
            _(
                "Projects of the fund or events serve these actions: %(actions)s. Name another action in "
                "those projects and events before removing them."
            )
            % {"actions": names},
            code="served",
        )


@transaction.atomic
def remove_axis(axis: Axis, *, actor: Any, reason: str = "") -> None:
    """Remove an axis with its objectives and actions; each removal is in their history with its author.

    Refused, with nothing removed, when projects serve one of its actions."""
    _locked_plan(axis.plan, actor)
    _refuse_served(Action.objects.filter(objective__axis=axis))
    for objective in axis.objectives.all():
        _delete_objective(objective, actor=actor, reason=reason)
    delete_with_history(axis, actor=actor, reason=reason)
    standing.restate(axis.plan_id)


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
    """Remove an objective with its actions, each in its history with the author (refused when
    projects serve one of its actions)."""
    _locked_plan(objective.axis.plan, actor)
    _refuse_served(objective.actions.all())
    _delete_objective(objective, actor=actor, reason=reason)
    standing.restate(objective.axis.plan_id)


def _delete_objective(objective: Objective, *, actor: Any, reason: str) -> None:
    for action in objective.actions.all():
        _delete_action(action, actor=actor, reason=reason)
    delete_with_history(objective, actor=actor, reason=reason)


def _delete_action(action: Action, *, actor: Any, reason: str) -> None:
    """An action named by an adopted programme stays (cancel it instead); a draft programme loses it."""
    adopted = action.priorities.filter(programme__status=ProgrammeStatus.ADOPTED).select_related("programme").first()  # type: ignore[attr-defined]
    if adopted is not None:
        raise ValidationError(
            _(
                "The action “%(action)s” is a priority of the adopted programme %(year)s: it cannot be removed"
                " (change its status to cancelled instead)."
            )
            % {"action": action.title, "year": adopted.programme.year},
            code="priority",
        )
    for priority in action.priorities.all():  # type: ignore[attr-defined]
        delete_with_history(priority, actor=actor, reason=reason)
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
    standing.restate(plan.pk)
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
    standing.restate(plan.pk)
    return changed


@transaction.atomic
def remove_action(action: Action, *, actor: Any, reason: str = "") -> None:
    """Remove an action (its history keeps it, with the author); refused when projects serve it."""
    _locked_plan(action.objective.axis.plan, actor)
    _refuse_served([action])
    _delete_action(action, actor=actor, reason=reason)
    standing.restate(action.objective.axis.plan_id)


# --- The committee decides: plans and programmes as subjects (governance.subjects) ------------


def _french_title(template: Any, params: dict[str, Any]) -> str:
    # An agenda item's title is the committee's record, written once in French (its minutes' language).
    with translation.override("fr"):
        return str(template) % params


def _submit(record: Plan | Programme, *, actor: Any, creneau_id: int, title: str) -> PendingAgendaItem:
    committee = selectors.niche_committee(creneau_id)
    if committee is None:
        raise ValidationError(_("The niche has no committee to decide on it."), code="committee")
    apply_changes(record, {"submitted_at": timezone.now()}, actor=actor)
    return governance.put_on_next_agenda(committee, actor=actor, title=title, subject=record)


@transaction.atomic
def submit_plan(plan: Plan, *, actor: Any) -> PendingAgendaItem:
    """Put a draft plan on its niche committee's next agenda (or waiting for its next meeting): the
    committee decides on it by resolution (`follow_plan_resolution`).

    The plan's writers submit it, once: refused while it awaits the committee's decision, once it is
    adopted, and when the committee could not adopt it (another adopted plan covers one of its years).
    """
    _lock_creneau_plans(plan.creneau_id)
    lock(plan)
    _require(actor, plan)
    if plan.status != PlanStatus.DRAFT:
        raise InvalidTransition(_("This plan is already adopted."))
    if plan.submitted_at is not None:
        raise InvalidTransition(_("This plan is already on its committee's agenda."))
    _check_overlap(plan, plan.first_year, plan.last_year)
    title = _french_title(
        gettext_lazy("Adoption of the plan %(years)s of the niche %(niche)s"),
        {"years": plan.years, "niche": plan.creneau.name_fr},
    )
    return _submit(plan, actor=actor, creneau_id=plan.creneau_id, title=title)


def _decides_for(resolution: Resolution, creneau_id: int) -> bool:
    committee = resolution.committee
    return committee.kind == CommitteeKind.CRENEAU and committee.creneau_id == creneau_id


def _decided_on(resolution: Resolution) -> datetime.date:
    # The day of the meeting that took the decision (its minutes' date), even when the result was
    # recorded later.
    return resolution.meeting.meeting_date


def _not_the_committee() -> ValidationError:
    return ValidationError(_("Only the niche's own committee adopts its plan and programmes."), code="committee")


def check_plan_adoption(plan: Plan, resolution: Resolution) -> None:
    """The committee may adopt the plan: its niche's committee, a draft, no adopted plan over its years."""
    if not _decides_for(resolution, plan.creneau_id):
        raise _not_the_committee()
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("This plan is already adopted."), code="adopted")
    _check_overlap(plan, plan.first_year, plan.last_year)


def follow_plan_resolution(plan: Plan, resolution: Resolution, *, actor: Any) -> None:
    """The committee decided on the plan: adopted, the plan is adopted with the resolution and its date;
    rejected, it stays a draft, off the agenda, with the rejection recorded (`rejected_by`, its history).
    A resolution of another committee, or on a plan already adopted, moves nothing."""
    if resolution.outcome not in (ResolutionOutcome.ADOPTED, ResolutionOutcome.REJECTED):
        return
    _lock_creneau_plans(plan.creneau_id)
    lock(plan)
    if plan.status != PlanStatus.DRAFT or not _decides_for(resolution, plan.creneau_id):
        return
    if resolution.outcome == ResolutionOutcome.REJECTED:
        apply_changes(plan, {"submitted_at": None, "rejected_by": resolution}, actor=actor, reason=resolution.number)
        return
    _check_overlap(plan, plan.first_year, plan.last_year)
    changes = {
        "status": PlanStatus.ADOPTED,
        "adopted_on": _decided_on(resolution),
        "resolution": resolution,
        "submitted_at": None,
    }
    apply_changes(plan, changes, actor=actor, reason=resolution.number)


# --- Annual programmes ----------------------------------------------------------------------

PRIORITY_FIELDS = ("target_fr", "target_en", "target_figure", "position")


def _draft_programme(programme: Programme, actor: Any) -> None:
    """Lock the plan, then the programme; refuse a writer who may not, or a programme already adopted."""
    _locked_plan(programme.plan, actor)
    lock(programme)
    if programme.status != ProgrammeStatus.DRAFT:
        raise InvalidTransition(
            _("The programme %(year)s is adopted: it can no longer change.") % {"year": programme.year}
        )


@transaction.atomic
def create_programme(plan: Plan, *, actor: Any, year: int, reason: str = "") -> Programme:
    """A draft programme of the plan for one of its years (one per plan and year: a named constraint)."""
    _locked_plan(plan, actor)
    if not plan.first_year <= year <= plan.last_year:
        raise ValidationError(
            {"year": _("Choose a year of the plan (%(years)s).") % {"years": plan.years}}, code="year"
        )
    if plan.programmes.filter(year=year).exists():
        raise ValidationError(
            {"year": _("The plan already has a programme for %(year)s.") % {"year": year}}, code="taken"
        )
    return create_with_history(Programme(plan=plan, year=year), actor=actor, reason=reason)


def _check_action(programme: Programme, action: Action) -> None:
    if action.objective.axis.plan_id != programme.plan_id:
        raise ValidationError({"action": _("Choose an action of this plan.")}, code="plan")
    if action.status == ActionStatus.CANCELLED:
        raise ValidationError({"action": _("A cancelled action cannot be a priority.")}, code="cancelled")
    if programme.priorities.filter(action=action).exists():  # type: ignore[attr-defined]
        raise ValidationError({"action": _("This action is already a priority of the programme.")}, code="taken")


@transaction.atomic
def add_priority(
    programme: Programme, *, actor: Any, action: Action, data: Mapping[str, Any], reason: str = ""
) -> Priority:
    """Make one of the plan's actions (not cancelled) a priority of the draft programme, with the year's target."""
    _draft_programme(programme, actor)
    _check_action(programme, action)
    priority = Priority(programme=programme, action=action, **_only(data, PRIORITY_FIELDS))
    return create_with_history(priority, actor=actor, reason=reason)


@transaction.atomic
def update_priority(priority: Priority, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change a priority's target or position while its programme is a draft."""
    _draft_programme(priority.programme, actor)
    lock(priority)
    return apply_changes(priority, _only(data, PRIORITY_FIELDS), actor=actor, reason=reason)


@transaction.atomic
def remove_priority(priority: Priority, *, actor: Any, reason: str = "") -> None:
    """Take an action off a draft programme (its history keeps it, with the author)."""
    _draft_programme(priority.programme, actor)
    delete_with_history(priority, actor=actor, reason=reason)


@transaction.atomic
def submit_programme(programme: Programme, *, actor: Any) -> PendingAgendaItem:
    """Put a draft programme on the niche committee's next agenda, once (as `submit_plan`).

    Refused when the committee could not adopt it: no priority, or the plan not adopted yet.
    """
    _draft_programme(programme, actor)
    if programme.submitted_at is not None:
        raise InvalidTransition(_("This programme is already on its committee's agenda."))
    _check_programme(programme)
    plan = programme.plan
    title = _french_title(
        gettext_lazy("Annual programme %(year)s of the niche %(niche)s (plan %(years)s)"),
        {"year": programme.year, "niche": plan.creneau.name_fr, "years": plan.years},
    )
    return _submit(programme, actor=actor, creneau_id=plan.creneau_id, title=title)


def _check_programme(programme: Programme) -> None:
    if programme.plan.status != PlanStatus.ADOPTED:
        raise ValidationError(
            _("The plan is not adopted yet: the committee adopts the plan before its programmes."), code="plan"
        )
    priorities = list(programme.priorities.select_related("action"))  # type: ignore[attr-defined]
    if not priorities:
        raise ValidationError(_("Choose at least one priority among the plan's actions."), code="empty")
    cancelled = [priority.action.title for priority in priorities if priority.action.status == ActionStatus.CANCELLED]
    if cancelled:
        raise ValidationError(
            _("Cancelled actions cannot be priorities: %(actions)s.") % {"actions": ", ".join(cancelled)},
            code="cancelled",
        )


def check_programme_adoption(programme: Programme, resolution: Resolution) -> None:
    """The committee may adopt the programme: its niche's committee, a draft, at least one priority
    (none cancelled), the plan itself adopted."""
    if not _decides_for(resolution, programme.plan.creneau_id):
        raise _not_the_committee()
    if programme.status != ProgrammeStatus.DRAFT:
        raise ValidationError(_("This programme is already adopted."), code="adopted")
    _check_programme(programme)


def follow_programme_resolution(programme: Programme, resolution: Resolution, *, actor: Any) -> None:
    """The committee decided on the programme: adopted, it is adopted (and frozen) with the resolution
    and its date; rejected, it stays a draft, off the agenda, the rejection recorded."""
    if resolution.outcome not in (ResolutionOutcome.ADOPTED, ResolutionOutcome.REJECTED):
        return
    lock(programme)
    if programme.status != ProgrammeStatus.DRAFT or not _decides_for(resolution, programme.plan.creneau_id):
        return
    if resolution.outcome == ResolutionOutcome.REJECTED:
        changes: dict[str, Any] = {"submitted_at": None, "rejected_by": resolution}
    else:
        changes = {
            "status": ProgrammeStatus.ADOPTED,
            "adopted_on": _decided_on(resolution),
            "resolution": resolution,
            "submitted_at": None,
        }
    apply_changes(programme, changes, actor=actor, reason=resolution.number)
