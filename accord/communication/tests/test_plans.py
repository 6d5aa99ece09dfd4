"""The regions' communication plans (decision 51; section 3 of the seed: « une stratégie de
communication … dans chaque région », « un budget devrait être accordé »): the region's office keeps its
plan and activities within the budget granted, for its niches; the ministry reads every region's."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accord.communication import policies, services
from accord.communication.models import CommunicationPlan, PlanActivity
from accord.registry.models import Region
from accord.registry.tests.factories import CreneauFactory

pytestmark = pytest.mark.django_db


def make_plan(cast: dict[str, Any], budget: str = "20000") -> CommunicationPlan:
    return services.create_communication_plan(
        region=Region.objects.get(code="05"),
        actor=cast["office_in"],
        data={"year": 2026, "budget": Decimal(budget), "aims_fr": "Faire connaître les créneaux."},
        reason="Plan 2026",
    )


def activity(cast: dict[str, Any], plan: CommunicationPlan, budget: str, **data: Any) -> PlanActivity:
    values = {"title_fr": "Capsules vidéo", "kind": "social", "budget": Decimal(budget), **data}
    return services.save_activity(plan, actor=cast["office_in"], data=values)


def test_the_regions_office_keeps_its_plan_and_the_ministry_reads_every_regions(cast):
    plan = make_plan(cast)
    assert policies.can_keep_communication_plan(cast["office_in"], plan.region)
    for reader in ("ministry", "office_out", "coordinator"):
        assert not policies.can_keep_communication_plan(cast[reader], plan.region)
        with pytest.raises(PermissionDenied):
            services.update_communication_plan(plan, actor=cast[reader], data={"budget": Decimal(1)})
    assert list(policies.visible_communication_plans(cast["ministry"])) == [plan]
    assert list(policies.visible_communication_plans(cast["office_out"])) == []
    assert not policies.can_access_communication_plans(cast["coordinator"])


def test_a_region_has_one_plan_a_year(cast):
    make_plan(cast)
    with pytest.raises(ValidationError):
        make_plan(cast)
    assert CommunicationPlan.objects.count() == 1


def test_activities_stay_within_the_budget_granted_and_a_cancelled_one_costs_nothing(cast):
    plan = make_plan(cast, budget="20000")
    first = activity(cast, plan, "12000")
    with pytest.raises(ValidationError) as refused:
        activity(cast, plan, "9000", title_fr="Publicité radio")
    assert "budget" in refused.value.message_dict
    assert plan.activities.count() == 1  # nothing written
    services.save_activity(
        plan, actor=cast["office_in"], activity=first, data={**_data(first), "status": "cancelled"}, reason="Annulée"
    )
    activity(cast, plan, "20000", title_fr="Publicité radio")  # the cancelled one's budget is free again
    # Nor may the budget shrink under what the activities cost.
    with pytest.raises(ValidationError) as shrunk:
        services.update_communication_plan(plan, actor=cast["office_in"], data={"budget": Decimal("19999")})
    assert "budget" in shrunk.value.message_dict
    plan.refresh_from_db()
    assert plan.budget == Decimal("20000")


def _data(found: PlanActivity) -> dict[str, Any]:
    return {"title_fr": found.title_fr, "kind": found.kind, "budget": found.budget, "status": found.status}


def test_an_activity_serves_niches_of_its_region_only(cast):
    plan = make_plan(cast)
    elsewhere = CreneauFactory(slug="aluminium", regions=[Region.objects.get(code="16")])
    with pytest.raises(ValidationError) as refused:
        activity(cast, plan, "100", creneaux=[cast["creneau"], elsewhere])
    assert "creneaux" in refused.value.message_dict
    done = activity(cast, plan, "100", creneaux=[cast["creneau"]])
    assert list(done.creneaux.all()) == [cast["creneau"]]


def test_every_change_is_recorded_with_who_and_why(cast, client):
    plan = make_plan(cast)
    found = activity(cast, plan, "500", starts_on=datetime.date(2026, 3, 1), creneaux=[cast["creneau"]])
    services.save_activity(
        plan, actor=cast["office_in"], activity=found, data={**_data(found), "status": "done"}, reason="Tenue"
    )
    latest = found.history.first()
    assert latest.history_user == cast["office_in"] and latest.history_change_reason == "Tenue"
    assert latest.status == "done"
    client.force_login(cast["ministry"])
    page = client.get(reverse("communication_bo:plan_history", args=[plan.pk])).content.decode()
    assert "Tenue" in page and "Plan 2026" in page


def test_an_activity_cannot_end_before_it_starts(cast):
    plan = make_plan(cast)
    with pytest.raises(ValidationError):
        activity(cast, plan, "100", starts_on=datetime.date(2026, 5, 2), ends_on=datetime.date(2026, 5, 1))


def test_the_pages_follow_the_powers(client, cast):
    plan = make_plan(cast)
    activity(cast, plan, "1500", creneaux=[cast["creneau"]])
    client.force_login(cast["ministry"])
    listing = client.get(reverse("communication_bo:plan_list")).content.decode()
    assert "Estrie" in listing and "20\u00a0000,00\u00a0$" in listing and "1\u00a0500,00\u00a0$" in listing
    detail = client.get(plan.get_absolute_url())
    assert detail.status_code == 200 and "Capsules vidéo" in detail.content.decode()
    assert client.get(reverse("communication_bo:plan_edit", args=[plan.pk])).status_code == 403
    client.force_login(cast["office_out"])
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("communication_bo:plan_create", args=["05"])).status_code == 403
    client.force_login(cast["coordinator"])
    assert client.get(reverse("communication_bo:plan_list")).status_code == 403
    client.logout()
    assert client.get(reverse("communication_bo:plan_list")).status_code == 302


def test_the_office_starts_a_plan_and_adds_an_activity_through_the_pages(client, cast):
    client.force_login(cast["office_in"])
    response = client.post(
        reverse("communication_bo:plan_create", args=["05"]),
        {"year": "2027", "budget": "15 000,00", "aims_fr": "Rejoindre les entreprises.", "reason": "Nouveau plan"},
    )
    plan = CommunicationPlan.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.budget == Decimal("15000.00")
    over = client.post(
        reverse("communication_bo:activity_create", args=[plan.pk]),
        {"title_fr": "Site Web", "kind": "website", "budget": "16 000", "status": "planned"},
    )
    assert over.status_code == 400 and not plan.activities.exists()
    client.post(
        reverse("communication_bo:activity_create", args=[plan.pk]),
        {
            "title_fr": "Site Web",
            "kind": "website",
            "budget": "6 000",
            "status": "planned",
            "creneaux": [cast["creneau"].pk],
        },
    )
    assert plan.activities.get().creneaux.get() == cast["creneau"]
    nul = client.post(
        reverse("communication_bo:activity_create", args=[plan.pk]),
        {"title_fr": "Site\x00", "kind": "website", "budget": "1", "status": "planned"},
    )
    assert nul.status_code == 400 and plan.activities.count() == 1
    assert client.delete(plan.get_absolute_url()).status_code == 405


def test_the_list_reads_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    make_plan(cast)
    client.force_login(cast["ministry"])
    client.get(reverse("communication_bo:plan_list"))
    for code, name in (("01", "Bas-Saint-Laurent"), ("02", "Saguenay")):
        region = Region.objects.create(code=code, name=name)
        CommunicationPlan.objects.create(region=region, year=2026, budget=Decimal(100))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("communication_bo:plan_list"))
    region = Region.objects.create(code="03", name="Capitale-Nationale")
    CommunicationPlan.objects.create(region=region, year=2026, budget=Decimal(100))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("communication_bo:plan_list"))
    assert len(many) == len(few)
