"""Background work really goes through Celery and Redis when a broker is configured.

The embedded default runs tasks inline (see test_core); production queues them on Redis.
This test starts a Celery worker thread on a Redis broker and checks that a queued email
is sent by the worker. CI sets ACCORD_REDIS_TEST_URL, which makes Redis required.
"""

import time

import pytest

from accord.core.tests.celery_worker import REDIS_GROUP

# The `redis_worker` fixture is the plugin accord.core.tests.celery_worker (shared with the newsletter).


@pytest.mark.xdist_group(REDIS_GROUP)  # one Redis worker at a time: see the plugin
@pytest.mark.usefixtures("redis_worker")
def test_a_queued_email_is_sent_by_the_worker(mailoutbox):
    from accord.core.tasks import send_email

    result = send_email.delay(subject="Avis de convocation", body="Bonjour", to=["a@example.org"])
    assert result.id
    deadline = time.monotonic() + 10
    while not mailoutbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [m.subject for m in mailoutbox] == ["Avis de convocation"]
