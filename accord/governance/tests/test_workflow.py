"""Pure rules of the meeting record: when a meeting opens, when a decision is dated, which minutes it approves."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accord.governance import workflow

DAY = datetime.date(2026, 12, 15)
AT = datetime.datetime(2026, 12, 15, 14, tzinfo=datetime.UTC)


def test_a_meeting_opens_on_its_day_or_later_without_a_reason():
    workflow.check_opening(DAY, DAY, "")
    workflow.check_opening(DAY, DAY + datetime.timedelta(days=3), "")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_meeting_opened_before_its_day_needs_a_reason(reason):
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        workflow.check_opening(DAY, DAY - datetime.timedelta(days=10), reason)
    assert "it opens on that day" in refusal.value.message_dict["reason"][0]


def test_the_refusal_of_an_early_opening_is_in_french_too():
    with translation.override("fr"), pytest.raises(ValidationError) as refusal:
        workflow.check_opening(DAY, DAY - datetime.timedelta(days=1), "")
    assert "15 décembre 2026" in refusal.value.message_dict["reason"][0]
    assert "ouvre ce jour-là" in refusal.value.message_dict["reason"][0]


def test_a_meeting_opened_before_its_day_with_a_reason_may_open():
    workflow.check_opening(DAY, DAY - datetime.timedelta(days=1), "Tempête annoncée le 15")


def test_a_decision_is_dated_after_the_meeting_opened():
    workflow.check_decision_time(AT, AT)
    workflow.check_decision_time(AT, AT + datetime.timedelta(hours=2))
    with pytest.raises(ValidationError):
        workflow.check_decision_time(AT, AT - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        workflow.check_decision_time(None, AT)


def test_minutes_are_approved_only_at_a_later_meeting_of_their_committee():
    later = AT + datetime.timedelta(days=30)
    workflow.check_minutes_approval(same_committee=True, minutes_meeting_starts=AT, approving_meeting_starts=later)
    for same, approving in [(True, AT), (True, AT - datetime.timedelta(days=1)), (False, later)]:
        with pytest.raises(ValidationError):
            workflow.check_minutes_approval(
                same_committee=same, minutes_meeting_starts=AT, approving_meeting_starts=approving
            )
