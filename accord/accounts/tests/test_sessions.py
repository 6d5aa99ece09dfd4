"""Signed-in sessions end after an idle period and after an absolute lifetime."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

USERS = reverse("accounts_bo:user_list")


def sign_in(client):
    response = client.post(reverse("accounts:login"), {"username": "ministry@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_a_session_ends_after_the_idle_timeout(client, ministry_user, settings):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client)
        clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 60))
        assert client.get(USERS).status_code == 200
        clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 1))
        response = client.get(USERS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_activity_keeps_a_session_alive_until_its_absolute_lifetime(client, ministry_user, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client)
        step = timedelta(seconds=settings.SESSION_IDLE_TIMEOUT // 2)
        while timezone.now() + step < start + timedelta(seconds=settings.SESSION_COOKIE_AGE):
            clock.shift(step)
            assert client.get(USERS).status_code == 200, timezone.now() - start
        clock.shift(step + timedelta(seconds=1))
        response = client.get(USERS)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_absolute_lifetime_is_the_cookie_age(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60


def test_the_sign_in_page_says_the_session_has_ended(client, ministry_user, settings):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client)
        clock.shift(timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 1))
        response = client.get(USERS, follow=True)
    assert "Votre session a pris fin" in response.content.decode()


def test_session_cookies_are_secure_and_bounded(client, ministry_user):
    with override_settings(SESSION_COOKIE_SECURE=True, SECURE_SSL_REDIRECT=True):
        client.post("/compte/connexion/", {"username": ministry_user.email, "password": PASSWORD}, secure=True)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]
    assert int(cookie["max-age"]) == 12 * 3600
