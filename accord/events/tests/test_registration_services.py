"""Registering to an event, cancelling, the waiting list and attendance, through the services: seats
never exceeded, first come first served, refusals with their reason, emails with the event's .ics."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from icalendar import Calendar

from accord.core.public import version
from accord.core.workflow import InvalidTransition
from accord.events import services
from accord.events.models import Event, Registration, RegistrationStatus

from .conftest import make_event, open_event, sign_up, soon

pytestmark = pytest.mark.django_db

C, W, X = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED


@pytest.fixture(autouse=True)
def english():
    """The refusals are read in English here (their French is the catalogue's)."""
    with translation.override("en"):
        yield


def statuses(event):
    return list(event.registrations.order_by("pk").values_list("status", flat=True))


def test_seats_go_first_come_first_served_then_the_waiting_list(cast):
    event = open_event(cast, capacity=2)
    people = sign_up(event, 4)
    assert [p.status for p in people] == [C, C, W, W]
    assert event.registrations.filter(status=C).count() == 2


def test_a_cancellation_hands_its_seat_to_the_first_on_the_waiting_list(cast):
    event = open_event(cast, capacity=2)
    first, _second, third, fourth = sign_up(event, 4)
    services.cancel_registration(first, token=first.token)
    assert statuses(event) == [X, C, C, W]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, fourth.status) == (C, W)


def test_the_seats_are_never_exceeded_whatever_the_order_of_registrations_and_cancellations(cast):
    event = open_event(cast, capacity=3)
    people = sign_up(event, 6)
    for index, person in enumerate(people):
        if index % 2 == 0:
            person.refresh_from_db()
            services.cancel_registration(person, token=person.token)
        sign_up(event, 1, prefix=f"extra{index}-")
        assert event.registrations.filter(status=C).count() <= 3
    assert event.registrations.filter(status=C).count() == 3


def test_more_seats_promote_the_waiting_list(cast):
    event = open_event(cast, capacity=1)
    sign_up(event, 3)
    services.update_event(event, actor=cast["coordinator"], data={"capacity": 2})
    assert statuses(event) == [C, C, W]


def test_no_limit_means_everyone_has_a_seat(cast):
    event = open_event(cast)
    assert {p.status for p in sign_up(event, 5)} == {C}


def test_the_same_address_registers_once_whatever_its_case(cast):
    event = open_event(cast)
    services.register(event, name="Anne", email="Anne@Example.org")
    with pytest.raises(ValidationError) as refusal:
        services.register(event, name="Anne", email="anne@example.org ")
    assert "email" in refusal.value.message_dict
    first = Registration.objects.get()
    services.cancel_registration(first, token=first.token)
    assert services.register(event, name="Anne", email="anne@example.org").status == C  # again, once cancelled


def test_the_database_refuses_two_active_registrations_of_one_address(cast):
    event = open_event(cast)
    registration = services.register(event, name="Anne", email="anne@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, name="A", email="ANNE@example.org", status=W, consent_at=registration.consent_at
        )


def test_the_database_refuses_attendance_on_a_registration_without_a_seat(cast):
    event = open_event(cast, capacity=1)
    _first, waiting = sign_up(event, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.filter(pk=waiting.pk).update(attended=True)


def test_the_database_refuses_zero_seats(cast):
    event = open_event(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(capacity=0)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"registration_open": False}, "not open"),
        ({"registration_closes_on": datetime.date(2020, 1, 1), "starts_on": soon()}, "period is over"),
    ],
)
def test_registration_is_refused_when_closed(cast, data, words):
    event = open_event(cast, **data)
    with pytest.raises(InvalidTransition, match=words):
        services.register(event, name="Anne", email="anne@example.org")
    assert not Registration.objects.exists()


def test_registration_is_refused_for_a_cancelled_or_past_event(cast):
    cancelled = open_event(cast)
    services.cancel_event(cancelled, actor=cast["coordinator"], reason="Salle indisponible")
    with pytest.raises(InvalidTransition, match="cancelled"):
        services.register(cancelled, name="Anne", email="anne@example.org")
    past = make_event(cast, registration_open=True, audience="public")
    with pytest.raises(InvalidTransition, match="taken place"):
        services.register(past, name="Anne", email="anne@example.org")


def test_a_members_only_event_takes_its_niches_members_only(cast, affiliate):
    event = open_event(cast, audience="members")
    for outsider in (None, cast["stranger"], cast["office_out"]):
        with pytest.raises(InvalidTransition, match="members"):
            services.register(event, name="X", email="x@example.org", actor=outsider)
    assert services.register(event, name="Employé", email="employe@example.org", actor=affiliate).status == C
    assert services.register(event, name="Membre", email="m@example.org", actor=cast["member"]).status == C
    assert services.register(event, name="Bureau", email="b@example.org", actor=cast["office_in"]).status == C


def test_only_the_registrant_or_the_events_managers_cancel(cast):
    event = open_event(cast)
    registration = services.register(event, name="Anne", email="anne@example.org")
    for who, token in ((None, "wrong"), (cast["stranger"], ""), (cast["member"], ""), (cast["office_out"], "")):
        with pytest.raises(PermissionDenied):
            services.cancel_registration(registration, actor=who, token=token)
    services.cancel_registration(registration, actor=cast["office_in"], reason="À sa demande")
    registration.refresh_from_db()
    assert registration.status == X
    assert registration.history.first().history_change_reason == "À sa demande"
    with pytest.raises(InvalidTransition, match="already cancelled"):
        services.cancel_registration(registration, token=registration.token)


def test_attendance_counts_who_came_and_marks_the_event_held(cast):
    event = make_event(cast, audience="public")
    Event.objects.filter(pk=event.pk).update(starts_on=soon(), registration_open=True)
    event.refresh_from_db()
    people = sign_up(event, 3)
    Event.objects.filter(pk=event.pk).update(starts_on=datetime.date(2025, 5, 14))
    event.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.mark_attendance(event, [people[0].pk], actor=cast["member"])
    assert services.mark_attendance(event, [people[0].pk, people[2].pk], actor=cast["coordinator"]) == 2
    event.refresh_from_db()
    assert (event.status, event.attendance) == ("held", 2)
    assert [p.attended for p in Registration.objects.order_by("pk")] == [True, False, True]


def test_attendance_is_refused_before_the_event(cast):
    event = open_event(cast)
    people = sign_up(event, 1)
    with pytest.raises(InvalidTransition, match="not started"):
        services.mark_attendance(event, [people[0].pk], actor=cast["coordinator"])


def test_without_registrations_the_manual_attendance_stays(cast):
    event = make_event(cast)
    services.mark_held(event, actor=cast["coordinator"], attendance=40)
    assert services.mark_attendance(event, [], actor=cast["coordinator"]) == 0
    event.refresh_from_db()
    assert event.attendance == 40


def _ics(message):
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def test_the_confirmation_email_carries_the_events_calendar_file_in_the_registrants_language(
    cast, django_capture_on_commit_callbacks
):
    event = open_event(cast, capacity=1, ends_on=soon(31))
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, name="Anne", email="anne@example.org", language="fr")
        services.register(event, name="Bob", email="bob@example.org", language="en")
    confirmed, waiting = mail.outbox
    assert confirmed.to == ["anne@example.org"] and "Inscription confirmée" in confirmed.subject
    assert "Forum de l'innovation" in confirmed.subject
    assert waiting.to == ["bob@example.org"] and "waiting list" in waiting.subject
    assert "Innovation forum" in waiting.subject
    calendar = _ics(confirmed)
    assert str(calendar["method"]) == "PUBLISH"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == f"event-{event.pk}@accord"
    assert vevent.decoded("dtstart") == soon()
    assert vevent.decoded("dtend") == soon(32)  # all day: the day after the last
    assert str(vevent["location"]) == "Sherbrooke"
    assert str(vevent["url"]).endswith(f"/evenements/{event.pk}/")
    assert "Forum de l'innovation" in str(vevent["summary"])
    registration = Registration.objects.get(email="anne@example.org")
    assert registration.token in confirmed.body
    assert str(_ics(waiting).walk("VEVENT")[0]["uid"]) == f"event-{event.pk}@accord"  # the same event

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration, token=registration.token)
    (promoted,) = mail.outbox
    assert promoted.to == ["bob@example.org"] and "seat is yours" in promoted.subject


def test_a_registration_bumps_the_public_version_only_when_the_event_fills_up_or_frees_a_seat(cast):
    event = open_event(cast, capacity=2)
    start = version()
    first = sign_up(event, 1)[0]
    assert version() == start  # a seat still free: the pages say the same
    sign_up(event, 1, prefix="q")
    assert version() == start + 1  # full now
    sign_up(event, 1, prefix="r")
    assert version() == start + 1  # on the waiting list: still full
    services.cancel_registration(first, token=first.token)
    assert version() == start + 1  # the waiting list took the seat: still full
    event.registrations.filter(status=C).first()
    second = Registration.objects.filter(status=C).first()
    services.cancel_registration(second, token=second.token)
    assert version() == start + 2  # a seat again


def test_event_changes_bump_the_public_version(cast):
    start = version()
    event = open_event(cast)
    services.update_event(event, actor=cast["coordinator"], data={"place": "Magog"})
    services.cancel_event(event, actor=cast["coordinator"], reason="Salle")
    assert version() == start + 3


def test_every_change_is_in_the_registrations_history(cast):
    event = open_event(cast, capacity=1)
    first, second = sign_up(event, 2)
    services.cancel_registration(first, actor=cast["coordinator"], reason="Désistement")
    assert [h.status for h in second.history.order_by("history_date")] == [W, C]
    assert first.history.first().history_user == cast["coordinator"]


def test_cancelling_the_event_tells_its_registrants_with_a_calendar_file_that_cancels_it(
    cast, django_capture_on_commit_callbacks
):
    event = open_event(cast, capacity=1)
    first, _promoted = sign_up(event, 2)
    services.cancel_registration(first, token=first.token)
    sign_up(event, 1, prefix="late")  # on the waiting list, behind the one promoted
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event, actor=cast["coordinator"], reason="Salle indisponible")
    assert sorted(m.to[0] for m in mail.outbox) == ["late0@example.org", "p1@example.org"]  # not the cancelled one
    calendar = _ics(mail.outbox[0])
    assert str(calendar["method"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"
