"""Cache invalidation: any change to what the public pages show makes them re-render."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed

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
    # A regional office manages the people of its region's organisations: its lists follow them.
    models.Affiliation,
)


def _bump(**kwargs: Any) -> None:
    cache.bump(PUBLIC_PAGES)


def connect() -> None:
    """Called once from RegistryConfig.ready()."""
    cache.on_change(_WATCHED, _bump, "registry-cache")
    m2m_changed.connect(_bump, sender=models.Creneau.predecessors.through, dispatch_uid="registry-cache-predecessors")
