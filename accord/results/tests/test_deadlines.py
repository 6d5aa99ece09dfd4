"""When values are due, and which values a créneau owes (decision 39): pure rules over values."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accord.results import deadlines

DUE_2025 = datetime.date(2026, 3, 31)


def test_the_values_of_a_year_are_due_on_31_march_of_the_next_by_default():
    assert deadlines.due_on(2025) == DUE_2025


def test_due_thirty_days_before_then_overdue_from_the_due_day():
    assert deadlines.deadline(2025, datetime.date(2026, 2, 28)) is None
    due = deadlines.deadline(2025, datetime.date(2026, 3, 1))
    assert (due.due_on, due.step, due.overdue) == (DUE_2025, "due", False)
    assert deadlines.deadline(2025, datetime.date(2026, 3, 30)).step == "due"
    assert deadlines.deadline(2025, DUE_2025).step == "overdue"
    assert deadlines.deadline(2025, datetime.date(2029, 1, 1)).overdue


def test_the_due_day_and_the_warning_are_settings(settings):
    settings.ACCORD_VALUES_DUE = (6, 30)
    settings.ACCORD_VALUES_REMINDER_DAYS = 10
    assert deadlines.due_on(2025) == datetime.date(2026, 6, 30)
    assert deadlines.deadline(2025, datetime.date(2026, 6, 19)) is None
    assert deadlines.deadline(2025, datetime.date(2026, 6, 20)).step == "due"


def test_the_reminders_are_about_one_year_at_a_time():
    assert deadlines.reporting_year(datetime.date(2026, 2, 28)) == 2024  # 2024's were due last March
    assert deadlines.reporting_year(datetime.date(2026, 3, 1)) == 2025
    assert deadlines.reporting_year(datetime.date(2026, 12, 31)) == 2025
    assert deadlines.reporting_year(datetime.date(2027, 3, 1)) == 2026


def _plan(pk=1, status="adopted", adopted_on=datetime.date(2024, 1, 10)):
    return SimpleNamespace(pk=pk, status=status, first_year=2024, last_year=2026, adopted_on=adopted_on)


def _indicator(plan_id=None, active=True, created=datetime.date(2024, 1, 1)):
    moment = timezone.make_aware(datetime.datetime.combine(created, datetime.time(12)))
    return SimpleNamespace(plan_id=plan_id, active=active, created_at=moment)


def test_an_adopted_plan_owes_its_years_of_the_common_and_its_own_active_indicators():
    plan = _plan()
    assert deadlines.owed(_indicator(), plan, 2025)
    assert deadlines.owed(_indicator(plan_id=1), plan, 2025)
    assert not deadlines.owed(_indicator(plan_id=2), plan, 2025)  # another plan's own
    assert not deadlines.owed(_indicator(active=False), plan, 2025)  # retired
    assert not deadlines.owed(_indicator(), plan, 2027)  # outside the plan's years
    assert not deadlines.owed(_indicator(), _plan(status="draft", adopted_on=None), 2025)


def test_what_nobody_asked_for_by_the_due_day_is_not_owed():
    # Defined, or the plan adopted, after the values of 2024 were due (31 March 2025): 2025 on only.
    late_indicator = _indicator(created=datetime.date(2025, 4, 1))
    assert not deadlines.owed(late_indicator, _plan(), 2024)
    assert deadlines.owed(late_indicator, _plan(), 2025)
    late_plan = _plan(adopted_on=datetime.date(2025, 4, 1))
    assert not deadlines.owed(_indicator(), late_plan, 2024)
    assert deadlines.owed(_indicator(), late_plan, 2025)


@pytest.mark.parametrize(
    ("status", "owed"), [(None, True), ("draft", True), ("returned", True), ("submitted", False), ("approved", False)]
)
def test_a_value_is_owed_until_submitted(status, owed):
    assert deadlines.pending(status) is owed
