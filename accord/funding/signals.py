"""Cache invalidation: the fund's dashboard figures change with any project, envelope or ledger row."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from accord.core import cache

from . import models

FUNDING = "funding"

_SHOWN: tuple[type[Any], ...] = (
    models.ProgramPeriod,
    models.Envelope,
    models.EquityWeight,
    models.Project,
    models.ProjectCreneau,
    models.ProjectCost,
    models.LedgerEntry,
)


def _bump(**kwargs: Any) -> None:
    cache.bump(FUNDING)


def connect() -> None:
    for model in _SHOWN:
        post_save.connect(_bump, sender=model, dispatch_uid=f"funding-cache-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"funding-cache-delete-{model.__name__}")
