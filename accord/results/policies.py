"""Who may see and change indicators and their values, from today's roles and mandates (decision 34).

- Read: whoever reads the créneau's plans (planning.policies: the ministry, the regional office of
  one of its regions, the members of its niche committee). Common indicators: everyone with the area.
- Define a common indicator: the ministry. A plan's own indicator and the plan's targets: whoever
  writes the plan (planning.policies.can_edit_plan).
- Report, edit and submit a créneau's values: the coordinator of its niche committee, the regional
  office of one of its regions, the ministry (those who write its plans).
- Approve or return a value: the ministry or the regional office of one of the créneau's regions,
  never the person who submitted that value (separation of duties).
- Answer for a créneau's values (their work queue and reminders, decision 39): its coordinator and
  its regional office, not the ministry.
- Dashboards (decision 38): a créneau's, whoever reads its indicators; a region's, the ministry and
  the region's office; the program's, the ministry. The benchmark compares the créneaux the user reads.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.core.access import Area
from accord.governance.models import Committee, CommitteeKind, MandateRole
from accord.governance.policies import committee_roles
from accord.planning import policies as planning
from accord.planning.models import Plan
from accord.registry.models import Creneau, CreneauRegion, Region

from .models import Bilan, Indicator, IndicatorValue


def can_access_results(user: Any) -> bool:
    """The results area is the plans area's people: staff and the members of niche committees."""
    return planning.can_access_planning(user)


#: The results area's gate, for its pages and its API.
RESULTS = Area(
    can_access_results,
    _("Indicators are for the members of niche committees and for ministry and regional-office staff."),
)


def visible_creneaux(user: Any) -> QuerySet[Creneau]:
    """The créneaux whose indicators and values the user may read: those whose plans they read."""
    return planning.visible_creneaux(user)


def visible_indicators(user: Any) -> QuerySet[Indicator]:
    """The common indicators, and the own indicators of the plans the user may read."""
    if scope_for(user).program_wide:
        return Indicator.objects.all()
    return Indicator.objects.filter(Q(plan__isnull=True) | Q(plan__in=planning.visible_plans(user)))


def visible_values(user: Any) -> QuerySet[IndicatorValue]:
    """The values of the créneaux the user may read (404 for the others)."""
    if scope_for(user).program_wide:
        return IndicatorValue.objects.all()
    return IndicatorValue.objects.filter(creneau__in=visible_creneaux(user))


def can_define_common_indicators(user: Any) -> bool:
    """Define and retire the indicators common to every créneau: the ministry."""
    return scope_for(user).program_wide


def can_edit_indicator(user: Any, indicator: Indicator) -> bool:
    """Change or retire an indicator: the ministry for a common one, the plan's editors for a plan's own."""
    if indicator.plan_id is None:
        return can_define_common_indicators(user)
    return planning.can_edit_plan(user, indicator.plan)  # type: ignore[arg-type]


def can_set_targets(user: Any, plan: Plan) -> bool:
    """Set a plan's targets (for its own indicators and the common ones): whoever writes the plan."""
    return planning.can_edit_plan(user, plan)


def can_report(user: Any, creneau: Creneau) -> bool:
    """Report, edit and submit the créneau's values: its coordinator, its regional office, the ministry."""
    return planning.can_edit_plans(user, creneau)


def _coordinated(user: Any) -> list[int]:
    return [pk for pk, held in committee_roles(user).items() if MandateRole.COORDINATOR in held]


def answers_for_values(user: Any) -> bool:
    """Whether the user answers for some créneau's values: a coordinator today, or a regional office."""
    return bool(scope_for(user).region_ids) or bool(_coordinated(user))


def reporting_creneaux(user: Any) -> QuerySet[Creneau]:
    """The créneaux whose values the user answers for (decision 39): those whose niche committee they
    coordinate today, and those of their regional office's regions. Their values to report are the
    user's work queue and reminders. The ministry may report for every créneau but answers for none."""
    coordinated = _coordinated(user)
    scope = scope_for(user)
    if not coordinated and not scope.region_ids:
        return Creneau.objects.none()
    niches = Committee.objects.filter(pk__in=coordinated, kind=CommitteeKind.CRENEAU).values("creneau_id")
    condition = Q(pk__in=niches)
    if scope.region_ids:
        condition |= Q(pk__in=CreneauRegion.objects.filter(region_id__in=scope.region_ids).values("creneau_id"))
    return Creneau.objects.active().filter(condition)


def can_review_creneau(user: Any, creneau: Creneau) -> bool:
    """Approve or return the créneau's values (role only): the ministry, the regional office of one of its regions."""
    scope = scope_for(user)
    if scope.program_wide:
        return True
    if not scope.region_ids:
        return False
    return CreneauRegion.objects.filter(creneau_id=creneau.pk, region_id__in=scope.region_ids).exists()


def submitted_it(user: Any, value: IndicatorValue) -> bool:
    """Whether the user sent this value for approval (they may not decide on it)."""
    return value.submitted_by_id is not None and value.submitted_by_id == getattr(user, "pk", None)


def can_review(user: Any, value: IndicatorValue) -> bool:
    """Approve or return this value: a reviewer of its créneau who did not submit it."""
    return can_review_creneau(user, value.creneau) and not submitted_it(user, value)


def reviewable_values(user: Any) -> QuerySet[IndicatorValue]:
    """The values the user may decide on, whatever their status (the approval queue filters it)."""
    scope = scope_for(user)
    if scope.program_wide:
        values = IndicatorValue.objects.all()
    elif scope.region_ids:
        values = IndicatorValue.objects.filter(
            creneau__in=CreneauRegion.objects.filter(region_id__in=scope.region_ids).values("creneau_id")
        )
    else:
        return IndicatorValue.objects.none()
    return values.exclude(submitted_by_id=user.pk)


# --- Bilans (decision 37) ------------------------------------------------------------------------


def visible_bilans(user: Any) -> QuerySet[Bilan]:
    """The bilans of the créneaux whose indicators the user reads (404 for the others)."""
    if scope_for(user).program_wide:
        return Bilan.objects.all()
    return Bilan.objects.filter(creneau__in=visible_creneaux(user))


def can_write_bilan(user: Any, creneau: Creneau) -> bool:
    """Write a créneau's bilan and submit it to its committee: its coordinator, its regional office,
    the ministry (those who report its values)."""
    return can_report(user, creneau)


def overview_regions(user: Any) -> QuerySet[Region]:
    """The regions whose regional bilan and dashboard the user reads: all for the ministry, a regional
    office's own (decisions 37 and 38)."""
    scope = scope_for(user)
    if scope.program_wide:
        return Region.objects.all()
    return Region.objects.filter(pk__in=list(scope.region_ids or ()))


def can_see_program_bilan(user: Any) -> bool:
    """The program's bilan and dashboard (every créneau): the ministry (decisions 37 and 38)."""
    return bool(scope_for(user).program_wide)
