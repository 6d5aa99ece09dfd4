"""The token endpoint and API tokens: hashed, expiring, revocable, ended by a password change,
throttled per real client address."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accord.accounts import services

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
# Any endpoint that needs a signed-in caller: the back office's committees (403 when anonymous).
PROTECTED = "/api/v1/committees/"


@pytest.fixture
def api():
    return APIClient()


def call(api, token):
    return api.get(PROTECTED, HTTP_AUTHORIZATION=f"Token {token}")


def obtain(api, email="estrie@example.org", password=PASSWORD, **extra):
    return api.post(TOKEN_URL, {"email": email, "password": password}, format="json", **extra)


def test_the_endpoint_issues_a_working_token_stored_hashed(api, estrie_user):
    response = obtain(api)
    assert response.status_code == 200
    body = response.json()
    token = body["token"]
    stored = AuthToken.objects.get(user=estrie_user)
    assert token not in (stored.digest, stored.token_key)  # only a hash and a prefix are kept
    assert call(api, token).status_code == 200
    assert body["expiry"].startswith(stored.expiry.astimezone(timezone.get_current_timezone()).date().isoformat())


def test_a_token_expires_after_its_lifetime(api, estrie_user, settings):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _, token = services.create_api_token(estrie_user, actor=estrie_user)
        clock.shift(timedelta(days=29))
        assert call(api, token).status_code == 200
        clock.shift(timedelta(days=1, seconds=1))
        assert call(api, token).status_code == 401


def test_a_revoked_token_is_refused(api, estrie_user):
    instance, token = services.create_api_token(estrie_user, actor=estrie_user)
    assert call(api, token).status_code == 200
    services.revoke_api_token(instance, actor=estrie_user)
    assert call(api, token).status_code == 401
    record = AuthToken.history.filter(token_key=token[:15]).latest()
    assert record.history_type == "-" and record.history_user == estrie_user


def test_a_token_stops_working_after_a_password_change(api, estrie_user):
    _, token = services.create_api_token(estrie_user, actor=estrie_user)
    _, other = services.create_api_token(estrie_user, actor=estrie_user)
    assert call(api, token).status_code == 200
    estrie_user.set_password("un-tout-nouveau-mot-de-passe")
    estrie_user.save()
    assert call(api, token).status_code == 401
    assert call(api, other).status_code == 401
    assert not AuthToken.objects.filter(user=estrie_user).exists()


def test_a_password_hash_upgrade_at_sign_in_ends_nothing(api, estrie_user, settings):
    _, token = services.create_api_token(estrie_user, actor=estrie_user)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert estrie_user.check_password(PASSWORD)  # re-hashed with PBKDF2 and saved
    assert estrie_user.password.startswith("pbkdf2_")
    assert call(api, token).status_code == 200


def test_no_one_else_revokes_or_issues_a_users_tokens(estrie_user, ministry_user):
    instance, _ = services.create_api_token(estrie_user, actor=estrie_user)
    with pytest.raises(services.PermissionDenied):
        services.revoke_api_token(instance, actor=ministry_user)
    with pytest.raises(services.PermissionDenied):
        services.create_api_token(estrie_user, actor=ministry_user)
    assert AuthToken.objects.filter(user=estrie_user).count() == 1


def test_an_account_holds_a_bounded_number_of_live_tokens(estrie_user, settings):
    settings.ACCORD_API_TOKEN_LIMIT = 2
    with time_machine.travel(timezone.now(), tick=False) as clock:
        services.create_api_token(estrie_user, actor=estrie_user)
        services.create_api_token(estrie_user, actor=estrie_user)
        with pytest.raises(services.ValidationError, match="révoquez-en un"):
            services.create_api_token(estrie_user, actor=estrie_user)
        clock.shift(timedelta(days=31))  # expired tokens make room
        services.create_api_token(estrie_user, actor=estrie_user)
    assert AuthToken.objects.filter(user=estrie_user).count() == 1


def test_rotating_x_forwarded_for_does_not_bypass_the_token_throttle(api, estrie_user):
    # A new address each time, and a new email (so django-axes's lock-out does not answer first).
    answers = [
        obtain(api, email=f"guess{n}@example.org", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(12)
    ]
    assert answers[:10] == [400] * 10
    assert answers[10:] == [429, 429]


def test_the_throttle_counts_the_address_the_trusted_proxy_saw(api, estrie_user, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for n in range(10):
        forwarded = f"203.0.113.{n}, 198.51.100.1"  # the client writes the first, our proxy the last
        assert obtain(api, email=f"guess{n}@example.org", HTTP_X_FORWARDED_FOR=forwarded).status_code == 400
    # Another client behind the same proxy is not held back by the first one's attempts.
    assert obtain(api, email="guess@example.org", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 400
    assert obtain(api, email="guess@example.org", HTTP_X_FORWARDED_FOR="x, 198.51.100.1").status_code == 429


def test_an_account_with_a_second_factor_gets_no_token_for_a_password_alone(api, estrie_user, outsider, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.ACCORD_REQUIRE_SECOND_FACTOR = True
    refused = obtain(api)  # a regional office: the second factor is required
    assert refused.status_code == 403
    assert "create_api_token" in refused.json()["detail"]
    assert not AuthToken.objects.filter(user=estrie_user).exists()
    # Someone who chose to add one is protected the same way.
    settings.ACCORD_REQUIRE_SECOND_FACTOR = False
    TOTPDevice.objects.create(user=outsider, name="Téléphone", confirmed=True)
    assert obtain(api, email=outsider.email).status_code == 403
    assert obtain(api).status_code == 200  # the requirement off, the office has no device


def test_the_account_page_issues_a_token_only_to_a_session_that_passed_the_second_factor(client, outsider):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=outsider, name="Téléphone", confirmed=True)
    client.force_login(outsider)  # a session that never gave a code
    response = client.post("/compte/jetons/")
    assert response.status_code == 302
    assert not AuthToken.objects.filter(user=outsider).exists()
