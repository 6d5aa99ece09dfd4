"""Fixtures shared by every test: the cast of users (healthchecks-style) and their clients.

- ministry: ministry staff, whole program
- estrie: regional-office staff of region 05 (Estrie)
- privacy officer: reads every person's record and the access log (Law 25), changes nothing else
- outsider: signed in, no role
- anonymous: not signed in
"""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accord.accounts.tests.factories import UserFactory, grant
from accord.registry.tests.factories import RegionFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["accord.core.tests.browser", "accord.core.tests.celery_worker"]


@pytest.fixture
def estrie(db):
    return RegionFactory(code="05", name="Estrie")


@pytest.fixture
def monteregie(db):
    return RegionFactory(code="16", name="Montérégie")


@pytest.fixture
def ministry_user(db):
    user = UserFactory(email="ministry@example.org", first_name="Claire", last_name="Ministère")
    grant(user, "ministry")
    return user


@pytest.fixture
def estrie_user(estrie):
    user = UserFactory(email="estrie@example.org", first_name="Daniel", last_name="Estrie")
    grant(user, "regional_office", estrie)
    return user


@pytest.fixture
def privacy_officer(db):
    user = UserFactory(email="privacy@example.org", first_name="Camille", last_name="Confidentialité")
    grant(user, "privacy_officer")
    return user


@pytest.fixture
def privacy_client(privacy_officer):
    return _client_for(privacy_officer)


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.org")


def _client_for(user):
    """A client of its own per user, so one test can act as several people."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ministry_client(ministry_user):
    return _client_for(ministry_user)


@pytest.fixture
def estrie_client(estrie_user):
    return _client_for(estrie_user)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached public pages must not leak from one test to the next (each test has its own database)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_similarity_index():
    """Each test has its own database: the process's index of similar projects starts empty."""
    from accord.funding import selectors  # noqa: PLC0415

    selectors.reset_similarity_index()


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in French: a request in English must not leak into the next test's reverse()."""
    translation.activate("fr")
    yield
    translation.activate("fr")
