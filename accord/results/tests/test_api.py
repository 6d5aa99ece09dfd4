"""/api/v1/indicators/ and /api/v1/indicator-values/: the same services and powers as the pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accord.results import services
from accord.results.models import Indicator, IndicatorValue

from .conftest import approved, report

pytestmark = pytest.mark.django_db
VALUES = "/api/v1/indicator-values/"


@pytest.fixture
def api():
    return APIClient()


def test_the_value_steps_through_the_api(api, people, jobs):
    api.force_authenticate(people["coordinator"])
    response = api.post(
        VALUES, {"creneau": people["creneau"].slug, "indicator": jobs.pk, "year": 2025, "value": "12.5"}, format="json"
    )
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    assert response.data["status"] == "draft" and response.data["events"][0]["kind"] == "reported"
    assert api.patch(f"{VALUES}{pk}/", {"value": "13"}, format="json").data["value"] == "13.00"
    assert api.post(f"{VALUES}{pk}/submit/").data["status"] == "submitted"
    assert api.patch(f"{VALUES}{pk}/", {"value": "14"}, format="json").status_code == 409
    assert api.post(f"{VALUES}{pk}/approve/").status_code == 403  # not a reviewer
    api.force_authenticate(people["office_in"])
    assert api.post(f"{VALUES}{pk}/return/", {}, format="json").status_code == 400  # the reason is required
    assert api.post(f"{VALUES}{pk}/return/", {"reason": "À revoir"}, format="json").data["status"] == "returned"
    api.force_authenticate(people["coordinator"])
    api.post(f"{VALUES}{pk}/submit/")
    api.force_authenticate(people["ministry"])
    response = api.post(f"{VALUES}{pk}/approve/", {"note": "OK"}, format="json")
    assert response.data["status"] == "approved"
    assert [e["kind"] for e in response.data["events"]] == [
        "reported",
        "edited",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    assert api.patch(f"{VALUES}{pk}/", {"value": "1"}, format="json").status_code == 409  # locked
    assert IndicatorValue.objects.get().value == Decimal("13.00")


def test_the_submitter_cannot_approve_through_the_api(api, people, jobs):
    value = report(people, jobs, 2025, "3", actor="ministry")
    services.submit_value(value, actor=people["ministry"])
    api.force_authenticate(people["ministry"])
    assert api.post(f"{VALUES}{value.pk}/approve/").status_code == 403


def test_the_list_is_filtered_scoped_and_reads_in_a_fixed_number_of_queries(api, people, jobs):
    approved(people, jobs, 2024, "1")
    report(people, jobs, 2025, "2")
    api.force_authenticate(people["member"])
    api.get(VALUES)  # the first request reads the user's roles once (kept on the user object)
    with CaptureQueriesContext(connection) as small:
        assert api.get(VALUES).data["count"] == 2
    for year in (2020, 2021, 2022):
        report(people, jobs, year, "2")
    with CaptureQueriesContext(connection) as large:
        assert api.get(VALUES).data["count"] == 5
    assert len(large) == len(small)
    assert [v["year"] for v in api.get(VALUES, {"status": "approved"}).data["results"]] == [2024]
    assert api.get(VALUES, {"year": 2025, "creneau": people["creneau"].slug}).data["count"] == 1
    api.force_authenticate(people["office_out"])
    assert api.get(VALUES).data["count"] == 0
    assert api.get(f"{VALUES}{IndicatorValue.objects.first().pk}/").status_code == 404
    api.force_authenticate(people["stranger"])
    assert api.get(VALUES).status_code == 403
    api.force_authenticate(None)
    assert api.get(VALUES).status_code == 403


def test_indicators_are_listed_and_created_by_the_ministry(api, people, plan, jobs):
    api.force_authenticate(people["office_in"])
    assert [i["code"] for i in api.get("/api/v1/indicators/").data["results"]] == ["emplois"]
    assert api.post("/api/v1/indicators/", {"code": "x", "name_fr": "X"}, format="json").status_code == 403
    response = api.post("/api/v1/indicators/", {"code": "x", "name_fr": "X", "plan": plan.pk}, format="json")
    assert response.status_code == 201 and response.data["plan"] == plan.pk
    api.force_authenticate(people["ministry"])
    response = api.post(
        "/api/v1/indicators/", {"code": "ventes", "name_fr": "Ventes", "unit": "dollars"}, format="json"
    )
    assert response.status_code == 201 and response.data["plan"] is None
    assert api.post("/api/v1/indicators/", {"code": "ventes", "name_fr": "V"}, format="json").status_code == 400
    assert Indicator.objects.count() == 3
