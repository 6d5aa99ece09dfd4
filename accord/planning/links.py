"""The contract by which apps above planning say what serves a plan's actions (decision 35).

Planning cannot import the fund, yet a plan's page lists the projects that serve each action,
and removing an action that projects serve must be refused with a message rather than fail in
the database. The fund registers a `Provider` once, at start-up (FundingConfig.ready()); the
page and the removals read every registered provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Serving:
    """Something that serves an action, as the plan's page lists it: a project, its status, its aid."""

    title: str
    url: str
    status: str
    granted: Decimal | None = None


@dataclass(frozen=True)
class Provider:
    """What an app says of the actions it serves.

    `serving(plan, user)` returns, by action id, what serves the plan's actions and the user
    may see, in one query for the whole plan. `holding(action_ids)` returns, by action id, how
    many records name it, whoever may see them (a removal must not orphan any of them).
    """

    serving: Callable[[Any, Any], dict[int, list[Serving]]]
    holding: Callable[[Iterable[int]], dict[int, int]]


_PROVIDERS: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    """Declare a provider (called from an AppConfig.ready())."""
    _PROVIDERS[key] = provider


def serving(plan: Any, user: Any) -> dict[int, list[Serving]]:
    """What serves each action of the plan, that the user may see: one query per provider."""
    found: dict[int, list[Serving]] = {}
    for key in sorted(_PROVIDERS):
        for action_id, rows in _PROVIDERS[key].serving(plan, user).items():
            found.setdefault(action_id, []).extend(rows)
    return found


def holding(action_ids: Iterable[int]) -> dict[int, int]:
    """How many records name each of these actions (only those named at least once)."""
    ids = list(action_ids)
    counts: dict[int, int] = {}
    if not ids:
        return counts
    for key in sorted(_PROVIDERS):
        for action_id, count in _PROVIDERS[key].holding(ids).items():
            counts[action_id] = counts.get(action_id, 0) + count
    return counts
