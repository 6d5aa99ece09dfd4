"""The contract of what the apps above keep from an organisation's facts, told when they change.

Governance stores each committee's standing for the day (its compliance, read by the work queues of
those who oversee committees), and a committee's composition counts the leader enterprises holding
its seats. The registry cannot import governance: each app registers a watcher once, at start-up
(its AppConfig.ready()), a function of the organisation's id and the names of the fields that
changed, called by the registry's services in the transaction of the change.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

Watcher = Callable[[int, Collection[str]], None]

_WATCHERS: dict[str, Watcher] = {}


def register(key: str, watcher: Watcher) -> None:
    """Declare a watcher of organisations (called from an AppConfig.ready())."""
    _WATCHERS[key] = watcher


def organisation_changed(organisation_id: int, fields: Collection[str]) -> None:
    """Tell every watcher, in a fixed order, that these fields of the organisation changed."""
    for key in sorted(_WATCHERS):
        _WATCHERS[key](organisation_id, fields)
