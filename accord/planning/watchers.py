"""The contract of what the apps above keep from a plan's facts, told when they change.

Results keeps the verdicts of the common indicators' targets (results/standing.py), and a cumulative
indicator's running total starts from its plan's first year. Planning cannot import results: each app
registers a watcher once, at start-up (its AppConfig.ready()), a function of the plan's id and the
names of the fields that changed, called by planning's services in the transaction of the change,
with the plan locked.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

Watcher = Callable[[int, Collection[str]], None]

_WATCHERS: dict[str, Watcher] = {}


def register(key: str, watcher: Watcher) -> None:
    """Declare a watcher of plans (called from an AppConfig.ready())."""
    _WATCHERS[key] = watcher


def plan_changed(plan_id: int, fields: Collection[str]) -> None:
    """Tell every watcher, in a fixed order, that these fields of the plan changed."""
    for key in sorted(_WATCHERS):
        _WATCHERS[key](plan_id, fields)
