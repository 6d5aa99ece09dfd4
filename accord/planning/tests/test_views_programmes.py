"""The programme pages and the submission buttons: happy paths, refusals (302, 403, 404, 405), the
plan page's programmes and badges in a fixed number of queries, and the API's reading of them."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.governance.models import PendingAgendaItem
from accord.planning import services
from accord.planning.models import Priority, Programme

from .conftest import add_action, committee_decides

pytestmark = pytest.mark.django_db


def test_the_coordinator_composes_and_submits_a_programme_from_the_pages(client, cast, plan):
    action = add_action(plan, cast["ministry"])
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    client.force_login(cast["coordinator"])
    response = client.post(reverse("planning:programme_create", args=[plan.pk]), {"year": "2026"})
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    response = client.post(
        reverse("planning:priority_create", args=[programme.pk]),
        {"action": action.pk, "target_fr": "3 salons", "target_en": "3 fairs", "target_figure": "3", "position": "1"},
    )
    assert response.status_code == 302
    priority = Priority.objects.get()
    assert (priority.action, priority.target_fr) == (action, "3 salons")
    response = client.post(
        reverse("planning:priority_edit", args=[priority.pk]), {"target_fr": "4 salons", "position": "1"}
    )
    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.target_fr == "4 salons"
    response = client.post(reverse("planning:programme_submit", args=[programme.pk]))
    assert response.status_code == 302
    assert PendingAgendaItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(Programme), subject_id=programme.pk
    ).exists()
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "4 salons" in page and "ordre du jour du comité du créneau depuis" in page


def test_the_coordinator_submits_the_plan_from_its_page(client, cast, plan):
    client.force_login(cast["coordinator"])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Soumettre au comité" in page and reverse("planning:plan_adopt", args=[plan.pk]) not in page
    response = client.post(reverse("planning:plan_submit", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.submitted_at is not None
    # Twice: refused with its reason, nothing more on the agenda.
    response = client.post(reverse("planning:plan_submit", args=[plan.pk]), follow=True)
    assert "déjà à l&#x27;ordre du jour" in response.content.decode()
    assert PendingAgendaItem.objects.count() == 1


def test_bad_input_is_shown_on_the_form_and_nothing_is_saved(client, cast, plan):
    cancelled = add_action(plan, cast["ministry"], status="cancelled")
    programme = services.create_programme(plan, actor=cast["ministry"], year=2025)
    client.force_login(cast["coordinator"])
    response = client.post(reverse("planning:priority_create", args=[programme.pk]), {"action": cancelled.pk})
    assert response.status_code == 400
    response = client.post(reverse("planning:programme_create", args=[plan.pk]), {"year": "2025"})  # taken
    assert response.status_code == 400
    response = client.post(
        reverse("planning:priority_create", args=[programme.pk]),
        {"action": add_action(plan, cast["ministry"]).pk, "target_fr": "a\x00b"},
    )
    assert response.status_code == 400
    assert not Priority.objects.exists() and Programme.objects.count() == 1


def test_the_programme_pages_are_refused_as_the_policies_say(client, cast, plan):
    programme = services.create_programme(plan, actor=cast["ministry"], year=2025)
    priority = services.add_priority(
        programme, actor=cast["ministry"], action=add_action(plan, cast["ministry"]), data={}
    )
    url = programme.get_absolute_url()
    writes = [
        reverse("planning:programme_create", args=[plan.pk]),
        reverse("planning:priority_create", args=[programme.pk]),
        reverse("planning:priority_edit", args=[priority.pk]),
    ]
    buttons = [
        reverse("planning:plan_submit", args=[plan.pk]),
        reverse("planning:programme_submit", args=[programme.pk]),
        reverse("planning:priority_delete", args=[priority.pk]),
    ]
    assert client.get(url).status_code == 302  # to sign in
    assert client.post(buttons[0]).status_code == 302
    client.force_login(cast["stranger"])
    assert client.get(url).status_code == 403  # no plans area
    client.force_login(cast["office_out"])
    assert client.get(url).status_code == 404  # another region's niche
    assert all(client.post(address).status_code == 404 for address in writes + buttons)
    client.force_login(cast["member"])
    assert client.get(url).status_code == 200
    assert all(client.get(address).status_code == 403 for address in writes)
    assert all(client.post(address).status_code == 403 for address in buttons)
    client.force_login(cast["coordinator"])
    assert all(client.get(address).status_code == 405 for address in buttons)
    assert client.post(url).status_code == 405
    assert Priority.objects.count() == 1 and not PendingAgendaItem.objects.exists()


def test_the_plan_page_shows_programmes_and_badges_in_a_fixed_number_of_queries(client, cast, plan):
    first = add_action(plan, cast["ministry"], title="Salon")
    services.add_priority(
        services.create_programme(plan, actor=cast["ministry"], year=2025),
        actor=cast["ministry"],
        action=first,
        data={},
    )
    client.force_login(cast["member"])
    address = plan.get_absolute_url()
    client.get(address)
    with CaptureQueriesContext(connection) as small:
        assert client.get(address).status_code == 200
    actions = [first] + [add_action(plan, cast["ministry"], title=f"Action {n}") for n in range(3)]
    for year in (2026, 2027):
        programme = services.create_programme(plan, actor=cast["ministry"], year=year)
        for action in actions[: year - 2023]:
            services.add_priority(programme, actor=cast["ministry"], action=action, data={"target_fr": "Cible"})
    with CaptureQueriesContext(connection) as large:
        response = client.get(address)
    assert len(large) == len(small)
    page = response.content.decode()
    assert "Priorité en 2025" in page and "Priorité en 2027" in page
    assert "Programmation 2026" in page


def test_the_programme_page_reads_in_a_fixed_number_of_queries(client, cast, plan):
    programme = services.create_programme(plan, actor=cast["ministry"], year=2025)
    client.force_login(cast["coordinator"])
    address = programme.get_absolute_url()
    client.get(address)
    with CaptureQueriesContext(connection) as small:
        client.get(address)
    for n in range(4):
        services.add_priority(
            programme, actor=cast["ministry"], action=add_action(plan, cast["ministry"], f"A{n}"), data={}
        )
    with CaptureQueriesContext(connection) as large:
        assert client.get(address).status_code == 200
    assert len(large) == len(small)


def test_the_api_reads_a_plans_programmes_and_priorities(client, cast, plan):
    action = add_action(plan, cast["ministry"])
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    programme = services.create_programme(plan, actor=cast["ministry"], year=2025)
    services.add_priority(programme, actor=cast["ministry"], action=action, data={"target_fr": "3", "target_figure": 3})
    resolution = committee_decides(cast, programme)
    client.force_login(cast["member"])
    address = f"/api/v1/plans/{plan.pk}/"
    with CaptureQueriesContext(connection) as small:
        data = client.get(address).json()
    [read] = data["programmes"]
    assert (read["year"], read["status"], read["resolution"]) == (2025, "adopted", resolution.number)
    assert read["priorities"] == [
        {
            "id": programme.priorities.get().pk,
            "action": action.pk,
            "target_fr": "3",
            "target_en": "",
            "target_figure": "3.00",
            "position": 0,
        }
    ]
    services.create_programme(plan, actor=cast["ministry"], year=2026)
    other = services.create_programme(plan, actor=cast["ministry"], year=2027)
    services.add_priority(other, actor=cast["ministry"], action=action, data={})
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(address).json()["programmes"]) == 3
    assert len(large) == len(small)
    client.force_login(cast["office_out"])
    assert client.get(address).status_code == 404
