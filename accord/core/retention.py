"""Retention rules (Law 25, art. 23; Access Act, art. 73): how long each kind of data is kept.

A rule is a value: the kind of data, its period, what happens at the end (deleted or
anonymised) and the legal basis. The app that owns the data registers its rules at start-up
(its AppConfig.ready()) with the function that applies them; `apply_retention` (the Celery
task, the command) runs every rule. The table is documented in docs/privacy.md.

`apply(today, dry_run=...)` returns how many rows are (or would be) deleted or anonymised,
and never touches a row under a legal hold.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


class Outcome:
    """What happens to data at the end of its period."""

    DELETED = "deleted"
    ANONYMISED = "anonymised"


@dataclass(frozen=True)
class RetentionRule:
    """One line of the retention table."""

    key: str
    data: Any  # what is kept (translatable text)
    period: datetime.timedelta
    outcome: str  # Outcome.DELETED or Outcome.ANONYMISED
    basis: Any  # the legal basis (translatable text)
    apply: Callable[..., int]  # (today: date, *, dry_run: bool) -> rows


_RULES: dict[str, RetentionRule] = {}


def register(rule: RetentionRule) -> None:
    """Add a rule to the table (called from an AppConfig.ready())."""
    _RULES[rule.key] = rule


def rules() -> list[RetentionRule]:
    """Every registered rule, in the order of their keys."""
    return [_RULES[key] for key in sorted(_RULES)]


def cutoff(today: datetime.date, period: datetime.timedelta) -> datetime.datetime:
    """The first moment still kept: data older than this is past its period."""
    start = datetime.datetime.combine(today - period, datetime.time.min)
    return timezone.make_aware(start) if timezone.is_naive(start) else start


def apply_all(*, today: datetime.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Apply every rule; {rule key: rows deleted or anonymised (or that would be, in a dry run)}."""
    today = today or timezone.localdate()
    return {rule.key: rule.apply(today, dry_run=dry_run) for rule in rules()}


def delete(rows: Any, *, dry_run: bool) -> int:
    """The common end of a rule: delete `rows` (a queryset past its period), or count them in a dry run.

    Either way the count is of `rows` themselves, not of the links deleted with them (a many-to-many's
    rows), so a dry run announces what the run then reports."""
    if dry_run:
        return int(rows.count())
    _deleted, by_model = rows.delete()
    return int(by_model.get(rows.model._meta.label, 0))


def years(n: int) -> datetime.timedelta:
    """A period of n years (365 days each: the rule errs by a day or two on the side of keeping)."""
    return datetime.timedelta(days=365 * n + n // 4)
