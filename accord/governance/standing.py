"""The committees' standings (models.CommitteeStanding): stored by the services, read by the oversight.

The work queues of those who oversee committees count those out of compliance and those whose
coordinator's report is overdue among thousands (selectors.oversight). Checking every one at every
sign-in cost the ministry's landing page 198 ms at the international scale. A committee's standing on
a day is stored instead, and the oversight checks live only the committees without a row for the day:

- every service that changes what the checks read (a seat starts, is approved or ends; bylaws are
  adopted; a meeting is held, closed, cancelled or moved; a report is submitted; a committee is
  dissolved; an organisation holding a seat becomes a leader enterprise or stops being one) stores
  the committee's standing for today again in its own transaction (`restate`);
- the daily task stores every committee's standing for the new day (`state_all`), since a day that
  passes changes some (a mandate ends, a meeting leaves the twelve months, a report falls due).

Until that task has run, the committees without a row for the day are checked live, as before: a
reading is never older than the facts. The rows are computed by the oversight query itself
(selectors.committee_standings), so the stored and the live readings cannot disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from . import selectors
from .models import Committee, CommitteeStanding, Mandate


def _store(ids: list[int], on: datetime.date, *, keep_newer: bool, every: bool = False) -> int:
    """Write the committees' standing on the day (`every` says `ids` are all the active committees);
    with `keep_newer`, a row a service wrote for this day meanwhile is kept (it was computed after
    this reading)."""
    found = selectors.committee_standings(None if every else ids, on)
    rows = [(pk, on, *found.get(pk, (0, None))) for pk in ids]
    table = CommitteeStanding._meta.db_table
    keep = f" WHERE {table}.day < excluded.day" if keep_newer else ""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (committee_id, day, failed, report_due) VALUES (%s, %s, %s, %s)"  # noqa: S608
            " ON CONFLICT (committee_id) DO UPDATE SET day = excluded.day, failed = excluded.failed,"
            f" report_due = excluded.report_due{keep}",
            [
                (pk, connection.ops.adapt_datefield_value(day), failed, connection.ops.adapt_datefield_value(due))
                for pk, day, failed, due in rows
            ],
        )
    return len(rows)


def restate(committee_ids: Iterable[int]) -> None:
    """Store these committees' standing for today again, in the caller's transaction: called by every
    service that changes what the compliance checks read, after the change.

    The committees are locked first: of two services changing one committee at once, the one that
    stores last computes after the other's commit and sees both changes.
    """
    ids = sorted(set(committee_ids))
    if not ids:
        return
    with transaction.atomic():
        locked = list(
            Committee.objects.select_for_update()
            .filter(pk__in=ids, dissolved_on__isnull=True)
            .values_list("pk", flat=True)
        )
        CommitteeStanding.objects.filter(committee_id__in=[pk for pk in ids if pk not in locked]).delete()
        if locked:
            _store(sorted(locked), timezone.localdate(), keep_newer=False)


def restate_holders(organisation_id: int) -> None:
    """Store again the standing of the committees where the organisation holds a seat (its leader
    status counts in their composition): registry.watchers, when an organisation changes."""
    restate(Mandate.objects.filter(organisation_id=organisation_id).values_list("committee_id", flat=True).distinct())


def state_all(on: datetime.date | None = None) -> int:
    """Store every active committee's standing on the day (today by default): the daily task. A row a
    service stored meanwhile for the day is kept. Returns the number of committees read."""
    with transaction.atomic():
        active = Committee.objects.filter(dissolved_on__isnull=True).order_by("pk").values_list("pk", flat=True)
        return _store(list(active), on or timezone.localdate(), keep_newer=True, every=True)
