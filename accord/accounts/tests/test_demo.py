"""The demo's second factors: a published secret, so `make run` needs no authenticator app."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts import demo
from accord.accounts.models import SecondFactorEvent
from accord.accounts.services import verify_second_factor

pytestmark = pytest.mark.django_db


def test_a_demo_staff_account_gets_one_device_with_the_published_secret(ministry_user, settings):
    settings.ACCORD_REQUIRE_SECOND_FACTOR = True
    note = demo.ensure_second_factor(ministry_user)
    assert demo.ensure_second_factor(ministry_user) == note, "safe to run again"

    device = TOTPDevice.objects.get(user=ministry_user)
    assert device.confirmed and demo.is_demo_device(device)
    assert note == f"TOTP {demo.DEMO_TOTP_SECRET} — {device.config_url}"
    assert note.split(" — ")[1].startswith("otpauth://totp/Accord%3Aministry%40example.org?secret=")
    assert SecondFactorEvent.objects.get(user=ministry_user).kind == "added"


def test_accounts_that_need_no_second_factor_get_none(ministry_user, outsider, settings):
    settings.ACCORD_REQUIRE_SECOND_FACTOR = True
    assert demo.ensure_second_factor(outsider) == ""
    settings.ACCORD_REQUIRE_SECOND_FACTOR = False
    assert demo.ensure_second_factor(ministry_user) == ""
    assert not TOTPDevice.objects.exists()


def test_totp_code_prints_the_current_code_of_a_demo_device_only(ministry_user, outsider, settings):
    settings.ACCORD_REQUIRE_SECOND_FACTOR = True
    demo.ensure_second_factor(ministry_user)
    TOTPDevice.objects.filter(user=ministry_user).update(last_t=-1)  # the code used to confirm it, forgotten
    out = StringIO()
    call_command("totp_code", "Ministry@Example.org", stdout=out)
    assert verify_second_factor(ministry_user, out.getvalue().strip()) is not None

    TOTPDevice.objects.create(user=outsider, confirmed=True)  # a real secret: its codes stay in its app
    with pytest.raises(CommandError, match="no demo authenticator app"):
        call_command("totp_code", "outsider@example.org")
