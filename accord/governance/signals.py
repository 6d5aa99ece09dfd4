"""Cache invalidation: the totals of whole lists, and each committee's pages.

A committee's dashboard and the records of its meetings are cached under the committee's
family, so every model either page shows bumps it: the transitions (each writes a
CommitteeEvent) and the records that change without one, such as an agenda item, an
attendance, a vote or a new version of the minutes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist

from accord.core import cache

from . import models

GOVERNANCE = "governance"


_LISTED: tuple[type[Any], ...] = (models.Committee, models.Resolution, models.Meeting, models.Mandate)
_ON_DASHBOARD: tuple[type[Any], ...] = (
    models.Committee,
    models.Mandate,
    models.Bylaws,
    models.Meeting,
    models.Resolution,
    models.CoordinatorReport,
    models.CommitteeEvent,
    models.PendingAgendaItem,
    models.AgendaItem,
    models.AgendaDocument,
    models.Attendance,
    models.Minutes,
    models.Vote,
    models.Recusal,
    models.ReportProgress,
)


def committee_family(committee_id: int) -> str:
    """The cache family of one committee's pages."""
    return f"governance-committee-{committee_id}"


def _bump(**kwargs: Any) -> None:
    cache.bump(GOVERNANCE)


def _committee_ids(instance: Any) -> set[int | None]:
    """The committees whose pages show `instance` (a parent's dashboard lists its subcommittees)."""
    if isinstance(instance, models.Committee):
        return {instance.pk, instance.parent_id}
    if isinstance(instance, models.AgendaDocument):
        return {instance.item.meeting.committee_id}
    if isinstance(instance, models.Vote | models.Recusal):
        return {instance.resolution.committee_id}
    if isinstance(instance, models.ReportProgress):
        return {instance.report.committee_id}
    if isinstance(instance, models.AgendaItem | models.Attendance | models.Minutes):
        return {instance.meeting.committee_id}
    return {instance.committee_id}


def _bump_committee(instance: Any, **kwargs: Any) -> None:
    try:
        ids = _committee_ids(instance)
    except ObjectDoesNotExist:  # the parent went first in a cascade: its own signal bumped
        return
    for committee_id in ids:
        if committee_id is not None:
            cache.bump(committee_family(committee_id))


def connect() -> None:
    cache.on_change(_LISTED, _bump, "governance-cache")
    cache.on_change(_ON_DASHBOARD, _bump_committee, "governance-committee")
