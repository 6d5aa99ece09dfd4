"""The fund's work queues (registry.queues) per role, the pages that show them (the landing page,
the notification centre), the daily digest, and the confirmations before money moves."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory
from accord.funding import selectors, services
from accord.funding.models import ClaimStatus, LedgerEntry, Project, ProjectEvent, ProjectStatus
from accord.registry import queues
from accord.registry.tasks import email_digests

from .conftest import attachment, client_for, draft, queries, reported, signed, text, to_analysis

pytestmark = pytest.mark.django_db


def keyed(user):
    return {q.key: q for q in selectors.queues_for(user, timezone.localdate()) if q.count}


def en(name, *args, query=""):
    with translation.override("en"):
        return reverse(name, args=args) + query


def awaiting_signature(world):
    project = to_analysis(world, requested="150000", costs=[("equipment", "Robot", Decimal("400000"))])
    services.grant_project(project, actor=world.ministry, amount=Decimal("150000"))
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWAITING_SIGNATURE
    return project


# --- Who sees what ----------------------------------------------------------------------------------


def test_a_project_in_analysis_waits_for_the_ministry_only(world):
    project = to_analysis(world)
    analysis = keyed(world.ministry)["analysis"]
    assert analysis.count == 1 and analysis.oldest == timezone.localdate()
    [item] = analysis.first()
    assert item.url == project.get_absolute_url() and project.number in item.subject
    for user in (world.office, world.carrier_user):
        assert "analysis" not in keyed(user)


def test_a_second_signature_waits_for_another_officer_not_for_the_first_signer(world):
    project = awaiting_signature(world)
    assert "countersign" not in keyed(world.ministry)
    [item] = keyed(world.second_ministry)["countersign"].first()
    assert item.url == project.get_absolute_url()


def test_a_claim_waits_for_the_ministry_with_a_link_to_decide_it(world):
    project = signed(world)
    claim = services.claim_disbursement(
        project, actor=world.carrier_user, amount=Decimal("1000"), claim="Frais", proof=attachment()
    )
    [item] = keyed(world.ministry)["claims"].first()
    assert item.url == reverse("funding:disbursement_decide", args=[claim.pk])
    assert "claims" not in keyed(world.carrier_user)


def test_a_returned_project_waits_for_its_carrier(world):
    project = to_analysis(world)
    services.return_project(project, actor=world.ministry, reason="Budget incomplet")
    [item] = keyed(world.carrier_user)["returned"].first()
    assert item.url == project.get_absolute_url()
    assert "returned" not in keyed(world.ministry) and "analysis" not in keyed(world.ministry)


def test_anonymous_visitors_have_no_queue(world):
    from django.contrib.auth.models import AnonymousUser

    assert queues.for_user(AnonymousUser()) == []


# --- The landing page and the notification centre -------------------------------------------------------


def test_the_ministry_lands_on_its_queues_in_a_fixed_number_of_queries(world, ministry):
    project = to_analysis(world)
    address = en("registry_bo:dashboard")
    page = text(ministry.get(address))
    assert "Projects to analyse" in page and project.number in page and "since today" in page
    few = len(queries(ministry, address))
    for _ in range(4):
        to_analysis(world)
    assert len(queries(ministry, address)) == few
    assert "All 5 items of “Projects to analyse”" in text(ministry.get(address))


def test_the_notification_centre_pages_a_queue_in_a_fixed_number_of_queries(world, ministry):
    first = to_analysis(world)
    address = en("registry_bo:work_centre", query="?queue=analysis")
    page = text(ministry.get(address))
    assert first.number in page and "Daily digest" in page
    few = len(queries(ministry, address))
    for _ in range(3):
        to_analysis(world)
    assert len(queries(ministry, address)) == few


def test_the_notification_centre_pages_past_its_page_size(world, ministry, monkeypatch):
    from accord.registry import selectors as registry_selectors

    monkeypatch.setattr(registry_selectors, "WORK_PAGE_SIZE", 1)
    older = to_analysis(world)
    newer = to_analysis(world)
    first = text(ministry.get(en("registry_bo:work_centre", query="?queue=analysis")))
    second = text(ministry.get(en("registry_bo:work_centre", query="?queue=analysis&page=2")))
    assert older.number in first and newer.number not in first
    assert newer.number in second and older.number not in second


def test_the_carrier_reaches_its_notification_centre(world, carrier):
    project = to_analysis(world)
    services.return_project(project, actor=world.ministry, reason="Budget incomplet")
    page = text(carrier.get(en("registry_bo:work_centre")))
    assert "Projects returned for changes" in page and project.number in page


def test_the_notification_centre_refuses_the_anonymous_the_roleless_an_unknown_queue_and_other_methods(
    world, client, ministry, outsider
):
    address = en("registry_bo:work_centre")
    assert reverse("accounts:login") in client.get(address)["Location"]
    assert client_for(outsider).get(address).status_code == 403
    assert ministry.get(address + "?queue=nothing").status_code == 404
    assert ministry.put(address).status_code == 405
    # A queue of the user's that is empty is shown, empty.
    assert ministry.get(address + "?queue=claims").status_code == 200


def test_the_digest_is_off_until_the_user_turns_it_on_and_the_change_is_in_history(world, ministry):
    assert world.ministry.queue_digest is False
    response = ministry.post(en("registry_bo:work_centre"), {"queue_digest": "on"})
    assert response.status_code == 302
    world.ministry.refresh_from_db()
    assert world.ministry.queue_digest is True
    assert world.ministry.history.first().history_user == world.ministry
    ministry.post(en("registry_bo:work_centre"), {})
    world.ministry.refresh_from_db()
    assert world.ministry.queue_digest is False


def test_the_digest_goes_once_to_each_user_who_asked_and_has_something_waiting(world):
    project = to_analysis(world)
    world.ministry.queue_digest = True
    world.ministry.save(update_fields=["queue_digest"])
    idle = UserFactory(email="idle@example.org", queue_digest=True)  # nothing waits for them
    assert email_digests() == 1
    [message] = mail.outbox
    assert message.to == [world.ministry.email]
    assert project.number in message.body and "/gestion/a-faire/" in message.body
    # The second officer has the same project waiting but did not ask; the idle user asked, for nothing.
    assert {m.to[0] for m in mail.outbox}.isdisjoint({world.second_ministry.email, idle.email})


# --- Money moves only once confirmed ----------------------------------------------------------------


def test_countersigning_states_the_amount_committed_before_committing_it(world):
    project = awaiting_signature(world)
    second = client_for(world.second_ministry)
    address = en("funding:project_countersign", project.pk)
    response = second.post(address)
    assert response.status_code == 200
    assert "will be committed against the envelope" in text(response) and "150,000" in text(response)
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWAITING_SIGNATURE
    second.post(address, {"confirmed": "1"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED


def test_paying_states_the_amount_released_before_paying(world, ministry):
    project = signed(world)
    claim = services.claim_disbursement(
        project, actor=world.carrier_user, amount=Decimal("1000"), claim="Frais", proof=attachment()
    )
    address = en("funding:disbursement_decide", claim.pk)
    page = text(ministry.post(address, {"decision": "pay", "note": ""}))
    assert "will be released to Meubles Boréal inc." in page and 'name="decision" value="pay"' in page
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLAIMED
    # Rejecting releases nothing: no confirmation.
    assert ministry.post(address, {"decision": "reject", "note": "Facture illisible"}).status_code == 302


def test_closing_states_the_final_payment_and_the_unspent_amount_released(world, ministry):
    project = reported(world, holdback_rate="10", claimed="30000")
    page = text(ministry.post(en("funding:project_close", project.pk)))
    assert "The final payment of $4,000.00 will be released" in page
    assert "$6,000.00 not paid will be released and go back to the envelope" in page
    assert not LedgerEntry.objects.filter(kind="release").exists()
    project.refresh_from_db()
    assert project.status == ProjectStatus.FINAL_REPORT


def test_a_carrier_lands_on_its_projects_with_its_queues_first(world, carrier):
    project = to_analysis(world)
    services.return_project(project, actor=world.ministry, reason="Budget incomplet")
    page = text(carrier.get(en("funding:project_list")))
    assert page.index("Projects returned for changes") < page.index('id="filters-title"')
    # Filtering the list is not landing: the queues are not read again.
    assert "Projects returned for changes" not in text(carrier.get(en("funding:project_list", query="?q=x")))


def test_a_project_waits_since_its_last_step_into_its_status_oldest_first(world):
    newer = to_analysis(world)
    older = to_analysis(world)
    for project in (older, newer):
        project.refresh_from_db()
        step = project.events.filter(to_status=ProjectStatus.ANALYSIS).latest("occurred_at")
        # Kept on the project by the step that led there, to the moment of its event.
        assert abs(project.status_entered_at - step.occurred_at) < datetime.timedelta(seconds=1)
    # One of them has waited nine days: it comes first, and dates the queue.
    Project.objects.filter(pk=older.pk).update(status_entered_at=timezone.now() - datetime.timedelta(days=9))
    analysis = keyed(world.ministry)["analysis"]
    assert analysis.oldest == timezone.localdate() - datetime.timedelta(days=9)
    assert [item.url for item in analysis.first()] == [older.get_absolute_url(), newer.get_absolute_url()]
    # A step out and back in starts the wait again.
    services.return_project(older, actor=world.ministry, reason="Budget à revoir")
    older.refresh_from_db()
    assert (
        older.status == ProjectStatus.RETURNED and timezone.localdate(older.status_entered_at) == timezone.localdate()
    )


def test_the_migration_reads_the_wait_of_the_existing_projects_from_their_events(world):
    migration = importlib.import_module("accord.funding.migrations.0022_status_entered_at")
    project = to_analysis(world)
    step = project.events.filter(to_status=ProjectStatus.ANALYSIS).latest("occurred_at")
    drafted = draft(world)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Project.objects.update(status_entered_at=long_ago)
    ProjectEvent.objects.filter(project=drafted).delete()  # no event: its last change stands

    state = MigrationExecutor(connection).loader.project_state(("funding", "0022_status_entered_at"))
    migration.from_the_events(state.apps, None)

    project.refresh_from_db()
    drafted.refresh_from_db()
    assert project.status_entered_at == step.occurred_at
    assert drafted.status_entered_at == drafted.updated_at
