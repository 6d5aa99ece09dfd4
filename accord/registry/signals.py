"""Cache invalidation: any change to what the public pages show makes them re-render."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from accord.core import cache

from . import models

PUBLIC_PAGES = "registry-public"

_WATCHED = (
    models.Region,
    models.ResourceRegionStatus,
    models.Creneau,
    models.CreneauRegion,
    models.Organisation,
    models.Membership,
    models.Person,
)


def _bump(**kwargs: Any) -> None:
    cache.bump(PUBLIC_PAGES)


def connect() -> None:
    """Called once from RegistryConfig.ready()."""
    for model in _WATCHED:
        post_save.connect(_bump, sender=model, dispatch_uid=f"registry-cache-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"registry-cache-delete-{model.__name__}")
    m2m_changed.connect(_bump, sender=models.Creneau.predecessors.through, dispatch_uid="registry-cache-predecessors")
