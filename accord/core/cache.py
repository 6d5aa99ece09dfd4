"""Versioned caching of rendered fragments.

Public pages change rarely and are read often. Their expensive fragments are cached
under a key that includes a version number; any change to the data they show bumps the
version (signals, the one place where they belong: cache invalidation), so a stale
fragment is never served. If the cache loses the version, a new one is made and every
fragment is recomputed.
"""

from __future__ import annotations

import time

from django.core.cache import cache

_KEY = "accord:version:{}"


def version(name: str) -> int:
    """The current version of a family of cached fragments."""
    value = cache.get_or_set(_KEY.format(name), time.time_ns, timeout=None)
    return int(value) if value is not None else time.time_ns()


def bump(name: str) -> None:
    """Invalidate every fragment of the family."""
    cache.set(_KEY.format(name), time.time_ns(), timeout=None)


def versions(names: list[str]) -> dict[str, int]:
    """The current versions of several families, in one round trip to the cache when all are known."""
    keys = {name: _KEY.format(name) for name in names}
    found = cache.get_many(list(keys.values()))
    return {name: int(found[key]) if key in found else version(name) for name, key in keys.items()}
