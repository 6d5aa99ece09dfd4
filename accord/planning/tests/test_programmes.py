"""Annual programmes: composed by the plan's writers among the plan's actions, one per year,
frozen once the committee adopts them (decision 36)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.core.workflow import InvalidTransition
from accord.planning import services
from accord.planning.models import Priority, Programme

from .conftest import add_action, committee_decides, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cast, plan):
    return services.create_programme(plan, actor=cast["coordinator"], year=2026, reason="Priorités 2026")


def _adopted(cast, plan, programme):
    """The plan recorded as adopted; the committee adopts the programme."""
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    committee_decides(cast, programme)
    programme.refresh_from_db()
    return programme


def test_the_coordinator_composes_the_programme_and_its_history_names_them(cast, plan, programme):
    action = add_action(plan, cast["ministry"])
    priority = services.add_priority(
        programme,
        actor=cast["coordinator"],
        action=action,
        data={"target_fr": "3 salons", "target_en": "3 fairs", "target_figure": Decimal("3"), "position": 1},
        reason="Cible",
    )
    assert (priority.target_figure, programme.status) == (Decimal("3"), "draft")
    assert programme.history.get().history_user == cast["coordinator"]
    assert (priority.history.get().history_user, priority.history.get().history_change_reason) == (
        cast["coordinator"],
        "Cible",
    )
    services.update_priority(priority, actor=cast["office_in"], data={"target_fr": "4 salons"})
    priority.refresh_from_db()
    assert priority.target_fr == "4 salons"
    services.remove_priority(priority, actor=cast["ministry"])
    assert not Priority.objects.exists()


def test_one_programme_per_plan_and_year_within_the_plans_years(cast, plan, programme):
    with pytest.raises(ValidationError) as taken:
        services.create_programme(plan, actor=cast["ministry"], year=2026)
    assert "year" in taken.value.message_dict
    with pytest.raises(ValidationError):
        services.create_programme(plan, actor=cast["ministry"], year=2028)  # the plan ends in 2027
    assert Programme.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "office_out", "stranger"])
def test_who_does_not_write_the_plan_does_not_compose_its_programmes(cast, plan, programme, who):
    action = add_action(plan, cast["ministry"])
    with pytest.raises(PermissionDenied):
        services.create_programme(plan, actor=cast[who], year=2025)
    with pytest.raises(PermissionDenied):
        services.add_priority(programme, actor=cast[who], action=action, data={})
    with pytest.raises(PermissionDenied):
        services.submit_programme(programme, actor=cast[who])
    assert not Priority.objects.exists()


def test_priorities_are_actions_of_the_same_plan_not_cancelled_and_once(cast, plan, programme):
    elsewhere = add_action(make_plan(cast, 2028, 2030), cast["ministry"])
    with pytest.raises(ValidationError) as other_plan:
        services.add_priority(programme, actor=cast["coordinator"], action=elsewhere, data={})
    assert "action" in other_plan.value.message_dict
    cancelled = add_action(plan, cast["ministry"], status="cancelled")
    with pytest.raises(ValidationError):
        services.add_priority(programme, actor=cast["coordinator"], action=cancelled, data={})
    action = add_action(plan, cast["ministry"])
    services.add_priority(programme, actor=cast["coordinator"], action=action, data={})
    with pytest.raises(ValidationError):
        services.add_priority(programme, actor=cast["coordinator"], action=action, data={})
    assert Priority.objects.count() == 1


def test_an_adopted_programme_is_frozen(cast, plan, programme):
    action = add_action(plan, cast["ministry"])
    other = add_action(plan, cast["ministry"], title="Mission")
    priority = services.add_priority(programme, actor=cast["coordinator"], action=action, data={"target_fr": "3"})
    _adopted(cast, plan, programme)
    assert programme.status == "adopted"
    for attempt in (
        lambda: services.add_priority(programme, actor=cast["ministry"], action=other, data={}),
        lambda: services.update_priority(priority, actor=cast["ministry"], data={"target_fr": "4"}),
        lambda: services.remove_priority(priority, actor=cast["ministry"]),
        lambda: services.submit_programme(programme, actor=cast["ministry"]),
    ):
        with pytest.raises(InvalidTransition, match="ne peut plus changer"):
            attempt()
    priority.refresh_from_db()
    assert priority.target_fr == "3" and programme.priorities.count() == 1


def test_an_action_of_an_adopted_programme_is_cancelled_not_removed(cast, plan, programme):
    action = add_action(plan, cast["ministry"])
    services.add_priority(programme, actor=cast["coordinator"], action=action, data={})
    _adopted(cast, plan, programme)
    with pytest.raises(ValidationError, match="plutôt l'état annulée"):
        services.remove_action(action, actor=cast["ministry"])
    with pytest.raises(ValidationError):
        services.remove_axis(action.objective.axis, actor=cast["ministry"])
    assert programme.priorities.count() == 1
    services.update_action(action, actor=cast["ministry"], data={"status": "cancelled"})


def test_removing_an_action_takes_it_off_draft_programmes(cast, plan, programme):
    action = add_action(plan, cast["ministry"])
    services.add_priority(programme, actor=cast["coordinator"], action=action, data={})
    services.remove_action(action, actor=cast["ministry"], reason="Abandon")
    assert not Priority.objects.exists()
    assert Priority.history.filter(history_type="-").get().history_change_reason == "Abandon"


def test_an_action_cancelled_after_it_was_chosen_blocks_the_submission(cast, plan, programme):
    action = add_action(plan, cast["ministry"])
    services.add_priority(programme, actor=cast["coordinator"], action=action, data={})
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    services.update_action(action, actor=cast["ministry"], data={"status": "cancelled"})
    with pytest.raises(ValidationError, match="actions annulées"):
        services.submit_programme(programme, actor=cast["coordinator"])


def test_the_plans_years_keep_its_programmes(cast, plan, programme):
    with pytest.raises(ValidationError):
        services.update_plan(plan, actor=cast["ministry"], data={"last_year": 2025})
    plan.refresh_from_db()
    assert plan.last_year == 2027
