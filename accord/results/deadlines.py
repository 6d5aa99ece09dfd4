"""When a créneau's indicator values are due, and which values it owes (decision 39). Pure: no database.

The values of a year are due on one day of the following year, the same for every indicator and
every créneau (settings.ACCORD_VALUES_DUE, 31 March by default): the quarter after the year lets a
coordinator gather the members' figures of the whole year, and the values are approved before the
niche committee adopts that year's bilan. A value is *due* from ACCORD_VALUES_REMINDER_DAYS days
before that day, and *overdue* from that day, until it is submitted (an approved one is done too).

A créneau owes the value of an indicator for a year when one of its adopted plans covers the year,
the indicator is active and common or that plan's own, and both the plan's adoption and the
indicator's definition came by the due day: what nobody had asked for by then is not late.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from accord.planning.models import Plan, PlanStatus

from .models import Indicator, ReminderStep, ValueStatus

#: A value in these statuses is not owed any more: it waits for approval, or it counts.
DONE = frozenset({ValueStatus.SUBMITTED, ValueStatus.APPROVED})


@dataclass(frozen=True)
class Deadline:
    """Where a year's values stand against their due day: `due` (within the reminder days) or `overdue`."""

    due_on: datetime.date
    step: str

    @property
    def overdue(self) -> bool:
        return self.step == ReminderStep.OVERDUE


def due_on(year: int) -> datetime.date:
    """The day the values of `year` are due: ACCORD_VALUES_DUE (month, day) of the following year."""
    month, day = settings.ACCORD_VALUES_DUE
    return datetime.date(year + 1, month, day)


def reminder_days() -> datetime.timedelta:
    return datetime.timedelta(days=settings.ACCORD_VALUES_REMINDER_DAYS)


def deadline(year: int, today: datetime.date) -> Deadline | None:
    """The year's values are due (the reminder days before the due day), overdue (from it), or not yet (None)."""
    due = due_on(year)
    if today >= due:
        return Deadline(due, ReminderStep.OVERDUE)
    if today >= due - reminder_days():
        return Deadline(due, ReminderStep.DUE)
    return None


def reporting_year(today: datetime.date) -> int:
    """The year the reminders are about today: the latest whose values are due or overdue.

    One year at a time: its values are reminded once when due and once when overdue; a year's gaps
    stay on the pages and in the work queue after the next year's reminders begin, not in emails.
    """
    year = today.year
    while deadline(year, today) is None:
        year -= 1
    return year


def bilan_year(today: datetime.date) -> int:
    """The latest year whose bilan is expected on `today`: one whose values are past their due day."""
    year = today.year - 1
    return year if today >= due_on(year) else year - 1


def owed(indicator: Indicator, plan: Plan, year: int) -> bool:
    """Whether the plan's créneau owes the indicator's value for the year (see the module's docstring)."""
    if plan.status != PlanStatus.ADOPTED or not plan.first_year <= year <= plan.last_year:
        return False
    if not indicator.active or indicator.plan_id not in (None, plan.pk):
        return False
    due = due_on(year)
    adopted = plan.adopted_on is not None and plan.adopted_on <= due
    return adopted and timezone.localdate(indicator.created_at) <= due


def pending(status: str | None) -> bool:
    """A value still owed: none reported, a draft, or returned for changes."""
    return status not in DONE
