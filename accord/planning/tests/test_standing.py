"""The plans' kept progress (standing.py, amendment to decision 45): stored by the services in the
transaction of each change of a plan's actions, so that the kept figure always says what rolling the
actions up live says, and the results' dashboards read it without the roll-up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.planning import selectors, services, standing
from accord.planning.models import Action, ActionStatus, Plan

from .conftest import add_tree

pytestmark = pytest.mark.django_db


def kept(plan: Any) -> Decimal | None:
    return Plan.objects.values_list("kept_progress", flat=True).get(pk=plan.pk)


def live(plan: Any) -> Decimal | None:
    return selectors.plan_progress(Plan.objects.filter(pk=plan.pk)).get(plan.pk, selectors.Figures()).progress


def same(plan: Any) -> bool:
    """Kept and live agree, to the last digit (None alike)."""
    return str(kept(plan)) == str(live(plan))


def test_a_new_plan_has_no_progress_yet(plan):
    assert kept(plan) is None


def test_adding_an_action_keeps_the_plans_progress(cast, plan):
    objective = add_tree(plan, cast["ministry"], [("done", "1", None)])
    assert kept(plan) == Decimal("100.0")
    services.add_action(objective, actor=cast["ministry"], data={"title": "Salon", "status": "planned", "weight": 3})
    assert kept(plan) == Decimal("25.0") and same(plan)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"status": ActionStatus.DELAYED}, "62.5"),  # (100 + 25) / 2
        ({"progress": 70}, "85.0"),
        ({"weight": Decimal("3")}, "62.5"),  # (100 + 3 × 50) / 4
        ({"status": ActionStatus.CANCELLED}, "100.0"),  # it no longer counts
    ],
)
def test_changing_an_action_keeps_the_plans_progress(cast, plan, data, expected):
    objective = add_tree(plan, cast["ministry"], [("done", "1", None), ("in_progress", "1", None)])
    assert kept(plan) == Decimal("75.0")
    action = objective.actions.get(title="Action 1")
    services.update_action(action, actor=cast["ministry"], data=data)
    assert str(kept(plan)) == expected and same(plan)


def test_a_plan_whose_last_counting_action_is_cancelled_has_no_progress(cast, plan):
    objective = add_tree(plan, cast["ministry"], [("done", "1", None)])
    services.update_action(objective.actions.get(), actor=cast["ministry"], data={"status": ActionStatus.CANCELLED})
    assert kept(plan) is None and live(plan) is None


def test_removing_an_action_keeps_the_plans_progress(cast, plan):
    objective = add_tree(plan, cast["ministry"], [("done", "1", None), ("planned", "1", None)])
    assert kept(plan) == Decimal("50.0")
    services.remove_action(objective.actions.get(title="Action 0"), actor=cast["ministry"], reason="Doublon")
    assert kept(plan) == Decimal("0.0") and same(plan)
    services.remove_action(objective.actions.get(), actor=cast["ministry"], reason="Abandon")
    assert kept(plan) is None and same(plan)


def test_removing_an_objective_with_its_actions_keeps_the_plans_progress(cast, plan):
    first = add_tree(plan, cast["ministry"], [("done", "1", None)])
    add_tree(plan, cast["ministry"], [("planned", "1", None)])
    assert kept(plan) == Decimal("50.0")
    services.remove_objective(first, actor=cast["ministry"], reason="Regroupé")
    assert kept(plan) == Decimal("0.0") and same(plan)


def test_removing_an_axis_with_its_actions_keeps_the_plans_progress(cast, plan):
    add_tree(plan, cast["ministry"], [("done", "1", None)])
    second = add_tree(plan, cast["ministry"], [("planned", "1", None)])
    assert kept(plan) == Decimal("50.0")
    services.remove_axis(second.axis, actor=cast["ministry"], reason="Hors mandat")
    assert kept(plan) == Decimal("100.0") and same(plan)


def test_the_kept_progress_is_not_in_the_plans_history(cast, plan):
    records = plan.history.count()
    add_tree(plan, cast["ministry"], [("done", "1", None)])
    assert plan.history.count() == records
    assert "kept_progress" not in {field.name for field in plan.history.model._meta.get_fields()}


def test_restate_all_stores_what_the_services_keep(cast, plan):
    add_tree(plan, cast["ministry"], [("done", "2", None), ("in_progress", "1", 30), ("cancelled", "5", None)])
    empty = Plan.objects.create(creneau=cast["creneau"], first_year=2030, last_year=2031)
    stored = dict(Plan.objects.values_list("pk", "kept_progress"))
    assert stored == {plan.pk: Decimal("76.7"), empty.pk: None}
    Plan.objects.update(kept_progress=Decimal("12.3"))
    assert standing.restate_all() == 2
    assert dict(Plan.objects.values_list("pk", "kept_progress")) == stored


STATUSES = st.sampled_from([choice.value for choice in ActionStatus])
WEIGHTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)
ENTERED = st.one_of(st.none(), st.integers(min_value=0, max_value=100))
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 1), st.fixed_dictionaries({"status": STATUSES, "weight": WEIGHTS})),
        st.tuples(
            st.just("change"),
            st.integers(0, 20),
            st.one_of(
                st.fixed_dictionaries({"status": STATUSES}),
                st.fixed_dictionaries({"progress": ENTERED}),
                st.fixed_dictionaries({"weight": WEIGHTS}),
            ),
        ),
        st.tuples(st.just("remove"), st.integers(0, 20), st.just({})),
        st.tuples(st.just("remove_objective"), st.integers(0, 1), st.just({})),
    ),
    max_size=12,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_whatever_the_order_of_changes_the_kept_progress_is_the_live_one(cast, plan, steps):
    actor = cast["ministry"]
    plan.axes.all().delete()
    standing.restate(plan.pk)
    objectives = [add_tree(plan, actor, []), add_tree(plan, actor, [])]
    for step, number, data in steps:
        actions = list(Action.objects.filter(objective__axis__plan=plan).order_by("pk"))
        if step == "add":
            services.add_action(objectives[number], actor=actor, data={"title": "Action", **data})
        elif step == "change" and actions:
            services.update_action(actions[number % len(actions)], actor=actor, data=data)
        elif step == "remove" and actions:
            services.remove_action(actions[number % len(actions)], actor=actor)
        elif step == "remove_objective":
            axis = objectives[number].axis
            services.remove_objective(objectives[number], actor=actor)
            objectives[number] = services.add_objective(axis, actor=actor, data={"text": "Encore"})
        assert same(plan), steps
