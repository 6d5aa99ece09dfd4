"""Cache invalidation for governance lists (totals of whole lists)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from accord.core import cache

from . import models

GOVERNANCE = "governance"


def _bump(**kwargs: Any) -> None:
    cache.bump(GOVERNANCE)


def connect() -> None:
    for model in (models.Committee, models.Resolution, models.Meeting, models.Mandate):
        post_save.connect(_bump, sender=model, dispatch_uid=f"governance-cache-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"governance-cache-delete-{model.__name__}")
