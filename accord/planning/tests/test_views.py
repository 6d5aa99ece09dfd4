"""The plans' pages: happy paths, refusals (302, 403, 404, 405), figures on the page, query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.planning import services
from accord.planning.models import Action, Axis, Plan

from .conftest import add_tree

pytestmark = pytest.mark.django_db


def test_the_coordinator_builds_a_plan_from_the_pages(client, cast):
    client.force_login(cast["coordinator"])
    response = client.post(
        reverse("planning:plan_create", args=[cast["creneau"].pk]),
        {"first_year": "2025", "last_year": "2027", "strategy_fr": "Innover", "strategy_en": ""},
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    client.post(reverse("planning:axis_create", args=[plan.pk]), {"kind": "workforce", "position": "1"})
    axis = Axis.objects.get()
    client.post(reverse("planning:objective_create", args=[axis.pk]), {"text": "Former", "position": "1"})
    objective = axis.objectives.get()
    response = client.post(
        reverse("planning:action_create", args=[objective.pk]),
        {"title": "Salon", "status": "in_progress", "weight": "2", "budget": "1 500,00", "position": "1"},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.status, action.weight, action.budget) == ("in_progress", Decimal("2"), Decimal("1500.00"))
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    assert "50 %" in page.content.decode()


def test_bad_input_is_shown_on_the_form_and_nothing_is_saved(client, cast, plan):
    client.force_login(cast["coordinator"])
    objective = add_tree(plan, cast["ministry"], [])
    response = client.post(
        reverse("planning:action_create", args=[objective.pk]),
        {"title": "Salon", "status": "done", "weight": "0", "starts_on": "2025-05-01", "ends_on": "2025-04-01"},
    )
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_the_plan_is_refused_as_the_policies_say(client, cast, plan):
    url = plan.get_absolute_url()
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(cast["stranger"])
    assert client.get(url).status_code == 403  # no plans area
    client.force_login(cast["office_out"])
    assert client.get(url).status_code == 404  # another region's niche
    client.force_login(cast["member"])
    assert client.get(url).status_code == 200
    assert client.get(reverse("planning:plan_edit", args=[plan.pk])).status_code == 403  # reads, does not write
    client.force_login(cast["coordinator"])
    assert client.get(reverse("planning:axis_delete", args=[plan.pk])).status_code == 405


def test_removing_an_action_from_the_page(client, cast, plan):
    objective = add_tree(plan, cast["ministry"], [("done", "1", None)])
    client.force_login(cast["office_in"])
    response = client.post(reverse("planning:action_delete", args=[objective.actions.get().pk]))
    assert response.status_code == 302 and not Action.objects.exists()


def test_the_plan_page_shows_each_level_in_text_and_its_queries_do_not_grow(client, cast, plan):
    objective = add_tree(plan, cast["ministry"], [("done", "1", None), ("planned", "1", None)])
    client.force_login(cast["coordinator"])
    with CaptureQueriesContext(connection) as small:
        response = client.get(plan.get_absolute_url())
    assert response.content.decode().count("50 %") >= 3  # the plan, its axis, its objective
    for _ in range(8):
        services.add_action(objective, actor=cast["ministry"], data={"title": "Encore", "status": "delayed"})
    other = services.add_axis(plan, actor=cast["ministry"], data={"kind": "marketing"})
    services.add_objective(other, actor=cast["ministry"], data={"text": "Vendre"})
    with CaptureQueriesContext(connection) as large:
        client.get(plan.get_absolute_url())
    assert len(large) == len(small)


def test_the_lists_show_each_plans_progress(client, cast, plan):
    add_tree(plan, cast["ministry"], [("done", "3", None), ("planned", "1", None)])
    client.force_login(cast["member"])
    for url in (reverse("planning:plan_list"), reverse("planning:creneau_plans", args=[cast["creneau"].pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert "75 %" in response.content.decode()


def test_the_adoption_is_recorded_from_its_page(client, cast, plan):
    client.force_login(cast["coordinator"])  # submits to the committee; does not record an adoption
    assert client.post(reverse("planning:plan_adopt", args=[plan.pk]), {"adopted_on": "2025-02-01"}).status_code == 403
    client.force_login(cast["office_in"])
    response = client.post(reverse("planning:plan_adopt", args=[plan.pk]), {"adopted_on": "2025-02-01"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "adopted"
