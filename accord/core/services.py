"""Helpers every service uses to save a record with its history: who, when and why."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import retention, validation
from .models import IdempotencyKey

M = TypeVar("M", bound=models.Model)


class EditConflict(Exception):
    """Someone saved the record after the editor opened it: their edit would be lost.

    `fields` maps each field the editor sends that no longer holds what they send to
    (the value saved now, the editor's value). Nothing is written; `revision` is the
    record's current one, for the form to carry if the editor confirms their values.
    """

    def __init__(self, instance: models.Model, fields: dict[str, tuple[Any, Any]], revision: int) -> None:
        super().__init__(str(_("This record was changed by someone else since you opened it.")))
        self.instance = instance
        self.fields = fields
        self.revision = revision


def has_revision(instance: models.Model) -> bool:
    return any(f.name == "revision" for f in instance._meta.concrete_fields)


def check_revision(
    instance: models.Model,
    changes: Mapping[str, Any],
    revision: int | None,
    *,
    current: Mapping[str, Any] | None = None,
) -> None:
    """Raise EditConflict when the editor's revision is not the row's (the caller holds the lock).

    `revision` None means the caller does not know it (a command, an import, an API call
    without If-Match): the edit applies to what is there, as before. `current` gives the
    saved value of what is not a field of the row (its links).
    """
    if revision is None or not has_revision(instance):
        return
    now = instance.revision  # type: ignore[attr-defined]
    if int(revision) == now:
        return
    saved = {name: (current or {}).get(name, getattr(instance, name, None)) for name in changes}
    fields = {name: (saved[name], value) for name, value in changes.items() if saved[name] != value}
    raise EditConflict(instance, fields, now)


def actor_or_none(actor: Any) -> Any:
    """The user to record as the author, or None for the system (a task, an anonymous caller)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def lock(instance: models.Model) -> None:
    """Reload the row under its lock (SELECT … FOR UPDATE): the state read is the one the caller changes."""
    instance.refresh_from_db(from_queryset=type(instance)._default_manager.select_for_update())


def record_event(model: type[models.Model], *, actor: Any, **fields: Any) -> Any:
    """Append one row to a timeline (CommitteeEvent, ProjectEvent): who, and what the caller says happened."""
    return model._default_manager.create(actor=actor_or_none(actor), **fields)


def unique_slug_base(text: str, *, max_length: int = 200) -> str:
    """The slug `unique_slug` starts from, before any -2, -3… suffix."""
    return slugify(text)[: max_length - 8].strip("-") or "x"


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 200, exclude_pk: Any = None) -> str:
    """A slug from the text, with -2, -3… appended when it is taken (one query)."""
    base = unique_slug_base(text, max_length=max_length)
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


def create_with_history(
    instance: M,
    *,
    actor: Any,
    reason: str = "",
    exclude: Iterable[str] = (),
    validate_constraints: bool = True,
) -> M:
    """Validate and insert a new row, recording its author.

    `exclude` and `validate_constraints=False` are for a caller that checked those fields and
    the row's uniqueness itself against records it read once for many rows (an import): each
    would cost a query per row (a foreign key's existence, a unique value). The database's
    constraints still refuse a reference or a value that went wrong meanwhile.
    """
    validation.reject_nul_characters(instance)
    validation.reject_line_breaks_in_fields(instance)
    instance.full_clean(
        exclude=list(exclude) or None, validate_unique=validate_constraints, validate_constraints=validate_constraints
    )
    attribute(instance, actor=actor, reason=reason)
    instance.save(force_insert=True)
    return instance


def apply_changes(
    instance: models.Model,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    reason: str = "",
    revision: int | None = None,
) -> list[str]:
    """Set the fields that really change, validate, and save only those, with history.

    Returns the names of the changed fields; nothing is written when nothing changes.
    The caller holds the row lock (select_for_update) when concurrent edits matter. A row
    with a `revision` counts its edits: `revision` is the one the editor started from, and
    a stale one raises EditConflict (optimistic locking: two editors never overwrite each
    other silently).
    """
    check_revision(instance, changes, revision)
    changed = [name for name, value in changes.items() if getattr(instance, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(instance, name, changes[name])
    validation.reject_nul_characters(instance)
    validation.reject_line_breaks_in_fields(instance, only=changed)
    instance.full_clean()
    attribute(instance, actor=actor, reason=reason)
    update_fields = set(changed)
    if has_revision(instance):
        instance.revision += 1  # type: ignore[attr-defined]
        update_fields.add("revision")
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        update_fields.add("updated_at")
    instance.save(update_fields=update_fields)
    return changed


def labels(objects: Iterable[Any]) -> str:
    """Records as one sorted line of their names: how a set of links (niches, regions) is
    compared and shown in an edit conflict."""
    return ", ".join(sorted(str(o) for o in objects))


def count_revision(instance: models.Model) -> None:
    """Count an edit that changed only the record's links (regions, niches): a form opened
    before it is stale. One UPDATE, no history version (the links keep their own)."""
    if has_revision(instance):
        type(instance)._default_manager.filter(pk=instance.pk).update(revision=models.F("revision") + 1)
        instance.revision += 1  # type: ignore[attr-defined]


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


# --- Submissions answered once --------------------------------------------------------------


class KeyReused(ValidationError):
    """An idempotency key sent again with another request: neither answered twice nor run again."""


@dataclass(frozen=True)
class Once:
    """What `once` returns: the object, and whether this call created it (False: a repeat)."""

    obj: Any
    created: bool


def fingerprint(data: Any) -> str:
    """A digest of what a request sent, to tell a repeat from a different request under the same key."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def once(
    create: Callable[[], M],
    *,
    key: str | None,
    user: Any,
    scope: str,
    digest: str = "",
) -> Once:
    """Run `create` once per (user, scope, key): a repeat gets the first result, never a second row.

    The key row is inserted before `create` runs, in the same transaction: a concurrent
    repeat waits on the unique constraint until the first commits, then finds its result;
    if `create` refuses (ValidationError, PermissionDenied), the key goes with it and the
    corrected submission may use it again. Without a key (an old form, a client that sends
    none) `create` simply runs. `digest` (the API's body) must match the first call's, or
    KeyReused is raised.
    """
    if not key or not getattr(user, "is_authenticated", False):
        return Once(create(), True)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(key=key[:100], user=user, scope=scope, fingerprint=digest)
        except IntegrityError:
            record = IdempotencyKey.objects.get(key=key[:100], user=user, scope=scope)
            if digest and record.fingerprint != digest:
                raise KeyReused(
                    _("This idempotency key was already used for a different request; use a new key."),
                    code="idempotency_key_reused",
                ) from None
            target = record.target
            if target is None:
                # The first submission's object was deleted since: a repeat must not revive it.
                raise KeyReused(_("This submission was already made."), code="idempotency_key_reused") from None
            return Once(target, False)
        obj = create()
        record.content_type = ContentType.objects.get_for_model(obj)
        record.object_id = obj.pk
        record.save(update_fields=["content_type", "object_id"])
        return Once(obj, True)


#: How long a submission token or an Idempotency-Key answers with its first result. A form
#: posted again after that (a tab left open for a month) creates anew.
IDEMPOTENCY_KEY_PERIOD = datetime.timedelta(days=30)


def purge_idempotency_keys(today: datetime.date, *, dry_run: bool = False) -> int:
    """Retention rule `idempotency_keys`: keys older than their period are deleted."""
    old = IdempotencyKey.objects.filter(created_at__lt=retention.cutoff(today, IDEMPOTENCY_KEY_PERIOD))
    return retention.delete(old, dry_run=dry_run)
