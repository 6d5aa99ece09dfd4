"""Counting uses in the shared cache: rate limits that hold across workers (Redis in production).

`client_address` is the address the rate limits and throttles count: REMOTE_ADDR, or, behind
`PROXY_COUNT` trusted reverse proxies, the address the outermost of them saw (the same rule as
DRF's NUM_PROXIES). Whatever a client writes in X-Forwarded-For before that is ignored.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address as our own infrastructure saw it."""
    count = settings.PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-min(count, len(forwarded))]
    return str(request.META.get("REMOTE_ADDR", ""))


def allow(bucket: str, key: str, *, limit: int, period: int) -> bool:
    """Count one use of `key` in `bucket`; False once more than `limit` in a window of `period` seconds.

    The window starts at the first use (a fixed window, as the cache's timeout): simple, and
    enough to stop a loop. The key is hashed, so no email address is written to the cache.
    """
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"accord:ratelimit:{bucket}:{digest}"
    cache.add(cache_key, 0, period)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, period)
        used = 1
    return used <= limit
