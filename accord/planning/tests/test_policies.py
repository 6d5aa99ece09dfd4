"""Who reads and who writes a niche's plans, from today's roles and mandates."""

from __future__ import annotations

import datetime

import pytest

from accord.planning import policies

pytestmark = pytest.mark.django_db

READERS = {"member": True, "coordinator": True, "office_in": True, "office_out": False, "ministry": True}
WRITERS = {"member": False, "coordinator": True, "office_in": True, "office_out": False, "ministry": True}


@pytest.mark.parametrize(("who", "sees"), [*READERS.items(), ("stranger", False)])
def test_who_reads_the_plans(cast, plan, who, sees):
    assert policies.visible_plans(cast[who]).filter(pk=plan.pk).exists() is sees


@pytest.mark.parametrize(("who", "writes"), [*WRITERS.items(), ("stranger", False)])
def test_who_writes_the_plans(cast, plan, who, writes):
    assert policies.can_edit_plan(cast[who], plan) is writes


def test_a_coordinator_whose_mandate_ended_no_longer_writes(cast, plan):
    mandate = cast["committee"].mandates.get(role="coordinator")
    mandate.ends_on = datetime.date.today() - datetime.timedelta(days=1)
    mandate.save(update_fields=["ends_on"])
    assert not policies.can_edit_plan(cast["coordinator"], plan)
    assert not policies.visible_plans(cast["coordinator"]).exists()


def test_the_area_is_for_staff_and_niche_committee_members(cast):
    assert policies.can_access_planning(cast["member"])
    assert policies.can_access_planning(cast["office_out"])
    assert not policies.can_access_planning(cast["stranger"])
