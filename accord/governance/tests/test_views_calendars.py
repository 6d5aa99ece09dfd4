"""Calendar feeds: the secret address of a user's meetings, for calendar apps that cannot sign in."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from accord.governance import services
from accord.governance.models import CalendarToken

from .conftest import url
from .factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def test_calendar_feeds_work_with_the_secret_address_only(alice_client, committee, members, estrie_user):
    meeting = services.plan_meeting(
        committee,
        actor=estrie_user,
        title="Réunion de décembre",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        location="Sherbrooke",
        items=[{"title": "Plan"}],
    )
    services.convene_meeting(meeting, actor=estrie_user)
    assert alice_client.post(url("calendar_page")).status_code == 302
    token = CalendarToken.objects.get(user__person=members["alice"].person).token
    feed = Client().get(url("person_calendar", token))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(feed.content).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Furniture niche committee – Réunion de décembre"]
    assert Client().get(url("committee_calendar", token, committee.slug)).status_code == 200
    assert Client().get(url("person_calendar", "not-a-token")).status_code == 404
    # A new address revokes the old one.
    alice_client.post(url("calendar_page"))
    assert Client().get(url("person_calendar", token)).status_code == 404


def test_a_committee_feed_of_a_committee_one_cannot_see_is_404(alice_client, members):
    alice_client.post(url("calendar_page"))
    token = CalendarToken.objects.get(user__person=members["alice"].person).token
    other = CommitteeFactory()
    assert Client().get(url("committee_calendar", token, other.slug)).status_code == 404
