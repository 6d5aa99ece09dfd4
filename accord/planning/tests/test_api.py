"""/api/v1/plans/: the plans with their figures, written through the services."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.planning.models import Action, Axis, Plan

from .conftest import add_tree, make_plan

pytestmark = pytest.mark.django_db


def test_a_plan_reads_with_its_tree_and_rolled_up_progress(client, cast, plan):
    add_tree(plan, cast["ministry"], [("done", "1", None), ("cancelled", "5", None), ("planned", "1", None)])
    client.force_login(cast["member"])
    data = client.get(f"/api/v1/plans/{plan.pk}/").json()
    assert data["progress"] == "50.00"
    axis = data["axes"][0]
    assert axis["progress"] == "50.00"
    assert [a["current_progress"] for a in axis["objectives"][0]["actions"]] == [100, None, 0]


def test_the_list_reads_in_a_fixed_number_of_queries(client, cast, plan):
    add_tree(plan, cast["ministry"], [("done", "1", None)])
    client.force_login(cast["ministry"])
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/plans/").status_code == 200
    for first in (2030, 2040, 2050):
        add_tree(make_plan(cast, first, first + 1), cast["ministry"], [("planned", "1", None)])
    with CaptureQueriesContext(connection) as large:
        data = client.get("/api/v1/plans/").json()
    assert len(data["results"]) == 4
    assert len(large) == len(small)


def test_the_coordinator_creates_and_changes_a_plan(client, cast):
    client.force_login(cast["coordinator"])
    response = client.post(
        "/api/v1/plans/", {"creneau": "meuble", "first_year": 2025, "last_year": 2026}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.patch(f"/api/v1/plans/{pk}/", {"strategy_fr": "Croître"}, content_type="application/json")
    assert response.status_code == 200
    assert Plan.objects.get(pk=pk).strategy_fr == "Croître"


def test_bad_input_is_a_400_in_the_callers_language(client, cast, plan):
    client.force_login(cast["coordinator"])
    response = client.post(
        "/api/v1/plans/",
        {"creneau": "meuble", "first_year": 2025, "last_year": 2027},
        content_type="application/json",
        headers={"accept-language": "fr"},
    )
    assert response.status_code == 400
    assert "déjà un plan" in str(response.json())
    response = client.patch(
        f"/api/v1/plans/{plan.pk}/",
        {"last_year": 2020},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert "cannot come before" in str(response.json())


def test_a_member_reads_but_does_not_write(client, cast, plan):
    client.force_login(cast["member"])
    assert client.patch(f"/api/v1/plans/{plan.pk}/", {}, content_type="application/json").status_code == 403
    client.force_login(cast["office_out"])
    assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 404


def test_the_coordinator_builds_a_plan_through_the_api(client, cast, plan):
    client.force_login(cast["coordinator"])
    post = lambda address, data: client.post(address, data, content_type="application/json")  # noqa: E731
    response = post("/api/v1/plan-axes/", {"plan": plan.pk, "kind": "workforce", "position": 1, "reason": "API"})
    assert response.status_code == 201, response.content
    axis = Axis.objects.get(pk=response.json()["id"])
    assert axis.history.get().history_change_reason == "API"
    response = post("/api/v1/plan-objectives/", {"axis": axis.pk, "text": "Former"})
    assert response.status_code == 201, response.content
    objective = axis.objectives.get()
    response = post(
        "/api/v1/plan-actions/",
        {"objective": objective.pk, "title": "Salon", "status": "in_progress", "partners": [cast["organisation"].pk]},
    )
    assert response.status_code == 201, response.content
    action = Action.objects.get()
    assert response.json()["partners"] == [cast["organisation"].pk]
    response = client.patch(f"/api/v1/plan-actions/{action.pk}/", {"progress": 80}, content_type="application/json")
    assert response.status_code == 200 and response.json()["progress"] == 80
    assert client.get(f"/api/v1/plans/{plan.pk}/").json()["progress"] == "80.00"
    response = post(f"/api/v1/plan-axes/{axis.pk}/remove/", {"reason": "Fusion"})
    assert response.status_code == 204
    assert not Action.objects.exists() and not Axis.objects.exists()


def test_the_api_refuses_what_the_pages_refuse(client, cast, plan):
    objective = add_tree(plan, cast["ministry"], [("planned", "1", None)])
    action = objective.actions.get()
    client.force_login(cast["member"])  # reads, does not write
    response = client.post(
        "/api/v1/plan-objectives/", {"axis": objective.axis_id, "text": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert client.post(f"/api/v1/plan-actions/{action.pk}/remove/").status_code == 403
    client.force_login(cast["office_out"])  # another region's niche: the plan does not exist for them
    response = client.post(
        "/api/v1/plan-axes/", {"plan": plan.pk, "kind": "workforce"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert client.patch(f"/api/v1/plan-actions/{action.pk}/", {}, content_type="application/json").status_code == 404
    client.force_login(cast["coordinator"])
    response = client.post(
        "/api/v1/plan-axes/", {"plan": plan.pk, "kind": "other"}, content_type="application/json"
    )  # the niche's own axis needs a name
    assert response.status_code == 400
    response = client.patch(
        f"/api/v1/plan-actions/{action.pk}/",
        {"owner_organisation": cast["organisation"].pk + 999},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert Axis.objects.count() == 1
