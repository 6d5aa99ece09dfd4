"""A plan's page lists the events that serve each action (planning.links, filled by EventsConfig.ready()),
and planning refuses to remove an action that events serve."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accord.planning import services as planning
from accord.planning.models import Action

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_the_plan_page_lists_the_events_serving_each_action(client, cast, action):
    plan = action.objective.axis.plan
    client.force_login(cast["member"])
    with CaptureQueriesContext(connection) as none:
        client.get(plan.get_absolute_url())
    event = make_event(cast, title_fr="Salon des métiers", action=action)
    for n in range(3):
        make_event(cast, title_fr=f"Atelier {n}", action=action)
    with CaptureQueriesContext(connection) as some:
        page = client.get(plan.get_absolute_url()).content.decode()
    assert "Salon des métiers" in page and event.get_absolute_url() in page
    assert page.count("Atelier ") == 3
    assert len(some) == len(none)  # one query for the plan's events, with or without them


def test_the_plan_page_lists_no_event_the_reader_may_not_see(cast, action):
    from accord.planning import links

    make_event(cast, action=action)
    plan = action.objective.axis.plan
    assert links.serving(plan, cast["member"])[action.pk]
    assert links.serving(plan, cast["office_out"]) == {}


def test_an_action_that_events_serve_is_not_removed(cast, action):
    make_event(cast, title_fr="Salon", action=action)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        planning.remove_action(action, actor=cast["ministry"])
    assert "or events serve these actions: “Salon de l'emploi”" in refused.value.messages[0]
    assert Action.objects.filter(pk=action.pk).exists()
