"""An event's life: planned, then held or cancelled; a cancelled event is closed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from accord.core.workflow import InvalidTransition
from accord.events import workflow


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_planned_event_is_held_or_cancelled():
    assert workflow.target("planned", workflow.HOLD) == "held"
    assert workflow.target("planned", workflow.CANCEL) == "cancelled"
    assert workflow.target("held", workflow.HOLD) == "held"  # the attendance corrected


@pytest.mark.parametrize(
    ("status", "step", "message"),
    [
        ("cancelled", workflow.HOLD, "cannot be marked as held"),
        ("held", workflow.CANCEL, "cannot be cancelled"),
        ("cancelled", workflow.CANCEL, "already cancelled"),
        ("cancelled", workflow.EDIT, "cannot be changed"),
    ],
)
def test_refusals_say_why(status, step, message):
    with pytest.raises(InvalidTransition, match=message):
        workflow.target(status, step)
    assert not workflow.allowed(status, step)


def test_an_event_is_held_once_it_has_started():
    today = datetime.date(2025, 5, 14)
    workflow.check_held_date(today, today)
    with pytest.raises(InvalidTransition, match="not started yet"):
        workflow.check_held_date(today + datetime.timedelta(days=1), today)
