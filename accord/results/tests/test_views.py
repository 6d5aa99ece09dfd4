"""The results' pages: happy paths, refusals (302, 403, 404, 405), the locked value, query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.results import services
from accord.results.models import Indicator, IndicatorTarget, IndicatorValue

from .conftest import approved, report

pytestmark = pytest.mark.django_db


def table_url(people):
    return reverse("results:creneau_indicators", args=[people["creneau"].pk])


def test_the_coordinator_reports_and_submits_and_the_office_approves_from_the_pages(client, people, plan, jobs):
    client.force_login(people["coordinator"])
    response = client.post(
        reverse("results:value_report", args=[people["creneau"].pk]),
        {"indicator": jobs.pk, "year": "2025", "value": "1 250,5", "comment": "Sondage"},
    )
    value = IndicatorValue.objects.get()
    assert response.status_code == 302 and response["Location"] == value.get_absolute_url()
    assert (value.value, value.status) == (Decimal("1250.50"), "draft")
    page = client.get(value.get_absolute_url()).content.decode()
    assert reverse("results:value_submit", args=[value.pk]) in page
    assert client.post(reverse("results:value_submit", args=[value.pk])).status_code == 302
    client.force_login(people["office_in"])
    assert reverse("results:value_approve", args=[value.pk]) in client.get(value.get_absolute_url()).content.decode()
    assert client.post(reverse("results:value_approve", args=[value.pk])).status_code == 302
    value.refresh_from_db()
    assert value.status == "approved"
    assert "1\xa0250,5" in client.get(table_url(people)).content.decode()


def test_an_approved_value_cannot_be_edited_from_the_page_and_says_why(client, people, jobs):
    value = approved(people, jobs, 2025, "10")
    client.force_login(people["coordinator"])
    response = client.post(reverse("results:value_edit", args=[value.pk]), {"value": "99"}, follow=True)
    assert "Cette valeur est approuvée : elle est verrouillée" in response.content.decode()
    value.refresh_from_db()
    assert value.value == Decimal("10.00")


def test_returning_asks_for_the_reason_first(client, people, jobs):
    value = report(people, jobs, 2025, "10")
    services.submit_value(value, actor=people["coordinator"])
    client.force_login(people["ministry"])
    url = reverse("results:value_return", args=[value.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Bad\x00"}).status_code == 400
    value.refresh_from_db()
    assert value.status == "submitted"
    assert client.post(url, {"reason": "Chiffre de 2024."}).status_code == 302
    value.refresh_from_db()
    assert (value.status, value.return_reason) == ("returned", "Chiffre de 2024.")


def test_the_submitter_is_refused_the_approval_with_the_reason(client, people, jobs):
    value = report(people, jobs, 2025, "10", actor="office_in")
    services.submit_value(value, actor=people["office_in"])
    client.force_login(people["office_in"])
    page = client.get(value.get_absolute_url()).content.decode()
    assert reverse("results:value_approve", args=[value.pk]) not in page
    assert 'class="notice"' in page  # the page says why there is no button
    response = client.post(reverse("results:value_approve", args=[value.pk]))
    assert response.status_code == 403
    value.refresh_from_db()
    assert value.status == "submitted"


def test_the_pages_are_refused_as_the_policies_say(client, people, jobs):
    value = report(people, jobs, 2025, "10")
    url = table_url(people)
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(people["stranger"])
    assert client.get(url).status_code == 403  # no results area
    client.force_login(people["office_out"])
    assert client.get(url).status_code == 404
    assert client.get(value.get_absolute_url()).status_code == 404
    client.force_login(people["member"])
    assert client.get(url).status_code == 200
    assert client.get(value.get_absolute_url()).status_code == 200
    assert client.get(reverse("results:value_report", args=[people["creneau"].pk])).status_code == 403
    assert client.post(reverse("results:value_submit", args=[value.pk])).status_code == 403
    assert client.get(reverse("results:indicator_create")).status_code == 403
    client.force_login(people["coordinator"])
    assert client.get(reverse("results:value_submit", args=[value.pk])).status_code == 405
    assert client.get(reverse("results:value_approve", args=[value.pk])).status_code == 405
    assert client.post(reverse("results:value_approve", args=[value.pk])).status_code == 403


def test_the_ministry_defines_a_common_indicator_and_retires_it(client, people):
    client.force_login(people["ministry"])
    response = client.post(
        reverse("results:indicator_create"),
        {"code": "emplois", "name_fr": "Emplois", "unit": "count", "direction": "increase", "position": "1"},
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert indicator.plan is None
    bad = client.post(reverse("results:indicator_create"), {"code": "emplois", "name_fr": "Doublon\x00"})
    assert bad.status_code == 400 and Indicator.objects.count() == 1
    assert client.post(reverse("results:indicator_retire", args=[indicator.pk])).status_code == 302
    indicator.refresh_from_db()
    assert not indicator.active
    assert "Emplois" in client.get(reverse("results:indicator_list")).content.decode()


def test_the_plans_editors_add_its_indicators_and_targets(client, people, plan, jobs):
    client.force_login(people["coordinator"])
    response = client.post(
        reverse("results:plan_indicator_create", args=[plan.pk]),
        {"code": "emplois", "name_fr": "Emplois du plan", "unit": "count", "direction": "increase", "position": "1"},
    )
    assert response.status_code == 302 and Indicator.objects.filter(plan=plan).exists()
    url = reverse("results:target_set", args=[people["creneau"].pk])
    assert client.post(url, {"indicator": jobs.pk, "year": "2025", "value": "30"}).status_code == 302
    assert IndicatorTarget.objects.get().value == Decimal("30")
    assert client.post(url, {"indicator": jobs.pk, "year": "2031", "value": "30"}).status_code == 400
    client.force_login(people["member"])
    assert client.get(url).status_code == 403


def test_the_table_and_the_queue_read_in_a_fixed_number_of_queries(client, people, plan, jobs):
    client.force_login(people["ministry"])
    services.set_target(plan, jobs, actor=people["ministry"], year=2025, value=Decimal(5))
    approved(people, jobs, 2025, "5")
    services.submit_value(report(people, jobs, 2024, "4"), actor=people["coordinator"])  # one in the queue
    with CaptureQueriesContext(connection) as small:
        assert client.get(table_url(people)).status_code == 200
    with CaptureQueriesContext(connection) as small_queue:
        assert client.get(reverse("results:approval_queue")).status_code == 200
    for code in ("a", "b", "c"):
        indicator = services.define_indicator(actor=people["ministry"], data={"code": code, "name_fr": code})
        services.submit_value(report(people, indicator, 2024, "4"), actor=people["coordinator"])
        approved(people, indicator, 2025, "4")
    with CaptureQueriesContext(connection) as large:
        page = client.get(table_url(people))
    with CaptureQueriesContext(connection) as large_queue:
        queue = client.get(reverse("results:approval_queue"))
    assert len(large) == len(small)
    assert len(large_queue) == len(small_queue)
    assert page.content.decode().count('<th scope="row">') == 4
    assert queue.content.decode().count('<th scope="row">') == 4


def test_a_plans_own_indicator_is_changed_from_the_niches_table_by_the_plans_editors(client, people, plan, members):
    edit = reverse("results:indicator_edit", args=[members.pk])
    client.force_login(people["member"])
    assert edit not in client.get(table_url(people)).content.decode()
    assert client.get(edit).status_code == 403
    client.force_login(people["coordinator"])
    assert edit in client.get(table_url(people)).content.decode()
    response = client.post(
        edit, {"code": "membres", "name_fr": "Membres", "unit": "count", "direction": "increase", "position": "2"}
    )
    assert response.status_code == 302
    members.refresh_from_db()
    assert (members.name_fr, members.position) == ("Membres", 2)
    assert client.post(reverse("results:indicator_retire", args=[members.pk])).status_code == 302
    members.refresh_from_db()
    assert not members.active


def test_the_indicator_list_reads_in_a_fixed_number_of_queries(client, people, plan, jobs):
    client.force_login(people["office_in"])
    url = reverse("results:indicator_list")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for code in ("a", "b"):
        services.define_indicator(actor=people["ministry"], data={"code": code, "name_fr": code})
        services.define_indicator(actor=people["coordinator"], plan=plan, data={"code": code, "name_fr": code})
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert len(large) == len(small)
    assert page.count('<th scope="row">') == 5


def test_the_approval_queue_pages_the_oldest_first(client, people, jobs, settings):
    settings.ACCORD_PAGE_SIZE = 2
    for year in (2021, 2022, 2023):
        services.submit_value(report(people, jobs, year, "1"), actor=people["coordinator"])
    client.force_login(people["office_in"])
    url = reverse("results:approval_queue")
    first = client.get(url).content.decode()
    assert "3 valeurs attendent votre décision." in first
    assert first.count('<th scope="row">') == 2 and "<td>2021</td>" in first and "<td>2023</td>" not in first
    assert 'href="?page=2"' in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert second.count('<th scope="row">') == 1 and "<td>2023</td>" in second
    past = client.get(url, {"page": "99"}).content.decode()  # past the end: the last page
    assert past.count('<th scope="row">') == 1 and "<td>2023</td>" in past
    # Capped: more than the program's cap says so, and stops counting there.
    settings.ACCORD_COUNT_CAP = 2
    assert "Plus de 2 valeurs attendent votre décision." in client.get(url).content.decode()


def test_the_admin_shows_the_results_read_only(client, people, jobs):
    value = approved(people, jobs, 2025, "5")
    admin = type(people["ministry"]).objects.create_superuser("technique@example.org", "x" * 12)
    client.force_login(admin)
    for model in ("indicator", "indicatortarget", "indicatorvalue", "indicatorvalueevent", "valuereminder", "bilan"):
        assert client.get(reverse(f"admin:results_{model}_changelist")).status_code == 200
    change = reverse("admin:results_indicatorvalue_change", args=[value.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="value"' not in page.content.decode()  # shown, not a field
    assert client.post(change, {"value": "99"}).status_code == 403
    assert client.get(reverse("admin:results_indicatorvalue_add")).status_code == 403
    assert client.post(reverse("admin:results_indicatorvalue_delete", args=[value.pk])).status_code == 403
    value.refresh_from_db()
    assert value.value == Decimal("5.00")
