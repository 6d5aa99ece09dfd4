"""Readable change history built from django-simple-history records.

A history page shows, for each change: who, when, why, and which fields went from which
old value to which new value. Records of one object are diffed pairwise; foreign keys
are resolved to names in one query per related model, whatever the number of entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

EMPTY = "—"

# Columns that change on every save or that only exist for indexing.
IGNORED_FIELDS = frozenset({"search_text", "updated_at", "created_at"})


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value, both ready to display."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded change to one record."""

    when: datetime
    who: Any
    action: str
    action_label: str
    subject: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _action_label(action: str) -> str:
    return {"created": _("Created"), "changed": _("Changed"), "deleted": _("Deleted")}[action]


def _tracked_fields(record: Any) -> list[models.Field[Any, Any]]:
    original = record.instance_type
    names = {f.name for f in original._meta.concrete_fields}
    return [
        f
        for f in record._meta.concrete_fields
        if f.name in names and f.name not in IGNORED_FIELDS and f.name != original._meta.pk.name
    ]


def _raw(record: Any, f: models.Field[Any, Any]) -> Any:
    return getattr(record, f.attname)


def _resolve_foreign_keys(records: Sequence[Any]) -> dict[tuple[type[models.Model], Any], str]:
    """Names of every related object the records point at, one query per related model."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for record in records:
        for f in _tracked_fields(record):
            if f.is_relation and f.related_model is not None:
                value = _raw(record, f)
                if value is not None:
                    wanted[f.related_model].add(value)  # type: ignore[index]
    names: dict[tuple[type[models.Model], Any], str] = {}
    for model, ids in wanted.items():
        for pk, obj in model._default_manager.in_bulk(list(ids)).items():
            names[(model, pk)] = str(obj)
    return names


def _display(f: models.Field[Any, Any], value: Any, fk_names: dict[tuple[type[models.Model], Any], str]) -> str:
    if value is None or value == "":
        return EMPTY
    if f.is_relation and f.related_model is not None:
        return fk_names.get((f.related_model, value), f"#{value}")  # type: ignore[arg-type]
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime | date):
        return str(formats.localize(value))
    return str(value)


def history_entries(*record_sets: Iterable[Any], subject_of: Any = None) -> list[HistoryEntry]:
    """Turn historical records (of one or several objects) into entries, newest first.

    `subject_of(record)` names what a record is about (for records of child objects such
    as memberships); by default the entry's subject is empty.
    """
    records = [r for rs in record_sets for r in rs]
    fk_names = _resolve_foreign_keys(records)
    by_object: dict[tuple[type[models.Model], Any], list[Any]] = defaultdict(list)
    for record in records:
        by_object[(record.instance_type, record.id)].append(record)

    entries: list[HistoryEntry] = []
    for object_records in by_object.values():
        object_records.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        for record in object_records:
            action = _ACTIONS[record.history_type]
            changes = []
            for f in _tracked_fields(record):
                new = _raw(record, f)
                if action == "deleted":
                    continue
                old: Any = _raw(previous, f) if previous is not None else None
                if previous is None and new in (None, "", False):
                    continue
                if previous is not None and old == new:
                    continue
                changes.append(
                    FieldChange(
                        label=str(f.verbose_name).capitalize(),
                        old=_display(f, old, fk_names),
                        new=_display(f, new, fk_names),
                    )
                )
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=record.history_user,
                    action=action,
                    action_label=_action_label(action),
                    subject=str(subject_of(record, fk_names)) if subject_of else "",
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
            previous = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
