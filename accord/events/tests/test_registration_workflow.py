"""The pure rules of registration: who may register when, a seat or the waiting list, who is
promoted, when a registration may be cancelled."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from accord.core.workflow import InvalidTransition
from accord.events import workflow
from accord.events.models import EventStatus, RegistrationStatus

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def english():
    """The refusals are read in English here (their French is the catalogue's)."""
    with translation.override("en"):
        yield


def opening(**changes):
    values = {
        "status": EventStatus.PLANNED,
        "registration_open": True,
        "starts_on": TODAY + datetime.timedelta(days=10),
        "closes_on": None,
        "members_only": False,
        "is_member": False,
    }
    return workflow.Opening(**{**values, **changes})


def test_an_open_public_event_to_come_takes_registrations():
    assert workflow.registration_refusal(opening(), TODAY) is None
    workflow.check_registration(opening(), TODAY)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"status": EventStatus.HELD}, "taken place"),
        ({"starts_on": TODAY}, "taken place"),
        ({"registration_open": False}, "not open"),
        ({"closes_on": TODAY - datetime.timedelta(days=1)}, "period is over"),
        ({"members_only": True}, "members"),
    ],
)
def test_registration_is_refused_with_a_reason(changes, words):
    assert words in workflow.registration_refusal(opening(**changes), TODAY)
    with pytest.raises(InvalidTransition):
        workflow.check_registration(opening(**changes), TODAY)


def test_a_member_registers_to_a_members_only_event():
    assert workflow.registration_refusal(opening(members_only=True, is_member=True), TODAY) is None


def test_registration_closes_the_day_before_the_event_at_the_latest():
    starts = TODAY + datetime.timedelta(days=1)
    assert workflow.last_day_to_register(starts, None) == TODAY
    assert workflow.last_day_to_register(starts, starts + datetime.timedelta(days=5)) == TODAY
    assert workflow.registration_refusal(opening(starts_on=starts), TODAY) is None
    assert workflow.registration_refusal(opening(starts_on=starts), starts) is not None


def test_a_seat_while_seats_remain_then_the_waiting_list():
    assert workflow.seat_or_waiting_list(None, 1000) == RegistrationStatus.CONFIRMED
    assert workflow.seat_or_waiting_list(3, 2) == RegistrationStatus.CONFIRMED
    assert workflow.seat_or_waiting_list(3, 3) == RegistrationStatus.WAITLISTED
    assert workflow.is_full(3, 3) and not workflow.is_full(3, 2) and not workflow.is_full(None, 10)


def test_the_first_on_the_waiting_list_take_the_free_seats():
    assert workflow.promotions(3, 2, [7, 5, 9]) == [7]
    assert workflow.promotions(5, 2, [7, 5, 9, 11]) == [7, 5, 9]
    assert workflow.promotions(3, 3, [7]) == []
    assert workflow.promotions(None, 3, [7, 5]) == [7, 5]


def test_a_registration_is_cancelled_only_before_the_event():
    later = TODAY + datetime.timedelta(days=3)
    assert workflow.cancellation_refusal(RegistrationStatus.CONFIRMED, EventStatus.PLANNED, later, TODAY) is None
    assert workflow.cancellation_refusal(RegistrationStatus.CANCELLED, EventStatus.PLANNED, later, TODAY)
    assert workflow.cancellation_refusal(RegistrationStatus.CONFIRMED, EventStatus.PLANNED, TODAY, TODAY)
    assert workflow.cancellation_refusal(RegistrationStatus.WAITLISTED, EventStatus.CANCELLED, later, TODAY)
