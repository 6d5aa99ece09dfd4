"""Cache invalidation: the totals of whole lists, and each committee's dashboard.

Every transition writes a CommitteeEvent, so watching the events (with the records the
dashboard shows) is enough to know that a committee's pages changed.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

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
)


def committee_family(committee_id: int) -> str:
    """The cache family of one committee's pages."""
    return f"governance-committee-{committee_id}"


def _bump(**kwargs: Any) -> None:
    cache.bump(GOVERNANCE)


def _bump_committee(instance: Any, **kwargs: Any) -> None:
    # A parent's dashboard lists its subcommittees.
    ids: set[int | None] = (
        {instance.pk, instance.parent_id} if isinstance(instance, models.Committee) else {instance.committee_id}
    )
    for committee_id in ids:
        if committee_id is not None:
            cache.bump(committee_family(committee_id))


def connect() -> None:
    for model in _LISTED:
        post_save.connect(_bump, sender=model, dispatch_uid=f"governance-cache-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"governance-cache-delete-{model.__name__}")
    for model in _ON_DASHBOARD:
        post_save.connect(_bump_committee, sender=model, dispatch_uid=f"governance-committee-save-{model.__name__}")
        post_delete.connect(_bump_committee, sender=model, dispatch_uid=f"governance-committee-delete-{model.__name__}")
