"""Who decides (issue 11 §3–4): the member who chairs, the sign-off of decisions recorded by
someone else, co-presidencies, the signatures of approved minutes."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory
from accord.core.workflow import InvalidTransition
from accord.governance import services
from accord.governance.models import EventKind, MandateRole, MinutesStatus

from .conftest import attend, client_for, in_session, url, voting
from .factories import MandateFactory

pytestmark = pytest.mark.django_db


def _minutes_to_approve(committee, staff):
    """Minutes of a meeting forty days ago, and today's meeting in session with every voting member present."""
    earlier = in_session(committee, staff, starts_at=timezone.now() - datetime.timedelta(days=40))
    services.close_meeting(earlier, actor=staff)
    minutes = services.draft_minutes(earlier, actor=staff, text="Présents : tous.")
    return minutes


def _approval(committee, members, staff):
    minutes = _minutes_to_approve(committee, staff)
    meeting = in_session(committee, staff)
    attend(meeting, staff, voting(members))
    resolution = services.propose_resolution(meeting, actor=staff, title="PV", text="…", subject=minutes)
    return minutes, resolution


def test_a_decision_recorded_by_staff_takes_effect_once_the_chair_signs_it_off(
    committee, members, estrie_user, django_capture_on_commit_callbacks
):
    minutes, resolution = _approval(committee, members, estrie_user)
    assert resolution.meeting.chaired_by == members["president"]  # the committee's only president
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_resolution(resolution, actor=estrie_user, mode="consensus")
    resolution.refresh_from_db()
    minutes.refresh_from_db()
    assert (resolution.outcome, resolution.chaired_by, resolution.signed_off_at) == (
        "adopted",
        members["president"],
        None,
    )
    assert resolution.awaits_sign_off
    assert minutes.status == MinutesStatus.DRAFT  # no effect yet
    # The chair is asked to confirm, by email.
    [message] = mail.outbox
    assert message.to == [members["president"].person.email]
    assert resolution.number in message.subject

    alice = UserFactory(person=members["alice"].person)
    for someone in (alice, estrie_user):
        with pytest.raises(PermissionDenied):
            services.sign_off_resolution(resolution, actor=someone)
    president = UserFactory(person=members["president"].person)
    services.sign_off_resolution(resolution, actor=president)
    resolution.refresh_from_db()
    minutes.refresh_from_db()
    assert resolution.signed_off_by == president and resolution.signed_off_at is not None
    assert minutes.status == MinutesStatus.APPROVED
    assert committee.events.filter(kind=EventKind.RESOLUTION_SIGNED_OFF, actor=president).exists()
    with pytest.raises(InvalidTransition):
        services.sign_off_resolution(resolution, actor=president)


def test_a_decision_the_chair_records_takes_effect_at_once(committee, members, estrie_user):
    minutes, resolution = _approval(committee, members, estrie_user)
    president = UserFactory(person=members["president"].person)
    services.decide_resolution(resolution, actor=president, mode="consensus")
    resolution.refresh_from_db()
    minutes.refresh_from_db()
    assert resolution.signed_off_by == president and resolution.signed_off_at == resolution.decided_at
    assert not resolution.awaits_sign_off
    assert minutes.status == MinutesStatus.APPROVED


def test_nobody_decides_until_a_member_present_is_named_to_chair(committee, estrie_user):
    """A co-presidency: with two co-presidents and no president, the meeting names who chairs."""
    first = MandateFactory(committee=committee, role=MandateRole.CO_PRESIDENT)
    second = MandateFactory(committee=committee, role=MandateRole.CO_PRESIDENT)
    member = MandateFactory(committee=committee)
    meeting = in_session(committee, estrie_user)
    assert meeting.chaired_by is None
    for mandate in (first, member):
        services.record_attendance(meeting, mandate, actor=estrie_user, status="present")
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="Budget", text="…")
    for language, message in [
        ("fr", "Nommez le membre qui préside la réunion avant d'inscrire une décision."),
        ("en", "Name the member who chairs the meeting before recording a decision."),
    ]:
        with translation.override(language), pytest.raises(ValidationError) as refused:
            services.decide_resolution(resolution, actor=estrie_user, mode="consensus")
        assert refused.value.message_dict == {"chair": [message]}
    services.name_chair(meeting, actor=estrie_user, mandate=second)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.decide_resolution(resolution, actor=estrie_user, mode="consensus")
    assert refused.value.message_dict == {
        "chair": [f"{second.person} chairs the meeting but is not recorded as present."]
    }
    services.name_chair(meeting, actor=estrie_user, mandate=first, reason="Second co-president absent")
    services.decide_resolution(resolution, actor=estrie_user, mode="consensus")
    resolution.refresh_from_db()
    assert resolution.chaired_by == first
    assert committee.events.filter(kind=EventKind.CHAIR_NAMED).count() == 2


def test_a_co_president_who_opens_the_meeting_chairs_it(committee, estrie_user):
    MandateFactory(committee=committee, role=MandateRole.CO_PRESIDENT)
    second = MandateFactory(committee=committee, role=MandateRole.CO_PRESIDENT)
    meeting = in_session(committee, UserFactory(person=second.person))
    assert meeting.chaired_by == second


def test_the_chair_is_a_voting_member_seated_on_the_committee(committee, members, estrie_user, monteregie):
    meeting = in_session(committee, estrie_user)
    elsewhere = MandateFactory()
    for seat in (members["coordinator"], elsewhere):
        with pytest.raises(ValidationError) as refused:
            services.name_chair(meeting, actor=estrie_user, mandate=seat)
        assert "chair" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.name_chair(meeting, actor=UserFactory(person=members["alice"].person), mandate=members["alice"])
    services.close_meeting(meeting, actor=estrie_user)
    with pytest.raises(InvalidTransition):
        services.name_chair(meeting, actor=estrie_user, mandate=members["alice"])


def test_approved_minutes_are_signed_by_the_chair_and_the_secretary(committee, members, estrie_user):
    minutes, resolution = _approval(committee, members, estrie_user)
    president = UserFactory(person=members["president"].person)
    secretary = UserFactory(person=members["secretary"].person)
    alice = UserFactory(person=members["alice"].person)
    with pytest.raises(InvalidTransition):
        services.sign_minutes(minutes, actor=secretary)  # not approved yet
    services.decide_resolution(resolution, actor=president, mode="consensus")
    minutes.refresh_from_db()
    for someone in (alice, estrie_user):
        with pytest.raises(PermissionDenied):
            services.sign_minutes(minutes, actor=someone)
    services.sign_minutes(minutes, actor=secretary)
    with pytest.raises(InvalidTransition):
        services.sign_minutes(minutes, actor=secretary)
    services.sign_minutes(minutes, actor=president)
    minutes.refresh_from_db()
    assert (minutes.chair_signed_by, minutes.secretary_signed_by) == (president, secretary)
    assert minutes.chair_signed_at and minutes.secretary_signed_at
    assert committee.events.filter(kind=EventKind.MINUTES_SIGNED).count() == 2


# --- Pages ---------------------------------------------------------------------------------


def test_the_resolution_page_asks_the_chair_alone_to_confirm_the_recorded_result(
    committee, members, estrie_user, estrie_client
):
    minutes, resolution = _approval(committee, members, estrie_user)
    services.decide_resolution(resolution, actor=estrie_user, mode="consensus")
    address = url("resolution_detail", resolution.pk)
    staff_page = estrie_client.get(address).content.decode()
    assert f"Awaiting the sign-off of {members['president'].person}" in staff_page
    assert url("resolution_sign_off", resolution.pk) not in staff_page
    assert estrie_client.post(url("resolution_sign_off", resolution.pk)).status_code == 403

    chair = client_for(UserFactory(person=members["president"].person))
    with translation.override("fr"):
        french = reverse("governance:resolution_detail", args=[resolution.pk])
    assert "Confirmer le résultat inscrit" in chair.get(french).content.decode()
    response = chair.post(url("resolution_sign_off", resolution.pk), follow=True)
    assert response.status_code == 200
    assert "is signed off: it takes effect" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    page = chair.get(address).content.decode()
    assert "Confirmed by" in page and "Confirm the recorded result" not in page


def test_the_meeting_page_names_the_chair_and_offers_the_signatures(committee, members, estrie_user, estrie_client):
    minutes, resolution = _approval(committee, members, estrie_user)
    meeting = resolution.meeting
    page = estrie_client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert f"{members['president'].person} (president)" in page
    response = estrie_client.post(url("meeting_chair", meeting.pk), {"mandate": members["alice"].pk}, follow=True)
    assert f"{members['alice'].person} chairs the meeting." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.chaired_by == members["alice"]
    response = estrie_client.post(url("meeting_chair", meeting.pk), {"mandate": members["coordinator"].pk}, follow=True)
    assert "The chair is a member of the committee" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.chaired_by == members["alice"]

    services.name_chair(meeting, actor=estrie_user, mandate=members["president"])
    services.decide_resolution(resolution, actor=UserFactory(person=members["president"].person), mode="consensus")
    secretary = client_for(UserFactory(person=members["secretary"].person))
    earlier = minutes.meeting
    page = secretary.get(url("meeting_detail", earlier.pk)).content.decode()
    assert "Sign the approved minutes" in page
    assert secretary.post(url("minutes_sign", minutes.pk)).status_code == 302
    page = secretary.get(url("meeting_detail", earlier.pk)).content.decode()
    assert "Sign the approved minutes" not in page
    assert estrie_client.post(url("minutes_sign", minutes.pk)).status_code == 403
