"""Security keys (WebAuthn) and backup codes: added and removed by their owner, used at sign-in.

The keys' cryptography is django-otp-webauthn's and py_webauthn's (the browser test signs
in with Chromium's virtual key); these tests check our side: who may start each ceremony,
what a key counts for, failures counted as failed sign-ins, and the history.
"""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential

from accord.accounts import selectors, services
from accord.accounts.models import SecondFactorEvent, SecondFactorEventKind

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:second_factor")
ACCOUNT = reverse("accounts:account")
REGISTER_BEGIN = reverse("accounts:security_key_register_begin")
REGISTER_COMPLETE = reverse("accounts:security_key_register_complete")
SIGN_IN_BEGIN = reverse("accounts:security_key_sign_in_begin")
SIGN_IN_COMPLETE = reverse("accounts:security_key_sign_in_complete")
BACKUP_CODES = reverse("accounts:backup_codes_generate")


@pytest.fixture(autouse=True)
def _required(settings):
    settings.ACCORD_REQUIRE_SECOND_FACTOR = True


def key_of(user, name: str = "Clé bleue") -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user, name=name, confirmed=True, credential_id=f"cred-{user.pk}-{name}".encode(), public_key=b"k"
    )


def verified(client: Client, device) -> Client:
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def sign_in_with_password(client: Client, email: str):
    return client.post(LOGIN, {"username": email, "password": PASSWORD})


# --- Security keys ------------------------------------------------------------------------------


def test_a_security_key_is_a_second_factor_like_an_app(client, estrie_user):
    key_of(estrie_user)
    assert selectors.has_second_factor(estrie_user)
    response = sign_in_with_password(client, estrie_user.email)
    assert response["Location"] == CODE, "the key is asked for, not an enrolment"
    page = client.get(CODE).content.decode()
    assert 'id="passkey-verification-button"' in page
    assert 'id="otp_webauthn_config"' in page and "<script>" not in page.replace('<script id="otp_webauthn_config"', "")


def test_the_code_page_offers_no_key_to_whoever_has_none(client, estrie_user):
    TOTPDevice.objects.create(user=estrie_user, confirmed=True)
    sign_in_with_password(client, estrie_user.email)
    assert "passkey-verification-button" not in client.get(CODE).content.decode()


def test_a_key_sign_in_asks_only_for_the_keys_of_whoever_typed_the_password(client, estrie_user, outsider):
    mine, theirs = key_of(estrie_user), key_of(outsider)
    sign_in_with_password(client, estrie_user.email)
    response = client.post(SIGN_IN_BEGIN)
    assert response.status_code == 200
    allowed = {c["id"] for c in response.json()["allowCredentials"]}
    assert len(allowed) == 1
    assert mine.credential_id != theirs.credential_id


def test_no_key_sign_in_without_a_password_first(client, estrie_user):
    key_of(estrie_user)
    response = client.post(SIGN_IN_BEGIN)
    assert response.status_code == 403 and response.json()["code"] == "passwordless_login_disabled"


def test_a_refused_key_is_a_failed_sign_in(client, estrie_user):
    key_of(estrie_user)
    sign_in_with_password(client, estrie_user.email)
    client.post(SIGN_IN_BEGIN)
    response = client.post(SIGN_IN_COMPLETE, data=json.dumps({"id": "x"}), content_type="application/json")
    assert response.status_code >= 400
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=estrie_user.email).failures_since_start == 1


def test_a_locked_out_address_cannot_start_a_key_sign_in(client, estrie_user, settings):
    settings.AXES_FAILURE_LIMIT = 1
    key_of(estrie_user)
    sign_in_with_password(client, estrie_user.email)
    client.post(SIGN_IN_COMPLETE, data="{}", content_type="application/json")
    response = client.post(SIGN_IN_BEGIN)
    assert response.status_code == 403 and response.json()["code"] == "locked_out"


def test_registering_a_key_needs_a_signed_in_owner(client):
    response = client.post(REGISTER_BEGIN)
    assert response.status_code == 403 and response.json()["code"] == "not_authenticated"


def test_registering_a_key_gives_options_bound_to_the_site(outsider_client, settings):
    response = outsider_client.post(REGISTER_BEGIN)
    assert response.status_code == 200
    assert response.json()["rp"] == {"name": "Accord", "id": settings.OTP_WEBAUTHN_RP_ID}


def test_whoever_has_a_second_factor_gives_it_before_adding_a_key(outsider_client, outsider):
    device = TOTPDevice.objects.create(user=outsider, confirmed=True)
    response = outsider_client.post(REGISTER_BEGIN)
    assert response.status_code == 403 and response.json()["code"] == "user_not_verified"
    assert verified(outsider_client, device).post(REGISTER_BEGIN).status_code == 200


def test_a_registered_key_is_recorded_in_the_history(outsider_client, outsider, monkeypatch):
    def register_complete(helper, user, state, data):
        return key_of(user, name="")

    monkeypatch.setattr(WebAuthnHelper, "register_complete", register_complete)
    outsider_client.post(REGISTER_BEGIN)
    response = outsider_client.post(REGISTER_COMPLETE, data="{}", content_type="application/json")
    assert response.status_code == 200
    event = SecondFactorEvent.objects.get(user=outsider)
    assert (event.kind, event.actor) == (SecondFactorEventKind.ADDED, outsider)


def test_the_owner_names_a_key_and_no_one_else(outsider_client, outsider, client):
    key = key_of(outsider, name="")
    url = reverse("accounts:security_key_name", args=[key.pk])
    assert client.get(url).status_code == 302  # anonymous: sign in first
    response = outsider_client.post(url, {"name": "Clé bleue"})
    assert response.status_code == 302 and response["Location"] == ACCOUNT
    key.refresh_from_db()
    assert key.name == "Clé bleue"
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.post(url, {"name": "Volée"}).status_code == 404
    assert outsider_client.put(url).status_code == 405


def test_removing_a_key_asks_for_the_password_and_takes_the_backup_codes_with_the_last_device(
    outsider_client, outsider
):
    key = key_of(outsider)
    verified(outsider_client, key)
    services.generate_backup_codes(outsider, actor=outsider)
    url = reverse("accounts:security_key_remove", args=[key.pk])
    assert outsider_client.post(url, {"password": "wrong"}).status_code == 400
    response = outsider_client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(user=outsider).exists()
    assert not StaticDevice.objects.filter(user=outsider).exists(), "backup codes never stand alone"
    assert SecondFactorEvent.objects.filter(user=outsider, kind=SecondFactorEventKind.REMOVED).count() == 1


def test_no_one_removes_another_users_key(outsider_client, estrie_user):
    key = key_of(estrie_user)
    assert outsider_client.get(reverse("accounts:security_key_remove", args=[key.pk])).status_code == 404


# --- Backup codes -------------------------------------------------------------------------------


def test_ten_backup_codes_are_shown_once_and_replace_the_old_ones(outsider_client, outsider):
    device = TOTPDevice.objects.create(user=outsider, confirmed=True)
    verified(outsider_client, device)
    first = services.generate_backup_codes(outsider, actor=outsider)
    response = outsider_client.post(BACKUP_CODES)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert page.count("<li><code>") == 10
    assert StaticToken.objects.filter(device__user=outsider).count() == 10
    assert not StaticToken.objects.filter(token__in=first).exists(), "regenerating cancels the old codes"
    assert "<li><code>" not in outsider_client.get(ACCOUNT).content.decode()
    kinds = list(SecondFactorEvent.objects.filter(user=outsider).values_list("kind", flat=True))
    assert kinds == [SecondFactorEventKind.BACKUP_CODES] * 2


def test_backup_codes_need_a_verified_session(outsider_client, outsider):
    TOTPDevice.objects.create(user=outsider, confirmed=True)
    response = outsider_client.post(BACKUP_CODES)
    assert response.status_code == 302
    assert not StaticToken.objects.exists()


def test_backup_codes_need_an_app_or_a_key(outsider):
    with pytest.raises(services.ValidationError):
        services.generate_backup_codes(outsider, actor=outsider)


def test_no_one_generates_backup_codes_for_another(outsider, estrie_user):
    TOTPDevice.objects.create(user=outsider, confirmed=True)
    with pytest.raises(services.PermissionDenied):
        services.generate_backup_codes(outsider, actor=estrie_user)


def test_backup_codes_page_refuses_get(outsider_client):
    assert outsider_client.get(BACKUP_CODES).status_code == 405


def test_a_backup_code_signs_in_once_and_its_use_is_recorded(client, estrie_user):
    TOTPDevice.objects.create(user=estrie_user, confirmed=True)
    code = services.generate_backup_codes(estrie_user, actor=estrie_user)[0]

    sign_in_with_password(client, estrie_user.email)
    response = client.post(CODE, {"code": f"{code[:4].upper()} {code[4:]}"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert StaticToken.objects.filter(device__user=estrie_user).count() == 9
    used = SecondFactorEvent.objects.get(user=estrie_user, kind=SecondFactorEventKind.BACKUP_CODE_USED)
    assert used.actor == estrie_user

    again = Client()
    sign_in_with_password(again, estrie_user.email)
    StaticDevice.objects.filter(user=estrie_user).update(throttling_failure_count=0)
    assert again.post(CODE, {"code": code}).status_code == 400, "each backup code works once"


def test_the_keys_refusals_and_script_messages_are_in_the_users_language(client):
    response = client.post(SIGN_IN_BEGIN)
    assert response.json()["detail"] == "Saisissez d'abord votre adresse courriel et votre mot de passe."
    catalogue = client.get(reverse("accounts:security_key_messages")).content.decode()
    assert "Ajout interrompu" in catalogue  # non-ASCII letters are escaped in the script
    english = client.post("/en" + SIGN_IN_BEGIN)
    assert english.json()["detail"] == "Type your email address and password first."
