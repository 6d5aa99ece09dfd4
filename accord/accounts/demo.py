"""The demo's second factors: `make run` stays usable without an authenticator app at hand.

Not a loader of its own (no `load`): the apps that create demo staff accounts (registry,
funding) call `ensure_second_factor(user)` and print what it returns beside the password.
Every demo account that requires a second factor gets a confirmed authenticator app with
the same published secret, `DEMO_TOTP_SECRET`: add it once to an app, or print the current
code with `python manage.py totp_code EMAIL` (demo devices only) or `oathtool --totp -b SECRET`.
A published secret protects nothing: it exists only in the demo data.
"""

from __future__ import annotations

from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import policies, services
from .models import User

# Base32, 20 bytes: the size of the secrets django-otp generates.
DEMO_TOTP_SECRET = "ACCORDDEMOTOTPSECRETKEYFORSTAFF2"  # noqa: S105  published on purpose: demo accounts only
DEMO_DEVICE_NAME = "Démo"


def demo_key() -> str:
    """The demo secret as django-otp stores keys (hexadecimal)."""
    return b32decode(DEMO_TOTP_SECRET).hex()


def is_demo_device(device: TOTPDevice) -> bool:
    return device.key == demo_key()


def current_code(device: TOTPDevice) -> str:
    """The code the device's authenticator app shows now (six digits)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def ensure_second_factor(user: User) -> str:
    """Give a demo account that requires a second factor its demo authenticator app (once).

    Returns what the demo prints beside the password: the secret and the `otpauth://`
    address (the QR code's content), or "" when the account needs no second factor.
    """
    if not policies.requires_second_factor(user):
        return ""
    device = TOTPDevice.objects.filter(user=user, key=demo_key(), confirmed=True).first()
    if device is None:
        # Confirmed through the service, with the code an app would show: the account's
        # history records the addition as for anyone.
        device = TOTPDevice.objects.create(user=user, key=demo_key(), confirmed=False)
        services.confirm_totp_device(device, actor=user, code=current_code(device), name=DEMO_DEVICE_NAME)
    return f"TOTP {DEMO_TOTP_SECRET} — {device.config_url}"
