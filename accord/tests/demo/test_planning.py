"""The plans' demo: every niche committee with a coordinator has an adopted plan whose roll-up shows each rule,
adopted by the committee with this year's programme; next year's is a draft."""

import pytest
from django.utils import timezone

from accord.governance.models import CommitteeKind, Mandate, MandateRole
from accord.planning import selectors
from accord.planning.models import ActionStatus, Plan, Programme

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_every_niche_with_a_coordinator_has_an_adopted_plan(demo):
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
    # The niche committees adopted the plans and this year's programmes by resolution (decision 36).
    year = timezone.localdate().year
    assert Plan.objects.filter(status="adopted", resolution__isnull=True).count() < Plan.objects.count()
    for adopted in Plan.objects.filter(resolution__isnull=False).select_related("resolution__committee"):
        assert adopted.resolution.committee.creneau_id == adopted.creneau_id
        assert adopted.resolution.outcome == "adopted"
        current = adopted.programmes.get(year=year)
        assert current.status == "adopted" and current.resolution is not None
        assert 2 <= current.priorities.count() <= 4
        assert not current.priorities.filter(action__status=ActionStatus.CANCELLED).exists()
        assert adopted.programmes.get(year=year + 1).status == "draft"
    assert demo.first["planning.Plan"] == Plan.objects.count() == demo.second["planning.Plan"]
    assert demo.first["planning.Programme"] == Programme.objects.count() == demo.second["planning.Programme"]
