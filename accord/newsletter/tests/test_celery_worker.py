"""An issue really goes through Celery and Redis: sent by a worker thread, the deliveries marked sent
and the issue sent (skipped without Redis, unless ACCORD_REDIS_TEST_URL requires it)."""

from __future__ import annotations

import time

import pytest

from accord.core.tests.celery_worker import REDIS_GROUP
from accord.newsletter import selectors, services
from accord.newsletter.models import IssueStatus

from .conftest import confirmed, make_issue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def readers(cast, mailoutbox):
    """Confirmed before the worker starts (their confirmation emails are sent inline)."""
    return [confirmed(f"lecteur{n}@example.org", mailoutbox) for n in range(3)]


@pytest.mark.xdist_group(REDIS_GROUP)  # one Redis worker at a time: see the plugin
def test_an_issue_is_sent_by_a_real_worker(cast, stories, mailoutbox, readers, redis_worker):
    issue = make_issue(cast, stories)
    before = len(mailoutbox)
    assert services.send_issue(issue, actor=cast["ministry"]) == 3  # queued on Redis after the commit
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        issue.refresh_from_db()
        if issue.status == IssueStatus.SENT:
            break
        time.sleep(0.1)
    assert issue.status == IssueStatus.SENT
    assert selectors.progress(issue).sent == 3
    assert sorted(m.to[0] for m in mailoutbox[before:]) == [f"lecteur{n}@example.org" for n in range(3)]
