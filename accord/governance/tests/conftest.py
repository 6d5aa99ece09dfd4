"""The cast of the meeting pages' tests, and helpers every governance test file may import.

A committee of the Meuble niche in Estrie with a president, a secretary, four members and a
non-voting coordinator; meetings planned, in session (every voting member present, one
pending resolution) and closed (with draft minutes). Test files with a cast of their own
(committee pages, services, API) define their own `committee` and `members`.
"""

import dataclasses
import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory, grant
from accord.governance import services, subjects
from accord.governance.models import AttendanceStatus
from accord.registry.tests.factories import CreneauFactory, PersonFactory

from .factories import CommitteeFactory, MandateFactory


def url(name, *args):
    """English pages: the assertions read the English text, whatever the French catalogue says."""
    with translation.override("en"):
        return reverse(f"governance:{name}", args=args)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def committee(estrie):
    creneau = CreneauFactory(slug="meuble", regions=[estrie])
    return CommitteeFactory(
        code="CC-MEUBLE-05", creneau=creneau, name_fr="Comité du créneau Meuble", name_en="Furniture niche committee"
    )


@pytest.fixture
def members(committee):
    """A president, a secretary, four members and a non-voting coordinator."""
    people = {}
    for name, role in [
        ("president", "president"),
        ("secretary", "secretary"),
        ("alice", "member"),
        ("bruno", "member"),
        ("chloe", "member"),
        ("denis", "member"),
    ]:
        people[name] = MandateFactory(
            committee=committee,
            role=role,
            person=PersonFactory(first_name=name.capitalize(), email=f"{name}@example.org"),
        )
    people["coordinator"] = MandateFactory(
        committee=committee, role="coordinator", voting=False, person=PersonFactory(first_name="Coordo")
    )
    return people


@pytest.fixture
def alice_client(members):
    """A plain member: sees the committee, runs nothing."""
    return client_for(UserFactory(person=members["alice"].person))


@pytest.fixture
def other_office_client(monteregie):
    user = UserFactory()
    grant(user, "regional_office", monteregie)
    return client_for(user)


def plan(committee, actor, *, items=("Plan d'action",), **kwargs):
    return services.plan_meeting(
        committee,
        actor=actor,
        title=kwargs.pop("title", "Réunion d'automne"),
        starts_at=kwargs.pop("starts_at", timezone.now() + datetime.timedelta(days=10)),
        location="Drummondville",
        items=[{"title": t, "kind": "decision"} for t in items],
        **kwargs,
    )


def in_session(committee, actor, **kwargs):
    """A meeting opened on its day: today, unless the test dates it in the past."""
    kwargs.setdefault("starts_at", timezone.now())
    meeting = plan(committee, actor, **kwargs)
    services.convene_meeting(meeting, actor=actor)
    services.open_meeting(meeting, actor=actor)
    return meeting


def attend(meeting, actor, mandates, status=AttendanceStatus.PRESENT):
    """Record the attendance; a meeting nobody chairs yet is chaired by the first voting member present."""
    for mandate in mandates:
        services.record_attendance(meeting, mandate, actor=actor, status=status)
    meeting.refresh_from_db()
    present = [m for m in mandates if m.voting and status == AttendanceStatus.PRESENT]
    if meeting.chaired_by is None and present and meeting.status == "held":
        services.name_chair(meeting, actor=actor, mandate=present[0])


def voting(members):
    return [m for m in members.values() if m.voting]


def count_queries(client, address):
    """The queries of a page, asked a second time (the first loads the content types once)."""
    client.get(address)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.fixture
def meeting(committee, members, estrie_user):
    return plan(committee, estrie_user)


@pytest.fixture
def session(committee, members, estrie_user):
    """A meeting in session, every voting member present, one pending resolution."""
    meeting = in_session(committee, estrie_user)
    attend(meeting, estrie_user, voting(members))
    resolution = services.propose_resolution(
        meeting, actor=estrie_user, title="Appui au plan", text="Il est résolu…", item=meeting.items.get()
    )
    return meeting, resolution


@pytest.fixture
def closed(committee, members, estrie_user):
    """A closed meeting of forty days ago, with its draft minutes."""
    meeting = in_session(committee, estrie_user, starts_at=timezone.now() - datetime.timedelta(days=40))
    services.close_meeting(meeting, actor=estrie_user)
    minutes = services.draft_minutes(meeting, actor=estrie_user, text="Présents : tous.")
    return meeting, minutes


@pytest.fixture
def organisations_bind():
    """Decisions on an organisation bind the composition, as the fund's projects do.

    Governance knows no projects (the fund registers them, see subjects): a kind of its own
    stands in for them here; accord/funding/tests/test_committee_balance.py decides on real projects.
    """
    original = subjects.by_label("registry.organisation")
    subjects.register(dataclasses.replace(original, binds_composition=True))
    yield
    subjects.register(original)
