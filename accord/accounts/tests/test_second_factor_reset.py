"""Resetting someone's second factor: who may, what it takes away, and what it leaves on record."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from knox.models import AuthToken

from accord.accounts import policies, services
from accord.accounts.models import SecondFactorEvent, SecondFactorEventKind
from accord.accounts.selectors import account_history

from .factories import UserFactory, grant

pytestmark = pytest.mark.django_db

REASON = "Téléphone perdu; identité vérifiée par téléphone"


def reset_url(user) -> str:
    return reverse("accounts_bo:second_factor_reset", args=[user.pk])


@pytest.fixture
def technical_admin(db):
    return UserFactory(email="tech@example.org", is_staff=True)


@pytest.fixture
def colleague(db):
    user = UserFactory(email="colleague@example.org")
    grant(user, "ministry")
    return user


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def equip(user) -> None:
    """An app, a key and backup codes."""
    TOTPDevice.objects.create(user=user, confirmed=True, name="Téléphone")
    WebAuthnCredential.objects.create(user=user, confirmed=True, credential_id=b"c", public_key=b"k")
    services.generate_backup_codes(user, actor=user)


# --- Policy ------------------------------------------------------------------------------------


def test_the_ministry_resets_regional_offices_and_colleagues(ministry_user, estrie_user, colleague):
    assert policies.can_reset_second_factor(ministry_user, estrie_user)
    assert policies.can_reset_second_factor(ministry_user, colleague)
    assert set(policies.second_factor_resettable_users(ministry_user)) == {estrie_user, colleague}


def test_the_ministry_does_not_reset_technical_admins_outsiders_or_itself(ministry_user, technical_admin, outsider):
    assert not policies.can_reset_second_factor(ministry_user, technical_admin)
    assert not policies.can_reset_second_factor(ministry_user, outsider)
    assert not policies.can_reset_second_factor(ministry_user, ministry_user)


def test_the_technical_admin_resets_anyone_but_themselves(technical_admin, ministry_user, outsider):
    assert policies.can_reset_second_factor(technical_admin, ministry_user)
    assert policies.can_reset_second_factor(technical_admin, outsider)
    assert not policies.can_reset_second_factor(technical_admin, technical_admin)


def test_regional_offices_and_others_reset_no_one(estrie_user, outsider, ministry_user):
    for actor in (estrie_user, outsider):
        assert not policies.can_reset_second_factor(actor, ministry_user)
        assert not policies.second_factor_resettable_users(actor).exists()


# --- Service -----------------------------------------------------------------------------------


def test_a_reset_takes_every_device_session_and_token_and_says_why(
    ministry_user, estrie_user, settings, django_capture_on_commit_callbacks
):
    settings.ACCORD_REQUIRE_SECOND_FACTOR = False  # the owner's session below signs in without a code
    estrie_user.preferred_language = "en"
    estrie_user.save()
    equip(estrie_user)
    services.create_api_token(estrie_user, actor=None)
    owner = client_of(estrie_user)
    other = client_of(ministry_user)

    with pytest.raises(ValidationError):
        services.reset_second_factor(estrie_user, actor=ministry_user, reason="  ")
    assert TOTPDevice.objects.filter(user=estrie_user).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        removed = services.reset_second_factor(estrie_user, actor=ministry_user, reason=REASON)
    assert removed == 3
    for model in (TOTPDevice, WebAuthnCredential, StaticDevice):
        assert not model.objects.filter(user=estrie_user).exists()
    assert not AuthToken.objects.filter(user=estrie_user).exists()
    assert owner.get(reverse("accounts:account")).status_code == 302, "the owner's sessions ended"
    assert other.get(reverse("accounts:account")).status_code == 200, "no one else's"
    event = SecondFactorEvent.objects.get(user=estrie_user, kind=SecondFactorEventKind.RESET)
    assert (event.actor, event.reason) == (ministry_user, REASON)
    entry = next(e for e in account_history(estrie_user) if e.action == SecondFactorEventKind.RESET)
    assert entry.reason == REASON and entry.who == ministry_user
    (message,) = mail.outbox
    assert message.to == [estrie_user.email]
    assert message.subject == "Your Accord second factor was reset"
    assert REASON in message.body


def test_the_reset_email_is_in_french_for_french_speakers(
    ministry_user, estrie_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reset_second_factor(estrie_user, actor=ministry_user, reason=REASON)
    assert mail.outbox[0].subject == "Votre deuxième facteur Accord a été réinitialisé"


def test_the_service_refuses_whoever_may_not(ministry_user, technical_admin, estrie_user):
    with pytest.raises(PermissionDenied):
        services.reset_second_factor(technical_admin, actor=ministry_user, reason=REASON)
    with pytest.raises(PermissionDenied):
        services.reset_second_factor(ministry_user, actor=estrie_user, reason=REASON)
    with pytest.raises(PermissionDenied):
        services.reset_second_factor(ministry_user, actor=ministry_user, reason=REASON)
    assert not SecondFactorEvent.objects.exists()


# --- Page --------------------------------------------------------------------------------------


def test_the_ministry_resets_from_the_users_page(ministry_client, estrie_user):
    equip(estrie_user)
    detail = ministry_client.get(reverse("accounts_bo:user_detail", args=[estrie_user.pk])).content.decode()
    assert reset_url(estrie_user) in detail
    assert ministry_client.get(reset_url(estrie_user)).status_code == 200
    response = ministry_client.post(reset_url(estrie_user), {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts_bo:user_detail", args=[estrie_user.pk])
    assert not TOTPDevice.objects.filter(user=estrie_user).exists()


def test_the_technical_admin_resets_without_a_back_office_role(technical_admin, ministry_user):
    equip(ministry_user)
    response = client_of(technical_admin).post(reset_url(ministry_user), {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:accounts_user_change", args=[ministry_user.pk])
    assert not TOTPDevice.objects.filter(user=ministry_user).exists()


def test_a_reset_without_a_reason_is_refused(ministry_client, estrie_user):
    equip(estrie_user)
    assert ministry_client.post(reset_url(estrie_user), {"reason": ""}).status_code == 400
    assert TOTPDevice.objects.filter(user=estrie_user).exists()


def test_strangers_are_sent_to_sign_in(client, estrie_user):
    response = client.get(reset_url(estrie_user))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_regional_offices_and_outsiders_are_refused(estrie_client, outsider_client, ministry_user):
    assert estrie_client.post(reset_url(ministry_user), {"reason": REASON}).status_code == 403
    assert outsider_client.post(reset_url(ministry_user), {"reason": REASON}).status_code == 403


def test_accounts_out_of_the_ministrys_reach_are_not_found(ministry_client, ministry_user, technical_admin, outsider):
    for user in (technical_admin, outsider, ministry_user):
        assert ministry_client.post(reset_url(user), {"reason": REASON}).status_code == 404
    assert not SecondFactorEvent.objects.exists()


def test_the_reset_page_refuses_other_methods(ministry_client, estrie_user):
    assert ministry_client.put(reset_url(estrie_user)).status_code == 405
