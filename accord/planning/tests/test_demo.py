"""The plans' demo: every niche committee with a coordinator has an adopted plan whose roll-up shows each rule."""

import io

import pytest
from django.core.management import call_command

from accord.governance.models import CommitteeKind, Mandate, MandateRole
from accord.planning import selectors
from accord.planning.models import ActionStatus, Plan

pytestmark = pytest.mark.django_db


def test_every_niche_with_a_coordinator_has_an_adopted_plan_and_loading_again_changes_nothing():
    call_command("load_demo", "accounts", "registry", "governance", "planning", stdout=io.StringIO())
    coordinated = set(
        Mandate.objects.current()
        .filter(role=MandateRole.COORDINATOR, committee__kind=CommitteeKind.CRENEAU)
        .values_list("committee__creneau_id", flat=True)
    )
    assert coordinated
    assert set(Plan.objects.values_list("creneau_id", flat=True)) == coordinated
    plan = Plan.objects.first()
    assert plan.status == "adopted"
    page = selectors.plan_page(plan)
    assert len(page.axes) == 4
    statuses = {a.status for axis in page.axes for o in axis.objectives.all() for a in o.actions.all()}
    assert statuses == set(ActionStatus.values)
    assert page.figures.progress is not None and 0 < page.figures.progress < 100
    count = Plan.objects.count()
    call_command("load_demo", "planning", stdout=io.StringIO())
    assert Plan.objects.count() == count
