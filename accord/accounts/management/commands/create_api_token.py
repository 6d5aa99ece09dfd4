"""`manage.py create_api_token EMAIL`: issue an API token to an account and print it.

The documented way for scripts and operators on the server: the token is printed alone on
standard output (nothing else), so that `TOKEN=$(python manage.py create_api_token …)` works.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accord.accounts import services
from accord.accounts.models import User


class Command(BaseCommand):
    help = "Issue an API token to the account with this email and print it (shown once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")
        parser.add_argument("--reason", default="", help="Why the token is issued (kept in its history).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=User.objects.normalize_email(options["email"])).first()
        if user is None:
            raise CommandError(f"No account has the email address {options['email']!r}.")
        reason = options["reason"] or "manage.py create_api_token"
        try:
            token, key = services.create_api_token(user, actor=None, reason=reason)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(f"Expires {token.expiry:%Y-%m-%d %H:%M %Z}.")
        self.stdout.write(key)
