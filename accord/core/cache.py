"""Versioned caching of rendered fragments.

Public pages change rarely and are read often. Their expensive fragments are cached
under a key that includes a version number; any change to the data they show bumps the
version (signals, the one place where they belong: cache invalidation), so a stale
fragment is never served. If the cache loses the version, a new one is made and every
fragment is recomputed.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

_KEY = "accord:version:{}"
T = TypeVar("T")


def version(name: str) -> int:
    """The current version of a family of cached fragments."""
    value = cache.get_or_set(_KEY.format(name), time.time_ns, timeout=None)
    return int(value) if value is not None else time.time_ns()


def bump(name: str) -> None:
    """Invalidate every fragment of the family, at once and again when the transaction commits.

    Signals bump inside the writer's transaction: a reader who rendered a fragment in
    between, from data not yet committed, stored it under the first new version; the
    second makes sure it is never served.
    """
    key = _KEY.format(name)
    cache.set(key, time.time_ns(), timeout=None)
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), timeout=None))


def get_or_compute(key: str, compute: Callable[[], T], timeout: int) -> T:
    """The value kept under `key`, computed and kept on a miss (a key naming versions is never stale)."""
    return cast(T, cache.get_or_set(key, compute, timeout=timeout))


def on_change(models: Iterable[type[Any]], receiver: Callable[..., None], uid: str) -> None:
    """Call `receiver` when a row of one of `models` is saved or deleted."""
    for model in models:
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save-{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete-{model.__name__}")


def versions(names: list[str]) -> dict[str, int]:
    """The current versions of several families, in one round trip to the cache when all are known."""
    keys = {name: _KEY.format(name) for name in names}
    found = cache.get_many(list(keys.values()))
    return {name: int(found[key]) if key in found else version(name) for name, key in keys.items()}


# --- Values under versioned keys, kept in the process too ----------------------------------
# The shared cache pickles what it keeps; a dashboard reading 150 regions' figures spent more
# time unpickling their Decimals than adding them up. A key that names the versions of what
# it was computed from never holds another value, so each process may keep what it read or
# wrote in a bounded memo: a change bumps the version, and the next read asks for a new key.

LOCAL_ENTRIES = 10_000
_local: OrderedDict[str, Any] = OrderedDict()
_local_lock = threading.Lock()


def _remember(values: dict[str, Any]) -> None:
    with _local_lock:
        for key, value in values.items():
            _local[key] = value
            _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def get_many_versioned(keys: list[str]) -> dict[str, Any]:
    """The values of these versioned keys: from this process's memo, else from the shared cache."""
    with _local_lock:
        found = {key: _local[key] for key in keys if key in _local}
        for key in found:
            _local.move_to_end(key)
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        _remember(shared)
        found.update(shared)
    return found


def set_many_versioned(values: dict[str, Any], timeout: int) -> None:
    """Keep these values under their versioned keys, in the shared cache and in this process."""
    cache.set_many(values, timeout=timeout)
    _remember(values)


def forget_local() -> None:
    """Empty this process's memo (tests, after clearing the shared cache)."""
    with _local_lock:
        _local.clear()
