"""The figures the pages and the API show: computed by the database, equal to the pure roll-up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.planning import selectors, services
from accord.planning.models import Action, ActionStatus, Plan
from accord.planning.progress import ActionValues, roll_up, sums

from .conftest import add_tree

pytestmark = pytest.mark.django_db

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from([choice.value for choice in ActionStatus]),
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2),
        st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
    ),
    max_size=12,
)


def _values(actions):
    return [ActionValues(a.status, a.weight, a.progress) for a in actions]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=ACTIONS, second=ACTIONS)
def test_the_databases_figures_are_the_pure_roll_ups(cast, first, second):
    plan = Plan.objects.create(creneau=cast["creneau"], first_year=2030, last_year=2030)
    try:
        one = add_tree(plan, cast["ministry"], [(s, str(w), p) for s, w, p in first])
        two = add_tree(plan, cast["ministry"], [(s, str(w), p) for s, w, p in second])
        page = selectors.plan_page(plan)
        by_pk = {axis.pk: axis for axis in page.axes}
        for objective in (one, two):
            expected = _values(Action.objects.filter(objective=objective))
            assert by_pk[objective.axis_id].figures.progress == roll_up(expected)
            assert by_pk[objective.axis_id].objectives.all()[0].figures.progress == roll_up(expected)
        everything = _values(Action.objects.filter(objective__axis__plan=plan))
        assert page.figures.progress == roll_up(everything)
        assert page.figures.sums.weights == sums(everything).weights
        figures = selectors.plan_progress(Plan.objects.filter(pk=plan.pk)).get(plan.pk, selectors.Figures())
        assert figures.progress == roll_up(everything)
    finally:
        plan.axes.all().delete()
        plan.delete()


def test_budgets_add_up_by_axis_without_cancelled_actions(cast, plan):
    objective = add_tree(plan, cast["ministry"], [("done", "1", None), ("cancelled", "1", None)])
    first, cancelled = objective.actions.order_by("pk")
    services.update_action(first, actor=cast["ministry"], data={"budget": Decimal("1000.50")})
    services.update_action(cancelled, actor=cast["ministry"], data={"budget": Decimal("99")})
    page = selectors.plan_page(plan)
    assert page.axes[0].figures.budget == Decimal("1000.50")
    assert page.figures.actions == 2
    assert page.figures.progress == Decimal("100.0")


def test_the_plan_page_reads_in_the_same_number_of_queries_whatever_the_number_of_actions(cast, plan):
    objective = add_tree(plan, cast["ministry"], [("done", "1", None)])
    with CaptureQueriesContext(connection) as small:
        selectors.plan_page(plan)
    for _ in range(6):
        services.add_action(
            objective, actor=cast["ministry"], data={"title": "Encore"}, partners=[cast["organisation"]]
        )
    services.add_axis(plan, actor=cast["ministry"], data={"kind": "workforce"})
    with CaptureQueriesContext(connection) as large:
        selectors.plan_page(plan)
    assert len(large) == len(small)
