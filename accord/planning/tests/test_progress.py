"""The roll-up's arithmetic, as pure functions, with properties checked over many cases."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from accord.planning.models import ActionStatus
from accord.planning.progress import ActionValues, action_progress, roll_up, sums

STATUSES = [choice.value for choice in ActionStatus]
weights = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2)
actions = st.builds(
    ActionValues,
    status=st.sampled_from(STATUSES),
    weight=weights,
    override=st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
)


def test_each_status_stands_for_its_default_progress_and_a_figure_entered_wins():
    assert action_progress("planned") == 0
    assert action_progress("in_progress") == 50
    assert action_progress("delayed") == 25
    assert action_progress("done") == 100
    assert action_progress("in_progress", 80) == 80
    assert action_progress("cancelled", 80) is None


def test_the_mean_is_weighted():
    figures = [ActionValues("done", Decimal("3")), ActionValues("planned", Decimal("1"))]
    assert roll_up(figures) == Decimal("75.0")


def test_nothing_counts_without_an_action_that_counts():
    assert roll_up([]) is None
    assert roll_up([ActionValues("cancelled")]) is None


@given(st.lists(actions, max_size=30))
def test_progress_stays_between_0_and_100(values):
    result = roll_up(values)
    assert result is None or Decimal(0) <= result <= Decimal(100)


@given(st.lists(actions, max_size=20), st.lists(actions, max_size=20))
def test_a_plan_is_the_mean_of_its_axes_weighted_by_their_actions_weights(first, second):
    plan = roll_up(first + second)
    axes = [sums(axis) for axis in (first, second) if sums(axis).weights]
    if not axes:
        assert plan is None
        return
    exact = sum(axis.weighted / axis.weights * axis.weights for axis in axes) / sum(axis.weights for axis in axes)
    assert plan is not None
    assert abs(plan - exact) <= Decimal("0.05")  # the plan's figure is rounded to a tenth


@given(st.lists(actions, max_size=30), weights)
def test_adding_a_done_action_never_lowers_progress(values, weight):
    before = roll_up(values)
    after = roll_up([*values, ActionValues("done", weight)])
    assert after is not None
    assert before is None or after >= before


@given(st.lists(actions, max_size=30), weights, st.integers(min_value=0, max_value=100))
def test_a_cancelled_action_does_not_count(values, weight, override):
    assert roll_up([*values, ActionValues("cancelled", weight, override)]) == roll_up(values)
