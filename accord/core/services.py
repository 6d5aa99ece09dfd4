"""Helpers every service uses to save a record with its history: who, when and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from . import validation


def actor_or_none(actor: Any) -> Any:
    """The user to record as the author, or None for the system (a task, an anonymous caller)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def lock(instance: models.Model) -> None:
    """Reload the row under its lock (SELECT … FOR UPDATE): the state read is the one the caller changes."""
    instance.refresh_from_db(from_queryset=type(instance)._default_manager.select_for_update())


def record_event(model: type[models.Model], *, actor: Any, **fields: Any) -> Any:
    """Append one row to a timeline (CommitteeEvent, ProjectEvent): who, and what the caller says happened."""
    return model._default_manager.create(actor=actor_or_none(actor), **fields)


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 200, exclude_pk: Any = None) -> str:
    """A slug from the text, with -2, -3… appended when it is taken (one query)."""
    base = slugify(text)[: max_length - 8].strip("-") or "x"
    taken = set(
        model._default_manager.filter(Q(slug=base) | Q(slug__startswith=f"{base}-"))
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def attribute(instance: models.Model, *, actor: Any, reason: str = "") -> None:
    """Tell django-simple-history who makes the next save and why."""
    instance._history_user = actor_or_none(actor)  # type: ignore[attr-defined]
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
