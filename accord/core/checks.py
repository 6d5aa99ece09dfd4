"""System checks of `manage.py check --deploy` beyond Django's own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, Tags.caches, deploy=True)
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Rate limits live in the cache: a cache per process lets each worker count on its own."""
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return [
            Warning(
                "The cache is kept per process: the API's throttles, the password-reset limits and "
                "the sessions' cache do not hold across workers.",
                hint="Set REDIS_URL (a Redis shared by every worker).",
                id="accord.W001",
            )
        ]
    return []
