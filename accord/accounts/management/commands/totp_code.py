"""Print the current second-factor code of a demo account (`make run` without an authenticator app).

Only for the demo's devices, whose secret is published (accord.accounts.demo): the code of
a real account comes from its owner's app and nowhere else.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts import demo
from accord.accounts.models import User


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo account (demo devices only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email", help="The demo account's email address.")

    def handle(self, *args: Any, **options: Any) -> None:
        email = User.objects.normalize_email(options["email"])
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True, key=demo.demo_key()).first()
        if device is None:
            raise CommandError(
                f"{email} has no demo authenticator app: only the demo accounts' codes can be printed "
                "(load the demo with `make run`); a real account's code comes from its owner's app."
            )
        self.stdout.write(demo.current_code(device))
