"""The `redis_worker` fixture: a real Celery worker thread on a Redis broker, for the tests that check
that work really goes through the queue (a pytest plugin, named in accord/conftest.py, so any app's
tests may use it). CI sets ACCORD_REDIS_TEST_URL, which makes Redis required; elsewhere the tests
skip when Redis does not answer.

Every test using it must be in the xdist group `REDIS_GROUP` (`pytest.mark.xdist_group`): the workers
of two tests running at once in two processes consume the same queue on the same database, and one
takes the other's messages (its email then lands in the wrong process's outbox)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import kombu.pools
import pytest
import redis

from config.celery import app

REQUIRED_URL = os.environ.get("ACCORD_REDIS_TEST_URL")
URL = REQUIRED_URL or "redis://127.0.0.1:6379/15"
REDIS_GROUP = "redis-worker"


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_worker() -> Iterator[None]:
    if not _redis_available():
        if REQUIRED_URL:
            pytest.fail(f"Redis is required (ACCORD_REDIS_TEST_URL={REQUIRED_URL}) but does not answer.")
        pytest.skip(f"Redis is not running at {URL}; set ACCORD_REDIS_TEST_URL to require it.")
    from celery.contrib.testing.worker import start_worker

    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=URL, task_always_eager=False, result_backend=None)
    _drop_connection_pools()
    redis.Redis.from_url(URL).flushdb()
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=2):
            yield
    finally:
        app.conf.update(previous)
        _drop_connection_pools()


def _drop_connection_pools() -> None:
    """Forget connections opened with the previous broker, or messages would still go there."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
