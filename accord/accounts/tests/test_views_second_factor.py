"""Signing in with a second factor, adding and removing one, and what owing one closes."""

from __future__ import annotations

import datetime
import re
from base64 import b32decode

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import SecondFactorEvent, SecondFactorEventKind
from accord.accounts.selectors import account_history

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:second_factor")
ENROL = reverse("accounts:second_factor_enrol")
ACCOUNT = reverse("accounts:account")


@pytest.fixture(autouse=True)
def _required(settings):
    settings.ACCORD_REQUIRE_SECOND_FACTOR = True


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """What the device's authenticator app shows now (or `steps_ahead` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, steps_ahead)
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {code_for(device, steps_ahead=n) for n in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in right)


def device_of(user, **kwargs) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True, **kwargs)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def sign_in_with_password(client: Client, email: str, next_url: str = ""):
    data = {"username": email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


# --- Signing in ---------------------------------------------------------------------------------


def test_staff_with_a_device_give_its_code_before_they_are_signed_in(client, estrie_user):
    device = device_of(estrie_user)
    organisations = reverse("registry_bo:organisation_list")

    response = sign_in_with_password(client, "estrie@example.org", next_url=organisations)
    assert response.status_code == 302 and response["Location"] == CODE
    assert not signed_in(client), "a right password alone signs no one in"
    assert client.get(organisations).status_code == 302

    page = client.get(CODE)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()

    response = client.post(CODE, {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == organisations
    assert signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(organisations).status_code == 200


def test_staff_without_a_device_add_one_before_they_are_signed_in(client, estrie_user):
    response = sign_in_with_password(client, "estrie@example.org")
    assert response["Location"] == ENROL
    assert not signed_in(client)

    page = client.get(ENROL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'role="img"' in html
    secret = re.search(r'<code id="totp-secret" class="secret">([A-Z2-7 ]+)</code>', html).group(1)
    device = TOTPDevice.objects.get(user=estrie_user, confirmed=False)
    assert b32decode(secret.replace(" ", "")) == device.bin_key
    assert client.get(ENROL).content.decode().count(secret) == 1, "the same secret again on reload"

    refused = client.post(ENROL, {"code": wrong_code(device)})
    assert refused.status_code == 400
    assert not signed_in(client)
    assert not TOTPDevice.objects.filter(user=estrie_user, confirmed=True).exists()

    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait a second after a failure
    response = client.post(ENROL, {"code": code_for(device), "name": "Téléphone de Daniel"})
    assert response.status_code == 302 and response["Location"] == reverse("landing")
    assert signed_in(client) and client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    device.refresh_from_db()
    assert device.confirmed and device.name == "Téléphone de Daniel"
    event = SecondFactorEvent.objects.get(user=estrie_user)
    assert (event.kind, event.actor, event.device_name) == ("added", estrie_user, "Téléphone de Daniel")
    assert client.get(reverse("registry_bo:dashboard")).status_code == 200


def test_a_password_alone_never_adds_a_device_to_an_account_that_has_one(client, estrie_user):
    device_of(estrie_user)
    sign_in_with_password(client, "estrie@example.org")
    assert client.get(ENROL)["Location"] == CODE
    assert client.post(ENROL, {"code": "123456"})["Location"] == CODE
    assert TOTPDevice.objects.filter(user=estrie_user).count() == 1


def test_others_sign_in_with_their_password_unless_they_added_a_device(client, outsider):
    assert sign_in_with_password(client, "outsider@example.org")["Location"] == reverse("landing")
    assert signed_in(client)

    other = Client()
    device = device_of(outsider)
    assert sign_in_with_password(other, "outsider@example.org")["Location"] == CODE
    assert not signed_in(other)
    other.post(CODE, {"code": code_for(device)})
    assert signed_in(other)


def test_a_device_is_asked_for_even_when_the_requirement_is_off(client, estrie_user, settings):
    settings.ACCORD_REQUIRE_SECOND_FACTOR = False
    device_of(estrie_user)
    assert sign_in_with_password(client, "estrie@example.org")["Location"] == CODE
    assert not signed_in(client)


def test_a_wrong_code_is_refused_and_counted_as_a_failed_sign_in(client, estrie_user):
    device = device_of(estrie_user)
    sign_in_with_password(client, "estrie@example.org")

    response = client.post(CODE, {"code": wrong_code(device)})
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert not signed_in(client)
    assert AccessAttempt.objects.get(username="estrie@example.org").failures_since_start == 1
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_repeated_wrong_codes_lock_the_address_out_even_with_the_right_code(client, estrie_user, settings):
    device = device_of(estrie_user)
    sign_in_with_password(client, "estrie@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(CODE, {"code": wrong_code(device)}).status_code == 400
    assert client.post(CODE, {"code": wrong_code(device)}).status_code == 429

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post(CODE, {"code": code_for(device)}).status_code == 429
    assert not signed_in(client)
    # The lock-out holds for the password too: a new sign-in cannot reset the count.
    assert sign_in_with_password(Client(), "estrie@example.org").status_code == 429


def test_a_code_is_accepted_once(client, estrie_user):
    device = device_of(estrie_user)
    code = code_for(device)
    sign_in_with_password(client, "estrie@example.org")
    client.post(CODE, {"code": code})
    assert signed_in(client)

    other = Client()
    sign_in_with_password(other, "estrie@example.org")
    assert other.post(CODE, {"code": code}).status_code == 400
    assert not signed_in(other)


def test_the_code_page_forgets_a_password_typed_too_long_ago(client, estrie_user, settings):
    device = device_of(estrie_user)
    sign_in_with_password(client, "estrie@example.org")
    session = client.session
    since = timezone.now() - settings.ACCORD_SECOND_FACTOR_TIMEOUT - datetime.timedelta(seconds=1)
    session["accord_second_factor_pending"]["since"] = since.isoformat()
    session.save()
    assert client.post(CODE, {"code": code_for(device)})["Location"] == LOGIN
    assert not signed_in(client)


def test_the_code_and_enrolment_pages_send_strangers_to_sign_in(client):
    assert client.get(CODE)["Location"] == LOGIN
    assert client.post(ENROL, {"code": "123456"})["Location"] == LOGIN
    assert client.put(CODE).status_code == 405


# --- Owing a second factor while signed in ------------------------------------------------------


def test_a_signed_in_user_who_owes_a_second_factor_reaches_only_its_pages(estrie_client, estrie_user):
    dashboard = reverse("registry_bo:dashboard")
    response = estrie_client.get(dashboard)
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next={dashboard}"
    assert estrie_client.get("/api/v1/organisations/").status_code == 403

    device_of(estrie_user)
    assert estrie_client.get(dashboard)["Location"].startswith(CODE)
    assert estrie_client.get(CODE).status_code == 200
    assert estrie_client.post(reverse("accounts:logout")).status_code == 302


def test_a_signed_in_user_verifies_and_goes_on_to_the_page_asked_for(estrie_client, estrie_user):
    device = device_of(estrie_user)
    dashboard = reverse("registry_bo:dashboard")
    response = estrie_client.post(f"{CODE}?next={dashboard}", {"code": code_for(device)})
    assert response["Location"] == dashboard
    assert estrie_client.get(dashboard).status_code == 200


# --- /admin/ ------------------------------------------------------------------------------------


def test_the_admin_opens_only_to_a_verified_technical_administrator(client):
    admin_user = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    device = device_of(admin_user)
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(CODE)

    client.post(CODE, {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200


def test_the_admin_has_no_sign_in_form_of_its_own(client, settings):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_without_the_requirement_the_admin_still_opens_to_technical_administrators(client, settings):
    settings.ACCORD_REQUIRE_SECOND_FACTOR = False
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


# --- My account ---------------------------------------------------------------------------------


def test_the_account_page_offers_a_second_factor_to_everyone(outsider_client):
    page = outsider_client.get(ACCOUNT)
    assert page.status_code == 200
    assert ENROL in page.content.decode()
    assert outsider_client.get(ENROL).status_code == 200
    assert Client().get(ACCOUNT).status_code == 302


def test_removing_a_device_asks_for_the_password_again(outsider_client, outsider):
    device = device_of(outsider)
    remove = reverse("accounts:second_factor_remove", args=[device.pk])
    session = outsider_client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    assert outsider_client.post(remove, {"password": "wrong"}).status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    response = outsider_client.post(remove, {"password": PASSWORD})
    assert response["Location"] == ACCOUNT
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    event = SecondFactorEvent.objects.get(user=outsider)
    assert (event.kind, event.actor, event.device_name) == (SecondFactorEventKind.REMOVED, outsider, "Téléphone")
    assert next(entry.action_label for entry in account_history(outsider)) == SecondFactorEventKind.REMOVED.label


def test_no_one_removes_another_users_device(client, outsider):
    device = device_of(outsider)
    client.force_login(UserFactory())
    remove = reverse("accounts:second_factor_remove", args=[device.pk])
    assert client.get(remove).status_code == 404
    assert client.post(remove, {"password": PASSWORD}).status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_removing_the_last_device_of_an_account_that_requires_one_sends_to_enrolment(client, estrie_user):
    device = device_of(estrie_user)
    sign_in_with_password(client, "estrie@example.org")
    client.post(CODE, {"code": code_for(device)})
    client.post(reverse("accounts:second_factor_remove", args=[device.pk]), {"password": PASSWORD})
    assert client.get(reverse("registry_bo:dashboard"))["Location"].startswith(ENROL)
