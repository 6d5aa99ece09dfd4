"""Load the demonstration data of every app, safely re-runnable.

Each app may provide `accord.<app>.demo` with `ORDER` (int) and `load(*, stdout) -> list`
of demo accounts (label, email, password[, second factor]): the optional fourth item, printed
under the account, says how to give its second factor (the demo TOTP secret, see accounts.demo).
Apps are loaded in ORDER, so later contexts (governance, funding…) find the registry they build on.
Running it twice changes nothing.
`load_demo registry` loads only the named apps (their prerequisites must be loaded).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the demonstration data (fictional records are marked as demo)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("app_labels", nargs="*", help="Only these apps (default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        only = set(options["app_labels"])
        unknown = only - {config.label for config in apps.get_app_configs()}
        if unknown:
            raise CommandError(f"Unknown app: {', '.join(sorted(unknown))}")
        loaders = []
        for config in apps.get_app_configs():
            if not config.name.startswith("accord.") or (only and config.label not in only):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            if hasattr(module, "load"):
                loaders.append((getattr(module, "ORDER", 100), config.name, module))
        accounts: list[tuple[str, ...]] = []
        for _order, name, module in sorted(loaders, key=lambda item: item[:2]):
            self.stdout.write(f"Demo data: {name}")
            accounts.extend(module.load(stdout=self.stdout))
        if accounts:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS("Demo accounts (one per role):"))
            width = max(len(account[0]) for account in accounts)
            for label, email, password, *second_factor in accounts:
                self.stdout.write(f"  {label.ljust(width)}  {email}  /  {password}")
                if second_factor and second_factor[0]:
                    self.stdout.write(f"  {''.ljust(width)}  {second_factor[0]}")
            if any(len(account) > 3 and account[3] for account in accounts):
                self.stdout.write(
                    "Second factor (TOTP): add the secret above to an authenticator app, "
                    "or print the current code with `python manage.py totp_code EMAIL`."
                )
