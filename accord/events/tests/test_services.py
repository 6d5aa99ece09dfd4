"""Every write to the events: policy, workflow, the action's créneau, history with who and why."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accord.core.workflow import InvalidTransition
from accord.events import services
from accord.events.models import Event

from .conftest import PAST, make_event

pytestmark = pytest.mark.django_db


def test_the_coordinator_creates_an_event_with_its_history(cast, action):
    event = services.create_event(
        cast["creneau"],
        actor=cast["coordinator"],
        data={"title_fr": "Salon", "kind": "trade_show", "starts_on": PAST, "action": action},
        reason="Programme 2025",
    )
    assert (event.status, event.action, event.attendance) == ("planned", action, None)
    (record,) = event.history.all()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        cast["coordinator"],
        "Programme 2025",
    )


@pytest.mark.parametrize("who", ["member", "office_out", "stranger"])
def test_only_those_who_write_the_plans_manage_events(cast, who):
    with pytest.raises(PermissionDenied):
        services.create_event(
            cast["creneau"], actor=cast[who], data={"title_fr": "Forum", "kind": "forum", "starts_on": PAST}
        )
    assert not Event.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "office_in", "ministry"])
def test_the_coordinator_the_regional_office_and_the_ministry_manage_events(cast, who):
    event = services.create_event(
        cast["creneau"], actor=cast[who], data={"title_fr": "Forum", "kind": "forum", "starts_on": PAST}
    )
    assert services.update_event(event, actor=cast[who], data={"place": "Sherbrooke"}) == ["place"]


def test_an_action_of_another_niche_is_refused(cast, other_action):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        make_event(cast, action=other_action)
    assert "belongs to another niche" in refused.value.message_dict["action"][0]
    assert not Event.objects.exists()
    event = make_event(cast)
    with pytest.raises(ValidationError):
        services.update_event(event, actor=cast["coordinator"], data={"action": other_action})
    event.refresh_from_db()
    assert event.action is None


def test_dates_out_of_order_are_refused(cast):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        make_event(cast, ends_on=PAST - datetime.timedelta(days=1))
    assert "An event cannot end before it starts." in refused.value.messages


def test_a_nul_character_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        make_event(cast, title_fr="Forum\x00")
    assert "title_fr" in refused.value.message_dict


def test_marking_held_records_the_attendance_with_who_and_why(cast, event):
    assert services.mark_held(event, actor=cast["office_in"], attendance=42, reason="Feuille de présence") == [
        "status",
        "attendance",
    ]
    event.refresh_from_db()
    assert (event.status, event.attendance) == ("held", 42)
    latest = event.history.first()
    assert (latest.history_user, latest.history_change_reason, latest.attendance) == (
        cast["office_in"],
        "Feuille de présence",
        42,
    )
    # Held again: the figure corrected, the correction in the history too.
    services.mark_held(event, actor=cast["coordinator"], attendance=45, reason="Retardataires")
    assert [r.attendance for r in event.history.all()] == [45, 42, None]


def test_attendance_only_once_the_event_took_place(cast):
    future = make_event(cast, starts_on=datetime.date.today() + datetime.timedelta(days=30))
    with pytest.raises(InvalidTransition):
        services.mark_held(future, actor=cast["coordinator"], attendance=10)
    # Attendance is not a field the edits may set: only marking held does.
    services.update_event(future, actor=cast["coordinator"], data={"attendance": 10, "status": "held"})
    future.refresh_from_db()
    assert (future.status, future.attendance) == ("planned", None)


def test_a_cancelled_event_is_neither_held_nor_changed(cast, event):
    services.cancel_event(event, actor=cast["coordinator"], reason="Tempête de neige")
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert event.history.first().history_change_reason == "Tempête de neige"
    for step in (
        lambda: services.mark_held(event, actor=cast["coordinator"], attendance=3),
        lambda: services.cancel_event(event, actor=cast["coordinator"]),
        lambda: services.update_event(event, actor=cast["coordinator"], data={"place": "Magog"}),
    ):
        with pytest.raises(InvalidTransition):
            step()


def test_a_held_event_is_not_cancelled_nor_moved_to_the_future(cast, event):
    services.mark_held(event, actor=cast["coordinator"], attendance=20)
    with pytest.raises(InvalidTransition):
        services.cancel_event(event, actor=cast["coordinator"])
    with pytest.raises(ValidationError) as refused:
        services.update_event(
            event, actor=cast["coordinator"], data={"starts_on": datetime.date.today() + datetime.timedelta(days=9)}
        )
    assert "starts_on" in refused.value.message_dict


def test_the_steps_are_refused_to_those_who_do_not_manage_events(cast, event):
    for step in (
        lambda: services.update_event(event, actor=cast["member"], data={"place": "Magog"}),
        lambda: services.mark_held(event, actor=cast["member"], attendance=3),
        lambda: services.cancel_event(event, actor=cast["office_out"]),
    ):
        with pytest.raises(PermissionDenied):
            step()
    event.refresh_from_db()
    assert (event.status, event.place) == ("planned", "")
