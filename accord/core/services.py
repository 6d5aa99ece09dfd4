"""Helpers every service uses to save a record with its history: who, when and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from . import validation


def attribute(instance: models.Model, *, actor: Any, reason: str = "") -> None:
    """Tell django-simple-history who makes the next save and why."""
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[attr-defined]
    instance._change_reason = reason or ""  # type: ignore[attr-defined]


def create_with_history(instance: models.Model, *, actor: Any, reason: str = "") -> models.Model:
    """Validate and insert a new row, recording its author."""
    validation.reject_nul_characters(instance)
    instance.full_clean()
    attribute(instance, actor=actor, reason=reason)
    instance.save(force_insert=True)
    return instance


def apply_changes(instance: models.Model, changes: Mapping[str, Any], *, actor: Any, reason: str = "") -> list[str]:
    """Set the fields that really change, validate, and save only those, with history.

    Returns the names of the changed fields; nothing is written when nothing changes.
    The caller holds the row lock (select_for_update) when concurrent edits matter.
    """
    changed = [name for name, value in changes.items() if getattr(instance, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(instance, name, changes[name])
    validation.reject_nul_characters(instance)
    instance.full_clean()
    attribute(instance, actor=actor, reason=reason)
    update_fields = set(changed)
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        update_fields.add("updated_at")
    instance.save(update_fields=update_fields)
    return changed


def delete_with_history(instance: models.Model, *, actor: Any, reason: str = "") -> None:
    """Delete a row; its history keeps a final "deleted" record with the author."""
    attribute(instance, actor=actor, reason=reason)
    instance.delete()


def sync_links(
    existing: Mapping[Any, models.Model],
    wanted: Iterable[Any],
    *,
    build: Any,
    actor: Any,
    reason: str = "",
) -> tuple[list[Any], list[Any]]:
    """Create and delete link rows (memberships, affiliations…) so that exactly `wanted` remain.

    `existing` maps each linked key to its link row; `build(key)` returns an unsaved row.
    Returns (added keys, removed keys). Each row's history records the actor.
    """
    wanted_set = set(wanted)
    added = [key for key in wanted_set if key not in existing]
    removed = [key for key in existing if key not in wanted_set]
    for key in removed:
        delete_with_history(existing[key], actor=actor, reason=reason)
    for key in added:
        create_with_history(build(key), actor=actor, reason=reason)
    return added, removed
