"""The reads of the events: a niche's year, the events of actions, what serves a plan's actions."""

from __future__ import annotations

import datetime

import pytest

from accord.events import selectors, services

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_a_niches_events_of_a_calendar_year_in_date_order(cast, other_action):
    late = make_event(cast, title_fr="Forum", starts_on=datetime.date(2025, 11, 3))
    early = make_event(cast, title_fr="Visite", starts_on=datetime.date(2025, 2, 1))
    make_event(cast, title_fr="L'an d'avant", starts_on=datetime.date(2024, 12, 31))
    services.create_event(
        other_action.objective.axis.plan.creneau,
        actor=cast["ministry"],
        data={"title_fr": "Ailleurs", "kind": "forum", "starts_on": datetime.date(2025, 6, 1)},
    )
    assert selectors.creneau_events(cast["creneau"], 2025) == [early, late]
    assert selectors.event_years(cast["creneau"], also=2026) == [2026, 2025, 2024]


def test_what_serves_a_plans_actions_is_what_the_user_may_see(cast, action):
    make_event(cast, action=action, title_fr="Salon")
    plan = action.objective.axis.plan
    (serving,) = selectors.events_serving(plan, cast["member"])[action.pk]
    assert serving.title.startswith("Salon") and serving.url.endswith(f"#event-{action.events.get().pk}")
    assert selectors.events_serving(plan, cast["office_out"]) == {}
    assert selectors.events_holding([action.pk]) == {action.pk: 1}
