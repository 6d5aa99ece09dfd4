"""The newsletter's cast: communication's (a niche of Estrie with its coordinator, Estrie's and
Montérégie's offices, the ministry, a stranger), published stories, and subscribers brought to their
state through the services."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import TestCase

from accord.communication.tests.conftest import make_news, make_story, published
from accord.newsletter import services
from accord.planning.tests.conftest import cast  # noqa: F401  the plans' cast, reused
from accord.registry.models import Region

CONFIRM = re.compile(r"/bulletin/confirmer/([^/\s]+)/")


def token_from(mail: Any) -> str:
    """The confirmation token in the last confirmation email."""
    return CONFIRM.search(mail.body).group(1)


def subscribe(email: str, mailoutbox: list[Any], **data: Any) -> Any:
    values = {"language": "fr", "source": "web:/bulletin/", **data}
    with TestCase.captureOnCommitCallbacks(execute=True):  # the email is queued after the commit
        subscriber = services.subscribe(email=email, **values)
    return subscriber, token_from(mailoutbox[-1]) if mailoutbox and CONFIRM.search(mailoutbox[-1].body) else ""


def confirmed(email: str, mailoutbox: list[Any], **data: Any) -> Any:
    subscriber, token = subscribe(email, mailoutbox, **data)
    services.confirm_subscription(token, source="web:confirm")
    subscriber.refresh_from_db()
    return subscriber


@pytest.fixture
def stories(cast: dict[str, Any]) -> list[Any]:  # noqa: F811
    """Two published publications: a story of the niche (Estrie) and news."""
    return [
        published(cast, make_story(cast), days_ago=2),
        published(cast, make_news(cast, title_fr="Assemblée annuelle", title_en="Annual meeting"), days_ago=1),
    ]


def estrie() -> Region:
    return Region.objects.get(code="05")


def monteregie() -> Region:
    return Region.objects.get(code="16")


def make_issue(cast: dict[str, Any], stories: list[Any], actor: Any = None, **data: Any) -> Any:  # noqa: F811
    values = {
        "title_fr": "Bulletin de décembre",
        "title_en": "December newsletter",
        "intro_fr": "Les nouvelles du mois.",
        "intro_en": "This month's news.",
        "publications": stories,
        "creneaux": [],
        "regions": [],
        "themes": [],
        "language": "",
        **data,
    }
    return services.create_issue(actor=actor or cast["ministry"], data=values)


def send(issue: Any, actor: Any) -> int:
    """Send through the service, the task running inline after the commit (the embedded default)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.send_issue(issue, actor=actor)
