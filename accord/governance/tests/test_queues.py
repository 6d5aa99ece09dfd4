"""Governance's work queues (registry.queues): who sees which agenda, mandate, committee and report,
and the confirmation before convening."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.accounts.tests.factories import UserFactory, grant
from accord.governance import selectors, services
from accord.governance.models import MandateRole, MeetingStatus
from accord.registry import queues
from accord.registry.tests.factories import CreneauFactory, PersonFactory

from .conftest import client_for, plan, url
from .factories import BylawsFactory, CommitteeFactory, MandateFactory

pytestmark = pytest.mark.django_db


def keyed(user):
    return {q.key: q for q in selectors.queues_for(user, timezone.localdate()) if q.count}


def test_a_meeting_not_yet_convened_waits_for_those_who_convene_it(
    committee, members, estrie_user, ministry_user, monteregie
):
    meeting = plan(committee, estrie_user)
    for user in (estrie_user, ministry_user, UserFactory(person=members["secretary"].person)):
        agendas = keyed(user)["agendas"]
        assert agendas.count == 1 and agendas.oldest == timezone.localdate()
        [item] = agendas.first()
        assert item.url == meeting.get_absolute_url() and meeting.title in item.subject
    # A plain member does not prepare agendas; nor does another region's office.
    assert "agendas" not in keyed(UserFactory(person=members["alice"].person))
    other = UserFactory()
    grant(other, "regional_office", monteregie)
    assert "agendas" not in keyed(other)


def test_a_convened_meeting_leaves_the_queue(committee, members, estrie_user, django_capture_on_commit_callbacks):
    meeting = plan(committee, estrie_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.convene_meeting(meeting, actor=estrie_user)
    assert "agendas" not in keyed(estrie_user)


def test_mandates_ending_within_60_days_wait_for_staff_and_for_their_holder(committee, members, estrie_user):
    today = timezone.localdate()
    soon = MandateFactory(committee=committee, ends_on=today + datetime.timedelta(days=30), person=PersonFactory())
    MandateFactory(committee=committee, ends_on=today + datetime.timedelta(days=90))  # later: not yet
    ending = keyed(estrie_user)["mandates_ending"]
    assert ending.count == 1 and ending.oldest == soon.ends_on
    holder = keyed(UserFactory(person=soon.person))["mandates_ending"]
    assert holder.count == 1
    # Another member sees nothing of it.
    assert "mandates_ending" not in keyed(UserFactory(person=members["alice"].person))


def test_committees_out_of_compliance_wait_for_staff_only(committee, members, estrie_user):
    BylawsFactory(committee=committee, max_members=2)
    compliance = keyed(estrie_user)["compliance"]
    assert committee.name in [item.subject for item in compliance.first(10)]
    assert "compliance" not in keyed(UserFactory(person=members["president"].person))


def test_a_late_coordinator_report_waits_for_staff_and_for_the_coordinator(committee, members, estrie_user):
    BylawsFactory(committee=committee, coordinator_report_months=6)
    late = keyed(estrie_user)["reports_late"]
    assert late.count == 1 and late.oldest == datetime.date(2024, 7, 1)
    coordinator = UserFactory(person=members["coordinator"].person)
    assert keyed(coordinator)["reports_late"].count == 1
    assert "reports_late" not in keyed(UserFactory(person=members["alice"].person))


def test_the_queues_take_a_fixed_number_of_queries(committee, members, estrie_user):
    # Every queue has something from the start: an empty queue reads no item, which would flatter the count.
    plan(committee, estrie_user)
    MandateFactory(committee=committee, ends_on=timezone.localdate(), person=PersonFactory())

    def read():
        with CaptureQueriesContext(connection) as captured:
            for queue in queues.for_user(estrie_user):
                queue.first()
        return len(captured)

    few = read()
    for n in range(4):
        other = CommitteeFactory(creneau=CreneauFactory(regions=[committee.creneau.regions.get()]))
        MandateFactory(committee=other, role=MandateRole.PRESIDENT, ends_on=timezone.localdate())
        plan(other, estrie_user, title=f"Réunion {n}")
    assert read() == few
    assert {q.key: q.count for q in queues.for_user(estrie_user)}["agendas"] == 5


# --- Convening asks first ------------------------------------------------------------------------------


def test_convening_shows_how_many_members_will_be_emailed_before_sending(committee, members, estrie_user):
    meeting = plan(committee, estrie_user)
    client = client_for(estrie_user)
    response = client.post(url("meeting_convene", meeting.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"emailed to {len(members)} members" in page and 'name="confirmed" value="1"' in page
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and not mail.outbox


def test_a_member_may_not_reach_the_confirmation_of_convening(committee, members, estrie_user, alice_client):
    meeting = plan(committee, estrie_user)
    assert alice_client.post(url("meeting_convene", meeting.pk)).status_code == 403
    assert client_for(estrie_user).get(url("meeting_convene", meeting.pk)).status_code == 405


def test_a_members_home_leads_with_their_queues(committee, members):
    members["alice"].ends_on = timezone.localdate() + datetime.timedelta(days=20)
    members["alice"].save(update_fields=["ends_on"])
    page = client_for(UserFactory(person=members["alice"].person)).get(url("my_committees")).content.decode()
    assert "Mandates ending within 60 days" in page and "in 20 days" in page


def test_closing_a_meeting_asks_first_and_changes_nothing_until_confirmed(committee, members, estrie_user):
    meeting = plan(committee, estrie_user, starts_at=timezone.now())
    services.convene_meeting(meeting, actor=estrie_user)
    services.open_meeting(meeting, actor=estrie_user)
    client = client_for(estrie_user)
    page = client.post(url("meeting_close", meeting.pk)).content.decode()
    assert "No attendance, vote or resolution can be recorded" in page and 'name="confirmed" value="1"' in page
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert client.post(url("meeting_close", meeting.pk), {"confirmed": "1"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED


def test_the_ministrys_landing_page_reads_a_fixed_number_of_queries(committee, members, ministry_user, estrie_user):
    """The back office's home with every governance queue waiting: as many queries for one committee as for
    many, each with an agenda to prepare, a mandate ending, bylaws broken and a report overdue."""

    def committee_with_everything(committee):
        BylawsFactory(committee=committee, max_members=2, coordinator_report_months=6)
        plan(committee, estrie_user)
        MandateFactory(committee=committee, ends_on=timezone.localdate(), person=PersonFactory())
        if not committee.mandates.filter(role=MandateRole.COORDINATOR).exists():
            MandateFactory(committee=committee, role=MandateRole.COORDINATOR, voting=False, constituency="other")

    committee_with_everything(committee)
    client = client_for(ministry_user)
    address = reverse("registry_bo:dashboard")

    def read():
        client.get(address)  # the first request of a client reads its session and content types once
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        counts = {q.key: q.count for q in response.context["queues"]}
        return len(captured), counts

    few, counts = read()
    assert {key: counts[key] for key in ("agendas", "mandates_ending", "compliance", "reports_late")} == dict.fromkeys(
        ("agendas", "mandates_ending", "compliance", "reports_late"), 1
    )
    for _ in range(4):
        committee_with_everything(CommitteeFactory(creneau=CreneauFactory(regions=[committee.creneau.regions.get()])))
    many, counts = read()
    assert counts["compliance"] == counts["reports_late"] == 5 and counts["agendas"] == 5
    # The user and their roles; the registry's count of active niches; the fund's three queues (empty
    # here); the indicator values to approve (empty here); agendas and mandates ending, a count then the
    # first few each; compliance and late reports together in one query, then the coordinators of the
    # reports shown; the latest imports.
    assert many == few == 14
